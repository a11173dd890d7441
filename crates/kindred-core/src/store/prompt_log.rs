//! `prompt_log`: which prompt was the prompt of each day, so none repeats
//! until every prompt has had its day.

use rusqlite::{params, Connection, OptionalExtension};

use crate::error::Result;

/// Schema v4.
pub const V4: &str = "
CREATE TABLE prompt_log (
    day         TEXT PRIMARY KEY,                   -- local date the prompt was the prompt of the day
    prompt_id   TEXT NOT NULL,
    person_id   INTEGER REFERENCES people (id) ON DELETE SET NULL,
    cycle       INTEGER NOT NULL
) WITHOUT ROWID;
";

/// One day's prompt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Logged {
    /// The prompt's id in the library.
    pub prompt_id: String,
    /// The person it was about, if any (and still there).
    pub person_id: Option<i64>,
}

/// The prompt chosen on `day`, if one was.
pub fn on_day(conn: &Connection, day: &str) -> Result<Option<Logged>> {
    Ok(conn
        .query_row(
            "SELECT prompt_id, person_id FROM prompt_log WHERE day = ?1",
            [day],
            |r| {
                Ok(Logged {
                    prompt_id: r.get(0)?,
                    person_id: r.get(1)?,
                })
            },
        )
        .optional()?)
}

/// The current cycle (0 before the first prompt).
pub fn current_cycle(conn: &Connection) -> Result<i64> {
    Ok(
        conn.query_row("SELECT coalesce(max(cycle), 0) FROM prompt_log", [], |r| {
            r.get(0)
        })?,
    )
}

/// The prompts already used in `cycle`.
pub fn used_in(conn: &Connection, cycle: i64) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached("SELECT prompt_id FROM prompt_log WHERE cycle = ?1")?;
    let rows = stmt.query_map([cycle], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Records `day`'s prompt.
pub fn insert(
    conn: &Connection,
    day: &str,
    prompt_id: &str,
    person_id: Option<i64>,
    cycle: i64,
) -> Result<()> {
    conn.execute(
        "INSERT INTO prompt_log (day, prompt_id, person_id, cycle) VALUES (?1, ?2, ?3, ?4)",
        params![day, prompt_id, person_id, cycle],
    )?;
    Ok(())
}
