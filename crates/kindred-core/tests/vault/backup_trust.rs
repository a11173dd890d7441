//! Backups trust only what is sealed, and a restored copy stays apart:
//! rotation counts a backup only once its manifest opens with the key, never
//! deletes the backup it has just written, leaves future-dated ones alone;
//! the key-file section is bound into the manifest; a copy restored into a
//! new folder never touches the original's backup folders; a restore over
//! the vault keeps the live secrets, or sets a vault it cannot read aside
//! and says which secrets apply; a backup of format 1 still restores.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{TimeZone, Utc};
use kindred_core::backup::{self, no_progress, BackupSecret, Kept, Retention, Secrets};
use kindred_core::clock::{Clock, FixedClock};
use kindred_core::keychain::MemoryKeyStore;
use kindred_core::model::EntryDraft;
use kindred_core::{vault, ErrorCode, Unlock, Vault};
use sha2::{Digest, Sha256};

use crate::util::*;

/// A backup file's header, rewritten by `edit`, with its trailing checksum
/// made right again: what someone with write access to a backup drive, but
/// no key, can do.
fn rewrite_header(file: &Path, edit: impl FnOnce(&mut serde_json::Value)) {
    let bytes = std::fs::read(file).unwrap();
    let len = u32::from_le_bytes(bytes[16..20].try_into().unwrap()) as usize;
    let mut header: serde_json::Value = serde_json::from_slice(&bytes[20..20 + len]).unwrap();
    edit(&mut header);
    let new_header = serde_json::to_vec(&header).unwrap();
    let mut out = bytes[..16].to_vec();
    out.extend_from_slice(&(new_header.len() as u32).to_le_bytes());
    out.extend_from_slice(&new_header);
    out.extend_from_slice(&bytes[20 + len..bytes.len() - 32]);
    let sum = Sha256::digest(&out);
    out.extend_from_slice(&sum);
    std::fs::write(file, out).unwrap();
}

fn header_of(file: &Path) -> serde_json::Value {
    let bytes = std::fs::read(file).unwrap();
    let len = u32::from_le_bytes(bytes[16..20].try_into().unwrap()) as usize;
    serde_json::from_slice(&bytes[20..20 + len]).unwrap()
}

