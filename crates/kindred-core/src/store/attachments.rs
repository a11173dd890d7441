//! `attachments`: what each attached file is. The bytes are blobs beside
//! the database (see `blobs` and `docs/attachments.md`); a row names its
//! blob, and a blob no row names is garbage.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension, Row};

use super::{time_col, to_db};
use crate::blobs::Written;
use crate::error::{Error, Result};
use crate::model::Attachment;

/// Schema v9. Each attachment belongs to one entry or one person (their
/// picture). `thumb` names the blob of a thumbnail, when one was made.
pub const V9: &str = "
CREATE TABLE attachments (
    id          INTEGER PRIMARY KEY,
    entry_id    INTEGER REFERENCES entries (id) ON DELETE CASCADE,
    person_id   INTEGER REFERENCES people (id) ON DELETE CASCADE,
    name        TEXT NOT NULL,
    mime        TEXT NOT NULL,
    bytes       INTEGER NOT NULL,
    sha256      TEXT NOT NULL,
    blob        TEXT NOT NULL,
    thumb       TEXT,
    created_at  TEXT NOT NULL,
    deleted_at  TEXT,
    CHECK ((entry_id IS NULL) <> (person_id IS NULL))
);
CREATE INDEX attachments_by_entry ON attachments (entry_id, id) WHERE entry_id IS NOT NULL;
CREATE INDEX attachments_by_person ON attachments (person_id, id) WHERE person_id IS NOT NULL;
CREATE INDEX attachments_by_blob ON attachments (blob);
CREATE INDEX attachments_trashed ON attachments (deleted_at) WHERE deleted_at IS NOT NULL;
";

/// What an attachment belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Owner {
    /// A journal entry.
    Entry(i64),
    /// A person (their picture).
    Person(i64),
}

const SELECT: &str = "SELECT id, entry_id, person_id, name, mime, bytes, sha256, created_at
                      FROM attachments";

/// Adds an attachment's row for a blob already stored; returns its id.
pub fn insert(
    conn: &Connection,
    owner: Owner,
    name: &str,
    mime: &str,
    blob: &Written,
    now: DateTime<Utc>,
) -> Result<i64> {
    let (entry, person) = match owner {
        Owner::Entry(id) => (Some(id), None),
        Owner::Person(id) => (None, Some(id)),
    };
    conn.prepare_cached(
        "INSERT INTO attachments (entry_id, person_id, name, mime, bytes, sha256, blob, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        entry,
        person,
        name,
        mime,
        i64::try_from(blob.bytes).unwrap_or(i64::MAX),
        blob.sha256,
        blob.id.as_str(),
        to_db(now)
    ])?;
    Ok(conn.last_insert_rowid())
}

/// One attachment not in the trash, with its blob's name.
pub fn get(conn: &Connection, id: i64) -> Result<(Attachment, String)> {
    conn.query_row(
        "SELECT id, entry_id, person_id, name, mime, bytes, sha256, created_at, blob
         FROM attachments WHERE id = ?1 AND deleted_at IS NULL",
        [id],
        |r| Ok((row(r)?, r.get(8)?)),
    )
    .optional()?
    .ok_or_else(|| missing(id))
}

