//! The desktop app: demo, packaging and the end-to-end tests.

use crate::util::Result;

/// `cargo xtask demo [--screenshots DIR]`.
pub fn demo(_args: &[String]) -> Result {
    Err("demo: the desktop app is not built yet".into())
}

/// `cargo xtask package`.
pub fn package(_args: &[String]) -> Result {
    Err("package: the desktop app is not built yet".into())
}

/// Runs the WebDriver end-to-end suite (part of `cargo xtask test`).
pub fn e2e() -> Result {
    Ok(())
}
