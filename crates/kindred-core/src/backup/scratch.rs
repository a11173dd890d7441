//! Scratch folders for the encrypted copies a backup, verification or
//! restore works on, removed when done and swept after a crash.
//!
//! The process using a scratch folder holds a lock on a file inside it, so
//! a sweep can tell a folder in use (by another program too) from one left
//! by a process that was killed: the lock of the latter can be taken.

use std::fs;
use std::path::{Path, PathBuf};

use data_encoding::HEXLOWER;

use crate::crypto::random_array;
use crate::error::{Error, Result};
use crate::fsutil;

const PREFIX: &str = ".kindred-scratch-";

/// A scratch folder being set up: made and locked under this name, then
/// renamed to its [`PREFIX`] name, so a sweep (another backup starting, the
/// vault opening) never sees it half made, with its lock not yet taken.
const STAGING: &str = ".kindred-staging-";

/// A staging folder lives for a few system calls; one older than this was
/// left by a kill in between and holds nothing but an empty lock file.
const STALE_STAGING: std::time::Duration = std::time::Duration::from_secs(600);

/// A scratch folder this old was left by a process that died mid-work: a
/// backup or restore takes minutes, not a day.
pub(crate) const STALE_SCRATCH: std::time::Duration = std::time::Duration::from_secs(24 * 3600);

/// The file in a scratch folder whose lock says it is in use.
const IN_USE: &str = ".in-use";

/// A folder for scratch files next to `near`, removed when dropped.
#[derive(Debug)]
pub(crate) struct ScratchDir {
    path: PathBuf,
    /// Locked while the folder is in use.
    _in_use: fs::File,
}

impl ScratchDir {
    pub(crate) fn new(near: &Path) -> Result<Self> {
        sweep(near);
        let name = HEXLOWER.encode(&random_array::<6>()?);
        let staging = near.join(format!("{STAGING}{name}"));
        let path = near.join(format!("{PREFIX}{name}"));
        let made = || -> std::io::Result<fs::File> {
            fsutil::create_private_dir(&staging)?;
            let in_use = fsutil::create_private(&staging.join(IN_USE))?;
            // Best effort: without file locks, the age rule below still
            // sweeps.
            let _ = in_use.try_lock();
            fs::rename(&staging, &path)?;
            Ok(in_use)
        };
        let in_use = made().map_err(|e| {
            let _ = fs::remove_dir_all(&staging);
            Error::io("create a scratch folder", &e)
        })?;
        Ok(Self {
            path,
            _in_use: in_use,
        })
    }

    pub(crate) fn path(&self) -> &Path {
        &self.path
    }
}

/// Removes scratch folders in `near` left behind by a killed process: they
/// hold an encrypted snapshot, so only disk space is at stake, but it adds
/// up. A folder goes when its in-use lock can be taken (its owner is gone),
/// or, lacking the lock file (written by an older version), after a day.
/// Returns how many went.
pub(crate) fn sweep(near: &Path) -> usize {
    let Ok(dir) = fs::read_dir(near) else {
        return 0;
    };
    let mut gone = 0;
    for entry in dir.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        let path = entry.path();
        if name.starts_with(STAGING) {
            if older_than(&entry, STALE_STAGING) && fs::remove_dir_all(&path).is_ok() {
                gone += 1;
            }
            continue;
        }
        if !name.starts_with(PREFIX) {
            continue;
        }
        let abandoned = match fs::File::open(path.join(IN_USE)) {
            Ok(f) => f.try_lock().is_ok(),
            // Empty: killed while removing it (the lock file goes last
            // but one). Removing an empty folder cannot take anyone's work.
            Err(_) if fs::remove_dir(&path).is_ok() => {
                gone += 1;
                continue;
            }
            Err(_) => older_than(&entry, STALE_SCRATCH),
        };
        if abandoned && fs::remove_dir_all(&path).is_ok() {
            gone += 1;
        }
    }
    gone
}

fn older_than(entry: &fs::DirEntry, age: std::time::Duration) -> bool {
    entry
        .metadata()
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.elapsed().ok())
        .is_some_and(|a| a > age)
}

