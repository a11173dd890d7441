//! Restoring a backup: into a new folder, or over the vault it came from.
//! A backup that fails any check is refused before anything is touched.
//!
//! A restored copy in a new folder is a vault of its own: its backup
//! settings go back to its own `backups/` folder, with no last-backup time
//! and no verified list, so it never writes, lists or rotates backups in the
//! original's folders (an external drive among them).
//!
//! Restoring over the vault keeps what is there first. When the live
//! database opens with the backup's key and passes its checks, a verified
//! safety backup of it is written and the live key file stays (the current
//! passphrase, recovery code and remembered device keep working). When it
//! does not — the vault was re-keyed since, or it is damaged — its files are
//! moved aside intact into a `set-aside-…` folder, never read through
//! SQLite, and the backup's own key file comes with the database: the
//! secrets valid when the backup was made open it.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rusqlite::Connection;
use serde::Serialize;

use super::blobs::{self, Depth};
use super::create::{self, NewBackup, Source};
use super::format::{read_header, Header};
use super::scratch::ScratchDir;
use super::service;
use super::verify::{check_contents, unlock_backup, BackupSecret};
use super::{no_progress, Progress, Stage};
use crate::cancel::Cancel;
use crate::clock::Clock;
use crate::crypto::DataKey;
use crate::error::{Error, Result};
use crate::fsutil;
use crate::keyfile::KeyFile;
use crate::layout;
use crate::store::{self, OpenMode};

/// What became of the vault a restore replaced.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "contract", derive(ts_rs::TS))]
#[serde(tag = "kind", content = "path", rename_all = "kebab-case")]
pub enum Kept {
    /// A verified safety backup of it, at this path.
    SafetyBackup(PathBuf),
    /// Its files, moved aside intact into this folder (it did not open
    /// with the backup's key, or failed its checks).
    SetAside(PathBuf),
}

/// Which secrets open the vault after a restore over it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "contract", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum Secrets {
    /// The current passphrase, recovery code and remembered device.
    Current,
    /// The passphrase and recovery code valid when the backup was made;
    /// "remember on this device" must be turned on again.
    Backups,
}

/// What a restore over the vault did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Restored {
    /// Where the replaced state is.
    pub kept: Kept,
    /// Which secrets open the vault now.
    pub secrets: Secrets,
}

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
        let (manifest, db) = check_contents(
            path,
            &header,
            body_start,
            &key,
            scratch.path(),
            Depth::All,
            &Cancel::default(),
            progress,
        )?;
        blobs::bring_back(
            &blobs::folder(
                path.parent().unwrap_or(Path::new(".")),
                &header.vault_id,
                &key,
            )?,
            &crate::attachments::blobs_dir(dir),
            &manifest.blobs,
        )?;
        {
            let conn = store::open(&db, &key, OpenMode::Existing)?;
            service::forget_backup_state(&conn)?;
            store::scrub_wal(&conn)?;
        }
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
/// recovery code valid when the backup was made. What was there is kept
/// first (see the module doc); the report says where, and which secrets
/// open the vault now.
pub fn restore_replacing(
    dir: &Path,
    file: &Path,
    secret: BackupSecret<'_>,
    clock: Arc<dyn Clock>,
    progress: Progress<'_>,
) -> Result<Restored> {
    if !layout::exists(dir) && !layout::db_path(dir).exists() {
        return Err(Error::VaultMissing(dir.display().to_string()));
    }
    let lock = layout::lock_exclusive(dir)?;
    let result = replace(dir, file, secret, clock.as_ref(), progress);
    drop(lock);
    result
}

