//! Attachments in backups. Blobs never change once written and are named
//! by their content, so every backup in a folder shares one blob folder:
//! a backup copies only the blobs that folder lacks, and an unchanged
//! vault's daily backup copies none. The sealed manifest lists every blob
//! the backup needs, with its size; verification reads them back against
//! the SHA-256 in the backup's own database copy; restore copies them into
//! the vault; rotation deletes those no kept backup lists.
//!
//! The blob folder is `blobs/<vault id>/<key folder>` inside the backup
//! folder, where the key folder's name is derived from the data key: after
//! a re-key, new blobs (new names, new key) go to a new folder, and backups
//! made with the old key keep theirs until they are retired.

use std::collections::BTreeSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use data_encoding::HEXLOWER;
use serde::{Deserialize, Serialize};

use super::format::corrupt;
use super::{Progress, Stage};
use crate::attachments::blob_path;
use crate::blobs::{BlobId, BlobStore};
use crate::cancel::Cancel;
use crate::crypto::{self, random_array, DataKey};
use crate::error::{Error, Result};
use crate::fsutil;

/// One blob a backup needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListedBlob {
    /// Its name (see `blobs::BlobId`).
    pub name: String,
    /// The size of its sealed file, in bytes.
    pub size: u64,
}

/// A blob the database names: its name, and the SHA-256 and size of its
/// plaintext.
pub(crate) type DbBlob = (String, String, u64);

/// The blob folder of the backups in `backup_folder` of the vault
/// `vault_id` made with `data_key`.
pub(crate) fn folder(backup_folder: &Path, vault_id: &str, data_key: &DataKey) -> Result<PathBuf> {
    let key = crypto::subkey(data_key, b"kindred backup blobs: folder v1")?;
    let name = HEXLOWER.encode(&key.expose_secret()[..16]);
    Ok(backup_folder.join("blobs").join(vault_id).join(name))
}

/// The folder holding every key folder of `vault_id`'s backups.
pub(crate) fn vault_folder(backup_folder: &Path, vault_id: &str) -> PathBuf {
    backup_folder.join("blobs").join(vault_id)
}

/// Copies into `dest` every blob of `wanted` it does not hold yet (same
/// name and size: blobs never change), each through a scratch file synced
/// and renamed into place. Returns the list for the manifest and the names
/// copied now.
pub(crate) fn carry(
    vault_blobs: &Path,
    dest: &Path,
    wanted: &[DbBlob],
    cancel: &Cancel,
    progress: Progress<'_>,
) -> Result<(Vec<ListedBlob>, BTreeSet<String>)> {
    let io_err = |e: io::Error| Error::io("copy attachments into the backup", &e);
    let mut listed = Vec::with_capacity(wanted.len());
    let mut copied = BTreeSet::new();
    let mut touched: BTreeSet<PathBuf> = BTreeSet::new();
    for (i, (name, _, _)) in wanted.iter().enumerate() {
        cancel.check()?;
        let id =
            BlobId::parse(name).map_err(|_| corrupt("an attachment's stored name is damaged"))?;
        let src = blob_path(vault_blobs, &id);
        let size = fs::metadata(&src)
            .map_err(|e| {
                if e.kind() == io::ErrorKind::NotFound {
                    Error::not_found(format!(
                        "An attachment's file is missing from the vault folder ({}); the backup was not made.",
                        src.display()
                    ))
                } else {
                    io_err(e)
                }
            })?
            .len();
        let to = blob_path(dest, &id);
        let have = fs::metadata(&to).map(|m| m.len()).ok();
        if have != Some(size) {
            let sub = to.parent().unwrap_or(dest);
            fsutil::create_private_dir(dest.parent().unwrap_or(dest)).map_err(io_err)?;
            fsutil::create_private_dir(dest).map_err(io_err)?;
            fsutil::create_private_dir(sub).map_err(io_err)?;
            let tmp = sub.join(format!(".tmp-{}", HEXLOWER.encode(&random_array::<8>()?)));
            let done = fs::copy(&src, &tmp)
                .and_then(|_| fs::File::open(&tmp)?.sync_all())
                .and_then(|()| fs::rename(&tmp, &to));
            if let Err(e) = done {
                let _ = fs::remove_file(&tmp);
                return Err(io_err(e));
            }
            touched.insert(sub.to_path_buf());
            copied.insert(name.clone());
        }
        listed.push(ListedBlob {
            name: name.clone(),
            size,
        });
        progress(Stage::Write, i as u64 + 1, wanted.len() as u64);
    }
    for sub in &touched {
        fsutil::sync_dir(sub).map_err(io_err)?;
    }
    Ok((listed, copied))
}

