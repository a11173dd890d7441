//! `moments`: acts of showing up (or not) logged per person and day.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, Connection, Row};

use super::{date_col, time_col, to_db};
use crate::error::{Error, Result};
use crate::model::reflection::{Moment, MomentKind};

/// Schema v4.
pub const V4: &str = "
CREATE TABLE moments (
    id          INTEGER PRIMARY KEY,
    person_id   INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    on_date     TEXT NOT NULL,                      -- local calendar date
    kind        TEXT NOT NULL CHECK (kind IN ('i-showed-up', 'they-showed-up',
                    'shared-vulnerable', 'really-listened', 'felt-judged', 'rupture', 'repair')),
    note        TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    deleted_at  TEXT
);
CREATE INDEX moments_by_person ON moments (person_id, on_date DESC);
CREATE INDEX moments_by_date ON moments (on_date);
";

const COLS: &str = "id, person_id, on_date, kind, note, created_at";

fn row(r: &Row<'_>) -> rusqlite::Result<Moment> {
    let kind: String = r.get(3)?;
    Ok(Moment {
        id: r.get(0)?,
        person_id: r.get(1)?,
        date: date_col(r, 2)?,
        kind: MomentKind::parse(&kind).map_err(|_| {
            rusqlite::Error::FromSqlConversionFailure(3, rusqlite::types::Type::Text, "kind".into())
        })?,
        note: r.get(4)?,
        created_at: time_col(r, 5)?,
    })
}

/// Logs a moment; returns its id.
pub fn insert(
    conn: &Connection,
    person_id: i64,
    kind: MomentKind,
    date: NaiveDate,
    note: &str,
    now: DateTime<Utc>,
) -> Result<i64> {
    conn.execute(
        "INSERT INTO moments (person_id, on_date, kind, note, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![person_id, date.to_string(), kind.as_str(), note, to_db(now)],
    )?;
    Ok(conn.last_insert_rowid())
}

/// A person's moments outside the trash, newest first.
pub fn for_person(conn: &Connection, person_id: i64) -> Result<Vec<Moment>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLS} FROM moments WHERE person_id = ?1 AND deleted_at IS NULL
         ORDER BY on_date DESC, id DESC"
    ))?;
    let rows = stmt.query_map([person_id], row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Moves a moment to the trash (`Some(now)`) or back (`None`).
pub fn set_deleted(conn: &Connection, id: i64, at: Option<DateTime<Utc>>) -> Result<()> {
    let sql = if at.is_some() {
        "UPDATE moments SET deleted_at = ?2 WHERE id = ?1 AND deleted_at IS NULL"
    } else {
        "UPDATE moments SET deleted_at = ?2 WHERE id = ?1 AND deleted_at IS NOT NULL"
    };
    if conn.execute(sql, params![id, at.map(to_db)])? == 0 {
        return Err(Error::not_found("There is no such moment to change."));
    }
    Ok(())
}

/// Moments outside the trash from `from` up to (not including) `to`, in
/// date order.
pub fn between(conn: &Connection, from: NaiveDate, to: NaiveDate) -> Result<Vec<Moment>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLS} FROM moments WHERE deleted_at IS NULL AND on_date >= ?1 AND on_date < ?2
          ORDER BY on_date, id"
    ))?;
    let rows = stmt.query_map(params![from.to_string(), to.to_string()], row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Moments outside the trash on a month and day (`-MM-DD`) of a year before
/// `before_year`, newest first.
pub fn on_month_day(conn: &Connection, month_day: &str, before_year: &str) -> Result<Vec<Moment>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLS} FROM moments WHERE deleted_at IS NULL AND on_date LIKE ?1
            AND substr(on_date, 1, 4) < ?2
          ORDER BY on_date DESC, id DESC"
    ))?;
    let rows = stmt.query_map(params![format!("%{month_day}"), before_year], row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
