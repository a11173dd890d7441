//! Writing a backup: a consistent encrypted snapshot (`VACUUM INTO` on the
//! vault's own connection), its manifest sealed, the file written beside
//! its final name and renamed into place, then verified in full. A backup
//! that fails verification is removed, never left listed.

use std::fs;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use rusqlite::Connection;

use super::blobs::{self, Depth};
use super::format::{self, Header, Manifest, EXTENSION};
use super::scratch::ScratchDir;
use super::verify::{self, sha256_file, table_counts};
use super::{Progress, Stage};
use crate::cancel::Cancel;
use crate::crypto::DataKey;
use crate::error::{Error, Result};
use crate::fsutil;
use crate::keyfile::KeyFile;
use crate::store::{self, OpenMode};

/// What a backup is made from: an open vault's connection and keys.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Source<'a> {
    /// The vault's connection (the snapshot is taken through it).
    pub conn: &'a Connection,
    /// The vault's key file; its wrapped slots go into the backup.
    pub key_file: &'a KeyFile,
    /// The data key the database is encrypted with.
    pub data_key: &'a DataKey,
    /// Stops the work when the vault locks.
    pub cancel: &'a Cancel,
    /// The vault folder (attachments' blobs are in it).
    pub vault_dir: &'a Path,
}

/// One backup to write.
#[derive(Debug, Clone, Copy)]
pub(crate) struct NewBackup<'a> {
    /// What to back up.
    pub source: Source<'a>,
    /// Where to write it (created if missing, owner-only).
    pub folder: &'a Path,
    /// Its time, in its name and header.
    pub at: DateTime<Utc>,
    /// A word appended to its name ("pre-upgrade"), or empty.
    pub label: &'a str,
}

/// Writes a verified backup; returns its path.
pub(crate) fn create(new: &NewBackup<'_>, progress: Progress<'_>) -> Result<PathBuf> {
    create_inner(new, progress, &mut |_, _| {})
}

/// [`create`], with `damage` applied to the snapshot and its manifest just
/// before they are sealed: the tests use it to make backups whose checksum
/// is right but whose contents are not, which only the deeper checks catch.
fn create_inner(
    new: &NewBackup<'_>,
    progress: Progress<'_>,
    damage: &mut dyn FnMut(&Path, &mut Manifest),
) -> Result<PathBuf> {
    let Source {
        conn,
        key_file,
        data_key,
        cancel,
        vault_dir,
    } = new.source;
    let folder = new.folder;
    fsutil::create_private_dir(folder).map_err(|e| Error::io("create the backup folder", &e))?;
    let scratch = ScratchDir::new(folder)?;
    let copy = scratch.path().join("snapshot.db");
    progress(Stage::Snapshot, 0, 1);
    let copy_str = copy
        .to_str()
        .ok_or_else(|| Error::invalid("The backup folder's path is not valid UTF-8."))?;
    conn.execute("VACUUM INTO ?1", [copy_str])?;
    progress(Stage::Snapshot, 1, 1);

    cancel.check()?;
    // Manifest from the copy itself, so it describes exactly what is stored.
    let (schema_version, counts, wanted) = {
        let c = store::open(&copy, data_key, OpenMode::Existing)?;
        cancel.watch(&c);
        (
            store::current_version(&c)?,
            table_counts(&c)?,
            store::attachments::every_blob(&c)?,
        )
    };
    // The attachments the copy names, into the folder's shared blob
    // folder: only those it lacks are copied.
    let (listed, copied) = blobs::carry(
        &crate::attachments::blobs_dir(vault_dir),
        &blobs::folder(folder, &key_file.vault_id, data_key)?,
        &wanted,
        cancel,
        progress,
    )?;
    let mut manifest = Manifest {
        schema_version,
        counts,
        db_sha256: String::new(),
        blobs: listed,
    };
    damage(&copy, &mut manifest);
    let db_len = fs::metadata(&copy)
        .map_err(|e| Error::io("read the snapshot", &e))?
        .len();
    manifest.db_sha256 = sha256_file(&copy)?;
    let mut header = Header::new(key_file, store::to_db(new.at), db_len);
    header.seal(&manifest, data_key)?;

    let name = format!(
        "kindred-{}{}.{EXTENSION}",
        new.at.format("%Y%m%d-%H%M%S"),
        if new.label.is_empty() {
            String::new()
        } else {
            format!("-{}", new.label)
        }
    );
    let tmp = scratch.path().join("backup.partial");
    format::write_file(&tmp, &header, &copy, &mut |stage, done, total| {
        progress(stage, done, total);
        cancel.is_cancelled()
    })?;
    let final_path = place(&tmp, folder, &name).map_err(|e| Error::io("write the backup", &e))?;
    fsutil::sync_dir(folder).map_err(|e| Error::io("write the backup", &e))?;
    drop(scratch);

    if let Err(e) = verify::verify_with_key(
        &final_path,
        data_key,
        &header.vault_id,
        folder,
        Depth::Only(&copied),
        cancel,
        progress,
    ) {
        let _ = fs::remove_file(&final_path);
        return Err(e);
    }
    Ok(final_path)
}

