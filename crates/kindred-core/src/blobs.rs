//! Encrypted, content-addressed files beside the database: where
//! attachments (photos, PDFs, audio) will live, so a vault of gigabytes of
//! photos is not one database a backup must rewrite every day.
//!
//! - **Sealed in chunks.** A blob is a header and the file's bytes in
//!   chunks of 256 KiB, each sealed with XChaCha20-Poly1305 (the STREAM
//!   construction: a random 19-byte nonce prefix per blob, a 32-bit chunk
//!   counter and a last-chunk flag), so a large file is written and read a
//!   chunk at a time in constant memory, and a chunk cut off, dropped,
//!   repeated or moved fails to open.
//! - **Named by content, under a key.** A blob's name is HMAC-SHA256 of the
//!   plaintext under a key of its own: the same photo added twice is stored
//!   once, and the name says nothing about the content to someone without
//!   the key (a plain hash would let anyone test for a known picture).
//!   The name is bound into every chunk's associated data, so a blob moved
//!   to another's name fails to open.
//! - **Never plaintext on disk.** Bytes are sealed in memory a chunk at a
//!   time; the temporary file holds ciphertext only, is synced, and is
//!   renamed into place.
//!   Blobs never change once written, which is what lets a backup copy only
//!   the ones it does not have yet.
//!
//! Both keys are derived from the vault's data key ([`crate::crypto::subkey`]).

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use chacha20poly1305::aead::{AeadInPlace, KeyInit};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use data_encoding::HEXLOWER;
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use crate::crypto::{random_array, subkey, DataKey, KEY_LEN};
use crate::error::{Error, Result};
use crate::fsutil;
use crate::secret::Secret;

/// The first bytes of every blob.
const MAGIC: &[u8; 8] = b"KDBLOB1\0";
/// Plaintext bytes per chunk.
pub const CHUNK: usize = 256 * 1024;
/// Length of the per-blob nonce prefix.
const PREFIX_LEN: usize = 19;
/// Length of the header: magic, chunk size, nonce prefix.
const HEADER_LEN: usize = MAGIC.len() + 4 + PREFIX_LEN;
/// Length of each chunk's authentication tag.
const TAG_LEN: usize = 16;
/// Length of a blob's name: 32 bytes in hex.
const NAME_LEN: usize = 64;

/// A blob's name: the hex HMAC of its plaintext under the naming key.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct BlobId(String);

impl BlobId {
    /// Checks a stored name (64 lowercase hex digits).
    pub fn parse(s: &str) -> Result<Self> {
        if s.len() == NAME_LEN && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) {
            Ok(Self(s.to_owned()))
        } else {
            Err(Error::invalid("That is not an attachment's stored name."))
        }
    }

    /// The name as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// What writing a blob gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    /// Its name.
    pub id: BlobId,
    /// The SHA-256 of the plaintext, in hex: what the user can check the
    /// file they get back against.
    pub sha256: String,
    /// Plaintext bytes.
    pub bytes: u64,
    /// Whether it was already stored (the same content added before).
    pub existed: bool,
}

/// The blob folder of one vault, with its keys.
pub struct BlobStore {
    dir: PathBuf,
    seal_key: Secret<[u8; KEY_LEN]>,
    name_key: Secret<[u8; KEY_LEN]>,
}

impl std::fmt::Debug for BlobStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BlobStore")
            .field("dir", &self.dir)
            .finish_non_exhaustive()
    }
}

impl BlobStore {
    /// The store in `dir` (made when first written to), keyed from the
    /// vault's data key.
    pub fn new(dir: PathBuf, data_key: &DataKey) -> Result<Self> {
        Ok(Self {
            dir,
            seal_key: subkey(data_key, b"kindred blobs: seal v1")?,
            name_key: subkey(data_key, b"kindred blobs: name v1")?,
        })
    }

    /// The folder the blobs are in.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Where the blob named `id` lives: a folder per first two hex digits,
    /// so no folder holds more than a few thousand files.
    pub fn path_of(&self, id: &BlobId) -> PathBuf {
        self.dir.join(&id.0[..2]).join(&id.0)
    }

