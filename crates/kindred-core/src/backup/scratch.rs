//! Scratch folders for the encrypted copies a backup, verification or
//! restore works on, removed when done and swept after a crash.

use std::fs;
use std::path::{Path, PathBuf};

use data_encoding::HEXLOWER;

use crate::crypto::random_array;
use crate::error::{Error, Result};
use crate::fsutil;

const PREFIX: &str = ".kindred-scratch-";

/// A scratch folder this old was left by a process that died mid-work: a
/// backup or restore takes minutes, not a day.
pub(crate) const STALE_SCRATCH: std::time::Duration = std::time::Duration::from_secs(24 * 3600);

/// A folder for scratch files next to `near`, removed when dropped.
#[derive(Debug)]
pub(crate) struct ScratchDir(PathBuf);

impl ScratchDir {
    pub(crate) fn new(near: &Path) -> Result<Self> {
        sweep_stale_scratch(near);
        let p = near.join(format!(
            "{PREFIX}{}",
            HEXLOWER.encode(&random_array::<6>()?)
        ));
        fsutil::create_private_dir(&p).map_err(|e| Error::io("create a scratch folder", &e))?;
        Ok(Self(p))
    }

    pub(crate) fn path(&self) -> &Path {
        &self.0
    }
}

/// Removes scratch folders in `near` left behind by a crash: they hold an
/// encrypted snapshot, so only disk space is at stake, but it adds up.
fn sweep_stale_scratch(near: &Path) {
    let Ok(dir) = fs::read_dir(near) else {
        return;
    };
    for entry in dir.flatten() {
        let stale = entry
            .file_name()
            .to_str()
            .is_some_and(|n| n.starts_with(PREFIX))
            && entry
                .metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|age| age > STALE_SCRATCH);
        if stale {
            let _ = fs::remove_dir_all(entry.path());
        }
    }
}

impl Drop for ScratchDir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs::File;

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
}
