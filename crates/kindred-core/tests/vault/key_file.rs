//! Golden key files that must fail, each with its exact error, and every
//! single-byte flip of a real key file.

use std::path::PathBuf;

use kindred_core::keyfile::KeyFile;
use kindred_core::ErrorCode;

fn fixture(name: &str) -> Vec<u8> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/keys")
        .join(name);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

#[test]
fn the_good_fixture_parses() {
    let kf = KeyFile::parse(&fixture("ok.keys")).unwrap();
    assert_eq!(kf.version, 1);
}

#[test]
fn golden_failures_each_have_their_error() {
    let cases: &[(&str, ErrorCode, &str)] = &[
        (
            "fail_truncated.keys",
            ErrorCode::CorruptFile,
            "The key file is damaged (it is not complete, valid JSON; it may be truncated).",
        ),
        (
            "fail_flipped_byte.keys",
            ErrorCode::CorruptFile,
            "The key file is damaged (its checksum does not match its content).",
        ),
        (
            "fail_newer_version.keys",
            ErrorCode::UnsupportedVersion,
            "The key file was written by a newer Kindred (format version 2; this one reads up to 1).",
        ),
        (
            "fail_not_a_key_file.keys",
            ErrorCode::CorruptFile,
            "The key file is damaged (it is not a Kindred key file).",
        ),
        (
            "fail_empty.keys",
            ErrorCode::CorruptFile,
            "it may be truncated",
        ),
        (
            "fail_excessive_memory.keys",
            ErrorCode::ExcessiveWork,
            "The key file asks for 16384 MiB of memory",
        ),
        (
            "fail_excessive_passes.keys",
            ErrorCode::ExcessiveWork,
            "The key file asks for 100000 passes",
        ),
        (
            "fail_unknown_field.keys",
            ErrorCode::CorruptFile,
            "a field is missing or has the wrong type",
        ),
        (
            "fail_bad_base64.keys",
            ErrorCode::CorruptFile,
            "The key file is damaged",
        ),
    ];
    for (name, code, text) in cases {
        let result = KeyFile::parse(&fixture(name)).and_then(|kf| {
            // Some damage only shows when a slot is read.
            kf.unlock_with_passphrase(&"a quiet harbour at dawn".into())
                .map(|_| ())
        });
        let err = result.expect_err(name);
        assert_eq!(err.code(), *code, "{name}: {err}");
        assert!(err.to_string().contains(text), "{name}: {err}");
    }
}

#[test]
fn every_single_byte_flip_is_refused() {
    let good = fixture("ok.keys");
    for i in 0..good.len() {
        let mut bad = good.clone();
        bad[i] ^= 0x01;
        match KeyFile::parse(&bad) {
            Ok(_) => panic!("flipping byte {i} went unnoticed"),
            Err(e) => assert!(
                matches!(
                    e.code(),
                    ErrorCode::CorruptFile | ErrorCode::UnsupportedVersion
                ),
                "byte {i}: {e}"
            ),
        }
    }
}

#[test]
fn every_truncation_is_refused() {
    let good = fixture("ok.keys");
    // The trailing newline is not content.
    for len in 0..good.len() - 1 {
        let err = KeyFile::parse(&good[..len]).expect_err("truncated");
        assert_eq!(err.code(), ErrorCode::CorruptFile, "length {len}");
    }
}

/// Writes the fixtures above. Run once, review, commit:
/// `cargo test -p kindred-core --test vault regenerate_key_fixtures -- --ignored`
#[test]
#[ignore = "writes fixtures"]
fn regenerate_key_fixtures() {
    use kindred_core::crypto::{new_data_key, recovery};
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/keys");
    std::fs::create_dir_all(&dir).unwrap();
    let dk = new_data_key().unwrap();
    let mut kf = KeyFile::create(
        "2026-03-14T09:30:00.000Z",
        &dk,
        &"a quiet harbour at dawn".into(),
        &recovery::generate().unwrap(),
    )
    .unwrap();
    kf.save(&dir.join("ok.keys")).unwrap();
    let ok = std::fs::read(dir.join("ok.keys")).unwrap();
    let text = String::from_utf8(ok.clone()).unwrap();

    std::fs::write(dir.join("fail_truncated.keys"), &ok[..ok.len() / 2]).unwrap();
    std::fs::write(dir.join("fail_empty.keys"), b"").unwrap();
    let mut flipped = ok.clone();
    let at = text.find("\"wrapped_key\": \"").unwrap() + 20;
    flipped[at] ^= 0x01;
    std::fs::write(dir.join("fail_flipped_byte.keys"), flipped).unwrap();
    std::fs::write(
        dir.join("fail_newer_version.keys"),
        text.replace("\"version\": 1", "\"version\": 2"),
    )
    .unwrap();
    std::fs::write(
        dir.join("fail_not_a_key_file.keys"),
        text.replace(
            "\"format\": \"kindred.keys\"",
            "\"format\": \"something.else\"",
        ),
    )
    .unwrap();
    std::fs::write(
        dir.join("fail_unknown_field.keys"),
        text.replacen("{", "{\n  \"surprise\": true,", 1),
    )
    .unwrap();
    // Hostile files carry a correct checksum: only the bounds stop them.
    let mut k = kf.clone();
    k.passphrase.params.m_kib = 16 * 1024 * 1024;
    k.save(&dir.join("fail_excessive_memory.keys")).unwrap();
    let mut k = kf.clone();
    k.passphrase.params.t = 100_000;
    k.save(&dir.join("fail_excessive_passes.keys")).unwrap();
    let mut k = kf.clone();
    k.passphrase.salt = "!!not base64!!".into();
    k.save(&dir.join("fail_bad_base64.keys")).unwrap();
}
