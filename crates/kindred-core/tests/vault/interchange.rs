//! Export and import: real jrnl and Day One exports, hostile files, round
//! trips of Kindred's own JSON, Markdown folders.

use std::io::Write;
use std::path::{Path, PathBuf};

use kindred_core::interchange::{ImportStage, Source};
use kindred_core::model::{EntryDraft, PersonDraft, Proximity};
use kindred_core::store::entries::ListFilter;
use kindred_core::{ErrorCode, Vault};

use crate::util::*;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(name)
}

fn import(
    v: &Vault,
    source: Source,
    path: &Path,
) -> kindred_core::Result<kindred_core::interchange::ImportReport> {
    v.import(source, path, &mut |_, _, _| {})
}

#[test]
fn a_real_jrnl_export_imports_once() {
    let tv = TestVault::new();
    let v = tv.vault();
    let r = import(v, Source::Jrnl, &fixture("jrnl-4.6-export.json")).unwrap();
    assert_eq!((r.entries, r.duplicates), (4, 0));
    let list = v.journal().list(&ListFilter::default()).unwrap();
    assert_eq!(list.len(), 4);
    let coffee = list
        .iter()
        .find(|e| e.title == "Coffee with @Maya.")
        .unwrap();
    assert_eq!(coffee.date.to_string(), "2024-03-14");
    assert_eq!(coffee.tags, vec!["maya", "work"], "tag symbols dropped");
    let full = v.journal().get(coffee.id).unwrap();
    assert_eq!(
        full.body,
        "We talked about her new job and I mostly listened. #work"
    );
    assert_eq!(v.search("cafe zurich", 10).unwrap().len(), 1);
    let again = import(v, Source::Jrnl, &fixture("jrnl-4.6-export.json")).unwrap();
    assert_eq!(
        (again.entries, again.duplicates),
        (0, 4),
        "re-import adds nothing"
    );
    assert_eq!(v.counts().unwrap().entries, 4);
}

#[test]
fn a_day_one_export_keeps_time_zones_and_counts_media_it_lacks() {
    let tv = TestVault::new();
    let v = tv.vault();
    let r = import(v, Source::DayOne, &fixture("dayone-export.json")).unwrap();
    // The JSON alone does not hold its photo: it is counted, not attached.
    assert_eq!((r.entries, r.media, r.media_missing), (3, 0, 1));
    let list = v.journal().list(&ListFilter::default()).unwrap();
    let by_text = |needle: &str| {
        let s = list.iter().find(|e| e.excerpt.contains(needle)).unwrap();
        v.journal().get(s.id).unwrap()
    };
    // 05:30 UTC on Nov 6 is the evening of Nov 5 in Los Angeles.
    let dinner = by_text("orchard");
    assert_eq!(dinner.date.to_string(), "2023-11-05");
    assert_eq!(dinner.created_at.to_rfc3339(), "2023-11-06T05:30:00+00:00");
    assert_eq!(dinner.tags, vec!["family", "gratitude"]);
    // Kept for the entry's header: the star, a pin, the place and weather.
    assert!(dinner.starred && !dinner.pinned);
    assert_eq!(dinner.place.as_deref(), Some("Portland, United States"));
    assert_eq!(dinner.weather.as_deref(), Some("Rain, 9 °C"));
    let kenji = by_text("Kenji");
    assert!(kenji.pinned && !kenji.starred);
    assert_eq!(
        kenji.place.as_deref(),
        Some("Kissa Hinata, Kyoto, Japan"),
        "a name given twice is said once"
    );
    assert_eq!(kenji.weather, None);
    // 16:45 UTC on Feb 29 is already March 1 in Tokyo.
    assert_eq!(kenji.date.to_string(), "2024-03-01");
    assert_eq!(by_text("Ümlauts").date.to_string(), "2024-07-04");
    let mut zones = exported_zones(&tv);
    zones.sort();
    assert_eq!(zones, vec!["America/Los_Angeles", "Asia/Tokyo"]);
    let again = import(v, Source::DayOne, &fixture("dayone-export.json")).unwrap();
    assert_eq!((again.entries, again.duplicates), (0, 3));
}

