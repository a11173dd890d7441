//! Imports. Limits keep hostile files from exhausting memory: a JSON
//! document of at most 256 MiB (read through a counting reader, so a zip
//! entry that lies about its size cannot exceed it), serde_json's nesting
//! limit, and at most a million entries.

use std::collections::{BTreeMap, HashSet};
use std::io::Read;
use std::path::Path;

use chrono::{DateTime, Local, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;
use data_encoding::HEXLOWER;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::error::{Error, Result};
use crate::journal::{normalize_tags, MAX_BODY_BYTES};
use crate::model::{Kind, Proximity};
use crate::store::{search_index, to_db};

/// Largest JSON document read (bytes).
const MAX_JSON_BYTES: u64 = 256 * 1024 * 1024;
/// Most JSON values (numbers, strings, lists, …) in one import. Parsing
/// holds each in ~32 bytes, so a small file of `0,0,0,…` (or a zip of
/// one) would otherwise cost gigabytes before its first entry is refused.
/// Real exports hold a few dozen values per entry.
const MAX_JSON_VALUES: usize = 10_000_000;
/// Most entries in one import.
const MAX_ENTRIES: usize = 1_000_000;
/// Most members in a zip archive.
const MAX_ZIP_MEMBERS: usize = 100_000;

/// Where an import comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    /// `jrnl --export json`.
    Jrnl,
    /// A Day One JSON export (`Journal.json`, or the export `.zip`).
    DayOne,
    /// Kindred's own JSON export.
    Kindred,
}

impl Source {
    /// Parses `jrnl`, `dayone` or `kindred`.
    pub fn parse(s: &str) -> Result<Self> {
        match s.to_ascii_lowercase().replace(['-', '_', ' '], "").as_str() {
            "jrnl" => Ok(Self::Jrnl),
            "dayone" => Ok(Self::DayOne),
            "kindred" => Ok(Self::Kindred),
            _ => Err(Error::invalid("Import from jrnl, dayone or kindred.")),
        }
    }

    fn name(self) -> &'static str {
        match self {
            Self::Jrnl => "jrnl",
            Self::DayOne => "Day One",
            Self::Kindred => "Kindred",
        }
    }
}

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ImportReport {
    /// Entries added.
    pub entries: usize,
    /// People added (Kindred imports).
    pub people: usize,
    /// Notes added (Kindred imports).
    pub notes: usize,
    /// Entries already in the vault (or twice in the file), not added again.
    pub duplicates: usize,
    /// Photos, videos, audio and PDFs referenced but not imported (Kindred
    /// stores text only).
    pub media_skipped: usize,
}

/// An entry checked and ready to insert.
#[derive(Debug)]
struct Row {
    id: Option<i64>,
    date: NaiveDate,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    deleted_at: Option<DateTime<Utc>>,
    title: String,
    body: String,
    tags: Vec<String>,
    people: Vec<i64>,
    starred: bool,
    mood: Option<i64>,
    time_zone: Option<String>,
    source: Option<(String, String)>,
    prompt_id: Option<String>,
}

#[derive(Debug)]
struct PersonRow {
    id: i64,
    name: String,
    relationship: String,
    proximity: Option<Proximity>,
    how_we_met: String,
    cadence_days: Option<u32>,
    archived: bool,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    deleted_at: Option<DateTime<Utc>>,
}

#[derive(Debug)]
struct NoteRow {
    id: i64,
    person_id: i64,
    body: String,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    deleted_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Default)]
struct Parsed {
    entries: Vec<Row>,
    people: Vec<PersonRow>,
    notes: Vec<NoteRow>,
    /// Rows of the reflection tables: which table, the values in its
    /// column order, the row number for messages.
    extra: Vec<(usize, Vec<rusqlite::types::Value>, usize)>,
    media_skipped: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Col {
    Int,
    OptInt,
    Text,
    OptText,
}

/// A reflection table as exported: its columns (the first is always `id`,
/// and `person_id`, when present, is remapped on import) and the columns
/// that identify a row already in the vault.
pub(super) struct TableSpec {
    pub(super) name: &'static str,
    pub(super) cols: &'static [(&'static str, Col)],
    key: &'static [&'static str],
}

