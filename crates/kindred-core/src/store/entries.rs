//! `entries`: the journal. Bodies are Markdown, stored exactly as written.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, Connection, OptionalExtension, Row};

use super::{date_col, time_col, to_db};
use crate::error::{Error, Result};
use crate::model::{Entry, EntrySummary, PersonRef};

/// Schema v1.
pub const V1: &str = "
CREATE TABLE entries (
    id          INTEGER PRIMARY KEY,
    entry_date  TEXT NOT NULL,              -- local calendar date, YYYY-MM-DD
    title       TEXT NOT NULL DEFAULT '',
    body_md     TEXT NOT NULL DEFAULT '',
    mood        INTEGER CHECK (mood BETWEEN 1 AND 5),
    created_at  TEXT NOT NULL,              -- RFC 3339, UTC
    updated_at  TEXT NOT NULL,
    deleted_at  TEXT                        -- set while in the trash
);
CREATE INDEX entries_by_date ON entries (entry_date DESC, id DESC);
";

/// Schema v8: what Day One keeps about an entry besides its text — pinned,
/// the place it was written and the weather — shown in its header.
pub const V8: &str = "
ALTER TABLE entries ADD COLUMN pinned INTEGER NOT NULL DEFAULT 0;
ALTER TABLE entries ADD COLUMN place TEXT;          -- e.g. 'Portland, United States'
ALTER TABLE entries ADD COLUMN weather TEXT;        -- e.g. 'Rain, 9 °C'
";

/// Schema v3: what imports need — a star, the time zone an entry was
/// written in, and where it came from (for re-imports without duplicates).
pub const V3: &str = "
ALTER TABLE entries ADD COLUMN starred INTEGER NOT NULL DEFAULT 0;
ALTER TABLE entries ADD COLUMN time_zone TEXT;      -- IANA name, for imported entries
ALTER TABLE entries ADD COLUMN source TEXT;         -- 'jrnl', 'dayone', … when imported
ALTER TABLE entries ADD COLUMN source_key TEXT;     -- the source's id, or a content hash
CREATE UNIQUE INDEX entries_by_source ON entries (source, source_key) WHERE source IS NOT NULL;
CREATE INDEX entries_by_created ON entries (created_at);
";

/// Schema v10: the live entries' dates by id, for the queries that go from
/// a person to their entries (People, Today's reach-out, a timeline).
/// Without it each such query read the entry rows themselves, bodies and
/// all: at 100k entries and 1,000 people, Today read most of the table
/// into the page cache (+46 MB) to learn 1,000 dates. Those queries name
/// it (`INDEXED BY`), as SQLite prefers the row lookup it replaces.
pub const V10: &str = "
CREATE INDEX entries_live ON entries (id, entry_date, deleted_at) WHERE deleted_at IS NULL;
";

/// Schema v4: the prompt an entry answers (see `reflection::prompts`).
pub const V4: &str = "ALTER TABLE entries ADD COLUMN prompt_id TEXT;\n";

/// Separators inside `group_concat` results; tags and names cannot contain
/// control characters, so these never clash with user text.
const ITEM_SEP: char = '\u{1f}';
const FIELD_SEP: char = '\u{1e}';

/// Inserts an entry row and returns its id.
pub fn insert(
    conn: &Connection,
    date: NaiveDate,
    title: &str,
    body: &str,
    now: DateTime<Utc>,
) -> Result<i64> {
    conn.execute(
        "INSERT INTO entries (entry_date, title, body_md, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?4)",
        params![date.to_string(), title, body, to_db(now)],
    )?;
    Ok(conn.last_insert_rowid())
}

/// Updates the stored columns that are `Some`.
pub fn update(
    conn: &Connection,
    id: i64,
    date: Option<NaiveDate>,
    title: Option<&str>,
    body: Option<&str>,
    now: DateTime<Utc>,
) -> Result<()> {
    let n = conn.execute(
        "UPDATE entries SET
            entry_date = coalesce(?2, entry_date),
            title      = coalesce(?3, title),
            body_md    = coalesce(?4, body_md),
            updated_at = ?5
         WHERE id = ?1 AND deleted_at IS NULL",
        params![id, date.map(|d| d.to_string()), title, body, to_db(now)],
    )?;
    if n == 0 {
        return Err(missing(id));
    }
    Ok(())
}

