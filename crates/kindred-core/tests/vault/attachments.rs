//! Attachments on real files: originals come back byte for byte, no
//! plaintext byte of one is in the vault folder, the trash and purges
//! drop blobs only when nothing names them, backups carry them (copying
//! only what the folder lacks), verify reads them against their hashes,
//! restores bring them back, rotation and re-keying leave no stray blob.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use data_encoding::HEXLOWER;
use kindred_core::backup::{self, no_progress, BackupSecret, Retention};
use kindred_core::clock::Clock;
use kindred_core::model::{EntryDraft, Kind, PersonDraft};
use kindred_core::{ErrorCode, Unlock, Vault};
use sha2::{Digest, Sha256};

use crate::util::*;

/// A distinctive run of bytes planted in every test file: the scan looks
/// for it.
const PLANT: &str = "kiwiphotoplantedbytes";

/// A "JPEG" of `len` bytes: a real JPEG start, pseudo-random bytes, and
/// the planted marker in the middle.
fn photo(len: usize, seed: u64) -> Vec<u8> {
    let mut out = vec![0xFF, 0xD8, 0xFF, 0xE0];
    let mut x = seed.wrapping_mul(6364136223846793005).wrapping_add(1);
    while out.len() < len {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        out.extend_from_slice(&x.to_le_bytes());
    }
    out.truncate(len);
    let mid = len / 2;
    out[mid..mid + PLANT.len()].copy_from_slice(PLANT.as_bytes());
    out
}

fn sha(bytes: &[u8]) -> String {
    HEXLOWER.encode(&Sha256::digest(bytes))
}

fn entry(v: &Vault, title: &str) -> i64 {
    v.journal()
        .write(&EntryDraft {
            title: title.into(),
            body: "with a photo".into(),
            ..EntryDraft::default()
        })
        .unwrap()
}

/// Writes `bytes` to a file named `name` in a scratch folder outside the
/// vault; returns its path.
fn source_file(tv: &TestVault, name: &str, bytes: &[u8]) -> PathBuf {
    let dir = tv.tmp.path().join("outside");
    fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    fs::write(&p, bytes).unwrap();
    p
}

/// Blob files (not scratch files) under `dir`.
fn blob_files(dir: &Path) -> BTreeSet<String> {
    all_files(dir)
        .into_iter()
        .filter_map(|(p, _)| {
            let n = p.file_name()?.to_string_lossy().into_owned();
            (n.len() == 64 && !n.starts_with('.')).then_some(n)
        })
        .collect()
}

#[test]
fn an_attachment_comes_back_byte_for_byte_and_no_plaintext_is_on_disk() {
    let tv = TestVault::new();
    let v = tv.vault();
    let id = entry(v, "Lisbon");
    // Over four chunks of 256 KiB, and not a multiple of one.
    let bytes = photo(1_100_003, 1);
    let src = source_file(&tv, "tram 28.jpg", &bytes);
    let a = v.attachments().unwrap().attach_file(id, &src).unwrap();
    assert_eq!(a.name, "tram 28.jpg");
    assert_eq!(a.mime, "image/jpeg");
    assert_eq!(a.bytes, bytes.len() as u64);
    assert_eq!(a.sha256, sha(&bytes));
    let e = v.journal().get(id).unwrap();
    assert_eq!(e.attachments, vec![a.clone()]);

    let out = tv.tmp.path().join("saved.jpg");
    v.attachments().unwrap().save_to(a.id, &out).unwrap();
    assert_eq!(fs::read(&out).unwrap(), bytes);
    // Never over an existing file.
    let err = v.attachments().unwrap().save_to(a.id, &out).unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidInput, "{err}");

    // The same photo again is stored once.
    let again = v
        .attachments()
        .unwrap()
        .attach_file(entry(v, "again"), &src)
        .unwrap();
    assert_eq!(again.sha256, a.sha256);
    assert_eq!(blob_files(&tv.dir()).len(), 1);

    v.checkpoint().unwrap();
    assert_eq!(found_in(&tv.dir(), &[PLANT]), Vec::<String>::new());
    // Control: the scan finds the plant where it is in plaintext.
    fs::write(tv.dir().join("control.bin"), &bytes).unwrap();
    assert_eq!(found_in(&tv.dir(), &[PLANT]), vec![PLANT.to_owned()]);
}

#[test]
fn a_damaged_blob_is_refused_never_returned() {
    let tv = TestVault::new();
    let v = tv.vault();
    let id = entry(v, "x");
    let bytes = photo(300_000, 2);
    let a = v
        .attachments()
        .unwrap()
        .attach_file(id, &source_file(&tv, "a.jpg", &bytes))
        .unwrap();
    let (path, mut raw) = all_files(&tv.dir())
        .into_iter()
        .find(|(p, _)| p.starts_with(tv.dir().join("blobs")))
        .unwrap();
    let at = raw.len() - 100;
    raw[at] ^= 1;
    fs::write(&path, raw).unwrap();
    let out = tv.tmp.path().join("out.jpg");
    let err = v.attachments().unwrap().save_to(a.id, &out).unwrap_err();
    assert_eq!(err.code(), ErrorCode::CorruptFile, "{err}");
    assert!(!out.exists(), "a damaged attachment left a partial file");
}

