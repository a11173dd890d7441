//! The app's end-to-end tests, and the sandbox they (and the demo's
//! screenshots) run in.
//!
//! The suite is the `e2e` test of the `kindred-app` crate (tests/e2e/). It
//! needs a display, WebKitWebDriver and a Secret Service; here it gets
//! Xvfb, a private D-Bus session with gnome-keyring-daemon, and temp XDG
//! dirs, so nothing touches the user's desktop, keychain or home. It runs
//! inside a network namespace that has only loopback, so every flow also
//! shows the app needs no network at all.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::Value;

use crate::setup::{self, ensure_tool, Need};
use crate::util::{cargo, have, is_root, root, run_status, scratch_dir, weak_kdf, Result};

/// The virtual screen the app runs on when there is no display.
const SCREEN: &str = "-screen 0 1280x800x24";

/// The axe-core release the accessibility audit runs (from npm).
const AXE_VERSION: &str = "4.14.1";

/// Runs the UI unit tests, the app's end-to-end suite (without a network)
/// and the packaging check. Part of `cargo xtask test`.
///
/// `KINDRED_E2E_FILTER=name` runs only the end-to-end tests whose name
/// contains `name` (names start with their module, e.g. `backups::`) and skips packaging, for working on one flow. (An
/// environment variable rather than an argument: `cargo xtask test` calls
/// this too, and takes no test names.)
pub fn e2e() -> Result {
    let filter = std::env::var("KINDRED_E2E_FILTER")
        .ok()
        .filter(|f| !f.is_empty());
    crate::test::ui_unit_tests()?;

    println!("xtask: building the app for the end-to-end tests");
    let tests = build_e2e()?;
    let scratch = scratch_dir("e2e")?;
    let mut cmd = Command::new(&tests);
    weak_kdf(&mut cmd).arg("--test-threads=1");
    // axe-core for the accessibility audit: the tests inject it into the
    // window over WebDriver; the app never carries it.
    let axe = setup::npm_file(
        &format!("axe-core-{AXE_VERSION}"),
        &[&format!("axe-core@{AXE_VERSION}")],
        Path::new("axe-core/axe.min.js"),
    )?;
    cmd.env("KINDRED_AXE_JS", axe);
    if let Some(f) = &filter {
        println!("xtask: only end-to-end tests matching {f:?} (KINDRED_E2E_FILTER)");
        cmd.arg(f);
    }

    let no_net = network_namespace_possible()?;
    if no_net {
        println!(
            "xtask: end-to-end tests in the real window, in a network namespace with only loopback"
        );
    } else {
        println!(
            "xtask: NOTE: this machine lets no unprivileged user make a network namespace \
             (`unshare --user --net` failed), so the end-to-end tests run with the network \
             as it is and do not show the app needs none; as root (or in CI) they always do"
        );
        println!("xtask: end-to-end tests in the real window");
    }
    // A launch whose first page never came, or a flow that never ended, is
    // made once more and noted here (tests/e2e/util.rs); said after the
    // run, whatever its result.
    let hangs = crate::util::target_dir().join("e2e-logs").join("hangs.txt");
    let _ = std::fs::remove_file(&hangs);
    let ran = run_status(&mut headless(&cmd, &scratch, no_net)?);
    if let Ok(text) = std::fs::read_to_string(&hangs) {
        println!(
            "xtask: NOTE: {} hang(s) in the window's suite (a launch with no first page within 60 s, \
             or a flow with no end within its limit; each made once more, at most):\n{text}",
            text.lines().count()
        );
    }
    ran?;
    let _ = std::fs::remove_dir_all(&scratch);

    if filter.is_some() {
        println!("xtask: packaging skipped (KINDRED_E2E_FILTER is set)");
        return Ok(());
    }
    println!("xtask: packaging (debug build) and checking the .deb");
    crate::package::package(&["--debug".into()])
}

/// Whether the suite can run in a network namespace here: always as root
/// (and CI runs as root, where failing to make one is an error); as
/// another user only if the system allows unprivileged user namespaces
/// (Ubuntu's AppArmor policy, for one, may not).
fn network_namespace_possible() -> Result<bool> {
    ensure_tool("unshare", "util-linux")?;
    if is_root() || std::env::var_os("CI").is_some() {
        return Ok(true);
    }
    Ok(Command::new("unshare")
        .args(["--user", "--map-root-user", "--net", "true"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success()))
}

/// Builds the end-to-end test binary (and the app it drives) without
/// running it; returns the test executable.
pub fn build_e2e() -> Result<PathBuf> {
    build_e2e_as(false)
}

/// [`build_e2e`] in the release profile: the app the suite drives is then
/// the release app (with the `e2e` feature), for `cargo xtask bench --app`.
pub fn build_e2e_release() -> Result<PathBuf> {
    build_e2e_as(true)
}

fn build_e2e_as(release: bool) -> Result<PathBuf> {
    setup::ensure(Need::Test)?;
    let mut cmd = cargo();
    cmd.args(["test"]);
    if release {
        cmd.arg("--release");
    }
    let out = cmd
        .args([
            "--package",
            "kindred-app",
            "--features",
            "e2e",
            "--test",
            "e2e",
            "--no-run",
            "--message-format=json-render-diagnostics",
        ])
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| format!("could not start cargo: {e}"))?;
    if !out.status.success() {
        return Err("building the end-to-end tests failed".into());
    }
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .find_map(e2e_executable)
        .ok_or_else(|| "cargo did not report the e2e test executable".into())
}

