//! `cargo xtask bench`: release build, a synthetic vault of 10k and 100k
//! entries, and figures printed from one run (encrypted vs plain SQLite,
//! Kindred vs jrnl 4.6). Numbers only; nothing is asserted.

use std::path::Path;
use std::process::Command;

use crate::setup;
use crate::util::{cargo, root, run_status, Result};

/// jrnl version compared against, from PyPI.
const JRNL: &str = "jrnl==4.6";

pub fn bench(args: &[String]) -> Result {
    setup::ensure(setup::Need::Bench)?;
    run_status(cargo().args([
        "build",
        "--release",
        "-p",
        "kindred-cli",
        "--bin",
        "kindred",
    ]))?;
    run_status(cargo().args([
        "build",
        "--release",
        "-p",
        "kindred-core",
        "--example",
        "bench",
    ]))?;

    let target = root().join("target");
    let work = target.join("bench");
    let _ = std::fs::remove_dir_all(&work);
    for d in ["home", "data", "run"] {
        std::fs::create_dir_all(work.join(d)).map_err(|e| format!("{}: {e}", work.display()))?;
    }
    set_mode_700(&work.join("run"))?;

    let venv = target.join("bench-tools").join("jrnl-venv");
    let jrnl = venv.join("bin").join("jrnl");
    if !jrnl.exists() {
        println!("xtask: installing {JRNL} into {}", venv.display());
        run_status(Command::new("python3").args(["-m", "venv"]).arg(&venv))?;
        run_status(Command::new(venv.join("bin").join("pip")).args(["install", "-q", JRNL]))?;
    }

    let sizes = args
        .iter()
        .position(|a| a == "--sizes")
        .and_then(|i| args.get(i + 1))
        .cloned()
        .unwrap_or_else(|| "10000,100000".into());
    // `--only import,jrnl`: the figures at each size (saves, search) and
    // only these of the optional sections (cache, trust, import, jrnl,
    // attachments); `--only
    // none` for none of them.
    let only = args
        .iter()
        .position(|a| a == "--only")
        .and_then(|i| args.get(i + 1))
        .cloned();
    let bin = target.join("release").join("examples").join("bench");
    // A private session bus with an unlocked GNOME Keyring: the CLI rows run
    // the way they do on a device that remembers the vault.
    let mut cmd = Command::new("dbus-run-session");
    cmd.args([
        "--",
        "bash",
        "-c",
        "printf %s bench | gnome-keyring-daemon --unlock --components=secrets >/dev/null && exec \"$0\"",
    ])
    .arg(&bin)
    .env_clear()
    .env("PATH", std::env::var_os("PATH").unwrap_or_default())
    .env("HOME", work.join("home"))
    .env("XDG_DATA_HOME", work.join("data"))
    .env("XDG_RUNTIME_DIR", work.join("run"))
    .env("BENCH_DIR", work.join("scratch"))
    .env("BENCH_SIZES", sizes)
    .env("KINDRED_BIN", target.join("release").join("kindred"))
    .env("JRNL_BIN", &jrnl)
    .current_dir(root());
    if let Some(only) = only {
        cmd.env("BENCH_ONLY", only);
    }
    // `--attach-mb N`: the photos of the attachments section (default 2048).
    if let Some(mb) = args
        .iter()
        .position(|a| a == "--attach-mb")
        .and_then(|i| args.get(i + 1))
    {
        cmd.env("BENCH_ATTACH_MB", mb);
    }
    let out = cmd
        .output()
        .map_err(|e| format!("could not start the benchmark: {e}"))?;
    let text = String::from_utf8_lossy(&out.stdout);
    print!("{text}");
    if !out.status.success() {
        return Err(format!(
            "the benchmark failed: {}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    let report = work.join("results.md");
    std::fs::write(&report, text.as_bytes()).map_err(|e| e.to_string())?;
    println!("\nxtask: saved to {}", report.display());
    Ok(())
}

fn set_mode_700(p: &Path) -> Result {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(p, std::fs::Permissions::from_mode(0o700))
            .map_err(|e| format!("{}: {e}", p.display()))?;
    }
    Ok(())
}