#[test]
fn detach_goes_through_the_trash_and_purge_drops_the_blob_only_when_unused() {
    let tv = TestVault::new();
    let v = tv.vault();
    let (e1, e2) = (entry(v, "one"), entry(v, "two"));
    let src = source_file(&tv, "shared.jpg", &photo(70_000, 3));
    let att = v.attachments().unwrap();
    let a1 = att.attach_file(e1, &src).unwrap();
    let a2 = att.attach_file(e2, &src).unwrap();
    let other = att
        .attach_file(e2, &source_file(&tv, "other.pdf", b"%PDF-1.7 planted"))
        .unwrap();
    assert_eq!(other.mime, "application/pdf");
    assert_eq!(blob_files(&tv.dir()).len(), 2);

    att.trash(a1.id).unwrap();
    assert!(v.journal().get(e1).unwrap().attachments.is_empty());
    let trash = v.trash().list().unwrap();
    assert!(trash
        .iter()
        .any(|t| t.kind == Kind::Attachment && t.id == a1.id && t.label == "shared.jpg"));
    att.restore(a1.id).unwrap();
    assert_eq!(v.journal().get(e1).unwrap().attachments.len(), 1);

    // Purging one of two rows that share a blob keeps the blob.
    att.trash(a1.id).unwrap();
    v.trash().purge(Kind::Attachment, a1.id).unwrap();
    assert_eq!(blob_files(&tv.dir()).len(), 2);
    let out = tv.tmp.path().join("still.jpg");
    att.save_to(a2.id, &out).unwrap();

    // Deleting the entry for good takes both its attachments' blobs.
    v.journal().trash(e2).unwrap();
    v.trash().empty().unwrap();
    assert_eq!(blob_files(&tv.dir()), BTreeSet::new());
}

#[test]
fn a_persons_picture_replaces_the_last_which_waits_in_the_trash() {
    let tv = TestVault::new();
    let v = tv.vault();
    let pid = v
        .people()
        .add(&PersonDraft {
            name: "Ada".into(),
            ..PersonDraft::default()
        })
        .unwrap();
    let att = v.attachments().unwrap();
    let first = att
        .set_photo(pid, &source_file(&tv, "ada.jpg", &photo(5_000, 4)))
        .unwrap();
    let second = att
        .set_photo(pid, &source_file(&tv, "ada-2.jpg", &photo(6_000, 5)))
        .unwrap();
    assert_eq!(att.photo_of(pid).unwrap().unwrap().id, second.id);
    assert!(v
        .trash()
        .list()
        .unwrap()
        .iter()
        .any(|t| t.kind == Kind::Attachment && t.id == first.id));
    let err = att
        .set_photo(pid, &source_file(&tv, "notes.pdf", b"%PDF-1.4"))
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidInput, "{err}");
    assert_eq!(att.photo_of(pid).unwrap().unwrap().id, second.id);
}

#[test]
fn bad_sources_are_refused_with_nothing_attached() {
    let tv = TestVault::new();
    let v = tv.vault();
    let id = entry(v, "x");
    let att = v.attachments().unwrap();
    let missing = att
        .attach_file(id, &tv.tmp.path().join("nope.jpg"))
        .unwrap_err();
    assert_eq!(missing.code(), ErrorCode::NotFound, "{missing}");
    let folder = att.attach_file(id, tv.tmp.path()).unwrap_err();
    assert_eq!(folder.code(), ErrorCode::InvalidInput, "{folder}");
    let no_entry = att
        .attach_file(9_999, &source_file(&tv, "a.jpg", &photo(100, 6)))
        .unwrap_err();
    assert_eq!(no_entry.code(), ErrorCode::NotFound, "{no_entry}");
    assert!(v.journal().get(id).unwrap().attachments.is_empty());
    assert_eq!(blob_files(&tv.dir()), BTreeSet::new());
}

