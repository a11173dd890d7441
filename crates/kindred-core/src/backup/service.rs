//! Backups of an open vault: where they go (settings kept inside the vault),
//! writing them now or when due, rotating, listing and verifying, and the
//! record of which backups were last verified here.
//!
//! [`Backups`] is the handle the vault hands out (`vault.backups()`); it
//! borrows the vault's connection and keys, so backup code never reaches
//! back into the vault module.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use super::blobs;
use super::create::{self, NewBackup, Source};
use super::format::{list_folder, BackupInfo, Manifest};
use super::retention::{self, Retention, Rotation};
use super::verify;
use super::Progress;
use crate::cancel::Cancel;
use crate::clock::Clock;
use crate::crypto::DataKey;
use crate::error::{Error, Result};
use crate::keyfile::KeyFile;
use crate::layout;
use crate::store;

const SETTING_BACKUP: &str = "backup.settings";
const SETTING_LAST_BACKUP: &str = "backup.last_at";
const SETTING_VERIFIED: &str = "backup.verified";
/// Automatic backups run on unlock when the last one is older than this.
pub const AUTO_BACKUP_EVERY: chrono::Duration = chrono::Duration::hours(24);

/// Where backups go and how many are kept. Stored inside the vault.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "contract", derive(ts_rs::TS))]
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
#[cfg_attr(feature = "contract", derive(ts_rs::TS))]
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
#[cfg_attr(feature = "contract", derive(ts_rs::TS))]
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

/// The backup settings stored in the vault at `conn` (folder `dir`), or the
/// defaults when none are stored. The one place they are read.
pub(crate) fn stored_settings(conn: &Connection, dir: &Path) -> Result<BackupSettings> {
    match store::settings::get(conn, SETTING_BACKUP)? {
        Some(json) => serde_json::from_str(&json).map_err(|_| Error::CorruptFile {
            what: "The backup settings",
            detail: "they could not be read".into(),
        }),
        None => Ok(BackupSettings {
            primary: layout::default_backup_dir(dir),
            secondary: None,
            retention: Retention::default(),
        }),
    }
}

/// Forgets where backups went, when the last was made and which were
/// verified: a restored copy starts with its own `backups/` folder and
/// never touches the original's.
pub(crate) fn forget_backup_state(conn: &Connection) -> Result<()> {
    for key in [SETTING_BACKUP, SETTING_LAST_BACKUP, SETTING_VERIFIED] {
        store::settings::remove(conn, key)?;
    }
    Ok(())
}

/// Backups of one open vault.
#[derive(Debug)]
pub struct Backups<'v> {
    pub(crate) conn: &'v Connection,
    pub(crate) key_file: &'v KeyFile,
    pub(crate) data_key: &'v DataKey,
    pub(crate) clock: &'v dyn Clock,
    pub(crate) dir: &'v Path,
    pub(crate) cancel: &'v Cancel,
}

