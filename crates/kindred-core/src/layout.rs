//! The vault folder: which file is which, and the lock that keeps a restore
//! from pulling the files out from under an open app or CLI.
//!
//! Both the vault's lifecycle and backups need these paths; keeping them
//! here lets `backup` work on a folder without reaching back into `vault`.

use std::fs::{File, TryLockError};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::{keyfile, store};

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

/// The file whose lock lets one backup of this vault at a time write and
/// rotate (the app's automatic one, "Back up now", the CLI's from cron).
fn backup_lock_path(dir: &Path) -> PathBuf {
    dir.join("backup.lock")
}

/// Where backups go unless the user chose elsewhere.
pub fn default_backup_dir(dir: &Path) -> PathBuf {
    dir.join("backups")
}

/// The database's companion files (`-wal`, `-shm`, `-journal`) and itself.
pub(crate) fn db_files(dir: &Path) -> [PathBuf; 4] {
    let with = |suffix: &str| {
        let mut p = db_path(dir).into_os_string();
        p.push(suffix);
        PathBuf::from(p)
    };
    [with(""), with("-wal"), with("-shm"), with("-journal")]
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

fn lock_file(path: &Path) -> Result<File> {
    let mut opts = std::fs::OpenOptions::new();
    opts.read(true).write(true).create(true).truncate(false);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    opts.open(path)
        .map_err(|e| Error::io("open the vault's lock file", &e))
}

/// A shared hold on the vault folder, kept while a handle is open.
pub(crate) fn lock_shared(dir: &Path) -> Result<File> {
    let f = lock_file(&lock_path(dir))?;
    match f.try_lock_shared() {
        Ok(()) => Ok(f),
        Err(TryLockError::WouldBlock) => Err(Error::VaultBusy),
        Err(TryLockError::Error(e)) => Err(Error::io("lock the vault", &e)),
    }
}

/// The only hold on the vault folder, for replacing its files.
pub(crate) fn lock_exclusive(dir: &Path) -> Result<File> {
    let f = lock_file(&lock_path(dir))?;
    match f.try_lock() {
        Ok(()) => Ok(f),
        Err(TryLockError::WouldBlock) => Err(Error::VaultBusy),
        Err(TryLockError::Error(e)) => Err(Error::io("lock the vault", &e)),
    }
}

/// Waits for the vault's backup lock (another backup of this vault, in
/// this process or another, holds it until it has written, verified and
/// rotated), asking `still_wanted` between tries so a lock of the vault
/// stops the wait; held until the returned file is dropped.
pub(crate) fn lock_backups(dir: &Path, still_wanted: &dyn Fn() -> Result<()>) -> Result<File> {
    let f = lock_file(&backup_lock_path(dir))?;
    loop {
        match f.try_lock() {
            Ok(()) => return Ok(f),
            Err(TryLockError::WouldBlock) => {
                still_wanted()?;
                std::thread::sleep(std::time::Duration::from_millis(50));
            }
            Err(TryLockError::Error(e)) => return Err(Error::io("lock the backups", &e)),
        }
    }
}

/// Makes a file readable by its owner only (best effort off Unix).
pub(crate) fn restrict_permissions(path: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600));
    }
    #[cfg(not(unix))]
    let _ = path;
}