fn replace(
    dir: &Path,
    file: &Path,
    secret: BackupSecret<'_>,
    clock: &dyn Clock,
    progress: Progress<'_>,
) -> Result<Restored> {
    let (header, body_start) = read_header(file)?;
    // A key file that cannot be read is damage to set aside; one that
    // names another vault means this is the wrong backup.
    let current = KeyFile::load(&layout::keys_path(dir)).ok();
    if let Some(kf) = &current {
        if kf.vault_id != header.vault_id {
            return Err(Error::invalid(format!(
                "This backup is of another vault ({}). Nothing was changed; restore it into a new folder instead.",
                header.vault_id
            )));
        }
    }
    let key = unlock_backup(&header, secret)?;
    let scratch = ScratchDir::new(dir)?;
    let (manifest, db) = check_contents(
        file,
        &header,
        body_start,
        &key,
        scratch.path(),
        Depth::All,
        &Cancel::default(),
        progress,
    )?;

    // The backup's attachments join the vault's before anything is
    // replaced: blobs never change, so those already there are the same
    // bytes, and if this fails the vault is as it was (the extra blobs,
    // which nothing names, are swept later).
    blobs::bring_back(
        &blobs::folder(
            file.parent().unwrap_or(Path::new(".")),
            &header.vault_id,
            &key,
        )?,
        &crate::attachments::blobs_dir(dir),
        &manifest.blobs,
    )?;

    let live = current
        .as_ref()
        .and_then(|kf| open_healthy(dir, &key).map(|conn| (kf, conn)));
    let (kept, secrets) = match live {
        Some((kf, conn)) => {
            let path = safety_backup(dir, &conn, kf, &key, clock)?;
            // Empty the live WAL into the database before it is replaced,
            // so no frame of the old WAL can ever apply to the restored file.
            store::scrub_wal(&conn)?;
            drop(conn);
            (Kept::SafetyBackup(path), Secrets::Current)
        }
        None => (Kept::SetAside(set_aside(dir, clock)?), Secrets::Backups),
    };
    progress(Stage::Restore, 0, 1);
    let [db_path, wal, shm, journal] = layout::db_files(dir);
    for p in [wal, shm, journal] {
        match fs::remove_file(p) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(Error::io("restore the database", &e)),
        }
    }
    fs::rename(&db, &db_path).map_err(|e| Error::io("restore the database", &e))?;
    fsutil::sync_dir(dir).map_err(|e| Error::io("restore the database", &e))?;
    if secrets == Secrets::Backups {
        restore_key_file(dir, &header)?;
    }
    progress(Stage::Restore, 1, 1);
    Ok(Restored { kept, secrets })
}

/// The live database, when it opens with `key` and passes its checks.
fn open_healthy(dir: &Path, key: &DataKey) -> Option<Connection> {
    let conn = store::open(&layout::db_path(dir), key, OpenMode::Existing).ok()?;
    store::check_integrity(&conn).ok()?;
    Some(conn)
}

fn safety_backup(
    dir: &Path,
    conn: &Connection,
    kf: &KeyFile,
    key: &DataKey,
    clock: &dyn Clock,
) -> Result<PathBuf> {
    let primary = service::stored_settings(conn, dir)
        .map(|s| s.primary)
        .unwrap_or_else(|_| layout::default_backup_dir(dir));
    create::create(
        &NewBackup {
            source: Source {
                conn,
                key_file: kf,
                data_key: key,
                cancel: &Cancel::default(),
                vault_dir: dir,
            },
            folder: &primary,
            at: clock.now(),
            label: "pre-restore",
        },
        &mut no_progress,
    )
}

/// Moves the vault's files, as they are, into a new `set-aside-<time>`
/// folder inside the vault folder; returns it.
fn set_aside(dir: &Path, clock: &dyn Clock) -> Result<PathBuf> {
    let io_err = |e: io::Error| Error::io("move the damaged vault aside", &e);
    let mut aside = dir.join(format!("set-aside-{}", clock.now().format("%Y%m%d-%H%M%S")));
    let mut n = 2;
    while aside.exists() {
        aside = dir.join(format!(
            "set-aside-{}-{n}",
            clock.now().format("%Y%m%d-%H%M%S")
        ));
        n += 1;
    }
    fsutil::create_private_dir(&aside).map_err(io_err)?;
    let mut files: Vec<PathBuf> = layout::db_files(dir).into();
    files.push(layout::keys_path(dir));
    for p in files {
        let Some(name) = p.file_name() else { continue };
        match fs::rename(&p, aside.join(name)) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(io_err(e)),
        }
    }
    // Its attachments stay in the vault's blob folder (the restored
    // database may name the same ones) and are linked into the set-aside
    // folder too, so that sweeping blobs the restored database does not
    // name never takes the set-aside vault's.
    link_tree(
        &crate::attachments::blobs_dir(dir),
        &crate::attachments::blobs_dir(&aside),
    )
    .map_err(io_err)?;
    fsutil::sync_dir(&aside).map_err(io_err)?;
    fsutil::sync_dir(dir).map_err(io_err)?;
    Ok(aside)
}

/// Hard-links (or, where links are not possible, copies) every file of
/// the two-level folder `from` into `to`.
fn link_tree(from: &Path, to: &Path) -> io::Result<()> {
    let Ok(subs) = fs::read_dir(from) else {
        return Ok(());
    };
    for sub in subs.flatten() {
        if !sub.path().is_dir() {
            continue;
        }
        let dest = to.join(sub.file_name());
        fsutil::create_private_dir(to)?;
        fsutil::create_private_dir(&dest)?;
        for f in fs::read_dir(sub.path())?.flatten() {
            let target = dest.join(f.file_name());
            if fs::hard_link(f.path(), &target).is_err() {
                fs::copy(f.path(), &target)?;
            }
        }
        fsutil::sync_dir(&dest)?;
    }
    Ok(())
}

fn restore_key_file(dir: &Path, header: &Header) -> Result<()> {
    let mut kf = header.key_file.clone();
    kf.save(&layout::keys_path(dir))
}
