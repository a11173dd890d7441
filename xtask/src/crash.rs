//! `cargo xtask crash [--trials N]`: the kill -9 series of the command
//! line's write paths (tests/cli/kill.rs and crash.rs) and of autosave in
//! the app (tests/e2e/kill.rs) with N trials each (default 50), printing
//! each path's figures. `cargo xtask test` runs the
//! same tests as a smoke, with a few trials each.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use crate::util::{cargo, scratch_dir, weak_kdf, Result};

/// Trials per write path unless `--trials` says otherwise.
const TRIALS: usize = 50;

pub fn crash(args: &[String]) -> Result {
    let trials = match args.iter().position(|a| a == "--trials") {
        Some(i) => args
            .get(i + 1)
            .and_then(|n| n.parse::<usize>().ok())
            .filter(|&n| n > 0)
            .ok_or("--trials takes a positive number")?,
        None => TRIALS,
    };
    println!("xtask: kill -9 series, {trials} trials per write path");
    let t0 = std::time::Instant::now();
    let mut figures = Vec::new();
    let mut cli = cargo();
    cli.args(["test", "-p", "kindred-cli", "--test", "cli", "--"])
        .args(["kill::", "crash::kill_9", "--nocapture", "--test-threads=2"])
        .env("KINDRED_CRASH_TRIALS", trials.to_string())
        .env("KINDRED_REKEY_TRIALS", trials.to_string());
    let cli_ok = run_collecting(&mut cli, &mut figures)?;
    // Autosave through the app: the real window, in the e2e sandbox.
    let tests = crate::e2e::build_e2e()?;
    let scratch = scratch_dir("crash")?;
    let mut inner = Command::new(&tests);
    weak_kdf(&mut inner)
        .args(["--test-threads=1", "--nocapture", "kill::"])
        .env("KINDRED_CRASH_TRIALS", trials.to_string());
    let app_ok = run_collecting(
        &mut crate::e2e::headless(&inner, &scratch, false)?,
        &mut figures,
    )?;
    let _ = std::fs::remove_dir_all(&scratch);
    figures.sort();
    println!("\nkill -9 series ({:.0?} in all):", t0.elapsed());
    for f in &figures {
        println!("  {f}");
    }
    if cli_ok && app_ok {
        Ok(())
    } else {
        Err("a kill -9 trial failed; its seed is printed above".into())
    }
}

/// Runs `cmd`, echoing its output and keeping its `kill-series:` lines;
/// returns whether it succeeded.
fn run_collecting(cmd: &mut Command, figures: &mut Vec<String>) -> Result<bool> {
    let mut child = cmd
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("could not start {:?}: {e}", cmd.get_program()))?;
    if let Some(out) = child.stdout.take() {
        for line in BufReader::new(out).lines().map_while(|l| l.ok()) {
            println!("{line}");
            if let Some(f) = line.strip_prefix("kill-series: ") {
                figures.push(f.to_owned());
            }
        }
    }
    let status = child
        .wait()
        .map_err(|e| format!("{:?} did not finish: {e}", cmd.get_program()))?;
    Ok(status.success())
}