impl Backups<'_> {
    fn id(&self) -> &str {
        &self.key_file.vault_id
    }

    /// Where backups go and how many are kept.
    pub fn settings(&self) -> Result<BackupSettings> {
        stored_settings(self.conn, self.dir)
    }

    /// Changes where backups go and how many are kept.
    pub fn set_settings(&self, s: &BackupSettings) -> Result<()> {
        if s.retention.last == 0 {
            return Err(Error::invalid(
                "Keep at least the most recent backup (\"keep last\" of 1 or more).",
            ));
        }
        let json = serde_json::to_string(s).map_err(|_| Error::Internal("settings".into()))?;
        store::settings::set(self.conn, SETTING_BACKUP, &json)?;
        // For the lock screen; the settings above are what counts.
        let _ = super::note_folders(self.dir, s);
        Ok(())
    }

    /// When the last automatic or manual backup was made.
    pub fn last_at(&self) -> Result<Option<DateTime<Utc>>> {
        Ok(store::settings::get(self.conn, SETTING_LAST_BACKUP)?
            .and_then(|s| DateTime::parse_from_rfc3339(&s).ok())
            .map(|t| t.with_timezone(&Utc)))
    }

    /// Holds this vault's backup lock until dropped: one backup at a time
    /// writes, verifies and rotates (see [`layout::lock_backups`]).
    fn hold(&self) -> Result<std::fs::File> {
        layout::lock_backups(self.dir, &|| self.cancel.check())
    }

    /// Writes one verified backup into `folder` (no rotation).
    pub fn write_into(
        &self,
        folder: &Path,
        label: &str,
        progress: Progress<'_>,
    ) -> Result<PathBuf> {
        let _held = self.hold()?;
        self.write_held(folder, label, progress)
    }

    /// [`Backups::write_into`], the backup lock held.
    fn write_held(&self, folder: &Path, label: &str, progress: Progress<'_>) -> Result<PathBuf> {
        let now = self.clock.now();
        let path = create::create(
            &NewBackup {
                source: Source {
                    conn: self.conn,
                    key_file: self.key_file,
                    data_key: self.data_key,
                    cancel: self.cancel,
                    vault_dir: self.dir,
                },
                folder,
                at: now,
                label,
            },
            progress,
        )?;
        // The backup is written and verified; noting it in the vault is
        // bookkeeping. Another process mid-save (the app, while cron runs a
        // backup) must not turn a good backup into a failure.
        let noted = store::settings::set(self.conn, SETTING_LAST_BACKUP, &store::to_db(now))
            .and_then(|()| self.record_verified(&path, now));
        match noted {
            Ok(()) | Err(Error::VaultBusy) => Ok(path),
            Err(e) => Err(e),
        }
    }

    /// Backs up into the primary folder and, when present, the secondary
    /// one; then rotates each. Another backup of this vault under way (the
    /// automatic one, the CLI's) is waited for, then this one is made.
    pub fn now(&self, progress: Progress<'_>) -> Result<BackupReport> {
        let _held = self.hold()?;
        self.now_held(progress)
    }

    /// [`Backups::now`], the backup lock held.
    fn now_held(&self, progress: Progress<'_>) -> Result<BackupReport> {
        let settings = self.settings()?;
        let mut report = BackupReport::default();
        let path = self.write_held(&settings.primary, "", progress)?;
        report
            .rotated
            .extend(retention::rotate(&self.rotation(&settings, &path))?);
        report.written.push(path);
        if let Some(second) = &settings.secondary {
            if second.is_dir() {
                match self.write_held(second, "", progress) {
                    Ok(p) => {
                        let mut s = settings.clone();
                        s.primary = second.clone();
                        report
                            .rotated
                            .extend(retention::rotate(&self.rotation(&s, &p))?);
                        report.written.push(p);
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

    /// Rotation of `settings.primary` after `just_written` was written there.
    fn rotation<'a>(
        &'a self,
        settings: &'a BackupSettings,
        just_written: &'a Path,
    ) -> Rotation<'a> {
        Rotation {
            folder: &settings.primary,
            vault_id: self.id(),
            data_key: self.data_key,
            policy: settings.retention,
            just_written,
            clock: self.clock,
        }
    }

    /// The automatic backup: runs [`Backups::now`] when the last backup is
    /// older than [`AUTO_BACKUP_EVERY`], or there is none, or its time is in
    /// the future (a clock that was wrong must not stop backups for good).
    /// Whether it is due is judged once the backup lock is held, so one
    /// that just finished elsewhere counts.
    pub fn auto_if_due(&self, progress: Progress<'_>) -> Result<Option<BackupReport>> {
        let _held = self.hold()?;
        let now = self.clock.now();
        let due = match self.last_at()? {
            None => true,
            Some(t) => t > now || now - t >= AUTO_BACKUP_EVERY,
        };
        if due {
            self.now_held(progress).map(Some)
        } else {
            Ok(None)
        }
    }

    /// Backups of this vault in the configured folders, newest first;
    /// damaged files are listed with what is wrong.
    pub fn list(&self) -> Result<Vec<ListedBackup>> {
        let settings = self.settings()?;
        let verified = self.verified_map()?;
        let mut out = Vec::new();
        let mut folders = vec![settings.primary];
        folders.extend(settings.secondary.filter(|s| s.is_dir()));
        for folder in folders {
            let Ok(found) = list_folder(&folder) else {
                continue;
            };
            for f in found {
                let path = f.path;
                match f.read.map(|(info, _)| info) {
                    Ok(info) if info.vault_id == self.id() => out.push(ListedBackup {
                        verified_at: verified.get(&path.display().to_string()).copied(),
                        path,
                        info: Some(info),
                        problem: None,
                    }),
                    Ok(_) => {} // another vault's backup: not ours to list
                    Err(e) => out.push(ListedBackup {
                        path,
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

    /// Deletes this vault's backups made before `than` in the configured
    /// folders, whatever key they were made with: after a re-key, the way to
    /// retire backups that the old secrets still open. Call it only after a
    /// fresh backup was written and verified. Returns the deleted files.
    pub fn delete_older_than(&self, than: DateTime<Utc>) -> Result<Vec<PathBuf>> {
        let mut deleted = Vec::new();
        let mut left_with_other_keys = BTreeSet::new();
        for b in self.list()? {
            let Some(info) = &b.info else { continue };
            let folder = b.path.parent().map(Path::to_path_buf).unwrap_or_default();
            if info.created_at < than {
                std::fs::remove_file(&b.path).map_err(|e| Error::io("delete an old backup", &e))?;
                deleted.push(b.path);
            } else if verify::opens_with(&b.path, self.data_key).is_err() {
                left_with_other_keys.insert(folder);
            }
        }
        // The attachments of the retired backups: every key folder of this
        // vault's but the current key's, in each folder where no backup
        // made with another key is left.
        let settings = self.settings()?;
        let mut folders = vec![settings.primary];
        folders.extend(settings.secondary.filter(|s| s.is_dir()));
        for folder in folders {
            if left_with_other_keys.contains(&folder) {
                continue;
            }
            let current = blobs::folder(&folder, self.id(), self.data_key)?;
            let Ok(keys) = std::fs::read_dir(blobs::vault_folder(&folder, self.id())) else {
                continue;
            };
            for k in keys.flatten() {
                if k.path() != current {
                    std::fs::remove_dir_all(k.path())
                        .map_err(|e| Error::io("delete an old backup's attachments", &e))?;
                }
            }
        }
        Ok(deleted)
    }

    /// Fully verifies a backup of this vault and records the result.
    pub fn verify(&self, path: &Path, progress: Progress<'_>) -> Result<Manifest> {
        let m = verify::verify_with_key(
            path,
            self.data_key,
            self.id(),
            self.dir,
            super::blobs::Depth::All,
            self.cancel,
            progress,
        )?;
        self.record_verified(path, self.clock.now())?;
        Ok(m)
    }

    fn verified_map(&self) -> Result<BTreeMap<String, DateTime<Utc>>> {
        Ok(store::settings::get(self.conn, SETTING_VERIFIED)?
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
        store::settings::set(self.conn, SETTING_VERIFIED, &json)
    }
}