/// The time zones the vault's entries keep, as its JSON export has them.
fn exported_zones(tv: &TestVault) -> Vec<String> {
    let exported = tv.tmp.path().join("zones.json");
    let _ = std::fs::remove_file(&exported);
    tv.vault().export_json(&exported).unwrap();
    let doc: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&exported).unwrap()).unwrap();
    doc["entries"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["time_zone"].as_str().map(str::to_owned))
        .collect()
}

fn day_one_zip(path: &Path, journal: &[u8]) {
    let f = std::fs::File::create(path).unwrap();
    let mut z = zip::ZipWriter::new(f);
    let opts: zip::write::SimpleFileOptions = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    z.start_file("Journal.json", opts).unwrap();
    z.write_all(journal).unwrap();
    z.add_directory("photos/", opts).unwrap();
    z.start_file("photos/d41d8cd98f00b204e9800998ecf8427e.jpeg", opts)
        .unwrap();
    z.write_all(b"\xff\xd8\xff not really a jpeg").unwrap();
    z.finish().unwrap();
}

#[test]
fn a_day_one_zip_imports_like_its_json() {
    let tv = TestVault::new();
    let zip_path = tv.tmp.path().join("Export.zip");
    day_one_zip(
        &zip_path,
        &std::fs::read(fixture("dayone-export.json")).unwrap(),
    );
    // Progress: reading (the journal's bytes as they are unpacked), then
    // writing (rows), each counting up to its total.
    let mut seen: Vec<(ImportStage, u64, u64)> = Vec::new();
    let r = tv
        .vault()
        .import(Source::DayOne, &zip_path, &mut |s, d, t| {
            seen.push((s, d, t))
        })
        .unwrap();
    // The zip holds the photo: it is attached.
    assert_eq!((r.entries, r.media, r.media_missing), (3, 1, 0));
    let journal_bytes = std::fs::metadata(fixture("dayone-export.json"))
        .unwrap()
        .len();
    let reads: Vec<_> = seen.iter().filter(|e| e.0 == ImportStage::Read).collect();
    let writes: Vec<_> = seen.iter().filter(|e| e.0 == ImportStage::Write).collect();
    assert_eq!(
        reads.last().map(|e| (e.1, e.2)),
        Some((journal_bytes, journal_bytes))
    );
    assert_eq!(
        writes.last().map(|e| (e.1, e.2)),
        Some((4, 4)),
        "3 entries and a photo"
    );
    let first_write = seen.iter().position(|e| e.0 == ImportStage::Write).unwrap();
    assert!(
        seen[first_write..]
            .iter()
            .all(|e| e.0 == ImportStage::Write),
        "reading ends before writing starts: {seen:?}"
    );
    assert!(
        seen.windows(2)
            .all(|w| w[0].0 != w[1].0 || w[0].1 <= w[1].1),
        "{seen:?}"
    );
    let again = import(tv.vault(), Source::DayOne, &fixture("dayone-export.json")).unwrap();
    assert_eq!(
        again.duplicates, 3,
        "the zip and the JSON are the same entries"
    );
}

