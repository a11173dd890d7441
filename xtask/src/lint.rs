//! `cargo xtask lint`: what CI holds the code to, and what `cargo xtask
//! test` checks first — rustfmt, clippy with warnings as errors (every
//! crate and target, every feature, so the app's e2e suite is linted too),
//! and TypeScript's checker over the UI's JSDoc types.

use std::process::Command;

use crate::setup::{self, ensure_tool, Need};
use crate::util::{cargo, root, run_status, Result};

/// The TypeScript checker, pinned so every machine reports the same
/// problems: 5.9 is the last compiler written in TypeScript, whose JSDoc
/// checking the UI's `checkJs` relies on (7.0 is the rewrite in Go).
const TYPESCRIPT_VERSION: &str = "5.9.3";

/// The UI's type-check configuration (checkJs, strict), relative to the
/// workspace root.
const JSCONFIG: &str = "ui/jsconfig.json";

/// One check: what it runs, as shown, and the function that runs it.
type Check = (&'static str, fn() -> Result);

/// Runs every check, even after one fails, so one run shows every
/// problem; fails if any did.
pub fn lint(args: &[String]) -> Result {
    if !args.is_empty() {
        return Err("usage: cargo xtask lint".into());
    }
    // clippy builds the desktop shell: WebKitGTK's headers and friends.
    setup::ensure(Need::Build)?;
    let checks: [Check; 4] = [
        ("cargo fmt --all --check", fmt),
        (
            "cargo clippy --workspace --all-targets --all-features -- -D warnings",
            clippy,
        ),
        ("tsc -p ui/jsconfig.json --noEmit", tsc),
        ("one D-Bus stack in the app (cargo tree)", one_dbus_stack),
    ];
    let mut failed = Vec::new();
    for (name, check) in checks {
        println!("xtask: lint: {name}");
        if let Err(e) = check() {
            eprintln!("xtask: lint: {e}");
            failed.push(name);
        }
    }
    if failed.is_empty() {
        println!("xtask: lint passed");
        Ok(())
    } else {
        Err(format!("lint failed: {}", failed.join("; ")))
    }
}

fn fmt() -> Result {
    run_status(cargo().args(["fmt", "--all", "--check"]))
        .map_err(|_| "rustfmt would change the files above; `cargo fmt --all` does it".into())
}

fn clippy() -> Result {
    run_status(cargo().args([
        "clippy",
        "--workspace",
        "--all-targets",
        "--all-features",
        "--",
        "-D",
        "warnings",
    ]))
}

/// The app links one zbus: the keychain, single-instance, the screen-lock
/// signals and the notification plugin share it. notify-rust 4.19 (under
/// tauri-plugin-notification) moved to zbus 6, a second stack of ~0.5 MB
/// in the binary; Cargo.lock keeps notify-rust at 4.18, which uses zbus 5.
/// An update that brings the second stack back fails here.
fn one_dbus_stack() -> Result {
    let out = cargo()
        .args([
            "tree",
            "--locked",
            "-p",
            "kindred-app",
            "-e",
            "normal",
            "--target",
            "x86_64-unknown-linux-gnu",
            "--prefix",
            "none",
            "-i",
            "zbus",
        ])
        .output()
        .map_err(|e| format!("cargo tree: {e}"))?;
    if !out.status.success() {
        // `-i` with a name two versions share asks which one is meant.
        return Err(format!(
            "more than one zbus in the app: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    Ok(())
}

/// `tsc -p ui/jsconfig.json --noEmit`, with the pinned TypeScript
/// installed under target/.
fn tsc() -> Result {
    let config = root().join(JSCONFIG);
    if !config.is_file() {
        return Err(format!(
            "{JSCONFIG} is missing, so the UI's types cannot be checked: it is the \
             TypeScript configuration (checkJs, strict) that says which files to check"
        ));
    }
    ensure_tool("node", "nodejs")?;
    let tsc = setup::npm_tool(
        &format!("typescript-{TYPESCRIPT_VERSION}"),
        &[&format!("typescript@{TYPESCRIPT_VERSION}")],
        "tsc",
    )?;
    run_status(
        Command::new(tsc)
            .args(["-p", JSCONFIG, "--noEmit"])
            .current_dir(root()),
    )
}
