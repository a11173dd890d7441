//! Backups: round trips, corruption of every kind, rotation over a year.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{TimeZone, Utc};
use kindred_core::backup::{self, no_progress, BackupSecret, Retention, Stage};
use kindred_core::clock::{Clock, FixedClock};
use kindred_core::model::{EntryDraft, PersonDraft, Proximity};
use kindred_core::vault;
use kindred_core::{ErrorCode, Unlock, Vault};
use rusqlite::Connection;

use crate::util::*;

/// Every row of every table (search index and its shadow tables aside),
/// as text, in a stable order.
pub fn dump(conn: &Connection) -> Vec<String> {
    let mut tables: Vec<String> = conn
        .prepare(
            "SELECT name FROM sqlite_master WHERE type = 'table'
             AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'search_index%' ORDER BY name",
        )
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    tables.sort();
    let mut out = Vec::new();
    for t in tables {
        let mut stmt = conn
            .prepare(&format!("SELECT * FROM \"{t}\" ORDER BY 1, 2"))
            .unwrap();
        let n = stmt.column_count();
        let rows = stmt
            .query_map([], |r| {
                let mut cells = vec![t.clone()];
                for i in 0..n {
                    cells.push(format!("{:?}", r.get::<_, rusqlite::types::Value>(i)?));
                }
                Ok(cells.join("|"))
            })
            .unwrap();
        for row in rows {
            out.push(row.unwrap());
        }
    }
    out
}

fn fill(v: &Vault) {
    let p = v
        .people()
        .add(&PersonDraft {
            name: "Marguerite Okonkwo-Llewellyn".into(),
            relationship: "grandmother".into(),
            proximity: Some(Proximity::FewTimesAYear),
            how_we_met: "she was there first".into(),
            cadence_days: Some(7),
        })
        .unwrap();
    v.people()
        .add_note(p, "Her garden is her pride; ask about the quinces")
        .unwrap();
    for i in 0..12 {
        v.journal()
            .write(&EntryDraft {
                title: format!("Day {i} 🙂"),
                body: format!("Visited the orchard, entry {i}. שלום"),
                tags: vec!["family".into(), format!("t{i}")],
                people: vec![p],
                ..EntryDraft::default()
            })
            .unwrap();
    }
    v.journal().trash(3).unwrap();
    v.set_setting("ui.theme", "dark").unwrap();
}

#[test]
fn round_trip_with_the_passphrase_and_with_the_recovery_code() {
    let tv = TestVault::new();
    fill(tv.vault());
    let before = dump(tv.vault().connection());
    let report = tv.vault().backups().now(&mut no_progress).unwrap();
    assert_eq!(report.written.len(), 1);
    let file = report.written[0].clone();

    for (name, secret) in [
        ("with-pass", BackupSecret::Passphrase(&pass(PASSPHRASE))),
        (
            "with-code",
            BackupSecret::RecoveryCode(&pass(&tv.recovery_code())),
        ),
    ] {
        let dir = tv.tmp.path().join(name);
        backup::restore_to(&file, &dir, secret, &mut no_progress).unwrap();
        let v = Vault::unlock(&dir, Unlock::Passphrase(&pass(PASSPHRASE)), clock()).unwrap();
        assert_eq!(
            dump(v.connection()),
            before,
            "{name}: every table identical"
        );
        assert_eq!(
            v.search("orchard", 50).unwrap().len(),
            11,
            "the index came along"
        );
        v.check_integrity().unwrap();
        assert!(!v.is_remembered(), "device slots stay with their device");
    }
}