    /// Stores `plain` sealed, read from its start; the same content
    /// already stored is not written again. Two passes: the first names
    /// the content (and is all a duplicate costs), the second seals it
    /// bound to that name.
    pub fn write(&self, mut plain: impl Read + Seek) -> Result<Written> {
        let io = |e: io::Error| Error::io("store the attachment", &e);
        let mut buf = Zeroizing::new(vec![0u8; CHUNK]);
        plain.seek(SeekFrom::Start(0)).map_err(io)?;
        let mut namer = <Hmac<Sha256> as Mac>::new_from_slice(self.name_key.expose_secret())
            .map_err(|_| Error::Internal("blob naming key".into()))?;
        let mut sha = Sha256::new();
        let mut bytes = 0u64;
        loop {
            let n = read_full(&mut plain, &mut buf).map_err(io)?;
            namer.update(&buf[..n]);
            sha.update(&buf[..n]);
            bytes += n as u64;
            if n < CHUNK {
                break;
            }
        }
        let id = BlobId(HEXLOWER.encode(&namer.finalize().into_bytes()));
        let sha256 = HEXLOWER.encode(&sha.finalize());
        let dest = self.path_of(&id);
        if dest.exists() {
            return Ok(Written {
                id,
                sha256,
                bytes,
                existed: true,
            });
        }
        let folder = dest.parent().unwrap_or(&self.dir).to_path_buf();
        fsutil::create_private_dir(&self.dir).map_err(io)?;
        fsutil::create_private_dir(&folder).map_err(io)?;
        let tmp = folder.join(format!(".tmp-{}", HEXLOWER.encode(&random_array::<8>()?)));
        let prefix = random_array::<PREFIX_LEN>()?;
        let sealed = (|| {
            plain.seek(SeekFrom::Start(0)).map_err(io)?;
            let mut out = io::BufWriter::new(fsutil::create_private(&tmp).map_err(io)?);
            out.write_all(&header(&prefix)).map_err(io)?;
            let mut sha_again = Sha256::new();
            let mut counter = 0u32;
            loop {
                let n = read_full(&mut plain, &mut buf).map_err(io)?;
                sha_again.update(&buf[..n]);
                let last = n < CHUNK;
                out.write_all(&self.seal(&id, &prefix, counter, last, &buf[..n])?)
                    .map_err(io)?;
                if last {
                    break;
                }
                counter = counter
                    .checked_add(1)
                    .ok_or_else(|| Error::invalid("That file is too large to attach."))?;
            }
            // The file changed between the passes: its name would lie.
            if HEXLOWER.encode(&sha_again.finalize()) != sha256 {
                return Err(Error::invalid(
                    "The file changed while it was being attached; nothing was attached.",
                ));
            }
            let file = out.into_inner().map_err(|e| io(e.into_error()))?;
            file.sync_all().map_err(io)?;
            std::fs::rename(&tmp, &dest).map_err(io)?;
            fsutil::sync_dir(&folder).map_err(io)
        })();
        if let Err(e) = sealed {
            let _ = std::fs::remove_file(&tmp);
            return Err(e);
        }
        Ok(Written {
            id,
            sha256,
            bytes,
            existed: false,
        })
    }

    /// Stores a blob of another store (under other keys) in this one:
    /// re-keying re-seals every attachment this way, a chunk at a time.
    pub fn copy_from(&self, other: &BlobStore, id: &BlobId) -> Result<Written> {
        let reader = other.open(id)?;
        self.write(Reopening {
            store: other,
            id: id.clone(),
            reader,
        })
    }