/// The reflection tables, in the order they are written.
pub(super) const REFLECTION_TABLES: &[TableSpec] = &[
    TableSpec {
        name: "checkins",
        cols: &[
            ("id", Col::Int),
            ("person_id", Col::Int),
            ("at", Col::Text),
            ("seen", Col::OptInt),
            ("heard", Col::OptInt),
            ("understood", Col::OptInt),
            ("safe", Col::OptInt),
            ("trust", Col::OptInt),
            ("they_showed_up", Col::OptInt),
            ("i_showed_up", Col::OptInt),
            ("ios", Col::OptInt),
            ("note", Col::Text),
            ("created_at", Col::Text),
            ("deleted_at", Col::OptText),
        ],
        key: &["person_id", "at", "created_at"],
    },
    TableSpec {
        name: "moments",
        cols: &[
            ("id", Col::Int),
            ("person_id", Col::Int),
            ("on_date", Col::Text),
            ("kind", Col::Text),
            ("note", Col::Text),
            ("created_at", Col::Text),
            ("deleted_at", Col::OptText),
        ],
        key: &["person_id", "on_date", "kind", "created_at"],
    },
    TableSpec {
        name: "love_map",
        cols: &[
            ("id", Col::Int),
            ("person_id", Col::Int),
            ("topic", Col::Text),
            ("text", Col::Text),
            ("updated_at", Col::Text),
        ],
        key: &["person_id", "topic"],
    },
    TableSpec {
        name: "proximity_history",
        cols: &[
            ("id", Col::Int),
            ("person_id", Col::Int),
            ("proximity", Col::OptInt),
            ("changed_at", Col::Text),
        ],
        key: &["person_id", "changed_at"],
    },
    TableSpec {
        name: "important_dates",
        cols: &[
            ("id", Col::Int),
            ("person_id", Col::Int),
            ("label", Col::Text),
            ("month", Col::Int),
            ("day", Col::Int),
            ("year", Col::OptInt),
        ],
        key: &["person_id", "label", "month", "day"],
    },
];

fn bad(source: Source, what: impl std::fmt::Display) -> Error {
    Error::invalid(format!(
        "This {} export cannot be imported: {what}. Nothing was imported.",
        source.name()
    ))
}

/// Imports `path` into the vault behind `conn`, all or nothing.
pub fn import_file(
    conn: &Connection,
    source: Source,
    path: &Path,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<ImportReport> {
    let docs = read_documents(source, path)?;
    let values: usize = docs.iter().map(|d| count_values(d)).sum();
    if values > MAX_JSON_VALUES {
        return Err(bad(
            source,
            "it holds more than 10 million JSON values, far more than any export",
        ));
    }
    let mut parsed = Parsed::default();
    for doc in docs {
        let value: Value = serde_json::from_slice(&doc).map_err(|e| {
            if e.to_string().contains("recursion limit") {
                bad(source, "it is nested far deeper than any export")
            } else {
                bad(
                    source,
                    format!(
                        "it is not valid JSON (line {}, column {})",
                        e.line(),
                        e.column()
                    ),
                )
            }
        })?;
        match source {
            Source::Jrnl => parse_jrnl(&value, &mut parsed)?,
            Source::DayOne => parse_dayone(&value, &mut parsed)?,
            Source::Kindred => parse_kindred(&value, &mut parsed)?,
        }
    }
    if parsed.entries.len() > MAX_ENTRIES {
        return Err(bad(
            source,
            format!("it has more than {MAX_ENTRIES} entries"),
        ));
    }
    write(conn, source, parsed, progress)
}

/// The JSON documents in `path`: the file itself, or each top-level `.json`
/// member of a Day One zip.
fn read_documents(source: Source, path: &Path) -> Result<Vec<Vec<u8>>> {
    let mut f = std::fs::File::open(path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            Error::not_found(format!("There is no file at {}.", path.display()))
        } else {
            Error::io("read the import file", &e)
        }
    })?;
    let mut magic = [0u8; 4];
    let n = f
        .read(&mut magic)
        .map_err(|e| Error::io("read the import file", &e))?;
    drop(f);
    if n == 4 && &magic == b"PK\x03\x04" {
        if source != Source::DayOne {
            return Err(bad(
                source,
                "it is a zip archive; only Day One exports come zipped",
            ));
        }
        return read_zip(path);
    }
    let f = std::fs::File::open(path).map_err(|e| Error::io("read the import file", &e))?;
    Ok(vec![read_limited(f, source)?])
}