#[test]
fn restore_replacing_keeps_a_safety_backup_first() {
    let mut tv = TestVault::new();
    fill(tv.vault());
    let at_backup = dump(tv.vault().connection());
    let file = tv.vault().backups().now(&mut no_progress).unwrap().written[0].clone();
    tv.vault()
        .journal()
        .write(&EntryDraft {
            body: "written after the backup".into(),
            ..EntryDraft::default()
        })
        .unwrap();
    let after = dump(tv.vault().connection());

    // Refused while the vault is open.
    let err = backup::restore_replacing(
        &tv.dir(),
        &file,
        BackupSecret::Passphrase(&pass(PASSPHRASE)),
        clock(),
        &mut no_progress,
    )
    .unwrap_err();
    assert_eq!(err.code(), ErrorCode::VaultBusy);
    tv.lock();

    let done = backup::restore_replacing(
        &tv.dir(),
        &file,
        BackupSecret::Passphrase(&pass(PASSPHRASE)),
        clock(),
        &mut no_progress,
    )
    .unwrap();
    let backup::Kept::SafetyBackup(safety) = done.kept else {
        panic!("a healthy vault gets a safety backup: {done:?}")
    };
    assert!(safety.to_string_lossy().contains("pre-restore"));
    let v = Vault::unlock(&tv.dir(), Unlock::Passphrase(&pass(PASSPHRASE)), clock()).unwrap();
    assert_eq!(dump(v.connection()), at_backup);
    v.check_integrity().unwrap();
    drop(v);
    // The safety backup holds the state just before the restore.
    let dir = tv.tmp.path().join("from-safety");
    backup::restore_to(
        &safety,
        &dir,
        BackupSecret::Passphrase(&pass(PASSPHRASE)),
        &mut no_progress,
    )
    .unwrap();
    let v = Vault::unlock(&dir, Unlock::Passphrase(&pass(PASSPHRASE)), clock()).unwrap();
    let mut want = after;
    want.retain(|r| !r.starts_with("settings|"));
    let mut got = dump(v.connection());
    got.retain(|r| !r.starts_with("settings|"));
    assert_eq!(got, want);
}

#[test]
fn a_backup_needs_the_passphrase_valid_when_it_was_made() {
    let mut tv = TestVault::new();
    let file = tv.vault().backups().now(&mut no_progress).unwrap().written[0].clone();
    tv.vault_mut()
        .change_passphrase(&pass(PASSPHRASE), &pass("the newer passphrase"))
        .unwrap();
    let err = backup::restore_to(
        &file,
        &tv.tmp.path().join("x"),
        BackupSecret::Passphrase(&pass("the newer passphrase")),
        &mut no_progress,
    )
    .unwrap_err();
    assert_eq!(err.code(), ErrorCode::WrongPassphrase);
    // The words are about the backup, not this vault (the app shows them as is).
    assert_eq!(
        err.to_string(),
        "That passphrase does not open this backup. A backup opens with the passphrase \
         that was valid when it was made (or the recovery code from then), even if it has \
         changed since. Nothing was changed."
    );
    let err = backup::restore_to(
        &file,
        &tv.tmp.path().join("x"),
        BackupSecret::RecoveryCode(&pass("AAAA-BBBB-CCCC-DDDD")),
        &mut no_progress,
    )
    .unwrap_err();
    assert_eq!(err.code(), ErrorCode::WrongRecoveryCode);
    assert!(
        err.to_string().contains("does not open this backup"),
        "{err}"
    );
    assert!(!tv.tmp.path().join("x").join("kindred.keys").exists());
    backup::restore_to(
        &file,
        &tv.tmp.path().join("y"),
        BackupSecret::Passphrase(&pass(PASSPHRASE)),
        &mut no_progress,
    )
    .unwrap();
    // The open vault verifies its own backups with its key, whatever the passphrase.
    tv.vault()
        .backups()
        .verify(&file, &mut no_progress)
        .unwrap();
}

#[test]
fn backups_hold_no_plaintext() {
    let tv = TestVault::new();
    fill(tv.vault());
    let folder = tv.tmp.path().join("elsewhere");
    tv.vault()
        .backups()
        .write_into(&folder, "", &mut no_progress)
        .unwrap();
    let needles = [
        "Marguerite",
        "Okonkwo",
        "quinces",
        "orchard",
        "grandmother",
        "family",
    ];
    assert_eq!(found_in(&folder, &needles), Vec::<String>::new());
    assert_eq!(
        std::fs::read_dir(&folder).unwrap().count(),
        1,
        "no scratch files left"
    );
}

