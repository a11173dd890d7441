//! Photos and files on entries, and a picture for each person: stored as
//! encrypted blobs beside the database (`blobs`), described by rows in
//! `attachments`. Removing one moves it to the trash; deleting it for good
//! deletes its row, then its blob once no row names it.
//!
//! Adding holds the database's write lock from the moment the blob is
//! looked for until its row is committed, and dropping a blob holds it
//! while it checks that no row names the blob and deletes it: so an attach
//! of the same content never finds a blob that is about to go.

use std::fs::{self, File};
use std::io::{self, Read, Seek, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use data_encoding::HEXLOWER;
use rusqlite::{Connection, Transaction, TransactionBehavior};
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use crate::blobs::{BlobId, BlobReader, BlobStore};
use crate::clock::Clock;
use crate::crypto::DataKey;
use crate::error::{Error, Result};
use crate::model::Attachment;
use crate::store::attachments::{self as rows, Owner};
use crate::store::{entries, people};

/// The longest file name kept, in characters (longer ones are cut).
pub const MAX_NAME_CHARS: usize = 255;

/// Scratch and orphaned blob files younger than this are left alone by
/// [`sweep`]: another process may be writing them now.
const SWEEP_AGE: Duration = Duration::from_secs(60 * 60);

/// The blob folder inside a vault folder.
pub fn blobs_dir(vault_dir: &Path) -> PathBuf {
    vault_dir.join("blobs")
}

/// Attachments of an unlocked vault.
#[derive(Debug)]
pub struct Attachments<'v> {
    pub(crate) conn: &'v Connection,
    pub(crate) clock: &'v dyn Clock,
    pub(crate) store: BlobStore,
}

impl<'v> Attachments<'v> {
    pub(crate) fn new(
        conn: &'v Connection,
        clock: &'v dyn Clock,
        vault_dir: &Path,
        data_key: &DataKey,
    ) -> Result<Self> {
        Ok(Self {
            conn,
            clock,
            store: BlobStore::new(blobs_dir(vault_dir), data_key)?,
        })
    }

    /// Attaches the file at `path` to entry `entry_id`.
    pub fn attach_file(&self, entry_id: i64, path: &Path) -> Result<Attachment> {
        let (file, name) = open_source(path)?;
        self.attach(Owner::Entry(entry_id), &name, file)
    }

    /// Attaches `bytes` (pasted or dropped in the window) named `name`.
    pub fn attach_bytes(&self, entry_id: i64, name: &str, bytes: &[u8]) -> Result<Attachment> {
        self.attach(Owner::Entry(entry_id), name, io::Cursor::new(bytes))
    }

    /// Makes the picture at `path` person `person_id`'s picture. The one
    /// it replaces goes to the trash, from where it can come back.
    pub fn set_photo(&self, person_id: i64, path: &Path) -> Result<Attachment> {
        let (file, name) = open_source(path)?;
        self.set_photo_from(person_id, &name, file)
    }

    /// [`Attachments::set_photo`] from bytes (a picture dropped on the page).
    pub fn set_photo_bytes(&self, person_id: i64, name: &str, bytes: &[u8]) -> Result<Attachment> {
        self.set_photo_from(person_id, name, io::Cursor::new(bytes))
    }

    fn set_photo_from(
        &self,
        person_id: i64,
        name: &str,
        mut src: impl Read + Seek,
    ) -> Result<Attachment> {
        let mime = sniff(&mut src, name)?;
        if !mime.starts_with("image/") {
            return Err(Error::invalid(
                "A person's picture must be a photo (JPEG, PNG, GIF, WebP or HEIC); nothing was changed.",
            ));
        }
        self.attach(Owner::Person(person_id), name, src)
    }

