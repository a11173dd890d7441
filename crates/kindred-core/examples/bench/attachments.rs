//! What attachments cost: adding a 10 MB photo, and the daily backup of a
//! vault holding `BENCH_ATTACH_MB` (default 2048) of them, first when every
//! file is new to the backup folder, then when nothing changed (the target:
//! under 5 s and under 50 MB written), then a full verify that reads every
//! file back; and a Day One export zip of 8,000 entries with
//! `BENCH_DAYONE_PHOTOS` (default 2,000) photos of 500 KB imported (the
//! target: at least 50 MB/s).

use std::io::Cursor;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use kindred_core::backup::no_progress;
use kindred_core::clock::Clock;
use kindred_core::model::EntryDraft;
use kindred_core::{Secret, Vault};

use super::{ms, pct, time, PASSPHRASE};

/// Bytes this process has caused to be written to storage so far
/// (`write_bytes` of `/proc/self/io`).
fn written_bytes() -> u64 {
    std::fs::read_to_string("/proc/self/io")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| {
                    l.strip_prefix("write_bytes: ")
                        .map(|v| v.trim().parse().ok())
                })
                .flatten()
        })
        .unwrap_or(0)
}

/// `len` pseudo-random bytes (incompressible, like a photo).
fn photo(len: usize, seed: u64) -> Vec<u8> {
    let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let mut out = Vec::with_capacity(len + 8);
    out.extend_from_slice(&[0xFF, 0xD8, 0xFF, 0xE0]);
    while out.len() < len {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        out.extend_from_slice(&x.to_le_bytes());
    }
    out.truncate(len);
    out
}

pub fn figures(dir: &Path, clock: Arc<dyn Clock>) {
    let mb: usize = std::env::var("BENCH_ATTACH_MB")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(2048);
    const FILE_MB: usize = 10;
    let files = (mb / FILE_MB).max(1);
    let vdir = dir.join("vault-attachments");
    let vault = Vault::create(&vdir, &Secret::new(PASSPHRASE.into()), clock)
        .unwrap()
        .vault;
    let entry = |i: usize| {
        vault
            .journal()
            .write(&EntryDraft {
                title: format!("A day with photos {i}"),
                body: "Photos from the walk.".into(),
                ..EntryDraft::default()
            })
            .unwrap()
    };
    println!(
        "\n## Attachments: {files} photos of {FILE_MB} MB ({} MB)\n",
        files * FILE_MB
    );
    println!("| measure | value | target |\n|---|---|---|");

    let att = vault.attachments().unwrap();
    let mut adds: Vec<Duration> = Vec::with_capacity(files);
    for i in 0..files {
        let bytes = photo(FILE_MB * 1024 * 1024, i as u64 + 1);
        let e = entry(i);
        let (d, _) = time(|| {
            att.attach_bytes(e, &format!("photo-{i}.jpg"), &bytes)
                .unwrap()
        });
        adds.push(d);
    }
    let total_add: Duration = adds.iter().sum();
    let p50 = pct(&mut adds, 0.5);
    let p95 = pct(&mut adds, 0.95);
    println!(
        "| attach one 10 MB photo (encrypt, name, sync), p50 / p95 | {} / {} | < 200 ms |",
        ms(p50),
        ms(p95)
    );
    println!(
        "| attach all, MB/s | {:.0} MB/s | |",
        (files * FILE_MB) as f64 / total_add.as_secs_f64()
    );
    // The same photo again is stored once: only the naming pass.
    let again = photo(FILE_MB * 1024 * 1024, 1);
    let e = entry(files);
    let (d_dup, _) = time(|| att.attach_bytes(e, "again.jpg", &again).unwrap());
    println!(
        "| attach a photo already stored (deduplicated) | {} | |",
        ms(d_dup)
    );
    drop(att);

    let before = written_bytes();
    let (d_first, report) = time(|| vault.backups().now(&mut no_progress).unwrap());
    let first_written = written_bytes() - before;
    println!(
        "| first backup (every photo copied, new ones checked) | {} · {:.0} MB written | |",
        ms(d_first),
        first_written as f64 / 1e6
    );
    let before = written_bytes();
    let (d_second, report2) = time(|| vault.backups().now(&mut no_progress).unwrap());
    let second_written = written_bytes() - before;
    println!(
        "| daily backup, nothing changed | {} · {:.1} MB written | < 5 s · < 50 MB |",
        ms(d_second),
        second_written as f64 / 1e6
    );
    let (d_verify, _) = time(|| {
        vault
            .backups()
            .verify(&report2.written[0], &mut no_progress)
            .unwrap()
    });
    println!(
        "| verify a backup, every photo read back against its SHA-256 | {} ({:.0} MB/s) | |",
        ms(d_verify),
        (files * FILE_MB) as f64 / d_verify.as_secs_f64()
    );
    let _ = report;
    // Read one back, as the window does.
    let att = vault.attachments().unwrap();
    let id = vault.journal().get(e).unwrap().attachments[0].id;
    let (d_read, _) = time(|| {
        let (_, mut r) = att.open(id).unwrap();
        let mut sink = Cursor::new(Vec::new());
        std::io::copy(&mut r, &mut sink).unwrap();
    });
    println!(
        "| read one 10 MB photo back (decrypt, check) | {} | |",
        ms(d_read)
    );
    drop(att);
    drop(vault);
    day_one_import(dir);
}