/// A backup from a newer Kindred and a backup file that is not there are
/// explained as what they are, in the words the app shows as they are: a
/// newer Kindred wrote the backup (not "this vault"), and a missing file is
/// missing (not "in the trash").
#[test]
fn a_newer_or_missing_backup_file_is_explained_as_such() {
    let tv = TestVault::new();
    let file = tv.vault().backups().now(&mut no_progress).unwrap().written[0].clone();
    let newer = tv.tmp.path().join("newer.kbak");
    rewrite_header(&file, &newer, |h| h["version"] = 7.into());
    const { assert!(backup::FORMAT_VERSION < 7) };
    let missing = tv.tmp.path().join("gone.kbak");
    let cases = [
        (
            &newer,
            ErrorCode::UnsupportedVersion,
            format!(
                "The backup file was written by a newer Kindred (format version 7; this one \
                 reads up to {}). Update Kindred to open it; nothing was changed.",
                backup::FORMAT_VERSION
            ),
        ),
        (
            &missing,
            ErrorCode::NotFound,
            format!(
                "There is no backup file at {}; it may have been moved or deleted. \
                 Your vault is not affected.",
                missing.display()
            ),
        ),
    ];
    let to = tv.tmp.path().join("restored");
    for (path, code, says) in &cases {
        let secret = BackupSecret::Passphrase(&pass(PASSPHRASE));
        let errs = [
            backup::inspect(path).unwrap_err(),
            tv.vault()
                .backups()
                .verify(path, &mut no_progress)
                .unwrap_err(),
            backup::restore_to(path, &to, secret, &mut no_progress).unwrap_err(),
        ];
        for err in errs {
            assert_eq!((err.code(), err.to_string()), (*code, says.clone()));
        }
    }
    assert!(!to.exists(), "nothing restored");
}

/// Rewrites a backup's header with `edit` and a fresh trailing checksum, as
/// a newer Kindred or a hostile file would be.
fn rewrite_header(file: &Path, out: &Path, edit: impl Fn(&mut serde_json::Value)) {
    use sha2::{Digest, Sha256};
    let bytes = std::fs::read(file).unwrap();
    let len = u32::from_le_bytes(bytes[16..20].try_into().unwrap()) as usize;
    let mut header: serde_json::Value = serde_json::from_slice(&bytes[20..20 + len]).unwrap();
    edit(&mut header);
    let h = serde_json::to_vec(&header).unwrap();
    let mut new = Vec::new();
    new.extend_from_slice(&bytes[..16]);
    new.extend_from_slice(&(h.len() as u32).to_le_bytes());
    new.extend_from_slice(&h);
    new.extend_from_slice(&bytes[20 + len..bytes.len() - 32]);
    let sum = Sha256::digest(&new);
    new.extend_from_slice(&sum);
    std::fs::write(out, new).unwrap();
}

