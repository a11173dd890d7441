//! Create, unlock, lock, change passphrase, recover, remember on device.

use std::sync::Arc;

use kindred_core::clock::Clock;
use kindred_core::keychain::{KeyStore, KeychainError, MemoryKeyStore};
use kindred_core::model::EntryDraft;
use kindred_core::store::{self, OpenMode};
use kindred_core::{vault, ErrorCode, Secret, Unlock, Vault};

use crate::util::*;

fn unlock(dir: &std::path::Path, p: &str) -> Result<Vault, kindred_core::Error> {
    let c: Arc<dyn Clock> = clock();
    Vault::unlock(dir, Unlock::Passphrase(&pass(p)), c)
}

fn write(v: &Vault, body: &str) -> i64 {
    v.journal()
        .write(&EntryDraft {
            body: body.into(),
            ..EntryDraft::default()
        })
        .unwrap()
}

#[test]
fn entries_survive_lock_and_unlock() {
    let mut tv = TestVault::new();
    let id = write(tv.vault(), "first light");
    tv.lock();
    let v = unlock(&tv.dir(), PASSPHRASE).unwrap();
    assert_eq!(v.journal().get(id).unwrap().body, "first light");
    v.check_integrity().unwrap();
}

#[test]
fn wrong_passphrase_is_refused_and_changes_no_byte() {
    let mut tv = TestVault::new();
    write(tv.vault(), "something");
    tv.lock();
    let before = snapshot(&tv.dir());
    let err = unlock(&tv.dir(), "a quiet harbour at dusk").unwrap_err();
    assert_eq!(err.code(), ErrorCode::WrongPassphrase);
    assert!(err.to_string().contains("does not unlock"), "{err}");
    assert_eq!(
        snapshot(&tv.dir()),
        before,
        "a failed unlock must not write"
    );
    let err =
        Vault::unlock(&tv.dir(), Unlock::RecoveryCode(&pass("AAAA-BBBB")), clock()).unwrap_err();
    assert_eq!(err.code(), ErrorCode::WrongRecoveryCode);
    assert_eq!(snapshot(&tv.dir()), before);
}

#[test]
fn recovery_code_unlocks_and_survives_a_passphrase_change() {
    let mut tv = TestVault::new();
    let id = write(tv.vault(), "kept");
    let code = tv.recovery_code();
    tv.vault_mut()
        .change_passphrase(&pass(PASSPHRASE), &pass("a new and longer phrase"))
        .unwrap();
    tv.lock();
    assert_eq!(
        unlock(&tv.dir(), PASSPHRASE).unwrap_err().code(),
        ErrorCode::WrongPassphrase,
        "the old passphrase must stop working"
    );
    let v = unlock(&tv.dir(), "a new and longer phrase").unwrap();
    assert_eq!(v.journal().get(id).unwrap().body, "kept");
    drop(v);
    // Typed sloppily: lower case, spaces instead of dashes.
    let sloppy = code.to_lowercase().replace('-', " ");
    let v = Vault::unlock(&tv.dir(), Unlock::RecoveryCode(&pass(&sloppy)), clock()).unwrap();
    assert_eq!(v.journal().get(id).unwrap().body, "kept");
}

#[test]
fn change_passphrase_needs_the_current_one() {
    let mut tv = TestVault::new();
    let keys = std::fs::read(vault::keys_path(&tv.dir())).unwrap();
    let err = tv
        .vault_mut()
        .change_passphrase(&pass("not the passphrase"), &pass("whatever it is now"))
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::WrongPassphrase);
    let err = tv
        .vault_mut()
        .change_passphrase(&pass(PASSPHRASE), &pass("short"))
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::WeakPassphrase);
    assert_eq!(std::fs::read(vault::keys_path(&tv.dir())).unwrap(), keys);
}

#[test]
fn recover_sets_a_new_passphrase_and_retires_the_code() {
    let mut tv = TestVault::new();
    let id = write(tv.vault(), "still here");
    let old_code = tv.recovery_code();
    tv.lock();
    let created = Vault::recover(
        &tv.dir(),
        &pass(&old_code),
        &pass("brand new passphrase"),
        clock(),
    )
    .unwrap();
    let new_code = created.recovery_code.expose_secret().clone();
    assert_ne!(new_code, old_code);
    assert_eq!(created.vault.journal().get(id).unwrap().body, "still here");
    drop(created);
    assert_eq!(
        unlock(&tv.dir(), PASSPHRASE).unwrap_err().code(),
        ErrorCode::WrongPassphrase
    );
    assert!(unlock(&tv.dir(), "brand new passphrase").is_ok());
    let err =
        Vault::unlock(&tv.dir(), Unlock::RecoveryCode(&pass(&old_code)), clock()).unwrap_err();
    assert_eq!(err.code(), ErrorCode::WrongRecoveryCode);
    assert!(Vault::unlock(&tv.dir(), Unlock::RecoveryCode(&pass(&new_code)), clock()).is_ok());
}

