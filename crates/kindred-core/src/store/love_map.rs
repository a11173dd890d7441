//! `love_map`: what the user knows of a person's inner world, one answer
//! per topic.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection};

use super::{time_col, to_db};
use crate::error::Result;

/// Schema v4.
pub const V4: &str = "
CREATE TABLE love_map (
    id          INTEGER PRIMARY KEY,
    person_id   INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    topic       TEXT NOT NULL CHECK (topic IN ('carrying', 'hoping', 'worried', 'enjoying', 'matters')),
    text        TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    UNIQUE (person_id, topic)
);
";

/// Sets one answer (its topic stored as text).
pub fn set(
    conn: &Connection,
    person_id: i64,
    topic: &str,
    text: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    conn.execute(
        "INSERT INTO love_map (person_id, topic, text, updated_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (person_id, topic) DO UPDATE SET text = excluded.text,
                                                       updated_at = excluded.updated_at",
        params![person_id, topic, text, to_db(now)],
    )?;
    Ok(())
}

/// Clears one answer.
pub fn clear(conn: &Connection, person_id: i64, topic: &str) -> Result<()> {
    conn.execute(
        "DELETE FROM love_map WHERE person_id = ?1 AND topic = ?2",
        params![person_id, topic],
    )?;
    Ok(())
}

/// One stored answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    /// The topic's stored name.
    pub topic: String,
    /// What the user wrote.
    pub text: String,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
}

/// A person's answers, in no particular order.
pub fn for_person(conn: &Connection, person_id: i64) -> Result<Vec<Answer>> {
    let mut stmt =
        conn.prepare_cached("SELECT topic, text, updated_at FROM love_map WHERE person_id = ?1")?;
    let rows = stmt.query_map([person_id], |r| {
        Ok(Answer {
            topic: r.get(0)?,
            text: r.get(1)?,
            updated_at: time_col(r, 2)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