#[test]
fn backups_copy_only_new_blobs_verify_them_and_restore_them() {
    let tv = TestVault::new();
    let v = tv.vault();
    let id = entry(v, "trip");
    let bytes = photo(600_000, 7);
    v.attachments()
        .unwrap()
        .attach_file(id, &source_file(&tv, "a.jpg", &bytes))
        .unwrap();
    let first = v.backups().now(&mut no_progress).unwrap().written[0].clone();
    let folder = first.parent().unwrap().to_path_buf();
    let in_backups = |f: &Path| -> Vec<(PathBuf, SystemTime)> {
        let mut v: Vec<_> = all_files(&f.join("blobs"))
            .into_iter()
            .map(|(p, _)| {
                let t = fs::metadata(&p).unwrap().modified().unwrap();
                (p, t)
            })
            .collect();
        v.sort();
        v
    };
    let after_first = in_backups(&folder);
    assert_eq!(after_first.len(), 1);
    assert!(found_in(&folder, &[PLANT]).is_empty());

    // Nothing changed: the next backup copies no blob.
    std::thread::sleep(Duration::from_millis(20));
    let clock = clock();
    let v2 = Vault::unlock(
        &tv.dir(),
        Unlock::Passphrase(&pass(PASSPHRASE)),
        clock.clone(),
    )
    .unwrap();
    clock.set(clock.now() + chrono::Duration::hours(1));
    let second = v2.backups().now(&mut no_progress).unwrap().written[0].clone();
    assert_ne!(first, second);
    assert_eq!(
        in_backups(&folder),
        after_first,
        "an unchanged blob was copied again"
    );

    // A restore brings the attachment back, byte for byte.
    let to = tv.tmp.path().join("restored");
    backup::restore_to(
        &second,
        &to,
        BackupSecret::Passphrase(&pass(PASSPHRASE)),
        &mut no_progress,
    )
    .unwrap();
    let r = Vault::unlock(&to, Unlock::Passphrase(&pass(PASSPHRASE)), clock.clone()).unwrap();
    let a = &r.journal().get(id).unwrap().attachments[0];
    let out = tv.tmp.path().join("back.jpg");
    r.attachments().unwrap().save_to(a.id, &out).unwrap();
    assert_eq!(sha(&fs::read(&out).unwrap()), sha(&bytes));

    // Verify reads every blob through: a flipped byte is found, and a
    // missing blob is named.
    let blob = after_first[0].0.clone();
    let mut raw = fs::read(&blob).unwrap();
    let at = raw.len() / 2;
    raw[at] ^= 0x20;
    fs::write(&blob, &raw).unwrap();
    let err = v2.backups().verify(&second, &mut no_progress).unwrap_err();
    assert_eq!(err.code(), ErrorCode::CorruptFile, "{err}");
    assert!(err.to_string().contains("attachment"), "{err}");
    let elsewhere = tv.tmp.path().join("r2");
    let err = backup::restore_to(
        &second,
        &elsewhere,
        BackupSecret::Passphrase(&pass(PASSPHRASE)),
        &mut no_progress,
    )
    .unwrap_err();
    assert_eq!(err.code(), ErrorCode::CorruptFile, "{err}");
    assert!(!elsewhere.exists());
    fs::remove_file(&blob).unwrap();
    let err = v2.backups().verify(&second, &mut no_progress).unwrap_err();
    assert!(err.to_string().contains("missing"), "{err}");
}

#[test]
fn rotation_deletes_blobs_no_kept_backup_lists() {
    let tv = TestVault::new();
    let v = tv.vault();
    let mut s = v.backups().settings().unwrap();
    s.retention = Retention {
        last: 1,
        daily: 0,
        weekly: 0,
        monthly: 0,
    };
    v.backups().set_settings(&s).unwrap();
    let old = entry(v, "old");
    v.attachments()
        .unwrap()
        .attach_file(old, &source_file(&tv, "old.jpg", &photo(40_000, 8)))
        .unwrap();
    let first = v.backups().now(&mut no_progress).unwrap().written[0].clone();
    let folder = first.parent().unwrap().to_path_buf();
    let old_blobs = blob_files(&folder);
    assert_eq!(old_blobs.len(), 1);

    v.journal().trash(old).unwrap();
    v.trash().empty().unwrap();
    let new = entry(v, "new");
    v.attachments()
        .unwrap()
        .attach_file(new, &source_file(&tv, "new.jpg", &photo(40_000, 9)))
        .unwrap();
    // A scratch file an interrupted backup left goes too.
    let sub = fs::read_dir(folder.join("blobs").join(v.id()))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let sub = fs::read_dir(&sub).unwrap().next().unwrap().unwrap().path();
    fs::write(sub.join(".tmp-left"), b"x").unwrap();

    let clock = clock();
    let v2 = Vault::unlock(
        &tv.dir(),
        Unlock::Passphrase(&pass(PASSPHRASE)),
        clock.clone(),
    )
    .unwrap();
    clock.set(clock.now() + chrono::Duration::days(1));
    let report = v2.backups().now(&mut no_progress).unwrap();
    assert_eq!(report.rotated, vec![first]);
    let now = blob_files(&folder);
    assert_eq!(now.len(), 1);
    assert!(now.is_disjoint(&old_blobs), "the old backup's blob stayed");
    assert!(!sub.join(".tmp-left").exists());
    v2.backups()
        .verify(&report.written[0], &mut no_progress)
        .unwrap();
}

