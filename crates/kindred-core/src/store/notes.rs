//! `notes`: what the user writes down about a person.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension, Row};

use super::{time_col, to_db};
use crate::error::{Error, Result};
use crate::model::Note;

/// Schema v1.
pub const V1: &str = "
CREATE TABLE notes (
    id          INTEGER PRIMARY KEY,
    person_id   INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    body_md     TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    deleted_at  TEXT
);
CREATE INDEX notes_by_person ON notes (person_id, created_at DESC);
";

/// Adds a note and returns its id.
pub fn insert(conn: &Connection, person_id: i64, body: &str, now: DateTime<Utc>) -> Result<i64> {
    conn.execute(
        "INSERT INTO notes (person_id, body_md, created_at, updated_at) VALUES (?1, ?2, ?3, ?3)",
        params![person_id, body, to_db(now)],
    )?;
    Ok(conn.last_insert_rowid())
}

/// Replaces a note's body.
pub fn update(conn: &Connection, id: i64, body: &str, now: DateTime<Utc>) -> Result<()> {
    if conn.execute(
        "UPDATE notes SET body_md = ?2, updated_at = ?3 WHERE id = ?1 AND deleted_at IS NULL",
        params![id, body, to_db(now)],
    )? == 0
    {
        return Err(missing(id));
    }
    Ok(())
}

/// Moves a note to the trash (`Some(now)`) or back (`None`).
pub fn set_deleted(conn: &Connection, id: i64, at: Option<DateTime<Utc>>) -> Result<()> {
    let sql = if at.is_some() {
        "UPDATE notes SET deleted_at = ?2 WHERE id = ?1 AND deleted_at IS NULL"
    } else {
        "UPDATE notes SET deleted_at = ?2 WHERE id = ?1 AND deleted_at IS NOT NULL"
    };
    if conn.execute(sql, params![id, at.map(to_db)])? == 0 {
        return Err(missing(id));
    }
    Ok(())
}

/// Deletes a trashed note for good.
pub fn purge(conn: &Connection, id: i64) -> Result<()> {
    if conn.execute(
        "DELETE FROM notes WHERE id = ?1 AND deleted_at IS NOT NULL",
        [id],
    )? == 0
    {
        return Err(Error::not_found(format!("Note {id} is not in the trash.")));
    }
    Ok(())
}

/// One note not in the trash.
pub fn get(conn: &Connection, id: i64) -> Result<Note> {
    conn.query_row(
        "SELECT id, person_id, body_md, created_at, updated_at FROM notes
         WHERE id = ?1 AND deleted_at IS NULL",
        [id],
        note_row,
    )
    .optional()?
    .ok_or_else(|| missing(id))
}

/// A person's notes, newest first.
pub fn for_person(conn: &Connection, person_id: i64) -> Result<Vec<Note>> {
    let mut stmt = conn.prepare(
        "SELECT id, person_id, body_md, created_at, updated_at FROM notes
         WHERE person_id = ?1 AND deleted_at IS NULL ORDER BY created_at DESC, id DESC",
    )?;
    let rows = stmt.query_map([person_id], note_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Ids of a person's notes not in the trash.
pub fn ids_for_person(conn: &Connection, person_id: i64) -> Result<Vec<i64>> {
    let mut stmt =
        conn.prepare_cached("SELECT id FROM notes WHERE person_id = ?1 AND deleted_at IS NULL")?;
    let rows = stmt.query_map([person_id], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Number of notes not in the trash.
pub fn count(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row(
        "SELECT count(*) FROM notes WHERE deleted_at IS NULL",
        [],
        |r| r.get(0),
    )?)
}

fn note_row(r: &Row<'_>) -> rusqlite::Result<Note> {
    Ok(Note {
        id: r.get(0)?,
        person_id: r.get(1)?,
        body: r.get(2)?,
        created_at: time_col(r, 3)?,
        updated_at: time_col(r, 4)?,
    })
}

fn missing(id: i64) -> Error {
    Error::not_found(format!("There is no note {id}."))
}