/// Moves an entry to the trash (`Some(now)`) or back (`None`).
pub fn set_deleted(conn: &Connection, id: i64, at: Option<DateTime<Utc>>) -> Result<()> {
    let sql = if at.is_some() {
        "UPDATE entries SET deleted_at = ?2 WHERE id = ?1 AND deleted_at IS NULL"
    } else {
        "UPDATE entries SET deleted_at = ?2 WHERE id = ?1 AND deleted_at IS NOT NULL"
    };
    let n = conn.execute(sql, params![id, at.map(to_db)])?;
    if n == 0 {
        return Err(if at.is_some() {
            missing(id)
        } else {
            Error::not_found(format!("Entry {id} is not in the trash."))
        });
    }
    Ok(())
}

/// Deletes a trashed entry for good (tags and mentions cascade).
pub fn purge(conn: &Connection, id: i64) -> Result<()> {
    let n = conn.execute(
        "DELETE FROM entries WHERE id = ?1 AND deleted_at IS NOT NULL",
        [id],
    )?;
    if n == 0 {
        return Err(Error::not_found(format!("Entry {id} is not in the trash.")));
    }
    Ok(())
}

/// One entry, with tags and people; trashed entries only when asked.
pub fn get(conn: &Connection, id: i64, include_trashed: bool) -> Result<Entry> {
    let entry = conn
        .query_row(&format!("{SELECT_FULL} WHERE e.id = ?1"), [id], |r| {
            Ok(Entry {
                id: r.get(0)?,
                date: date_col(r, 1)?,
                title: r.get(2)?,
                body: r.get(3)?,
                tags: split_tags(r.get::<_, Option<String>>(4)?),
                people: split_people(r.get::<_, Option<String>>(5)?),
                created_at: time_col(r, 6)?,
                updated_at: time_col(r, 7)?,
                deleted_at: r
                    .get::<_, Option<String>>(8)?
                    .map(|_| time_col(r, 8))
                    .transpose()?,
                prompt_id: r.get(9)?,
                starred: r.get(10)?,
                pinned: r.get(11)?,
                place: r.get(12)?,
                weather: r.get(13)?,
                attachments: Vec::new(),
            })
        })
        .optional()?
        .ok_or_else(|| missing(id))?;
    let mut entry = entry;
    entry.attachments = super::attachments::for_entry(conn, id)?;
    if entry.deleted_at.is_some() && !include_trashed {
        return Err(Error::not_found(format!(
            "Entry {id} is in the trash; restore it from the trash to open it. Nothing was changed."
        )));
    }
    Ok(entry)
}

/// Filters for [`list`].
#[derive(Debug, Clone, Default)]
pub struct ListFilter {
    /// At most this many, newest first.
    pub limit: Option<u32>,
    /// Only entries with this tag.
    pub tag: Option<String>,
    /// Only entries mentioning this person.
    pub person_id: Option<i64>,
    /// Only entries after this one in the list's order (newest date first,
    /// then newest id): the next page after the last entry shown.
    pub after: Option<EntryCursor>,
}

/// Where a page of entries ends: the date and id of its last entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EntryCursor {
    /// The last entry's date.
    pub date: NaiveDate,
    /// The last entry's id.
    pub id: i64,
}

/// Entries not in the trash, newest date first.
pub fn list(conn: &Connection, filter: &ListFilter) -> Result<Vec<EntrySummary>> {
    let sql = format!(
        "{SELECT_SUMMARY}
         WHERE e.deleted_at IS NULL
           AND (?1 IS NULL OR EXISTS (SELECT 1 FROM entry_tags et JOIN tags t ON t.id = et.tag_id
                                      WHERE et.entry_id = e.id AND t.name = ?1))
           AND (?2 IS NULL OR EXISTS (SELECT 1 FROM entry_people ep
                                      WHERE ep.entry_id = e.id AND ep.person_id = ?2))
           AND (?4 IS NULL OR (e.entry_date, e.id) < (?4, ?5))
         ORDER BY e.entry_date DESC, e.id DESC
         LIMIT ?3"
    );
    let limit = filter.limit.map_or(-1, i64::from);
    let (after_date, after_id) = match filter.after {
        Some(c) => (Some(c.date.to_string()), c.id),
        None => (None, 0),
    };
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(
        params![filter.tag, filter.person_id, limit, after_date, after_id],
        summary_row,
    )?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// How many entries outside the trash each day from `from` up to (not
/// including) `to` has; days with none are left out.
pub fn count_by_day(
    conn: &Connection,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<(NaiveDate, u32)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT entry_date, count(*) FROM entries
          WHERE deleted_at IS NULL AND entry_date >= ?1 AND entry_date < ?2
          GROUP BY entry_date",
    )?;
    let rows = stmt.query_map(params![from.to_string(), to.to_string()], |r| {
        Ok((date_col(r, 0)?, r.get(1)?))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The entries outside the trash of one day, as lists show them, newest
/// first.
pub fn on_date(conn: &Connection, date: NaiveDate) -> Result<Vec<EntrySummary>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT_SUMMARY} WHERE e.entry_date = ?1 AND e.deleted_at IS NULL ORDER BY e.id DESC"
    ))?;
    let rows = stmt.query_map([date.to_string()], summary_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// One entry outside the trash as lists show it.
pub fn summary(conn: &Connection, id: i64) -> Result<EntrySummary> {
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT_SUMMARY} WHERE e.id = ?1 AND e.deleted_at IS NULL"
    ))?;
    stmt.query_row([id], summary_row)
        .optional()?
        .ok_or_else(|| missing(id))
}

