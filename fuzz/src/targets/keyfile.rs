//! `kindred.keys`: `KeyFile::parse`, the gate every unlock goes through.
//!
//! Properties, on the bytes as given and again with the checksum made
//! right (so mutations reach the checks behind it):
//! - a refusal says the file is damaged, newer, or asks for too much work;
//! - what is accepted has this build's format and version, Argon2id slots
//!   within bounds, and reads back equal once saved;
//! - with a right checksum, the file is accepted exactly when its format,
//!   version, KDF names and parameters are acceptable (an oracle written
//!   here, independently of `parse`).

use data_encoding::HEXLOWER;
use kindred_core::crypto::KdfParams;
use kindred_core::keyfile::{KeyFile, FORMAT, VERSION};
use kindred_core::ErrorCode;
use sha2::{Digest, Sha256};

/// Runs one input.
pub fn run(data: &[u8]) {
    check(data);
    // The same content with a right checksum.
    if let Ok(mut kf) = serde_json::from_slice::<KeyFile>(data) {
        kf.checksum = digest(&kf);
        let bytes = serde_json::to_vec(&kf).expect("a key file encodes");
        let acceptable = kf.format == FORMAT
            && kf.version == VERSION
            && slots(&kf)
                .iter()
                .all(|(kdf, p)| *kdf == "argon2id" && within_bounds(p));
        let parsed = check(&bytes);
        assert_eq!(
            parsed.is_some(),
            acceptable,
            "a key file with a right checksum was {} although it is {}acceptable",
            if parsed.is_some() {
                "accepted"
            } else {
                "refused"
            },
            if acceptable { "" } else { "not " },
        );
    }
}

/// Parses and checks the properties; returns what was accepted.
fn check(data: &[u8]) -> Option<KeyFile> {
    match KeyFile::parse(data) {
        Ok(kf) => {
            assert_eq!(kf.format, FORMAT);
            assert_eq!(kf.version, VERSION);
            for (kdf, params) in slots(&kf) {
                assert_eq!(kdf, "argon2id");
                assert!(within_bounds(&params), "accepted {params:?}");
            }
            // What `save` writes, `load` reads back the same.
            let saved = serde_json::to_vec_pretty(&kf).expect("a key file encodes");
            let again = KeyFile::parse(&saved)
                .unwrap_or_else(|e| panic!("an accepted key file, saved, is refused: {e:?}"));
            assert_eq!(again, kf);
            Some(kf)
        }
        Err(e) => {
            assert!(
                matches!(
                    e.code(),
                    ErrorCode::CorruptFile
                        | ErrorCode::UnsupportedVersion
                        | ErrorCode::ExcessiveWork
                ),
                "a key file was refused with {:?}: {e}",
                e.code()
            );
            None
        }
    }
}

/// Every typed slot's KDF name and parameters.
fn slots(kf: &KeyFile) -> Vec<(String, KdfParams)> {
    let next = kf.next.iter().flat_map(|n| [&n.passphrase, &n.recovery]);
    [&kf.passphrase, &kf.recovery]
        .into_iter()
        .chain(next)
        .map(|s| (s.kdf.clone(), s.params))
        .collect()
}

/// Argon2id's own limits and Kindred's, written out again here.
fn within_bounds(p: &KdfParams) -> bool {
    (1..=KdfParams::MAX.t).contains(&p.t)
        && (1..=KdfParams::MAX.p).contains(&p.p)
        && p.m_kib <= KdfParams::MAX.m_kib
        && p.m_kib >= 8 * p.p
}

/// The checksum as the key file defines it: SHA-256 of the compact JSON
/// with the checksum field empty.
fn digest(kf: &KeyFile) -> String {
    let mut body = kf.clone();
    body.checksum.clear();
    let bytes = serde_json::to_vec(&body).expect("a key file encodes");
    format!("sha256:{}", HEXLOWER.encode(&Sha256::digest(&bytes)))
}
