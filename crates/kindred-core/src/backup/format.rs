//! The `.kbak` file: its layout, the header readable without a key, the
//! manifest sealed with the data key, and the one routine that lists the
//! backups in a folder.
//!
//! ```text
//! MAGIC (16 bytes) | header length (u32 LE) | header (JSON)
//! | database copy (SQLCipher, the vault's data key) | SHA-256 of all before (32 bytes)
//! ```

use std::collections::BTreeMap;
use std::fs::{self, File};
use std::io::{self, BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use chrono::{DateTime, Utc};
use data_encoding::{BASE64, HEXLOWER};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::Stage;
use crate::crypto::{self, random_array, DataKey, KEY_LEN, NONCE_LEN};
use crate::error::{Error, Result};
use crate::fsutil;
use crate::keyfile::KeyFile;
use crate::secret::Secret;

/// File name extension of backups.
pub const EXTENSION: &str = "kbak";
/// The first 16 bytes of every backup.
pub const MAGIC: &[u8; 16] = b"KINDRED-BACKUP\n\0";
/// The backup format this build writes and the newest it reads. Version 2
/// seals the manifest with a key derived from the data key (HKDF, label
/// [`MANIFEST_KEY_INFO`]) and binds the key-file section into its
/// associated data; version 1 (the data key itself, no key-file binding) is
/// still read. Version 3 adds the list of attachment blobs to the
/// manifest (an empty list is left out; version 2 backups have none).
pub const FORMAT_VERSION: u32 = 3;
/// The HKDF label of the manifest key.
const MANIFEST_KEY_INFO: &[u8] = b"kindred backup manifest v2";
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
    /// The attachment blobs the backup needs, in the blob folder beside it
    /// (see `backup::blobs`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub blobs: Vec<super::blobs::ListedBlob>,
}

/// The part of a backup readable without a key.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Header {
    format: String,
    pub(crate) version: u32,
    pub(crate) vault_id: String,
    pub(crate) created_at: String,
    pub(crate) app_version: String,
    pub(crate) key_file: KeyFile,
    manifest_nonce: String,
    manifest: String,
    pub(crate) db_len: u64,
}

/// A backup file as listed: what can be read without a key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "contract", derive(ts_rs::TS))]
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

pub(crate) fn corrupt(detail: impl Into<String>) -> Error {
    Error::CorruptFile {
        what: WHAT,
        detail: detail.into(),
    }
}

/// What the sealed manifest is bound to: every header field, and from
/// version 2 the key-file section too, so swapping another backup's slots
/// in (or any edit of them) makes the manifest refuse to open.
fn manifest_aad(h: &Header) -> Result<Vec<u8>> {
    let mut aad = format!(
        "{FORMAT}/{}|{}|{}|{}|{}",
        h.version, h.vault_id, h.created_at, h.app_version, h.db_len
    )
    .into_bytes();
    if h.version >= 2 {
        let slots =
            serde_json::to_vec(&h.key_file).map_err(|_| Error::Internal("key file".into()))?;
        aad.push(b'|');
        aad.extend_from_slice(HEXLOWER.encode(&Sha256::digest(&slots)).as_bytes());
    }
    Ok(aad)
}

/// The key that seals a manifest of this header's version.
fn manifest_key(h: &Header, data_key: &DataKey) -> Result<Secret<[u8; KEY_LEN]>> {
    if h.version >= 2 {
        crypto::subkey(data_key, MANIFEST_KEY_INFO)
    } else {
        Ok(Secret::new(*data_key.expose_secret()))
    }
}

impl Header {
    /// A header for a new backup; the manifest is sealed into it by
    /// [`Header::seal`]. Device slots are dropped: a keychain secret belongs
    /// to one machine.
    pub(crate) fn new(key_file: &KeyFile, created_at: String, db_len: u64) -> Self {
        let mut kf = key_file.clone();
        kf.clear_devices();
        Self {
            format: FORMAT.into(),
            version: FORMAT_VERSION,
            vault_id: kf.vault_id.clone(),
            created_at,
            app_version: env!("CARGO_PKG_VERSION").into(),
            key_file: kf,
            manifest_nonce: String::new(),
            manifest: String::new(),
            db_len,
        }
    }

    /// Seals `manifest` into the header with the data key.
    pub(crate) fn seal(&mut self, manifest: &Manifest, data_key: &DataKey) -> Result<()> {
        let plain = serde_json::to_vec(manifest).map_err(|_| Error::Internal("manifest".into()))?;
        self.seal_bytes(&plain, data_key)
    }

