//! kill -9 across every write path of the command line: edit, purge,
//! emptying the trash, import, backup, a restore over the vault, a
//! passphrase change, a schema upgrade and attaching a file (writes and re-keys are in
//! `crash`). Each trial kills the command at a random moment; afterwards
//! the vault opens with a valid secret, passes `integrity_check` and
//! `cipher_integrity_check`, holds every change the command acknowledged,
//! shows nothing half-done, and — once opened again — has no temp or
//! scratch files left.
//!
//! `KINDRED_CRASH_TRIALS` sets the trials per path (default 4, a smoke;
//! `cargo xtask crash` runs 50). Each path prints a `kill-series:` line
//! with its figures, which `cargo xtask crash` collects.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::util::*;

fn trials() -> usize {
    std::env::var("KINDRED_CRASH_TRIALS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(4)
}

/// How a killed command ended.
#[derive(Debug, PartialEq, Eq)]
enum Ended {
    /// Killed before it finished: nothing it did is acknowledged.
    Killed,
    /// It finished (and said so) before the kill.
    Done,
}

/// When to kill: half the trials anywhere in the command's run, half in
/// its work after the unlock (key derivation takes most of a short command).
fn kill_at(rng: &mut Rng, unlock_ms: u64, whole_ms: u64) -> u64 {
    if rng.below(2) == 0 {
        rng.below(whole_ms)
    } else {
        let from = unlock_ms.min(whole_ms) * 9 / 10;
        from + rng.below(whole_ms * 11 / 10 - from)
    }
}

/// How long opening the vault takes here (key derivation included), in ms.
fn unlock_ms(env: &Env, secret: &str) -> u64 {
    let mut c = env.cmd();
    c.env("KINDRED_PASSPHRASE", secret).arg("status");
    whole_ms(c)
}

/// Runs `cmd`, killing it after `ms` if it is still running.
fn run_and_kill(mut cmd: Command, ms: u64) -> Ended {
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_millis(ms);
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return if status.success() {
                Ended::Done
            } else {
                Ended::Killed
            };
        }
        if Instant::now() >= deadline {
            let _ = child.kill();
            let _ = child.wait();
            return Ended::Killed;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
}

/// How long `cmd` takes when left alone, in ms.
fn whole_ms(cmd: Command) -> u64 {
    let t0 = Instant::now();
    let mut cmd = cmd;
    let ok = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .unwrap()
        .success();
    assert!(ok, "the command works when not killed");
    t0.elapsed().as_millis() as u64
}

/// The vault opens (with `secret`), passes both integrity checks, and once
/// opened has no temp or scratch files left in its folder or its backups.
fn assert_whole(env: &Env, secret: &str, what: &str) {
    let out = run(
        env.cmd().env("KINDRED_PASSPHRASE", secret).arg("check"),
        None,
    );
    assert_eq!(
        out.code, 0,
        "{what}: the vault opens and passes its checks: {out:?}"
    );
    let vault = env.vault();
    let mut dirs = vec![vault.clone(), vault.join("backups")];
    // The blob folders: the vault's, and the backups' shared ones.
    for base in [vault.join("blobs"), vault.join("backups").join("blobs")] {
        let mut stack = vec![base];
        while let Some(d) = stack.pop() {
            let Ok(rd) = std::fs::read_dir(&d) else {
                continue;
            };
            for e in rd.flatten() {
                if e.path().is_dir() {
                    stack.push(e.path());
                }
            }
            dirs.push(d);
        }
    }
    for dir in dirs {
        let Ok(rd) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in rd.flatten() {
            let n = e.file_name().to_string_lossy().into_owned();
            assert!(
                !(n.starts_with(".kindred-scratch-")
                    || n.contains(".tmp-")
                    || n.ends_with(".rekey")),
                "{what}: {n} left in {} after the next start",
                dir.display()
            );
        }
    }
}

fn json(env: &Env, args: &[&str]) -> serde_json::Value {
    env.run(args).ok().json()
}

fn report(path: &str, trials: usize, killed: usize) {
    println!(
        "kill-series: {path}: {trials} trials, {killed} killed mid-way, {} finished first",
        trials - killed
    );
}

/// ~300 KB of text, so the writes take a measurable while.
fn big(tag: &str) -> String {
    format!(
        "{tag}\n{}",
        "the tide came in over the flats. ".repeat(10_000)
    )
}

#[test]
fn edit() {
    let env = Env::new();
    env.init();
    let id = env.write(&big("version A"), &[]);
    let mut rng = Rng::new("kill edit");
    let unlock = unlock_ms(&env, PASSPHRASE);
    let (mut killed, n) = (0, trials());
    let edit = |body: String| {
        let mut c = env.cmd();
        c.args(["edit", &id.to_string(), "--stdin"]);
        (c, body)
    };
    let whole = {
        let (c, b) = edit(big("version B"));
        let t0 = Instant::now();
        run(&mut { c }, Some(b.as_bytes())).ok();
        t0.elapsed().as_millis() as u64
    };
    for i in 0..n {
        let body = big(&format!("version {i}"));
        let before = env.run(&["show", &id.to_string(), "--raw"]).ok().stdout;
        let (mut c, b) = edit(body.clone());
        let mut child = c
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut stdin = child.stdin.take().unwrap();
        let feeder = std::thread::spawn(move || {
            use std::io::Write;
            let _ = stdin.write_all(b.as_bytes());
        });
        std::thread::sleep(Duration::from_millis(kill_at(&mut rng, unlock, whole)));
        let _ = child.kill();
        let status = child.wait().unwrap();
        let _ = feeder.join();
        let after = env.run(&["show", &id.to_string(), "--raw"]).ok().stdout;
        assert!(
            after == before || after == body,
            "edit trial {i}: the entry is the old text or the new, not a mix"
        );
        if status.success() {
            assert!(
                after == body,
                "edit trial {i}: an acknowledged edit is kept"
            );
        } else {
            killed += 1;
        }
        assert_whole(&env, PASSPHRASE, "edit");
    }
    report("edit", n, killed);
}

#[test]
fn purge_and_empty_trash() {
    let env = Env::new();
    env.init();
    let mut rng = Rng::new("kill purge");
    let unlock = unlock_ms(&env, PASSPHRASE);
    let (mut killed, n) = (0, trials());
    let whole = {
        let id = env.write(&big("purge timing"), &[]);
        env.run(&["delete", &id.to_string()]).ok();
        let mut c = env.cmd();
        c.args(["purge", "entry", &id.to_string()]);
        whole_ms(c)
    };
    for i in 0..n {
        let body = big(&format!("to purge {i}"));
        let ids: Vec<i64> = (0..3)
            .map(|_| env.write(&body, &["--tag", "gone"]))
            .collect();
        for id in &ids {
            env.run(&["delete", &id.to_string()]).ok();
        }
        let mut c = env.cmd();
        if i % 2 == 0 {
            c.args(["purge", "entry", &ids[0].to_string()]);
        } else {
            c.args(["empty-trash", "--yes"]);
        }
        let ended = run_and_kill(c, kill_at(&mut rng, unlock, whole));
        // Each trashed entry is either wholly there or wholly gone.
        let trash = json(&env, &["trash", "--json"]);
        let left: Vec<i64> = trash
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|t| t["id"].as_i64())
            .collect();
        for id in &left {
            env.run(&["restore-entry", &id.to_string()]).ok();
            let raw = env.run(&["show", &id.to_string(), "--raw"]).ok().stdout;
            assert!(raw == body, "purge trial {i}: entry {id} is whole");
            env.run(&["delete", &id.to_string()]).ok();
        }
        if ended == Ended::Done {
            if i % 2 == 0 {
                assert!(!left.contains(&ids[0]), "purge trial {i}: acknowledged");
            } else {
                assert!(left.is_empty(), "empty-trash trial {i}: acknowledged");
            }
        } else {
            killed += 1;
        }
        env.run(&["empty-trash", "--yes"]).ok();
        assert_whole(&env, PASSPHRASE, "purge");
    }
    report("purge and empty-trash", n, killed);
}

