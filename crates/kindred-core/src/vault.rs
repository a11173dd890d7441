//! The vault's lifecycle — create, unlock, lock, change passphrase, recover,
//! remember on this device — and the door to each domain's use cases.
//!
//! A vault is a folder with two files: `kindred.db` (SQLCipher) and
//! `kindred.keys` (see `keyfile`). The key file is written last when a vault
//! is created, so its presence is what makes a folder a vault.

use std::fs::{File, TryLockError};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, Utc};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use crate::backup::{self, BackupInfo, BackupSecret, Manifest, Progress, Retention};
use crate::clock::Clock;
use crate::crypto::{self, recovery, DataKey};
use crate::error::{Error, Result};
use crate::fsutil;
use crate::journal::Journal;
use crate::keychain::{KeyStore, KeychainError};
use crate::keyfile::{self, KeyFile};
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

/// The database path inside a vault folder.
pub fn db_path(dir: &Path) -> PathBuf {
    dir.join(store::FILE_NAME)
}

/// The key file path inside a vault folder.
pub fn keys_path(dir: &Path) -> PathBuf {
    dir.join(keyfile::FILE_NAME)
}

/// The lock file path inside a vault folder.
pub fn lock_path(dir: &Path) -> PathBuf {
    dir.join("kindred.lock")
}

fn lock_file(dir: &Path) -> Result<File> {
    let mut opts = std::fs::OpenOptions::new();
    opts.read(true).write(true).create(true).truncate(false);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    opts.open(lock_path(dir))
        .map_err(|e| Error::io("open the vault's lock file", &e))
}

fn lock_shared(dir: &Path) -> Result<File> {
    let f = lock_file(dir)?;
    match f.try_lock_shared() {
        Ok(()) => Ok(f),
        Err(TryLockError::WouldBlock) => Err(Error::VaultBusy),
        Err(TryLockError::Error(e)) => Err(Error::io("lock the vault", &e)),
    }
}

/// Where the vault lives unless told otherwise: the platform data dir
/// (`$XDG_DATA_HOME/kindred` on Linux).
pub fn default_dir() -> Option<PathBuf> {
    dirs::data_dir().map(|d| d.join("kindred"))
}

/// Whether `dir` holds a vault (its key file).
pub fn exists(dir: &Path) -> bool {
    keys_path(dir).exists()
}