/// The executable in one line of cargo's JSON messages, if that line is
/// the artifact of the `e2e` test.
fn e2e_executable(line: &str) -> Option<PathBuf> {
    let message: Value = serde_json::from_str(line).ok()?;
    if message["reason"] != "compiler-artifact" || message["target"]["name"] != "e2e" {
        return None;
    }
    message["executable"].as_str().map(PathBuf::from)
}

/// Wraps `inner` to run on a virtual display, in a private D-Bus session
/// with an unlocked gnome-keyring, with its own XDG data and runtime dirs
/// under `scratch`; with `no_net`, also in a network namespace that has
/// only loopback.
pub fn headless(inner: &Command, scratch: &Path, no_net: bool) -> Result<Command> {
    for tool in [
        "xvfb-run",
        "dbus-run-session",
        "gnome-keyring-daemon",
        "WebKitWebDriver",
    ] {
        if !have(tool) {
            return Err(format!(
                "{tool} is missing; `cargo xtask setup` installs it"
            ));
        }
    }
    let data = scratch.join("data");
    let runtime = scratch.join("runtime");
    std::fs::create_dir_all(&data).map_err(|e| format!("{}: {e}", data.display()))?;
    std::fs::create_dir_all(&runtime).map_err(|e| format!("{}: {e}", runtime.display()))?;
    set_mode_700(&runtime)?;

    // The keyring's password is only for this throwaway keyring.
    let session = "printf %s kindred-e2e | gnome-keyring-daemon --unlock --components=secrets \
                   >/dev/null && exec \"$@\"";
    let mut args: Vec<String> = Vec::new();
    if no_net {
        ensure_tool("ip", "iproute2")?;
        if is_root() {
            args.extend(["unshare", "--net", "--"].map(String::from));
        } else {
            args.extend(["unshare", "--user", "--map-root-user", "--net", "--"].map(String::from));
        }
        // Loopback up; fail if anything but loopback is there.
        args.extend(
            [
                "bash",
                "-c",
                "ip link set lo up && test \"$(ip -o link show | wc -l)\" = 1 && exec \"$@\"",
                "bash",
            ]
            .map(String::from),
        );
    }
    args.extend(
        [
            "xvfb-run",
            "-a",
            "-s",
            SCREEN,
            "dbus-run-session",
            "--",
            "bash",
            "-c",
            session,
            "bash",
        ]
        .map(String::from),
    );
    args.push(inner.get_program().to_string_lossy().into_owned());
    args.extend(inner.get_args().map(|a| a.to_string_lossy().into_owned()));

    let mut cmd = Command::new(&args[0]);
    cmd.args(&args[1..])
        .current_dir(root())
        .env("XDG_DATA_HOME", &data)
        .env("XDG_RUNTIME_DIR", &runtime)
        .env_remove("DBUS_SESSION_BUS_ADDRESS")
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY");
    for (k, v) in inner.get_envs() {
        match v {
            Some(v) => cmd.env(k, v),
            None => cmd.env_remove(k),
        };
    }
    Ok(cmd)
}

fn set_mode_700(dir: &Path) -> Result {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))
        .map_err(|e| format!("{}: {e}", dir.display()))
}

/// `cargo xtask soak [--saves N]`: the soak flow alone (N autosaves through
/// the real window, default 10,000), in the same headless sandbox, printing
/// its figures. `cargo xtask test` runs it with 60 saves.
pub fn soak(args: &[String]) -> Result {
    let saves = match args.iter().position(|a| a == "--saves") {
        Some(i) => args
            .get(i + 1)
            .and_then(|n| n.parse::<usize>().ok())
            .filter(|&n| n > 0)
            .ok_or("--saves takes a positive number")?,
        None => 10_000,
    };
    let tests = build_e2e()?;
    let scratch = scratch_dir("soak")?;
    let mut cmd = Command::new(&tests);
    weak_kdf(&mut cmd)
        .args(["--test-threads=1", "--nocapture", "soak::"])
        .env("KINDRED_SOAK_SAVES", saves.to_string());
    println!("xtask: soak, {saves} autosaves through the real window");
    run_status(&mut headless(&cmd, &scratch, false)?)?;
    let _ = std::fs::remove_dir_all(&scratch);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_e2e_executable_is_read_from_cargo_messages() {
        let line = r#"{"reason":"compiler-artifact","target":{"name":"e2e"},"executable":"/t/debug/deps/e2e-1a2b","fresh":true}"#;
        assert_eq!(
            e2e_executable(line),
            Some(PathBuf::from("/t/debug/deps/e2e-1a2b"))
        );
        let escaped =
            r#"{"reason":"compiler-artifact","target":{"name":"e2e"},"executable":"a\\b\"c"}"#;
        assert_eq!(e2e_executable(escaped), Some(PathBuf::from("a\\b\"c")));
        // Not an executable, another target, another message, not JSON.
        let no_exe = r#"{"reason":"compiler-artifact","target":{"name":"e2e"},"executable":null}"#;
        assert_eq!(e2e_executable(no_exe), None);
        let other =
            r#"{"reason":"compiler-artifact","target":{"name":"cli"},"executable":"/t/cli"}"#;
        assert_eq!(e2e_executable(other), None);
        let message = r#"{"reason":"build-finished","success":true}"#;
        assert_eq!(e2e_executable(message), None);
        assert_eq!(e2e_executable("   Compiling e2e"), None);
    }
}
