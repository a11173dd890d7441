//! `cargo xtask run` without arguments: the desktop app on the user's own
//! vault, and the build of the app binary that the demo shares.

use std::path::PathBuf;
use std::process::Command;

use crate::setup::{self, Need};
use crate::util::{cargo, run_status, target_dir, Result};

/// Builds and opens the app on the default vault (the platform data dir,
/// or `KINDRED_VAULT`).
pub fn open() -> Result {
    if !has_display() {
        return Err(
            "there is no display here (DISPLAY and WAYLAND_DISPLAY are unset), so the \
                    app cannot open a window. To see it working on this machine, run \
                    `cargo xtask demo --screenshots DIR`: it runs a demo vault on a virtual \
                    display and saves pictures of the main screens in DIR."
                .into(),
        );
    }
    let exe = build_app()?;
    run_status(&mut Command::new(exe))
}

/// Whether a graphical session is there to open a window on.
pub fn has_display() -> bool {
    ["DISPLAY", "WAYLAND_DISPLAY"]
        .iter()
        .any(|v| std::env::var_os(v).is_some_and(|d| !d.is_empty()))
}

/// Builds the app binary (debug) and returns its path.
pub fn build_app() -> Result<PathBuf> {
    setup::ensure(Need::Build)?;
    run_status(cargo().args(["build", "--package", "kindred-app", "--bin", "kindred-app"]))?;
    Ok(target_dir().join("debug").join("kindred-app"))
}