    /// Stores `src` as a blob and adds its row, all while holding the
    /// write lock (see the module doc). A person's earlier picture goes to
    /// the trash in the same transaction.
    fn attach(&self, owner: Owner, name: &str, mut src: impl Read + Seek) -> Result<Attachment> {
        let name = clean_name(name);
        let mime = sniff(&mut src, &name)?;
        let tx = Transaction::new_unchecked(self.conn, TransactionBehavior::Immediate)?;
        match owner {
            Owner::Entry(id) => {
                entries::get(&tx, id, false)?;
            }
            Owner::Person(id) => {
                people::get(&tx, id)?;
            }
        }
        let now = self.clock.now();
        if let Owner::Person(pid) = owner {
            if let Some(old) = rows::photo_of(&tx, pid)? {
                rows::set_deleted(&tx, old.id, Some(now))?;
            }
        }
        let written = self.store.write(&mut src)?;
        let added = rows::insert(&tx, owner, &name, &mime, &written, now)
            .and_then(|id| tx.commit().map(|()| id).map_err(Error::from));
        let id = match added {
            Ok(id) => id,
            Err(e) => {
                // Nothing names a blob written just now: it goes at once.
                if !written.existed {
                    let _ = fs::remove_file(self.store.path_of(&written.id));
                }
                return Err(e);
            }
        };
        Ok(rows::get(self.conn, id)?.0)
    }

    /// One attachment (not in the trash).
    pub fn get(&self, id: i64) -> Result<Attachment> {
        Ok(rows::get(self.conn, id)?.0)
    }

    /// An entry's attachments, in the order they were added.
    pub fn of_entry(&self, entry_id: i64) -> Result<Vec<Attachment>> {
        rows::for_entry(self.conn, entry_id)
    }

    /// A person's picture, if they have one.
    pub fn photo_of(&self, person_id: i64) -> Result<Option<Attachment>> {
        rows::photo_of(self.conn, person_id)
    }

    /// Opens an attachment's original bytes for reading, each chunk checked
    /// as it is read.
    pub fn open(&self, id: i64) -> Result<(Attachment, BlobReader<'_>)> {
        let (a, blob) = rows::get(self.conn, id)?;
        let reader = self.store.open(&BlobId::parse(&blob)?)?;
        Ok((a, reader))
    }

    /// Writes an attachment's original bytes, in plaintext, to a new file
    /// at `to` (never over an existing one). The bytes are checked against
    /// the SHA-256 recorded when the file was added; a mismatch removes
    /// what was written. Returns the attachment.
    pub fn save_to(&self, id: i64, to: &Path) -> Result<Attachment> {
        let (a, blob) = rows::get(self.conn, id)?;
        write_plain(&self.store, &BlobId::parse(&blob)?, &a.sha256, to)?;
        Ok(a)
    }

    /// An attachment's thumbnail, when one has been made and is readable
    /// (one made under an older key, or not restored with a backup, is
    /// not: the caller makes it again).
    pub fn thumbnail(&self, id: i64) -> Result<Option<Zeroizing<Vec<u8>>>> {
        let Some(name) = rows::thumb_of(self.conn, id)? else {
            return Ok(None);
        };
        Ok(BlobId::parse(&name)
            .ok()
            .and_then(|t| self.store.read_all(&t).ok()))
    }

    /// The original bytes of a picture to make a thumbnail from: `None`
    /// when it is not a picture the window shows, or too large to decode.
    pub fn picture_for_thumbnail(&self, id: i64) -> Result<Option<Zeroizing<Vec<u8>>>> {
        let (a, blob) = rows::get(self.conn, id)?;
        if !THUMBNAILED.contains(&a.mime.as_str()) || a.bytes > MAX_THUMB_SOURCE {
            return Ok(None);
        }
        Ok(Some(self.store.read_all(&BlobId::parse(&blob)?)?))
    }

    /// Stores `thumb` (made by [`make_thumbnail`]) as attachment `id`'s
    /// thumbnail, encrypted like every blob.
    pub fn set_thumbnail(&self, id: i64, thumb: &[u8]) -> Result<()> {
        let tx = Transaction::new_unchecked(self.conn, TransactionBehavior::Immediate)?;
        let old = rows::thumb_of(&tx, id)?;
        let w = self.store.write(io::Cursor::new(thumb))?;
        rows::set_thumb(&tx, id, w.id.as_str())?;
        tx.commit()?;
        if let Some(old) = old.filter(|o| o != w.id.as_str()) {
            drop_unreferenced(self.conn, &self.dir_of_store(), &[old])?;
        }
        Ok(())
    }