fn backups_in(folder: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(folder)
        .map(|rd| rd.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    v.retain(|p| p.extension().is_some_and(|x| x == "kbak"));
    v.sort();
    v
}

fn keep_last_one(v: &Vault) {
    let mut s = v.backups().settings().unwrap();
    s.retention = Retention {
        last: 1,
        daily: 0,
        weekly: 0,
        monthly: 0,
    };
    v.backups().set_settings(&s).unwrap();
}

fn vault_at(fixed: &Arc<FixedClock>, dir: &Path) -> Vault {
    let c: Arc<dyn Clock> = fixed.clone();
    Vault::create(dir, &pass(PASSPHRASE), c).unwrap().vault
}

fn keep_last(v: &Vault, last: u32) {
    let mut s = v.backups().settings().unwrap();
    s.retention = Retention {
        last,
        daily: 0,
        weekly: 0,
        monthly: 0,
    };
    v.backups().set_settings(&s).unwrap();
}

#[test]
fn a_future_dated_backup_is_not_counted_and_makes_a_backup_due() {
    let start = Utc.with_ymd_and_hms(2026, 5, 1, 8, 0, 0).unwrap();
    let fixed = Arc::new(FixedClock::new(start));
    let tmp = tempfile::tempdir().unwrap();
    let v = vault_at(&fixed, &tmp.path().join("v"));
    keep_last(&v, 2);
    // A clock a year ahead wrote one backup, then was put right.
    fixed.set(start + chrono::Duration::days(365));
    let future = v.backups().now(&mut no_progress).unwrap().written[0].clone();
    fixed.set(start + chrono::Duration::days(1));
    // The last backup time is in the future: a backup is due, not "never".
    let day1 = v
        .backups()
        .auto_if_due(&mut no_progress)
        .unwrap()
        .expect("a last backup in the future makes one due")
        .written[0]
        .clone();
    fixed.set(start + chrono::Duration::days(2));
    let report = v.backups().now(&mut no_progress).unwrap();
    // Keep last 2 of the backups that count: today's and yesterday's. Had
    // the future one counted, yesterday's would have gone.
    assert!(report.rotated.is_empty(), "{report:?}");
    assert!(day1.exists() && future.exists());
    fixed.set(start + chrono::Duration::days(3));
    let report = v.backups().now(&mut no_progress).unwrap();
    assert_eq!(report.rotated, vec![day1]);
    assert!(future.exists(), "a future-dated backup is left alone");
}

#[test]
fn rotation_never_deletes_the_backup_it_has_just_written() {
    let start = Utc.with_ymd_and_hms(2026, 5, 1, 8, 0, 0).unwrap();
    let fixed = Arc::new(FixedClock::new(start));
    let tmp = tempfile::tempdir().unwrap();
    let v = vault_at(&fixed, &tmp.path().join("v"));
    keep_last_one(&v);
    // Two minutes ahead is within clock skew, so it counts, and as the
    // newest it is the one "keep last 1" keeps; the new backup stays anyway.
    fixed.set(start + chrono::Duration::minutes(2));
    let ahead = v.backups().now(&mut no_progress).unwrap().written[0].clone();
    fixed.set(start);
    let report = v.backups().now(&mut no_progress).unwrap();
    assert!(report.written[0].exists(), "the backup just written stays");
    assert!(ahead.exists());
    assert!(report.rotated.is_empty(), "{report:?}");
}

#[test]
fn rotation_counts_only_backups_whose_sealed_manifest_opens() {
    let start = Utc.with_ymd_and_hms(2026, 5, 1, 8, 0, 0).unwrap();
    let fixed = Arc::new(FixedClock::new(start));
    let tmp = tempfile::tempdir().unwrap();
    let v = vault_at(&fixed, &tmp.path().join("v"));
    let other = vault_at(&fixed, &tmp.path().join("other"));
    keep_last(&v, 2);
    let folder = v.backups().settings().unwrap().primary;
    let mine = v.backups().now(&mut no_progress).unwrap().written[0].clone();
    // Another vault's backup, relabelled with this vault's id and dated
    // later, dropped into this vault's folder.
    fixed.set(start + chrono::Duration::minutes(30));
    let forged = other.backups().now(&mut no_progress).unwrap().written[0].clone();
    let planted = folder.join("kindred-20260501-083000.kbak");
    std::fs::copy(&forged, &planted).unwrap();
    let id = v.id().to_owned();
    rewrite_header(&planted, |h| h["vault_id"] = id.clone().into());
    assert_eq!(backup::inspect(&planted).unwrap().vault_id, v.id());

    fixed.set(start + chrono::Duration::hours(1));
    let report = v.backups().now(&mut no_progress).unwrap();
    // Keep last 2: the two real backups. Had the forged file counted, as
    // the second newest it would have been kept and the first real one
    // deleted.
    assert!(report.rotated.is_empty(), "{report:?}");
    assert!(mine.exists() && report.written[0].exists());
    assert!(
        planted.exists(),
        "a file that does not open is never deleted"
    );
    assert_eq!(backups_in(&folder).len(), 3);
}

#[test]
fn the_key_file_section_is_sealed_into_the_manifest() {
    let mut tv = TestVault::new();
    let a = tv.vault().backups().now(&mut no_progress).unwrap().written[0].clone();
    assert_eq!(header_of(&a)["version"], backup::FORMAT_VERSION);
    tv.vault_mut()
        .change_passphrase(&pass(PASSPHRASE), &pass("a brand new long passphrase"))
        .unwrap();
    let b = tv.vault().backups().now(&mut no_progress).unwrap().written[0].clone();
    // Backup A with B's slots: the same data key under a passphrase the
    // attacker chose. The slots open; the manifest must not.
    let slots = header_of(&b)["key_file"].clone();
    rewrite_header(&a, |h| h["key_file"] = slots);
    let err = backup::verify_with_secret(
        &a,
        BackupSecret::Passphrase(&pass("a brand new long passphrase")),
        &mut no_progress,
    )
    .unwrap_err();
    assert_eq!(err.code(), ErrorCode::CorruptFile, "{err}");
    assert!(err.to_string().contains("manifest"), "{err}");
    // B itself is fine.
    backup::verify_with_secret(
        &b,
        BackupSecret::Passphrase(&pass("a brand new long passphrase")),
        &mut no_progress,
    )
    .unwrap();
}

#[test]
fn a_backup_of_format_1_still_restores() {
    let fixture =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/backups/v1-schema4.kbak");
    assert_eq!(header_of(&fixture)["version"], 1);
    let tmp = tempfile::tempdir().unwrap();
    for (name, secret) in [
        ("pass", BackupSecret::Passphrase(&pass(PASSPHRASE))),
        (
            "code",
            BackupSecret::RecoveryCode(&pass("F6ZK-5UBX-WTDQ-RQKE-GAI6-EF4J-62DF-T5RA")),
        ),
    ] {
        backup::verify_with_secret(&fixture, secret, &mut no_progress).unwrap();
        let dir = tmp.path().join(name);
        backup::restore_to(&fixture, &dir, secret, &mut no_progress).unwrap();
        let v = Vault::unlock(&dir, Unlock::Passphrase(&pass(PASSPHRASE)), clock()).unwrap();
        let entries = v.journal().list(&Default::default()).unwrap();
        assert_eq!(entries.len(), 1);
        assert_eq!(entries[0].title, "Before format 2");
        assert_eq!(entries[0].people[0].name, "Ada Okafor");
        v.check_integrity().unwrap();
    }
}

#[test]
fn a_restored_copy_never_touches_the_originals_backup_folders() {
    let tv = TestVault::new();
    let v = tv.vault();
    let (primary, drive) = (tv.tmp.path().join("mine"), tv.tmp.path().join("usb"));
    std::fs::create_dir_all(&drive).unwrap();
    let mut s = v.backups().settings().unwrap();
    s.primary = primary.clone();
    s.secondary = Some(drive.clone());
    v.backups().set_settings(&s).unwrap();
    v.backups().now(&mut no_progress).unwrap();
    let file = v.backups().now(&mut no_progress).unwrap().written[0].clone();
    let before = (backups_in(&primary), backups_in(&drive));
    assert_eq!(before.0.len(), 2);

    let copy_dir = tv.tmp.path().join("copy");
    backup::restore_to(
        &file,
        &copy_dir,
        BackupSecret::Passphrase(&pass(PASSPHRASE)),
        &mut no_progress,
    )
    .unwrap();
    let copy = Vault::unlock(&copy_dir, Unlock::Passphrase(&pass(PASSPHRASE)), clock()).unwrap();
    let s = copy.backups().settings().unwrap();
    assert_eq!(s.primary, copy_dir.join("backups"));
    assert_eq!(s.secondary, None);
    assert_eq!(copy.backups().last_at().unwrap(), None);
    assert!(copy.backups().list().unwrap().is_empty());
    let report = copy.backups().now(&mut no_progress).unwrap();
    assert!(report.written[0].starts_with(copy_dir.join("backups")));
    assert_eq!((backups_in(&primary), backups_in(&drive)), before);
}

#[test]
fn restoring_over_the_vault_keeps_the_live_passphrase_and_device() {
    let mut tv = TestVault::new();
    let keys = MemoryKeyStore::default();
    let file = tv.vault().backups().now(&mut no_progress).unwrap().written[0].clone();
    tv.vault_mut()
        .change_passphrase(&pass(PASSPHRASE), &pass("the passphrase of today"))
        .unwrap();
    tv.vault_mut().remember_on_device(&keys).unwrap();
    tv.lock();
    let done = backup::restore_replacing(
        &tv.dir(),
        &file,
        BackupSecret::Passphrase(&pass(PASSPHRASE)),
        clock(),
        &mut no_progress,
    )
    .unwrap();
    assert!(matches!(done.kept, Kept::SafetyBackup(_)), "{done:?}");
    assert_eq!(done.secrets, Secrets::Current);
    Vault::unlock(
        &tv.dir(),
        Unlock::Passphrase(&pass("the passphrase of today")),
        clock(),
    )
    .unwrap()
    .lock();
    Vault::unlock_with_keychain(&tv.dir(), &keys, clock())
        .unwrap()
        .lock();
}

#[test]
fn a_damaged_vault_is_set_aside_intact_and_the_backup_says_which_secrets_apply() {
    for damage in ["flipped page", "truncated key file"] {
        let tv = TestVault::new();
        tv.vault()
            .journal()
            .write(&EntryDraft {
                body: "in the backup".into(),
                ..EntryDraft::default()
            })
            .unwrap();
        let file = tv.vault().backups().now(&mut no_progress).unwrap().written[0].clone();
        let mut tv = tv;
        tv.lock();
        let (db, keys) = (vault::db_path(&tv.dir()), vault::keys_path(&tv.dir()));
        match damage {
            "flipped page" => {
                let mut bytes = std::fs::read(&db).unwrap();
                let at = bytes.len() - 3000;
                bytes[at] ^= 0x40;
                std::fs::write(&db, bytes).unwrap();
            }
            _ => {
                let bytes = std::fs::read(&keys).unwrap();
                std::fs::write(&keys, &bytes[..bytes.len() / 2]).unwrap();
            }
        }
        let damaged = (std::fs::read(&db).unwrap(), std::fs::read(&keys).unwrap());
        let done = backup::restore_replacing(
            &tv.dir(),
            &file,
            BackupSecret::Passphrase(&pass(PASSPHRASE)),
            clock(),
            &mut no_progress,
        )
        .unwrap();
        let Kept::SetAside(aside) = &done.kept else {
            panic!("{damage}: {done:?}")
        };
        assert_eq!(done.secrets, Secrets::Backups, "{damage}");
        assert_eq!(
            (
                std::fs::read(aside.join("kindred.db")).unwrap(),
                std::fs::read(aside.join("kindred.keys")).unwrap()
            ),
            damaged,
            "{damage}: set aside byte for byte"
        );
        let v = Vault::unlock(&tv.dir(), Unlock::Passphrase(&pass(PASSPHRASE)), clock()).unwrap();
        v.check_integrity().unwrap();
        assert_eq!(v.search("backup", 10).unwrap().len(), 1, "{damage}");
    }
}