#[test]
fn a_converters_day_one_file_imports_with_each_stand_in_counted() {
    let tv = TestVault::new();
    let v = tv.vault();
    let r = import(v, Source::DayOne, &fixture("dayone-converter-quirks.json")).unwrap();
    assert_eq!(r.entries, 4);
    assert_eq!(
        (
            r.fallbacks.no_uuid,
            r.fallbacks.time_zones,
            r.fallbacks.null_values
        ),
        (3, 1, 5)
    );
    let list = v.journal().list(&ListFilter::default()).unwrap();
    let on = |day: &str| {
        let s = list.iter().find(|e| e.date.to_string() == day).unwrap();
        v.journal().get(s.id).unwrap()
    };
    let first = on("2024-01-01");
    assert_eq!(
        first.body, "No uuid here, and it was minim. This-text (aside)!",
        "Day One's escapes are gone where text needs none"
    );
    assert_eq!(first.tags, vec!["walks"], "a \"(null)\" tag is dropped");
    // 23:30 at -05:00 is already the 3rd in UTC; the offset gives the day.
    let second = on("2024-01-02");
    assert_eq!(second.created_at.to_rfc3339(), "2024-01-03T04:30:00+00:00");
    let third = on("2024-01-03");
    assert_eq!(third.body, "", "\"(null)\" text is no text");
    assert_eq!(third.created_at.to_rfc3339(), "2024-01-03T08:15:00+00:00");
    assert_eq!(on("2024-01-04").body, r"\# kept, 1. kept, \*kept\*");
    // `Etc\/GMT` is Etc/GMT; the unknown zone is not kept.
    assert_eq!(exported_zones(&tv), vec!["Etc/GMT"]);
    let again = import(v, Source::DayOne, &fixture("dayone-converter-quirks.json")).unwrap();
    assert_eq!(
        (again.entries, again.duplicates),
        (0, 4),
        "entries without a uuid are known again by their content"
    );
}

#[test]
fn an_export_of_several_journals_tags_each_entry_with_its_journal() {
    let tv = TestVault::new();
    let zip_path = tv.tmp.path().join("Export.zip");
    {
        let f = std::fs::File::create(&zip_path).unwrap();
        let mut z = zip::ZipWriter::new(f);
        let opts = zip::write::SimpleFileOptions::default();
        z.start_file("Journal.json", opts).unwrap();
        z.write_all(&std::fs::read(fixture("dayone-export.json")).unwrap())
            .unwrap();
        z.start_file("Travel Log.json", opts).unwrap();
        z.write_all(
            br#"{"entries": [{"uuid": "7E57000000000000000000000000000A", "creationDate": "2024-05-01T08:00:00Z", "text": "Lisbon at dawn.", "tags": ["walks"]}]}"#,
        )
        .unwrap();
        z.finish().unwrap();
    }
    let v = tv.vault();
    let r = import(v, Source::DayOne, &zip_path).unwrap();
    assert_eq!(r.entries, 4);
    let list = v.journal().list(&ListFilter::default()).unwrap();
    let tags_of = |needle: &str| {
        list.iter()
            .find(|e| e.excerpt.contains(needle))
            .unwrap()
            .tags
            .clone()
    };
    let has = |needle: &str, want: &[&str]| {
        let mut got = tags_of(needle);
        got.sort();
        assert_eq!(got, want, "{needle}");
    };
    has("Lisbon", &["Travel Log", "walks"]);
    has("Kenji", &["Journal", "calls"]);
    has("Ümlauts", &["Journal"]);
}

