//! Kindred's own JSON export: people, notes, every reflection table and
//! entries, with ids that are remapped on import (or kept, into an empty
//! vault). Unknown fields are refused, at the top as in every row: a file
//! that says more than this build understands is not half-read. Each id
//! appears once per kind, since an import into an empty vault keeps them.

use std::collections::HashSet;

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use serde::Deserialize;
use serde_json::Value;

use super::super::tables::{Col, REFLECTION_TABLES};
use super::{bad, check_text, ident, one_line, plain_serde, storable_date, storable_time};
use super::{
    AttachmentOwner, AttachmentRow, ExtraRow, Importer, NoteRow, Parsed, PersonRow, Row, Source,
};
use crate::error::{Error, Result};
use crate::journal::normalize_tags;
use crate::model::Proximity;
use crate::store::to_db;

type SqlValue = rusqlite::types::Value;

/// What an export holds besides the reflection tables.
const TOP_LEVEL: &[&str] = &[
    "format",
    "version",
    "app_version",
    "exported_at",
    "people",
    "notes",
    "entries",
    "attachments",
];

/// The Kindred importer.
#[derive(Debug)]
pub(super) struct Kindred;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct KEntry {
    id: i64,
    date: NaiveDate,
    title: String,
    body: String,
    #[serde(default)]
    mood: Option<i64>,
    #[serde(default)]
    starred: bool,
    #[serde(default)]
    time_zone: Option<String>,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    people: Vec<i64>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    #[serde(default)]
    deleted_at: Option<DateTime<Utc>>,
    #[serde(default)]
    source: Option<String>,
    #[serde(default)]
    source_key: Option<String>,
    #[serde(default)]
    prompt_id: Option<String>,
    #[serde(default)]
    pinned: bool,
    #[serde(default)]
    place: Option<String>,
    #[serde(default)]
    weather: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct KAttachment {
    id: i64,
    #[serde(default)]
    entry_id: Option<i64>,
    #[serde(default)]
    person_id: Option<i64>,
    name: String,
    #[serde(default)]
    mime: Option<String>,
    #[serde(default)]
    bytes: Option<u64>,
    sha256: String,
    created_at: DateTime<Utc>,
    #[serde(default)]
    deleted_at: Option<DateTime<Utc>>,
    file: String,
}

/// A path inside the export's folder: relative, no `..`, no root.
fn safe_relative(p: &str) -> bool {
    let path = std::path::Path::new(p);
    !p.is_empty()
        && p.len() <= 4096
        && path
            .components()
            .all(|c| matches!(c, std::path::Component::Normal(_)))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct KPerson {
    id: i64,
    name: String,
    #[serde(default)]
    relationship: String,
    #[serde(default)]
    proximity: Option<String>,
    #[serde(default)]
    how_we_met: String,
    #[serde(default)]
    cadence_days: Option<u32>,
    #[serde(default)]
    archived: bool,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    #[serde(default)]
    deleted_at: Option<DateTime<Utc>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct KNote {
    id: i64,
    person_id: i64,
    body: String,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    #[serde(default)]
    deleted_at: Option<DateTime<Utc>>,
}

/// One reflection-table field as the vault stores it: times in UTC as the
/// store writes them, dates as `YYYY-MM-DD`, each within the years the
/// vault reads back.
fn column(label: &str, col: &str, ty: Col, v: &Value) -> Result<SqlValue> {
    let s = Source::Kindred;
    let wrong = || {
        bad(
            s,
            format!("{label}: the field \"{col}\" is missing or has the wrong type"),
        )
    };
    Ok(match (ty, v) {
        (Col::OptInt | Col::OptTime | Col::OptYear, Value::Null) => SqlValue::Null,
        (Col::Int | Col::OptInt, Value::Number(n)) => {
            SqlValue::Integer(n.as_i64().ok_or_else(wrong)?)
        }
        (Col::OptYear, Value::Number(n)) => {
            let year = n
                .as_i64()
                .and_then(|y| i32::try_from(y).ok())
                .ok_or_else(wrong)?;
            SqlValue::Integer(i64::from(year))
        }
        (Col::Text, Value::String(t)) => {
            check_text(s, label, col, t)?;
            SqlValue::Text(t.clone())
        }
        (Col::Time | Col::OptTime, Value::String(t)) => {
            let time = DateTime::parse_from_rfc3339(t)
                .map_err(|_| bad(s, format!("{label}: \"{col}\" is not an ISO 8601 time")))?;
            SqlValue::Text(to_db(storable_time(s, label, time.with_timezone(&Utc))?))
        }
        (Col::Date, Value::String(t)) => {
            let date = NaiveDate::parse_from_str(t, "%Y-%m-%d")
                .map_err(|_| bad(s, format!("{label}: \"{col}\" is not written YYYY-MM-DD")))?;
            SqlValue::Text(storable_date(s, label, date)?.to_string())
        }
        _ => return Err(wrong()),
    })
}

impl Importer for Kindred {
    fn parse(v: &Value, out: &mut Parsed) -> Result<()> {
        let s = Source::Kindred;
        if v.get("format").and_then(Value::as_str) != Some(super::super::EXPORT_FORMAT) {
            return Err(bad(s, "it is not a Kindred export"));
        }
        let version = v.get("version").and_then(Value::as_u64).unwrap_or(0);
        if version > u64::from(super::super::EXPORT_VERSION) {
            return Err(Error::UnsupportedVersion {
                what: "The export",
                found: u32::try_from(version).unwrap_or(u32::MAX),
                supported: super::super::EXPORT_VERSION,
            });
        }
        let known =
            |k: &str| TOP_LEVEL.contains(&k) || REFLECTION_TABLES.iter().any(|t| t.name == k);
        if let Some(k) = v.as_object().and_then(|o| o.keys().find(|k| !known(k))) {
            return Err(bad(s, format!("it has an unknown field {}", ident(k))));
        }
        // Ids are kept when importing into an empty vault: each once per kind.
        let once = |seen: &mut HashSet<i64>, id: i64, label: &str| {
            if seen.insert(id) {
                Ok(())
            } else {
                Err(bad(s, format!("{label}: the id {id} appears twice")))
            }
        };
        let list = |key: &str| -> Result<Vec<Value>> {
            Ok(v.get(key)
                .map(|x| {
                    x.as_array()
                        .cloned()
                        .ok_or_else(|| bad(s, format!("\"{key}\" is not a list")))
                })
                .transpose()?
                .unwrap_or_default())
        };
        let mut person_ids = HashSet::new();
        for (i, raw) in list("people")?.into_iter().enumerate() {
            let label = format!("person {}", i + 1);
            let p: KPerson = serde_json::from_value(raw)
                .map_err(|e| bad(s, format!("{label}: {}", plain_serde(&e))))?;
            let proximity = p
                .proximity
                .as_deref()
                .map(Proximity::parse)
                .transpose()
                .map_err(|_| bad(s, format!("{label}: unknown proximity")))?;
            if p.name.trim().is_empty() || p.name.chars().any(char::is_control) {
                return Err(bad(
                    s,
                    format!("{label}: the name is empty or not one line"),
                ));
            }
            once(&mut person_ids, p.id, &label)?;
            out.people.push(PersonRow {
                id: p.id,
                name: p.name,
                relationship: p.relationship,
                proximity,
                how_we_met: p.how_we_met,
                cadence_days: p.cadence_days.filter(|d| *d > 0),
                archived: p.archived,
                created_at: storable_time(s, &label, p.created_at)?,
                updated_at: storable_time(s, &label, p.updated_at)?,
                deleted_at: p
                    .deleted_at
                    .map(|t| storable_time(s, &label, t))
                    .transpose()?,
            });
        }
        let mut note_ids = HashSet::new();
        for (i, raw) in list("notes")?.into_iter().enumerate() {
            let label = format!("note {}", i + 1);
            let n: KNote = serde_json::from_value(raw)
                .map_err(|e| bad(s, format!("{label}: {}", plain_serde(&e))))?;
            once(&mut note_ids, n.id, &label)?;
            if !person_ids.contains(&n.person_id) {
                return Err(bad(
                    s,
                    format!(
                        "{label}: it is about person {}, who is not in the file",
                        n.person_id
                    ),
                ));
            }
            check_text(s, &label, "text", &n.body)?;
            out.notes.push(NoteRow {
                id: n.id,
                person_id: n.person_id,
                body: n.body,
                created_at: storable_time(s, &label, n.created_at)?,
                updated_at: storable_time(s, &label, n.updated_at)?,
                deleted_at: n
                    .deleted_at
                    .map(|t| storable_time(s, &label, t))
                    .transpose()?,
            });
        }
        for (t, spec) in REFLECTION_TABLES.iter().enumerate() {
            let mut row_ids = HashSet::new();
            for (i, raw) in list(spec.name)?.into_iter().enumerate() {
                let label = format!("{} row {}", spec.name, i + 1);
                let obj = raw
                    .as_object()
                    .ok_or_else(|| bad(s, format!("{label}: it is not an object")))?;
                if let Some(k) = obj.keys().find(|k| !spec.cols.iter().any(|(c, _)| c == k)) {
                    return Err(bad(
                        s,
                        format!("{label}: it has an unknown field {}", ident(k)),
                    ));
                }
                let values = spec
                    .cols
                    .iter()
                    .map(|(col, ty)| {
                        column(&label, col, *ty, obj.get(*col).unwrap_or(&Value::Null))
                    })
                    .collect::<Result<Vec<_>>>()?;
                // Every table's first column is its integer id.
                if let Some(SqlValue::Integer(id)) = values.first() {
                    once(&mut row_ids, *id, &label)?;
                }
                if let Some(p) = spec.cols.iter().position(|(c, _)| *c == "person_id") {
                    if let rusqlite::types::Value::Integer(pid) = values[p] {
                        if !person_ids.contains(&pid) {
                            return Err(bad(
                                s,
                                format!(
                                    "{label}: it is about person {pid}, who is not in the file"
                                ),
                            ));
                        }
                    }
                }
                out.extra.push(ExtraRow {
                    table: t,
                    values,
                    row: i + 1,
                });
            }
        }
        let mut entry_ids = HashSet::new();
        for (i, raw) in list("entries")?.into_iter().enumerate() {
            let label = format!("entry {}", i + 1);
            let e: KEntry = serde_json::from_value(raw)
                .map_err(|err| bad(s, format!("{label}: {}", plain_serde(&err))))?;
            once(&mut entry_ids, e.id, &label)?;
            check_text(s, &label, "body", &e.body)?;
            if let Some(p) = e.people.iter().find(|p| !person_ids.contains(p)) {
                return Err(bad(
                    s,
                    format!("{label}: it mentions person {p}, who is not in the file"),
                ));
            }
            let tags = normalize_tags(&e.tags)
                .map_err(|_| bad(s, format!("{label}: a tag is not a short label")))?;
            if let Some(tz) = &e.time_zone {
                tz.parse::<Tz>()
                    .map_err(|_| bad(s, format!("{label}: unknown time zone")))?;
            }
            out.entries.push(Row {
                id: Some(e.id),
                date: storable_date(s, &label, e.date)?,
                created_at: storable_time(s, &label, e.created_at)?,
                updated_at: storable_time(s, &label, e.updated_at)?,
                deleted_at: e
                    .deleted_at
                    .map(|t| storable_time(s, &label, t))
                    .transpose()?,
                title: one_line(&e.title),
                body: e.body,
                tags,
                people: e.people,
                starred: e.starred,
                mood: e.mood.filter(|m| (1..=5).contains(m)),
                time_zone: e.time_zone,
                source: e.source.zip(e.source_key),
                prompt_id: e
                    .prompt_id
                    .filter(|p| crate::reflection::prompts::by_id(p).is_some()),
                pinned: e.pinned,
                place: e.place.as_deref().and_then(super::short_label),
                weather: e.weather.as_deref().and_then(super::short_label),
                media: Vec::new(),
            });
        }
        let mut attachment_ids = HashSet::new();
        for (i, raw) in list("attachments")?.into_iter().enumerate() {
            let label = format!("attachment {}", i + 1);
            let a: KAttachment = serde_json::from_value(raw)
                .map_err(|err| bad(s, format!("{label}: {}", plain_serde(&err))))?;
            once(&mut attachment_ids, a.id, &label)?;
            let owner = match (a.entry_id, a.person_id) {
                (Some(e), None) if entry_ids.contains(&e) => AttachmentOwner::Entry(e),
                (None, Some(p)) if person_ids.contains(&p) => AttachmentOwner::Person(p),
                _ => {
                    return Err(bad(
                        s,
                        format!("{label}: it belongs to no entry or person in the file"),
                    ))
                }
            };
            if a.sha256.len() != 64 || !a.sha256.bytes().all(|b| b.is_ascii_hexdigit()) {
                return Err(bad(s, format!("{label}: its SHA-256 is not 64 hex digits")));
            }
            if !safe_relative(&a.file) {
                return Err(bad(
                    s,
                    format!("{label}: its file is not a path inside the export's folder"),
                ));
            }
            let _ = (a.mime, a.bytes);
            out.attachments.push(AttachmentRow {
                id: a.id,
                owner,
                name: crate::attachments::clean_name(&a.name),
                sha256: a.sha256.to_ascii_lowercase(),
                created_at: storable_time(s, &label, a.created_at)?,
                deleted_at: a
                    .deleted_at
                    .map(|t| storable_time(s, &label, t))
                    .transpose()?,
                file: a.file,
            });
        }
        Ok(())
    }
}