/// A jrnl export of `n` entries, each ~10 KB.
fn jrnl_file(env: &Env, n: usize, tag: &str) -> std::path::PathBuf {
    let entries: Vec<serde_json::Value> = (0..n)
        .map(|i| {
            serde_json::json!({
                "date": format!("2023-{:02}-{:02}", i % 12 + 1, i % 28 + 1),
                "time": format!("{:02}:{:02}", i % 24, i % 60),
                "title": format!("{tag} {i}"),
                "body": "the kettle sang on the stove. ".repeat(300),
                "tags": [], "starred": false
            })
        })
        .collect();
    let p = env.path(&format!("{tag}.json"));
    std::fs::write(
        &p,
        serde_json::to_vec(&serde_json::json!({"tags": {}, "entries": entries})).unwrap(),
    )
    .unwrap();
    p
}

#[test]
fn import() {
    let env = Env::new();
    env.init();
    let mut rng = Rng::new("kill import");
    let unlock = unlock_ms(&env, PASSPHRASE);
    let (mut killed, n) = (0, trials());
    let count = |env: &Env| json(env, &["entries", "--json"]).as_array().unwrap().len();
    let timing = jrnl_file(&env, 300, "timing");
    let mut c = env.cmd();
    c.args(["import", "--from", "jrnl"]).arg(&timing);
    let whole = whole_ms(c);
    for i in 0..n {
        let file = jrnl_file(&env, 300, &format!("trial{i}"));
        let before = count(&env);
        let mut c = env.cmd();
        c.args(["import", "--from", "jrnl"]).arg(&file);
        let ended = run_and_kill(c, kill_at(&mut rng, unlock, whole));
        let after = count(&env);
        assert!(
            after == before || after == before + 300,
            "import trial {i}: all or nothing ({before} → {after})"
        );
        if ended == Ended::Done {
            assert_eq!(after, before + 300, "import trial {i}: acknowledged");
        } else {
            killed += 1;
        }
        assert_whole(&env, PASSPHRASE, "import");
    }
    report("import", n, killed);
}