#[test]
fn malformed_files_name_the_problem_and_import_nothing() {
    let tv = TestVault::new();
    let v = tv.vault();
    let cases: &[(&str, Source, ErrorCode, &str)] = &[
        (
            "fail_dayone_wrong_type.json",
            Source::DayOne,
            ErrorCode::InvalidInput,
            "entry 2 (00000000000000000000000000000002): a field has the wrong type",
        ),
        (
            "fail_dayone_bad_date.json",
            Source::DayOne,
            ErrorCode::InvalidInput,
            "entry 2 (00000000000000000000000000000003): a date is not an ISO 8601 time",
        ),
        (
            "fail_dayone_text_object.json",
            Source::DayOne,
            ErrorCode::InvalidInput,
            "entry 2 (00000000000000000000000000000005): a field has the wrong type",
        ),
        (
            "fail_jrnl_bad_date.json",
            Source::Jrnl,
            ErrorCode::InvalidInput,
            "entry 2: its date is not written YYYY-MM-DD",
        ),
        (
            "fail_truncated.json",
            Source::Jrnl,
            ErrorCode::InvalidInput,
            "it is not valid JSON",
        ),
        (
            "fail_not_an_export.json",
            Source::DayOne,
            ErrorCode::InvalidInput,
            "it has no \"entries\" list",
        ),
        (
            "fail_kindred_newer.json",
            Source::Kindred,
            ErrorCode::UnsupportedVersion,
            "format version 99",
        ),
        (
            "dayone-export.json",
            Source::Kindred,
            ErrorCode::InvalidInput,
            "it is not a Kindred export",
        ),
    ];
    for (name, source, code, says) in cases {
        let err = import(v, *source, &fixture(name)).unwrap_err();
        assert_eq!(err.code(), *code, "{name}: {err}");
        assert!(err.to_string().contains(says), "{name}: {err}");
        assert!(
            err.to_string().contains("Nothing was imported") || *code != ErrorCode::InvalidInput,
            "{name}: {err}"
        );
        assert_eq!(v.counts().unwrap().entries, 0, "{name}: all or nothing");
    }
}

#[test]
fn hostile_files_are_refused_without_exhausting_anything() {
    let tv = TestVault::new();
    let v = tv.vault();
    let dir = tv.tmp.path();

    let deep = dir.join("deep.json");
    std::fs::write(
        &deep,
        format!(
            "{{\"entries\": {}{}}}",
            "[".repeat(100_000),
            "]".repeat(100_000)
        ),
    )
    .unwrap();
    let err = import(v, Source::DayOne, &deep).unwrap_err();
    assert!(err.to_string().contains("nested far deeper"), "{err}");

    let huge = dir.join("huge.json");
    let text = "a".repeat(65 * 1024 * 1024);
    std::fs::write(
        &huge,
        format!("{{\"entries\": [{{\"uuid\": \"00000000000000000000000000000009\", \"creationDate\": \"2024-01-01T00:00:00Z\", \"text\": \"{text}\"}}]}}"),
    )
    .unwrap();
    drop(text);
    let err = import(v, Source::DayOne, &huge).unwrap_err();
    assert!(err.to_string().contains("larger than 64 MiB"), "{err}");

    // A zip bomb: 300 MiB of one byte, deflated to well under a megabyte.
    let bomb = dir.join("bomb.zip");
    {
        let f = std::fs::File::create(&bomb).unwrap();
        let mut z = zip::ZipWriter::new(f);
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .large_file(true);
        z.start_file("Journal.json", opts).unwrap();
        let chunk = vec![b' '; 1 << 20];
        for _ in 0..300 {
            z.write_all(&chunk).unwrap();
        }
        z.finish().unwrap();
    }
    assert!(std::fs::metadata(&bomb).unwrap().len() < 2 * 1024 * 1024);
    let err = import(v, Source::DayOne, &bomb).unwrap_err();
    assert!(err.to_string().contains("larger than 256 MiB"), "{err}");

    // A value bomb: 20 million tiny values, which would need gigabytes once
    // parsed, in a plain file and deflated in a zip.
    let values = dir.join("values.json");
    let mut body = b"{\"entries\": [".to_vec();
    body.extend(b"0,".repeat(20_000_000));
    body.extend(b"0]}");
    std::fs::write(&values, &body).unwrap();
    let err = import(v, Source::Jrnl, &values).unwrap_err();
    assert!(err.to_string().contains("10 million JSON values"), "{err}");
    let value_bomb = dir.join("values.zip");
    {
        let f = std::fs::File::create(&value_bomb).unwrap();
        let mut z = zip::ZipWriter::new(f);
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .large_file(true);
        z.start_file("Journal.json", opts).unwrap();
        z.write_all(&body).unwrap();
        z.finish().unwrap();
    }
    drop(body);
    assert!(std::fs::metadata(&value_bomb).unwrap().len() < 1024 * 1024);
    let err = import(v, Source::DayOne, &value_bomb).unwrap_err();
    assert!(err.to_string().contains("10 million JSON values"), "{err}");

    let media_only = dir.join("media.zip");
    {
        let f = std::fs::File::create(&media_only).unwrap();
        let mut z = zip::ZipWriter::new(f);
        z.start_file("photos/a.jpeg", zip::write::SimpleFileOptions::default())
            .unwrap();
        z.write_all(b"x").unwrap();
        z.finish().unwrap();
    }
    let err = import(v, Source::DayOne, &media_only).unwrap_err();
    assert!(err.to_string().contains("holds no journal"), "{err}");

    let not_zip = dir.join("broken.zip");
    std::fs::write(&not_zip, b"PK\x03\x04 and then nothing sensible").unwrap();
    let err = import(v, Source::DayOne, &not_zip).unwrap_err();
    assert!(err.to_string().contains("zip archive is damaged"), "{err}");
    assert_eq!(v.counts().unwrap().entries, 0);
}

