//! Day One's JSON export (`Journal.json`, alone or in the export zip):
//! entries with a uuid, ISO 8601 times and the time zone they were written
//! in, tags, a star, and media (photos, video, audio, PDFs), attached to
//! their entries from the export zip (see `media`).
//!
//! Files written by other tools that convert to Day One's format are
//! accepted where what they lack has a sensible stand-in, each counted in
//! the report's `fallbacks`: an entry without a uuid is known by a hash of
//! its content (as jrnl entries are), a time-zone name that is not known
//! falls back to the offset in the date, and the `"(null)"` some write for
//! a missing value is taken as missing. What cannot stand in for an entry
//! (text that is not text, a date that is not a date) still refuses the
//! whole file, naming the entry.

use chrono::{DateTime, FixedOffset, NaiveDateTime, Utc};
use chrono_tz::Tz;
use serde::Deserialize;
use serde_json::Value;

use super::media::Kind as MediaKind;
use super::{bad, check_text, entries_array, hash_key, is_ident, plain_serde};
use super::{storable_date, storable_time};
use super::{Importer, Parsed, Row, Source};
use crate::error::Result;
use crate::journal::{normalize_tags, MAX_TAG_CHARS};

/// The Day One importer.
#[derive(Debug)]
pub(super) struct DayOne;

/// What some converters write where Day One leaves a value out.
const NULL_TEXT: &str = "(null)";

#[derive(Deserialize)]
struct DayOneEntry {
    #[serde(default)]
    uuid: Option<String>,
    #[serde(rename = "creationDate")]
    creation_date: String,
    #[serde(rename = "modifiedDate", default)]
    modified_date: Option<String>,
    #[serde(rename = "timeZone", default)]
    time_zone: Option<String>,
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    tags: Option<Vec<String>>,
    #[serde(default)]
    starred: Option<bool>,
    #[serde(rename = "isPinned", default)]
    pinned: Option<bool>,
    #[serde(default)]
    location: Option<Value>,
    #[serde(default)]
    weather: Option<Value>,
    #[serde(default)]
    photos: Option<Vec<Value>>,
    #[serde(default)]
    videos: Option<Vec<Value>>,
    #[serde(default)]
    audios: Option<Vec<Value>>,
    #[serde(rename = "pdfAttachments", default)]
    pdfs: Option<Vec<Value>>,
}

impl DayOne {
    /// Parses one journal's document; `journal` names it when the export
    /// holds several, and becomes a tag on each of its entries.
    pub(super) fn parse_journal(v: &Value, journal: Option<&str>, out: &mut Parsed) -> Result<()> {
        let s = Source::DayOne;
        for (i, raw) in entries_array(v, s)?.iter().enumerate() {
            let uuid_hint = raw
                .get("uuid")
                .and_then(Value::as_str)
                .filter(|u| is_ident(u))
                .map(|u| format!(" ({u})"))
                .unwrap_or_default();
            let label = format!("entry {}{uuid_hint}", i + 1);
            let mut raw = raw.clone();
            out.fallbacks.null_values += drop_null_text(&mut raw);
            let e = DayOneEntry::deserialize(&raw)
                .map_err(|err| bad(s, format!("{label}: {}", plain_serde(&err))))?;
            let written = parse_time(&e.creation_date)
                .ok_or_else(|| bad(s, format!("{label}: a date is not an ISO 8601 time")))?;
            let created_at = storable_time(s, &label, written.with_timezone(&Utc))?;
            let updated_at = match &e.modified_date {
                Some(m) => {
                    let t = parse_time(m).ok_or_else(|| {
                        bad(s, format!("{label}: a date is not an ISO 8601 time"))
                    })?;
                    storable_time(s, &label, t.with_timezone(&Utc))?
                }
                None => created_at,
            };
            // The calendar date is the one where it was written: in its
            // named zone, else at the offset the date carries.
            let (date, zone) = match e.time_zone.as_deref().map(str::trim) {
                Some(name) if !name.is_empty() => match zone_named(name) {
                    Some(tz) => (
                        created_at.with_timezone(&tz).date_naive(),
                        Some(tz.name().to_owned()),
                    ),
                    None => {
                        out.fallbacks.time_zones += 1;
                        (written.date_naive(), None)
                    }
                },
                _ => (written.date_naive(), None),
            };
            let date = storable_date(s, &label, date)?;
            let text = unescape(&e.text.unwrap_or_default());
            check_text(s, &label, "text", &text)?;
            let mut tags = e.tags.unwrap_or_default();
            if let Some(j) = journal {
                tags.push(
                    j.chars()
                        .filter(|c| !c.is_control())
                        .take(MAX_TAG_CHARS)
                        .collect(),
                );
            }
            let tags = normalize_tags(&tags)
                .map_err(|_| bad(s, format!("{label}: a tag is not a short label")))?;
            let media = super::media::listed(
                [
                    (MediaKind::Photo, e.photos.as_ref()),
                    (MediaKind::Video, e.videos.as_ref()),
                    (MediaKind::Audio, e.audios.as_ref()),
                    (MediaKind::Pdf, e.pdfs.as_ref()),
                ],
                &date.to_string(),
                &mut out.media_unlisted,
            );
            // References in the text to media no listing describes.
            let referred = text.matches("dayone-moment:").count();
            out.media_unlisted += referred.saturating_sub(media.len());
            let key = match e.uuid.as_deref().map(str::trim) {
                Some(u) if is_uuid(u) => u.to_owned(),
                _ => {
                    out.fallbacks.no_uuid += 1;
                    format!("hash:{}", hash_key(&[&e.creation_date, &text]))
                }
            };
            out.entries.push(Row {
                id: None,
                date,
                created_at,
                updated_at,
                deleted_at: None,
                title: String::new(),
                body: text,
                tags,
                people: Vec::new(),
                starred: e.starred.unwrap_or(false),
                mood: None,
                time_zone: zone,
                source: Some(("dayone".into(), key)),
                prompt_id: None,
                pinned: e.pinned.unwrap_or(false),
                place: e.location.as_ref().and_then(place_of),
                weather: e.weather.as_ref().and_then(weather_of),
                media,
            });
        }
        Ok(())
    }
}

