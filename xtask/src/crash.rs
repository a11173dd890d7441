//! `cargo xtask crash [--trials N]`: the kill -9 series of the command
//! line's write paths (tests/cli/kill.rs and crash.rs) with N trials each
//! (default 50), printing each path's figures. `cargo xtask test` runs the
//! same tests as a smoke, with a few trials each.

use std::io::{BufRead, BufReader};
use std::process::Stdio;

use crate::util::{cargo, Result};

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
    let mut child = cargo()
        .args(["test", "-p", "kindred-cli", "--test", "cli", "--"])
        .args(["kill::", "crash::kill_9", "--nocapture", "--test-threads=2"])
        .env("KINDRED_CRASH_TRIALS", trials.to_string())
        .env("KINDRED_REKEY_TRIALS", trials.to_string())
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("could not start cargo test: {e}"))?;
    let mut figures = Vec::new();
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
        .map_err(|e| format!("cargo test did not finish: {e}"))?;
    figures.sort();
    println!("\nkill -9 series ({:.0?} in all):", t0.elapsed());
    for f in &figures {
        println!("  {f}");
    }
    if status.success() {
        Ok(())
    } else {
        Err(format!(
            "a kill -9 trial failed ({status}); its seed is printed above"
        ))
    }
}
