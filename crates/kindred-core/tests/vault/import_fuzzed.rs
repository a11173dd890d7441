//! What fuzzing the imports found (`cargo xtask fuzz`, targets
//! `import-dayone`, `import-kindred` and `dates`), each reduced to the
//! input that shows it. The fuzzer's own inputs are kept under
//! fuzz/regressions/ and replayed by the fuzz crate's tests.

use std::io::Write;
use std::path::Path;

use chrono::{TimeZone, Utc};
use kindred_core::interchange::{ImportReport, Source};
use kindred_core::{ErrorCode, Result, Vault};

use crate::util::*;

fn import_text(v: &Vault, dir: &Path, source: Source, text: &str) -> Result<ImportReport> {
    let path = dir.join("import.json");
    std::fs::write(&path, text).unwrap();
    v.import(source, &path, &mut |_, _, _| {})
}

/// A Kindred export of one person with one row in each reflection table;
/// `at`, `on_date` and `year` are the check-in's time, the moment's date
/// and the important date's year.
fn kindred_export(at: &str, on_date: &str, year: &str) -> String {
    format!(
        r#"{{"format": "kindred.export", "version": 1,
  "people": [{{"id": 1, "name": "Sam", "created_at": "2026-01-01T00:00:00Z",
              "updated_at": "2026-01-01T00:00:00Z"}}],
  "checkins": [{{"id": 1, "person_id": 1, "at": "{at}", "seen": 4, "note": "",
                "created_at": "2026-01-02T00:00:00Z"}}],
  "moments": [{{"id": 1, "person_id": 1, "on_date": "{on_date}", "kind": "repair",
               "note": "", "created_at": "2026-01-02T00:00:00Z"}}],
  "important_dates": [{{"id": 1, "person_id": 1, "label": "birthday", "month": 2,
                       "day": 29, "year": {year}}}]}}"#
    )
}

/// Found: a check-in time such as "R026-12-01T23:41:03.910Z" (one byte
/// changed in a real export) or "…-0200" was stored as given, and then
/// the person's check-ins, depth, map and the whole people list failed
/// with "the vault database is damaged". Now every time and date of the
/// reflection tables is checked on import and stored in the vault's own
/// form.
#[test]
fn reflection_times_dates_and_years_are_checked_on_import() {
    let tv = TestVault::new();
    let (v, dir) = (tv.vault(), tv.tmp.path());
    let cases = [
        (
            kindred_export("R026-12-01T23:41:03.910Z", "2026-01-02", "1990"),
            "\"at\" is not an ISO 8601 time",
        ),
        (
            kindred_export("2026-12-01T23:41:03.910-0200", "2026-01-02", "1990"),
            "\"at\" is not an ISO 8601 time",
        ),
        (
            kindred_export("2026-12-01T23:41:03Z", "2026-1-2x", "1990"),
            "\"on_date\" is not written YYYY-MM-DD",
        ),
        (
            kindred_export("2026-12-01T23:41:03Z", "2026-01-02", "99999999999"),
            "the field \"year\"",
        ),
    ];
    for (text, why) in cases {
        let err = import_text(v, dir, Source::Kindred, &text).unwrap_err();
        assert_eq!(err.code(), ErrorCode::InvalidInput, "{err}");
        assert!(err.to_string().contains(why), "{err}");
        assert_eq!(v.counts().unwrap().people, 0, "all or nothing");
    }
    // Any offset is fine: the time is stored in UTC and reads back.
    let text = kindred_export("2026-12-01T23:41:03.910-02:00", "2026-01-02", "1990");
    import_text(v, dir, Source::Kindred, &text).unwrap();
    let sam = v.people().list(true).unwrap()[0].id;
    let checkins = v.reflection().checkins(sam).unwrap();
    assert_eq!(
        checkins[0].at,
        Utc.with_ymd_and_hms(2026, 12, 2, 1, 41, 3).unwrap() + chrono::TimeDelta::milliseconds(910)
    );
    v.reflection().timeline(sam, None, None).unwrap();
    v.reflection().depth(sam).unwrap();
    v.reflection().map().unwrap();
    v.reflection().important_dates(sam).unwrap();
}