#[test]
fn create_refuses_weak_passphrases_and_existing_vaults() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("v");
    let err = Vault::create(&dir, &pass("short"), clock()).unwrap_err();
    assert_eq!(err.code(), ErrorCode::WeakPassphrase);
    assert!(!vault::exists(&dir));
    // Long enough is not enough: the same zxcvbn rule as the app's meter.
    for weak in ["password123", "qwertyuiop", "11111111111"] {
        let err = Vault::create(&dir, &pass(weak), clock()).unwrap_err();
        assert_eq!(err.code(), ErrorCode::WeakPassphrase, "{weak}");
        assert!(err.to_string().contains("easy to guess"), "{weak}: {err}");
        assert!(!vault::exists(&dir));
    }
    let tv = TestVault::new();
    let before = snapshot(&tv.dir());
    let err = Vault::create(&tv.dir(), &pass(PASSPHRASE), clock()).unwrap_err();
    assert_eq!(err.code(), ErrorCode::VaultExists);
    assert_eq!(snapshot(&tv.dir()), before);
}

#[test]
fn missing_and_mismatched_files_have_clear_errors() {
    let tmp = tempfile::tempdir().unwrap();
    let err = unlock(&tmp.path().join("nowhere"), PASSPHRASE).unwrap_err();
    assert_eq!(err.code(), ErrorCode::VaultMissing);

    let mut a = TestVault::new();
    let mut b = TestVault::new();
    a.lock();
    b.lock();
    // b's key file next to a's database: the key unwraps, the db refuses it.
    std::fs::copy(vault::keys_path(&b.dir()), vault::keys_path(&a.dir())).unwrap();
    let err = unlock(&a.dir(), PASSPHRASE).unwrap_err();
    assert_eq!(err.code(), ErrorCode::CorruptFile);
    assert!(
        err.to_string().contains("does not match its key file"),
        "{err}"
    );

    std::fs::remove_file(vault::db_path(&b.dir())).unwrap();
    let err = unlock(&b.dir(), PASSPHRASE).unwrap_err();
    assert_eq!(err.code(), ErrorCode::CorruptFile);
}

#[test]
fn a_truncated_database_is_reported_not_panicked() {
    let mut tv = TestVault::new();
    for i in 0..50 {
        write(
            tv.vault(),
            &format!("entry number {i} with some text to fill pages"),
        );
    }
    tv.lock();
    let db = vault::db_path(&tv.dir());
    let bytes = std::fs::read(&db).unwrap();
    std::fs::write(&db, &bytes[..bytes.len() / 2]).unwrap();
    let result = unlock(&tv.dir(), PASSPHRASE).and_then(|v| {
        v.check_integrity()?;
        v.journal().list(&Default::default()).map(|_| ())
    });
    assert_eq!(result.unwrap_err().code(), ErrorCode::CorruptFile);
}

#[test]
fn keychain_remembers_and_every_failure_has_its_code() {
    let mut tv = TestVault::new();
    let id = write(tv.vault(), "remembered");
    let store = MemoryKeyStore::new();
    let vault_id = tv.vault().id().to_owned();

    // Not remembered: the keychain is not even asked.
    store.fail_with(Some(KeychainError::NoSession));
    let err = Vault::unlock_with_keychain(&tv.dir(), &store, clock()).unwrap_err();
    assert_eq!(err.code(), ErrorCode::KeychainEntryMissing);
    store.fail_with(None);

    tv.vault_mut().remember_on_device(&store).unwrap();
    assert!(tv.vault().is_remembered());
    let stored = store.get(&vault_id).unwrap();
    assert!(
        !stored.expose_secret().contains(PASSPHRASE),
        "the keychain keeps a device secret, never the passphrase"
    );
    tv.lock();
    let v = Vault::unlock_with_keychain(&tv.dir(), &store, clock()).unwrap();
    assert_eq!(v.journal().get(id).unwrap().body, "remembered");
    drop(v);

    for (failure, code) in [
        (KeychainError::NoSession, ErrorCode::KeychainUnavailable),
        (KeychainError::NoProvider, ErrorCode::KeychainUnavailable),
        (KeychainError::Locked, ErrorCode::KeychainLocked),
    ] {
        store.fail_with(Some(failure));
        let before = snapshot(&tv.dir());
        let err = Vault::unlock_with_keychain(&tv.dir(), &store, clock()).unwrap_err();
        assert_eq!(err.code(), code);
        assert_eq!(snapshot(&tv.dir()), before);
    }
    store.fail_with(None);

    // The entry is gone from the keychain: ask for the passphrase.
    let saved = store.get(&vault_id).unwrap();
    store.delete(&vault_id).unwrap();
    let err = Vault::unlock_with_keychain(&tv.dir(), &store, clock()).unwrap_err();
    assert_eq!(err.code(), ErrorCode::KeychainEntryMissing);

    // A secret from an earlier "remember" no longer opens the vault.
    store.overwrite(&vault_id, saved.expose_secret());
    let mut v = unlock(&tv.dir(), PASSPHRASE).unwrap();
    v.remember_on_device(&MemoryKeyStore::new()).unwrap();
    drop(v);
    let err = Vault::unlock_with_keychain(&tv.dir(), &store, clock()).unwrap_err();
    assert_eq!(err.code(), ErrorCode::KeychainEntryStale);
    store.overwrite(&vault_id, "not even the right shape");
    let err = Vault::unlock_with_keychain(&tv.dir(), &store, clock()).unwrap_err();
    assert_eq!(err.code(), ErrorCode::KeychainEntryStale);
}