impl Importer for DayOne {
    fn parse(v: &Value, out: &mut Parsed) -> Result<()> {
        Self::parse_journal(v, None, out)
    }
}

/// A place as Day One records it (`placeName`, `localityName`,
/// `administrativeArea`, `country`), named from the most to the least
/// precise: "Powell's Books, Portland, Oregon, United States".
fn place_of(location: &Value) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for k in ["placeName", "localityName", "administrativeArea", "country"] {
        if let Some(p) = location.get(k).and_then(Value::as_str).map(str::trim) {
            if !p.is_empty() && p != NULL_TEXT && !parts.contains(&p) {
                parts.push(p);
            }
        }
    }
    super::short_label(&parts.join(", "))
}

/// The weather as Day One records it: "Rain, 9 °C".
fn weather_of(weather: &Value) -> Option<String> {
    let mut parts: Vec<String> = Vec::new();
    if let Some(c) = weather
        .get("conditionsDescription")
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|c| !c.is_empty() && *c != NULL_TEXT)
    {
        parts.push(c.to_owned());
    }
    if let Some(t) = weather
        .get("temperatureCelsius")
        .and_then(Value::as_f64)
        .filter(|t| t.is_finite() && (-100.0..=100.0).contains(t))
    {
        parts.push(format!("{} °C", t.round()));
    }
    super::short_label(&parts.join(", "))
}

/// Whether `u` can be an entry's id: what Day One writes (32 hex digits)
/// and the dashed uuids of other tools.
fn is_uuid(u: &str) -> bool {
    !u.is_empty() && u.len() <= 64 && u.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
}

/// Removes the top-level fields whose value is `"(null)"` and the
/// `"(null)"` items of lists (tags), returning how many went.
fn drop_null_text(entry: &mut Value) -> usize {
    let Some(obj) = entry.as_object_mut() else {
        return 0;
    };
    let before = obj.len();
    obj.retain(|_, v| v.as_str() != Some(NULL_TEXT));
    let mut dropped = before - obj.len();
    for v in obj.values_mut() {
        if let Some(list) = v.as_array_mut() {
            let n = list.len();
            list.retain(|x| x.as_str() != Some(NULL_TEXT));
            dropped += n - list.len();
        }
    }
    dropped
}

/// An ISO 8601 time as Day One and its converters write it: with an
/// offset or `Z` (RFC 3339), or without one, read as UTC.
fn parse_time(t: &str) -> Option<DateTime<FixedOffset>> {
    let t = t.trim();
    DateTime::parse_from_rfc3339(t).ok().or_else(|| {
        ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M:%S%.f"]
            .iter()
            .find_map(|f| NaiveDateTime::parse_from_str(t, f).ok())
            .map(|n| n.and_utc().fixed_offset())
    })
}

