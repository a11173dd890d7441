//! `cargo xtask package`: .deb and .rpm packages with the Tauri bundler,
//! and a look inside the .deb. Both packages carry the whole product: the
//! app, the `kindred` command the README uses for cron backups, imports
//! and exports, its man page, and bash, zsh and fish completions.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::setup::{self, Need};
use crate::util::{cargo, root, run_status, scratch_dir, target_dir, Result};

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

/// The .deb and .rpm files the last bundling in this profile made.
pub fn built(debug: bool) -> Vec<PathBuf> {
    let dir = target_dir()
        .join(if debug { "debug" } else { "release" })
        .join("bundle");
    let mut all = files_with_ext(&dir.join("deb"), "deb");
    all.extend(files_with_ext(&dir.join("rpm"), "rpm"));
    all
}

/// Runs the Tauri bundler (npm's CLI, installed under target/) and returns
/// the .deb files it made.
fn bundle(debug: bool) -> Result<Vec<PathBuf>> {
    setup::ensure(Need::Build)?;
    let tauri = setup::npm_tool("tauri-cli", &[TAURI_CLI], "tauri")?;
    let profile = if debug { "debug" } else { "release" };
    let bundle_dir = target_dir().join(profile).join("bundle");
    let _ = std::fs::remove_dir_all(&bundle_dir);
    build_both(debug)?;
    let files = cli_files(debug)?;
    // The CLI looks for the app in a folder holding tauri.conf.json:
    // src-tauri has relative links to the root config and the UI.
    let mut cmd = Command::new(&tauri);
    cmd.args(["bundle", "--bundles", "deb,rpm", "--ci", "--config", &files])
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
    for rpm in &rpms {
        check_rpm(rpm)?;
    }
    Ok(debs)
}

/// Where each of the command line's files goes in a package.
const CLI_FILES: &[(&str, &str)] = &[
    ("/usr/bin/kindred", "kindred"),
    ("/usr/share/man/man1/kindred.1.gz", "kindred.1.gz"),
    (
        "/usr/share/bash-completion/completions/kindred",
        "kindred.bash",
    ),
    ("/usr/share/zsh/vendor-completions/_kindred", "_kindred"),
    (
        "/usr/share/fish/vendor_completions.d/kindred.fish",
        "kindred.fish",
    ),
];

/// Builds the app (as `tauri build` would: Tauri's `custom-protocol`, the
/// pages inside the binary) and `kindred` in the package's profile, in one
/// cargo run: built apart, their shared crates were compiled twice, with
/// different features (4.6 min of a debug packaging run's build); the
/// bundler then packs what was built (`tauri bundle`).
fn build_both(debug: bool) -> Result {
    let mut build = cargo();
    build.args(["build", "-p", "kindred-cli", "-p", "kindred-app"]);
    build.args(["--features", "tauri/custom-protocol"]);
    if !debug {
        build.arg("--release");
    }
    run_status(&mut build)
}