    /// Opens the blob named `id` for reading: each chunk is checked as it
    /// is read, and a blob cut short, altered or stored under another
    /// name fails with [`crate::ErrorCode::CorruptFile`] rather than
    /// giving wrong bytes.
    pub fn open(&self, id: &BlobId) -> Result<BlobReader<'_>> {
        let path = self.path_of(id);
        let mut file = File::open(&path).map_err(|e| {
            if e.kind() == io::ErrorKind::NotFound {
                Error::not_found("That attachment's file is missing from the vault folder.")
            } else {
                Error::io("read the attachment", &e)
            }
        })?;
        let mut head = [0u8; HEADER_LEN];
        read_full(&mut file, &mut head).map_err(|e| Error::io("read the attachment", &e))?;
        if &head[..MAGIC.len()] != MAGIC
            || head[MAGIC.len()..MAGIC.len() + 4] != u32::try_from(CHUNK).unwrap_or(0).to_be_bytes()
        {
            return Err(damaged());
        }
        let mut prefix = [0u8; PREFIX_LEN];
        prefix.copy_from_slice(&head[MAGIC.len() + 4..]);
        Ok(BlobReader {
            store: self,
            id: id.clone(),
            file: io::BufReader::new(file),
            prefix,
            counter: 0,
            done: false,
            plain: Zeroizing::new(Vec::new()),
            at: 0,
        })
    }

    /// Reads the whole blob (for thumbnails and small files).
    pub fn read_all(&self, id: &BlobId) -> Result<Zeroizing<Vec<u8>>> {
        let mut r = self.open(id)?;
        let mut out = Zeroizing::new(Vec::new());
        r.read_to_end(&mut out).map_err(from_read_error)?;
        Ok(out)
    }

    /// Reads the blob through and checks it against the SHA-256 recorded
    /// when it was written.
    pub fn verify(&self, id: &BlobId, sha256: &str) -> Result<()> {
        let mut r = self.open(id)?;
        let mut sha = Sha256::new();
        let mut buf = Zeroizing::new(vec![0u8; CHUNK]);
        loop {
            let n = r.read(&mut buf).map_err(from_read_error)?;
            if n == 0 {
                break;
            }
            sha.update(&buf[..n]);
        }
        if HEXLOWER.encode(&sha.finalize()) == sha256 {
            Ok(())
        } else {
            Err(damaged())
        }
    }

    fn cipher(&self) -> XChaCha20Poly1305 {
        XChaCha20Poly1305::new(self.seal_key.expose_secret().into())
    }

    fn seal(
        &self,
        id: &BlobId,
        prefix: &[u8; PREFIX_LEN],
        counter: u32,
        last: bool,
        plain: &[u8],
    ) -> Result<Vec<u8>> {
        let mut buf = Vec::with_capacity(plain.len() + TAG_LEN);
        buf.extend_from_slice(plain);
        self.cipher()
            .encrypt_in_place(&nonce(prefix, counter, last), &aad(id, prefix), &mut buf)
            .map_err(|_| Error::Internal("sealing an attachment failed".into()))?;
        Ok(buf)
    }
}

/// A blob's plaintext as a source for [`BlobStore::write`], which reads
/// its source twice: seeking back to the start opens the blob again.
struct Reopening<'a> {
    store: &'a BlobStore,
    id: BlobId,
    reader: BlobReader<'a>,
}

impl Read for Reopening<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.reader.read(buf)
    }
}

impl Seek for Reopening<'_> {
    fn seek(&mut self, pos: SeekFrom) -> io::Result<u64> {
        if pos != SeekFrom::Start(0) {
            return Err(io::Error::new(
                io::ErrorKind::Unsupported,
                "blobs rewind only",
            ));
        }
        self.reader = self
            .store
            .open(&self.id)
            .map_err(|e| io::Error::other(e.to_string()))?;
        Ok(0)
    }
}

/// Reads a blob's plaintext, checking each chunk before giving any of it.
pub struct BlobReader<'a> {
    store: &'a BlobStore,
    id: BlobId,
    file: io::BufReader<File>,
    prefix: [u8; PREFIX_LEN],
    counter: u32,
    done: bool,
    plain: Zeroizing<Vec<u8>>,
    at: usize,
}

impl std::fmt::Debug for BlobReader<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BlobReader")
            .field("id", &self.id)
            .finish_non_exhaustive()
    }
}

impl BlobReader<'_> {
    /// Opens the next chunk into `plain`; false at the end.
    fn next_chunk(&mut self) -> io::Result<bool> {
        if self.done {
            return Ok(false);
        }
        let mut buf = vec![0u8; CHUNK + TAG_LEN + 1];
        let n = read_full(&mut self.file, &mut buf)?;
        // A full chunk is followed by more (at least a last chunk's tag);
        // anything else is the last chunk.
        let last = n <= CHUNK + TAG_LEN;
        let len = n.min(CHUNK + TAG_LEN);
        if !last {
            // Give the extra byte back for the next chunk.
            self.file.seek_relative(-1)?;
        }
        buf.truncate(len);
        if len < TAG_LEN {
            return Err(io::Error::other(Corrupt));
        }
        let nonce = nonce(&self.prefix, self.counter, last);
        self.store
            .cipher()
            .decrypt_in_place(&nonce, &aad(&self.id, &self.prefix), &mut buf)
            .map_err(|_| io::Error::other(Corrupt))?;
        self.plain = Zeroizing::new(buf);
        self.at = 0;
        self.counter = self
            .counter
            .checked_add(1)
            .ok_or_else(|| io::Error::other(Corrupt))?;
        self.done = last;
        Ok(true)
    }
}