/// Refuses passphrases too short to protect a vault.
pub fn check_new_passphrase(p: &Secret<String>) -> Result<()> {
    let s = p.expose_secret();
    if s.trim().chars().count() < MIN_PASSPHRASE_CHARS {
        return Err(Error::WeakPassphrase(format!(
            "Choose a passphrase of at least {MIN_PASSPHRASE_CHARS} characters; a few unrelated words work well. Nothing was created or changed."
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
            Ok(conn) => Ok(Created {
                vault: Self {
                    dir: dir.to_path_buf(),
                    keyfile,
                    data_key,
                    conn,
                    clock,
                    _lock: lock,
                },
                recovery_code,
            }),
            Err(e) => {
                if !exists(dir) {
                    for suffix in ["", "-wal", "-shm", "-journal"] {
                        let mut p = db_path(dir).into_os_string();
                        p.push(suffix);
                        let _ = std::fs::remove_file(PathBuf::from(p));
                    }
                }
                Err(e)
            }
        }
    }

    /// Unlocks with a passphrase or recovery code.
    pub fn unlock(dir: &Path, how: Unlock<'_>, clock: Arc<dyn Clock>) -> Result<Self> {
        let keyfile = KeyFile::load(&keys_path(dir))?;
        let data_key = match how {
            Unlock::Passphrase(p) => keyfile.unlock_with_passphrase(p)?,
            Unlock::RecoveryCode(c) => keyfile.unlock_with_recovery_code(c)?,
        };
        Self::open(dir, keyfile, data_key, clock)
    }

    /// Unlocks with the secret this device remembers in its keychain.
    pub fn unlock_with_keychain(
        dir: &Path,
        keystore: &dyn KeyStore,
        clock: Arc<dyn Clock>,
    ) -> Result<Self> {
        let keyfile = KeyFile::load(&keys_path(dir))?;
        if keyfile.devices.is_empty() {
            return Err(KeychainError::EntryMissing.into());
        }
        let secret = keystore.get(&keyfile.vault_id)?;
        let data_key = keyfile.unlock_with_device_secret(&secret)?;
        Self::open(dir, keyfile, data_key, clock)
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
    ) -> Result<Self> {
        let lock = lock_shared(dir)?;
        let conn = store::open(&db_path(dir), &data_key, OpenMode::Existing)?;
        let vault = Self {
            dir: dir.to_path_buf(),
            keyfile,
            data_key,
            conn,
            clock,
            _lock: lock,
        };
        let version = store::current_version(&vault.conn)?;
        if version > 0 && version < store::latest_version() {
            // Never change the schema without a verified copy of the old one.
            let folder = vault.backup_settings()?.primary;
            vault.backup_into(&folder, "pre-upgrade", &mut backup::no_progress)?;
        }
        store::migrate(&vault.conn)?;
        Ok(vault)
    }

    /// Another handle on this open vault, with its own database connection,
    /// for long work (a backup and its verification) that should not hold
    /// up the first: WAL gives it a consistent snapshot while the first goes
    /// on saving. It holds its own copy of the data key, zeroized on drop.
    pub fn second_handle(&self) -> Result<Self> {
        let lock = lock_shared(&self.dir)?;
        let data_key = DataKey::new(*self.data_key.expose_secret());
        let conn = store::open(&db_path(&self.dir), &data_key, OpenMode::Existing)?;
        Ok(Self {
            dir: self.dir.clone(),
            keyfile: self.keyfile.clone(),
            data_key,
            conn,
            clock: self.clock.clone(),
            _lock: lock,
        })
    }

    /// Sets a new passphrase after a new unlock with the recovery code, and
    /// replaces the recovery code (it has been typed, so it is retired).
    pub fn recover(
        dir: &Path,
        code: &Secret<String>,
        new_passphrase: &Secret<String>,
        clock: Arc<dyn Clock>,
    ) -> Result<Created> {
        check_new_passphrase(new_passphrase)?;
        let mut vault = Self::unlock(dir, Unlock::RecoveryCode(code), clock)?;
        let recovery_code = recovery::generate()?;
        vault.update_keyfile(|kf, key| {
            kf.set_passphrase(key, new_passphrase)?;
            kf.set_recovery_code(key, &recovery_code)
        })?;
        Ok(Created {
            vault,
            recovery_code,
        })
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
        Trash { conn: &self.conn }
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
        progress: &mut dyn FnMut(u64, u64),
    ) -> Result<crate::interchange::ImportReport> {
        crate::interchange::import_file(&self.conn, source, file, progress)
    }

    /// Writes everything (trash included) to a new JSON file. Plaintext:
    /// ask the user first.
    pub fn export_json(&self, file: &Path) -> Result<crate::interchange::ExportSummary> {
        crate::interchange::export_json(&self.conn, &store::to_db(self.clock.now()), file)
    }

    /// Writes entries and people as Markdown files into a new folder.
    /// Plaintext: ask the user first.
    pub fn export_markdown(&self, dir: &Path) -> Result<crate::interchange::ExportSummary> {
        crate::interchange::export_markdown(&self.conn, dir)
    }

    /// The connection, for this crate's own modules and tests.
    #[doc(hidden)]
    pub fn connection(&self) -> &Connection {
        &self.conn
    }
}

const SETTING_BACKUP: &str = "backup.settings";
const SETTING_LAST_BACKUP: &str = "backup.last_at";
const SETTING_VERIFIED: &str = "backup.verified";
/// Automatic backups run on unlock when the last one is older than this.
pub const AUTO_BACKUP_EVERY: chrono::Duration = chrono::Duration::hours(24);

/// Where backups go and how many are kept. Stored inside the vault.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BackupSettings {
    /// Always written (created if missing). Default: `<vault>/backups`.
    pub primary: PathBuf,
    /// Also written when present, e.g. an external drive; never created,
    /// and its absence is not an error.
    pub secondary: Option<PathBuf>,
    /// Rotation policy, applied in each folder after each backup.
    pub retention: Retention,
}

/// What a backup run did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct BackupReport {
    /// Backups written and verified.
    pub written: Vec<PathBuf>,
    /// Folders skipped, with the reason (e.g. a drive not plugged in).
    pub skipped: Vec<(PathBuf, String)>,
    /// Old backups deleted by rotation.
    pub rotated: Vec<PathBuf>,
}