    /// Seals an encoded manifest (the fuzz harness seals any bytes).
    pub(crate) fn seal_bytes(&mut self, plain: &[u8], data_key: &DataKey) -> Result<()> {
        let nonce = random_array::<NONCE_LEN>()?;
        let key = manifest_key(self, data_key)?;
        let sealed = XChaCha20Poly1305::new(key.expose_secret().into())
            .encrypt(
                XNonce::from_slice(&nonce),
                Payload {
                    msg: plain,
                    aad: &manifest_aad(self)?,
                },
            )
            .map_err(|_| Error::Internal("sealing the manifest failed".into()))?;
        self.manifest_nonce = BASE64.encode(&nonce);
        self.manifest = BASE64.encode(&sealed);
        Ok(())
    }

    /// Opens the sealed manifest with the data key.
    pub(crate) fn open_manifest(&self, data_key: &DataKey) -> Result<Manifest> {
        let nonce: [u8; NONCE_LEN] = BASE64
            .decode(self.manifest_nonce.as_bytes())
            .ok()
            .and_then(|n| n.try_into().ok())
            .ok_or_else(|| corrupt("its manifest is damaged"))?;
        let sealed = BASE64
            .decode(self.manifest.as_bytes())
            .map_err(|_| corrupt("its manifest is damaged"))?;
        let key = manifest_key(self, data_key)?;
        let plain = XChaCha20Poly1305::new(key.expose_secret().into())
            .decrypt(
                XNonce::from_slice(&nonce),
                Payload {
                    msg: &sealed,
                    aad: &manifest_aad(self)?,
                },
            )
            .map_err(|_| corrupt("its manifest does not open with this vault's key"))?;
        serde_json::from_slice(&plain).map_err(|_| corrupt("its manifest is damaged"))
    }
}

/// Writes a whole backup file to `tmp`: magic, header, the database copy at
/// `db`, and the trailing checksum; then syncs it.
/// `step` reports progress after each chunk and answers whether to stop
/// (the vault locked): then the file is left incomplete, for the caller's
/// scratch folder to remove, and `VaultLocked` is returned.
pub(crate) fn write_file(
    tmp: &Path,
    header: &Header,
    db: &Path,
    step: &mut dyn FnMut(Stage, u64, u64) -> bool,
) -> Result<()> {
    let io_err = |e: io::Error| Error::io("write the backup", &e);
    let header = serde_json::to_vec(header).map_err(|_| Error::Internal("backup header".into()))?;
    let f = fsutil::create_private(tmp).map_err(io_err)?;
    let mut w = BufWriter::new(f);
    let mut hash = Sha256::new();
    let header_len = u32::try_from(header.len()).map_err(|_| Error::Internal("header".into()))?;
    for part in [&MAGIC[..], &header_len.to_le_bytes(), &header] {
        w.write_all(part).map_err(io_err)?;
        hash.update(part);
    }
    let db_len = fs::metadata(db).map_err(io_err)?.len();
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
        if step(Stage::Write, done, db_len) {
            return Err(Error::VaultLocked);
        }
    }
    w.write_all(&hash.finalize()).map_err(io_err)?;
    let f = w.into_inner().map_err(|e| io_err(e.into_error()))?;
    f.sync_all().map_err(io_err)
}

/// Reads and checks everything that needs no key: magic, format version,
/// header, length, trailing checksum. Returns the header and where the
/// database copy starts.
pub(crate) fn read_header(path: &Path) -> Result<(Header, u64)> {
    read_header_from(&mut open(path)?)
}

