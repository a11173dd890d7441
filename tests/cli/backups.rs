//! `backup`, `backups`, `verify`, `restore` as a person or cron sees them.

use std::sync::Arc;

use kindred_core::clock::SystemClock;
use kindred_core::{Secret, Unlock, Vault};

use crate::util::*;

fn backup_file(env: &Env) -> String {
    let out = env.run(&["backup", "--json"]).ok();
    out.json()["written"][0].as_str().unwrap().to_owned()
}

#[test]
fn backup_list_verify_and_restore_elsewhere() {
    let env = Env::new();
    let code = env.init();
    env.write(
        "Walked to the lighthouse with Ana",
        &["--title", "Lighthouse", "--tag", "walks"],
    );
    env.run(&["person", "add", "Ana"]).ok();
    let file = backup_file(&env);
    let listed = env.run(&["backups", "--json"]).ok().json();
    let mine = listed
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["path"] == file.as_str())
        .expect("listed");
    assert!(
        mine["verified_at"].is_string(),
        "verified right after writing: {mine}"
    );
    let out = env.run(&["verify", &file]).ok();
    assert!(out.stdout.starts_with("OK:"), "{out:?}");
    let v = env.run(&["verify", &file, "--json"]).ok().json();
    assert_eq!(v["counts"]["entries"], 1);
    assert_eq!(v["counts"]["people"], 1);

    let elsewhere = env.path("restored");
    env.run(&["restore", &file, "--to", elsewhere.to_str().unwrap()])
        .ok();
    let out = run(
        env.cmd()
            .env("KINDRED_VAULT", &elsewhere)
            .args(["entries", "--json"]),
        None,
    );
    assert_eq!(out.json()[0]["title"], "Lighthouse");

    // With the recovery code instead of the passphrase.
    let other = env.path("restored-2");
    let out = run(
        env.cmd()
            .env_remove("KINDRED_PASSPHRASE")
            .env("KINDRED_RECOVERY_CODE", &code)
            .args([
                "restore",
                &file,
                "--recovery-code",
                "--to",
                other.to_str().unwrap(),
            ]),
        None,
    );
    assert_eq!(out.code, 0, "{out:?}");
    let out = run(
        env.cmd()
            .env("KINDRED_VAULT", &other)
            .args(["search", "lighthouse", "--json"]),
        None,
    );
    assert_eq!(out.json()[0]["title"], "Lighthouse");
}

/// Another vault's backup verifies with its own passphrase, and `verify`
/// says whose it is; `--replace` refuses it.
#[test]
fn another_vaults_backup_is_named_as_such() {
    let a = Env::new();
    a.init();
    let b = Env::new();
    b.init();
    b.write("from the other vault", &[]);
    let theirs = backup_file(&b);
    let before = snapshot(&a.vault());
    let out = a.run(&["verify", &theirs]);
    assert_eq!(out.code, 0, "{out:?}");
    assert!(
        out.stderr.contains("This backup is of another vault"),
        "{out:?}"
    );
    let out = a.run(&["restore", &theirs, "--replace"]);
    assert_ne!(out.code, 0, "{out:?}");
    assert!(out.stderr.contains("another vault"), "{out:?}");
    assert_eq!(snapshot(&a.vault()), before);
}

#[test]
fn damaged_backups_are_refused_with_their_exit_codes() {
    let env = Env::new();
    env.init();
    env.write("something", &[]);
    let file = backup_file(&env);
    let bytes = std::fs::read(&file).unwrap();
    let before = snapshot(&env.vault());

    let truncated = env.path("truncated.kbak");
    std::fs::write(&truncated, &bytes[..bytes.len() - 100]).unwrap();
    let flipped = env.path("flipped.kbak");
    let mut f = bytes.clone();
    let at = f.len() - 5000;
    f[at] ^= 0x01;
    std::fs::write(&flipped, f).unwrap();
    let junk = env.path("junk.kbak");
    std::fs::write(&junk, b"hello").unwrap();

    for p in [&truncated, &flipped, &junk] {
        let p = p.to_str().unwrap();
        let out = env.run(&["verify", p]);
        assert_eq!(out.code, 7, "verify {p}: {out:?}");
        assert!(out.stderr.contains("The backup file is damaged"), "{out:?}");
        let out = env.run(&["restore", p, "--replace"]);
        assert_eq!(out.code, 7, "restore {p}: {out:?}");
        let out = env.run(&["restore", p, "--to", env.path("nope").to_str().unwrap()]);
        assert_eq!(out.code, 7, "restore --to {p}: {out:?}");
    }
    assert!(
        !env.path("nope").exists(),
        "a refused restore left its folder"
    );
    assert_eq!(
        snapshot(&env.vault()),
        before,
        "a refused restore changes nothing"
    );
}

