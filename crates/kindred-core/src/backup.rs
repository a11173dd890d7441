//! Local backups: one file each, encrypted with the vault's data key,
//! verified right after writing, rotated like restic's `forget` policy.
//!
//! File layout (`*.kbak`):
//!
//! ```text
//! MAGIC (16 bytes) | header length (u32 LE) | header (JSON)
//! | database copy (SQLCipher, the vault's data key) | SHA-256 of all before (32 bytes)
//! ```
//!
//! The header carries what a restore needs except the secret: format version,
//! vault id, creation time, app version, the key file's wrapped slots (device
//! slots removed: a keychain secret belongs to one machine) and the manifest
//! (schema version, row counts, database checksum) sealed with the data key.
//! The trailing SHA-256 finds truncation and flipped bytes without any key;
//! the sealed manifest, SQLCipher's page HMACs and `integrity_check` find the
//! rest once the key is known. The database copy is made with `VACUUM INTO`
//! on the vault's own connection: a consistent snapshot, encrypted with the
//! same key, taken without blocking other readers or writers (WAL).

use std::collections::BTreeMap;
use std::fs::{self, File};
use std::io::{self, BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use chrono::{DateTime, Utc};
use data_encoding::{BASE64, HEXLOWER};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::crypto::{random_array, DataKey, NONCE_LEN};
use crate::error::{Error, Result};
use crate::fsutil;
use crate::keyfile::KeyFile;
use crate::secret::Secret;
use crate::store::{self, OpenMode};

/// File name extension of backups.
pub const EXTENSION: &str = "kbak";
/// The first 16 bytes of every backup.
pub const MAGIC: &[u8; 16] = b"KINDRED-BACKUP\n\0";
/// The backup format this build writes and the newest it reads.
pub const FORMAT_VERSION: u32 = 1;
const FORMAT: &str = "kindred.backup";
const WHAT: &str = "The backup file";
/// Headers are a few KiB; refuse to read absurd ones.
const MAX_HEADER: u32 = 1024 * 1024;
const TRAILER: u64 = 32;

/// What a backup holds, sealed inside it with the data key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// Schema version of the database copy.
    pub schema_version: u32,
    /// Rows per table (trash included), to check a restore against.
    pub counts: BTreeMap<String, i64>,
    /// SHA-256 of the database copy, hex.
    pub db_sha256: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Header {
    format: String,
    version: u32,
    vault_id: String,
    created_at: String,
    app_version: String,
    key_file: KeyFile,
    manifest_nonce: String,
    manifest: String,
    db_len: u64,
}

/// A backup file as listed: what can be read without a key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BackupInfo {
    /// Where it is.
    pub path: PathBuf,
    /// When it was made.
    pub created_at: DateTime<Utc>,
    /// Size in bytes.
    pub size: u64,
    /// The vault it belongs to.
    pub vault_id: String,
    /// The Kindred version that wrote it.
    pub app_version: String,
}

/// Steps of long work, for progress bars.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Stage {
    /// Copying the database (a consistent snapshot).
    Snapshot,
    /// Writing the backup file.
    Write,
    /// Checking it: checksum, decryption, integrity, counts.
    Verify,
    /// Putting a restored database in place.
    Restore,
}

/// Progress callback: stage, bytes done, bytes in all.
pub type Progress<'a> = &'a mut dyn FnMut(Stage, u64, u64);

/// A progress callback that ignores everything.
pub fn no_progress(_: Stage, _: u64, _: u64) {}

fn corrupt(detail: impl Into<String>) -> Error {
    Error::CorruptFile {
        what: WHAT,
        detail: detail.into(),
    }
}