/// Writes the man page and completions (`kindred generate`) beside a copy
/// of the built `kindred`, and returns the bundler configuration that maps
/// them into both packages.
fn cli_files(debug: bool) -> Result<String> {
    let bin = target_dir()
        .join(if debug { "debug" } else { "release" })
        .join("kindred");
    let dir = target_dir().join("package-cli");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let generated = |what: &str| -> Result<Vec<u8>> {
        let out = Command::new(&bin)
            .args(["generate", what])
            .output()
            .map_err(|e| format!("{}: {e}", bin.display()))?;
        if !out.status.success() || out.stdout.is_empty() {
            return Err(format!("kindred generate {what} failed"));
        }
        Ok(out.stdout)
    };
    let write = |name: &str, bytes: &[u8]| -> Result {
        std::fs::write(dir.join(name), bytes).map_err(|e| format!("{name}: {e}"))
    };
    write("kindred.bash", &generated("bash")?)?;
    write("_kindred", &generated("zsh")?)?;
    write("kindred.fish", &generated("fish")?)?;
    write("kindred.1", &generated("man")?)?;
    // Man pages are installed compressed; -n leaves out the time, so the
    // same page makes the same file.
    run_status(
        Command::new("gzip")
            .args(["-9nf"])
            .arg(dir.join("kindred.1")),
    )?;
    std::fs::copy(&bin, dir.join("kindred")).map_err(|e| format!("copy kindred: {e}"))?;
    let map: serde_json::Map<String, serde_json::Value> = CLI_FILES
        .iter()
        .map(|(to, from)| {
            (
                (*to).to_owned(),
                dir.join(from).display().to_string().into(),
            )
        })
        .collect();
    let files = serde_json::Value::Object(map);
    Ok(serde_json::json!({
        "bundle": { "linux": {
            "deb": { "files": files.clone() },
            "rpm": { "files": files },
        } }
    })
    .to_string())
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

/// The .rpm lists the command line's files: their names are in its
/// header, which is not compressed (there is no `rpm` here to ask).
fn check_rpm(rpm: &Path) -> Result {
    let bytes = std::fs::read(rpm).map_err(|e| format!("{}: {e}", rpm.display()))?;
    let head = &bytes[..bytes.len().min(256 * 1024)];
    let has = |name: &str| head.windows(name.len()).any(|w| w == name.as_bytes());
    let missing: Vec<&str> = [
        "kindred.1.gz",
        "_kindred",
        "kindred.fish",
        "/usr/share/bash-completion/completions/",
    ]
    .into_iter()
    .filter(|n| !has(n))
    .collect();
    if missing.is_empty() {
        Ok(())
    } else {
        Err(format!("{} lacks {}", rpm.display(), missing.join(", ")))
    }
}

/// The app as the package installs it answers `--version` (without a
/// display, as a package manager's scripts would run it).
fn check_app(root: &Path) -> Result {
    let out = Command::new(root.join("usr/bin/kindred-app"))
        .arg("--version")
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .output()
        .map_err(|e| format!("the packaged kindred-app: {e}"))?;
    let version = String::from_utf8_lossy(&out.stdout);
    if !out.status.success()
        || version.trim() != format!("kindred-app {}", env!("CARGO_PKG_VERSION"))
    {
        return Err(format!(
            "the packaged kindred-app --version said {version:?}{}",
            if version.contains("development build") {
                ": a build without Tauri's custom-protocol, whose pages would not load"
            } else {
                ""
            }
        ));
    }
    Ok(())
}

/// The command line as the package installs it: `kindred --version` runs,
/// and `man -l` reads its page.
fn check_cli(root: &Path) -> Result {
    let out = Command::new(root.join("usr/bin/kindred"))
        .arg("--version")
        .output()
        .map_err(|e| format!("the packaged kindred: {e}"))?;
    let version = String::from_utf8_lossy(&out.stdout);
    if !out.status.success() || version.trim() != format!("kindred {}", env!("CARGO_PKG_VERSION")) {
        return Err(format!("the packaged kindred --version said {version:?}"));
    }
    let out = Command::new("man")
        .arg("-l")
        .arg(root.join("usr/share/man/man1/kindred.1.gz"))
        .env("MANPAGER", "cat")
        .env("MANWIDTH", "80")
        .output()
        .map_err(|e| format!("man (apt package man-db): {e}"))?;
    let page = String::from_utf8_lossy(&out.stdout);
    if !out.status.success() || !page.contains("kindred") || !page.contains("--vault") {
        return Err(format!("man -l on the packaged page showed {page:?}"));
    }
    for (file, says) in [
        ("usr/share/bash-completion/completions/kindred", "complete"),
        (
            "usr/share/zsh/vendor-completions/_kindred",
            "#compdef kindred",
        ),
        (
            "usr/share/fish/vendor_completions.d/kindred.fish",
            "complete -c kindred",
        ),
    ] {
        let text = std::fs::read_to_string(root.join(file)).map_err(|e| format!("{file}: {e}"))?;
        if !text.contains(says) {
            return Err(format!("{file} does not look like completions"));
        }
    }
    Ok(())
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
    let cli = CLI_FILES.iter().map(|(to, _)| to.trim_start_matches('/'));
    for want in [
        "usr/bin/kindred-app",
        "usr/share/applications/Kindred.desktop",
        "usr/share/icons/hicolor/128x128/apps/kindred-app.png",
    ]
    .into_iter()
    .chain(cli)
    {
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
    let installed = check_cli(&scratch).and_then(|()| check_app(&scratch));
    let _ = std::fs::remove_dir_all(&scratch);
    installed?;
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
