//! Reads SQLCipher 4 files the way an attacker holding the key would: each
//! page decrypted here with AES-256-CBC, independently of SQLCipher, so a
//! test can look for text in every page — live, free or superseded — of the
//! database, its WAL, and the database copy inside a backup.
//!
//! SQLCipher 4's default layout: 4096-byte pages, each ending in an 80-byte
//! reserve (a 16-byte IV, then a 64-byte HMAC); page 1 starts with the
//! 16-byte salt in place of SQLite's header string. With a raw key the key
//! is the AES key itself.

use aes::cipher::{block_padding::NoPadding, BlockDecryptMut, KeyIvInit};

pub const PAGE: usize = 4096;
const RESERVE: usize = 80;
const IV: usize = 16;
const SALT: usize = 16;

type Decryptor = cbc::Decryptor<aes::Aes256>;

/// Decrypts one page; `first` is page 1 of a database (its salt kept out).
fn decrypt_page(page: &[u8], key: &[u8; 32], first: bool) -> Vec<u8> {
    assert_eq!(page.len(), PAGE, "a whole page");
    let start = if first { SALT } else { 0 };
    let iv = &page[PAGE - RESERVE..PAGE - RESERVE + IV];
    let mut body = page[start..PAGE - RESERVE].to_vec();
    Decryptor::new(key.into(), iv.into())
        .decrypt_padded_mut::<NoPadding>(&mut body)
        .expect("whole blocks");
    body
}

/// Every page of a database file, decrypted (page 1 first). Checks that
/// page 1 really decrypted: its header fields are where SQLite puts them.
pub fn database(bytes: &[u8], key: &[u8; 32]) -> Vec<Vec<u8>> {
    assert_eq!(bytes.len() % PAGE, 0, "whole pages");
    let pages: Vec<Vec<u8>> = bytes
        .chunks(PAGE)
        .enumerate()
        .map(|(i, p)| decrypt_page(p, key, i == 0))
        .collect();
    if let Some(first) = pages.first() {
        // Bytes 16..24 of a plain page 1: page size, file format versions,
        // reserved bytes per page — here at 0..8 after the salt.
        assert_eq!(
            &first[..2],
            &[0x10, 0x00],
            "page size 4096: the key is right"
        );
        assert_eq!(first[4] as usize, RESERVE, "80 reserved bytes per page");
    }
    pages
}

/// Every frame of a WAL file, decrypted.
pub fn wal(bytes: &[u8], key: &[u8; 32]) -> Vec<Vec<u8>> {
    const HEADER: usize = 32;
    const FRAME_HEADER: usize = 24;
    if bytes.len() < HEADER {
        return Vec::new();
    }
    bytes[HEADER..]
        .chunks(FRAME_HEADER + PAGE)
        .filter(|f| f.len() == FRAME_HEADER + PAGE)
        .map(|f| {
            let page_no = u32::from_be_bytes([f[0], f[1], f[2], f[3]]);
            decrypt_page(&f[FRAME_HEADER..], key, page_no == 1)
        })
        .collect()
}

/// The database copy inside a `.kbak` backup, decrypted page by page.
pub fn backup(bytes: &[u8], key: &[u8; 32]) -> Vec<Vec<u8>> {
    let len = u32::from_le_bytes(bytes[16..20].try_into().unwrap()) as usize;
    let header: serde_json::Value = serde_json::from_slice(&bytes[20..20 + len]).unwrap();
    let db_len = header["db_len"].as_u64().unwrap() as usize;
    database(&bytes[20 + len..20 + len + db_len], key)
}

/// Whether `needle` occurs in any page, as written or lowercased (FTS5
/// keeps terms lowercased), or by its last six letters (FTS5 stores a term
/// after the prefix it shares with the term before it).
pub fn found_in(pages: &[Vec<u8>], needle: &str) -> bool {
    let lower = needle.to_lowercase();
    let tail = &lower[lower.len().saturating_sub(6)..];
    let forms = [needle.as_bytes(), lower.as_bytes(), tail.as_bytes()];
    pages
        .iter()
        .any(|p| forms.iter().any(|f| p.windows(f.len()).any(|w| w == *f)))
}