#[test]
fn every_kind_of_damage_is_found_by_verify_and_refused_by_restore() {
    let mut tv = TestVault::new();
    fill(tv.vault());
    let good = tv.vault().backups().now(&mut no_progress).unwrap().written[0].clone();
    let other = TestVault::new();
    let foreign = other
        .vault()
        .backups()
        .now(&mut no_progress)
        .unwrap()
        .written[0]
        .clone();
    let bad = tv.tmp.path().join("bad");
    std::fs::create_dir_all(&bad).unwrap();
    let bytes = std::fs::read(&good).unwrap();
    let hlen = u32::from_le_bytes(bytes[16..20].try_into().unwrap()) as usize;

    let mut cases: Vec<(&str, PathBuf, ErrorCode, &str)> = Vec::new();
    let mut add = |name: &'static str, data: Vec<u8>, code, says| {
        let p = bad.join(format!("{name}.kbak"));
        std::fs::write(&p, data).unwrap();
        cases.push((name, p, code, says));
    };
    let mut f = bytes.clone();
    f[20 + hlen + 5000] ^= 0x01;
    add(
        "flipped_in_database",
        f,
        ErrorCode::CorruptFile,
        "checksum does not match",
    );
    let mut f = bytes.clone();
    f[30] ^= 0x01;
    add(
        "flipped_in_header",
        f,
        ErrorCode::CorruptFile,
        "its header is damaged",
    );
    add(
        "truncated",
        bytes[..bytes.len() * 2 / 3].to_vec(),
        ErrorCode::CorruptFile,
        "truncated",
    );
    add(
        "empty",
        Vec::new(),
        ErrorCode::CorruptFile,
        "not a Kindred backup",
    );
    add(
        "not_a_backup",
        b"PK\x03\x04 a zip, perhaps".to_vec(),
        ErrorCode::CorruptFile,
        "not a Kindred backup",
    );
    let p = bad.join("newer_version.kbak");
    let newer = backup::FORMAT_VERSION + 1;
    rewrite_header(&good, &p, |h| h["version"] = newer.into());
    let says_newer: &'static str = Box::leak(format!("format version {newer}").into_boxed_str());
    cases.push((
        "newer_version",
        p,
        ErrorCode::UnsupportedVersion,
        says_newer,
    ));
    // A header claiming this vault around another vault's database.
    let p = bad.join("spliced.kbak");
    let mine: serde_json::Value = { serde_json::from_slice(&bytes[20..20 + hlen]).unwrap() };
    rewrite_header(&foreign, &p, |h| {
        h["vault_id"] = mine["vault_id"].clone();
        h["key_file"] = mine["key_file"].clone();
    });
    cases.push((
        "spliced",
        p,
        ErrorCode::CorruptFile,
        "manifest does not open",
    ));
    cases.push((
        "wrong_vault",
        foreign.clone(),
        ErrorCode::CorruptFile,
        "belongs to another vault",
    ));

    tv.lock();
    let v = Vault::unlock(&tv.dir(), Unlock::Passphrase(&pass(PASSPHRASE)), clock()).unwrap();
    for (name, file, code, says) in &cases {
        let err = v.backups().verify(file, &mut no_progress).unwrap_err();
        assert_eq!(err.code(), *code, "verify {name}: {err}");
        assert!(err.to_string().contains(says), "verify {name}: {err}");
    }
    drop(v);
    let before = snapshot(&tv.dir());
    for (name, file, code, _) in &cases {
        let secret = BackupSecret::Passphrase(&pass(PASSPHRASE));
        let err = backup::restore_replacing(&tv.dir(), file, secret, clock(), &mut no_progress)
            .unwrap_err();
        let expected = if *name == "wrong_vault" {
            ErrorCode::InvalidInput
        } else {
            *code
        };
        assert_eq!(err.code(), expected, "restore {name}: {err}");
        assert_eq!(
            snapshot(&tv.dir()),
            before,
            "restore {name} changed the vault"
        );
        let dir = tv.tmp.path().join(format!("r-{name}"));
        if *name != "wrong_vault" {
            let err = backup::restore_to(file, &dir, secret, &mut no_progress).unwrap_err();
            assert_eq!(err.code(), *code, "restore --to {name}: {err}");
            assert!(!dir.exists(), "restore --to {name} left its folder");
            // Into a folder that was there already: it stays, empty.
            std::fs::create_dir(&dir).unwrap();
            let err = backup::restore_to(file, &dir, secret, &mut no_progress).unwrap_err();
            assert_eq!(err.code(), *code, "restore --to {name}: {err}");
            assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 0, "{name}");
        }
    }
}

#[test]
fn a_missing_second_folder_is_skipped_quietly_and_not_created() {
    let tv = TestVault::new();
    let v = tv.vault();
    let drive = tv.tmp.path().join("usb-drive-not-plugged-in");
    let mut s = v.backups().settings().unwrap();
    s.secondary = Some(drive.clone());
    v.backups().set_settings(&s).unwrap();
    let report = v.backups().now(&mut no_progress).unwrap();
    assert_eq!(report.written.len(), 1);
    assert_eq!(report.skipped.len(), 1);
    assert!(!drive.exists());
    std::fs::create_dir_all(&drive).unwrap();
    let report = v.backups().now(&mut no_progress).unwrap();
    assert_eq!(report.written.len(), 2);
    assert!(report.skipped.is_empty());
    assert_eq!(v.backups().list().unwrap().len(), 3);
    // Unplugged while a backup runs, then plugged in again: what is on the
    // drive is still known as verified.
    let away = tv.tmp.path().join("drive-elsewhere");
    std::fs::rename(&drive, &away).unwrap();
    let report = v.backups().now(&mut no_progress).unwrap();
    assert_eq!((report.written.len(), report.skipped.len()), (1, 1));
    std::fs::rename(&away, &drive).unwrap();
    let listed = v.backups().list().unwrap();
    assert_eq!(listed.len(), 4);
    assert!(listed.iter().all(|b| b.verified_at.is_some()), "{listed:?}");
}