fn read_limited(r: impl Read, source: Source) -> Result<Vec<u8>> {
    let mut buf = Vec::new();
    r.take(MAX_JSON_BYTES + 1)
        .read_to_end(&mut buf)
        .map_err(|e| Error::io("read the import file", &e))?;
    if buf.len() as u64 > MAX_JSON_BYTES {
        return Err(bad(source, "it is larger than 256 MiB of JSON"));
    }
    Ok(buf)
}

fn read_zip(path: &Path) -> Result<Vec<Vec<u8>>> {
    let f = std::fs::File::open(path).map_err(|e| Error::io("read the import file", &e))?;
    let mut zip =
        zip::ZipArchive::new(f).map_err(|_| bad(Source::DayOne, "the zip archive is damaged"))?;
    if zip.len() > MAX_ZIP_MEMBERS {
        return Err(bad(Source::DayOne, "the zip archive has too many files"));
    }
    let mut docs = Vec::new();
    let mut total = 0u64;
    for i in 0..zip.len() {
        let member = zip
            .by_index(i)
            .map_err(|_| bad(Source::DayOne, "the zip archive is damaged"))?;
        let name = member
            .name()
            .map_err(|_| {
                bad(
                    Source::DayOne,
                    "a file name in the zip archive is not valid",
                )
            })?
            .into_owned();
        // Journals are JSON files at the top level; photos/ and others are media.
        if member.is_dir() || name.contains('/') || !name.to_ascii_lowercase().ends_with(".json") {
            continue;
        }
        // `read_limited` counts real bytes: a member lying about its size
        // (a zip bomb) stops at the limit.
        let doc = read_limited(member, Source::DayOne)?;
        total += doc.len() as u64;
        if total > MAX_JSON_BYTES {
            return Err(bad(
                Source::DayOne,
                "its journals add up to more than 256 MiB of JSON",
            ));
        }
        docs.push(doc);
    }
    if docs.is_empty() {
        return Err(bad(
            Source::DayOne,
            "the zip archive holds no journal (.json) file",
        ));
    }
    Ok(docs)
}

/// How many JSON values `doc` holds, give or take one per list or object:
/// each list or object opens with `[` or `{`, and each further member
/// follows a `,`. Text inside strings is skipped.
fn count_values(doc: &[u8]) -> usize {
    let mut count = 1;
    let mut in_string = false;
    let mut escaped = false;
    for &b in doc {
        if in_string {
            if escaped {
                escaped = false;
            } else if b == b'\\' {
                escaped = true;
            } else if b == b'"' {
                in_string = false;
            }
        } else {
            match b {
                b'"' => in_string = true,
                b'[' | b'{' | b',' => count += 1,
                _ => {}
            }
        }
    }
    count
}

fn entries_array(v: &Value, source: Source) -> Result<&Vec<Value>> {
    v.get("entries")
        .and_then(Value::as_array)
        .ok_or_else(|| bad(source, "it has no \"entries\" list"))
}

fn check_text(source: Source, label: &str, field: &str, s: &str) -> Result<()> {
    if s.len() > MAX_BODY_BYTES {
        return Err(bad(
            source,
            format!("{label}: its {field} is larger than 64 MiB"),
        ));
    }
    Ok(())
}

fn hash_key(parts: &[&str]) -> String {
    let mut h = Sha256::new();
    for p in parts {
        h.update((p.len() as u64).to_le_bytes());
        h.update(p.as_bytes());
    }
    HEXLOWER.encode(&h.finalize())
}

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

fn parse_jrnl(v: &Value, out: &mut Parsed) -> Result<()> {
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
        });
    }
    Ok(())
}

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