/// A backup as the Backups screen and `kindred backups` list it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ListedBackup {
    /// The file.
    pub path: PathBuf,
    /// Date, size, vault, version (absent when the file is damaged).
    pub info: Option<BackupInfo>,
    /// When it last passed a full verification here.
    pub verified_at: Option<DateTime<Utc>>,
    /// Why it cannot be read, when it cannot.
    pub problem: Option<String>,
}

impl Vault {
    /// Where backups go and how many are kept.
    pub fn backup_settings(&self) -> Result<BackupSettings> {
        match self.setting(SETTING_BACKUP)? {
            Some(json) => serde_json::from_str(&json).map_err(|_| Error::CorruptFile {
                what: "The backup settings",
                detail: "they could not be read".into(),
            }),
            None => Ok(BackupSettings {
                primary: self.dir.join("backups"),
                secondary: None,
                retention: Retention::default(),
            }),
        }
    }

    /// Changes where backups go and how many are kept.
    pub fn set_backup_settings(&self, s: &BackupSettings) -> Result<()> {
        if s.retention.last == 0 {
            return Err(Error::invalid(
                "Keep at least the most recent backup (\"keep last\" of 1 or more).",
            ));
        }
        let json = serde_json::to_string(s).map_err(|_| Error::Internal("settings".into()))?;
        self.set_setting(SETTING_BACKUP, &json)
    }

    /// When the last automatic or manual backup was made.
    pub fn last_backup_at(&self) -> Result<Option<DateTime<Utc>>> {
        Ok(self
            .setting(SETTING_LAST_BACKUP)?
            .and_then(|s| DateTime::parse_from_rfc3339(&s).ok())
            .map(|t| t.with_timezone(&Utc)))
    }

    /// Writes one verified backup into `folder` (no rotation).
    pub fn backup_into(
        &self,
        folder: &Path,
        label: &str,
        progress: Progress<'_>,
    ) -> Result<PathBuf> {
        let now = self.clock.now();
        let path = backup::create(
            &self.conn,
            &self.keyfile,
            &self.data_key,
            folder,
            now,
            label,
            progress,
        )?;
        // The backup is written and verified; noting it in the vault is
        // bookkeeping. Another process mid-save (the app, while cron runs a
        // backup) must not turn a good backup into a failure.
        let noted = self
            .set_setting(SETTING_LAST_BACKUP, &store::to_db(now))
            .and_then(|()| self.record_verified(&path, now));
        match noted {
            Ok(()) | Err(Error::VaultBusy) => Ok(path),
            Err(e) => Err(e),
        }
    }

    /// Backs up into the primary folder and, when present, the secondary
    /// one; then rotates each.
    pub fn backup_now(&self, progress: Progress<'_>) -> Result<BackupReport> {
        let settings = self.backup_settings()?;
        let mut report = BackupReport::default();
        let path = self.backup_into(&settings.primary, "", progress)?;
        report.written.push(path);
        let date_of = |t| self.clock.date_of(t);
        report.rotated.extend(backup::rotate(
            &settings.primary,
            self.id(),
            settings.retention,
            &date_of,
        )?);
        if let Some(second) = &settings.secondary {
            if second.is_dir() {
                match self.backup_into(second, "", progress) {
                    Ok(p) => {
                        report.written.push(p);
                        report.rotated.extend(backup::rotate(
                            second,
                            self.id(),
                            settings.retention,
                            &date_of,
                        )?);
                    }
                    Err(e) => report.skipped.push((second.clone(), e.to_string())),
                }
            } else {
                report.skipped.push((
                    second.clone(),
                    "the folder is not available right now".into(),
                ));
            }
        }
        Ok(report)
    }

    /// The automatic backup: runs [`Vault::backup_now`] when the last backup
    /// is older than [`AUTO_BACKUP_EVERY`] (or there is none).
    pub fn auto_backup_if_due(&self, progress: Progress<'_>) -> Result<Option<BackupReport>> {
        let due = match self.last_backup_at()? {
            None => true,
            Some(t) => self.clock.now() - t >= AUTO_BACKUP_EVERY,
        };
        if due {
            self.backup_now(progress).map(Some)
        } else {
            Ok(None)
        }
    }

