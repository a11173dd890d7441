//! The vault's lifecycle — create, unlock, lock, change passphrase, recover,
//! remember on this device — and the door to each domain's use cases.
//!
//! A vault is a folder with two files: `kindred.db` (SQLCipher) and
//! `kindred.keys` (see `keyfile`). The key file is written last when a vault
//! is created, so its presence is what makes a folder a vault.

mod rekey;

use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rusqlite::Connection;

use crate::backup::{self, Backups};
use crate::cancel::Cancel;
use crate::clock::Clock;
use crate::crypto::{self, recovery, DataKey};
use crate::error::{Error, Result};
use crate::fsutil;
use crate::journal::Journal;
use crate::keychain::{KeyStore, KeychainError};
use crate::keyfile::KeyFile;
use crate::layout::{self, lock_shared, restrict_permissions};
pub use crate::layout::{db_path, default_dir, exists, keys_path, lock_path};
use crate::people::People;
use crate::search::{self, SearchHit};
use crate::secret::Secret;
use crate::store::{self, OpenMode};
use crate::trash::Trash;

/// Shortest passphrase accepted for a new vault, in characters.
pub const MIN_PASSPHRASE_CHARS: usize = 8;

/// How to unlock with something the user types.
#[derive(Debug, Clone, Copy)]
pub enum Unlock<'a> {
    /// The passphrase.
    Passphrase(&'a Secret<String>),
    /// The recovery code.
    RecoveryCode(&'a Secret<String>),
}

/// An unlocked vault. Dropping it locks: the connection closes (SQLCipher
/// wipes its copy of the key) and the data key is zeroized.
#[derive(Debug)]
pub struct Vault {
    dir: PathBuf,
    keyfile: KeyFile,
    data_key: DataKey,
    conn: Connection,
    clock: Arc<dyn Clock>,
    /// Stops this handle's long work when the app locks.
    cancel: Arc<Cancel>,
    /// Shared lock on `kindred.lock` while unlocked: a restore that replaces
    /// the vault takes it exclusively, so it never pulls the files out from
    /// under an open app or CLI.
    _lock: File,
}

/// A vault just made (or recovered), with the recovery code to show once.
#[derive(Debug)]
pub struct Created {
    /// The unlocked vault.
    pub vault: Vault,
    /// Shown to the user once; never stored anywhere.
    pub recovery_code: Secret<String>,
}

/// Record counts, for status lines and backups.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Counts {
    /// Entries not in the trash.
    pub entries: i64,
    /// People not in the trash.
    pub people: i64,
    /// Notes not in the trash.
    pub notes: i64,
}

/// The lowest zxcvbn score (0–4) a new passphrase may have: the same rule
/// as the meter on the first-run screen.
pub const MIN_PASSPHRASE_SCORE: u8 = 2;

/// Refuses passphrases too short, or too easy to guess, to protect a vault:
/// at least [`MIN_PASSPHRASE_CHARS`] characters and a zxcvbn score of at
/// least [`MIN_PASSPHRASE_SCORE`]. The message says why, in zxcvbn's words.
pub fn check_new_passphrase(p: &Secret<String>) -> Result<()> {
    let s = p.expose_secret();
    if s.trim().chars().count() < MIN_PASSPHRASE_CHARS {
        return Err(Error::WeakPassphrase(format!(
            "Choose a passphrase of at least {MIN_PASSPHRASE_CHARS} characters; a few unrelated words work well. Nothing was created or changed."
        )));
    }
    let strength = crate::strength::estimate(p, &["kindred"]);
    if strength.score < MIN_PASSPHRASE_SCORE {
        let why = strength
            .warning
            .map(|w| format!(" ({})", w.trim_end_matches('.').to_lowercase()))
            .unwrap_or_default();
        return Err(Error::WeakPassphrase(format!(
            "That passphrase would be easy to guess{why}: it would take {} to crack. A few unrelated words work well. Nothing was created or changed.",
            strength.crack_time
        )));
    }
    Ok(())
}

