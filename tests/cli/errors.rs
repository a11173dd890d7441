//! Documented exit codes and messages; a refused command changes nothing.

use crate::util::*;

#[test]
fn no_vault_is_exit_4() {
    let env = Env::new();
    let out = env.run(&["entries"]);
    assert_eq!(out.code, 4, "{out:?}");
    assert!(out.stderr.contains("No Kindred vault at"), "{out:?}");
    assert!(
        out.stderr.contains("kindred init"),
        "says what to do: {out:?}"
    );
}

#[test]
fn init_twice_is_exit_5_and_keeps_the_vault() {
    let env = Env::new();
    env.init();
    let before = snapshot(&env.vault());
    let out = env.run(&["init"]);
    assert_eq!(out.code, 5, "{out:?}");
    assert!(out.stderr.contains("left untouched"), "{out:?}");
    assert_eq!(snapshot(&env.vault()), before);
}

#[test]
fn wrong_passphrase_is_exit_3_and_changes_no_byte() {
    let env = Env::new();
    env.init();
    env.write("private", &[]);
    let before = snapshot(&env.vault());
    for args in [
        &["entries"][..],
        &["write"],
        &["person", "add", "X"],
        &["search", "x"],
    ] {
        let out = run(
            env.cmd()
                .env("KINDRED_PASSPHRASE", "tea by the window, quickly")
                .args(args),
            Some(b"text"),
        );
        assert_eq!(out.code, 3, "{args:?}: {out:?}");
        assert_eq!(
            out.stderr.trim(),
            "kindred: That passphrase does not unlock this vault. Nothing was changed; try again, or use your recovery code."
        );
        assert!(out.stdout.is_empty());
    }
    assert_eq!(snapshot(&env.vault()), before);
}

#[test]
fn not_found_is_exit_9() {
    let env = Env::new();
    env.init();
    let out = env.run(&["show", "42"]);
    assert_eq!(out.code, 9);
    assert!(out.stderr.contains("There is no entry 42"), "{out:?}");
    let out = env.run_in(&["write", "--person", "Nobody"], b"text");
    assert_eq!(out.code, 9, "{out:?}");
    assert_eq!(
        env.run(&["entries", "--json"]).ok().json(),
        serde_json::json!([]),
        "nothing saved"
    );
}

#[test]
fn bad_input_is_exit_10_and_saves_nothing() {
    let env = Env::new();
    env.init();
    for (args, stdin, says) in [
        (
            &["write", "--date", "14/03/2026"][..],
            &b"x"[..],
            "YYYY-MM-DD",
        ),
        (&["write"], &b"   \n"[..], "empty"),
        (&["write"], &[0xff, 0xfe, 0x00][..], "UTF-8"),
        (&["write", "--title", "two\nlines"], &b"x"[..], "one line"),
        (&["person", "add", "  "], &b""[..], "needs a name"),
        (
            &["person", "add", "X", "--proximity", "next door"],
            &b""[..],
            "Unknown proximity",
        ),
    ] {
        let out = env.run_in(args, stdin);
        assert_eq!(out.code, 10, "{args:?}: {out:?}");
        assert!(out.stderr.contains(says), "{args:?}: {out:?}");
    }
    assert_eq!(
        env.run(&["entries", "--json"]).ok().json(),
        serde_json::json!([])
    );
    assert_eq!(
        env.run(&["people", "--json"]).ok().json(),
        serde_json::json!([])
    );
}

#[test]
fn weak_passphrase_at_init_is_exit_10_and_creates_nothing() {
    let env = Env::new();
    let out = run(
        env.cmd().env("KINDRED_PASSPHRASE", "short").arg("init"),
        None,
    );
    assert_eq!(out.code, 10, "{out:?}");
    assert!(out.stderr.contains("at least 8 characters"), "{out:?}");
    assert!(!env.vault().join("kindred.keys").exists());

    // Long enough, but one of the most common passwords: the core refuses
    // it with zxcvbn's reason, as the app's meter would.
    let out = run(
        env.cmd()
            .env("KINDRED_PASSPHRASE", "password123")
            .arg("init"),
        None,
    );
    assert_eq!(out.code, 10, "{out:?}");
    assert!(out.stderr.contains("easy to guess"), "{out:?}");
    assert!(out.stderr.contains("common password"), "{out:?}");
    assert!(!env.vault().join("kindred.keys").exists());
}

