//! Durable file writes: temp file in the same folder, fsync, rename, fsync
//! of the folder. A crash leaves either the old file or the new one, never a
//! torn mix; a full disk leaves the old file untouched.

use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::Path;

use data_encoding::HEXLOWER;

use crate::crypto::random_array;
use crate::error::{Error, Result};

/// Replaces `path` with `bytes` atomically and durably. The file is created
/// readable by its owner only.
pub fn atomic_write(path: &Path, bytes: &[u8], action: &'static str) -> Result<()> {
    let dir = parent_of(path);
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .ok_or_else(|| Error::Internal("atomic_write needs a file name".into()))?;
    let tmp = dir.join(format!(
        ".{name}.tmp-{}",
        HEXLOWER.encode(&random_array::<6>()?)
    ));
    let result = (|| {
        let mut f = create_private(&tmp).map_err(|e| Error::io(action, &e))?;
        // Held while this process writes: a temp file whose lock can be
        // taken was left by a process that died (see `sweep_temp_files`).
        let _ = f.try_lock();
        f.write_all(bytes).map_err(|e| Error::io(action, &e))?;
        f.sync_all().map_err(|e| Error::io(action, &e))?;
        drop(f);
        fs::rename(&tmp, path).map_err(|e| Error::io(action, &e))?;
        sync_dir(dir).map_err(|e| Error::io(action, &e))
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// Removes the temp files [`atomic_write`] leaves in `dir` when the process
/// writing them is killed: `.<name>.tmp-<random>` files whose lock nobody
/// holds. Returns how many went.
pub fn sweep_temp_files(dir: &Path) -> usize {
    let Ok(rd) = fs::read_dir(dir) else {
        return 0;
    };
    let mut gone = 0;
    for entry in rd.flatten() {
        let name = entry.file_name();
        let is_temp = name
            .to_str()
            .is_some_and(|n| n.starts_with('.') && n.contains(".tmp-"));
        if !is_temp || !entry.file_type().is_ok_and(|t| t.is_file()) {
            continue;
        }
        let Ok(f) = OpenOptions::new().read(true).open(entry.path()) else {
            continue;
        };
        if f.try_lock().is_ok() && fs::remove_file(entry.path()).is_ok() {
            gone += 1;
        }
    }
    gone
}

/// Opens a new file that only its owner can read, failing if it exists.
pub fn create_private(path: &Path) -> std::io::Result<File> {
    let mut opts = OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    opts.open(path)
}

/// Creates `dir` (and parents) readable by its owner only.
pub fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    let mut b = fs::DirBuilder::new();
    b.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        b.mode(0o700);
    }
    b.create(dir)
}

/// Flushes a directory entry change (create, rename, unlink) to disk.
pub fn sync_dir(dir: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        File::open(dir)?.sync_all()
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        Ok(())
    }
}

fn parent_of(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sweeps_temp_files_a_dead_writer_left_and_keeps_those_in_use() {
        let dir = tempfile::tempdir().unwrap();
        let left = dir.path().join(".kindred.keys.tmp-0a1b2c");
        fs::write(&left, b"half").unwrap();
        let busy = dir.path().join(".settings.json.tmp-3d4e5f");
        let held = create_private(&busy).unwrap();
        held.try_lock().unwrap();
        let other = dir.path().join(".hidden");
        fs::write(&other, b"not ours").unwrap();
        assert_eq!(sweep_temp_files(dir.path()), 1);
        assert!(!left.exists(), "an unlocked temp file goes");
        assert!(busy.exists(), "one still being written stays");
        assert!(other.exists(), "other files are left alone");
        drop(held);
        assert_eq!(sweep_temp_files(dir.path()), 1);
        assert!(!busy.exists());
    }

    #[test]
    fn replaces_atomically_and_leaves_no_temp_files() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("f.json");
        atomic_write(&p, b"one", "write").unwrap();
        atomic_write(&p, b"two", "write").unwrap();
        assert_eq!(fs::read(&p).unwrap(), b"two");
        let names: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(&p).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }

    #[test]
    fn a_failed_write_keeps_the_old_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("f.json");
        atomic_write(&p, b"old", "write").unwrap();
        // Renaming a file over a non-empty directory fails.
        let blocker = dir.path().join("d");
        fs::create_dir(&blocker).unwrap();
        fs::write(blocker.join("x"), b"x").unwrap();
        assert!(atomic_write(&blocker, b"new", "write").is_err());
        assert_eq!(fs::read(&p).unwrap(), b"old");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 2);
    }
}