    fn dir_of_store(&self) -> PathBuf {
        // The store is `<vault>/blobs`.
        self.store
            .dir()
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default()
    }

    /// Moves an attachment to the trash.
    pub fn trash(&self, id: i64) -> Result<()> {
        rows::set_deleted(self.conn, id, Some(self.clock.now()))
    }

    /// Brings an attachment back from the trash.
    pub fn restore(&self, id: i64) -> Result<()> {
        rows::set_deleted(self.conn, id, None)
    }
}

/// Writes blob `id`'s plaintext to a new file at `to` (never over an
/// existing one), checked against `sha256`; a mismatch or a failure
/// removes what was written.
pub(crate) fn write_plain(store: &BlobStore, id: &BlobId, sha256: &str, to: &Path) -> Result<()> {
    {
        let mut reader = store.open(id)?;
        let io_err = |e: io::Error| Error::io("save the attachment", &e);
        let file = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(to)
            .map_err(|e| {
                if e.kind() == io::ErrorKind::AlreadyExists {
                    Error::invalid(format!(
                        "{} already exists; choose a new file name. Nothing was written.",
                        to.display()
                    ))
                } else {
                    io_err(e)
                }
            })?;
        let written = (|| {
            let mut out = io::BufWriter::new(file);
            let mut sha = Sha256::new();
            let mut buf = Zeroizing::new(vec![0u8; crate::blobs::CHUNK]);
            loop {
                let n = reader
                    .read(&mut buf)
                    .map_err(crate::blobs::from_read_error)?;
                if n == 0 {
                    break;
                }
                sha.update(&buf[..n]);
                out.write_all(&buf[..n]).map_err(io_err)?;
            }
            if HEXLOWER.encode(&sha.finalize()) != sha256 {
                return Err(Error::CorruptFile {
                    what: "The attachment",
                    detail: "its bytes do not match the checksum recorded when it was added".into(),
                });
            }
            let f = out.into_inner().map_err(|e| io_err(e.into_error()))?;
            f.sync_all().map_err(io_err)
        })();
        if let Err(e) = written {
            let _ = fs::remove_file(to);
            return Err(e);
        }
        Ok(())
    }
}

/// Media types that get a thumbnail (those the window draws).
const THUMBNAILED: [&str; 4] = ["image/jpeg", "image/png", "image/gif", "image/webp"];

/// Pictures larger than this are not decoded for a thumbnail.
const MAX_THUMB_SOURCE: u64 = 64 * 1024 * 1024;

/// The longest side of a thumbnail, in pixels (sharp at twice the size
/// the window draws a tile).
pub const THUMB_SIDE: u32 = 360;

/// A thumbnail of the picture `bytes`, made in memory: JPEG, or PNG when
/// the picture has transparency. `None` when it is not a picture this
/// build decodes, is damaged, or claims sizes past the decoder's limits
/// (a decompression bomb).
pub fn make_thumbnail(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut reader = image::ImageReader::new(io::Cursor::new(bytes))
        .with_guessed_format()
        .ok()?;
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(20_000);
    limits.max_image_height = Some(20_000);
    limits.max_alloc = Some(512 * 1024 * 1024);
    reader.limits(limits);
    let picture = reader.decode().ok()?;
    // Never larger than the picture itself.
    let thumb = if picture.width() <= THUMB_SIDE && picture.height() <= THUMB_SIDE {
        picture
    } else {
        picture.thumbnail(THUMB_SIDE, THUMB_SIDE)
    };
    let mut out = io::Cursor::new(Vec::new());
    if thumb.color().has_alpha() {
        thumb
            .to_rgba8()
            .write_to(&mut out, image::ImageFormat::Png)
            .ok()?;
    } else {
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 82)
            .encode_image(&thumb.to_rgb8())
            .ok()?;
    }
    Some(out.into_inner())
}