#[test]
fn a_rekey_reseals_every_blob_and_leaves_none_under_the_old_key() {
    let mut tv = TestVault::new();
    let id = entry(tv.vault(), "x");
    let bytes = photo(300_000, 10);
    tv.vault()
        .attachments()
        .unwrap()
        .attach_file(id, &source_file(&tv, "a.jpg", &bytes))
        .unwrap();
    let before = blob_files(&tv.dir());
    let new = pass("another long passphrase for the vault");
    tv.vault_mut()
        .change_passphrase_with_new_key(&pass(PASSPHRASE), &new)
        .unwrap();
    let after = blob_files(&tv.dir());
    assert_eq!(after.len(), 1);
    assert!(
        after.is_disjoint(&before),
        "the old key's blob is still there"
    );
    tv.lock();
    let v = Vault::unlock(&tv.dir(), Unlock::Passphrase(&new), clock()).unwrap();
    let a = &v.journal().get(id).unwrap().attachments[0];
    let out = tv.tmp.path().join("out.jpg");
    v.attachments().unwrap().save_to(a.id, &out).unwrap();
    assert_eq!(fs::read(&out).unwrap(), bytes);
    assert!(found_in(&tv.dir(), &[PLANT]).is_empty());
}

#[test]
fn unlock_sweeps_leftover_blobs_at_once_when_alone_else_only_old_ones() {
    let mut tv = TestVault::new();
    let id = entry(tv.vault(), "x");
    tv.vault()
        .attachments()
        .unwrap()
        .attach_file(id, &source_file(&tv, "a.jpg", &photo(1_000, 11)))
        .unwrap();
    let kept = blob_files(&tv.dir());
    tv.lock();
    let open = || Vault::unlock(&tv.dir(), Unlock::Passphrase(&pass(PASSPHRASE)), clock()).unwrap();
    // Another process has the vault open (it may be writing a blob now).
    let other = open();
    let sub = tv.dir().join("blobs").join("ab");
    fs::create_dir_all(&sub).unwrap();
    let old_time = SystemTime::now() - Duration::from_secs(2 * 60 * 60);
    let make = |name: &str, old: bool| {
        let p = sub.join(name);
        fs::write(&p, b"ciphertext").unwrap();
        if old {
            fs::File::options()
                .write(true)
                .open(&p)
                .unwrap()
                .set_modified(old_time)
                .unwrap();
        }
        p
    };
    let orphan = make(&"ab".repeat(32), true);
    let scratch = make(".tmp-0011223344556677", true);
    let fresh = make(&"ac".repeat(32), false);
    let fresh_scratch = make(".tmp-8899aabbccddeeff", false);
    // Only what is an hour old goes.
    let v = open();
    assert!(!orphan.exists());
    assert!(!scratch.exists());
    assert!(
        fresh.exists(),
        "a blob another process may be writing was swept"
    );
    assert!(fresh_scratch.exists());
    assert!(kept.is_subset(&blob_files(&tv.dir())));
    drop((other, v));
    // Alone with the vault, whatever is left goes at once.
    let v = open();
    assert!(!fresh.exists() && !fresh_scratch.exists());
    assert_eq!(blob_files(&tv.dir()), kept);
    assert_eq!(v.journal().get(id).unwrap().attachments.len(), 1);
    // …and the vault is still held shared: another handle opens.
    let _again = open();
}

#[test]
fn restoring_over_the_vault_keeps_every_attachment_of_both() {
    let tv = TestVault::new();
    let v = tv.vault();
    let id = entry(v, "x");
    let bytes = photo(50_000, 12);
    v.attachments()
        .unwrap()
        .attach_file(id, &source_file(&tv, "a.jpg", &bytes))
        .unwrap();
    let file = v.backups().now(&mut no_progress).unwrap().written[0].clone();
    // After the backup, the attachment is deleted for good from the vault.
    v.journal().trash(id).unwrap();
    v.trash().empty().unwrap();
    assert_eq!(blob_files(&tv.dir().join("blobs")), BTreeSet::new());
    let dir = tv.dir();
    let mut tv = tv;
    tv.lock();
    backup::restore_replacing(
        &dir,
        &file,
        BackupSecret::Passphrase(&pass(PASSPHRASE)),
        clock(),
        &mut no_progress,
    )
    .unwrap();
    let v = Vault::unlock(&dir, Unlock::Passphrase(&pass(PASSPHRASE)), clock()).unwrap();
    let a = &v.journal().get(id).unwrap().attachments[0];
    let out = tv.tmp.path().join("out.jpg");
    v.attachments().unwrap().save_to(a.id, &out).unwrap();
    assert_eq!(fs::read(&out).unwrap(), bytes);
}

/// A Day One export zip: `journal` as Journal.json, and `files` as
/// (path in the zip, bytes).
fn day_one_zip(path: &Path, journal: &serde_json::Value, files: &[(&str, &[u8])]) {
    use std::io::Write;
    let mut z = zip::ZipWriter::new(fs::File::create(path).unwrap());
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    z.start_file("Journal.json", opts).unwrap();
    z.write_all(journal.to_string().as_bytes()).unwrap();
    for (name, bytes) in files {
        z.start_file(*name, opts).unwrap();
        z.write_all(bytes).unwrap();
    }
    z.finish().unwrap();
}

