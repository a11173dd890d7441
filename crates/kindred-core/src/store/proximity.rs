//! `proximity_history`: how often the user saw a person, as it changed.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection};

use super::{time_col, to_db};
use crate::error::Result;
use crate::model::reflection::ProximityChange;
use crate::model::Proximity;

/// Schema v4.
pub const V4: &str = "
CREATE TABLE proximity_history (
    id          INTEGER PRIMARY KEY,
    person_id   INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    proximity   INTEGER CHECK (proximity BETWEEN 0 AND 5),
    changed_at  TEXT NOT NULL
);
CREATE INDEX proximity_history_by_person ON proximity_history (person_id, changed_at);
INSERT INTO proximity_history (person_id, proximity, changed_at)
    SELECT id, proximity, created_at FROM people WHERE proximity IS NOT NULL;
";

/// Appends to a person's proximity history.
pub fn record(
    conn: &Connection,
    person_id: i64,
    proximity: Option<Proximity>,
    at: DateTime<Utc>,
) -> Result<()> {
    conn.execute(
        "INSERT INTO proximity_history (person_id, proximity, changed_at) VALUES (?1, ?2, ?3)",
        params![person_id, proximity.map(Proximity::level), to_db(at)],
    )?;
    Ok(())
}

/// A person's proximity over time, oldest first.
pub fn history(conn: &Connection, person_id: i64) -> Result<Vec<ProximityChange>> {
    let mut stmt = conn.prepare_cached(
        "SELECT proximity, changed_at FROM proximity_history WHERE person_id = ?1
         ORDER BY changed_at, id",
    )?;
    let rows = stmt.query_map([person_id], |r| {
        Ok(ProximityChange {
            proximity: r.get::<_, Option<i64>>(0)?.and_then(Proximity::from_level),
            changed_at: time_col(r, 1)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
