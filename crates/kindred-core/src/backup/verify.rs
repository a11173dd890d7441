//! Checking a backup in full: the trailing checksum, the manifest sealed
//! with the data key, the database copy's checksum, SQLCipher's page
//! authentication, `integrity_check`, the schema version and row counts.

use std::collections::BTreeMap;
use std::fs::{self, File};
use std::io::{self, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use data_encoding::HEXLOWER;
use rusqlite::Connection;
use sha2::{Digest, Sha256};

use super::blobs::{self, Depth};
use super::format::{corrupt, read_header, Header, Manifest};
use super::scratch::ScratchDir;
use super::{Progress, Stage};
use crate::cancel::Cancel;
use crate::crypto::DataKey;
use crate::error::{Error, Result};
use crate::fsutil;
use crate::secret::Secret;
use crate::store::{self, OpenMode};

/// How to open a backup's own key slots.
#[derive(Debug, Clone, Copy)]
pub enum BackupSecret<'a> {
    /// The passphrase that was valid when the backup was made.
    Passphrase(&'a Secret<String>),
    /// The recovery code that was valid when the backup was made.
    RecoveryCode(&'a Secret<String>),
}

/// Counts the rows of every table (virtual-table shadow tables excluded).
pub fn table_counts(conn: &Connection) -> Result<BTreeMap<String, i64>> {
    let mut stmt = conn.prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table'
           AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'search_index%'
         ORDER BY name",
    )?;
    let names: Vec<String> = stmt
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut out = BTreeMap::new();
    for n in names {
        let c: i64 = conn.query_row(&format!("SELECT count(*) FROM \"{n}\""), [], |r| r.get(0))?;
        out.insert(n, c);
    }
    Ok(out)
}

pub(crate) fn sha256_file(p: &Path) -> Result<String> {
    let mut f = File::open(p).map_err(|e| Error::io("read the snapshot", &e))?;
    let mut h = Sha256::new();
    io::copy(&mut f, &mut h).map_err(|e| Error::io("read the snapshot", &e))?;
    Ok(HEXLOWER.encode(&h.finalize()))
}

/// Unseals the manifest, extracts the database into `scratch`, checks its
/// checksum, SQLCipher's page authentication, `integrity_check`, the row
/// counts and the attachments' blobs (as deep as `depth` asks). Returns
/// the manifest and the path of the extracted copy.
#[allow(clippy::too_many_arguments)]
pub(crate) fn check_contents(
    path: &Path,
    header: &Header,
    body_start: u64,
    data_key: &DataKey,
    scratch: &Path,
    depth: Depth<'_>,
    cancel: &Cancel,
    progress: Progress<'_>,
) -> Result<(Manifest, PathBuf)> {
    // A check stopped by a lock says so, never that the backup is damaged.
    check_contents_inner(
        path, header, body_start, data_key, scratch, depth, cancel, progress,
    )
    .map_err(|e| {
        if cancel.is_cancelled() {
            Error::VaultLocked
        } else {
            e
        }
    })
}

#[allow(clippy::too_many_arguments)]
fn check_contents_inner(
    path: &Path,
    header: &Header,
    body_start: u64,
    data_key: &DataKey,
    scratch: &Path,
    depth: Depth<'_>,
    cancel: &Cancel,
    progress: Progress<'_>,
) -> Result<(Manifest, PathBuf)> {
    let manifest = header.open_manifest(data_key)?;
    let db = scratch.join("restore.db");
    {
        let io_err = |e: io::Error| Error::io("extract the backup", &e);
        let mut f = File::open(path).map_err(io_err)?;
        f.seek(SeekFrom::Start(body_start)).map_err(io_err)?;
        let mut out = BufWriter::new(fsutil::create_private(&db).map_err(io_err)?);
        let mut h = Sha256::new();
        let mut left = header.db_len;
        let mut buf = vec![0u8; 1 << 20];
        while left > 0 {
            let want = buf.len().min(usize::try_from(left).unwrap_or(buf.len()));
            f.read_exact(&mut buf[..want]).map_err(io_err)?;
            out.write_all(&buf[..want]).map_err(io_err)?;
            h.update(&buf[..want]);
            left -= want as u64;
            progress(Stage::Verify, header.db_len - left, header.db_len);
            cancel.check()?;
        }
        let f = out.into_inner().map_err(|e| io_err(e.into_error()))?;
        f.sync_all().map_err(io_err)?;
        if HEXLOWER.encode(&h.finalize()) != manifest.db_sha256 {
            return Err(corrupt("its database does not match its manifest"));
        }
    }
    let conn = store::open(&db, data_key, OpenMode::Existing).map_err(|e| match e {
        Error::CorruptFile { .. } => corrupt("its database does not open with the vault's key"),
        other => other,
    })?;
    cancel.watch(&conn);
    store::check_integrity(&conn)
        .map_err(|_| corrupt("its database fails the integrity checks"))?;
    if store::current_version(&conn)? != manifest.schema_version {
        return Err(corrupt("its database does not match its manifest"));
    }
    if table_counts(&conn)? != manifest.counts {
        return Err(corrupt("its row counts do not match its manifest"));
    }
    let in_db = store::attachments::every_blob(&conn)?;
    drop(conn);
    let folder = path.parent().unwrap_or(Path::new("."));
    blobs::check(
        &blobs::folder(folder, &header.vault_id, data_key)?,
        data_key,
        &manifest.blobs,
        &in_db,
        depth,
        cancel,
        progress,
    )?;
    for suffix in ["-wal", "-shm"] {
        let mut p = db.clone().into_os_string();
        p.push(suffix);
        let _ = fs::remove_file(PathBuf::from(p));
    }
    Ok((manifest, db))
}

/// Fully verifies a backup of the vault whose data key is `data_key`. The
/// scratch copy goes into a new folder in `scratch_near`: the vault's
/// folder or a temp folder, never beside a backup that may sit on
/// read-only media (only a backup just written checks itself in place).
pub(crate) fn verify_with_key(
    path: &Path,
    data_key: &DataKey,
    vault_id: &str,
    scratch_near: &Path,
    depth: Depth<'_>,
    cancel: &Cancel,
    progress: Progress<'_>,
) -> Result<Manifest> {
    let (header, body_start) = read_header(path)?;
    if header.vault_id != vault_id {
        return Err(corrupt(format!(
            "it belongs to another vault ({}), not this one",
            header.vault_id
        )));
    }
    let scratch = ScratchDir::new(scratch_near)?;
    let (manifest, _) = check_contents(
        path,
        &header,
        body_start,
        data_key,
        scratch.path(),
        depth,
        cancel,
        progress,
    )?;
    Ok(manifest)
}

/// Whether the sealed manifest of the backup at `path` opens with
/// `data_key` (it was made with that key).
pub(crate) fn opens_with(path: &Path, data_key: &DataKey) -> Result<Manifest> {
    let (_, header) = super::format::inspect_header(path)?;
    header.open_manifest(data_key)
}

/// Unwraps a backup's data key with the secret valid when it was made. A
/// secret it refuses is refused in words about the backup, not the vault.
pub(crate) fn unlock_backup(header: &Header, secret: BackupSecret<'_>) -> Result<DataKey> {
    let r = match secret {
        BackupSecret::Passphrase(p) => header.key_file.unlock_with_passphrase(p),
        BackupSecret::RecoveryCode(c) => header.key_file.unlock_with_recovery_code(c),
    };
    r.map_err(|e| match e {
        Error::WrongPassphrase => Error::WrongBackupPassphrase,
        Error::WrongRecoveryCode => Error::WrongBackupRecoveryCode,
        other => other,
    })
}

/// Verifies a backup with the passphrase or recovery code valid when it was
/// made (for a backup of a vault that is not open here).
pub fn verify_with_secret(
    path: &Path,
    secret: BackupSecret<'_>,
    progress: Progress<'_>,
) -> Result<Manifest> {
    let (header, _) = read_header(path)?;
    let key = unlock_backup(&header, secret)?;
    verify_with_key(
        path,
        &key,
        &header.vault_id.clone(),
        &std::env::temp_dir(),
        Depth::All,
        &Cancel::default(),
        progress,
    )
}
