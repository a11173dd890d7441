//! A new passphrase can mean a new key: after a re-key (a passphrase change
//! with a new key, or any recovery) the old key file with the old secret
//! opens nothing live; the new secrets open everything; older backups still
//! open with the secrets valid when they were made. An interrupted re-key
//! settles at the next unlock to whichever state the database is in.

use kindred_core::backup::{self, no_progress, BackupSecret};
use kindred_core::keyfile::{KeyFile, NextKey};
use kindred_core::model::EntryDraft;
use kindred_core::store::{self, OpenMode};
use kindred_core::{vault, ErrorCode, Unlock, Vault};

use crate::util::*;

const NEW: &str = "lanterns over a frozen canal";

fn write(v: &Vault, body: &str) {
    v.journal()
        .write(&EntryDraft {
            body: body.into(),
            ..EntryDraft::default()
        })
        .unwrap();
}

/// The data key the old key file and old passphrase give: what someone
/// holding an old backup's key file and a leaked passphrase has.
fn old_key(old_keys: &[u8]) -> kindred_core::crypto::DataKey {
    KeyFile::parse(old_keys)
        .unwrap()
        .unlock_with_passphrase(&pass(PASSPHRASE))
        .unwrap()
}

#[test]
fn after_a_new_key_the_old_key_file_and_passphrase_open_nothing_live() {
    let mut tv = TestVault::new();
    write(tv.vault(), "the first entry, about tangerines");
    let old_keys = std::fs::read(vault::keys_path(&tv.dir())).unwrap();
    let old_code = tv.recovery_code();
    let old_backup = tv.vault().backups().now(&mut no_progress).unwrap().written[0].clone();

    let code = tv
        .vault_mut()
        .change_passphrase_with_new_key(&pass(PASSPHRASE), &pass(NEW))
        .unwrap();
    // The open vault goes on working with the new key.
    write(tv.vault(), "written after the re-key");
    assert_eq!(tv.vault().search("tangerines", 10).unwrap().len(), 1);
    tv.lock();

    let db = vault::db_path(&tv.dir());
    let err = store::open(&db, &old_key(&old_keys), OpenMode::Existing).unwrap_err();
    assert_eq!(
        err.code(),
        ErrorCode::CorruptFile,
        "the old key opens nothing"
    );
    for (how, ok) in [
        (Unlock::Passphrase(&pass(NEW)), true),
        (Unlock::RecoveryCode(&code), true),
        (Unlock::Passphrase(&pass(PASSPHRASE)), false),
        (Unlock::RecoveryCode(&pass(&old_code)), false),
    ] {
        let got = Vault::unlock(&tv.dir(), how, clock());
        assert_eq!(got.is_ok(), ok, "{how:?}");
        if let Ok(v) = got {
            v.check_integrity().unwrap();
            assert_eq!(v.search("tangerines", 10).unwrap().len(), 1);
            assert_eq!(v.journal().list(&Default::default()).unwrap().len(), 2);
        }
    }
    // No copy or leftover of the re-key stays beside the vault.
    let names: Vec<String> = std::fs::read_dir(tv.dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(!names.iter().any(|n| n.contains("rekey")), "{names:?}");
    // Older backups open with the secrets of their day, as the app says.
    backup::verify_with_secret(
        &old_backup,
        BackupSecret::Passphrase(&pass(PASSPHRASE)),
        &mut no_progress,
    )
    .unwrap();
}

#[test]
fn recovery_always_makes_a_new_key() {
    let tv = TestVault::new();
    write(tv.vault(), "before the recovery");
    let old_keys = std::fs::read(vault::keys_path(&tv.dir())).unwrap();
    let code = tv.recovery_code();
    let mut tv = tv;
    tv.lock();
    let created = Vault::recover(&tv.dir(), &pass(&code), &pass(NEW), clock()).unwrap();
    assert_ne!(created.recovery_code.expose_secret(), &code);
    drop(created);
    let err = store::open(
        &vault::db_path(&tv.dir()),
        &old_key(&old_keys),
        OpenMode::Existing,
    )
    .unwrap_err();
    assert_eq!(err.code(), ErrorCode::CorruptFile);
    let v = Vault::unlock(&tv.dir(), Unlock::Passphrase(&pass(NEW)), clock()).unwrap();
    assert_eq!(v.search("recovery", 10).unwrap().len(), 1);
}

#[test]
fn a_rekey_waits_for_the_vault_to_be_free_and_changes_nothing_meanwhile() {
    let mut tv = TestVault::new();
    let keys_before = std::fs::read(vault::keys_path(&tv.dir())).unwrap();
    let other = tv.vault().second_handle().unwrap();
    let err = tv
        .vault_mut()
        .change_passphrase_with_new_key(&pass(PASSPHRASE), &pass(NEW))
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::VaultBusy);
    assert_eq!(
        std::fs::read(vault::keys_path(&tv.dir())).unwrap(),
        keys_before
    );
    drop(other);
    // Still whole, still the old passphrase, and the handle still works.
    write(tv.vault(), "after the refusal");
    tv.lock();
    Vault::unlock(&tv.dir(), Unlock::Passphrase(&pass(PASSPHRASE)), clock()).unwrap();
}