#[test]
fn backup() {
    let env = Env::new();
    env.init();
    for i in 0..6 {
        env.write(&big(&format!("backed up {i}")), &[]);
    }
    let mut rng = Rng::new("kill backup");
    let unlock = unlock_ms(&env, PASSPHRASE);
    let (mut killed, n) = (0, trials());
    let mut c = env.cmd();
    c.arg("backup");
    let whole = whole_ms(c);
    for i in 0..n {
        let paths = |v: &serde_json::Value| -> Vec<String> {
            v.as_array()
                .unwrap()
                .iter()
                .map(|b| b["path"].as_str().unwrap().to_owned())
                .collect()
        };
        let before = paths(&json(&env, &["backups", "--json"]));
        let mut c = env.cmd();
        c.arg("backup");
        let ended = run_and_kill(c, kill_at(&mut rng, unlock, whole));
        // Whatever is listed is whole: every backup there verifies.
        let after = paths(&json(&env, &["backups", "--json"]));
        for path in &after {
            let out = env.run(&["verify", path]);
            assert_eq!(
                out.code, 0,
                "backup trial {i}: {path} listed but damaged: {out:?}"
            );
        }
        if ended == Ended::Done {
            assert!(
                after.iter().any(|p| !before.contains(p)),
                "backup trial {i}: an acknowledged backup is listed"
            );
        } else {
            killed += 1;
        }
        assert_whole(&env, PASSPHRASE, "backup");
    }
    report("backup", n, killed);
}

