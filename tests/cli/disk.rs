//! A full disk on every write path: a backup, an import, a restore (into a
//! new folder and over the vault) and a schema upgrade each meet a tmpfs
//! that fills mid-way. Each says `DiskFull` (exit 12), leaves the vault as
//! it was, and leaves no half-written backup listed as good. Also: a backup
//! on read-only media is verified without writing beside it.
//!
//! Each test runs its commands in a private mount namespace (`unshare -m`,
//! with `-r` when not root) holding a small tmpfs at `$S`.

use crate::util::*;

/// Runs `script` in bash, in a private mount namespace with a tmpfs of
/// `size` at `$S`, with `$K` the kindred binary and `$FIXTURES` the core's
/// test fixtures.
fn with_small_disk(env: &Env, size: &str, script: &str) -> Out {
    let small = env.path("small");
    std::fs::create_dir_all(&small).unwrap();
    let unshare = if is_root() {
        "unshare -m"
    } else {
        "unshare -r -m"
    };
    let fixtures = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../kindred-core/tests/fixtures"
    );
    let inner = format!("set -u\nmount -t tmpfs -o size={size} tmpfs \"$S\" || exit 99\n{script}");
    env.sh(&format!(
        "export S={small} FIXTURES={fixtures}\n{unshare} bash -c {inner}",
        small = shell_quote(&small.display().to_string()),
        fixtures = shell_quote(fixtures),
        inner = shell_quote(&inner),
    ))
}

fn shell_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

