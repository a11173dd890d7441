//! `checkins`: a person's answers on the seven dimensions of closeness and
//! the circles, at a moment.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, Row};

use super::{time_col, to_db};
use crate::error::{Error, Result};
use crate::model::reflection::{Checkin, CheckinDraft, Dimensions};

/// Schema v4.
pub const V4: &str = "
CREATE TABLE checkins (
    id              INTEGER PRIMARY KEY,
    person_id       INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    at              TEXT NOT NULL,                  -- RFC 3339, UTC
    seen            INTEGER CHECK (seen BETWEEN 1 AND 5),
    heard           INTEGER CHECK (heard BETWEEN 1 AND 5),
    understood      INTEGER CHECK (understood BETWEEN 1 AND 5),
    safe            INTEGER CHECK (safe BETWEEN 1 AND 5),
    trust           INTEGER CHECK (trust BETWEEN 1 AND 5),
    they_showed_up  INTEGER CHECK (they_showed_up BETWEEN 1 AND 5),
    i_showed_up     INTEGER CHECK (i_showed_up BETWEEN 1 AND 5),
    ios             INTEGER CHECK (ios BETWEEN 1 AND 7),   -- Inclusion of Other in Self
    note            TEXT NOT NULL DEFAULT '',
    created_at      TEXT NOT NULL,
    deleted_at      TEXT
);
CREATE INDEX checkins_by_person ON checkins (person_id, at DESC);
";

const COLS: &str = "id, person_id, at, seen, heard, understood, safe, trust, \
                    they_showed_up, i_showed_up, ios, note";

fn row(r: &Row<'_>) -> rusqlite::Result<Checkin> {
    let g = |i: usize| -> rusqlite::Result<Option<u8>> { r.get::<_, Option<u8>>(i) };
    let dims = Dimensions {
        seen: g(3)?,
        heard: g(4)?,
        understood: g(5)?,
        safe: g(6)?,
        trust: g(7)?,
        they_showed_up: g(8)?,
        i_showed_up: g(9)?,
    };
    Ok(Checkin {
        id: r.get(0)?,
        person_id: r.get(1)?,
        at: time_col(r, 2)?,
        dims,
        ios: g(10)?,
        note: r.get(11)?,
        score: dims.score(),
    })
}

/// Records a check-in made at `at`; returns its id.
pub fn insert(
    conn: &Connection,
    d: &CheckinDraft,
    at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<i64> {
    conn.execute(
        "INSERT INTO checkins (person_id, at, seen, heard, understood, safe, trust,
                               they_showed_up, i_showed_up, ios, note, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        params![
            d.person_id,
            to_db(at),
            d.dims.seen,
            d.dims.heard,
            d.dims.understood,
            d.dims.safe,
            d.dims.trust,
            d.dims.they_showed_up,
            d.dims.i_showed_up,
            d.ios,
            d.note,
            to_db(now)
        ],
    )?;
    Ok(conn.last_insert_rowid())
}

/// A person's check-ins outside the trash, newest first.
pub fn for_person(conn: &Connection, person_id: i64) -> Result<Vec<Checkin>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLS} FROM checkins WHERE person_id = ?1 AND deleted_at IS NULL
         ORDER BY at DESC, id DESC"
    ))?;
    let rows = stmt.query_map([person_id], row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The time of each person's latest check-in outside the trash.
pub fn latest_per_person(
    conn: &Connection,
) -> Result<std::collections::HashMap<i64, DateTime<Utc>>> {
    let mut stmt = conn.prepare_cached(
        "SELECT person_id, max(at) FROM checkins WHERE deleted_at IS NULL GROUP BY person_id",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, time_col(r, 1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Moves a check-in to the trash (`Some(now)`) or back (`None`).
pub fn set_deleted(conn: &Connection, id: i64, at: Option<DateTime<Utc>>) -> Result<()> {
    let sql = if at.is_some() {
        "UPDATE checkins SET deleted_at = ?2 WHERE id = ?1 AND deleted_at IS NULL"
    } else {
        "UPDATE checkins SET deleted_at = ?2 WHERE id = ?1 AND deleted_at IS NOT NULL"
    };
    if conn.execute(sql, params![id, at.map(to_db)])? == 0 {
        return Err(Error::not_found("There is no such checkin to change."));
    }
    Ok(())
}

/// Check-ins outside the trash from `from` up to (not including) `to`, in
/// time order.
pub fn between(conn: &Connection, from: DateTime<Utc>, to: DateTime<Utc>) -> Result<Vec<Checkin>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLS} FROM checkins WHERE deleted_at IS NULL AND at >= ?1 AND at < ?2
          ORDER BY at, id"
    ))?;
    let rows = stmt.query_map(params![to_db(from), to_db(to)], row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Every check-in outside the trash, in no particular order.
pub fn all(conn: &Connection) -> Result<Vec<Checkin>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLS} FROM checkins WHERE deleted_at IS NULL"
    ))?;
    let rows = stmt.query_map([], row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