#[test]
fn restore_replacing() {
    let env = Env::new();
    env.init();
    for i in 0..4 {
        env.write(&big(&format!("in the backup {i}")), &[]);
    }
    let file = json(&env, &["backup", "--json"])["written"][0]
        .as_str()
        .unwrap()
        .to_owned();
    env.write("only after the backup", &[]);
    let mut rng = Rng::new("kill restore");
    let unlock = unlock_ms(&env, PASSPHRASE);
    let (mut killed, n) = (0, trials());
    let restore = || {
        let mut c = env.cmd();
        c.args(["restore", &file, "--replace"]);
        c
    };
    let titles = |env: &Env| -> Vec<String> {
        let mut t: Vec<String> = json(env, &["entries", "--json"])
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                e["excerpt"]
                    .as_str()
                    .unwrap_or_default()
                    .lines()
                    .next()
                    .unwrap_or_default()
                    .to_owned()
            })
            .collect();
        t.sort();
        t
    };
    let backup_state = {
        let mut t: Vec<String> = (0..4).map(|i| format!("in the backup {i}")).collect();
        t.sort();
        t
    };
    let whole = whole_ms(restore());
    assert_eq!(titles(&env), backup_state);
    for i in 0..n {
        env.write("only after the backup", &[]);
        let before = titles(&env);
        let ended = run_and_kill(restore(), kill_at(&mut rng, unlock, whole));
        let after = titles(&env);
        assert!(
            after == before || after == backup_state,
            "restore trial {i}: the vault as it was, or as the backup: {after:?}"
        );
        if ended == Ended::Done {
            assert_eq!(after, backup_state, "restore trial {i}: acknowledged");
        } else {
            killed += 1;
        }
        assert_whole(&env, PASSPHRASE, "restore --replace");
    }
    report("restore --replace", n, killed);
}

#[test]
fn passphrase_change() {
    let env = Env::new();
    env.init();
    env.write("kept through every change", &[]);
    let secrets = [PASSPHRASE, "amber gulls over the quay"];
    let mut rng = Rng::new("kill passphrase change");
    let unlock = unlock_ms(&env, PASSPHRASE);
    let (mut killed, n) = (0, trials());
    let change = |from: usize| {
        let mut c = env.cmd();
        c.env("KINDRED_PASSPHRASE", secrets[from])
            .env("KINDRED_NEW_PASSPHRASE", secrets[1 - from])
            .args(["passphrase", "change"]);
        c
    };
    let whole = whole_ms(change(0));
    let mut current = 1;
    for i in 0..n {
        let ended = run_and_kill(change(current), kill_at(&mut rng, unlock, whole));
        let opens: Vec<usize> = (0..2)
            .filter(|&s| {
                env.cmd()
                    .env("KINDRED_PASSPHRASE", secrets[s])
                    .arg("check")
                    .stdout(Stdio::null())
                    .stderr(Stdio::null())
                    .status()
                    .unwrap()
                    .success()
            })
            .collect();
        assert_eq!(
            opens.len(),
            1,
            "change trial {i}: exactly one passphrase opens"
        );
        if ended == Ended::Done {
            assert_eq!(opens[0], 1 - current, "change trial {i}: acknowledged");
        } else {
            killed += 1;
        }
        current = opens[0];
        assert_whole(&env, secrets[current], "passphrase change");
    }
    report("passphrase change", n, killed);
}

#[test]
fn schema_upgrade() {
    let env = Env::new();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../kindred-core/tests/fixtures/backups/v1-schema4.kbak");
    let pass = "a quiet harbour at dawn";
    let mut rng = Rng::new("kill schema upgrade");
    let (mut killed, n) = (0, trials());
    let fresh = |env: &Env| {
        let _ = std::fs::remove_dir_all(env.vault());
        let out = run(
            env.cmd()
                .env("KINDRED_PASSPHRASE", pass)
                .args(["restore", fixture.to_str().unwrap(), "--to"])
                .arg(env.vault()),
            None,
        );
        assert_eq!(out.code, 0, "{out:?}");
    };
    let upgrade = || {
        let mut c = env.cmd();
        c.env("KINDRED_PASSPHRASE", pass).arg("status");
        c
    };
    fresh(&env);
    let whole = whole_ms(upgrade());
    let unlock = unlock_ms(&env, pass);
    for i in 0..n {
        fresh(&env);
        let ended = run_and_kill(upgrade(), kill_at(&mut rng, unlock, whole));
        if ended == Ended::Killed {
            killed += 1;
        }
        // Upgraded or not, it opens (finishing the upgrade) and holds the
        // entry it had.
        let out = run(
            env.cmd()
                .env("KINDRED_PASSPHRASE", pass)
                .args(["entries", "--json"]),
            None,
        );
        assert_eq!(out.code, 0, "upgrade trial {i}: {out:?}");
        assert!(out.stdout.contains("Before format 2"), "upgrade trial {i}");
        assert_whole(&env, pass, "schema upgrade");
    }
    report("schema upgrade", n, killed);
}