/// An entry's attachments not in the trash, in the order they were added.
pub fn for_entry(conn: &Connection, entry_id: i64) -> Result<Vec<Attachment>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT} WHERE entry_id = ?1 AND deleted_at IS NULL ORDER BY id"
    ))?;
    let rows = stmt.query_map([entry_id], row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A person's picture: the newest of their attachments not in the trash.
pub fn photo_of(conn: &Connection, person_id: i64) -> Result<Option<Attachment>> {
    Ok(conn
        .prepare_cached(&format!(
            "{SELECT} WHERE person_id = ?1 AND deleted_at IS NULL ORDER BY id DESC LIMIT 1"
        ))?
        .query_row([person_id], row)
        .optional()?)
}

/// Moves an attachment to the trash (`Some(now)`) or back (`None`).
pub fn set_deleted(conn: &Connection, id: i64, at: Option<DateTime<Utc>>) -> Result<()> {
    let sql = if at.is_some() {
        "UPDATE attachments SET deleted_at = ?2 WHERE id = ?1 AND deleted_at IS NULL"
    } else {
        "UPDATE attachments SET deleted_at = ?2 WHERE id = ?1 AND deleted_at IS NOT NULL"
    };
    if conn.execute(sql, params![id, at.map(to_db)])? == 0 {
        return Err(if at.is_some() {
            missing(id)
        } else {
            Error::not_found(format!("Attachment {id} is not in the trash."))
        });
    }
    Ok(())
}

/// Deletes a trashed attachment's row for good; returns its blobs' names.
pub fn purge(conn: &Connection, id: i64) -> Result<Vec<String>> {
    let names = blobs_where(conn, "id = ?1 AND deleted_at IS NOT NULL", id)?;
    if conn.execute(
        "DELETE FROM attachments WHERE id = ?1 AND deleted_at IS NOT NULL",
        [id],
    )? == 0
    {
        return Err(Error::not_found(format!(
            "Attachment {id} is not in the trash."
        )));
    }
    Ok(names)
}

/// The blob names (files and thumbnails) of an entry's attachments, trash
/// included: what may become garbage when the entry is deleted for good.
pub fn blobs_of_entry(conn: &Connection, entry_id: i64) -> Result<Vec<String>> {
    blobs_where(conn, "entry_id = ?1", entry_id)
}

/// [`blobs_of_entry`] for a person's pictures.
pub fn blobs_of_person(conn: &Connection, person_id: i64) -> Result<Vec<String>> {
    blobs_where(conn, "person_id = ?1", person_id)
}

fn blobs_where(conn: &Connection, test: &str, id: i64) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT blob FROM attachments WHERE {test}
         UNION SELECT thumb FROM attachments WHERE {test} AND thumb IS NOT NULL"
    ))?;
    let rows = stmt.query_map([id], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Whether any row (trash included) names the blob `name`.
pub fn is_referenced(conn: &Connection, name: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached(
            "SELECT 1 FROM attachments WHERE blob = ?1
             UNION ALL SELECT 1 FROM attachments WHERE thumb = ?1 LIMIT 1",
        )?
        .query_row([name], |_| Ok(()))
        .optional()?
        .is_some())
}

/// Every blob the database names (trash included), each once, with the
/// SHA-256 and size of its plaintext: what a backup must carry. A database
/// from before attachments (a backup's, or one about to be upgraded) names
/// none.
pub fn every_blob(conn: &Connection) -> Result<Vec<(String, String, u64)>> {
    let has_table = conn
        .query_row(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'attachments'",
            [],
            |_| Ok(()),
        )
        .optional()?
        .is_some();
    if !has_table {
        return Ok(Vec::new());
    }
    let mut stmt = conn.prepare(
        "SELECT blob, min(sha256), min(bytes) FROM attachments GROUP BY blob ORDER BY blob",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get(0)?,
            r.get(1)?,
            u64::try_from(r.get::<_, i64>(2)?).unwrap_or(0),
        ))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The blob name of attachment `id`'s thumbnail, if one was made.
pub fn thumb_of(conn: &Connection, id: i64) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT thumb FROM attachments WHERE id = ?1")?
        .query_row([id], |r| r.get::<_, Option<String>>(0))
        .optional()?
        .flatten())
}

/// Records attachment `id`'s thumbnail.
pub fn set_thumb(conn: &Connection, id: i64, blob: &str) -> Result<()> {
    conn.prepare_cached("UPDATE attachments SET thumb = ?2 WHERE id = ?1")?
        .execute(params![id, blob])?;
    Ok(())
}

/// Forgets every thumbnail (re-keying: they are made again under the new
/// key when next shown); returns their blob names.
pub fn forget_thumbs(conn: &Connection) -> Result<Vec<String>> {
    let names: Vec<String> = conn
        .prepare("SELECT DISTINCT thumb FROM attachments WHERE thumb IS NOT NULL")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    conn.execute(
        "UPDATE attachments SET thumb = NULL WHERE thumb IS NOT NULL",
        [],
    )?;
    Ok(names)
}

/// Renames a blob in every row that names it (re-keying re-seals blobs
/// under new names).
pub fn rename_blob(conn: &Connection, old: &str, new: &str) -> Result<()> {
    conn.prepare_cached("UPDATE attachments SET blob = ?2 WHERE blob = ?1")?
        .execute([old, new])?;
    conn.prepare_cached("UPDATE attachments SET thumb = ?2 WHERE thumb = ?1")?
        .execute([old, new])?;
    Ok(())
}

fn row(r: &Row<'_>) -> rusqlite::Result<Attachment> {
    Ok(Attachment {
        id: r.get(0)?,
        entry_id: r.get(1)?,
        person_id: r.get(2)?,
        name: r.get(3)?,
        mime: r.get(4)?,
        bytes: u64::try_from(r.get::<_, i64>(5)?).unwrap_or(0),
        sha256: r.get(6)?,
        created_at: time_col(r, 7)?,
    })
}

fn missing(id: i64) -> Error {
    Error::not_found(format!("There is no attachment {id}."))
}
