//! Imports. Limits keep hostile files from exhausting memory: a JSON
//! document of at most 256 MiB (read through a counting reader, so a zip
//! entry that lies about its size cannot exceed it), serde_json's nesting
//! limit, and at most a million entries.

mod dayone;
mod jrnl;
mod kindred;
mod media;
mod writer;

use std::io::{Read, Seek, SeekFrom};
use std::path::Path;

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use data_encoding::HEXLOWER;
use rusqlite::Connection;
use serde::Serialize;
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::blobs::BlobStore;
use crate::error::{Error, Result};
use crate::journal::MAX_BODY_BYTES;
use crate::model::Proximity;
use crate::store;

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

    pub(crate) fn name(self) -> &'static str {
        match self {
            Self::Jrnl => "jrnl",
            Self::DayOne => "Day One",
            Self::Kindred => "Kindred",
        }
    }
}

/// Where a long import is: reading the file (bytes, unpacked from a zip
/// as they are read), then writing what it holds (rows).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportStage {
    /// Bytes read (or unpacked) of the file's journals.
    Read,
    /// Rows written of all the file holds.
    Write,
}

impl ImportStage {
    /// The stage's name in progress events: `read`, `import`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Read => "read",
            Self::Write => "import",
        }
    }
}

/// How an import tells where it is: the stage, done and total.
pub type ImportProgress<'a> = &'a mut dyn FnMut(ImportStage, u64, u64);

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "contract", derive(ts_rs::TS))]
pub struct ImportReport {
    /// Entries added.
    pub entries: usize,
    /// People added (Kindred imports).
    pub people: usize,
    /// Notes added (Kindred imports).
    pub notes: usize,
    /// Entries already in the vault (or twice in the file), not added again.
    pub duplicates: usize,
    /// Photos, videos, audio and PDFs attached to the entries added.
    pub media: usize,
    /// Media an entry lists or refers to that the file does not hold (a
    /// Day One `Journal.json` without its zip, a file missing from the
    /// zip, a listing without an identifier), not attached.
    pub media_missing: usize,
    /// Where the file departed from its format and the import went on
    /// with a stand-in, by kind.
    pub fallbacks: ImportFallbacks,
}

/// What an import stood in for, counted (files from converters that write
/// Day One's format loosely).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "contract", derive(ts_rs::TS))]
pub struct ImportFallbacks {
    /// Entries without a usable id, known instead by a hash of their date
    /// and text, so a second import still finds them.
    pub no_uuid: usize,
    /// Time zones not known by name: the entry's date is read at the
    /// offset its time carries (UTC for `Z`).
    pub time_zones: usize,
    /// `"(null)"` values, taken as missing.
    pub null_values: usize,
}