fn md5ish(n: u8) -> String {
    format!("{:032x}", u128::from(n) * 0x1111_1111_1111_1111)
}

#[test]
fn a_day_one_zip_brings_its_photos_videos_audio_and_pdfs_in_place() {
    use kindred_core::interchange::Source;
    let tv = TestVault::new();
    let v = tv.vault();
    let photo_bytes = photo(400_000, 21);
    let video = b"\0\0\0\x18ftypqt  video bytes kiwiphotoplantedbytes".to_vec();
    let audio = b"\0\0\0\x18ftypM4A  audio bytes".to_vec();
    let pdf = b"%PDF-1.7 the ferry ticket".to_vec();
    let journal = serde_json::json!({
        "metadata": {"version": "1.0"},
        "entries": [{
            "uuid": "11111111111111111111111111111111",
            "creationDate": "2024-05-01T18:00:00Z",
            "timeZone": "Europe/Lisbon",
            "text": "The tram.\n\n![](dayone-moment://PHOTO1)\n\n![](dayone-moment:/video/VIDEO1)\n\n[voice](dayone-moment:/audio/AUDIO1) [ticket](dayone-moment:/pdfAttachment/PDF1)\n\n![](dayone-moment://GONE1)",
            "photos": [
                {"identifier": "PHOTO1", "md5": md5ish(1), "type": "jpeg"},
                {"identifier": "GONE1", "md5": md5ish(9), "type": "jpeg"}
            ],
            "videos": [{"identifier": "VIDEO1", "md5": md5ish(2), "type": "mov"}],
            "audios": [{"identifier": "AUDIO1", "md5": md5ish(3), "type": "m4a"}],
            "pdfAttachments": [{"identifier": "PDF1", "md5": md5ish(4), "type": "pdf", "filename": "ferry ticket.pdf"}]
        }, {
            "uuid": "22222222222222222222222222222222",
            "creationDate": "2024-05-02T18:00:00Z",
            "text": "The same photo again: ![](dayone-moment://PHOTO2)",
            "photos": [{"identifier": "PHOTO2", "md5": md5ish(1), "type": "jpg"}]
        }]
    });
    let zip_path = tv.tmp.path().join("Export.zip");
    let photo_name = format!("photos/{}.jpeg", md5ish(1));
    let video_name = format!("videos/{}.mov", md5ish(2));
    let audio_name = format!("audios/{}.m4a", md5ish(3));
    let pdf_name = format!("pdfs/{}.pdf", md5ish(4));
    day_one_zip(
        &zip_path,
        &journal,
        &[
            (photo_name.as_str(), &photo_bytes),
            (video_name.as_str(), &video),
            (audio_name.as_str(), &audio),
            (pdf_name.as_str(), &pdf),
        ],
    );
    let r = v
        .import(Source::DayOne, &zip_path, &mut |_, _, _| {})
        .unwrap();
    assert_eq!((r.entries, r.media, r.media_missing), (2, 5, 1), "{r:?}");

    let list = v.journal().list(&Default::default()).unwrap();
    let tram = list.iter().find(|e| e.excerpt.contains("tram")).unwrap();
    let tram = v.journal().get(tram.id).unwrap();
    let by_mime = |m: &str| {
        tram.attachments
            .iter()
            .find(|a| a.mime == m)
            .unwrap()
            .clone()
    };
    let (p, vid, aud, doc) = (
        by_mime("image/jpeg"),
        by_mime("video/quicktime"),
        by_mime("audio/mp4"),
        by_mime("application/pdf"),
    );
    assert_eq!(doc.name, "ferry ticket.pdf");
    assert_eq!(p.sha256, sha(&photo_bytes));
    assert_eq!(
        tram.body,
        format!(
            "The tram.\n\n![](attachment:{})\n\n![](attachment:{})\n\n[voice](attachment:{}) [ticket](attachment:{})\n\n![](dayone-moment://GONE1)",
            p.id, vid.id, aud.id, doc.id
        ),
        "each reference points at its attachment; the missing one stays as it was"
    );
    // The preview draws the photo from the vault's scheme.
    let html = kindred_core::markdown::to_safe_html(&tram.body);
    assert!(
        html.contains(&format!("kindred-blob://localhost/{}", p.id)),
        "{html}"
    );
    // Byte for byte, and the same photo in two entries is stored once.
    let out = tv.tmp.path().join("p.jpg");
    v.attachments().unwrap().save_to(p.id, &out).unwrap();
    assert_eq!(fs::read(&out).unwrap(), photo_bytes);
    assert_eq!(blob_files(&tv.dir()).len(), 4);
    // The search finds the entry by its text, not by the rewritten links.
    assert_eq!(v.search("tram", 10).unwrap().len(), 1);

    // A second import adds nothing, attaches nothing.
    let again = v
        .import(Source::DayOne, &zip_path, &mut |_, _, _| {})
        .unwrap();
    assert_eq!((again.entries, again.duplicates, again.media), (0, 2, 0));
    assert_eq!(blob_files(&tv.dir()).len(), 4);
    v.checkpoint().unwrap();
    assert!(found_in(&tv.dir(), &[PLANT]).is_empty());
}