/// Which blobs a check reads through (every one is checked for presence
/// and size).
#[derive(Debug, Clone, Copy)]
pub(crate) enum Depth<'a> {
    /// Every one: `verify`, restore.
    All,
    /// Only these (the ones a backup just copied: the others were read
    /// through when they were copied, and are not rewritten).
    Only(&'a BTreeSet<String>),
}

/// Checks the blobs of a backup: the manifest lists exactly the blobs its
/// database names, each is in `dir` with its listed size, and those `depth`
/// asks for decrypt whole to their recorded SHA-256.
pub(crate) fn check(
    dir: &Path,
    data_key: &DataKey,
    listed: &[ListedBlob],
    in_db: &[DbBlob],
    depth: Depth<'_>,
    cancel: &Cancel,
    progress: Progress<'_>,
) -> Result<()> {
    let names: BTreeSet<&str> = listed.iter().map(|b| b.name.as_str()).collect();
    let db_names: BTreeSet<&str> = in_db.iter().map(|b| b.0.as_str()).collect();
    if names != db_names || names.len() != listed.len() {
        return Err(corrupt(
            "its list of attachments does not match its database",
        ));
    }
    let sha_of: std::collections::BTreeMap<&str, &str> =
        in_db.iter().map(|b| (b.0.as_str(), b.1.as_str())).collect();
    let store = BlobStore::new(dir.to_path_buf(), data_key)?;
    for (i, b) in listed.iter().enumerate() {
        let sha = sha_of.get(b.name.as_str()).copied().unwrap_or_default();
        cancel.check()?;
        let id =
            BlobId::parse(&b.name).map_err(|_| corrupt("its list of attachments is damaged"))?;
        let path = blob_path(dir, &id);
        match fs::metadata(&path) {
            Ok(m) if m.len() == b.size => {}
            Ok(_) => {
                return Err(corrupt(format!(
                    "the attachment file {} is damaged",
                    path.display()
                )))
            }
            Err(_) => {
                return Err(corrupt(format!(
                    "the attachment file {} is missing (a backup needs the blobs folder beside it)",
                    path.display()
                )))
            }
        }
        let deep = match depth {
            Depth::All => true,
            Depth::Only(set) => set.contains(&b.name),
        };
        if deep {
            store.verify(&id, sha).map_err(|_| {
                corrupt(format!("the attachment file {} is damaged", path.display()))
            })?;
        }
        progress(Stage::Verify, i as u64 + 1, listed.len() as u64);
    }
    Ok(())
}

/// Copies a backup's blobs from its blob folder `from` into the vault blob
/// folder `to`, skipping those already there.
pub(crate) fn bring_back(from: &Path, to: &Path, listed: &[ListedBlob]) -> Result<()> {
    let wanted: Vec<DbBlob> = listed
        .iter()
        .map(|b| (b.name.clone(), String::new(), 0))
        .collect();
    carry(
        from,
        to,
        &wanted,
        &Cancel::default(),
        &mut super::no_progress,
    )?;
    Ok(())
}

/// Deletes from `dir` every blob not in `keep`, and scratch files; returns
/// how many files went. Runs under the backup lock: nothing else of this
/// vault writes there meanwhile.
pub(crate) fn collect_garbage(dir: &Path, keep: &BTreeSet<String>) -> Result<usize> {
    let Ok(subs) = fs::read_dir(dir) else {
        return Ok(0);
    };
    let mut removed = 0;
    for sub in subs.flatten() {
        let Ok(files) = fs::read_dir(sub.path()) else {
            continue;
        };
        for f in files.flatten() {
            let name = f.file_name().to_string_lossy().into_owned();
            let garbage = name.starts_with(".tmp-")
                || (BlobId::parse(&name).is_ok() && !keep.contains(&name));
            if garbage {
                fs::remove_file(f.path())
                    .map_err(|e| Error::io("delete an old backup's attachment", &e))?;
                removed += 1;
            }
        }
    }
    Ok(removed)
}
