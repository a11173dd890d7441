//! Restoring a backup: into a new folder, or over the vault it came from
//! after a verified safety backup of what is there now. A backup that fails
//! any check is refused before anything is touched.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::create::{self, NewBackup, Source};
use super::format::read_header;
use super::scratch::ScratchDir;
use super::service;
use super::verify::{check_contents, unlock_backup, BackupSecret};
use super::{no_progress, Progress, Stage};
use crate::clock::Clock;
use crate::crypto::DataKey;
use crate::error::{Error, Result};
use crate::fsutil;
use crate::keyfile::KeyFile;
use crate::layout;
use crate::store::{self, OpenMode};

/// Restores a backup into `dir`, which must not hold a vault. The key file
/// is the backup's, so the passphrase and recovery code valid when the backup
/// was made open the restored vault.
pub fn restore_to(
    path: &Path,
    dir: &Path,
    secret: BackupSecret<'_>,
    progress: Progress<'_>,
) -> Result<()> {
    let (header, body_start) = read_header(path)?;
    let key = unlock_backup(&header, secret)?;
    if layout::exists(dir) || layout::db_path(dir).exists() {
        return Err(Error::VaultExists(dir.display().to_string()));
    }
    let created = !dir.exists();
    fsutil::create_private_dir(dir).map_err(|e| Error::io("create the vault folder", &e))?;
    let restored = (|| {
        let scratch = ScratchDir::new(dir)?;
        let (_, db) = check_contents(path, &header, body_start, &key, scratch.path(), progress)?;
        progress(Stage::Restore, 0, 1);
        fs::rename(&db, layout::db_path(dir)).map_err(|e| Error::io("restore the database", &e))?;
        let mut kf = header.key_file.clone();
        kf.save(&layout::keys_path(dir))?;
        fsutil::sync_dir(dir).map_err(|e| Error::io("restore the vault", &e))?;
        progress(Stage::Restore, 1, 1);
        Ok(())
    })();
    // A refused restore leaves no half-made vault, nor a folder this call made.
    if restored.is_err() && created {
        let _ = fs::remove_dir_all(dir);
    }
    restored
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
    if !layout::exists(dir) {
        return Err(Error::VaultMissing(dir.display().to_string()));
    }
    let lock = layout::lock_exclusive(dir)?;
    let mut safety = |key: &DataKey| -> Result<PathBuf> {
        let keyfile = KeyFile::load(&layout::keys_path(dir))?;
        let conn = store::open(&layout::db_path(dir), key, OpenMode::Existing)?;
        let primary = service::stored_settings(&conn, dir)
            .map(|s| s.primary)
            .unwrap_or_else(|_| layout::default_backup_dir(dir));
        create::create(
            &NewBackup {
                source: Source {
                    conn: &conn,
                    key_file: &keyfile,
                    data_key: key,
                },
                folder: &primary,
                at: clock.now(),
                label: "pre-restore",
            },
            &mut no_progress,
        )
    };
    let result = replace(file, dir, secret, &mut safety, progress);
    drop(lock);
    result
}

/// Restores over the vault in `dir`, which must be the same vault (same id)
/// and held exclusively by the caller. `safety_backup` is called first with
/// the data key (the data key of a vault never changes); it must make a
/// verified backup of the current state before anything is replaced.
fn replace(
    path: &Path,
    dir: &Path,
    secret: BackupSecret<'_>,
    safety_backup: &mut dyn FnMut(&DataKey) -> Result<PathBuf>,
    progress: Progress<'_>,
) -> Result<PathBuf> {
    let (header, body_start) = read_header(path)?;
    let current = KeyFile::load(&layout::keys_path(dir))?;
    if current.vault_id != header.vault_id {
        return Err(Error::invalid(format!(
            "This backup is of another vault ({}). Nothing was changed; restore it into a new folder instead.",
            header.vault_id
        )));
    }
    let key = unlock_backup(&header, secret)?;
    let scratch = ScratchDir::new(dir)?;
    let (_, db) = check_contents(path, &header, body_start, &key, scratch.path(), progress)?;
    let safety = safety_backup(&key)?;
    progress(Stage::Restore, 0, 1);
    // Empty the live WAL into the database before it is replaced, so no
    // frame of the old WAL can ever be applied to the restored file.
    {
        let conn = store::open(&layout::db_path(dir), &key, OpenMode::Existing)?;
        conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
    }
    let [db_path, wal, shm, _] = layout::db_files(dir);
    for p in [wal, shm] {
        match fs::remove_file(p) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(Error::io("restore the database", &e)),
        }
    }
    fs::rename(&db, &db_path).map_err(|e| Error::io("restore the database", &e))?;
    fsutil::sync_dir(dir).map_err(|e| Error::io("restore the database", &e))?;
    let mut kf = header.key_file.clone();
    kf.save(&layout::keys_path(dir))?;
    progress(Stage::Restore, 1, 1);
    Ok(safety)
}
