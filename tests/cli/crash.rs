//! kill -9 at random moments: every save whose id was printed survives, and
//! the database passes its integrity checks.

use std::io::{Read, Write};
use std::process::Stdio;
use std::time::{Duration, Instant};

use crate::util::*;

const TRIALS: usize = 30;

/// A tiny deterministic PRNG (xorshift), seeded from the clock and printed,
/// so a failing run can be repeated with KINDRED_CRASH_SEED.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

fn body(i: usize) -> String {
    // ~1 MB so the write (indexing, WAL, fsync) takes a measurable while.
    format!(
        "trial {i}\n{}",
        "the river was high after the rain. ".repeat(30_000)
    )
}

/// Spawns `kindred write`, kills it after `delay` (if still running), and
/// returns the id it printed, if any.
fn write_and_kill(env: &Env, i: usize, delay: Duration) -> Option<i64> {
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
    std::thread::sleep(delay);
    let _ = child.kill(); // SIGKILL
    let _ = child.wait();
    let _ = feeder.join();
    let mut out = String::new();
    let _ = child.stdout.take().unwrap().read_to_string(&mut out);
    out.trim().parse().ok()
}

#[test]
fn kill_9_loses_no_acknowledged_save() {
    let env = Env::new();
    env.init();
    let seed = std::env::var("KINDRED_CRASH_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            let now = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap_or_default();
            now.as_nanos() as u64 ^ u64::from(std::process::id())
        });
    println!("crash test seed: {seed}");
    let mut rng = Rng(seed | 1);

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
    for i in 1..=TRIALS {
        // Half the kills anywhere in the run, half in the write itself.
        let ms = if i % 2 == 0 {
            rng.below(whole_ms + whole_ms / 5)
        } else {
            let from = unlock_ms.min(whole_ms) * 8 / 10;
            from + rng.below(whole_ms * 11 / 10 - from)
        };
        match write_and_kill(&env, i, Duration::from_millis(ms)) {
            Some(id) => acknowledged.push(id),
            None => killed_early += 1,
        }
    }
    println!(
        "unlock {unlock:?}, write {whole:?}; {} acknowledged, {killed_early} killed before the id was printed",
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