impl ImportFallbacks {
    /// How many in all.
    pub fn total(&self) -> usize {
        self.no_uuid + self.time_zones + self.null_values
    }
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
    pinned: bool,
    place: Option<String>,
    weather: Option<String>,
    /// Media files the entry lists (Day One).
    media: Vec<media::Media>,
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

/// A row of one of the reflection tables, checked against its spec.
#[derive(Debug)]
struct ExtraRow {
    /// Which table (an index into `REFLECTION_TABLES`).
    table: usize,
    /// The values, in the table's column order.
    values: Vec<rusqlite::types::Value>,
    /// Its place in the file, for messages.
    row: usize,
}

/// Whose an attachment of a Kindred export is (ids as in the file).
#[derive(Debug, Clone, Copy)]
enum AttachmentOwner {
    Entry(i64),
    Person(i64),
}

/// An attachment of a Kindred export, checked: its file is read, and
/// checked against its SHA-256, when it is written.
#[derive(Debug)]
struct AttachmentRow {
    id: i64,
    owner: AttachmentOwner,
    name: String,
    sha256: String,
    created_at: DateTime<Utc>,
    deleted_at: Option<DateTime<Utc>>,
    /// Its path, relative to the export file's folder.
    file: String,
}

/// Everything a file holds, checked and ready for the writer.
#[derive(Debug, Default)]
struct Parsed {
    entries: Vec<Row>,
    people: Vec<PersonRow>,
    notes: Vec<NoteRow>,
    extra: Vec<ExtraRow>,
    /// Attachments (Kindred exports).
    attachments: Vec<AttachmentRow>,
    /// Media referred to that no listing describes, or listed unusably.
    media_unlisted: usize,
    fallbacks: ImportFallbacks,
}

/// One source's parser: checks a JSON document and adds its rows to
/// `out`, naming the entry in every error. Nothing is written until every
/// document of the file has parsed.
trait Importer {
    fn parse(doc: &Value, out: &mut Parsed) -> Result<()>;
}

fn bad(source: Source, what: impl std::fmt::Display) -> Error {
    Error::invalid(format!(
        "This {} export cannot be imported: {what}. Nothing was imported.",
        source.name()
    ))
}

/// Imports `path` into the vault behind `conn`, all or nothing; a Day
/// One zip's media go into `blobs` and are attached to their entries.
pub fn import_file(
    conn: &Connection,
    source: Source,
    path: &Path,
    blobs: Option<&BlobStore>,
    progress: ImportProgress<'_>,
) -> Result<ImportReport> {
    let f = std::fs::File::open(path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            Error::not_found(format!("There is no file at {}.", path.display()))
        } else {
            Error::io("read the import file", &e)
        }
    })?;
    let parsed = parse(source, f, progress)?;
    // Media come from a Day One zip into the blob store; without a store
    // they are counted as missing.
    let files = match (source, blobs) {
        (Source::DayOne, Some(_)) => media::Files::open(path)?.map(writer::MediaFiles::Zip),
        (Source::Kindred, Some(_)) => Some(writer::MediaFiles::Folder(
            path.parent().map(Path::to_path_buf).unwrap_or_default(),
        )),
        _ => None,
    };
    let mut written = Vec::new();
    let media = files.zip(blobs).map(|(f, blobs)| writer::MediaTarget {
        files: f,
        blobs,
        written: &mut written,
    });
    let report = writer::write(conn, source, parsed, media, &mut |d, t| {
        progress(ImportStage::Write, d, t);
    });
    // Nothing names what an import that failed stored: it goes at once.
    if let (Err(_), Some(blobs)) = (&report, blobs) {
        for id in written {
            let _ = std::fs::remove_file(blobs.path_of(&id));
        }
    }
    report
}

/// Reads and checks a whole file (a JSON document, or a Day One zip):
/// every row the writer would insert, nothing written.
fn parse(source: Source, file: impl Read + Seek, progress: ImportProgress<'_>) -> Result<Parsed> {
    let docs = read_documents(source, file, &mut |d, t| progress(ImportStage::Read, d, t))?;
    let values: usize = docs.iter().map(|(_, d)| count_values(d)).sum();
    if values > MAX_JSON_VALUES {
        return Err(bad(
            source,
            "it holds more than 10 million JSON values, far more than any export",
        ));
    }
    let mut parsed = Parsed::default();
    // An export of several journals tags each entry with its journal.
    let several = docs.len() > 1;
    for (name, doc) in docs {
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
            Source::Jrnl => jrnl::Jrnl::parse(&value, &mut parsed)?,
            Source::DayOne => {
                let journal = name.as_deref().filter(|_| several);
                dayone::DayOne::parse_journal(&value, journal, &mut parsed)?;
            }
            Source::Kindred => kindred::Kindred::parse(&value, &mut parsed)?,
        }
    }
    if parsed.entries.len() > MAX_ENTRIES {
        return Err(bad(
            source,
            format!("it has more than {MAX_ENTRIES} entries"),
        ));
    }
    Ok(parsed)
}

