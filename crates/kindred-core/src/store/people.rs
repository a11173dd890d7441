//! `people` and `entry_people` (who an entry mentions).

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension, Row};

use super::{date_col, time_col, to_db};
use crate::error::{Error, Result};
use crate::model::{Person, PersonDraft, PersonPatch, PersonRef, Proximity};

/// Schema v1.
pub const V1: &str = "
CREATE TABLE people (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL,
    relationship  TEXT NOT NULL DEFAULT '',
    proximity     INTEGER CHECK (proximity BETWEEN 0 AND 5),   -- 0 far away … 5 lives with me
    how_we_met    TEXT NOT NULL DEFAULT '',
    cadence_days  INTEGER CHECK (cadence_days > 0),
    archived      INTEGER NOT NULL DEFAULT 0,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    deleted_at    TEXT
);
CREATE INDEX people_by_name ON people (name COLLATE NOCASE);
CREATE TABLE entry_people (
    entry_id   INTEGER NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
    person_id  INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    PRIMARY KEY (entry_id, person_id)
) WITHOUT ROWID;
CREATE INDEX entry_people_by_person ON entry_people (person_id);
";

/// Inserts a person and returns the id.
pub fn insert(conn: &Connection, p: &PersonDraft, now: DateTime<Utc>) -> Result<i64> {
    conn.execute(
        "INSERT INTO people (name, relationship, proximity, how_we_met, cadence_days,
                             created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
        params![
            p.name,
            p.relationship,
            p.proximity.map(Proximity::level),
            p.how_we_met,
            p.cadence_days,
            to_db(now)
        ],
    )?;
    Ok(conn.last_insert_rowid())
}

/// Applies the `Some` fields of a patch.
pub fn update(conn: &Connection, id: i64, p: &PersonPatch, now: DateTime<Utc>) -> Result<()> {
    let n = conn.execute(
        "UPDATE people SET
            name         = coalesce(?2, name),
            relationship = coalesce(?3, relationship),
            proximity    = CASE WHEN ?4 THEN ?5 ELSE proximity END,
            how_we_met   = coalesce(?6, how_we_met),
            cadence_days = CASE WHEN ?7 THEN ?8 ELSE cadence_days END,
            archived     = coalesce(?9, archived),
            updated_at   = ?10
         WHERE id = ?1 AND deleted_at IS NULL",
        params![
            id,
            p.name,
            p.relationship,
            p.proximity.is_some(),
            p.proximity.flatten().map(Proximity::level),
            p.how_we_met,
            p.cadence_days.is_some(),
            p.cadence_days.flatten(),
            p.archived,
            to_db(now)
        ],
    )?;
    if n == 0 {
        return Err(missing(id));
    }
    Ok(())
}

/// Moves a person to the trash (`Some(now)`) or back (`None`).
pub fn set_deleted(conn: &Connection, id: i64, at: Option<DateTime<Utc>>) -> Result<()> {
    let sql = if at.is_some() {
        "UPDATE people SET deleted_at = ?2 WHERE id = ?1 AND deleted_at IS NULL"
    } else {
        "UPDATE people SET deleted_at = ?2 WHERE id = ?1 AND deleted_at IS NOT NULL"
    };
    if conn.execute(sql, params![id, at.map(to_db)])? == 0 {
        return Err(missing(id));
    }
    Ok(())
}

/// Deletes a trashed person for good, with their notes and mentions.
pub fn purge(conn: &Connection, id: i64) -> Result<()> {
    if conn.execute(
        "DELETE FROM people WHERE id = ?1 AND deleted_at IS NOT NULL",
        [id],
    )? == 0
    {
        return Err(Error::not_found(format!(
            "Person #{id} is not in the trash."
        )));
    }
    Ok(())
}

/// One person (not in the trash).
pub fn get(conn: &Connection, id: i64) -> Result<Person> {
    conn.query_row(
        &format!("{SELECT} WHERE p.id = ?1 AND p.deleted_at IS NULL"),
        [id],
        person_row,
    )
    .optional()?
    .ok_or_else(|| missing(id))
}

