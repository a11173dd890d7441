//! `important_dates`: birthdays and anniversaries, by month and day.

use rusqlite::{params, Connection};

use crate::error::{Error, Result};
use crate::model::reflection::ImportantDate;

/// Schema v4.
pub const V4: &str = "
CREATE TABLE important_dates (
    id          INTEGER PRIMARY KEY,
    person_id   INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    label       TEXT NOT NULL,
    month       INTEGER NOT NULL CHECK (month BETWEEN 1 AND 12),
    day         INTEGER NOT NULL CHECK (day BETWEEN 1 AND 31),
    year        INTEGER                              -- when known (a birth year)
);
CREATE INDEX important_dates_by_person ON important_dates (person_id);
";

/// Adds a date; returns its id.
pub fn insert(
    conn: &Connection,
    person_id: i64,
    label: &str,
    month: u32,
    day: u32,
    year: Option<i32>,
) -> Result<i64> {
    conn.execute(
        "INSERT INTO important_dates (person_id, label, month, day, year) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![person_id, label, month, day, year],
    )?;
    Ok(conn.last_insert_rowid())
}

/// A person's dates in calendar order.
pub fn for_person(conn: &Connection, person_id: i64) -> Result<Vec<ImportantDate>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, person_id, label, month, day, year FROM important_dates
         WHERE person_id = ?1 ORDER BY month, day, id",
    )?;
    let rows = stmt.query_map([person_id], |r| {
        Ok(ImportantDate {
            id: r.get(0)?,
            person_id: r.get(1)?,
            label: r.get(2)?,
            month: r.get(3)?,
            day: r.get(4)?,
            year: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Removes a date.
pub fn delete(conn: &Connection, id: i64) -> Result<()> {
    if conn.execute("DELETE FROM important_dates WHERE id = ?1", [id])? == 0 {
        return Err(Error::not_found("There is no such date."));
    }
    Ok(())
}