#[test]
fn a_wrong_passphrase_says_which_one_is_needed() {
    let env = Env::new();
    env.init();
    let file = backup_file(&env);
    let out = run(
        env.cmd()
            .env("KINDRED_PASSPHRASE", "not the passphrase")
            .args(["restore", &file, "--to", env.path("r").to_str().unwrap()]),
        None,
    );
    assert_eq!(out.code, 3, "{out:?}");
    assert!(out.stderr.contains("valid when it was made"), "{out:?}");
}

#[test]
fn restore_replace_waits_for_the_vault_to_be_closed() {
    let env = Env::new();
    env.init();
    let id = env.write("before the backup", &[]);
    let file = backup_file(&env);
    env.write("after the backup", &[]);

    // The app (or another command) has the vault open.
    let open = Vault::unlock(
        &env.vault(),
        Unlock::Passphrase(&Secret::new(PASSPHRASE.to_owned())),
        Arc::new(SystemClock),
    )
    .unwrap();
    let before = snapshot(&env.vault());
    let out = env.run(&["restore", &file, "--replace"]);
    assert_eq!(out.code, 13, "{out:?}");
    assert!(out.stderr.contains("close it first"), "{out:?}");
    assert_eq!(snapshot(&env.vault()), before);
    drop(open);

    let out = env.run(&["restore", &file, "--replace"]);
    assert_eq!(out.code, 0, "{out:?}");
    assert!(
        out.stderr.contains("pre-restore"),
        "names the safety backup: {out:?}"
    );
    let entries = env.run(&["entries", "--json"]).ok().json();
    let ids: Vec<i64> = entries
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids, vec![id]);
    env.run(&["check"]).ok();
}

/// A backup from cron while the app is open and in the middle of a save:
/// it neither waits for nor includes the unfinished transaction.
#[test]
fn backup_from_cron_while_the_app_writes() {
    let env = Env::new();
    env.init();
    env.write("committed before", &[]);
    let app = Vault::unlock(
        &env.vault(),
        Unlock::Passphrase(&Secret::new(PASSPHRASE.to_owned())),
        Arc::new(SystemClock),
    )
    .unwrap();
    let tx = app.connection().unchecked_transaction().unwrap();
    tx.execute(
        "INSERT INTO entries (entry_date, title, body_md, created_at, updated_at)
         VALUES ('2026-01-01', 'uncommitted', 'mid-save', 't', 't')",
        [],
    )
    .unwrap();
    let out = env.run(&["backup", "--json"]);
    assert_eq!(out.code, 0, "{out:?}");
    tx.commit().unwrap();
    let file = out.json()["written"][0].as_str().unwrap().to_owned();
    let v = env.run(&["verify", &file, "--json"]).ok().json();
    assert_eq!(
        v["counts"]["entries"], 1,
        "a consistent snapshot of committed data"
    );
    drop(app);
}