fn parse_dayone(v: &Value, out: &mut Parsed) -> Result<()> {
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
            DateTime::parse_from_rfc3339(t)
                .map(|d| d.with_timezone(&Utc))
                .map_err(|_| bad(s, format!("{label}: a date is not an ISO 8601 time")))
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

fn parse_kindred(v: &Value, out: &mut Parsed) -> Result<()> {
    let s = Source::Kindred;
    if v.get("format").and_then(Value::as_str) != Some(super::EXPORT_FORMAT) {
        return Err(bad(s, "it is not a Kindred export"));
    }
    let version = v.get("version").and_then(Value::as_u64).unwrap_or(0);
    if version > u64::from(super::EXPORT_VERSION) {
        return Err(Error::UnsupportedVersion {
            what: "The export",
            found: u32::try_from(version).unwrap_or(u32::MAX),
            supported: super::EXPORT_VERSION,
        });
    }
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
        if !person_ids.insert(p.id) {
            return Err(bad(s, format!("{label}: the id {} appears twice", p.id)));
        }
        out.people.push(PersonRow {
            id: p.id,
            name: p.name,
            relationship: p.relationship,
            proximity,
            how_we_met: p.how_we_met,
            cadence_days: p.cadence_days.filter(|d| *d > 0),
            archived: p.archived,
            created_at: p.created_at,
            updated_at: p.updated_at,
            deleted_at: p.deleted_at,
        });
    }
    for (i, raw) in list("notes")?.into_iter().enumerate() {
        let label = format!("note {}", i + 1);
        let n: KNote = serde_json::from_value(raw)
            .map_err(|e| bad(s, format!("{label}: {}", plain_serde(&e))))?;
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
            created_at: n.created_at,
            updated_at: n.updated_at,
            deleted_at: n.deleted_at,
        });
    }
    for (t, spec) in REFLECTION_TABLES.iter().enumerate() {
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
            let mut values = Vec::with_capacity(spec.cols.len());
            for (col, ty) in spec.cols {
                let v = obj.get(*col).unwrap_or(&Value::Null);
                let value = match (ty, v) {
                    (Col::Int | Col::OptInt, Value::Number(n)) if n.is_i64() => {
                        rusqlite::types::Value::Integer(n.as_i64().unwrap_or_default())
                    }
                    (Col::Text | Col::OptText, Value::String(t)) => {
                        check_text(s, &label, col, t)?;
                        rusqlite::types::Value::Text(t.clone())
                    }
                    (Col::OptInt | Col::OptText, Value::Null) => rusqlite::types::Value::Null,
                    _ => {
                        return Err(bad(
                            s,
                            format!(
                                "{label}: the field \"{col}\" is missing or has the wrong type"
                            ),
                        ))
                    }
                };
                values.push(value);
            }
            if let Some(p) = spec.cols.iter().position(|(c, _)| *c == "person_id") {
                if let rusqlite::types::Value::Integer(pid) = values[p] {
                    if !person_ids.contains(&pid) {
                        return Err(bad(
                            s,
                            format!("{label}: it is about person {pid}, who is not in the file"),
                        ));
                    }
                }
            }
            out.extra.push((t, values, i + 1));
        }
    }
    for (i, raw) in list("entries")?.into_iter().enumerate() {
        let label = format!("entry {}", i + 1);
        let e: KEntry = serde_json::from_value(raw)
            .map_err(|err| bad(s, format!("{label}: {}", plain_serde(&err))))?;
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
            date: e.date,
            created_at: e.created_at,
            updated_at: e.updated_at,
            deleted_at: e.deleted_at,
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
        });
    }
    Ok(())
}

/// Serde's message without the input it quotes (it can quote user text).
fn plain_serde(e: &serde_json::Error) -> String {
    let msg = e.to_string();
    let field = msg
        .split('`')
        .nth(1)
        .filter(|f| f.len() < 40 && f.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'));
    match (e.classify(), field) {
        (_, Some(f)) if msg.starts_with("missing field") => format!("the field \"{f}\" is missing"),
        (_, Some(f)) if msg.starts_with("unknown field") => {
            format!("it has an unknown field \"{f}\"")
        }
        _ if msg.starts_with("invalid type") => "a field has the wrong type".into(),
        _ => "a field is malformed".into(),
    }
}

/// Whether `s` is an identifier (a uuid, a field or zone name) and so safe
/// to quote in a message; user text never is.
fn is_ident(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '/' | '+'))
}

/// `s` quoted when it is an identifier, else a neutral word.
fn ident(s: &str) -> String {
    if is_ident(s) {
        format!("\"{s}\"")
    } else {
        "(not shown)".into()
    }
}

