//! Finding backups when the vault cannot be opened — locked, with its
//! database or key file damaged, or not there at all — so that the lock
//! screen can offer to restore one.
//!
//! Where backups go is a setting inside the encrypted database. So that
//! the lock screen can find them on another drive too, the vault notes the
//! folders' paths (and nothing else: no names, dates or journal text) in
//! `backup-folders.json` beside itself, whenever it opens and whenever the
//! settings change.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::format::list_folder;
use super::service::{BackupSettings, ListedBackup};
use crate::error::{Error, Result};
use crate::fsutil;
use crate::keyfile::KeyFile;
use crate::layout;

/// The file, in the vault folder, that lists the backup folders.
pub const FOLDERS_FILE: &str = "backup-folders.json";

#[derive(Debug, Serialize, Deserialize, PartialEq, Eq)]
struct Folders {
    folders: Vec<PathBuf>,
}

/// Notes `settings`' folders beside the vault in `dir`, when they differ
/// from what is noted.
pub(crate) fn note_folders(dir: &Path, settings: &BackupSettings) -> Result<()> {
    let noted = Folders {
        folders: std::iter::once(settings.primary.clone())
            .chain(settings.secondary.clone())
            .collect(),
    };
    let path = dir.join(FOLDERS_FILE);
    if read_noted(dir).as_ref() == Some(&noted) {
        return Ok(());
    }
    let json = serde_json::to_vec_pretty(&noted).map_err(|_| Error::Internal("folders".into()))?;
    fsutil::atomic_write(&path, &json, "note the backup folders")
}

fn read_noted(dir: &Path) -> Option<Folders> {
    let bytes = std::fs::read(dir.join(FOLDERS_FILE)).ok()?;
    serde_json::from_slice(&bytes).ok()
}

/// Where backups of the vault in `dir` are looked for without opening it:
/// its own `backups/` folder, then the folders it noted. A missing or
/// damaged note leaves the first.
pub fn usual_folders(dir: &Path) -> Vec<PathBuf> {
    let mut out = vec![layout::default_backup_dir(dir)];
    for f in read_noted(dir).map(|n| n.folders).unwrap_or_default() {
        if f.is_absolute() && !out.contains(&f) {
            out.push(f);
        }
    }
    out
}

/// The id of the vault in `dir`, when its key file can be read.
pub fn vault_id_at(dir: &Path) -> Option<String> {
    KeyFile::load(&layout::keys_path(dir))
        .ok()
        .map(|k| k.vault_id)
}

/// Every backup in `folders` (of any vault; each says whose it is), newest
/// first; a damaged file is listed with what is wrong. Folders that are not
/// there (a drive not plugged in) are passed over.
pub fn find(folders: &[PathBuf]) -> Vec<ListedBackup> {
    let mut out = Vec::new();
    for folder in folders {
        let Ok(found) = list_folder(folder) else {
            continue;
        };
        for f in found {
            if out.iter().any(|b: &ListedBackup| b.path == f.path) {
                continue;
            }
            let (info, problem) = match f.read {
                Ok((info, _)) => (Some(info), None),
                Err(e) => (None, Some(e.to_string())),
            };
            out.push(ListedBackup {
                path: f.path,
                info,
                verified_at: None,
                problem,
            });
        }
    }
    out.sort_by(|a, b| {
        let ta = a.info.as_ref().map(|i| i.created_at);
        let tb = b.info.as_ref().map(|i| i.created_at);
        tb.cmp(&ta).then_with(|| b.path.cmp(&a.path))
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backup::Retention;

    #[test]
    fn the_noted_folders_are_found_again_and_a_bad_note_is_ignored() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        assert_eq!(usual_folders(dir), vec![dir.join("backups")]);
        let settings = BackupSettings {
            primary: PathBuf::from("/media/drive/kindred"),
            secondary: Some(PathBuf::from("/mnt/second")),
            retention: Retention::default(),
        };
        note_folders(dir, &settings).unwrap();
        assert_eq!(
            usual_folders(dir),
            vec![
                dir.join("backups"),
                PathBuf::from("/media/drive/kindred"),
                PathBuf::from("/mnt/second")
            ]
        );
        std::fs::write(dir.join(FOLDERS_FILE), b"{not json").unwrap();
        assert_eq!(usual_folders(dir), vec![dir.join("backups")]);
    }
}