/// [`read_header`] of an open file (or, for the fuzz harness, of bytes).
pub(crate) fn read_header_from<R: Read + Seek>(f: &mut R) -> Result<(Header, u64)> {
    let (header, body_start, size) = read_header_only(f)?;
    let io_err = |e: io::Error| Error::io("read the backup", &e);
    // The trailing checksum over everything before it.
    f.seek(SeekFrom::Start(0)).map_err(io_err)?;
    let mut h = Sha256::new();
    io::copy(&mut f.by_ref().take(size - TRAILER), &mut h).map_err(io_err)?;
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

fn open(path: &Path) -> Result<File> {
    File::open(path).map_err(|e| {
        if e.kind() == io::ErrorKind::NotFound {
            Error::not_found(format!(
                "There is no backup file at {}; it may have been moved or deleted. Your vault is not affected.",
                path.display()
            ))
        } else {
            Error::io("read the backup", &e)
        }
    })
}

/// The header and the file's length, checked against each other, without
/// reading the rest: a few KiB, whatever the backup's size. Listing and
/// rotation use this; verification and restore read everything. Returns
/// the header, where the database copy starts, and the file's size.
fn read_header_only<R: Read + Seek>(f: &mut R) -> Result<(Header, u64, u64)> {
    let io_err = |e: io::Error| Error::io("read the backup", &e);
    let size = f.seek(SeekFrom::End(0)).map_err(io_err)?;
    f.seek(SeekFrom::Start(0)).map_err(io_err)?;
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
    Ok((header, body_start, size))
}

/// What can be known of a backup without a key and without reading it
/// whole: its header and size. A damaged body shows at verification.
pub fn inspect(path: &Path) -> Result<BackupInfo> {
    Ok(inspect_header(path)?.0)
}

/// [`inspect`], with the header itself (for rotation, which opens the
/// sealed manifest before it counts a backup).
pub(crate) fn inspect_header(path: &Path) -> Result<(BackupInfo, Header)> {
    inspect_from(&mut open(path)?, path)
}

/// [`inspect_header`] of an open file (or bytes) found at `path`.
pub(crate) fn inspect_from<R: Read + Seek>(f: &mut R, path: &Path) -> Result<(BackupInfo, Header)> {
    let (h, _, size) = read_header_only(f)?;
    let info = BackupInfo {
        path: path.to_path_buf(),
        created_at: DateTime::parse_from_rfc3339(&h.created_at)
            .map_err(|_| corrupt("its date is damaged"))?
            .with_timezone(&Utc),
        size,
        vault_id: h.vault_id.clone(),
        app_version: h.app_version.clone(),
    };
    Ok((info, h))
}

/// A backup file found in a folder: its path, and what its header says (or
/// why it could not be read).
#[derive(Debug)]
pub(crate) struct Found {
    pub(crate) path: PathBuf,
    pub(crate) read: Result<(BackupInfo, Header)>,
}

/// Every backup file in `folder` with what [`inspect_header`] makes of it,
/// newest first (damaged files last). A folder that does not exist holds
/// none. Reads headers only: a few KiB per backup.
pub(crate) fn list_folder(folder: &Path) -> Result<Vec<Found>> {
    let rd = match fs::read_dir(folder) {
        Ok(rd) => rd,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(Error::io("read the backup folder", &e)),
    };
    let mut out: Vec<Found> = Vec::new();
    for e in rd.flatten() {
        let p = e.path();
        if p.extension().and_then(|x| x.to_str()) == Some(EXTENSION) {
            let read = inspect_header(&p);
            out.push(Found { path: p, read });
        }
    }
    out.sort_by(|a, b| {
        let ka = a.read.as_ref().map(|i| i.0.created_at).ok();
        let kb = b.read.as_ref().map(|i| i.0.created_at).ok();
        kb.cmp(&ka).then_with(|| b.path.cmp(&a.path))
    });
    Ok(out)
}

/// Backups in `folder`, newest first. Files that are not backups are
/// skipped; damaged backups are listed with their error.
pub fn list(folder: &Path) -> Result<Vec<Result<BackupInfo>>> {
    Ok(list_folder(folder)?
        .into_iter()
        .map(|f| f.read.map(|(info, _)| info))
        .collect())
}

/// A backup file's bytes read as verification and listing read a file:
/// magic, header, its length against the file's, the trailing checksum,
/// then what a listing shows.
#[cfg(feature = "fuzzing")]
pub fn inspect_bytes(bytes: &[u8]) -> Result<BackupInfo> {
    let mut f = io::Cursor::new(bytes);
    read_header_from(&mut f)?;
    Ok(inspect_from(&mut f, Path::new("fuzz.kbak"))?.0)
}

/// The sealed manifest of a backup file's bytes, opened with `data_key`
/// after the checks of [`inspect_bytes`].
#[cfg(feature = "fuzzing")]
pub fn open_manifest_bytes(bytes: &[u8], data_key: &DataKey) -> Result<Manifest> {
    let (header, _) = read_header_from(&mut io::Cursor::new(bytes))?;
    header.open_manifest(data_key)
}

/// Seals `manifest` (any bytes) into the header `header_json` with
/// `data_key`, then opens it as a backup's manifest is opened.
#[cfg(feature = "fuzzing")]
pub fn reseal_manifest(
    header_json: &[u8],
    manifest: &[u8],
    data_key: &DataKey,
) -> Result<Manifest> {
    let mut header: Header =
        serde_json::from_slice(header_json).map_err(|_| corrupt("its header is damaged"))?;
    header.seal_bytes(manifest, data_key)?;
    header.open_manifest(data_key)
}