#[test]
fn automatic_backups_run_once_a_day() {
    let start = Utc.with_ymd_and_hms(2026, 5, 1, 8, 0, 0).unwrap();
    let fixed = Arc::new(FixedClock::new(start));
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("v");
    let c: Arc<dyn Clock> = fixed.clone();
    let v = Vault::create(&dir, &pass(PASSPHRASE), c).unwrap().vault;
    assert!(
        v.backups().auto_if_due(&mut no_progress).unwrap().is_some(),
        "never backed up"
    );
    fixed.set(start + chrono::Duration::hours(23));
    assert!(v.backups().auto_if_due(&mut no_progress).unwrap().is_none());
    fixed.set(start + chrono::Duration::hours(24));
    assert!(v.backups().auto_if_due(&mut no_progress).unwrap().is_some());
    assert_eq!(v.backups().list().unwrap().len(), 2);
}

/// One backup a day at 03:00 for all of 2026 under the default policy
/// (last 5, daily 7, weekly 4, monthly 12), rotating after each. What is
/// left, worked out by hand: Dec 25–31 (daily), Dec 20 and 13 (the newest
/// of ISO weeks 51 and 50; weeks 53 and 52 end on Dec 31 and 27, already
/// kept), and the last day of Jan–Nov (monthly).
#[test]
fn rotation_keeps_exactly_what_the_policy_says_over_a_year() {
    let start = Utc.with_ymd_and_hms(2026, 1, 1, 3, 0, 0).unwrap();
    let fixed = Arc::new(FixedClock::new(start));
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("v");
    let c: Arc<dyn Clock> = fixed.clone();
    let v = Vault::create(&dir, &pass(PASSPHRASE), c).unwrap().vault;
    assert_eq!(
        v.backups().settings().unwrap().retention,
        Retention::default()
    );
    for day in 0..365 {
        fixed.set(start + chrono::Duration::days(day));
        v.backups().now(&mut no_progress).unwrap();
    }
    let mut kept: Vec<String> = v
        .backups()
        .list()
        .unwrap()
        .into_iter()
        .map(|b| b.info.unwrap().created_at.format("%m-%d").to_string())
        .collect();
    kept.sort();
    let want = [
        "01-31", "02-28", "03-31", "04-30", "05-31", "06-30", "07-31", "08-31", "09-30", "10-31",
        "11-30", "12-13", "12-20", "12-25", "12-26", "12-27", "12-28", "12-29", "12-30", "12-31",
    ];
    assert_eq!(kept, want);
}

/// A vault as an older Kindred left it (schema v1), built from the public
/// parts, in `dir`.
fn old_vault(dir: &Path) {
    use kindred_core::crypto::{new_data_key, recovery};
    use kindred_core::keyfile::KeyFile;
    use kindred_core::store::{self, entries, OpenMode};
    std::fs::create_dir_all(dir).unwrap();
    let key = new_data_key().unwrap();
    let mut kf = KeyFile::create(
        "2025-01-01T00:00:00.000Z",
        &key,
        &pass(PASSPHRASE),
        &recovery::generate().unwrap(),
    )
    .unwrap();
    {
        let conn = store::open(&vault::db_path(dir), &key, OpenMode::Create).unwrap();
        store::migrate_to(&conn, 1).unwrap();
        let date = chrono::NaiveDate::from_ymd_opt(2025, 1, 1).unwrap();
        entries::insert(
            &conn,
            date,
            "Old",
            "written in the orchard long ago",
            Utc::now(),
        )
        .unwrap();
    }
    kf.save(&vault::keys_path(dir)).unwrap();
}

/// The upgrade of an old vault must back it up first, then migrate it.
#[test]
fn a_schema_upgrade_makes_a_backup_first() {
    use kindred_core::store;
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("old");
    old_vault(&dir);

    let v = Vault::unlock(&dir, Unlock::Passphrase(&pass(PASSPHRASE)), clock()).unwrap();
    let listed = v.backups().list().unwrap();
    assert_eq!(listed.len(), 1);
    assert!(listed[0].path.to_string_lossy().contains("pre-upgrade"));
    let m = v
        .backups()
        .verify(&listed[0].path, &mut no_progress)
        .unwrap();
    assert_eq!(m.schema_version, 1);
    assert_eq!(
        store::current_version(v.connection()).unwrap(),
        store::latest_version()
    );
    assert_eq!(
        v.search("orchard", 50).unwrap().len(),
        1,
        "the upgrade built the index"
    );
}