/// What a parse accepted, for the fuzz harness's checks.
#[cfg(feature = "fuzzing")]
#[derive(Debug, Default)]
pub struct Accepted {
    /// Entries' calendar dates.
    pub dates: Vec<NaiveDate>,
    /// Every time of every row (created, updated, deleted).
    pub times: Vec<DateTime<Utc>>,
    /// Entry titles.
    pub titles: Vec<String>,
    /// People's names.
    pub names: Vec<String>,
    /// Each entry's tags.
    pub tags: Vec<Vec<String>>,
    /// Rows of every kind.
    pub rows: usize,
}

/// Parses a file's bytes as [`import_file`] parses a file, writing nothing.
#[cfg(feature = "fuzzing")]
pub fn parse_bytes(source: Source, bytes: &[u8]) -> Result<Accepted> {
    let p = parse(source, std::io::Cursor::new(bytes), &mut |_, _, _| {})?;
    let mut a = Accepted {
        rows: p.entries.len() + p.people.len() + p.notes.len() + p.extra.len(),
        ..Accepted::default()
    };
    for e in p.entries {
        a.dates.push(e.date);
        a.times.extend(
            [Some(e.created_at), Some(e.updated_at), e.deleted_at]
                .into_iter()
                .flatten(),
        );
        a.titles.push(e.title);
        a.tags.push(e.tags);
    }
    for x in p.people {
        a.times.extend(
            [Some(x.created_at), Some(x.updated_at), x.deleted_at]
                .into_iter()
                .flatten(),
        );
        a.names.push(x.name);
    }
    for n in p.notes {
        a.times.extend(
            [Some(n.created_at), Some(n.updated_at), n.deleted_at]
                .into_iter()
                .flatten(),
        );
    }
    Ok(a)
}

/// Parses a file's bytes and writes them through `conn`, as [`import_file`].
#[cfg(feature = "fuzzing")]
pub fn import_bytes(conn: &Connection, source: Source, bytes: &[u8]) -> Result<ImportReport> {
    let parsed = parse(source, std::io::Cursor::new(bytes), &mut |_, _, _| {})?;
    writer::write(conn, source, parsed, None, &mut |_, _| {})
}

/// A JSON document and, for a member of a zip, its journal's name.
type Document = (Option<String>, Vec<u8>);