impl Drop for ScratchDir {
    /// Removes the folder with its lock file last, so that a kill half-way
    /// leaves a folder a sweep recognises as abandoned: one whose lock is
    /// free, or an empty one.
    fn drop(&mut self) {
        if let Ok(rd) = fs::read_dir(&self.path) {
            for e in rd.flatten() {
                if e.file_name() != IN_USE {
                    let p = e.path();
                    let _ = if p.is_dir() {
                        fs::remove_dir_all(&p)
                    } else {
                        fs::remove_file(&p)
                    };
                }
            }
        }
        let _ = fs::remove_file(self.path.join(IN_USE));
        let _ = fs::remove_dir(&self.path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs::File;

    #[test]
    fn a_scratch_folder_whose_owner_is_gone_is_swept_at_once() {
        let tmp = tempfile::tempdir().unwrap();
        let in_use = ScratchDir::new(tmp.path()).unwrap();
        // A folder left by a killed process: its lock file, unlocked.
        let left = tmp.path().join(".kindred-scratch-00000000dead");
        fs::create_dir(&left).unwrap();
        fs::write(left.join(IN_USE), b"").unwrap();
        fs::write(left.join("snapshot.db"), b"x").unwrap();
        assert_eq!(sweep(tmp.path()), 1);
        assert!(!left.exists());
        assert!(in_use.path().exists(), "one in use (locked) stays");
    }

    #[test]
    fn an_empty_scratch_folder_is_swept_at_once_one_with_files_waits_a_day() {
        let tmp = tempfile::tempdir().unwrap();
        // Killed between making the folder and its lock file.
        let empty = tmp.path().join(".kindred-scratch-0000000e0e0e");
        fs::create_dir(&empty).unwrap();
        // An older version's folder, in use: files, no lock file.
        let older = tmp.path().join(".kindred-scratch-00000000a0a0");
        fs::create_dir(&older).unwrap();
        fs::write(older.join("snapshot.db"), b"x").unwrap();
        assert_eq!(sweep(tmp.path()), 1);
        assert!(!empty.exists());
        assert!(older.exists(), "files without a lock file wait a day");
    }

    #[test]
    fn a_finished_scratch_folder_is_removed_whole() {
        let tmp = tempfile::tempdir().unwrap();
        let s = ScratchDir::new(tmp.path()).unwrap();
        fs::write(s.path().join("snapshot.db"), b"x").unwrap();
        fs::create_dir(s.path().join("inner")).unwrap();
        let p = s.path().to_path_buf();
        drop(s);
        assert!(!p.exists());
    }

    #[test]
    fn scratch_left_by_a_crash_is_swept_after_a_day() {
        let tmp = tempfile::tempdir().unwrap();
        let old = tmp.path().join(".kindred-scratch-0123456789ab");
        let fresh = tmp.path().join(".kindred-scratch-ba9876543210");
        let other = tmp.path().join("kindred-20260101-120000.kbak");
        for d in [&old, &fresh] {
            fs::create_dir(d).unwrap();
            fs::write(d.join("snapshot.db"), b"x").unwrap();
        }
        fs::write(&other, b"x").unwrap();
        let two_days_ago = std::time::SystemTime::now() - 2 * STALE_SCRATCH;
        File::open(&old)
            .unwrap()
            .set_modified(two_days_ago)
            .unwrap();
        File::open(&other)
            .unwrap()
            .set_modified(two_days_ago)
            .unwrap();
        let s = ScratchDir::new(tmp.path()).unwrap();
        assert!(!old.exists(), "a day-old scratch folder is swept");
        assert!(fresh.exists(), "one in use by another process is not");
        assert!(other.exists(), "nothing else is touched");
        drop(s);
    }

    /// Backups, verifications and unlocks start scratch folders side by
    /// side, each sweeping first: none may sweep away another's folder
    /// while it is being made, before its lock is taken.
    #[test]
    fn scratch_folders_made_side_by_side_are_never_swept_from_under_each_other() {
        let tmp = tempfile::tempdir().unwrap();
        std::thread::scope(|s| {
            for _ in 0..4 {
                s.spawn(|| {
                    for i in 0..300 {
                        let d = ScratchDir::new(tmp.path())
                            .unwrap_or_else(|e| panic!("try {i}: {e:?}"));
                        fs::write(d.path().join("snapshot.db"), b"x")
                            .unwrap_or_else(|e| panic!("try {i}: {e:?}"));
                    }
                });
            }
        });
        let left: Vec<_> = fs::read_dir(tmp.path()).unwrap().flatten().collect();
        assert!(left.is_empty(), "{left:?}");
    }

    #[test]
    fn a_staging_folder_left_by_a_kill_is_swept_once_stale() {
        let tmp = tempfile::tempdir().unwrap();
        let old = tmp.path().join(format!("{STAGING}0123456789ab"));
        let fresh = tmp.path().join(format!("{STAGING}ba9876543210"));
        for d in [&old, &fresh] {
            fs::create_dir(d).unwrap();
            fs::write(d.join(IN_USE), b"").unwrap();
        }
        File::open(&old)
            .unwrap()
            .set_modified(std::time::SystemTime::now() - 2 * STALE_STAGING)
            .unwrap();
        assert_eq!(sweep(tmp.path()), 1);
        assert!(!old.exists());
        assert!(fresh.exists(), "one being set up right now stays");
    }
}