/// Deletes the blobs among `names` that no row names any more, holding
/// the write lock while it looks and deletes (see the module doc).
pub(crate) fn drop_unreferenced(
    conn: &Connection,
    vault_dir: &Path,
    names: &[String],
) -> Result<()> {
    if names.is_empty() {
        return Ok(());
    }
    let tx = Transaction::new_unchecked(conn, TransactionBehavior::Immediate)?;
    for name in names {
        let Ok(id) = BlobId::parse(name) else {
            continue;
        };
        if !rows::is_referenced(&tx, name)? {
            match fs::remove_file(blob_path(&blobs_dir(vault_dir), &id)) {
                Ok(()) => {}
                Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                Err(e) => return Err(Error::io("delete the attachment's file", &e)),
            }
        }
    }
    tx.commit()?;
    Ok(())
}

/// Where blob `id` lives in the blob folder `dir` (as `BlobStore` lays it
/// out).
pub(crate) fn blob_path(dir: &Path, id: &BlobId) -> PathBuf {
    dir.join(&id.as_str()[..2]).join(id.as_str())
}

/// Removes what an interrupted attach, import or re-key left in the blob
/// folder: scratch files (`.tmp-…`, ciphertext only) and blobs no row
/// names. Unless `alone` (no other process has the vault open), each only
/// when older than an hour, since another process may be writing it now.
/// Returns how many files went.
pub(crate) fn sweep(conn: &Connection, vault_dir: &Path, alone: bool) -> Result<usize> {
    let dir = blobs_dir(vault_dir);
    let Ok(folders) = fs::read_dir(&dir) else {
        return Ok(0);
    };
    let old_enough = |p: &Path| {
        alone
            || fs::metadata(p)
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| SystemTime::now().duration_since(t).ok())
                .is_some_and(|age| age >= SWEEP_AGE)
    };
    let mut removed = 0;
    for folder in folders.flatten() {
        let Ok(files) = fs::read_dir(folder.path()) else {
            continue;
        };
        for f in files.flatten() {
            let p = f.path();
            let name = f.file_name().to_string_lossy().into_owned();
            let garbage = if name.starts_with(".tmp-") {
                true
            } else if BlobId::parse(&name).is_ok() {
                !rows::is_referenced(conn, &name)?
            } else {
                false
            };
            if garbage && old_enough(&p) && fs::remove_file(&p).is_ok() {
                removed += 1;
            }
        }
    }
    Ok(removed)
}

/// Opens a file to attach, refusing folders and naming what is wrong.
fn open_source(path: &Path) -> Result<(File, String)> {
    let meta = fs::metadata(path).map_err(|e| {
        if e.kind() == io::ErrorKind::NotFound {
            Error::not_found(format!(
                "There is no file at {}; nothing was attached.",
                path.display()
            ))
        } else {
            Error::io("read the file to attach", &e)
        }
    })?;
    if !meta.is_file() {
        return Err(Error::invalid(format!(
            "{} is not a file; nothing was attached.",
            path.display()
        )));
    }
    let file = File::open(path).map_err(|e| Error::io("read the file to attach", &e))?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "file".into());
    Ok((file, name))
}

/// A file name fit to keep and show: no folders, no control characters,
/// at most [`MAX_NAME_CHARS`] characters, never empty.
pub fn clean_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let cleaned: String = base
        .chars()
        .filter(|c| !c.is_control())
        .take(MAX_NAME_CHARS)
        .collect();
    let cleaned = cleaned.trim();
    if cleaned.is_empty() || cleaned == "." || cleaned == ".." {
        "file".into()
    } else {
        cleaned.to_owned()
    }
}