impl Vault {
    /// Creates a new vault in `dir` (made if needed, owner-only).
    pub fn create(
        dir: &Path,
        passphrase: &Secret<String>,
        clock: Arc<dyn Clock>,
    ) -> Result<Created> {
        check_new_passphrase(passphrase)?;
        if exists(dir) || db_path(dir).exists() {
            return Err(Error::VaultExists(dir.display().to_string()));
        }
        fsutil::create_private_dir(dir).map_err(|e| Error::io("create the vault folder", &e))?;
        let data_key = crypto::new_data_key()?;
        let recovery_code = recovery::generate()?;
        let created_at = store::to_db(clock.now());
        let mut keyfile = KeyFile::create(&created_at, &data_key, passphrase, &recovery_code)?;
        let lock = lock_shared(dir)?;
        let result = (|| {
            let conn = store::open(&db_path(dir), &data_key, OpenMode::Create)?;
            restrict_permissions(&db_path(dir));
            store::migrate(&conn)?;
            keyfile.save(&keys_path(dir))?;
            Ok(conn)
        })();
        match result {
            Ok(conn) => {
                let vault = Self {
                    dir: dir.to_path_buf(),
                    keyfile,
                    data_key,
                    conn,
                    clock,
                    cancel: Arc::default(),
                    _lock: lock,
                };
                // Its files are all there from the start (the backup-folder
                // note included), so a later open changes none of them.
                vault.sweep_leftovers();
                Ok(Created {
                    vault,
                    recovery_code,
                })
            }
            Err(e) => {
                if !exists(dir) {
                    for p in layout::db_files(dir) {
                        let _ = std::fs::remove_file(p);
                    }
                }
                Err(e)
            }
        }
    }

    /// Unlocks with a passphrase or recovery code.
    pub fn unlock(dir: &Path, how: Unlock<'_>, clock: Arc<dyn Clock>) -> Result<Self> {
        Self::unlock_with_progress(dir, how, clock, &mut backup::no_progress)
    }

    /// [`Vault::unlock`], reporting the verified backup an upgrade of the
    /// vault's format writes first (the only long part of an unlock: seconds
    /// for a large vault). Not called when the format is current.
    pub fn unlock_with_progress(
        dir: &Path,
        how: Unlock<'_>,
        clock: Arc<dyn Clock>,
        progress: backup::Progress<'_>,
    ) -> Result<Self> {
        let keyfile = KeyFile::load(&keys_path(dir))?;
        let main = match how {
            Unlock::Passphrase(p) => keyfile.unlock_with_passphrase(p),
            Unlock::RecoveryCode(c) => keyfile.unlock_with_recovery_code(c),
        };
        let (keyfile, data_key) = if keyfile.next.is_some() {
            rekey::settle(dir, keyfile, Some(how), main)?
        } else {
            (keyfile, main?)
        };
        Self::open(dir, keyfile, data_key, clock, progress)
    }

    /// Unlocks with the secret this device remembers in its keychain.
    pub fn unlock_with_keychain(
        dir: &Path,
        keystore: &dyn KeyStore,
        clock: Arc<dyn Clock>,
    ) -> Result<Self> {
        Self::unlock_with_keychain_progress(dir, keystore, clock, &mut backup::no_progress)
    }

    /// [`Vault::unlock_with_keychain`], reporting an upgrade's backup as
    /// [`Vault::unlock_with_progress`] does.
    pub fn unlock_with_keychain_progress(
        dir: &Path,
        keystore: &dyn KeyStore,
        clock: Arc<dyn Clock>,
        progress: backup::Progress<'_>,
    ) -> Result<Self> {
        let keyfile = KeyFile::load(&keys_path(dir))?;
        if keyfile.devices.is_empty() {
            return Err(KeychainError::EntryMissing.into());
        }
        let secret = keystore.get(&keyfile.vault_id)?;
        let main = keyfile.unlock_with_device_secret(&secret);
        let (keyfile, data_key) = if keyfile.next.is_some() {
            // A re-key the device cannot finish (its slot wraps the old
            // key): the passphrase can.
            rekey::settle(dir, keyfile, None, main)
                .map_err(|_| Error::from(KeychainError::EntryStale))?
        } else {
            (keyfile, main?)
        };
        Self::open(dir, keyfile, data_key, clock, progress)
    }