/// A Day One export zip of 8,000 entries, `BENCH_DAYONE_PHOTOS` of them
/// with a 500 KB photo each, imported into a new vault.
fn day_one_import(dir: &Path) {
    use std::io::Write;
    let photos: usize = std::env::var("BENCH_DAYONE_PHOTOS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(2000);
    const ENTRIES: usize = 8000;
    const PHOTO: usize = 500 * 1024;
    let zip_path = dir.join("dayone-export.zip");
    let mut entries = Vec::with_capacity(ENTRIES);
    let mut text = super::Text::new(11);
    for i in 0..ENTRIES {
        let (title, body) = text.entry();
        let mut e = serde_json::json!({
            "uuid": format!("{:032X}", i + 1),
            "creationDate": format!("20{:02}-{:02}-{:02}T18:00:00Z", 10 + i % 15, 1 + i % 12, 1 + i % 28),
            "timeZone": "Europe/Lisbon",
            "text": format!("# {title}\n\n{body}"),
        });
        if i < photos {
            let ident = format!("P{i:031}");
            let with_ref = format!(
                "{}\n\n![](dayone-moment://{ident})",
                e["text"].as_str().unwrap_or_default()
            );
            e["text"] = serde_json::Value::String(with_ref);
            e["photos"] = serde_json::json!([
                {"identifier": ident, "md5": format!("{:032x}", i + 1), "type": "jpeg"}
            ]);
        }
        entries.push(e);
    }
    let journal = serde_json::json!({"metadata": {"version": "1.0"}, "entries": entries});
    let (d_make, ()) = time(|| {
        let mut z = zip::ZipWriter::new(std::fs::File::create(&zip_path).unwrap());
        let stored = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored)
            .large_file(true);
        z.start_file("Journal.json", stored).unwrap();
        z.write_all(journal.to_string().as_bytes()).unwrap();
        for i in 0..photos {
            z.start_file(format!("photos/{:032x}.jpeg", i + 1), stored)
                .unwrap();
            z.write_all(&photo(PHOTO, 10_000 + i as u64)).unwrap();
        }
        z.finish().unwrap();
    });
    let zip_mb = std::fs::metadata(&zip_path).map(|m| m.len()).unwrap_or(0) as f64 / 1e6;
    let vault = Vault::create(
        &dir.join("vault-dayone"),
        &Secret::new(PASSPHRASE.into()),
        Arc::new(kindred_core::clock::SystemClock),
    )
    .unwrap()
    .vault;
    let (d, report) = time(|| {
        vault
            .import(
                kindred_core::interchange::Source::DayOne,
                &zip_path,
                &mut |_, _, _| {},
            )
            .unwrap()
    });
    assert_eq!((report.entries, report.media), (ENTRIES, photos));
    println!(
        "| import a Day One zip: {ENTRIES} entries, {photos} photos ({zip_mb:.0} MB, made in {}) | {} · {:.0} MB/s | ≥ 50 MB/s |",
        ms(d_make),
        ms(d),
        zip_mb / d.as_secs_f64()
    );
    let _ = std::fs::remove_file(&zip_path);
}
