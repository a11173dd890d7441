//! Installs what the build and the tests need: system packages from apt
//! (only what is missing; `apt-get update` runs once, first), and the few
//! command-line tools that come from npm, under target/.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::util::{have, is_root, run_status, target_dir, Result};

/// What the caller is about to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    /// Build the CLI and the app.
    Build,
    /// Build and run every test.
    Test,
    /// Run the benchmark (tests' packages plus Python for jrnl).
    Bench,
    /// Build AFL++ and the instrumented fuzz harness (no window, no tests).
    Fuzz,
}

/// Debian packages for building: SQLCipher links the system libcrypto; the
/// desktop shell needs WebKitGTK and friends.
const BUILD: &[&str] = &[
    "build-essential",
    "pkg-config",
    "libssl-dev",
    "libwebkit2gtk-4.1-dev",
    "libgtk-3-dev",
    "librsvg2-dev",
    "libsoup-3.0-dev",
    // Spell check's dictionaries (WebKit finds them through Enchant).
    "hunspell-en-us",
    // The tray icon's StatusNotifierItem library, loaded when the app
    // starts (without it the app runs with no tray).
    "libayatana-appindicator3-1",
];

/// Debian packages for the tests: a private D-Bus session with GNOME
/// Keyring for the real Secret Service tests; a virtual display and
/// WebKitWebDriver for the end-to-end tests, xclip to put a picture
/// on their clipboard and xdotool to move the window; Node.js for the UI unit tests.
const TEST: &[&str] = &[
    "dbus",
    "dbus-user-session",
    "gnome-keyring",
    "libsecret-tools",
    "xvfb",
    "xauth",
    "webkit2gtk-driver",
    "xclip",
    "xdotool",
];

/// Programs the tests need, with the Debian package that provides each:
/// installed only when the program is missing (a machine may already have
/// Node.js and npm from elsewhere, which Debian's packages conflict with).
/// Node.js runs the UI unit tests and TypeScript's checker; `ip` sets up
/// the no-network e2e run; npm fetches the Tauri bundler for the packaging
/// check, and TypeScript for the lint; `man` reads the packaged man page.
const TEST_PROGRAMS: &[(&str, &str)] = &[
    ("node", "nodejs"),
    ("npm", "npm"),
    ("ip", "iproute2"),
    ("man", "man-db"),
];

/// Debian packages for fuzzing: a C toolchain and make to build AFL++
/// (cargo-afl compiles it), and what SQLCipher needs in the harness.
const FUZZ: &[&str] = &["build-essential", "pkg-config", "libssl-dev"];

/// Debian packages for the benchmark: Python to install jrnl in a venv.
const BENCH: &[&str] = &["python3", "python3-venv"];

/// Makes sure the packages for `need` are installed.
pub fn ensure(need: Need) -> Result {
    let mut wanted: Vec<&str> = if need == Need::Fuzz {
        FUZZ.to_vec()
    } else {
        BUILD.to_vec()
    };
    if matches!(need, Need::Test | Need::Bench) {
        wanted.extend_from_slice(TEST);
    }
    if need == Need::Bench {
        wanted.extend_from_slice(BENCH);
    }
    let mut missing: Vec<&str> = wanted.into_iter().filter(|p| !installed(p)).collect();
    if matches!(need, Need::Test | Need::Bench) {
        missing.extend(
            TEST_PROGRAMS
                .iter()
                .filter(|(program, _)| !have(program))
                .map(|(_, package)| *package),
        );
    }
    if missing.is_empty() {
        return Ok(());
    }
    if !have("apt-get") {
        return Err(format!(
            "these packages are missing and there is no apt-get to install them: {}",
            missing.join(" ")
        ));
    }
    println!("xtask: installing {}", missing.join(" "));
    apt(&["update", "-q"])?;
    let mut args = vec!["install", "-y", "-q", "--no-install-recommends"];
    args.extend(missing.iter().copied());
    apt(&args)
}

fn installed(package: &str) -> bool {
    Command::new("dpkg-query")
        .args(["-W", "-f=${Status}", package])
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).contains("install ok installed"))
        .unwrap_or(false)
}

fn apt(args: &[&str]) -> Result {
    let mut cmd = if is_root() {
        Command::new("apt-get")
    } else if have("sudo") {
        let mut c = Command::new("sudo");
        c.arg("apt-get");
        c
    } else {
        return Err("installing packages needs root or sudo".into());
    };
    cmd.args(args).env("DEBIAN_FRONTEND", "noninteractive");
    run_status(&mut cmd)
}

/// Installs Debian's `package` when `program` is missing: tools only the
/// app's tests, the lint and packaging need (`ip` from iproute2 for the
/// no-network run, `npm` for the tools below).
pub fn ensure_tool(program: &str, package: &str) -> Result {
    if have(program) {
        return Ok(());
    }
    let apt = |args: &[&str]| -> Result {
        let mut cmd = if is_root() {
            Command::new("apt-get")
        } else if have("sudo") {
            let mut c = Command::new("sudo");
            c.arg("apt-get");
            c
        } else {
            return Err(format!(
                "`{program}` is missing; install the Debian package {package}"
            ));
        };
        run_status(cmd.args(args).env("DEBIAN_FRONTEND", "noninteractive"))
    };
    println!("xtask: installing {package}");
    let install = ["install", "-y", "-q", "--no-install-recommends", package];
    // A machine whose package lists were never fetched needs an update first.
    apt(&install).or_else(|_| apt(&["update", "-q"]).and_then(|()| apt(&install)))
}

/// A command-line tool from npm (`packages`, as `name@version`), installed
/// once into `target/<dir>`; returns the path of its program `bin`.
pub fn npm_tool(dir: &str, packages: &[&str], bin: &str) -> Result<PathBuf> {
    npm_file(dir, packages, &Path::new(".bin").join(bin))
}

/// A file of packages from npm, installed once into `target/<dir>`:
/// returns the path of `file` under its `node_modules`.
pub fn npm_file(dir: &str, packages: &[&str], file: &Path) -> Result<PathBuf> {
    let prefix = target_dir().join(dir);
    let program = prefix.join("node_modules").join(file);
    if program.exists() {
        return Ok(program);
    }
    ensure_tool("npm", "npm")?;
    println!(
        "xtask: installing {} under {}",
        packages.join(" "),
        prefix.display()
    );
    std::fs::create_dir_all(&prefix).map_err(|e| format!("{}: {e}", prefix.display()))?;
    run_status(
        Command::new("npm")
            .args([
                "install",
                "--no-audit",
                "--no-fund",
                "--loglevel=error",
                "--prefix",
            ])
            .arg(&prefix)
            .args(packages)
            .envs(npm_env()),
    )?;
    if program.exists() {
        Ok(program)
    } else {
        Err(format!(
            "npm installed {} but there is no {}",
            packages.join(" "),
            program.display()
        ))
    }
}

/// The environment for npm, and for tools that run npm themselves (the
/// Tauri CLI does): its cache and logs under target/, not in the user's
/// home, and no update check.
pub fn npm_env() -> [(&'static str, PathBuf); 2] {
    [
        ("npm_config_cache", target_dir().join("npm-cache")),
        ("npm_config_update_notifier", PathBuf::from("false")),
    ]
}