fn fill(v: &Vault) {
    let a = v
        .people()
        .add(&PersonDraft {
            name: "Ama Mensah".into(),
            relationship: "best friend".into(),
            proximity: Some(Proximity::FarAway),
            how_we_met: "university, first week".into(),
            cadence_days: Some(10),
        })
        .unwrap();
    let b = v
        .people()
        .add(&PersonDraft {
            name: "Theo".into(),
            ..PersonDraft::default()
        })
        .unwrap();
    v.people()
        .add_note(a, "Moving to Accra in the spring")
        .unwrap();
    let n = v.people().add_note(b, "Allergic to cats").unwrap();
    v.people().trash_note(n).unwrap();
    for i in 0..5 {
        v.journal()
            .write(&EntryDraft {
                title: format!("Entry {i} — “quotes” and: colons"),
                body: format!("---\nnot front matter\n---\nBody {i} 🙂\n"),
                tags: vec!["one".into(), format!("t{i}")],
                people: if i % 2 == 0 { vec![a, b] } else { vec![] },
                date: Some(chrono::NaiveDate::from_ymd_opt(2025, 1 + i, 10).unwrap()),
            })
            .unwrap();
    }
    v.journal().trash(2).unwrap();
    use kindred_core::reflection::{CheckinDraft, Dimensions, MomentKind, Topic};
    let r = v.reflection();
    r.check_in(&CheckinDraft {
        person_id: a,
        dims: Dimensions {
            seen: Some(4),
            trust: Some(5),
            ..Dimensions::default()
        },
        ios: Some(5),
        note: "Long call; felt understood".into(),
        ..CheckinDraft::default()
    })
    .unwrap();
    r.add_moment(
        a,
        MomentKind::TheyShowedUp,
        None,
        "Drove two hours to help me move",
    )
    .unwrap();
    r.set_love_map(a, Topic::Hoping, "A job near the sea")
        .unwrap();
    r.add_important_date(a, "birthday", 4, 2, Some(1994))
        .unwrap();
    r.set_proximity(b, Some(Proximity::Weekly)).unwrap();
    v.journal()
        .write_answer(
            &EntryDraft {
                body: "An answer".into(),
                people: vec![a],
                ..EntryDraft::default()
            },
            "gratitude-1",
        )
        .unwrap();
}