/// Found: "-024-02-29T23:30:00.250+14:00" is a time chrono reads (the
/// year −24), which was stored as "-0024-…" and could never be read back:
/// the journal list failed. RFC 3339, the store's form, has years 0000 to
/// 9999; a time in UTC (after its offset is taken away) or a date outside
/// them is now refused by every importer (jrnl's dates have four-digit
/// years; its wall-clock times can still cross year 0 in a zone ahead of
/// UTC, which the `dates` target, run under UTC+14, covers).
#[test]
fn times_outside_the_years_0_to_9999_are_refused() {
    let tv = TestVault::new();
    let (v, dir) = (tv.vault(), tv.tmp.path());
    let kindred = |created: &str, date: &str| {
        format!(
            r#"{{"format": "kindred.export", "version": 1, "entries": [{{"id": 1,
                 "date": "{date}", "title": "", "body": "", "created_at": "{created}",
                 "updated_at": "2026-01-01T00:00:00Z"}}]}}"#
        )
    };
    let dayone = |created: &str| {
        format!(r#"{{"entries": [{{"uuid": "D1", "creationDate": "{created}", "text": "x"}}]}}"#)
    };
    let refused = [
        (
            Source::Kindred,
            kindred("-024-02-29T23:30:00.250+14:00", "2024-02-29"),
        ),
        (
            Source::Kindred,
            kindred("2024-02-29T23:30:00Z", "+10000-01-01"),
        ),
        (Source::DayOne, dayone("0000-01-01T00:30:00+01:00")),
        (Source::DayOne, dayone("9999-12-31T23:30:00-01:00")),
    ];
    for (source, text) in refused {
        let err = import_text(v, dir, source, &text).unwrap_err();
        assert_eq!(err.code(), ErrorCode::InvalidInput, "{text}: {err}");
        assert!(
            err.to_string().contains("outside the years 0 to 9999"),
            "{err}"
        );
    }
    assert_eq!(v.counts().unwrap().entries, 0);
    // The edges themselves are fine, and read back.
    import_text(v, dir, Source::DayOne, &dayone("0000-01-01T00:00:00Z")).unwrap();
    import_text(
        v,
        dir,
        Source::Kindred,
        &kindred("9999-12-31T23:59:59.999Z", "9999-12-31"),
    )
    .unwrap();
    let listed = v.journal().list(&Default::default()).unwrap();
    assert_eq!(listed.len(), 2);
    for e in listed {
        v.journal().get(e.id).unwrap();
    }
}

/// Found: a Day One zip whose journal fails its checksum or whose deflate
/// stream is broken was refused as "Kindred could not read the import
/// file" (an I/O error, as if the disk had failed). It is a damaged
/// archive, and is now called one.
#[test]
fn a_damaged_day_one_zip_is_called_damaged() {
    let tv = TestVault::new();
    let (v, dir) = (tv.vault(), tv.tmp.path());
    let journal = br#"{"entries": [{"uuid": "D1", "creationDate": "2026-01-01T00:00:00Z", "text": "a walk, a walk, a long walk home"}]}"#;
    let mut zip = Vec::new();
    {
        let mut z = zip::ZipWriter::new(std::io::Cursor::new(&mut zip));
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        z.start_file("Journal.json", opts).unwrap();
        z.write_all(journal).unwrap();
        z.finish().unwrap();
    }
    // The local header is 30 bytes and the name 12: flip bytes of the
    // compressed journal, which the central directory does not cover.
    for at in [44, 50, 60] {
        let mut damaged = zip.clone();
        damaged[at] ^= 0x55;
        let path = dir.join(format!("damaged-{at}.zip"));
        std::fs::write(&path, &damaged).unwrap();
        let err = v
            .import(Source::DayOne, &path, &mut |_, _, _| {})
            .unwrap_err();
        assert_eq!(err.code(), ErrorCode::InvalidInput, "byte {at}: {err}");
        assert!(err.to_string().contains("zip archive is damaged"), "{err}");
    }
    assert_eq!(v.counts().unwrap().entries, 0);
}