fn manifest_aad(h: &Header) -> String {
    format!(
        "{FORMAT}/{}|{}|{}|{}|{}",
        h.version, h.vault_id, h.created_at, h.app_version, h.db_len
    )
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

/// A folder for scratch files next to `near`, removed when dropped.
struct ScratchDir(PathBuf);

/// A scratch folder this old was left by a process that died mid-work: a
/// backup or restore takes minutes, not a day.
const STALE_SCRATCH: std::time::Duration = std::time::Duration::from_secs(24 * 3600);

impl ScratchDir {
    fn new(near: &Path) -> Result<Self> {
        sweep_stale_scratch(near);
        let p = near.join(format!(
            ".kindred-scratch-{}",
            HEXLOWER.encode(&random_array::<6>()?)
        ));
        fsutil::create_private_dir(&p).map_err(|e| Error::io("create a scratch folder", &e))?;
        Ok(Self(p))
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
            .is_some_and(|n| n.starts_with(".kindred-scratch-"))
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

/// Writes a verified backup of the open vault into `folder`; returns its path.
#[allow(clippy::too_many_arguments)]
pub(crate) fn create(
    conn: &Connection,
    key_file: &KeyFile,
    data_key: &DataKey,
    folder: &Path,
    now: DateTime<Utc>,
    label: &str,
    progress: Progress<'_>,
) -> Result<PathBuf> {
    create_inner(
        conn,
        key_file,
        data_key,
        folder,
        now,
        label,
        progress,
        &mut |_, _| {},
    )
}

/// [`create`], with `damage` applied to the snapshot and its manifest just
/// before they are sealed: the tests use it to make backups whose checksum
/// is right but whose contents are not, which only the deeper checks catch.
#[allow(clippy::too_many_arguments)]
fn create_inner(
    conn: &Connection,
    key_file: &KeyFile,
    data_key: &DataKey,
    folder: &Path,
    now: DateTime<Utc>,
    label: &str,
    progress: Progress<'_>,
    damage: &mut dyn FnMut(&Path, &mut Manifest),
) -> Result<PathBuf> {
    fsutil::create_private_dir(folder).map_err(|e| Error::io("create the backup folder", &e))?;
    let scratch = ScratchDir::new(folder)?;
    let copy = scratch.0.join("snapshot.db");
    progress(Stage::Snapshot, 0, 1);
    let copy_str = copy
        .to_str()
        .ok_or_else(|| Error::invalid("The backup folder's path is not valid UTF-8."))?;
    conn.execute("VACUUM INTO ?1", [copy_str])?;
    progress(Stage::Snapshot, 1, 1);

    // Manifest from the copy itself, so it describes exactly what is stored.
    let (schema_version, counts) = {
        let c = store::open(&copy, data_key, OpenMode::Existing)?;
        (store::current_version(&c)?, table_counts(&c)?)
    };
    let mut manifest = Manifest {
        schema_version,
        counts,
        db_sha256: String::new(),
    };
    damage(&copy, &mut manifest);
    let db_len = fs::metadata(&copy)
        .map_err(|e| Error::io("read the snapshot", &e))?
        .len();
    manifest.db_sha256 = sha256_file(&copy)?;
    let mut kf = key_file.clone();
    kf.clear_devices();
    let mut header = Header {
        format: FORMAT.into(),
        version: FORMAT_VERSION,
        vault_id: kf.vault_id.clone(),
        created_at: store::to_db(now),
        app_version: env!("CARGO_PKG_VERSION").into(),
        key_file: kf,
        manifest_nonce: String::new(),
        manifest: String::new(),
        db_len,
    };
    let nonce = random_array::<NONCE_LEN>()?;
    let plain = serde_json::to_vec(&manifest).map_err(|_| Error::Internal("manifest".into()))?;
    let sealed = XChaCha20Poly1305::new(data_key.expose_secret().into())
        .encrypt(
            XNonce::from_slice(&nonce),
            Payload {
                msg: &plain,
                aad: manifest_aad(&header).as_bytes(),
            },
        )
        .map_err(|_| Error::Internal("sealing the manifest failed".into()))?;
    header.manifest_nonce = BASE64.encode(&nonce);
    header.manifest = BASE64.encode(&sealed);
    let header_bytes =
        serde_json::to_vec(&header).map_err(|_| Error::Internal("backup header".into()))?;

    let name = format!(
        "kindred-{}{}.{EXTENSION}",
        now.format("%Y%m%d-%H%M%S"),
        if label.is_empty() {
            String::new()
        } else {
            format!("-{label}")
        }
    );
    let final_path = unique_path(folder, &name);
    let tmp = scratch.0.join("backup.partial");
    write_file(&tmp, &header_bytes, &copy, db_len, progress)?;
    fs::rename(&tmp, &final_path).map_err(|e| Error::io("write the backup", &e))?;
    fsutil::sync_dir(folder).map_err(|e| Error::io("write the backup", &e))?;
    drop(scratch);

    if let Err(e) = verify_with_key(&final_path, data_key, &header.vault_id, progress) {
        let _ = fs::remove_file(&final_path);
        return Err(e);
    }
    Ok(final_path)
}

fn unique_path(folder: &Path, name: &str) -> PathBuf {
    let mut p = folder.join(name);
    let mut n = 2;
    while p.exists() {
        let stem = name.trim_end_matches(&format!(".{EXTENSION}"));
        p = folder.join(format!("{stem}-{n}.{EXTENSION}"));
        n += 1;
    }
    p
}

fn write_file(
    tmp: &Path,
    header: &[u8],
    db: &Path,
    db_len: u64,
    progress: Progress<'_>,
) -> Result<()> {
    let io_err = |e: io::Error| Error::io("write the backup", &e);
    let f = fsutil::create_private(tmp).map_err(io_err)?;
    let mut w = BufWriter::new(f);
    let mut hash = Sha256::new();
    let header_len = u32::try_from(header.len()).map_err(|_| Error::Internal("header".into()))?;
    for part in [&MAGIC[..], &header_len.to_le_bytes(), header] {
        w.write_all(part).map_err(io_err)?;
        hash.update(part);
    }
    let mut r = BufReader::new(File::open(db).map_err(io_err)?);
    let mut buf = vec![0u8; 1 << 20];
    let mut done = 0u64;
    loop {
        let n = r.read(&mut buf).map_err(io_err)?;
        if n == 0 {
            break;
        }
        w.write_all(&buf[..n]).map_err(io_err)?;
        hash.update(&buf[..n]);
        done += n as u64;
        progress(Stage::Write, done, db_len);
    }
    w.write_all(&hash.finalize()).map_err(io_err)?;
    let f = w.into_inner().map_err(|e| io_err(e.into_error()))?;
    f.sync_all().map_err(io_err)
}

fn sha256_file(p: &Path) -> Result<String> {
    let mut f = File::open(p).map_err(|e| Error::io("read the snapshot", &e))?;
    let mut h = Sha256::new();
    io::copy(&mut f, &mut h).map_err(|e| Error::io("read the snapshot", &e))?;
    Ok(HEXLOWER.encode(&h.finalize()))
}

/// Reads and checks everything that needs no key: magic, format version,
/// header, length, trailing checksum.
fn read_header(path: &Path) -> Result<(Header, u64)> {
    let io_err = |e: io::Error| {
        if e.kind() == io::ErrorKind::NotFound {
            Error::not_found(format!("There is no backup file at {}.", path.display()))
        } else {
            Error::io("read the backup", &e)
        }
    };
    let mut f = File::open(path).map_err(io_err)?;
    let size = f.metadata().map_err(io_err)?.len();
    let mut magic = [0u8; 16];
    if f.read_exact(&mut magic).is_err() || &magic != MAGIC {
        return Err(corrupt("it is not a Kindred backup"));
    }
    let mut len = [0u8; 4];
    f.read_exact(&mut len)
        .map_err(|_| corrupt("it is truncated"))?;
    let len = u32::from_le_bytes(len);
    if len > MAX_HEADER {
        return Err(corrupt("its header is impossibly large"));
    }
    let mut header = vec![0u8; len as usize];
    f.read_exact(&mut header)
        .map_err(|_| corrupt("it is truncated"))?;
    let value: serde_json::Value =
        serde_json::from_slice(&header).map_err(|_| corrupt("its header is damaged"))?;
    if value.get("format").and_then(|v| v.as_str()) != Some(FORMAT) {
        return Err(corrupt("it is not a Kindred backup"));
    }
    let version = value.get("version").and_then(|v| v.as_u64()).unwrap_or(0);
    if version > u64::from(FORMAT_VERSION) {
        return Err(Error::UnsupportedVersion {
            what: WHAT,
            found: u32::try_from(version).unwrap_or(u32::MAX),
            supported: FORMAT_VERSION,
        });
    }
    let header: Header =
        serde_json::from_value(value).map_err(|_| corrupt("its header is damaged"))?;
    let body_start = 16 + 4 + u64::from(len);
    if size != body_start + header.db_len + TRAILER {
        return Err(corrupt("it is truncated or has extra bytes"));
    }
    // The trailing checksum over everything before it.
    f.seek(SeekFrom::Start(0)).map_err(io_err)?;
    let mut h = Sha256::new();
    io::copy(&mut (&mut f).take(size - TRAILER), &mut h).map_err(io_err)?;
    let mut trailer = [0u8; 32];
    f.read_exact(&mut trailer)
        .map_err(|_| corrupt("it is truncated"))?;
    if h.finalize().as_slice() != trailer {
        return Err(corrupt(
            "its checksum does not match: it was damaged after it was written",
        ));
    }
    Ok((header, body_start))
}

/// What can be known of a backup without a key.
pub fn inspect(path: &Path) -> Result<BackupInfo> {
    let (h, _) = read_header(path)?;
    let size = fs::metadata(path)
        .map_err(|e| Error::io("read the backup", &e))?
        .len();
    Ok(BackupInfo {
        path: path.to_path_buf(),
        created_at: DateTime::parse_from_rfc3339(&h.created_at)
            .map_err(|_| corrupt("its date is damaged"))?
            .with_timezone(&Utc),
        size,
        vault_id: h.vault_id,
        app_version: h.app_version,
    })
}

/// Unseals the manifest, extracts the database into `scratch`, checks its
/// checksum, SQLCipher's page authentication, `integrity_check` and the row
/// counts. Returns the manifest and the path of the extracted copy.
fn check_contents(
    path: &Path,
    header: &Header,
    body_start: u64,
    data_key: &DataKey,
    scratch: &Path,
    progress: Progress<'_>,
) -> Result<(Manifest, PathBuf)> {
    let nonce: [u8; NONCE_LEN] = BASE64
        .decode(header.manifest_nonce.as_bytes())
        .ok()
        .and_then(|n| n.try_into().ok())
        .ok_or_else(|| corrupt("its manifest is damaged"))?;
    let sealed = BASE64
        .decode(header.manifest.as_bytes())
        .map_err(|_| corrupt("its manifest is damaged"))?;
    let plain = XChaCha20Poly1305::new(data_key.expose_secret().into())
        .decrypt(
            XNonce::from_slice(&nonce),
            Payload {
                msg: &sealed,
                aad: manifest_aad(header).as_bytes(),
            },
        )
        .map_err(|_| corrupt("its manifest does not open with this vault's key"))?;
    let manifest: Manifest =
        serde_json::from_slice(&plain).map_err(|_| corrupt("its manifest is damaged"))?;

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
    store::check_integrity(&conn)
        .map_err(|_| corrupt("its database fails the integrity checks"))?;
    if store::current_version(&conn)? != manifest.schema_version {
        return Err(corrupt("its database does not match its manifest"));
    }
    if table_counts(&conn)? != manifest.counts {
        return Err(corrupt("its row counts do not match its manifest"));
    }
    drop(conn);
    for suffix in ["-wal", "-shm"] {
        let mut p = db.clone().into_os_string();
        p.push(suffix);
        let _ = fs::remove_file(PathBuf::from(p));
    }
    Ok((manifest, db))
}

/// Fully verifies a backup of the vault whose data key is `data_key`.
pub(crate) fn verify_with_key(
    path: &Path,
    data_key: &DataKey,
    vault_id: &str,
    progress: Progress<'_>,
) -> Result<Manifest> {
    let (header, body_start) = read_header(path)?;
    if header.vault_id != vault_id {
        return Err(corrupt(format!(
            "it belongs to another vault ({}), not this one",
            header.vault_id
        )));
    }
    let folder = path.parent().unwrap_or(Path::new("."));
    let scratch = ScratchDir::new(folder)?;
    let (manifest, _) = check_contents(path, &header, body_start, data_key, &scratch.0, progress)?;
    Ok(manifest)
}

/// How to open a backup's own key slots.
#[derive(Debug, Clone, Copy)]
pub enum BackupSecret<'a> {
    /// The passphrase that was valid when the backup was made.
    Passphrase(&'a Secret<String>),
    /// The recovery code that was valid when the backup was made.
    RecoveryCode(&'a Secret<String>),
}

/// Unwraps a backup's data key with the secret valid when it was made.
fn unlock_backup(header: &Header, secret: BackupSecret<'_>) -> Result<DataKey> {
    let r = match secret {
        BackupSecret::Passphrase(p) => header.key_file.unlock_with_passphrase(p),
        BackupSecret::RecoveryCode(c) => header.key_file.unlock_with_recovery_code(c),
    };
    r.map_err(|e| match e {
        Error::WrongPassphrase => Error::WrongPassphrase,
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
    verify_with_key(path, &key, &header.vault_id.clone(), progress)
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
    if crate::vault::exists(dir) || crate::vault::db_path(dir).exists() {
        return Err(Error::VaultExists(dir.display().to_string()));
    }
    let created = !dir.exists();
    fsutil::create_private_dir(dir).map_err(|e| Error::io("create the vault folder", &e))?;
    let restored = (|| {
        let scratch = ScratchDir::new(dir)?;
        let (_, db) = check_contents(path, &header, body_start, &key, &scratch.0, progress)?;
        progress(Stage::Restore, 0, 1);
        fs::rename(&db, crate::vault::db_path(dir))
            .map_err(|e| Error::io("restore the database", &e))?;
        let mut kf = header.key_file.clone();
        kf.save(&crate::vault::keys_path(dir))?;
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

/// Restores over the vault in `dir`, which must be the same vault (same id)
/// and not open anywhere. `safety_backup` is called first with the data key
/// (the data key of a vault never changes); it must make a verified backup
/// of the current state before anything is replaced.
pub(crate) fn restore_replacing(
    path: &Path,
    dir: &Path,
    secret: BackupSecret<'_>,
    safety_backup: &mut dyn FnMut(&DataKey) -> Result<PathBuf>,
    progress: Progress<'_>,
) -> Result<PathBuf> {
    let (header, body_start) = read_header(path)?;
    let current = KeyFile::load(&crate::vault::keys_path(dir))?;
    if current.vault_id != header.vault_id {
        return Err(Error::invalid(format!(
            "This backup is of another vault ({}). Nothing was changed; restore it into a new folder instead.",
            header.vault_id
        )));
    }
    let key = unlock_backup(&header, secret)?;
    let scratch = ScratchDir::new(dir)?;
    let (_, db) = check_contents(path, &header, body_start, &key, &scratch.0, progress)?;
    let safety = safety_backup(&key)?;
    progress(Stage::Restore, 0, 1);
    // Empty the live WAL into the database before it is replaced, so no
    // frame of the old WAL can ever be applied to the restored file.
    {
        let conn = store::open(&crate::vault::db_path(dir), &key, OpenMode::Existing)?;
        conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
    }
    for suffix in ["-wal", "-shm"] {
        let mut p = crate::vault::db_path(dir).into_os_string();
        p.push(suffix);
        match fs::remove_file(PathBuf::from(p)) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(Error::io("restore the database", &e)),
        }
    }
    fs::rename(&db, crate::vault::db_path(dir))
        .map_err(|e| Error::io("restore the database", &e))?;
    fsutil::sync_dir(dir).map_err(|e| Error::io("restore the database", &e))?;
    let mut kf = header.key_file.clone();
    kf.save(&crate::vault::keys_path(dir))?;
    progress(Stage::Restore, 1, 1);
    Ok(safety)
}

/// Backups in `folder`, newest first. Files that are not backups are
/// skipped; damaged backups are listed with their error.
pub fn list(folder: &Path) -> Result<Vec<Result<BackupInfo>>> {
    let rd = match fs::read_dir(folder) {
        Ok(rd) => rd,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(Error::io("read the backup folder", &e)),
    };
    let mut out: Vec<(PathBuf, Result<BackupInfo>)> = Vec::new();
    for e in rd.flatten() {
        let p = e.path();
        if p.extension().and_then(|x| x.to_str()) == Some(EXTENSION) {
            let info = inspect(&p);
            out.push((p, info));
        }
    }
    out.sort_by(|a, b| {
        let ka = a.1.as_ref().map(|i| i.created_at).ok();
        let kb = b.1.as_ref().map(|i| i.created_at).ok();
        kb.cmp(&ka).then_with(|| b.0.cmp(&a.0))
    });
    Ok(out.into_iter().map(|(_, r)| r).collect())
}

/// How many backups to keep, like restic's `forget --keep-*`: the newest
/// `last`, plus the newest of each of the last `daily` days, `weekly` ISO
/// weeks and `monthly` months that have one. A backup kept by any rule stays.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Retention {
    /// Most recent backups kept regardless of date.
    pub last: u32,
    /// Days with a backup kept (the newest of each day).
    pub daily: u32,
    /// ISO weeks kept.
    pub weekly: u32,
    /// Months kept.
    pub monthly: u32,
}

impl Default for Retention {
    fn default() -> Self {
        Self {
            last: 5,
            daily: 7,
            weekly: 4,
            monthly: 12,
        }
    }
}

/// Which of `times` to keep under `policy` (indexes into `times`). Days,
/// weeks and months are the user's, as `date_of` tells them (restic too
/// buckets in local time).
pub fn to_keep(
    times: &[DateTime<Utc>],
    policy: Retention,
    date_of: &dyn Fn(DateTime<Utc>) -> chrono::NaiveDate,
) -> Vec<usize> {
    use chrono::Datelike;
    let mut order: Vec<usize> = (0..times.len()).collect();
    order.sort_by(|&a, &b| times[b].cmp(&times[a]));
    let mut keep = vec![false; times.len()];
    for &i in order.iter().take(policy.last as usize) {
        keep[i] = true;
    }
    let mut bucketed = |limit: u32, bucket: &dyn Fn(chrono::NaiveDate) -> (i32, u32)| {
        let mut seen: Vec<(i32, u32)> = Vec::new();
        for &i in &order {
            if seen.len() >= limit as usize {
                break;
            }
            let b = bucket(date_of(times[i]));
            if !seen.contains(&b) {
                seen.push(b);
                keep[i] = true;
            }
        }
    };
    bucketed(policy.daily, &|t| (t.year(), t.ordinal()));
    bucketed(policy.weekly, &|t| {
        let w = t.iso_week();
        (w.year(), w.week())
    });
    bucketed(policy.monthly, &|t| (t.year(), t.month()));
    (0..times.len()).filter(|&i| keep[i]).collect()
}

/// Deletes the backups of `vault_id` in `folder` that `policy` does not
/// keep; returns the deleted paths. Damaged files and other vaults' backups
/// are never touched.
pub fn rotate(
    folder: &Path,
    vault_id: &str,
    policy: Retention,
    date_of: &dyn Fn(DateTime<Utc>) -> chrono::NaiveDate,
) -> Result<Vec<PathBuf>> {
    let infos: Vec<BackupInfo> = list(folder)?
        .into_iter()
        .filter_map(|r| r.ok())
        .filter(|i| i.vault_id == vault_id)
        .collect();
    let times: Vec<DateTime<Utc>> = infos.iter().map(|i| i.created_at).collect();
    let keep = to_keep(&times, policy, date_of);
    let mut deleted = Vec::new();
    for (i, info) in infos.iter().enumerate() {
        if !keep.contains(&i) {
            fs::remove_file(&info.path).map_err(|e| Error::io("delete an old backup", &e))?;
            deleted.push(info.path.clone());
        }
    }
    if !deleted.is_empty() {
        fsutil::sync_dir(folder).map_err(|e| Error::io("delete an old backup", &e))?;
    }
    Ok(deleted)
}

#[cfg(test)]
mod tests {
    use super::*;
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
        let now = t(0, 12);
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
            let err = create_inner(
                &conn,
                &kf,
                &key,
                &folder,
                now,
                "",
                &mut no_progress,
                &mut |db, m| damage(db, m),
            )
            .unwrap_err();
            assert_eq!(err.code(), crate::ErrorCode::CorruptFile, "{says}: {err}");
            assert!(err.to_string().contains(says), "{says}: {err}");
            let left: Vec<_> = fs::read_dir(&folder).unwrap().collect();
            assert!(left.is_empty(), "{says}: {left:?}");
        }
        // The same backup without damage verifies.
        let ok = create(&conn, &kf, &key, &folder, now, "", &mut no_progress).unwrap();
        verify_with_key(&ok, &key, &kf.vault_id, &mut no_progress).unwrap();
    }

    fn t(d: i64, h: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 1, 1, h, 0, 0).unwrap() + chrono::Duration::days(d)
    }

    #[test]
    fn keep_last_only() {
        let times: Vec<_> = (0..10).map(|d| t(d, 12)).collect();
        let p = Retention {
            last: 3,
            daily: 0,
            weekly: 0,
            monthly: 0,
        };
        assert_eq!(to_keep(&times, p, &|t| t.date_naive()), vec![7, 8, 9]);
    }

    #[test]
    fn daily_keeps_the_newest_of_each_day() {
        let times = vec![t(0, 9), t(0, 18), t(1, 9), t(1, 10), t(2, 8)];
        let p = Retention {
            last: 0,
            daily: 2,
            weekly: 0,
            monthly: 0,
        };
        assert_eq!(to_keep(&times, p, &|t| t.date_naive()), vec![3, 4]);
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

    #[test]
    fn days_are_the_users_own() {
        // In UTC−7: 8 pm on day −1, 2 am on day 0, 8 pm on day 0.
        let times = vec![t(0, 3), t(0, 9), t(1, 3)];
        let p = Retention {
            last: 0,
            daily: 2,
            weekly: 0,
            monthly: 0,
        };
        let west = chrono::FixedOffset::west_opt(7 * 3600).unwrap();
        let local = |t: DateTime<Utc>| t.with_timezone(&west).date_naive();
        assert_eq!(to_keep(&times, p, &local), vec![0, 2]);
        assert_eq!(to_keep(&times, p, &|t| t.date_naive()), vec![1, 2]);
    }
}