/// Everyone not in the trash, by name; archived people only when asked.
pub fn list(conn: &Connection, include_archived: bool) -> Result<Vec<Person>> {
    let mut stmt = conn.prepare(&format!(
        "{SELECT} WHERE p.deleted_at IS NULL AND (?1 OR p.archived = 0)
         ORDER BY p.name COLLATE NOCASE, p.id"
    ))?;
    let rows = stmt.query_map([include_archived], person_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// People (not in the trash) whose name equals `name`, ignoring case.
pub fn find_by_name(conn: &Connection, name: &str) -> Result<Vec<PersonRef>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, name FROM people
         WHERE deleted_at IS NULL AND name = ?1 COLLATE NOCASE ORDER BY id",
    )?;
    let rows = stmt.query_map([name], |r| {
        Ok(PersonRef {
            id: r.get(0)?,
            name: r.get(1)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Replaces who an entry mentions. Every id must be a person not in the trash.
pub fn set_for_entry(conn: &Connection, entry_id: i64, people: &[i64]) -> Result<()> {
    conn.execute("DELETE FROM entry_people WHERE entry_id = ?1", [entry_id])?;
    let mut link = conn.prepare_cached(
        "INSERT OR IGNORE INTO entry_people (entry_id, person_id)
         SELECT ?1, id FROM people WHERE id = ?2 AND deleted_at IS NULL",
    )?;
    for &pid in people {
        if link.execute(params![entry_id, pid])? == 0
            && !conn.query_row(
                "SELECT EXISTS (SELECT 1 FROM entry_people WHERE entry_id = ?1 AND person_id = ?2)",
                params![entry_id, pid],
                |r| r.get::<_, bool>(0),
            )?
        {
            return Err(missing(pid));
        }
    }
    Ok(())
}

/// Ids of entries that mention a person.
pub fn entries_mentioning(conn: &Connection, person_id: i64) -> Result<Vec<i64>> {
    let mut stmt = conn.prepare_cached("SELECT entry_id FROM entry_people WHERE person_id = ?1")?;
    let rows = stmt.query_map([person_id], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Ids of the people an entry mentions.
pub fn in_entry(conn: &Connection, entry_id: i64) -> Result<Vec<i64>> {
    let mut stmt = conn.prepare_cached("SELECT person_id FROM entry_people WHERE entry_id = ?1")?;
    let rows = stmt.query_map([entry_id], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Sets how often the user sees someone (the history is recorded apart,
/// in `proximity_history`).
pub fn set_proximity(
    conn: &Connection,
    id: i64,
    proximity: Option<Proximity>,
    now: DateTime<Utc>,
) -> Result<()> {
    conn.execute(
        "UPDATE people SET proximity = ?2, updated_at = ?3 WHERE id = ?1",
        params![id, proximity.map(Proximity::level), to_db(now)],
    )?;
    Ok(())
}

/// See [`last_moment_or_entry`].
pub(crate) const LAST_MOMENT_OR_ENTRY: &str = "
SELECT max(d) FROM (
    SELECT max(on_date) AS d FROM moments WHERE person_id = ?1 AND deleted_at IS NULL
    UNION ALL
    SELECT max(e.entry_date) FROM entry_people ep JOIN entries e INDEXED BY entries_live ON e.id = ep.entry_id
     WHERE ep.person_id = ?1 AND e.deleted_at IS NULL)";

/// The last day of a moment with a person or an entry mentioning them.
/// Check-ins are left to the caller: their time is stored in UTC, and their
/// day is the user's, which only the clock knows.
pub fn last_moment_or_entry(
    conn: &Connection,
    person_id: i64,
) -> Result<Option<chrono::NaiveDate>> {
    let s: Option<String> = conn.query_row(LAST_MOMENT_OR_ENTRY, [person_id], |r| r.get(0))?;
    Ok(s.and_then(|d| d.parse().ok()))
}

/// Number of people not in the trash.
pub fn count(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row(
        "SELECT count(*) FROM people WHERE deleted_at IS NULL",
        [],
        |r| r.get(0),
    )?)
}

pub(crate) const SELECT: &str = "
SELECT p.id, p.name, p.relationship, p.proximity, p.how_we_met, p.cadence_days, p.archived,
       p.created_at, p.updated_at,
       (SELECT max(d) FROM (
            SELECT max(e.entry_date) AS d FROM entry_people ep JOIN entries e INDEXED BY entries_live ON e.id = ep.entry_id
             WHERE ep.person_id = p.id AND e.deleted_at IS NULL
            UNION ALL
            SELECT max(m.on_date) FROM moments m WHERE m.person_id = p.id AND m.deleted_at IS NULL)),
       (SELECT a.id FROM attachments a WHERE a.person_id = p.id AND a.deleted_at IS NULL
         ORDER BY a.id DESC LIMIT 1)
FROM people p";

fn person_row(r: &Row<'_>) -> rusqlite::Result<Person> {
    Ok(Person {
        id: r.get(0)?,
        name: r.get(1)?,
        relationship: r.get(2)?,
        proximity: r.get::<_, Option<i64>>(3)?.and_then(Proximity::from_level),
        how_we_met: r.get(4)?,
        cadence_days: r.get(5)?,
        archived: r.get(6)?,
        created_at: time_col(r, 7)?,
        updated_at: time_col(r, 8)?,
        last_contact: r
            .get::<_, Option<String>>(9)?
            .map(|_| date_col(r, 9))
            .transpose()?,
        photo_id: r.get(10)?,
    })
}

fn missing(id: i64) -> Error {
    Error::not_found(format!(
        "There is no person #{id}; they may have been deleted for good. Nothing was changed."
    ))
}
