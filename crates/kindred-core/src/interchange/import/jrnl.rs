//! jrnl's JSON export (`jrnl --export json`): entries with a date and a
//! wall-clock time in this computer's zone, a title and body, tags and a
//! star. jrnl has no ids, so each entry is known by a hash of its content.

use chrono::{Local, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use serde::Deserialize;
use serde_json::Value;

use super::{bad, check_text, entries_array, hash_key, one_line, plain_serde};
use super::{storable_date, storable_time};
use super::{Importer, Parsed, Row, Source};
use crate::error::Result;
use crate::journal::normalize_tags;

/// The jrnl importer.
#[derive(Debug)]
pub(super) struct Jrnl;

#[derive(Deserialize)]
struct JrnlEntry {
    date: String,
    time: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    body: String,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    starred: bool,
}

impl Importer for Jrnl {
    fn parse(v: &Value, out: &mut Parsed) -> Result<()> {
        let s = Source::Jrnl;
        for (i, raw) in entries_array(v, s)?.iter().enumerate() {
            let label = format!("entry {}", i + 1);
            let e = JrnlEntry::deserialize(raw)
                .map_err(|err| bad(s, format!("{label}: {}", plain_serde(&err))))?;
            let date = NaiveDate::parse_from_str(&e.date, "%Y-%m-%d")
                .map_err(|_| bad(s, format!("{label}: its date is not written YYYY-MM-DD")))?;
            let time = NaiveTime::parse_from_str(&e.time, "%H:%M")
                .or_else(|_| NaiveTime::parse_from_str(&e.time, "%H:%M:%S"))
                .map_err(|_| bad(s, format!("{label}: its time is not written HH:MM")))?;
            check_text(s, &label, "title", &e.title)?;
            check_text(s, &label, "body", &e.body)?;
            // jrnl keeps wall-clock times without a zone: they are this
            // computer's local time.
            let local = NaiveDateTime::new(date, time);
            let created_at = Local
                .from_local_datetime(&local)
                .earliest()
                .map(|t| t.with_timezone(&Utc))
                .unwrap_or_else(|| Utc.from_utc_datetime(&local));
            let created_at = storable_time(s, &label, created_at)?;
            let date = storable_date(s, &label, date)?;
            let tags: Vec<String> = e
                .tags
                .iter()
                .map(|t| t.trim_start_matches(['@', '#']).to_owned())
                .collect();
            let tags = normalize_tags(&tags)
                .map_err(|_| bad(s, format!("{label}: a tag is not a short label")))?;
            let key = hash_key(&[&e.date, &e.time, &e.title, &e.body]);
            out.entries.push(Row {
                id: None,
                date,
                created_at,
                updated_at: created_at,
                deleted_at: None,
                title: one_line(&e.title),
                body: e.body,
                tags,
                people: Vec::new(),
                starred: e.starred,
                mood: None,
                time_zone: None,
                source: Some(("jrnl".into(), key)),
                prompt_id: None,
                pinned: false,
                place: None,
                weather: None,
                media: Vec::new(),
            });
        }
        Ok(())
    }
}