/// Moves the finished file `tmp` into `folder` as `name`, or `name-2`,
/// `name-3`… when taken: never over another backup, even one another vault
/// sharing the folder writes in the same second. A hard link cannot replace
/// a file; where the file system has none (FAT, exFAT drives), a rename
/// after a look, which another vault's backup could still race.
fn place(tmp: &Path, folder: &Path, name: &str) -> std::io::Result<PathBuf> {
    let stem = name.trim_end_matches(&format!(".{EXTENSION}"));
    let mut n = 1;
    loop {
        let p = if n == 1 {
            folder.join(name)
        } else {
            folder.join(format!("{stem}-{n}.{EXTENSION}"))
        };
        n += 1;
        match fs::hard_link(tmp, &p) {
            Ok(()) => {
                let _ = fs::remove_file(tmp);
                return Ok(p);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(_) if !p.exists() => {
                fs::rename(tmp, &p)?;
                return Ok(p);
            }
            Err(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backup::no_progress;
    use crate::crypto::{new_data_key, recovery};
    use crate::secret::Secret;
    use chrono::TimeZone;

    /// A vault's database with one entry, its key file and data key.
    fn small_vault(dir: &Path) -> (Connection, KeyFile, DataKey) {
        let key = new_data_key().unwrap();
        let conn = store::open(&dir.join("kindred.db"), &key, OpenMode::Create).unwrap();
        store::migrate(&conn).unwrap();
        conn.execute(
            "INSERT INTO entries (entry_date, title, body_md, created_at, updated_at)
             VALUES ('2026-01-02', 't', 'b', '2026-01-02T10:00:00Z', '2026-01-02T10:00:00Z')",
            [],
        )
        .unwrap();
        let kf = KeyFile::create(
            "2026-01-02T10:00:00Z",
            &key,
            &Secret::new("a long test passphrase".into()),
            &recovery::generate().unwrap(),
        )
        .unwrap();
        (conn, kf, key)
    }

    /// Each damage keeps the checksum right; the check named must refuse it,
    /// and the refused backup must not stay in the folder.
    #[test]
    fn the_checks_behind_the_checksum_each_refuse_what_they_guard() {
        let tmp = tempfile::tempdir().unwrap();
        let (conn, kf, key) = small_vault(tmp.path());
        let folder = tmp.path().join("backups");
        let new = NewBackup {
            source: Source {
                conn: &conn,
                key_file: &kf,
                data_key: &key,
                cancel: &Cancel::default(),
                vault_dir: tmp.path(),
            },
            folder: &folder,
            at: Utc.with_ymd_and_hms(2026, 1, 1, 12, 0, 0).unwrap(),
            label: "",
        };
        let flip_last_page = |db: &Path| {
            let mut bytes = fs::read(db).unwrap();
            let at = bytes.len() - 2048;
            bytes[at] ^= 0x01;
            fs::write(db, bytes).unwrap();
        };
        type Damage = Box<dyn Fn(&Path, &mut Manifest)>;
        let cases: [(&str, Damage); 4] = [
            (
                "fails the integrity checks",
                Box::new(move |db, _| flip_last_page(db)),
            ),
            (
                "row counts do not match",
                Box::new(|_, m| *m.counts.get_mut("entries").unwrap() += 1),
            ),
            (
                "row counts do not match",
                Box::new(|_, m| {
                    m.counts.remove("notes");
                }),
            ),
            (
                "database does not match its manifest",
                Box::new(|_, m| m.schema_version -= 1),
            ),
        ];
        for (says, damage) in cases {
            let err = create_inner(&new, &mut no_progress, &mut |db, m| damage(db, m)).unwrap_err();
            assert_eq!(err.code(), crate::ErrorCode::CorruptFile, "{says}: {err}");
            assert!(err.to_string().contains(says), "{says}: {err}");
            let left: Vec<_> = fs::read_dir(&folder).unwrap().collect();
            assert!(left.is_empty(), "{says}: {left:?}");
        }
        // The same backup without damage verifies.
        let ok = create(&new, &mut no_progress).unwrap();
        verify::verify_with_key(
            &ok,
            &key,
            &kf.vault_id,
            &folder,
            Depth::All,
            &Cancel::default(),
            &mut no_progress,
        )
        .unwrap();
    }

    /// Another backup (of another vault sharing the folder) took the name in
    /// the same second: the new one goes beside it, never over it.
    #[test]
    fn a_backup_never_replaces_one_of_the_same_name() {
        let tmp = tempfile::tempdir().unwrap();
        let name = "kindred-20260101-120000.kbak";
        fs::write(tmp.path().join(name), b"first").unwrap();
        fs::write(tmp.path().join("kindred-20260101-120000-2.kbak"), b"second").unwrap();
        let partial = tmp.path().join("partial");
        fs::write(&partial, b"third").unwrap();
        let placed = place(&partial, tmp.path(), name).unwrap();
        assert_eq!(placed, tmp.path().join("kindred-20260101-120000-3.kbak"));
        assert_eq!(fs::read(&placed).unwrap(), b"third");
        assert_eq!(fs::read(tmp.path().join(name)).unwrap(), b"first");
        assert!(!partial.exists());
    }
}
