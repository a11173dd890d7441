//! kill -9 at random moments: every save whose id was printed survives, and
//! the database passes its integrity checks.

use std::io::{BufRead, BufReader, Read, Write};
use std::process::Stdio;
use std::time::{Duration, Instant};

use crate::util::*;

/// Trials: `KINDRED_CRASH_TRIALS` (`cargo xtask crash` runs 50), else 30.
fn trials() -> usize {
    std::env::var("KINDRED_CRASH_TRIALS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(30)
}

fn body(i: usize) -> String {
    // ~1 MB so the write (indexing, WAL, fsync) takes a measurable while.
    format!(
        "trial {i}\n{}",
        "the river was high after the rain. ".repeat(30_000)
    )
}

/// When a trial's SIGKILL is sent.
enum Kill {
    /// This long after the start, if the write is still running.
    After(Duration),
    /// The moment the id is read from its output: the save was just
    /// acknowledged and the process may still be finishing up. These
    /// trials make sure acknowledged saves are tested however slow the
    /// machine is compared with the timings taken first.
    AtAcknowledgement,
}

/// Spawns `kindred write`, kills it as `kill` says, and returns the id it
/// printed, if any.
fn write_and_kill(env: &Env, i: usize, kill: Kill) -> Option<i64> {
    let mut child = env
        .cmd()
        .arg("write")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let b = body(i);
    let feeder = std::thread::spawn(move || {
        let _ = stdin.write_all(b.as_bytes());
    });
    let mut out = String::new();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    match kill {
        Kill::After(delay) => {
            std::thread::sleep(delay);
            let _ = child.kill(); // SIGKILL
            let _ = child.wait();
            let _ = stdout.read_to_string(&mut out);
        }
        Kill::AtAcknowledgement => {
            let _ = stdout.read_line(&mut out);
            let _ = child.kill();
            let _ = child.wait();
        }
    }
    let _ = feeder.join();
    out.trim().parse().ok()
}

#[test]
fn kill_9_loses_no_acknowledged_save() {
    let env = Env::new();
    env.init();
    let mut rng = Rng::new("crash test");
    let seed = rng.seed;

    // How long an unlock and a whole write take here (best of two, as the
    // machine may be busy with other tests).
    let time = |f: &dyn Fn()| {
        (0..2)
            .map(|_| {
                let t0 = Instant::now();
                f();
                t0.elapsed()
            })
            .min()
            .unwrap()
    };
    let unlock = time(&|| {
        env.run(&["status"]).ok();
    });
    let whole = time(&|| {
        env.run_in(&["write"], body(0).as_bytes()).ok();
    });
    let whole_ms = whole.as_millis() as u64;
    let unlock_ms = unlock.as_millis() as u64;

    let mut acknowledged = vec![1_i64, 2];
    let mut killed_early = 0;
    for i in 1..=trials() {
        // A third of the kills anywhere in the run, a third in the write
        // itself, a third right as the id is printed.
        let kill = match i % 3 {
            0 => Kill::AtAcknowledgement,
            1 => Kill::After(Duration::from_millis(rng.below(whole_ms + whole_ms / 5))),
            _ => {
                let from = unlock_ms.min(whole_ms) * 8 / 10;
                Kill::After(Duration::from_millis(
                    from + rng.below(whole_ms * 11 / 10 - from),
                ))
            }
        };
        match write_and_kill(&env, i, kill) {
            Some(id) => acknowledged.push(id),
            None => killed_early += 1,
        }
    }
    println!(
        "unlock {unlock:?}, write {whole:?}; {} acknowledged, {killed_early} killed before the id was printed",
        acknowledged.len() - 2
    );
    println!(
        "kill-series: write: {} trials, {killed_early} killed mid-way, {} finished first",
        trials(),
        acknowledged.len() - 2
    );
    assert!(
        killed_early > 0,
        "no kill landed before the acknowledgement; the test tested nothing"
    );
    assert!(
        acknowledged.len() > 2,
        "no write completed; the test tested nothing"
    );

    let listed = env.run(&["entries", "--json"]).ok().json();
    let present: Vec<i64> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_i64().unwrap())
        .collect();
    for id in &acknowledged {
        assert!(
            present.contains(id),
            "acknowledged entry {id} is missing (seed {seed})"
        );
        let raw = env.run(&["show", &id.to_string(), "--raw"]).ok().stdout;
        assert!(raw.starts_with("trial "), "entry {id} is damaged");
    }
    let out = env.run(&["check"]);
    assert_eq!(out.code, 0, "integrity check failed (seed {seed}): {out:?}");
}

/// Which of `secrets` opens the vault now (`kindred check`, which also runs
/// the integrity checks), by index.
fn which_opens(env: &Env, secrets: &[&str]) -> Vec<usize> {
    (0..secrets.len())
        .filter(|&i| {
            env.cmd()
                .env("KINDRED_PASSPHRASE", secrets[i])
                .arg("check")
                .status()
                .unwrap()
                .success()
        })
        .collect()
}