    /// Backups of this vault in the configured folders, newest first;
    /// damaged files are listed with what is wrong.
    pub fn backups(&self) -> Result<Vec<ListedBackup>> {
        let settings = self.backup_settings()?;
        let verified = self.verified_map()?;
        let mut out = Vec::new();
        let mut folders = vec![settings.primary];
        folders.extend(settings.secondary.filter(|s| s.is_dir()));
        for folder in folders {
            let Ok(rd) = std::fs::read_dir(&folder) else {
                continue;
            };
            for p in rd.flatten().map(|e| e.path()) {
                if p.extension().and_then(|x| x.to_str()) != Some(backup::EXTENSION) {
                    continue;
                }
                let key = p.display().to_string();
                match backup::inspect(&p) {
                    Ok(info) if info.vault_id == self.id() => out.push(ListedBackup {
                        verified_at: verified.get(&key).copied(),
                        path: p,
                        info: Some(info),
                        problem: None,
                    }),
                    Ok(_) => {} // another vault's backup: not ours to list
                    Err(e) => out.push(ListedBackup {
                        path: p,
                        info: None,
                        verified_at: None,
                        problem: Some(e.to_string()),
                    }),
                }
            }
        }
        out.sort_by(|a, b| {
            let ta = a.info.as_ref().map(|i| i.created_at);
            let tb = b.info.as_ref().map(|i| i.created_at);
            tb.cmp(&ta).then_with(|| b.path.cmp(&a.path))
        });
        Ok(out)
    }

    /// Fully verifies a backup of this vault and records the result.
    pub fn verify_backup(&self, path: &Path, progress: Progress<'_>) -> Result<Manifest> {
        let m = backup::verify_with_key(path, &self.data_key, self.id(), progress)?;
        self.record_verified(path, self.clock.now())?;
        Ok(m)
    }

    fn verified_map(&self) -> Result<std::collections::BTreeMap<String, DateTime<Utc>>> {
        Ok(self
            .setting(SETTING_VERIFIED)?
            .and_then(|s| serde_json::from_str(&s).ok())
            .unwrap_or_default())
    }

    fn record_verified(&self, path: &Path, at: DateTime<Utc>) -> Result<()> {
        let mut map = self.verified_map()?;
        // Forget deleted backups, but not those on a drive that is only
        // unplugged right now (their folder is missing, not empty).
        map.retain(|p, _| {
            let p = Path::new(p);
            p.exists() || p.parent().is_some_and(|d| !d.exists())
        });
        map.insert(path.display().to_string(), at);
        let json = serde_json::to_string(&map).map_err(|_| Error::Internal("settings".into()))?;
        self.set_setting(SETTING_VERIFIED, &json)
    }
}

/// Replaces the vault in `dir` with a backup of it. The vault must not be
/// open anywhere (`VaultBusy` otherwise); the secret is the passphrase or
/// recovery code valid when the backup was made. A verified safety backup
/// of the current state is written first; its path is returned.
pub fn restore_replacing(
    dir: &Path,
    file: &Path,
    secret: BackupSecret<'_>,
    clock: Arc<dyn Clock>,
    progress: Progress<'_>,
) -> Result<PathBuf> {
    if !exists(dir) {
        return Err(Error::VaultMissing(dir.display().to_string()));
    }
    let lock = lock_file(dir)?;
    match lock.try_lock() {
        Ok(()) => {}
        Err(TryLockError::WouldBlock) => return Err(Error::VaultBusy),
        Err(TryLockError::Error(e)) => return Err(Error::io("lock the vault", &e)),
    }
    let mut safety = |key: &DataKey| -> Result<PathBuf> {
        let keyfile = KeyFile::load(&keys_path(dir))?;
        let conn = store::open(&db_path(dir), key, OpenMode::Existing)?;
        let primary = match store::settings::get(&conn, SETTING_BACKUP)? {
            Some(json) => serde_json::from_str::<BackupSettings>(&json)
                .map(|s| s.primary)
                .unwrap_or_else(|_| dir.join("backups")),
            None => dir.join("backups"),
        };
        backup::create(
            &conn,
            &keyfile,
            key,
            &primary,
            clock.now(),
            "pre-restore",
            &mut backup::no_progress,
        )
    };
    let result = backup::restore_replacing(file, dir, secret, &mut safety, progress);
    drop(lock);
    result
}

fn restrict_permissions(path: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600));
    }
    #[cfg(not(unix))]
    let _ = path;
}