impl Read for BlobReader<'_> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        while self.at == self.plain.len() {
            if !self.next_chunk()? {
                return Ok(0);
            }
        }
        let n = out.len().min(self.plain.len() - self.at);
        out[..n].copy_from_slice(&self.plain[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

/// The marker of a chunk that failed to open, carried through `io::Error`.
#[derive(Debug)]
struct Corrupt;

impl std::fmt::Display for Corrupt {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("an attachment failed its check")
    }
}

impl std::error::Error for Corrupt {}

pub(crate) fn from_read_error(e: io::Error) -> Error {
    if e.get_ref().is_some_and(|i| i.is::<Corrupt>()) {
        damaged()
    } else {
        Error::io("read the attachment", &e)
    }
}

fn damaged() -> Error {
    Error::CorruptFile {
        what: "An attachment",
        detail: "its file in the vault folder is damaged or was changed".into(),
    }
}

fn header(prefix: &[u8; PREFIX_LEN]) -> [u8; HEADER_LEN] {
    let mut h = [0u8; HEADER_LEN];
    h[..MAGIC.len()].copy_from_slice(MAGIC);
    h[MAGIC.len()..MAGIC.len() + 4]
        .copy_from_slice(&u32::try_from(CHUNK).unwrap_or(0).to_be_bytes());
    h[MAGIC.len() + 4..].copy_from_slice(prefix);
    h
}

/// Each chunk's associated data: the blob's header and its name.
fn aad(id: &BlobId, prefix: &[u8; PREFIX_LEN]) -> Vec<u8> {
    let mut a = header(prefix).to_vec();
    a.extend_from_slice(id.0.as_bytes());
    a
}

fn nonce(prefix: &[u8; PREFIX_LEN], counter: u32, last: bool) -> XNonce {
    let mut n = [0u8; 24];
    n[..PREFIX_LEN].copy_from_slice(prefix);
    n[PREFIX_LEN..PREFIX_LEN + 4].copy_from_slice(&counter.to_be_bytes());
    n[23] = u8::from(last);
    XNonce::from(n)
}

/// Reads until `buf` is full or the input ends; how many bytes were read.
fn read_full(r: &mut impl Read, buf: &mut [u8]) -> io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match r.read(&mut buf[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(n)
}

#[cfg(test)]
mod tests {
    use std::io::{Cursor, Read};

    use super::*;
    use crate::ErrorCode;

    fn store(dir: &std::path::Path) -> BlobStore {
        BlobStore::new(dir.join("blobs"), &Secret::new([7u8; KEY_LEN])).unwrap()
    }

    /// Bytes that differ everywhere, so a chunk moved would not match.
    fn bytes(n: usize) -> Vec<u8> {
        (0..n).map(|i| (i * 31 + i / 251) as u8).collect()
    }

    #[test]
    fn what_goes_in_comes_out_byte_for_byte_at_every_chunk_boundary() {
        let tmp = tempfile::tempdir().unwrap();
        let s = store(tmp.path());
        for n in [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK, 3 * CHUNK + 17] {
            let plain = bytes(n);
            let w = s.write(Cursor::new(&plain)).unwrap();
            assert_eq!(w.bytes, n as u64);
            assert_eq!(w.sha256, HEXLOWER.encode(&Sha256::digest(&plain)), "{n}");
            assert_eq!(*s.read_all(&w.id).unwrap(), plain, "{n} bytes");
            s.verify(&w.id, &w.sha256).unwrap();
            // Read in odd-sized pieces too.
            let mut r = s.open(&w.id).unwrap();
            let mut got = Vec::new();
            let mut piece = [0u8; 1000];
            loop {
                let k = r.read(&mut piece).unwrap();
                if k == 0 {
                    break;
                }
                got.extend_from_slice(&piece[..k]);
            }
            assert_eq!(got, plain, "{n} bytes in pieces");
        }
    }

    #[test]
    fn the_same_content_is_stored_once_and_its_name_needs_the_key() {
        let tmp = tempfile::tempdir().unwrap();
        let s = store(tmp.path());
        let plain = bytes(CHUNK + 5);
        let a = s.write(Cursor::new(&plain)).unwrap();
        let b = s.write(Cursor::new(&plain)).unwrap();
        assert_eq!(a.id, b.id);
        assert!(!a.existed && b.existed);
        let files = walk(&tmp.path().join("blobs"));
        assert_eq!(files.len(), 1, "{files:?}");
        // The name is not the content's plain hash, and another vault's
        // key names the same photo differently.
        assert_ne!(a.id.as_str(), a.sha256);
        let other = BlobStore::new(tmp.path().join("other"), &Secret::new([8u8; KEY_LEN])).unwrap();
        assert_ne!(other.write(Cursor::new(&plain)).unwrap().id, a.id);
    }

    #[test]
    fn no_plaintext_reaches_the_disk() {
        let tmp = tempfile::tempdir().unwrap();
        let s = store(tmp.path());
        let mut plain = b"PLANTED-PHOTO-BYTES ".repeat(30_000);
        plain.extend(bytes(1000));
        s.write(Cursor::new(&plain)).unwrap();
        let needle = b"PLANTED-PHOTO";
        let mut seen = 0;
        for f in walk(tmp.path()) {
            let disk = std::fs::read(&f).unwrap();
            seen += 1;
            assert!(
                !disk.windows(needle.len()).any(|w| w == needle),
                "{} holds plaintext",
                f.display()
            );
        }
        assert_eq!(seen, 1, "one blob, no temporary file left");
        // The control: the same scan finds the bytes where they are.
        let control = tmp.path().join("control");
        std::fs::write(&control, &plain).unwrap();
        let disk = std::fs::read(&control).unwrap();
        assert!(disk.windows(needle.len()).any(|w| w == needle));
    }

    #[test]
    fn a_blob_cut_short_altered_reordered_or_renamed_fails_to_open() {
        let tmp = tempfile::tempdir().unwrap();
        let s = store(tmp.path());
        let plain = bytes(3 * CHUNK + 100);
        let w = s.write(Cursor::new(&plain)).unwrap();
        let path = s.path_of(&w.id);
        let good = std::fs::read(&path).unwrap();
        let sealed = CHUNK + TAG_LEN;
        let mut cases: Vec<(&str, Vec<u8>)> = Vec::new();
        cases.push((
            "the last chunk dropped",
            good[..HEADER_LEN + 3 * sealed].to_vec(),
        ));
        cases.push(("cut mid-chunk", good[..good.len() - 50].to_vec()));
        let mut flipped = good.clone();
        flipped[HEADER_LEN + sealed + 10] ^= 1;
        cases.push(("a bit flipped", flipped));
        let mut swapped = good[..HEADER_LEN].to_vec();
        swapped.extend_from_slice(&good[HEADER_LEN + sealed..HEADER_LEN + 2 * sealed]);
        swapped.extend_from_slice(&good[HEADER_LEN..HEADER_LEN + sealed]);
        swapped.extend_from_slice(&good[HEADER_LEN + 2 * sealed..]);
        cases.push(("two chunks swapped", swapped));
        let mut header = good.clone();
        header[MAGIC.len() + 4] ^= 1;
        cases.push(("the nonce prefix changed", header));
        cases.push(("empty", Vec::new()));
        for (what, bytes) in cases {
            std::fs::write(&path, &bytes).unwrap();
            let err = s.read_all(&w.id).map(|_| ()).unwrap_err();
            assert!(
                matches!(err.code(), ErrorCode::CorruptFile | ErrorCode::Io),
                "{what}: {err}"
            );
            assert!(s.verify(&w.id, &w.sha256).is_err(), "{what}");
        }
        // Another blob's file under this one's name.
        std::fs::write(&path, &good).unwrap();
        let other = s.write(Cursor::new(bytes(500))).unwrap();
        std::fs::copy(s.path_of(&other.id), &path).unwrap();
        assert_eq!(
            s.read_all(&w.id).unwrap_err().code(),
            ErrorCode::CorruptFile
        );
        // And the right file opens again.
        std::fs::write(&path, &good).unwrap();
        assert_eq!(*s.read_all(&w.id).unwrap(), plain);
        // A wrong key opens nothing.
        let wrong = BlobStore::new(tmp.path().join("blobs"), &Secret::new([9u8; KEY_LEN])).unwrap();
        assert_eq!(
            wrong.read_all(&w.id).unwrap_err().code(),
            ErrorCode::CorruptFile
        );
    }

    #[test]
    fn a_missing_blob_and_a_bad_name_say_so() {
        let tmp = tempfile::tempdir().unwrap();
        let s = store(tmp.path());
        let id = BlobId::parse(&"ab".repeat(32)).unwrap();
        assert_eq!(s.read_all(&id).unwrap_err().code(), ErrorCode::NotFound);
        for bad in ["", "../../etc/passwd", &"AB".repeat(32), &"ab".repeat(33)] {
            assert!(BlobId::parse(bad).is_err(), "{bad}");
        }
    }

    fn walk(dir: &std::path::Path) -> Vec<PathBuf> {
        let mut out = Vec::new();
        let mut todo = vec![dir.to_path_buf()];
        while let Some(d) = todo.pop() {
            for e in std::fs::read_dir(&d).unwrap() {
                let p = e.unwrap().path();
                if p.is_dir() {
                    todo.push(p);
                } else {
                    out.push(p);
                }
            }
        }
        out
    }
}