#[test]
fn a_day_one_zip_that_fails_leaves_no_attachment_behind() {
    use kindred_core::interchange::Source;
    let tv = TestVault::new();
    let v = tv.vault();
    let journal = serde_json::json!({
        "entries": [{
            "uuid": "33333333333333333333333333333333",
            "creationDate": "2024-05-01T18:00:00Z",
            "text": "fine",
            "photos": [{"identifier": "P1", "md5": md5ish(5), "type": "jpeg"}]
        }, {
            "uuid": "44444444444444444444444444444444",
            "creationDate": "2024-05-01T18:00:00Z",
            "text": {"not": "text"}
        }]
    });
    let zip_path = tv.tmp.path().join("Bad.zip");
    let name = format!("photos/{}.jpeg", md5ish(5));
    day_one_zip(&zip_path, &journal, &[(name.as_str(), &photo(10_000, 22))]);
    let err = v
        .import(Source::DayOne, &zip_path, &mut |_, _, _| {})
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidInput, "{err}");
    assert!(err.to_string().contains("entry 2"), "{err}");
    assert_eq!(v.counts().unwrap().entries, 0);
    assert_eq!(blob_files(&tv.dir()), BTreeSet::new());
}

#[test]
fn a_damaged_photo_in_the_zip_stops_the_import_and_takes_back_what_it_stored() {
    use kindred_core::interchange::Source;
    let tv = TestVault::new();
    let v = tv.vault();
    let journal = serde_json::json!({
        "entries": [{
            "uuid": "55555555555555555555555555555555",
            "creationDate": "2024-05-01T18:00:00Z",
            "text": "first ![](dayone-moment://P1)",
            "photos": [{"identifier": "P1", "md5": md5ish(6), "type": "jpeg"}]
        }, {
            "uuid": "66666666666666666666666666666666",
            "creationDate": "2024-05-02T18:00:00Z",
            "text": "second ![](dayone-moment://P2)",
            "photos": [{"identifier": "P2", "md5": md5ish(7), "type": "jpeg"}]
        }]
    });
    let zip_path = tv.tmp.path().join("Damaged.zip");
    let good = photo(50_000, 23);
    let mut bad = photo(50_000, 24);
    let marker = b"damagedmemberbytes";
    bad[1000..1000 + marker.len()].copy_from_slice(marker);
    let (n1, n2) = (
        format!("photos/{}.jpeg", md5ish(6)),
        format!("photos/{}.jpeg", md5ish(7)),
    );
    {
        use std::io::Write;
        let mut z = zip::ZipWriter::new(fs::File::create(&zip_path).unwrap());
        let stored = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        z.start_file("Journal.json", stored).unwrap();
        z.write_all(journal.to_string().as_bytes()).unwrap();
        z.start_file(n1.as_str(), stored).unwrap();
        z.write_all(&good).unwrap();
        z.start_file(n2.as_str(), stored).unwrap();
        z.write_all(&bad).unwrap();
        z.finish().unwrap();
    }
    // Flip a byte inside the second photo's stored data: its CRC fails.
    let mut raw = fs::read(&zip_path).unwrap();
    let at = raw.windows(marker.len()).position(|w| w == marker).unwrap();
    raw[at] ^= 0xFF;
    fs::write(&zip_path, raw).unwrap();

    let err = v
        .import(Source::DayOne, &zip_path, &mut |_, _, _| {})
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidInput, "{err}");
    assert!(err.to_string().contains("damaged"), "{err}");
    assert_eq!(v.counts().unwrap().entries, 0, "all or nothing");
    assert_eq!(
        blob_files(&tv.dir()),
        BTreeSet::new(),
        "the first photo's blob, stored before the failure, is gone"
    );
}

