//! `.kbak` backups: the header, its length against the file's, the
//! trailing checksum (`backup::inspect` and the first step of every
//! verification and restore), and the manifest sealed in the header.
//!
//! The first byte picks how the rest is read, so mutations reach past the
//! checksum a random change would break:
//! - 0: a whole backup file, as found on disk;
//! - 1: `header JSON, NUL, database bytes`, assembled here into a file with
//!   the magic, the header's length and a right trailing checksum;
//! - 2: `header JSON, NUL, manifest`: the manifest is sealed into the
//!   header with a fixed key and opened again.
//!
//! Properties: a refusal says the file is damaged or newer; an accepted
//! file has the magic, its real size, and the checksum of all before it;
//! a manifest sealed opens again exactly when it is a manifest, to the
//! same value.

use kindred_core::backup::{self, Manifest, MAGIC};
use kindred_core::crypto::DataKey;
use kindred_core::{ErrorCode, Secret};
use sha2::{Digest, Sha256};

/// Any well-formed manifest, to tell a bad header from a bad manifest.
const A_MANIFEST: &[u8] = br#"{"schema_version":5,"counts":{"entries":1},"db_sha256":""}"#;

/// Runs one input.
pub fn run(data: &[u8]) {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let key: DataKey = Secret::new([7u8; 32]);
    match mode % 3 {
        0 => file(rest, &key),
        1 => file(&assemble(rest), &key),
        _ => manifest(rest, &key),
    }
}

/// A backup file from `header JSON, NUL, database bytes`, with a right
/// length and checksum.
pub fn assemble(rest: &[u8]) -> Vec<u8> {
    let (header, body) = split_at_nul(rest);
    let mut file = MAGIC.to_vec();
    let len = u32::try_from(header.len()).unwrap_or(u32::MAX);
    file.extend_from_slice(&len.to_le_bytes());
    file.extend_from_slice(header);
    file.extend_from_slice(body);
    let sum = Sha256::digest(&file);
    file.extend_from_slice(&sum);
    file
}

fn split_at_nul(data: &[u8]) -> (&[u8], &[u8]) {
    match data.iter().position(|&b| b == 0) {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (data, &[]),
    }
}

fn file(bytes: &[u8], key: &DataKey) {
    match backup::inspect_bytes(bytes) {
        Ok(info) => {
            assert_eq!(info.size, bytes.len() as u64, "the size listed");
            assert!(bytes.starts_with(MAGIC), "accepted without the magic");
            let (before, trailer) = bytes.split_at(bytes.len() - 32);
            assert_eq!(
                Sha256::digest(before).as_slice(),
                trailer,
                "accepted with a wrong checksum"
            );
            // Not this vault's key (or a damaged manifest): refused as damaged.
            if let Err(e) = backup::open_manifest_bytes(bytes, key) {
                assert_eq!(e.code(), ErrorCode::CorruptFile, "{e}");
            }
        }
        Err(e) => assert!(
            matches!(
                e.code(),
                ErrorCode::CorruptFile | ErrorCode::UnsupportedVersion
            ),
            "a backup was refused with {:?}: {e}",
            e.code()
        ),
    }
}

fn manifest(rest: &[u8], key: &DataKey) {
    let (header, plain) = split_at_nul(rest);
    let header_ok = backup::reseal_manifest(header, A_MANIFEST, key).is_ok();
    let expected = serde_json::from_slice::<Manifest>(plain).ok();
    match (
        header_ok,
        expected,
        backup::reseal_manifest(header, plain, key),
    ) {
        (true, Some(want), Ok(got)) => assert_eq!(got, want, "the manifest opened differs"),
        (true, None, Err(e)) | (false, _, Err(e)) => {
            assert_eq!(e.code(), ErrorCode::CorruptFile, "{e}");
        }
        (header_ok, expected, got) => panic!(
            "sealing and opening a manifest: header accepted {header_ok}, manifest valid {}, \
             opened {:?}",
            expected.is_some(),
            got.map(drop)
        ),
    }
}