#[test]
fn settings_choose_folders_and_rotation() {
    let env = Env::new();
    env.init();
    let drive = env.path("drive");
    std::fs::create_dir_all(&drive).unwrap();
    let out = env
        .run(&[
            "backup-settings",
            "--secondary",
            drive.to_str().unwrap(),
            "--keep-last",
            "2",
            "--keep-daily",
            "0",
            "--keep-weekly",
            "0",
            "--keep-monthly",
            "0",
            "--json",
        ])
        .ok();
    assert_eq!(out.json()["retention"]["last"], 2);
    for _ in 0..3 {
        let r = env.run(&["backup", "--json"]).ok().json();
        assert_eq!(r["written"].as_array().unwrap().len(), 2, "{r}");
    }
    let count = |d: &std::path::Path| {
        std::fs::read_dir(d)
            .unwrap()
            .filter(|e| {
                e.as_ref()
                    .unwrap()
                    .path()
                    .extension()
                    .is_some_and(|x| x == "kbak")
            })
            .count()
    };
    assert_eq!(count(&drive), 2);
    assert_eq!(count(&env.vault().join("backups")), 2);
    let out = env.run(&["backup-settings", "--keep-last", "0"]);
    assert_eq!(out.code, 10, "{out:?}");
}

/// `restore --replace` brings back a vault that no longer opens: a flipped
/// page of the database, or a truncated key file. The damaged files are
/// moved aside byte for byte (never read through SQLite), and the backup's
/// secrets open the vault again.
#[test]
fn restore_replace_brings_back_a_damaged_vault() {
    for damage in ["flipped page", "truncated key file"] {
        let env = Env::new();
        env.init();
        let id = env.write("before the backup", &[]);
        let file = backup_file(&env);
        env.write("after the backup", &[]);
        let (db, keys) = (
            env.vault().join("kindred.db"),
            env.vault().join("kindred.keys"),
        );
        if damage == "flipped page" {
            let mut bytes = std::fs::read(&db).unwrap();
            let at = bytes.len() - 3000;
            bytes[at] ^= 0x40;
            std::fs::write(&db, bytes).unwrap();
        } else {
            let bytes = std::fs::read(&keys).unwrap();
            std::fs::write(&keys, &bytes[..bytes.len() / 2]).unwrap();
        }
        let damaged = (std::fs::read(&db).unwrap(), std::fs::read(&keys).unwrap());
        assert_ne!(
            env.run(&["check"]).code,
            0,
            "{damage}: the vault is damaged"
        );

        let out = env.run(&["restore", &file, "--replace"]);
        assert_eq!(out.code, 0, "{damage}: {out:?}");
        assert!(
            out.stderr.contains("set-aside-"),
            "{damage}: says where: {out:?}"
        );
        let aside: Vec<_> = std::fs::read_dir(env.vault())
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .filter(|p| {
                p.file_name()
                    .unwrap()
                    .to_string_lossy()
                    .starts_with("set-aside-")
            })
            .collect();
        assert_eq!(aside.len(), 1, "{damage}");
        assert_eq!(
            (
                std::fs::read(aside[0].join("kindred.db")).unwrap(),
                std::fs::read(aside[0].join("kindred.keys")).unwrap()
            ),
            damaged,
            "{damage}: set aside byte for byte"
        );
        env.run(&["check"]).ok();
        let entries = env.run(&["entries", "--json"]).ok().json();
        let ids: Vec<i64> = entries
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["id"].as_i64().unwrap())
            .collect();
        assert_eq!(ids, vec![id], "{damage}");
    }
}

/// The first command after an update of the vault's format says, on
/// stderr, that a verified backup comes first (it takes seconds for a large
/// vault); the next command says nothing of it.
#[test]
fn an_upgrade_at_unlock_says_so_once() {
    let env = Env::new();
    let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../kindred-core/tests/fixtures/backups/v1-schema4.kbak");
    let pass = "a quiet harbour at dawn";
    let restored = run(
        env.cmd()
            .env("KINDRED_PASSPHRASE", pass)
            .args(["restore", fixture.to_str().unwrap(), "--to"])
            .arg(env.vault()),
        None,
    );
    assert_eq!(restored.code, 0, "{restored:?}");
    let said = "a verified backup of it comes first";
    let first = run(
        env.cmd().env("KINDRED_PASSPHRASE", pass).arg("status"),
        None,
    );
    assert_eq!(first.code, 0, "{first:?}");
    assert_eq!(first.stderr.matches(said).count(), 1, "{first:?}");
    let second = run(
        env.cmd().env("KINDRED_PASSPHRASE", pass).arg("status"),
        None,
    );
    assert_eq!(second.code, 0, "{second:?}");
    assert!(!second.stderr.contains(said), "{second:?}");
}
