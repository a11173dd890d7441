//! The date and time parsers of imports, and a backup's date, fed with
//! text inside real documents so each goes through the code a file does.
//!
//! The input is up to four lines — a date, a wall-clock time, a timestamp,
//! a time zone (a missing line takes a valid default) — placed into a jrnl
//! entry (date, time), a Day One entry (creation and modified time, zone),
//! a Kindred export (entry date, times and zone; a person's, a check-in's,
//! a moment's, a love map's and a proximity change's times and dates) and
//! a backup header (its date). Properties, beyond the import target's
//! (every row accepted reads back): an imported entry reads back with the
//! date and time that were accepted (times to the millisecond, as stored);
//! a backup's date, once accepted, is listed as the same instant.

use chrono::{DateTime, Timelike, Utc};
use kindred_core::backup;
use kindred_core::interchange::Source;
use kindred_core::store;
use serde_json::json;

use kindred_core::interchange::Accepted;
use rusqlite::Connection;

use super::import;

const DEFAULTS: [&str; 4] = [
    "2024-02-29",
    "23:30",
    "2024-02-29T23:30:00.250+14:00",
    "Pacific/Kiritimati",
];

/// Runs one input.
pub fn run(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let mut fields = text.split('\n');
    let [date, time, stamp, zone] = DEFAULTS.map(|d| fields.next().unwrap_or(d).to_owned());

    let jrnl = json!({"tags": {}, "entries": [{
        "date": date, "time": time, "title": "t", "body": "b", "tags": [], "starred": false,
    }]});
    let dayone = json!({"metadata": {"version": "1.0"}, "entries": [{
        "uuid": "D1A2", "creationDate": stamp, "modifiedDate": stamp, "timeZone": zone,
        "text": "x",
    }]});
    let kindred = json!({
        "format": "kindred.export", "version": 1,
        "people": [{"id": 1, "name": "Ada", "created_at": stamp, "updated_at": stamp}],
        "checkins": [{"id": 1, "person_id": 1, "at": stamp, "note": "", "created_at": stamp}],
        "moments": [{"id": 1, "person_id": 1, "on_date": date, "kind": "repair", "note": "",
                     "created_at": stamp}],
        "love_map": [{"id": 1, "person_id": 1, "topic": "hoping", "text": "x",
                      "updated_at": stamp}],
        "proximity_history": [{"id": 1, "person_id": 1, "proximity": 2, "changed_at": stamp}],
        "entries": [{"id": 1, "date": date, "title": "", "body": "", "time_zone": zone,
                     "created_at": stamp, "updated_at": stamp, "deleted_at": stamp}],
    });
    for (source, doc) in [
        (Source::Jrnl, jrnl),
        (Source::DayOne, dayone),
        (Source::Kindred, kindred),
    ] {
        let bytes = serde_json::to_vec(&doc).expect("a document encodes");
        import::run_then(source, &bytes, same_entry_read_back);
    }
    backup_date(&stamp);
}

/// The one entry reads back with the date and creation time accepted.
fn same_entry_read_back(accepted: &Accepted, conn: &Connection) {
    let (Some(date), Some(created)) = (accepted.dates.first(), accepted.times.first()) else {
        return;
    };
    let id: i64 = conn
        .query_row("SELECT id FROM entries", [], |r| r.get(0))
        .expect("the entry was written");
    let entry = store::entries::get(conn, id, true).expect("read back");
    assert_eq!(entry.date, *date, "the entry's date");
    assert_eq!(entry.created_at, to_millis(*created), "the entry's time");
}

/// `t` to the millisecond, as the store writes times. (Not chrono's
/// `duration_trunc`: it counts in nanoseconds since 1970, so it fails
/// outside the years 1677–2262 and left such times whole.)
fn to_millis(t: DateTime<Utc>) -> DateTime<Utc> {
    t.with_nanosecond(t.nanosecond() / 1_000_000 * 1_000_000)
        .expect("fewer nanoseconds are valid")
}

/// A backup whose header holds `stamp` as its date: listed as that instant.
fn backup_date(stamp: &str) {
    let header = json!({
        "format": "kindred.backup", "version": 2, "vault_id": "v", "created_at": stamp,
        "app_version": "0.1.0", "manifest_nonce": "", "manifest": "", "db_len": 0,
        "key_file": serde_json::from_str::<serde_json::Value>(KEY_FILE).expect("key file"),
    });
    let mut rest = serde_json::to_vec(&header).expect("a header encodes");
    rest.push(0);
    if let Ok(info) = backup::inspect_bytes(&super::backup::assemble(&rest)) {
        let parsed = DateTime::parse_from_rfc3339(stamp).expect("it was accepted");
        assert_eq!(info.created_at, parsed, "the backup's date");
    }
}

/// A real key file's slots (from tests/fixtures/keys/ok.keys); only its
/// shape matters here.
const KEY_FILE: &str = include_str!("../../../crates/kindred-core/tests/fixtures/keys/ok.keys");