/// The JSON documents in `file`: the file itself, or each top-level `.json`
/// member of a Day One zip.
fn read_documents(
    source: Source,
    mut file: impl Read + Seek,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<Vec<Document>> {
    let io_err = |e: std::io::Error| Error::io("read the import file", &e);
    let size = file.seek(SeekFrom::End(0)).map_err(io_err)?;
    file.seek(SeekFrom::Start(0)).map_err(io_err)?;
    let mut magic = [0u8; 4];
    let n = file.read(&mut magic).map_err(io_err)?;
    file.seek(SeekFrom::Start(0)).map_err(io_err)?;
    if n == 4 && &magic == b"PK\x03\x04" {
        if source != Source::DayOne {
            return Err(bad(
                source,
                "it is a zip archive; only Day One exports come zipped",
            ));
        }
        return read_zip(file, progress);
    }
    let read_error = |e: std::io::Error| Error::io("read the import file", &e);
    let total = size.min(MAX_JSON_BYTES);
    let doc = read_limited(file, source, read_error, &mut |d| {
        progress(d.min(total), total)
    })?;
    Ok(vec![(None, doc)])
}

/// Reads at most `MAX_JSON_BYTES` (and one more, to tell), telling how
/// many bytes are in after each piece.
fn read_limited(
    r: impl Read,
    source: Source,
    read_error: impl FnOnce(std::io::Error) -> Error,
    progress: &mut dyn FnMut(u64),
) -> Result<Vec<u8>> {
    let mut r = r.take(MAX_JSON_BYTES + 1);
    let mut buf = Vec::new();
    let mut piece = vec![0u8; 1 << 20];
    loop {
        match r.read(&mut piece) {
            Ok(0) => break,
            Ok(n) => {
                buf.extend_from_slice(&piece[..n]);
                progress(buf.len() as u64);
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(read_error(e)),
        }
    }
    if buf.len() as u64 > MAX_JSON_BYTES {
        return Err(bad(source, "it is larger than 256 MiB of JSON"));
    }
    Ok(buf)
}

fn read_zip(file: impl Read + Seek, progress: &mut dyn FnMut(u64, u64)) -> Result<Vec<Document>> {
    let mut zip = zip::ZipArchive::new(file)
        .map_err(|_| bad(Source::DayOne, "the zip archive is damaged"))?;
    if zip.len() > MAX_ZIP_MEMBERS {
        return Err(bad(Source::DayOne, "the zip archive has too many files"));
    }
    // What the journals say they unpack to, for the bar (a member may lie:
    // the bar is held at its end, and the limit below counts real bytes).
    let journal = |name: &str| !name.contains('/') && name.to_ascii_lowercase().ends_with(".json");
    let mut expected = 0u64;
    for i in 0..zip.len() {
        if let Ok(m) = zip.by_index_raw(i) {
            if !m.is_dir() && m.name().is_ok_and(|n| journal(&n)) {
                expected = expected.saturating_add(m.size());
            }
        }
    }
    let expected = expected.min(MAX_JSON_BYTES);
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
        if member.is_dir() || !journal(&name) {
            continue;
        }
        // `read_limited` counts real bytes: a member lying about its size
        // (a zip bomb) stops at the limit.
        // A failed read that the system did not report (a bad checksum, a
        // broken deflate stream, a member cut short) is a damaged archive.
        let read_error = |e: std::io::Error| match e.raw_os_error() {
            Some(_) => Error::io("read the import file", &e),
            None => bad(Source::DayOne, "the zip archive is damaged"),
        };
        let before = total;
        let doc = read_limited(member, Source::DayOne, read_error, &mut |d| {
            progress((before + d).min(expected), expected);
        })?;
        total += doc.len() as u64;
        if total > MAX_JSON_BYTES {
            return Err(bad(
                Source::DayOne,
                "its journals add up to more than 256 MiB of JSON",
            ));
        }
        // The journal's name is its file's: `Travel.json` is "Travel".
        let journal = name[..name.len() - ".json".len()].trim().to_owned();
        docs.push(((!journal.is_empty()).then_some(journal), doc));
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

/// `t` when the vault can store it and read it back: within
/// `store::YEARS` in UTC (a time near year 0 or 9999 can cross over when
/// its offset is taken away).
fn storable_time(source: Source, label: &str, t: DateTime<Utc>) -> Result<DateTime<Utc>> {
    if store::YEARS.contains(&t.year()) {
        Ok(t)
    } else {
        Err(bad(
            source,
            format!("{label}: a time is outside the years 0 to 9999"),
        ))
    }
}

/// `d` when the vault can store it and read it back (see [`storable_time`]).
fn storable_date(source: Source, label: &str, d: NaiveDate) -> Result<NaiveDate> {
    if store::YEARS.contains(&d.year()) {
        Ok(d)
    } else {
        Err(bad(
            source,
            format!("{label}: a date is outside the years 0 to 9999"),
        ))
    }
}

fn hash_key(parts: &[&str]) -> String {
    let mut h = Sha256::new();
    for p in parts {
        h.update((p.len() as u64).to_le_bytes());
        h.update(p.as_bytes());
    }
    HEXLOWER.encode(&h.finalize())
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

/// A place or weather as an entry's header shows it: one line of at most
/// 200 characters, none when empty.
fn short_label(s: &str) -> Option<String> {
    let line: String = one_line(s)
        .chars()
        .filter(|c| !c.is_control())
        .take(200)
        .collect();
    let line = line.trim();
    (!line.is_empty()).then(|| line.to_owned())
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