    /// Whether the key file has a device slot (so trying the keychain can help).
    pub fn is_remembered_at(dir: &Path) -> Result<bool> {
        Ok(!KeyFile::load(&keys_path(dir))?.devices.is_empty())
    }

    fn open(
        dir: &Path,
        keyfile: KeyFile,
        data_key: DataKey,
        clock: Arc<dyn Clock>,
        progress: backup::Progress<'_>,
    ) -> Result<Self> {
        let lock = lock_shared(dir)?;
        let conn = store::open(&db_path(dir), &data_key, OpenMode::Existing)?;
        let vault = Self {
            dir: dir.to_path_buf(),
            keyfile,
            data_key,
            conn,
            clock,
            cancel: Arc::default(),
            _lock: lock,
        };
        let version = store::current_version(&vault.conn)?;
        if version > 0 && version < store::latest_version() {
            // Never change the schema without a verified copy of the old one.
            let backups = vault.backups();
            let folder = backups.settings()?.primary;
            backups.write_into(&folder, "pre-upgrade", progress)?;
        }
        store::migrate(&vault.conn)?;
        vault.sweep_leftovers();
        Ok(vault)
    }

    /// Removes what a killed process left: temp files of atomic writes in
    /// the vault folder, and scratch folders (encrypted copies) there and in
    /// the backup folder, when no running process still uses them; blob
    /// scratch files and blobs no row names, when an hour old. Notes the
    /// backup folders for the lock screen (see `backup::usual_folders`).
    fn sweep_leftovers(&self) {
        fsutil::sweep_temp_files(&self.dir);
        backup::sweep_scratch(&self.dir);
        // Alone with the vault (the shared hold converts to exclusive), no
        // other process can be writing a blob: everything left goes now.
        // Otherwise only what is an hour old.
        let alone = self._lock.try_lock().is_ok();
        let _ = crate::attachments::sweep(&self.conn, &self.dir, alone);
        if alone {
            let _ = self._lock.lock_shared();
        } else {
            // A failed conversion may have dropped the shared hold.
            let _ = self._lock.try_lock_shared();
        }
        if let Ok(settings) = self.backups().settings() {
            backup::sweep_scratch(&settings.primary);
            let _ = backup::note_folders(&self.dir, &settings);
        }
    }

    /// Another handle on this open vault, with its own database connection,
    /// for long work (a backup and its verification) that should not hold
    /// up the first: WAL gives it a consistent snapshot while the first goes
    /// on saving. It holds its own copy of the data key, zeroized on drop.
    pub fn second_handle(&self) -> Result<Self> {
        let lock = lock_shared(&self.dir)?;
        let data_key = DataKey::new(*self.data_key.expose_secret());
        let conn = store::open(&db_path(&self.dir), &data_key, OpenMode::Existing)?;
        let cancel = Arc::new(Cancel::default());
        cancel.watch(&conn);
        Ok(Self {
            dir: self.dir.clone(),
            keyfile: self.keyfile.clone(),
            data_key,
            conn,
            clock: self.clock.clone(),
            cancel,
            _lock: lock,
        })
    }

    /// Sets a new passphrase after a new unlock with the recovery code. The
    /// vault is re-keyed (see [`rekey`]): whoever had the old passphrase, or
    /// an old key file with it, opens nothing live. The recovery code has
    /// been typed, so it is retired; the new one is returned to show once.
    pub fn recover(
        dir: &Path,
        code: &Secret<String>,
        new_passphrase: &Secret<String>,
        clock: Arc<dyn Clock>,
    ) -> Result<Created> {
        check_new_passphrase(new_passphrase)?;
        let mut vault = Self::unlock(dir, Unlock::RecoveryCode(code), clock)?;
        let recovery_code = vault.rekey(new_passphrase)?;
        Ok(Created {
            vault,
            recovery_code,
        })
    }

    /// Changes the passphrase and re-encrypts everything under a new data
    /// key, for when the passphrase may be known to someone: the old key
    /// file with the old passphrase then opens nothing live. Older backups
    /// still open with the secrets valid when they were made. Returns the
    /// new recovery code (the old one wraps the old key); "remember on this
    /// device" must be turned on again.
    pub fn change_passphrase_with_new_key(
        &mut self,
        current: &Secret<String>,
        new: &Secret<String>,
    ) -> Result<Secret<String>> {
        check_new_passphrase(new)?;
        self.check_passphrase(current)?;
        self.rekey(new)
    }