#[test]
fn exports_carry_the_files_and_a_kindred_export_brings_them_back_once() {
    use kindred_core::interchange::Source;
    let tv = TestVault::new();
    let v = tv.vault();
    let id = entry(v, "Lisbon");
    let pier = photo(300_000, 31);
    let ticket = b"%PDF-1.7 ferry".to_vec();
    let att = v.attachments().unwrap();
    let a1 = att.attach_bytes(id, "pier photo.jpg", &pier).unwrap();
    let a2 = att.attach_bytes(id, "ticket.pdf", &ticket).unwrap();
    let gone = att.attach_bytes(id, "gone.jpg", &photo(1000, 32)).unwrap();
    att.trash(gone.id).unwrap();
    v.journal()
        .edit(
            id,
            &kindred_core::model::EntryPatch {
                body: Some(format!("The pier: ![](attachment:{})", a1.id)),
                ..Default::default()
            },
        )
        .unwrap();
    let ada = v
        .people()
        .add(&PersonDraft {
            name: "Ada".into(),
            ..PersonDraft::default()
        })
        .unwrap();
    att.set_photo_bytes(ada, "ada.png", b"\x89PNG\r\n\x1a\nada")
        .unwrap();

    // JSON: the files beside it, listed with their paths.
    let json = tv.tmp.path().join("out").join("journal.json");
    let s = v.export_json(&json).unwrap();
    assert_eq!(s.attachments, 4, "{s:?}");
    let files = tv.tmp.path().join("out").join("journal-files");
    assert_eq!(
        fs::read(files.join(format!("{}-pier photo.jpg", a1.id))).unwrap(),
        pier
    );
    assert_eq!(
        fs::read(files.join(format!("{}-ticket.pdf", a2.id))).unwrap(),
        ticket
    );
    let doc: serde_json::Value = serde_json::from_slice(&fs::read(&json).unwrap()).unwrap();
    assert!(
        doc["attachments"][0].get("blob").is_none(),
        "no blob names in an export"
    );

    // Markdown: beside each entry's file, linked from it.
    let md = tv.tmp.path().join("md");
    let s = v.export_markdown(&md).unwrap();
    assert_eq!(s.attachments, 3, "the trashed one stays out: {s:?}");
    let (md_file, text) = all_files(&md.join("entries"))
        .into_iter()
        .find(|(p, _)| p.extension().is_some_and(|e| e == "md"))
        .unwrap();
    let text = String::from_utf8(text).unwrap();
    let stem = md_file.file_stem().unwrap().to_string_lossy().into_owned();
    let rel = format!("{stem}-files/{}-pier photo.jpg", a1.id);
    assert!(text.contains(&format!("The pier: ![](<{rel}>)")), "{text}");
    assert!(text.contains("## Attachments"), "{text}");
    assert_eq!(
        fs::read(md_file.parent().unwrap().join(&rel)).unwrap(),
        pier
    );

    // Into another vault: every file back, the reference on the new id.
    let other = tempfile::tempdir().unwrap();
    let created = Vault::create(&other.path().join("v"), &pass(PASSPHRASE), clock()).unwrap();
    let w = &created.vault;
    // Something there already, so that the ids differ from the file's.
    let first = entry(w, "already here");
    w.attachments()
        .unwrap()
        .attach_bytes(first, "x.pdf", b"%PDF x")
        .unwrap();
    w.attachments()
        .unwrap()
        .attach_bytes(first, "y.pdf", b"%PDF y")
        .unwrap();
    let r = w.import(Source::Kindred, &json, &mut |_, _, _| {}).unwrap();
    assert_eq!((r.entries, r.media, r.media_missing), (1, 4, 0), "{r:?}");
    let e = w
        .journal()
        .list(&Default::default())
        .unwrap()
        .into_iter()
        .find(|e| e.title == "Lisbon")
        .unwrap();
    let e = w.journal().get(e.id).unwrap();
    assert_eq!(e.attachments.len(), 2, "the trashed one is in the trash");
    let pier_here = e
        .attachments
        .iter()
        .find(|a| a.name == "pier photo.jpg")
        .unwrap();
    assert_eq!(
        e.body,
        format!("The pier: ![](attachment:{})", pier_here.id)
    );
    let out = tv.tmp.path().join("back.jpg");
    w.attachments()
        .unwrap()
        .save_to(pier_here.id, &out)
        .unwrap();
    assert_eq!(fs::read(&out).unwrap(), pier);
    let ada_here = w.people().list(false).unwrap()[0].clone();
    assert!(ada_here.photo_id.is_some());
    // Again: nothing twice.
    let again = w.import(Source::Kindred, &json, &mut |_, _, _| {}).unwrap();
    assert_eq!((again.entries, again.media), (0, 0), "{again:?}");

    // A file altered after the export, or gone, is not attached: counted.
    let third = tempfile::tempdir().unwrap();
    let created = Vault::create(&third.path().join("v"), &pass(PASSPHRASE), clock()).unwrap();
    fs::write(
        files.join(format!("{}-ticket.pdf", a2.id)),
        b"%PDF-1.7 altered",
    )
    .unwrap();
    fs::remove_file(files.join(format!("{}-pier photo.jpg", a1.id))).unwrap();
    let r = created
        .vault
        .import(Source::Kindred, &json, &mut |_, _, _| {})
        .unwrap();
    assert_eq!((r.entries, r.media, r.media_missing), (1, 2, 2), "{r:?}");
}

