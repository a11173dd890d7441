//! Day One's JSON export (`Journal.json`, alone or in the export zip):
//! entries with a uuid, ISO 8601 times and the time zone they were written
//! in, tags, a star, and media (photos, video, audio, PDFs) that Kindred
//! does not store yet: they are counted in the report.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde::Deserialize;
use serde_json::Value;

use super::{bad, check_text, entries_array, ident, is_ident, plain_serde};
use super::{storable_date, storable_time};
use super::{Importer, Parsed, Row, Source};
use crate::error::Result;
use crate::journal::normalize_tags;

/// The Day One importer.
#[derive(Debug)]
pub(super) struct DayOne;

#[derive(Deserialize)]
struct DayOneEntry {
    uuid: String,
    #[serde(rename = "creationDate")]
    creation_date: String,
    #[serde(rename = "modifiedDate", default)]
    modified_date: Option<String>,
    #[serde(rename = "timeZone", default)]
    time_zone: Option<String>,
    #[serde(default)]
    text: String,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    starred: bool,
    #[serde(default)]
    photos: Vec<Value>,
    #[serde(default)]
    videos: Vec<Value>,
    #[serde(default)]
    audios: Vec<Value>,
    #[serde(rename = "pdfAttachments", default)]
    pdfs: Vec<Value>,
}

impl Importer for DayOne {
    fn parse(v: &Value, out: &mut Parsed) -> Result<()> {
        let s = Source::DayOne;
        for (i, raw) in entries_array(v, s)?.iter().enumerate() {
            let uuid_hint = raw
                .get("uuid")
                .and_then(Value::as_str)
                .filter(|u| is_ident(u))
                .map(|u| format!(" ({u})"))
                .unwrap_or_default();
            let label = format!("entry {}{uuid_hint}", i + 1);
            let e = DayOneEntry::deserialize(raw)
                .map_err(|err| bad(s, format!("{label}: {}", plain_serde(&err))))?;
            if e.uuid.is_empty()
                || e.uuid.len() > 64
                || !e
                    .uuid
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-')
            {
                return Err(bad(s, format!("{label}: its uuid is not an id")));
            }
            let parse_time = |t: &str| {
                let time = DateTime::parse_from_rfc3339(t)
                    .map_err(|_| bad(s, format!("{label}: a date is not an ISO 8601 time")))?;
                storable_time(s, &label, time.with_timezone(&Utc))
            };
            let created_at = parse_time(&e.creation_date)?;
            let updated_at = match &e.modified_date {
                Some(m) => parse_time(m)?,
                None => created_at,
            };
            // The calendar date is the one where it was written.
            let (date, zone) = match &e.time_zone {
                Some(name) => {
                    let tz: Tz = name.parse().map_err(|_| {
                        bad(
                            s,
                            format!("{label}: the time zone {} is unknown", ident(name)),
                        )
                    })?;
                    (
                        created_at.with_timezone(&tz).date_naive(),
                        Some(tz.name().to_owned()),
                    )
                }
                None => (created_at.date_naive(), None),
            };
            let date = storable_date(s, &label, date)?;
            check_text(s, &label, "text", &e.text)?;
            let tags = normalize_tags(&e.tags)
                .map_err(|_| bad(s, format!("{label}: a tag is not a short label")))?;
            let attached = e.photos.len() + e.videos.len() + e.audios.len() + e.pdfs.len();
            out.media_skipped += attached.max(e.text.matches("dayone-moment://").count());
            out.entries.push(Row {
                id: None,
                date,
                created_at,
                updated_at,
                deleted_at: None,
                title: String::new(),
                body: e.text,
                tags,
                people: Vec::new(),
                starred: e.starred,
                mood: None,
                time_zone: zone,
                source: Some(("dayone".into(), e.uuid)),
                prompt_id: None,
            });
        }
        Ok(())
    }
}