fn is_root() -> bool {
    std::process::Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

/// A ~1 MB entry, so a few of them outgrow a small disk.
const BIG: &str = r#"head -c 1000000 /dev/urandom | base64 -w 76"#;

#[test]
fn a_backup_that_fills_the_disk_leaves_nothing_listed_and_the_vault_as_it_was() {
    let env = Env::new();
    env.init();
    let out = with_small_disk(
        &env,
        "1500k",
        &format!(
            r#"
            for i in 1 2 3; do {BIG} | "$K" write >/dev/null || exit 98; done
            before=$(cat "$KINDRED_VAULT"/kindred.db "$KINDRED_VAULT"/kindred.keys | sha256sum)
            "$K" backup --to "$S/b"; echo "to=$?"
            "$K" backup-settings --primary "$S/b" >/dev/null || exit 97
            "$K" backup; echo "configured=$?"
            echo "left=[$(ls -A "$S/b" 2>/dev/null)]"
            "$K" backups --json | tr -d ' \n'; echo
            "$K" check >/dev/null && echo integrity=ok
            "$K" backup-settings --primary "$KINDRED_VAULT/backups" >/dev/null || exit 96
            after=$(cat "$KINDRED_VAULT"/kindred.db "$KINDRED_VAULT"/kindred.keys | sha256sum)
            "$K" entries --json | grep -c '"id"'
            "#
        ),
    );
    assert_eq!(out.code, 0, "{out:?}");
    assert!(out.stdout.contains("to=12"), "{out:?}");
    assert!(out.stdout.contains("configured=12"), "{out:?}");
    assert!(out.stderr.contains("The disk is full"), "{out:?}");
    assert!(
        out.stdout.contains("left=[]"),
        "nothing half-written: {out:?}"
    );
    assert!(out.stdout.contains("\n[]\n"), "no backup listed: {out:?}");
    assert!(out.stdout.contains("integrity=ok"), "{out:?}");
    assert!(out.stdout.trim_end().ends_with('3'), "{out:?}");
}

#[test]
fn an_import_that_fills_the_disk_imports_nothing() {
    let env = Env::new();
    let out = with_small_disk(
        &env,
        "2m",
        r#"
        export KINDRED_VAULT="$S/v"
        "$K" init >/dev/null || exit 98
        echo "kept entry" | "$K" write >/dev/null || exit 97
        body=$(head -c 30000 /dev/urandom | base64 -w 0)
        { echo '{"tags": {}, "entries": ['
          for i in $(seq 1 120); do
            [ "$i" -gt 1 ] && echo ,
            printf '{"date": "2024-01-%02d", "time": "09:%02d", "title": "t%d", "body": "%s", "tags": [], "starred": false}' $(( (i % 28) + 1 )) $(( i % 60 )) "$i" "$body"
          done
          echo ']}'; } > "$HOME/jrnl.json"
        "$K" import --from jrnl "$HOME/jrnl.json"; echo "import=$?"
        "$K" entries --json | grep -c '"id"'
        "$K" check >/dev/null && echo integrity=ok
        "#,
    );
    assert_eq!(out.code, 0, "{out:?}");
    assert!(out.stdout.contains("import=12"), "{out:?}");
    assert!(out.stderr.contains("The disk is full"), "{out:?}");
    assert!(out.stdout.contains("\n1\n"), "only the kept entry: {out:?}");
    assert!(out.stdout.contains("integrity=ok"), "{out:?}");
}

#[test]
fn a_restore_that_fills_the_disk_leaves_no_folder_and_no_vault_changed() {
    let env = Env::new();
    env.init();
    let out = with_small_disk(
        &env,
        "3m",
        &format!(
            r#"
            for i in 1 2; do {BIG} | "$K" write >/dev/null || exit 98; done
            file=$("$K" backup --json | grep -o '"[^"]*\.kbak"' | head -1 | tr -d '"')
            [ -f "$file" ] || exit 97
            # Into a new folder on the small disk: too big for it.
            head -c 1500000 /dev/zero > "$S/filler"
            "$K" restore "$file" --to "$S/r"; echo "to=$?"
            [ -e "$S/r" ] && echo "left a folder"
            rm "$S/filler"
            # Over a vault that lives on the small disk: the safety backup
            # does not fit.
            mount -o remount,size=12m "$S" || exit 93
            "$K" restore "$file" --to "$S/v" >/dev/null || exit 96
            export KINDRED_VAULT="$S/v"
            echo "after the backup" | "$K" write >/dev/null || exit 95
            used=$(du -sk "$S" | cut -f1)
            mount -o remount,size=$((used + 300))k "$S" || exit 94
            before=$(cat "$S"/v/kindred.db* "$S"/v/kindred.keys | sha256sum)
            "$K" restore "$file" --replace; echo "replace=$?"
            after=$(cat "$S"/v/kindred.db* "$S"/v/kindred.keys | sha256sum)
            [ "$before" = "$after" ] && echo unchanged
            ls "$S"/v/backups 2>/dev/null | grep -c kbak
            "$K" check >/dev/null && echo integrity=ok
            "$K" entries --json | grep -c '"id"'
            "#
        ),
    );
    assert_eq!(out.code, 0, "{out:?}");
    assert!(out.stdout.contains("to=12"), "{out:?}");
    assert!(!out.stdout.contains("left a folder"), "{out:?}");
    assert!(out.stdout.contains("replace=12"), "{out:?}");
    assert!(out.stdout.contains("unchanged"), "{out:?}");
    assert!(out.stdout.contains("integrity=ok"), "{out:?}");
    assert!(out.stdout.trim_end().ends_with('3'), "{out:?}");
}

#[test]
fn a_schema_upgrade_that_fills_the_disk_leaves_the_old_vault_that_then_upgrades() {
    let env = Env::new();
    let out = with_small_disk(
        &env,
        "4m",
        r#"
        export KINDRED_PASSPHRASE="a quiet harbour at dawn"
        export KINDRED_VAULT="$S/v"
        "$K" restore "$FIXTURES/backups/v1-schema4.kbak" --to "$S/v" >/dev/null || exit 98
        used=$(du -sk "$S" | cut -f1)
        mount -o remount,size=$((used + 48))k "$S" || exit 97
        before=$(cat "$S"/v/kindred.db* "$S"/v/kindred.keys | sha256sum)
        "$K" entries --json; echo "upgrade=$?"
        after=$(cat "$S"/v/kindred.db* "$S"/v/kindred.keys | sha256sum)
        [ "$before" = "$after" ] && echo unchanged
        mount -o remount,size=8m "$S" || exit 96
        "$K" entries --json | tr -d '\n'; echo
        "$K" check >/dev/null && echo integrity=ok
        ls "$S"/v/backups | grep -c pre-upgrade
        "#,
    );
    assert_eq!(out.code, 0, "{out:?}");
    assert!(out.stdout.contains("upgrade=12"), "{out:?}");
    assert!(out.stdout.contains("unchanged"), "{out:?}");
    assert!(out.stdout.contains("Before format 2"), "{out:?}");
    assert!(out.stdout.contains("integrity=ok"), "{out:?}");
    assert!(
        out.stdout.trim_end().ends_with('1'),
        "one pre-upgrade backup: {out:?}"
    );
}

/// A backup on read-only media (a drive mounted read-only, a CD) is
/// verified without writing a scratch copy beside it.
#[test]
fn a_backup_on_read_only_media_is_verified() {
    let env = Env::new();
    env.init();
    env.write("on a read-only drive", &[]);
    let out = with_small_disk(
        &env,
        "8m",
        r#"
        "$K" backup --to "$S/b" >/dev/null || exit 98
        mount -o remount,ro "$S" || exit 97
        file=$(ls "$S"/b/*.kbak)
        "$K" verify "$file"; echo "verify=$?"
        "#,
    );
    assert_eq!(out.code, 0, "{out:?}");
    assert!(out.stdout.contains("verify=0"), "{out:?}");
}