#[test]
fn attach() {
    let env = Env::new();
    env.init();
    let id = env.write("a day with photos", &[]).to_string();
    let mut rng = Rng::new("kill attach");
    // ~8 MB of incompressible bytes: sealing them takes a measurable while.
    let photo = |seed: u64| {
        let mut r = Rng::new(&format!("photo {seed}"));
        let mut b = vec![0xFF, 0xD8, 0xFF, 0xE0];
        while b.len() < 8 * 1024 * 1024 {
            b.extend_from_slice(&r.below(u64::MAX).to_le_bytes());
        }
        b
    };
    let unlock = unlock_ms(&env, PASSPHRASE);
    let whole = {
        let f = env.path("first.jpg");
        std::fs::write(&f, photo(0)).unwrap();
        let mut c = env.cmd();
        c.args(["attach", &id, f.to_str().unwrap()]);
        whole_ms(c)
    };
    let attached = |env: &Env| -> Vec<serde_json::Value> {
        json(env, &["show", &id, "--json"])["attachments"]
            .as_array()
            .unwrap()
            .clone()
    };
    let (mut killed, n) = (0, trials());
    for i in 0..n {
        let bytes = photo(i as u64 + 1);
        let sha = data_encoding::HEXLOWER.encode(&<sha2::Sha256 as sha2::Digest>::digest(&bytes));
        let f = env.path(&format!("photo-{i}.jpg"));
        std::fs::write(&f, &bytes).unwrap();
        let before = attached(&env).len();
        let mut c = env.cmd();
        c.args(["attach", &id, f.to_str().unwrap()]);
        // Every fourth trial is left to finish, so acknowledged attaches
        // are checked too (sealing dominates: few kills land past it).
        let at = if i % 4 == 3 {
            whole * 3
        } else {
            kill_at(&mut rng, unlock, whole)
        };
        let ended = run_and_kill(c, at);
        if ended == Ended::Killed {
            killed += 1;
        }
        assert_whole(&env, PASSPHRASE, "attach");
        let after = attached(&env);
        let new: Vec<_> = after
            .iter()
            .filter(|a| a["sha256"] == sha.as_str())
            .collect();
        match ended {
            Ended::Done => assert_eq!(
                new.len(),
                1,
                "attach trial {i}: an acknowledged attach is kept"
            ),
            Ended::Killed => assert!(
                new.len() <= 1,
                "attach trial {i}: attached once or not at all"
            ),
        }
        assert_eq!(
            after.len(),
            before + new.len(),
            "attach trial {i}: nothing else changed"
        );
        // Every attachment listed comes back whole: no row without its blob.
        for a in &after {
            let to = env.path(&format!("back-{i}-{}", a["id"]));
            env.run(&[
                "attachment",
                "save",
                &a["id"].to_string(),
                "--to",
                to.to_str().unwrap(),
                "--plaintext-ok",
            ])
            .ok();
            let got = std::fs::read(&to).unwrap();
            assert_eq!(
                data_encoding::HEXLOWER.encode(&<sha2::Sha256 as sha2::Digest>::digest(&got)),
                a["sha256"].as_str().unwrap(),
                "attach trial {i}"
            );
            std::fs::remove_file(&to).unwrap();
        }
        // …and no blob without its row: as many files as attachments.
        let mut blobs = 0;
        let mut stack = vec![env.vault().join("blobs")];
        while let Some(d) = stack.pop() {
            for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
                if e.path().is_dir() {
                    stack.push(e.path());
                } else {
                    blobs += 1;
                }
            }
        }
        assert_eq!(
            blobs,
            after.len(),
            "attach trial {i}: a blob no attachment names was left"
        );
        std::fs::remove_file(&f).unwrap();
    }
    report("attach", n, killed);
}