/// An entry as "on this day" shows it: its title, else its first words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Headline {
    /// The entry.
    pub id: i64,
    /// Its date.
    pub date: NaiveDate,
    /// Title, or the first 120 characters of the body.
    pub text: String,
}

/// Entries outside the trash on a month and day (`-MM-DD`) of a year before
/// `before_year`, newest first.
pub fn on_month_day(
    conn: &Connection,
    month_day: &str,
    before_year: &str,
) -> Result<Vec<Headline>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, entry_date,
                CASE WHEN title <> '' THEN title ELSE substr(body_md, 1, 120) END
           FROM entries WHERE deleted_at IS NULL AND entry_date LIKE ?1
            AND substr(entry_date, 1, 4) < ?2
          ORDER BY entry_date DESC, id DESC",
    )?;
    let rows = stmt.query_map(params![format!("%{month_day}"), before_year], |r| {
        Ok(Headline {
            id: r.get(0)?,
            date: date_col(r, 1)?,
            text: r.get(2)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Number of entries not in the trash.
pub fn count(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row(
        "SELECT count(*) FROM entries WHERE deleted_at IS NULL",
        [],
        |r| r.get(0),
    )?)
}

const SELECT_FULL: &str = "
SELECT e.id, e.entry_date, e.title, e.body_md,
       (SELECT group_concat(t.name, char(31) ORDER BY t.name COLLATE NOCASE) FROM entry_tags et JOIN tags t ON t.id = et.tag_id
         WHERE et.entry_id = e.id),
       (SELECT group_concat(p.id || char(30) || p.name, char(31) ORDER BY p.name COLLATE NOCASE) FROM entry_people ep
          JOIN people p ON p.id = ep.person_id WHERE ep.entry_id = e.id),
       e.created_at, e.updated_at, e.deleted_at, e.prompt_id,
       e.starred, e.pinned, e.place, e.weather
FROM entries e";

const SELECT_SUMMARY: &str = "
SELECT e.id, e.entry_date, e.title, substr(e.body_md, 1, 280),
       (SELECT group_concat(t.name, char(31) ORDER BY t.name COLLATE NOCASE) FROM entry_tags et JOIN tags t ON t.id = et.tag_id
         WHERE et.entry_id = e.id),
       (SELECT group_concat(p.id || char(30) || p.name, char(31) ORDER BY p.name COLLATE NOCASE) FROM entry_people ep
          JOIN people p ON p.id = ep.person_id WHERE ep.entry_id = e.id),
       e.updated_at,
       (SELECT group_concat(id) FROM (
          SELECT id FROM attachments
           WHERE entry_id = e.id AND deleted_at IS NULL
             AND mime IN ('image/jpeg', 'image/png', 'image/gif', 'image/webp')
           ORDER BY id LIMIT 4))
FROM entries e";

fn summary_row(r: &Row<'_>) -> rusqlite::Result<EntrySummary> {
    Ok(EntrySummary {
        id: r.get(0)?,
        date: date_col(r, 1)?,
        title: r.get(2)?,
        excerpt: r.get(3)?,
        tags: split_tags(r.get(4)?),
        people: split_people(r.get(5)?),
        updated_at: time_col(r, 6)?,
        pictures: r
            .get::<_, Option<String>>(7)?
            .map(|s| s.split(',').filter_map(|i| i.parse().ok()).collect())
            .unwrap_or_default(),
    })
}

fn split_tags(s: Option<String>) -> Vec<String> {
    s.map(|s| s.split(ITEM_SEP).map(str::to_owned).collect())
        .unwrap_or_default()
}

fn split_people(s: Option<String>) -> Vec<PersonRef> {
    s.map(|s| {
        s.split(ITEM_SEP)
            .filter_map(|item| {
                let (id, name) = item.split_once(FIELD_SEP)?;
                Some(PersonRef {
                    id: id.parse().ok()?,
                    name: name.to_owned(),
                })
            })
            .collect()
    })
    .unwrap_or_default()
}

fn missing(id: i64) -> Error {
    Error::not_found(format!(
        "There is no entry {id}; it may have been deleted for good. Nothing was changed."
    ))
}