/// Found: a Kindred export with an id twice (one byte of a real export
/// changed, entry 2 → 1) failed with "Internal error (database:
/// ConstraintViolation) … please report this" in an empty vault, where
/// ids are kept; so did two notes with one id, and two moments with one
/// id were "a value is out of range". Each id now appears once per kind,
/// as people's already had to. Seen in the same inputs: a table name the fuzzer had
/// mangled ("c\u0000s" for "checkins") was skipped without a word, and
/// its rows lost; an unknown field at the top is now refused like one in
/// a row.
#[test]
fn an_id_twice_or_an_unknown_table_is_refused_by_name() {
    let tv = TestVault::new();
    let (v, dir) = (tv.vault(), tv.tmp.path());
    let sam = r#""people": [{"id": 1, "name": "Sam", "created_at": "2026-01-01T00:00:00Z",
                             "updated_at": "2026-01-01T00:00:00Z"}]"#;
    let entry = |id: i64, title: &str| {
        format!(
            r#"{{"id": {id}, "date": "2026-01-01", "title": "{title}", "body": "",
                 "created_at": "2026-01-01T00:00:00Z", "updated_at": "2026-01-01T00:00:00Z"}}"#
        )
    };
    let note = |id: i64, body: &str| {
        format!(
            r#"{{"id": {id}, "person_id": 1, "body": "{body}", "created_at": "2026-01-01T00:00:00Z",
                 "updated_at": "2026-01-01T00:00:00Z"}}"#
        )
    };
    let moment = |id: i64, day: u32| {
        format!(
            r#"{{"id": {id}, "person_id": 1, "on_date": "2026-01-0{day}", "kind": "repair",
                 "note": "", "created_at": "2026-01-01T00:00:00Z"}}"#
        )
    };
    let export =
        |rest: String| format!(r#"{{"format": "kindred.export", "version": 1, {sam}, {rest}}}"#);
    let cases = [
        (
            export(format!(
                r#""entries": [{}, {}]"#,
                entry(1, "a"),
                entry(1, "b")
            )),
            "entry 2: the id 1 appears twice",
        ),
        (
            export(format!(r#""notes": [{}, {}]"#, note(3, "a"), note(3, "b"))),
            "note 2: the id 3 appears twice",
        ),
        (
            export(format!(
                r#""moments": [{}, {}]"#,
                moment(1, 1),
                moment(1, 2)
            )),
            "moments row 2: the id 1 appears twice",
        ),
        (
            export(format!(r#""momnets": [{}]"#, moment(1, 1))),
            "it has an unknown field \"momnets\"",
        ),
    ];
    // Each case in a vault of its own, so that one wrongly taken does not
    // hide the others.
    let mut wrong = Vec::new();
    for (text, why) in cases {
        let tv = TestVault::new();
        let (v, dir) = (tv.vault(), tv.tmp.path());
        match import_text(v, dir, Source::Kindred, &text) {
            Err(e) if e.code() == ErrorCode::InvalidInput && e.to_string().contains(why) => {}
            other => wrong.push(format!("{why}: {other:?}")),
        }
        let people = v.counts().unwrap().people;
        if people != 0 {
            wrong.push(format!(
                "{why}: all or nothing, yet {people} people were kept"
            ));
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
    let fine = export(format!(
        r#""entries": [{}, {}], "notes": [{}, {}], "moments": [{}, {}]"#,
        entry(1, "a"),
        entry(2, "b"),
        note(1, "a"),
        note(2, "b"),
        moment(1, 1),
        moment(2, 2)
    ));
    let r = import_text(v, dir, Source::Kindred, &fine).unwrap();
    assert_eq!((r.entries, r.people, r.notes), (2, 1, 2));
}