#[test]
fn remember_fails_cleanly_when_the_keychain_does() {
    let mut tv = TestVault::new();
    let keys = std::fs::read(vault::keys_path(&tv.dir())).unwrap();
    let store = MemoryKeyStore::new();
    store.fail_with(Some(KeychainError::Locked));
    let err = tv.vault_mut().remember_on_device(&store).unwrap_err();
    assert_eq!(err.code(), ErrorCode::KeychainLocked);
    assert!(!tv.vault().is_remembered());
    assert_eq!(std::fs::read(vault::keys_path(&tv.dir())).unwrap(), keys);
}

#[test]
fn forget_retires_the_secret_even_without_a_keychain() {
    let mut tv = TestVault::new();
    let store = MemoryKeyStore::new();
    tv.vault_mut().remember_on_device(&store).unwrap();
    let vault_id = tv.vault().id().to_owned();
    let secret = store.get(&vault_id).unwrap();
    store.fail_with(Some(KeychainError::NoSession));
    let warning = tv.vault_mut().forget_on_device(&store).unwrap();
    assert_eq!(warning, Some(KeychainError::NoSession));
    store.fail_with(None);
    // The retired secret unwraps nothing, even read straight off the key file.
    let kf = kindred_core::keyfile::KeyFile::load(&vault::keys_path(&tv.dir())).unwrap();
    let err = kf.unlock_with_device_secret(&secret).unwrap_err();
    assert_eq!(err.code(), ErrorCode::KeychainEntryStale);
    // Remembered again (a new slot), a keychain still holding the old
    // secret is asked, and its answer is refused.
    tv.vault_mut().remember_on_device(&store).unwrap();
    tv.lock();
    let copy = MemoryKeyStore::new();
    copy.overwrite(&vault_id, secret.expose_secret());
    let err = Vault::unlock_with_keychain(&tv.dir(), &copy, clock()).unwrap_err();
    assert_eq!(err.code(), ErrorCode::KeychainEntryStale);
    Vault::unlock_with_keychain(&tv.dir(), &store, clock()).unwrap();
}

/// The key file and the database together, without a secret, open nothing:
/// no 32-byte window of the key file (raw, or any base64/hex field decoded)
/// works as the database key.
#[test]
fn key_file_and_database_alone_open_nothing() {
    let mut tv = TestVault::new();
    write(tv.vault(), "private");
    tv.vault_mut()
        .remember_on_device(&MemoryKeyStore::new())
        .unwrap();
    tv.lock();
    let raw = std::fs::read(vault::keys_path(&tv.dir())).unwrap();
    let mut blobs = vec![raw.clone()];
    let text = String::from_utf8(raw).unwrap();
    for token in text.split('"') {
        if let Ok(b) = data_encoding::BASE64.decode(token.as_bytes()) {
            blobs.push(b);
        }
        if let Ok(b) =
            data_encoding::HEXLOWER.decode(token.trim_start_matches("sha256:").as_bytes())
        {
            blobs.push(b);
        }
    }
    let mut tried = 0;
    for blob in &blobs {
        for w in blob.windows(32) {
            let key = Secret::new(<[u8; 32]>::try_from(w).unwrap());
            let opened = store::open(&vault::db_path(&tv.dir()), &key, OpenMode::Existing);
            assert!(
                opened.is_err(),
                "a window of the key file opened the database"
            );
            tried += 1;
        }
    }
    assert!(tried > 500, "tried only {tried} candidate keys");
}