    /// Changes the passphrase: re-wraps the data key, the database is not
    /// rewritten. The current passphrase is asked for again on purpose.
    pub fn change_passphrase(
        &mut self,
        current: &Secret<String>,
        new: &Secret<String>,
    ) -> Result<()> {
        check_new_passphrase(new)?;
        self.update_keyfile(|kf, key| {
            let check = kf.unlock_with_passphrase(current)?;
            if check.expose_secret() != key.expose_secret() {
                return Err(Error::WrongPassphrase);
            }
            kf.set_passphrase(key, new)
        })
    }

    /// Checks that `passphrase` is the vault's current one (for actions that
    /// ask for it again on purpose). `WrongPassphrase` otherwise.
    pub fn check_passphrase(&self, passphrase: &Secret<String>) -> Result<()> {
        let key = KeyFile::load(&keys_path(&self.dir))?.unlock_with_passphrase(passphrase)?;
        if key.expose_secret() == self.data_key.expose_secret() {
            Ok(())
        } else {
            Err(Error::WrongPassphrase)
        }
    }

    /// Makes a new recovery code, retiring the old one.
    pub fn new_recovery_code(&mut self) -> Result<Secret<String>> {
        let code = recovery::generate()?;
        self.update_keyfile(|kf, key| kf.set_recovery_code(key, &code))?;
        Ok(code)
    }

    /// "Remember on this device": keeps an unlock secret in the keychain.
    /// The keychain is written first; if the key file then cannot be
    /// saved, the keychain entry is removed again.
    pub fn remember_on_device(&mut self, keystore: &dyn KeyStore) -> Result<()> {
        let vault_id = self.keyfile.vault_id.clone();
        let now = store::to_db(self.clock.now());
        let mut secret = None;
        let result = self.update_keyfile(|kf, key| {
            let s = kf.add_device(key, &now)?;
            keystore.set(&vault_id, &s)?;
            secret = Some(s);
            Ok(())
        });
        if result.is_err() && secret.is_some() {
            let _ = keystore.delete(&vault_id);
        }
        result
    }

    /// Stops remembering: the key file's device slots go first (so any
    /// copy of the secret is useless), then the keychain entry. A keychain
    /// that cannot be reached is returned as a warning.
    pub fn forget_on_device(&mut self, keystore: &dyn KeyStore) -> Result<Option<KeychainError>> {
        self.update_keyfile(|kf, _| {
            kf.clear_devices();
            Ok(())
        })?;
        Ok(keystore.delete(&self.keyfile.vault_id).err())
    }

    /// Whether "remember on this device" is on.
    pub fn is_remembered(&self) -> bool {
        !self.keyfile.devices.is_empty()
    }

    /// Re-reads the key file, applies `change`, writes it atomically. Reading
    /// first keeps a change made by another process (the CLI while the app
    /// is open) from being overwritten with a stale copy.
    fn update_keyfile(
        &mut self,
        change: impl FnOnce(&mut KeyFile, &DataKey) -> Result<()>,
    ) -> Result<()> {
        let path = keys_path(&self.dir);
        let mut kf = KeyFile::load(&path)?;
        if kf.vault_id != self.keyfile.vault_id {
            return Err(Error::CorruptFile {
                what: "The key file",
                detail: "it now belongs to a different vault".into(),
            });
        }
        change(&mut kf, &self.data_key)?;
        kf.save(&path)?;
        self.keyfile = kf;
        Ok(())
    }

    /// Locks the vault (the same as dropping it, said out loud).
    pub fn lock(self) {
        drop(self);
    }

    /// The vault id (also the keychain account).
    pub fn id(&self) -> &str {
        &self.keyfile.vault_id
    }

    /// The vault folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The clock use cases read.
    pub fn clock(&self) -> &dyn Clock {
        self.clock.as_ref()
    }