#[test]
fn kindred_json_export_then_import_reproduces_the_vault() {
    let a = TestVault::new();
    fill(a.vault());
    import(a.vault(), Source::DayOne, &fixture("dayone-export.json")).unwrap();
    let file = a.tmp.path().join("export").join("kindred.json");
    let summary = a.vault().export_json(&file).unwrap();
    assert_eq!((summary.entries, summary.people, summary.notes), (9, 2, 2));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&file).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
    let err = a.vault().export_json(&file).unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidInput, "never overwrites");

    let b = TestVault::new();
    let r = import(b.vault(), Source::Kindred, &file).unwrap();
    assert_eq!((r.entries, r.people, r.notes), (9, 2, 2));
    let strip = |rows: Vec<String>| -> Vec<String> {
        rows.into_iter()
            .filter(|r| !r.starts_with("settings|"))
            .collect()
    };
    assert_eq!(
        strip(crate::backups::dump(b.vault().connection())),
        strip(crate::backups::dump(a.vault().connection()))
    );
    assert_eq!(b.vault().search("accra", 5).unwrap().len(), 1);
    assert_eq!(
        b.vault().search("drove hours", 5).unwrap().len(),
        1,
        "moments are searchable"
    );
    // Indexed in one go at the end of the import, every record reads in
    // the index as it does where it was written one at a time.
    let index = |v: &Vault| -> Vec<String> {
        v.connection()
            .prepare(
                "SELECT rowid, kind, ref_id, title, body, extra FROM search_index ORDER BY rowid",
            )
            .unwrap()
            .query_map([], |r| {
                Ok(format!(
                    "{}|{}|{}|{}|{}|{}",
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, i64>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, String>(5)?
                ))
            })
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    };
    let written = index(a.vault());
    assert!(written.len() >= 9 + 2 + 2, "{written:?}");
    assert_eq!(index(b.vault()), written);
    // Importing it again, or into a vault that has it, adds nothing.
    let again = import(b.vault(), Source::Kindred, &file).unwrap();
    assert_eq!(
        (again.entries, again.people, again.notes, again.duplicates),
        (0, 0, 0, 9)
    );
    assert_eq!(
        strip(crate::backups::dump(b.vault().connection())),
        strip(crate::backups::dump(a.vault().connection())),
        "nothing doubled, in any table"
    );
    // Nor does the Day One file it came from.
    assert_eq!(
        import(b.vault(), Source::DayOne, &fixture("dayone-export.json"))
            .unwrap()
            .entries,
        0
    );
}

/// Entries without a source that are the same (time, day, title, text)
/// count once, whether they repeat within the file or are already in the
/// vault: into an empty vault (a restore) the file alone is compared, not
/// every entry written before, which made a restore of 100k entries that
/// shared one time take 11 minutes.
#[test]
fn the_same_entry_twice_in_a_kindred_file_is_imported_once() {
    let a = TestVault::new();
    a.vault()
        .journal()
        .write(&EntryDraft {
            title: "Twice".into(),
            body: "The same words".into(),
            ..EntryDraft::default()
        })
        .unwrap();
    let file = a.tmp.path().join("kindred.json");
    a.vault().export_json(&file).unwrap();
    let mut doc: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    let entries = doc["entries"].as_array_mut().unwrap();
    let mut copy = entries[0].clone();
    copy["id"] = 2.into();
    let mut other = entries[0].clone();
    other["id"] = 3.into();
    other["body"] = "Other words".into();
    entries.push(copy);
    entries.push(other);
    let twice = a.tmp.path().join("twice.json");
    std::fs::write(&twice, serde_json::to_vec(&doc).unwrap()).unwrap();

    let b = TestVault::new();
    let r = import(b.vault(), Source::Kindred, &twice).unwrap();
    assert_eq!((r.entries, r.duplicates), (2, 1), "into an empty vault");
    let again = import(b.vault(), Source::Kindred, &twice).unwrap();
    assert_eq!(
        (again.entries, again.duplicates),
        (0, 3),
        "into one that has them"
    );
    let count: i64 = b
        .vault()
        .connection()
        .query_row("SELECT count(*) FROM entries", [], |r| r.get(0))
        .unwrap();
    assert_eq!(count, 2);
}