/// The media type of `src` from its first bytes, else from its name's
/// extension, else `application/octet-stream`. Leaves `src` at its start.
pub fn sniff(src: &mut (impl Read + Seek), name: &str) -> Result<String> {
    let io_err = |e: io::Error| Error::io("read the file to attach", &e);
    src.rewind().map_err(io_err)?;
    let mut head = [0u8; 64];
    let mut n = 0;
    while n < head.len() {
        let got = src.read(&mut head[n..]).map_err(io_err)?;
        if got == 0 {
            break;
        }
        n += got;
    }
    src.rewind().map_err(io_err)?;
    Ok(mime_of(&head[..n], name).to_owned())
}

/// [`sniff`] on bytes in hand.
pub fn mime_of(head: &[u8], name: &str) -> &'static str {
    let starts = |m: &[u8]| head.starts_with(m);
    let at = |i: usize, m: &[u8]| head.get(i..i + m.len()) == Some(m);
    if starts(&[0xFF, 0xD8, 0xFF]) {
        return "image/jpeg";
    }
    if starts(b"\x89PNG\r\n\x1a\n") {
        return "image/png";
    }
    if starts(b"GIF87a") || starts(b"GIF89a") {
        return "image/gif";
    }
    if starts(b"RIFF") && at(8, b"WEBP") {
        return "image/webp";
    }
    if starts(b"RIFF") && at(8, b"WAVE") {
        return "audio/wav";
    }
    if starts(b"%PDF-") {
        return "application/pdf";
    }
    if starts(b"OggS") {
        return "audio/ogg";
    }
    if starts(b"ID3") || starts(&[0xFF, 0xFB]) || starts(&[0xFF, 0xF3]) {
        return "audio/mpeg";
    }
    if starts(&[0x1A, 0x45, 0xDF, 0xA3]) {
        return "video/webm";
    }
    if at(4, b"ftyp") {
        let brand = head.get(8..12).unwrap_or_default();
        return match brand {
            b"heic" | b"heix" | b"heim" | b"heis" | b"mif1" | b"msf1" => "image/heic",
            b"avif" | b"avis" => "image/avif",
            b"qt  " => "video/quicktime",
            b"M4A " => "audio/mp4",
            _ => "video/mp4",
        };
    }
    let ext = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "jpg" | "jpeg" => "image/jpeg",
        "png" => "image/png",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "heic" | "heif" => "image/heic",
        "pdf" => "application/pdf",
        "mp3" => "audio/mpeg",
        "m4a" => "audio/mp4",
        "wav" => "audio/wav",
        "mp4" | "m4v" => "video/mp4",
        "mov" => "video/quicktime",
        "txt" | "md" => "text/plain",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn media_types_come_from_the_bytes_before_the_name() {
        assert_eq!(mime_of(&[0xFF, 0xD8, 0xFF, 0xE0], "x.png"), "image/jpeg");
        assert_eq!(mime_of(b"\x89PNG\r\n\x1a\n....", "photo"), "image/png");
        assert_eq!(
            mime_of(b"\0\0\0\x18ftypheic\0\0", "IMG_1.HEIC"),
            "image/heic"
        );
        assert_eq!(
            mime_of(b"\0\0\0\x18ftypqt  \0\0", "clip"),
            "video/quicktime"
        );
        assert_eq!(mime_of(b"RIFF\0\0\0\0WEBPVP8 ", "a"), "image/webp");
        assert_eq!(mime_of(b"%PDF-1.7", "a"), "application/pdf");
        assert_eq!(mime_of(b"hello", "notes.TXT"), "text/plain");
        assert_eq!(mime_of(b"", "x"), "application/octet-stream");
    }

    #[test]
    fn names_lose_folders_and_control_characters() {
        assert_eq!(clean_name("../../etc/passwd"), "passwd");
        assert_eq!(clean_name("C:\\Users\\me\\a.jpg"), "a.jpg");
        assert_eq!(clean_name("a\u{0}b\nc.png"), "abc.png");
        assert_eq!(clean_name(".."), "file");
        assert_eq!(clean_name("  "), "file");
        assert_eq!(clean_name(&"x".repeat(400)).chars().count(), MAX_NAME_CHARS);
    }
}