/// A second handle (the app's backups run on one) takes a consistent
/// snapshot while the first is in the middle of a write: the backup holds
/// what was committed and nothing of the open transaction.
#[test]
fn a_second_handle_backs_up_what_was_committed_while_the_first_writes() {
    let tv = TestVault::new();
    let v = tv.vault();
    v.journal()
        .write(&EntryDraft {
            title: "Committed before the backup".into(),
            body: "kept".into(),
            ..EntryDraft::default()
        })
        .unwrap();
    let side = v.second_handle().unwrap();
    assert_eq!(side.id(), v.id());
    let tx = v.connection().unchecked_transaction().unwrap();
    tx.execute(
        "INSERT INTO entries (entry_date, title, body_md, created_at, updated_at)
         VALUES ('2026-01-01', 'Still being written', 'open', 't', 't')",
        [],
    )
    .unwrap();
    let report = side.backups().now(&mut no_progress).unwrap();
    tx.commit().unwrap();
    drop(side);
    assert_eq!(report.written.len(), 1);

    let to = tv.tmp.path().join("restored");
    backup::restore_to(
        &report.written[0],
        &to,
        BackupSecret::Passphrase(&pass(PASSPHRASE)),
        &mut no_progress,
    )
    .unwrap();
    let r = Vault::unlock(&to, Unlock::Passphrase(&pass(PASSPHRASE)), clock()).unwrap();
    let titles: Vec<String> = r
        .connection()
        .prepare("SELECT title FROM entries ORDER BY id")
        .unwrap()
        .query_map([], |row| row.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert_eq!(titles, vec!["Committed before the backup".to_owned()]);
    // The first handle carries on as before.
    assert_eq!(v.counts().unwrap().entries, 2);
}

/// A lock stops a backup at whatever stage it is in (snapshot, writing,
/// verifying): it fails with `VaultLocked`, and no backup file, partial
/// file or scratch folder is left in the folder.
#[test]
fn a_backup_stopped_by_a_lock_leaves_nothing_behind() {
    use kindred_core::backup::Stage;
    let tv = TestVault::new();
    fill(tv.vault());
    let side = tv.vault().second_handle().unwrap();
    let folder = tv.tmp.path().join("stopped");
    for stop_at in [Stage::Snapshot, Stage::Write, Stage::Verify] {
        let side = tv.vault().second_handle().unwrap();
        let cancel = side.cancel_handle();
        let mut after: Vec<Stage> = Vec::new();
        let err = side
            .backups()
            .write_into(&folder, "", &mut |stage, _, _| {
                if cancel.is_cancelled() {
                    after.push(stage);
                } else if stage == stop_at {
                    cancel.cancel();
                }
            })
            .unwrap_err();
        assert_eq!(err.code(), ErrorCode::VaultLocked, "{stop_at:?}: {err}");
        // It stops at once: no later stage starts.
        assert!(
            after.iter().all(|s| *s == stop_at),
            "{stop_at:?}: went on with {after:?}"
        );
        let left: Vec<_> = std::fs::read_dir(&folder)
            .map(|rd| rd.flatten().map(|e| e.file_name()).collect())
            .unwrap_or_default();
        assert!(left.is_empty(), "{stop_at:?}: {left:?}");
    }
    // The main handle, never cancelled, still backs up.
    drop(side);
    tv.vault()
        .backups()
        .write_into(&folder, "", &mut no_progress)
        .unwrap();
}

/// "Back up now" pressed while the automatic backup after unlocking runs
/// (or while the CLI backs up from cron): each finishes as a whole,
/// verified backup under its own name, even within the same second, and
/// neither takes the other's scratch folder, file or place in the rotation.
#[test]
fn backups_started_together_each_finish_whole() {
    let tv = TestVault::new();
    fill(tv.vault());
    // All made in the same second (the clock is fixed): keep them all, so
    // that a name freed by the rotation is not given again.
    let mut settings = tv.vault().backups().settings().unwrap();
    settings.retention.last = 100;
    tv.vault().backups().set_settings(&settings).unwrap();
    let folder = settings.primary;
    for round in 0..6 {
        let mut written = Vec::new();
        for r in back_up_together(tv.vault(), 3) {
            let r = r.unwrap_or_else(|e| panic!("round {round}: {e:?}"));
            assert_eq!(r.written.len(), 1, "round {round}: {r:?}");
            written.extend(r.written);
        }
        written.sort();
        written.dedup();
        assert_eq!(written.len(), 3, "round {round}: one name each");
        let listed = tv.vault().backups().list().unwrap();
        assert_eq!(listed.len(), 3 * (round + 1), "round {round}");
        for b in &listed {
            assert!(b.problem.is_none(), "round {round}: {b:?}");
            tv.vault()
                .backups()
                .verify(&b.path, &mut no_progress)
                .unwrap_or_else(|e| panic!("round {round}: {}: {e:?}", b.path.display()));
        }
    }
    let left: Vec<_> = std::fs::read_dir(&folder)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| !n.ends_with(".kbak"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

/// Starts `n` backups of `v` at once, each on its own handle and thread.
fn back_up_together(v: &Vault, n: usize) -> Vec<kindred_core::Result<backup::BackupReport>> {
    std::thread::scope(|s| {
        let running: Vec<_> = (0..n)
            .map(|_| {
                let side = v.second_handle().unwrap();
                s.spawn(move || side.backups().now(&mut no_progress))
            })
            .collect();
        running.into_iter().map(|h| h.join().unwrap()).collect()
    })
}

/// Backups started together each rotate the folder after writing: one
/// rotation must not delete what another is deleting (a failure for a
/// backup that was written) or what another has just written.
#[test]
fn backups_started_together_rotate_one_after_the_other() {
    let start = Utc.with_ymd_and_hms(2026, 5, 1, 8, 0, 0).unwrap();
    let fixed = Arc::new(FixedClock::new(start));
    let tmp = tempfile::tempdir().unwrap();
    let c: Arc<dyn Clock> = fixed.clone();
    let v = Vault::create(&tmp.path().join("v"), &pass(PASSPHRASE), c)
        .unwrap()
        .vault;
    fill(&v);
    for round in 0..6 {
        // Three in the same second, rounds a minute apart.
        fixed.set(start + chrono::Duration::minutes(round));
        for r in back_up_together(&v, 3) {
            r.unwrap_or_else(|e| panic!("round {round}: {e:?}"));
        }
    }
    let listed = v.backups().list().unwrap();
    assert_eq!(listed.len(), 5, "the default keeps the last five");
    for b in &listed {
        v.backups()
            .verify(&b.path, &mut no_progress)
            .unwrap_or_else(|e| panic!("{}: {e:?}", b.path.display()));
    }
}

/// The app asks for the daily backup after each unlock; two asks at once
/// (two windows' worth of unlocks, the CLI's cron job) make one backup: the
/// second sees the first's once it may look.
#[test]
fn two_automatic_backups_at_once_make_one() {
    let tv = TestVault::new();
    fill(tv.vault());
    let made: Vec<_> = std::thread::scope(|s| {
        let running: Vec<_> = (0..2)
            .map(|_| {
                let side = tv.vault().second_handle().unwrap();
                s.spawn(move || side.backups().auto_if_due(&mut no_progress))
            })
            .collect();
        running
            .into_iter()
            .map(|h| h.join().unwrap().unwrap())
            .collect()
    });
    assert_eq!(made.iter().flatten().count(), 1, "{made:?}");
    assert_eq!(tv.vault().backups().list().unwrap().len(), 1);
}

/// The upgrade's backup is the long part of an unlock, and reports its
/// stages to whoever unlocks (the window shows them); an unlock with
/// nothing to upgrade reports nothing.
#[test]
fn an_upgrade_reports_its_backup_while_unlocking() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("old");
    old_vault(&dir);
    let mut stages = Vec::new();
    let v = Vault::unlock_with_progress(
        &dir,
        Unlock::Passphrase(&pass(PASSPHRASE)),
        clock(),
        &mut |stage, done, total| stages.push((stage, done, total)),
    )
    .unwrap();
    drop(v);
    for want in [Stage::Snapshot, Stage::Write, Stage::Verify] {
        assert!(
            stages.iter().any(|(s, _, _)| *s == want),
            "{want:?} reported: {stages:?}"
        );
    }
    let last = stages.last().unwrap();
    assert_eq!(last.1, last.2, "the last report is the end of its stage");

    let mut again = Vec::new();
    let v = Vault::unlock_with_progress(
        &dir,
        Unlock::Passphrase(&pass(PASSPHRASE)),
        clock(),
        &mut |stage, done, total| again.push((stage, done, total)),
    )
    .unwrap();
    drop(v);
    assert!(again.is_empty(), "nothing to upgrade: {again:?}");
}