#[test]
fn a_kindred_export_whose_attachment_points_outside_its_folder_is_refused() {
    use kindred_core::interchange::Source;
    let tv = TestVault::new();
    let v = tv.vault();
    let id = entry(v, "x");
    v.attachments()
        .unwrap()
        .attach_bytes(id, "a.jpg", &photo(100, 33))
        .unwrap();
    let json = tv.tmp.path().join("e.json");
    v.export_json(&json).unwrap();
    let mut doc: serde_json::Value = serde_json::from_slice(&fs::read(&json).unwrap()).unwrap();
    for bad in ["../../etc/passwd", "/etc/passwd", ""] {
        doc["attachments"][0]["file"] = serde_json::Value::String(bad.into());
        let p = tv.tmp.path().join("bad.json");
        fs::write(&p, doc.to_string()).unwrap();
        let other = tempfile::tempdir().unwrap();
        let w = Vault::create(&other.path().join("v"), &pass(PASSPHRASE), clock())
            .unwrap()
            .vault;
        let err = w
            .import(Source::Kindred, &p, &mut |_, _, _| {})
            .unwrap_err();
        assert_eq!(err.code(), ErrorCode::InvalidInput, "{bad}: {err}");
        assert_eq!(w.counts().unwrap().entries, 0);
    }
}

/// A real JPEG of `w`×`h` pixels.
fn real_jpeg(w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, 90])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Jpeg).unwrap();
    out.into_inner()
}

#[test]
fn thumbnails_are_made_in_memory_stored_encrypted_and_go_with_their_picture() {
    use kindred_core::attachments::{make_thumbnail, THUMB_SIDE};
    let mut tv = TestVault::new();
    let id = entry(tv.vault(), "x");
    let jpeg = real_jpeg(1600, 1200);
    let att = tv.vault().attachments().unwrap();
    let a = att.attach_bytes(id, "big.jpg", &jpeg).unwrap();
    assert!(
        att.thumbnail(a.id).unwrap().is_none(),
        "made when first shown"
    );
    let original = att.picture_for_thumbnail(a.id).unwrap().unwrap();
    let thumb = make_thumbnail(&original).unwrap();
    att.set_thumbnail(a.id, &thumb).unwrap();
    let back = att.thumbnail(a.id).unwrap().unwrap();
    assert_eq!(&back[..], &thumb[..]);
    let small = image::load_from_memory(&back).unwrap();
    assert_eq!(
        (small.width(), small.height()),
        (THUMB_SIDE, THUMB_SIDE * 3 / 4)
    );
    assert_eq!(
        blob_files(&tv.dir()).len(),
        2,
        "the picture and its thumbnail"
    );
    // Not a picture, a damaged one, or one claiming a vast size: none.
    assert!(make_thumbnail(b"%PDF-1.7").is_none());
    let mut bomb = image::RgbImage::new(1, 1);
    bomb.put_pixel(0, 0, image::Rgb([1, 2, 3]));
    let mut png = std::io::Cursor::new(Vec::new());
    bomb.write_to(&mut png, image::ImageFormat::Png).unwrap();
    let mut png = png.into_inner();
    // IHDR width and height (bytes 16..24) say 60,000 × 60,000.
    png[16..20].copy_from_slice(&60_000u32.to_be_bytes());
    png[20..24].copy_from_slice(&60_000u32.to_be_bytes());
    assert!(make_thumbnail(&png).is_none());
    // Re-keying forgets thumbnails (made again under the new key).
    drop(att);
    let new = pass("another long passphrase for the vault");
    tv.vault_mut()
        .change_passphrase_with_new_key(&pass(PASSPHRASE), &new)
        .unwrap();
    let att = tv.vault().attachments().unwrap();
    assert!(att.thumbnail(a.id).unwrap().is_none());
    assert_eq!(
        blob_files(&tv.dir()).len(),
        1,
        "the old key's thumbnail is gone"
    );
    let thumb = make_thumbnail(&att.picture_for_thumbnail(a.id).unwrap().unwrap()).unwrap();
    att.set_thumbnail(a.id, &thumb).unwrap();
    // Deleted for good, the picture takes its thumbnail along.
    att.trash(a.id).unwrap();
    drop(att);
    tv.vault().trash().empty().unwrap();
    assert_eq!(blob_files(&tv.dir()), BTreeSet::new());
}

#[test]
fn lists_and_timelines_name_up_to_four_pictures_of_an_entry() {
    let tv = TestVault::new();
    let v = tv.vault();
    let id = entry(v, "album");
    let att = v.attachments().unwrap();
    let ids: Vec<i64> = (0..5)
        .map(|i| {
            att.attach_bytes(id, &format!("{i}.jpg"), &photo(500, 40 + i))
                .unwrap()
                .id
        })
        .collect();
    att.attach_bytes(id, "a.pdf", b"%PDF-1.7").unwrap();
    att.trash(ids[0]).unwrap();
    let listed = v.journal().list(&Default::default()).unwrap();
    assert_eq!(
        listed[0].pictures,
        ids[1..5].to_vec(),
        "pictures only, not trashed, four at most"
    );
}