/// A time zone by its IANA name, also as some converters spell it: with
/// JSON's escaped slash left in (`Etc\/GMT`).
fn zone_named(name: &str) -> Option<Tz> {
    name.parse::<Tz>()
        .ok()
        .or_else(|| name.replace('\\', "").parse::<Tz>().ok())
}

/// Day One's text with the backslash escapes it writes before punctuation
/// (`minim\.`, `This\-text`, `\(…\)`) removed where Markdown reads the
/// character the same without it. An escape stays where it keeps a
/// character from meaning something: emphasis and code marks, brackets,
/// a heading's `#`, a list's `-`, `+` or `1.` at the start of a line, the
/// `!` of an image, `(` after `]`; and nothing is touched inside code.
pub(super) fn unescape(text: &str) -> String {
    if !text.contains('\\') {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut in_fence = false;
    for (n, line) in text.split('\n').enumerate() {
        if n > 0 {
            out.push('\n');
        }
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            in_fence = !in_fence;
            out.push_str(line);
            continue;
        }
        if in_fence || line.starts_with("    ") || line.starts_with('\t') {
            out.push_str(line);
            continue;
        }
        unescape_line(line, &mut out);
    }
    out
}

fn unescape_line(line: &str, out: &mut String) {
    let chars: Vec<char> = line.chars().collect();
    let indent = chars.iter().take_while(|c| **c == ' ').count();
    let mut in_code = false;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '`' {
            in_code = !in_code;
        }
        if c != '\\' || in_code || i + 1 >= chars.len() {
            out.push(c);
            i += 1;
            continue;
        }
        let next = chars[i + 1];
        let at_start = i == indent;
        let only_digits_before = i > indent && chars[indent..i].iter().all(char::is_ascii_digit);
        let keep = match next {
            // Marks that mean something wherever they are.
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' => true,
            '#' | '-' | '+' | '=' => at_start,
            '.' | ')' => only_digits_before,
            '!' => chars.get(i + 2) == Some(&'['),
            '(' => i > 0 && chars[i - 1] == ']',
            c => !c.is_ascii_punctuation(),
        };
        if keep {
            out.push('\\');
            out.push(next);
        } else {
            out.push(next);
        }
        i += 2;
    }
}

#[cfg(test)]
mod tests {
    use super::{parse_time, unescape, zone_named};

    #[test]
    fn day_one_escapes_go_where_plain_text_needs_none() {
        assert_eq!(
            unescape(r"It was minim\. This\-text \(aside\)!"),
            "It was minim. This-text (aside)!"
        );
        assert_eq!(unescape(r"Wow\! 50\% off, a\+b\=c"), "Wow! 50% off, a+b=c");
        // Escapes that keep Markdown from reading something stay.
        assert_eq!(unescape(r"\# not a heading"), r"\# not a heading");
        assert_eq!(unescape(r"\- not a list"), r"\- not a list");
        assert_eq!(unescape(r"1\. not a list"), r"1\. not a list");
        assert_eq!(
            unescape(r"\*not bold\* and \_not\_ and \[x\]"),
            r"\*not bold\* and \_not\_ and \[x\]"
        );
        assert_eq!(unescape(r"\![not an image](x)"), r"\![not an image](x)");
        assert_eq!(unescape(r"a back\\slash"), r"a back\\slash");
        // Mid-line, the same marks mean nothing.
        assert_eq!(
            unescape(r"page 1\. and \#tag and 3\-4"),
            r"page 1. and #tag and 3-4"
        );
        // Code is left as written.
        assert_eq!(unescape("`a\\.b` c\\."), "`a\\.b` c.");
        assert_eq!(unescape("```\nx\\.y\n```\nz\\."), "```\nx\\.y\n```\nz.");
        // A backslash before a letter or at the end is text.
        assert_eq!(unescape(r"C:\Users\me\"), r"C:\Users\me\");
    }

    #[test]
    fn converters_dates_and_zones_are_read() {
        assert_eq!(zone_named(r"Etc\/GMT").map(|z| z.name()), Some("Etc/GMT"));
        assert_eq!(
            zone_named("Europe/Paris").map(|z| z.name()),
            Some("Europe/Paris")
        );
        assert!(zone_named("Mars/Olympus_Mons").is_none());
        let t = parse_time("2024-01-01T23:30:00-05:00").unwrap();
        assert_eq!(t.date_naive().to_string(), "2024-01-01");
        assert_eq!(
            parse_time("2024-01-01T10:00:00").unwrap().to_rfc3339(),
            "2024-01-01T10:00:00+00:00"
        );
        assert!(parse_time("yesterday").is_none());
    }
}