/// kill -9 during `passphrase change --new-key` at random moments: after
/// every kill the vault opens with the old or the new passphrase (never
/// neither), passes its checks, and holds every entry. The number of
/// trials is `KINDRED_REKEY_TRIALS` (default 10; `cargo xtask crash` runs 50).
#[test]
fn kill_9_during_a_rekey_leaves_the_old_or_the_new_passphrase_working() {
    let env = Env::new();
    env.init();
    // ~8 MB, so copying the database under the new key takes a while and
    // kills land during it, not only in the key derivations before.
    let ids: Vec<i64> = (0..8).map(|i| env.write(&body(i), &[])).collect();
    let trials: usize = std::env::var("KINDRED_REKEY_TRIALS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10);
    let mut rng = Rng::new("re-key crash");
    let seed = rng.seed;
    let secrets = [
        PASSPHRASE,
        "amber gulls over the quay",
        "seven lanterns drift at noon",
    ];
    let rekey = |from: usize, to: usize| {
        let mut c = env.cmd();
        c.env("KINDRED_PASSPHRASE", secrets[from])
            .env("KINDRED_NEW_PASSPHRASE", secrets[to])
            .args(["passphrase", "change", "--new-key"])
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        c
    };
    // One whole re-key, to know how long one takes.
    let t0 = Instant::now();
    assert!(rekey(0, 1).status().unwrap().success());
    let whole_ms = t0.elapsed().as_millis() as u64;
    let mut current = 1;
    let (mut stayed, mut moved) = (0, 0);
    for i in 0..trials {
        let next = (current + 1 + rng.below(2) as usize) % 3;
        let mut child = rekey(current, next).spawn().unwrap();
        // Half the kills anywhere, half near the end, where the new
        // database is put in place.
        let ms = if i % 2 == 0 {
            rng.below(whole_ms)
        } else {
            whole_ms * 8 / 10 + rng.below(whole_ms * 5 / 10)
        };
        std::thread::sleep(Duration::from_millis(ms));
        let _ = child.kill();
        let _ = child.wait();
        let open = which_opens(&env, &secrets);
        assert_eq!(
            open.len(),
            1,
            "exactly one passphrase opens the vault after a kill (seed {seed}): {open:?}"
        );
        assert!(
            open[0] == current || open[0] == next,
            "the old or the new one (seed {seed})"
        );
        if open[0] == current {
            stayed += 1;
        } else {
            moved += 1;
        }
        current = open[0];
        let listed = env
            .cmd()
            .env("KINDRED_PASSPHRASE", secrets[current])
            .args(["entries", "--json"])
            .output()
            .unwrap();
        let listed: serde_json::Value = serde_json::from_slice(&listed.stdout).unwrap();
        assert_eq!(listed.as_array().unwrap().len(), ids.len(), "seed {seed}");
        // No re-encrypted copy is left beside the vault once it settled.
        let leftovers: Vec<_> = std::fs::read_dir(env.vault())
            .unwrap()
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().contains("rekey"))
            .collect();
        assert!(leftovers.is_empty(), "seed {seed}: {leftovers:?}");
    }
    println!(
        "re-key: {whole_ms} ms; {trials} kills: {stayed} left the old passphrase, {moved} the new"
    );
    println!("kill-series: re-key (passphrase change --new-key): {trials} trials, {stayed} left on the old key, {moved} on the new");
    assert!(
        stayed > 0,
        "no kill landed mid-re-key; the test tested nothing"
    );
}

/// A crash of `kindred` writes no core file: the core-size limit of the
/// running process is zero (read from /proc while it waits for its input).
#[test]
#[cfg(target_os = "linux")]
fn the_cli_runs_with_core_dumps_off() {
    let env = Env::new();
    env.init();
    // Started with core dumps allowed (as a desktop session may), so the
    // zero seen below is Kindred's doing.
    let template = env.cmd();
    let mut bash = std::process::Command::new("bash");
    bash.env_clear()
        .arg("-c")
        .arg(r#"ulimit -S -c unlimited && exec "$K" write"#)
        .env("K", env!("CARGO_BIN_EXE_kindred"));
    for (k, v) in template.get_envs() {
        if let Some(v) = v {
            bash.env(k, v);
        }
    }
    let mut child = bash
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let limits = std::path::PathBuf::from(format!("/proc/{}/limits", child.id()));
    let deadline = Instant::now() + Duration::from_secs(10);
    let line = loop {
        // The limit is set first thing; give the process a moment to start.
        std::thread::sleep(Duration::from_millis(100));
        let text = std::fs::read_to_string(&limits).unwrap_or_default();
        let line = text
            .lines()
            .find(|l| l.starts_with("Max core file size"))
            .unwrap_or_default()
            .to_owned();
        // Until the exec, bash's own (raised) limit shows.
        if line.split_whitespace().nth(4) == Some("0") || Instant::now() > deadline {
            break line;
        }
    };
    drop(child.stdin.take());
    let _ = child.kill();
    let _ = child.wait();
    let fields: Vec<&str> = line.split_whitespace().collect();
    assert_eq!(fields.get(4..6), Some(&["0", "0"][..]), "{line}");
}