#[test]
fn a_weak_new_passphrase_is_refused_with_the_reason_and_changes_nothing() {
    let env = Env::new();
    env.init();
    let before = snapshot(&env.vault());
    let out = run(
        env.cmd().env("KINDRED_NEW_PASSPHRASE", "qwertyuiop").args([
            "passphrase",
            "change",
            "--new-key",
        ]),
        None,
    );
    assert_eq!(out.code, 10, "{out:?}");
    assert!(out.stderr.contains("easy to guess"), "{out:?}");
    assert_eq!(snapshot(&env.vault()), before);
}

#[test]
fn no_passphrase_and_no_terminal_is_exit_11() {
    let env = Env::new();
    env.init();
    let out = run(
        env.cmd().env_remove("KINDRED_PASSPHRASE").arg("entries"),
        None,
    );
    assert_eq!(out.code, 11, "{out:?}");
    assert!(out.stderr.contains("KINDRED_PASSPHRASE"), "{out:?}");
    assert!(out.stderr.contains("--passphrase-file"), "{out:?}");
}

#[test]
fn usage_errors_are_exit_2() {
    let env = Env::new();
    for args in [
        &["frobnicate"][..],
        &["show"],
        &["show", "abc"],
        &["entries", "--limit", "-1"],
    ] {
        assert_eq!(env.run(args).code, 2, "{args:?}");
    }
}

#[test]
fn damaged_key_files_are_exit_7_and_8() {
    let env = Env::new();
    env.init();
    let keys = env.vault().join("kindred.keys");
    let good = std::fs::read_to_string(&keys).unwrap();

    std::fs::write(&keys, &good[..good.len() / 3]).unwrap();
    let out = env.run(&["entries"]);
    assert_eq!(out.code, 7, "{out:?}");
    assert_eq!(
        out.stderr.trim(),
        "kindred: The key file is damaged (it is not complete, valid JSON; it may be truncated). Nothing was changed. Restore it from a backup if this keeps happening."
    );

    let at = good.find("\"salt\": \"").unwrap() + 10;
    let mut flipped = good.clone().into_bytes();
    flipped[at] ^= 0x01;
    std::fs::write(&keys, flipped).unwrap();
    let out = env.run(&["entries"]);
    assert_eq!(out.code, 7, "{out:?}");
    assert!(out.stderr.contains("checksum does not match"), "{out:?}");

    std::fs::write(&keys, good.replace("\"version\": 1", "\"version\": 7")).unwrap();
    let out = env.run(&["entries", "--json"]);
    assert_eq!(out.code, 8, "{out:?}");
    let err: serde_json::Value = serde_json::from_str(out.stderr.trim()).unwrap();
    assert_eq!(err["error"]["code"], "UnsupportedVersion");

    std::fs::write(&keys, &good).unwrap();
    env.run(&["entries"]).ok();
}

#[test]
fn a_damaged_database_is_exit_7() {
    let env = Env::new();
    env.init();
    env.write("x", &[]);
    let db = env.vault().join("kindred.db");
    let mut bytes = std::fs::read(&db).unwrap();
    for b in &mut bytes[100..4096] {
        *b ^= 0x55;
    }
    std::fs::write(&db, bytes).unwrap();
    let out = env.run(&["entries"]);
    assert_eq!(out.code, 7, "{out:?}");
    assert!(out.stderr.contains("vault database"), "{out:?}");
}

/// A tmpfs of 1 MiB in a private mount namespace: the write that does not
/// fit is refused as DiskFull and what was saved before is intact.
#[test]
fn a_full_disk_is_exit_12_and_loses_nothing() {
    let env = Env::new();
    let mnt = env.path("small");
    std::fs::create_dir_all(&mnt).unwrap();
    let unshare = if is_root() {
        "unshare -m"
    } else {
        "unshare -r -m"
    };
    let script = format!(
        r#"{unshare} bash -c '
        mount -t tmpfs -o size=1m tmpfs "{mnt}" || exit 99
        export KINDRED_VAULT="{mnt}/v"
        "$K" init >/dev/null || exit 98
        echo "kept entry" | "$K" write >/dev/null || exit 97
        head -c 3000000 /dev/zero | tr "\0" "a" | "$K" write
        echo "write=$?"
        "$K" entries --json
        "$K" check && echo integrity=ok
        '"#,
        mnt = mnt.display()
    );
    let out = env.sh(&script);
    assert_eq!(out.code, 0, "{out:?}");
    assert!(out.stdout.contains("write=12"), "{out:?}");
    assert!(out.stderr.contains("The disk is full"), "{out:?}");
    assert!(
        out.stdout.contains("\"excerpt\": \"kept entry\\n\""),
        "{out:?}"
    );
    assert!(out.stdout.contains("integrity=ok"), "{out:?}");
}

fn is_root() -> bool {
    std::process::Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}