fn one_line(s: &str) -> String {
    s.lines()
        .next()
        .unwrap_or_default()
        .trim()
        .chars()
        .take(500)
        .collect()
}

/// Writes everything in one transaction.
fn write(
    conn: &Connection,
    source: Source,
    parsed: Parsed,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<ImportReport> {
    let mut report = ImportReport {
        media_skipped: parsed.media_skipped,
        ..ImportReport::default()
    };
    let total =
        (parsed.entries.len() + parsed.people.len() + parsed.notes.len() + parsed.extra.len())
            as u64;
    let tx = conn.unchecked_transaction()?;
    // A Kindred export into an empty vault keeps its ids: a true restore.
    let empty: bool = tx.query_row(
        "SELECT NOT EXISTS (SELECT 1 FROM entries) AND NOT EXISTS (SELECT 1 FROM people)
                AND NOT EXISTS (SELECT 1 FROM notes)",
        [],
        |r| r.get(0),
    )?;
    let keep_ids = source == Source::Kindred && empty;
    let mut people_map: BTreeMap<i64, i64> = BTreeMap::new();
    let mut done = 0u64;
    for p in &parsed.people {
        let existing: Option<i64> = tx
            .query_row(
                "SELECT id FROM people WHERE name = ?1 AND created_at = ?2",
                params![p.name, to_db(p.created_at)],
                |r| r.get(0),
            )
            .optional()?;
        let id = match existing {
            Some(id) => id,
            None => {
                tx.execute(
                    "INSERT INTO people (id, name, relationship, proximity, how_we_met, cadence_days,
                                         archived, created_at, updated_at, deleted_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                    params![
                        keep_ids.then_some(p.id),
                        p.name.trim(),
                        p.relationship,
                        p.proximity.map(Proximity::level),
                        p.how_we_met,
                        p.cadence_days,
                        p.archived,
                        to_db(p.created_at),
                        to_db(p.updated_at),
                        p.deleted_at.map(to_db)
                    ],
                )?;
                report.people += 1;
                let id = tx.last_insert_rowid();
                search_index::reindex(&tx, Kind::Person, id)?;
                id
            }
        };
        people_map.insert(p.id, id);
        done += 1;
        progress(done, total);
    }
    for n in &parsed.notes {
        let person = people_map[&n.person_id];
        let exists: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM notes WHERE person_id = ?1 AND created_at = ?2 AND body_md = ?3)",
            params![person, to_db(n.created_at), n.body],
            |r| r.get(0),
        )?;
        if !exists {
            tx.execute(
                "INSERT INTO notes (id, person_id, body_md, created_at, updated_at, deleted_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![
                    keep_ids.then_some(n.id),
                    person,
                    n.body,
                    to_db(n.created_at),
                    to_db(n.updated_at),
                    n.deleted_at.map(to_db)
                ],
            )?;
            report.notes += 1;
            search_index::reindex(&tx, Kind::Note, tx.last_insert_rowid())?;
        }
        done += 1;
        progress(done, total);
    }
    let mut seen_in_file: HashSet<(String, String)> = HashSet::new();
    let mut upsert_tag = tx.prepare_cached(
        "INSERT INTO tags (name) VALUES (?1) ON CONFLICT (name) DO UPDATE SET name = name RETURNING id",
    )?;
    let mut link_tag =
        tx.prepare_cached("INSERT OR IGNORE INTO entry_tags (entry_id, tag_id) VALUES (?1, ?2)")?;
    let mut link_person = tx.prepare_cached(
        "INSERT OR IGNORE INTO entry_people (entry_id, person_id) VALUES (?1, ?2)",
    )?;
    let mut insert = tx.prepare_cached(
        "INSERT INTO entries (id, entry_date, title, body_md, mood, starred, time_zone, source,
                              source_key, created_at, updated_at, deleted_at, prompt_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
    )?;
    for e in &parsed.entries {
        done += 1;
        let duplicate = match &e.source {
            Some(key) => {
                !seen_in_file.insert(key.clone())
                    || tx
                        .prepare_cached("SELECT EXISTS (SELECT 1 FROM entries WHERE source = ?1 AND source_key = ?2)")?
                        .query_row(params![key.0, key.1], |r| r.get::<_, bool>(0))?
            }
            None => tx
                .prepare_cached(
                    "SELECT EXISTS (SELECT 1 FROM entries WHERE created_at = ?1 AND entry_date = ?2
                                    AND title = ?3 AND body_md = ?4)",
                )?
                .query_row(
                    params![to_db(e.created_at), e.date.to_string(), e.title, e.body],
                    |r| r.get::<_, bool>(0),
                )?,
        };
        if duplicate {
            report.duplicates += 1;
            progress(done, total);
            continue;
        }
        insert.execute(params![
            keep_ids.then_some(e.id).flatten(),
            e.date.to_string(),
            e.title,
            e.body,
            e.mood,
            e.starred,
            e.time_zone,
            e.source.as_ref().map(|s| s.0.as_str()),
            e.source.as_ref().map(|s| s.1.as_str()),
            to_db(e.created_at),
            to_db(e.updated_at),
            e.deleted_at.map(to_db),
            e.prompt_id
        ])?;
        let id = tx.last_insert_rowid();
        for t in &e.tags {
            let tag_id: i64 = upsert_tag.query_row([t], |r| r.get(0))?;
            link_tag.execute(params![id, tag_id])?;
        }
        for p in &e.people {
            link_person.execute(params![id, people_map[p]])?;
        }
        search_index::index_new(&tx, Kind::Entry, id)?;
        report.entries += 1;
        if done.is_multiple_of(256) {
            progress(done, total);
        }
    }
    drop((upsert_tag, link_tag, link_person, insert));
    for (t, mut values, row) in parsed.extra {
        let spec = &REFLECTION_TABLES[t];
        let pos = |c: &str| spec.cols.iter().position(|(n, _)| *n == c);
        if let Some(p) = pos("person_id") {
            if let rusqlite::types::Value::Integer(pid) = values[p] {
                values[p] = rusqlite::types::Value::Integer(people_map[&pid]);
            }
        }
        let cond: Vec<String> = spec
            .key
            .iter()
            .enumerate()
            .map(|(i, k)| format!("{k} IS ?{}", i + 1))
            .collect();
        let key_params: Vec<&rusqlite::types::Value> = spec
            .key
            .iter()
            .filter_map(|k| pos(k).map(|p| &values[p]))
            .collect();
        let exists: bool = tx.query_row(
            &format!(
                "SELECT EXISTS (SELECT 1 FROM {} WHERE {})",
                spec.name,
                cond.join(" AND ")
            ),
            rusqlite::params_from_iter(key_params),
            |r| r.get(0),
        )?;
        done += 1;
        if done.is_multiple_of(256) {
            progress(done, total);
        }
        if exists {
            continue;
        }
        if !keep_ids {
            values[0] = rusqlite::types::Value::Null;
        }
        let cols: Vec<&str> = spec.cols.iter().map(|(c, _)| *c).collect();
        let marks: Vec<String> = (1..=cols.len()).map(|i| format!("?{i}")).collect();
        tx.execute(
            &format!(
                "INSERT INTO {} ({}) VALUES ({})",
                spec.name,
                cols.join(", "),
                marks.join(", ")
            ),
            rusqlite::params_from_iter(values.iter()),
        )
        .map_err(|e| match Error::from(e) {
            Error::Internal(_) => bad(
                source,
                format!("{} row {row}: a value is out of range", spec.name),
            ),
            other => other,
        })?;
        let id = tx.last_insert_rowid();
        match spec.name {
            "checkins" => search_index::reindex(&tx, Kind::Checkin, id)?,
            "moments" => search_index::reindex(&tx, Kind::Moment, id)?,
            _ => {}
        }
    }
    progress(total, total);
    tx.commit()?;
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::count_values;

    #[test]
    fn values_are_counted_outside_strings_only() {
        assert_eq!(count_values(b"0"), 1);
        assert_eq!(count_values(b"[0,0,0]"), 4);
        assert_eq!(count_values(br#"{"a": [1, 2], "b": {"c": 3}}"#), 6);
        // Brackets and commas inside strings, and escaped quotes, are text.
        assert_eq!(count_values(br#"["a,[b]{c}", "d\",e"]"#), 3);
        assert_eq!(count_values(br#"["\\", 1]"#), 3);
    }
}
