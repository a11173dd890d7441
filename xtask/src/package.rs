//! `cargo xtask package`: .deb and .rpm packages with the Tauri bundler,
//! and a look inside the .deb.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::setup::{self, Need};
use crate::util::{root, run_status, scratch_dir, target_dir, Result};

/// The Tauri CLI used for bundling: npm's build ships its own binary.
const TAURI_CLI: &str = "@tauri-apps/cli@2";

/// `cargo xtask package [--debug]`: a release build (`--debug` reuses the
/// debug build, as the test run does), bundled, then checked.
pub fn package(args: &[String]) -> Result {
    let debug = match args {
        [] => false,
        [flag] if flag == "--debug" => true,
        _ => return Err("usage: cargo xtask package [--debug]".into()),
    };
    let debs = bundle(debug)?;
    for deb in &debs {
        check_deb(deb)?;
        println!("xtask: {} looks right", deb.display());
    }
    Ok(())
}

/// Runs the Tauri bundler (npm's CLI, installed under target/) and returns
/// the .deb files it made.
fn bundle(debug: bool) -> Result<Vec<PathBuf>> {
    setup::ensure(Need::Build)?;
    let tauri = setup::npm_tool("tauri-cli", &[TAURI_CLI], "tauri")?;
    let profile = if debug { "debug" } else { "release" };
    let bundle_dir = target_dir().join(profile).join("bundle");
    let _ = std::fs::remove_dir_all(&bundle_dir);
    // The CLI looks for the app in a folder holding tauri.conf.json:
    // src-tauri has relative links to the root config and the UI.
    let mut cmd = Command::new(&tauri);
    cmd.args(["build", "--bundles", "deb,rpm", "--ci"])
        .env("TAURI_APP_PATH", "src-tauri")
        .envs(setup::npm_env())
        .current_dir(root());
    if debug {
        cmd.arg("--debug");
    }
    run_status(&mut cmd)?;
    let debs = files_with_ext(&bundle_dir.join("deb"), "deb");
    let rpms = files_with_ext(&bundle_dir.join("rpm"), "rpm");
    if debs.is_empty() || rpms.is_empty() {
        return Err(format!(
            "the bundler made no .deb or no .rpm under {}",
            bundle_dir.display()
        ));
    }
    for p in debs.iter().chain(&rpms) {
        println!("xtask: built {}", p.display());
    }
    Ok(debs)
}

fn files_with_ext(dir: &Path, ext: &str) -> Vec<PathBuf> {
    std::fs::read_dir(dir)
        .map(|d| {
            d.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == ext))
                .collect()
        })
        .unwrap_or_default()
}

/// Looks inside a .deb: the binary, the desktop entry, the icon, and the
/// control fields a package manager needs.
fn check_deb(deb: &Path) -> Result {
    let read = |flag: &str| -> Result<String> {
        let out = Command::new("dpkg-deb")
            .arg(flag)
            .arg(deb)
            .output()
            .map_err(|e| format!("dpkg-deb: {e}"))?;
        if !out.status.success() {
            return Err(format!("dpkg-deb {flag} {} failed", deb.display()));
        }
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    };
    let contents = read("-c")?;
    let info = read("-I")?;
    let mut missing = Vec::new();
    for want in [
        "usr/bin/kindred-app",
        "usr/share/applications/Kindred.desktop",
        "usr/share/icons/hicolor/128x128/apps/kindred-app.png",
    ] {
        if !contents.lines().any(|l| l.ends_with(want)) {
            missing.push(want.to_owned());
        }
    }
    for want in [
        "Package: kindred",
        "Version: 0.1.0",
        "Depends:",
        "libwebkit2gtk-4.1-0",
        "Description:",
    ] {
        if !info.contains(want) {
            missing.push(format!("control field {want}"));
        }
    }
    if !missing.is_empty() {
        return Err(format!("{} lacks: {}", deb.display(), missing.join(", ")));
    }
    // The desktop entry starts the binary and names the icon.
    let scratch = scratch_dir("deb")?;
    run_status(Command::new("dpkg-deb").arg("-x").arg(deb).arg(&scratch))?;
    let entry = std::fs::read_to_string(scratch.join("usr/share/applications/Kindred.desktop"))
        .map_err(|e| format!("desktop entry: {e}"))?;
    let _ = std::fs::remove_dir_all(&scratch);
    for want in [
        "Exec=kindred-app",
        "Icon=kindred-app",
        "Name=Kindred",
        "Type=Application",
    ] {
        if !entry.lines().any(|l| l.trim() == want) {
            return Err(format!("the desktop entry lacks {want}:\n{entry}"));
        }
    }
    Ok(())
}