/// A file that parses but fails while being written (a check-in rating of
/// 9 breaks the table's rule after every entry and person went in) leaves
/// the vault exactly as it was: the import is one transaction.
#[test]
fn an_import_that_fails_while_writing_leaves_nothing_behind() {
    let a = TestVault::new();
    fill(a.vault());
    let file = a.tmp.path().join("kindred.json");
    a.vault().export_json(&file).unwrap();
    let mut doc: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    doc["checkins"][0]["seen"] = 9.into();
    let bad = a.tmp.path().join("bad.json");
    std::fs::write(&bad, serde_json::to_vec(&doc).unwrap()).unwrap();

    let b = TestVault::new();
    import(b.vault(), Source::Jrnl, &fixture("jrnl-4.6-export.json")).unwrap();
    let before = crate::backups::dump(b.vault().connection());
    let err = import(b.vault(), Source::Kindred, &bad).unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidInput, "{err}");
    assert!(
        err.to_string()
            .contains("checkins row 1: a value is out of range"),
        "{err}"
    );
    assert!(err.to_string().contains("Nothing was imported"), "{err}");
    assert_eq!(crate::backups::dump(b.vault().connection()), before);
    assert!(b.vault().search("accra", 5).unwrap().is_empty());
}

#[test]
fn markdown_export_writes_front_matter_and_people_files() {
    let tv = TestVault::new();
    fill(tv.vault());
    let dir = tv.tmp.path().join("md");
    let s = tv.vault().export_markdown(&dir).unwrap();
    assert_eq!(
        (s.entries, s.people, s.notes),
        (5, 2, 1),
        "the trash stays out"
    );
    let entry = std::fs::read_dir(dir.join("entries/2025"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.to_string_lossy().contains("2025-01-10"))
        .unwrap();
    let text = std::fs::read_to_string(&entry).unwrap();
    assert!(text.starts_with("---\nid: 1\ndate: \"2025-01-10\"\ntitle: \"Entry 0 — “quotes” and: colons\"\ntags: [\"one\",\"t0\"]\npeople: [\"Ama Mensah\",\"Theo\"]\n"), "{text}");
    assert!(
        text.ends_with("---\n\n---\nnot front matter\n---\nBody 0 🙂\n"),
        "{text}"
    );
    let ama = std::fs::read_to_string(dir.join("people/ama-mensah-1.md")).unwrap();
    assert!(
        ama.contains("relationship: \"best friend\"") && ama.contains("proximity: \"far-away\""),
        "{ama}"
    );
    assert!(
        ama.contains("## Notes") && ama.contains("Moving to Accra"),
        "{ama}"
    );
    let theo = std::fs::read_to_string(dir.join("people/theo-2.md")).unwrap();
    assert!(!theo.contains("Allergic"), "trashed notes stay out");
    assert_eq!(
        tv.vault().export_markdown(&dir).unwrap_err().code(),
        ErrorCode::InvalidInput
    );
}

/// An error names the entry and the field, never the words in it.
#[test]
fn import_errors_do_not_quote_what_people_wrote() {
    let tv = TestVault::new();
    let dir = tv.tmp.path();
    let cases = [
        r#"{"entries": [{"uuid": "A1", "creationDate": "2024-01-01T00:00:00Z", "tags": "zanzibarsecret"}]}"#,
        r#"{"entries": [{"uuid": "A1", "creationDate": "zanzibarsecret", "text": "x"}]}"#,
        r#"{"entries": [{"uuid": "zanzibarsecret and more words", "creationDate": "2024-01-01T00:00:00Z", "text": 5}]}"#,
        r#"{"entries": [{"uuid": "A1", "creationDate": "2024-01-01T00:00:00Z", "modifiedDate": "zanzibarsecret here", "text": "x"}]}"#,
    ];
    for (i, c) in cases.iter().enumerate() {
        let f = dir.join(format!("hostile-{i}.json"));
        std::fs::write(&f, c).unwrap();
        let err = import(tv.vault(), Source::DayOne, &f).unwrap_err();
        assert!(!err.to_string().contains("zanzibar"), "case {i}: {err}");
        assert!(err.to_string().contains("entry 1"), "case {i}: {err}");
    }
}