/// The two states a kill can leave, built from a real re-key: the key file
/// of before with `next` holding the new key's slots, and either the old
/// database (killed before the rename) or the new one (killed after).
#[test]
fn an_interrupted_rekey_settles_to_whichever_key_opens_the_database() {
    for killed_after_rename in [false, true] {
        let mut tv = TestVault::new();
        write(tv.vault(), "kept through the crash");
        tv.vault().checkpoint().unwrap();
        let dir = tv.dir();
        let old_keys = std::fs::read(vault::keys_path(&dir)).unwrap();
        let old_db = std::fs::read(vault::db_path(&dir)).unwrap();
        let code = tv
            .vault_mut()
            .change_passphrase_with_new_key(&pass(PASSPHRASE), &pass(NEW))
            .unwrap();
        tv.lock();
        let done = KeyFile::load(&vault::keys_path(&dir)).unwrap();
        let mut mid = KeyFile::parse(&old_keys).unwrap();
        mid.next = Some(NextKey {
            passphrase: done.passphrase.clone(),
            recovery: done.recovery.clone(),
        });
        mid.save(&vault::keys_path(&dir)).unwrap();
        let mut rekey = vault::db_path(&dir).into_os_string();
        rekey.push(".rekey");
        if killed_after_rename {
            std::fs::write(&rekey, b"a half-written copy").unwrap_or(());
            std::fs::remove_file(&rekey).unwrap();
        } else {
            std::fs::write(&rekey, b"a half-written copy").unwrap();
            std::fs::write(vault::db_path(&dir), &old_db).unwrap();
        }
        let (works, fails) = if killed_after_rename {
            (pass(NEW), pass(PASSPHRASE))
        } else {
            (pass(PASSPHRASE), pass(NEW))
        };
        let err = Vault::unlock(&dir, Unlock::Passphrase(&fails), clock()).unwrap_err();
        assert_eq!(
            err.code(),
            ErrorCode::WrongPassphrase,
            "{killed_after_rename}"
        );
        let v = Vault::unlock(&dir, Unlock::Passphrase(&works), clock()).unwrap();
        assert_eq!(v.search("crash", 10).unwrap().len(), 1);
        drop(v);
        // Settled: no pending key, no copy, and the same secret again.
        let kf = KeyFile::load(&vault::keys_path(&dir)).unwrap();
        assert!(kf.next.is_none(), "{killed_after_rename}");
        assert!(!std::path::Path::new(&rekey).exists());
        Vault::unlock(&dir, Unlock::Passphrase(&works), clock()).unwrap();
        if killed_after_rename {
            Vault::unlock(&dir, Unlock::RecoveryCode(&code), clock()).unwrap();
        }
    }
}