    /// Journal use cases.
    pub fn journal(&self) -> Journal<'_> {
        Journal {
            conn: &self.conn,
            clock: self.clock.as_ref(),
        }
    }

    /// People and notes use cases.
    pub fn people(&self) -> People<'_> {
        People {
            conn: &self.conn,
            clock: self.clock.as_ref(),
        }
    }

    /// Reflection: check-ins, depth, the map, moments, love maps, prompts.
    pub fn reflection(&self) -> crate::reflection::Reflection<'_> {
        crate::reflection::Reflection {
            conn: &self.conn,
            clock: self.clock.as_ref(),
        }
    }

    /// The trash.
    pub fn trash(&self) -> Trash<'_> {
        Trash {
            conn: &self.conn,
            dir: &self.dir,
        }
    }

    /// Photos and files on entries, and people's pictures.
    pub fn attachments(&self) -> Result<crate::attachments::Attachments<'_>> {
        crate::attachments::Attachments::new(
            &self.conn,
            self.clock.as_ref(),
            &self.dir,
            &self.data_key,
        )
    }

    /// Searches entries, notes and people.
    pub fn search(&self, query: &str, limit: u32) -> Result<Vec<SearchHit>> {
        search::search(&self.conn, query, limit)
    }

    /// How many entries, people and notes the vault holds.
    pub fn counts(&self) -> Result<Counts> {
        Ok(Counts {
            entries: store::entries::count(&self.conn)?,
            people: store::people::count(&self.conn)?,
            notes: store::notes::count(&self.conn)?,
        })
    }

    /// Runs SQLite's and SQLCipher's integrity checks.
    pub fn check_integrity(&self) -> Result<()> {
        store::check_integrity(&self.conn)
    }

    /// Moves everything in the WAL into the database file.
    pub fn checkpoint(&self) -> Result<()> {
        self.conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        Ok(())
    }

    /// A stored setting.
    pub fn setting(&self, key: &str) -> Result<Option<String>> {
        store::settings::get(&self.conn, key)
    }

    /// Stores a setting.
    pub fn set_setting(&self, key: &str, value: &str) -> Result<()> {
        store::settings::set(&self.conn, key, value)
    }

    /// Imports a jrnl, Day One or Kindred export, all or nothing.
    pub fn import(
        &self,
        source: crate::interchange::Source,
        file: &Path,
        progress: crate::interchange::ImportProgress<'_>,
    ) -> Result<crate::interchange::ImportReport> {
        let blobs = self.blob_store()?;
        crate::interchange::import_file(&self.conn, source, file, Some(&blobs), progress)
    }

    /// Writes everything (trash included) to a new JSON file. Plaintext:
    /// ask the user first.
    pub fn export_json(&self, file: &Path) -> Result<crate::interchange::ExportSummary> {
        crate::interchange::export_json(
            &self.conn,
            &store::to_db(self.clock.now()),
            file,
            &self.blob_store()?,
        )
    }

    /// Writes entries and people as Markdown files into a new folder.
    /// Plaintext: ask the user first.
    pub fn export_markdown(&self, dir: &Path) -> Result<crate::interchange::ExportSummary> {
        crate::interchange::export_markdown(&self.conn, dir, &self.blob_store()?)
    }

    /// The vault's blob store (attachments' encrypted files).
    fn blob_store(&self) -> Result<crate::blobs::BlobStore> {
        crate::blobs::BlobStore::new(crate::attachments::blobs_dir(&self.dir), &self.data_key)
    }

    /// Backups: settings, backing up now or when due, listing, verifying.
    pub fn backups(&self) -> Backups<'_> {
        Backups {
            conn: &self.conn,
            key_file: &self.keyfile,
            data_key: &self.data_key,
            clock: self.clock.as_ref(),
            dir: &self.dir,
            cancel: &self.cancel,
        }
    }

    /// The switch that stops this handle's long work (a backup, a
    /// verification, an export on a second handle) from another thread;
    /// the work then fails with `VaultLocked`.
    pub fn cancel_handle(&self) -> Arc<Cancel> {
        self.cancel.clone()
    }

    /// The connection, for tests that inspect the database directly (the
    /// `test-support` feature); the app and CLI go through the use cases.
    #[cfg(feature = "test-support")]
    pub fn connection(&self) -> &Connection {
        &self.conn
    }
}
