//! A person's timeline as one ordered list of (kind, id), a page at a time:
//! notes, moments, check-ins and entries that mention them, newest first.
//!
//! Each item's place is its key, then its kind's rank, then its id: the
//! key is the time it is shown at (a day's moments and entries sort after
//! everything timed on that day, moments first), so the order is total and
//! a page resumes exactly after the last item shown.

use rusqlite::{params, Connection};

use crate::error::Result;

/// Where an item stands in the timeline; the next page starts after it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "contract", derive(ts_rs::TS))]
pub struct TimelineCursor {
    /// The time it is shown at, as stored (a day's moments and entries at
    /// its very end).
    pub key: String,
    /// Its kind: note 4, moment 3, check-in 2, entry 1 (first to last
    /// among items at the same time).
    pub rank: u8,
    /// Its id.
    pub id: i64,
}

/// The kinds of items, by the rank they sort by.
pub const NOTE: u8 = 4;
/// See [`NOTE`].
pub const MOMENT: u8 = 3;
/// See [`NOTE`].
pub const CHECKIN: u8 = 2;
/// See [`NOTE`].
pub const ENTRY: u8 = 1;

/// See [`page`].
pub(crate) const PAGE: &str = "
SELECT key, rank, id FROM (
  SELECT created_at AS key, 4 AS rank, id FROM notes
   WHERE person_id = ?1 AND deleted_at IS NULL
  UNION ALL
  SELECT on_date || 'T23:59:59.999Z~' || created_at, 3, id FROM moments
   WHERE person_id = ?1 AND deleted_at IS NULL
  UNION ALL
  SELECT at, 2, id FROM checkins
   WHERE person_id = ?1 AND deleted_at IS NULL
  UNION ALL
  SELECT e.entry_date || 'T23:59:59.998Z', 1, e.id
    FROM entry_people ep JOIN entries e INDEXED BY entries_live ON e.id = ep.entry_id
   WHERE ep.person_id = ?1 AND e.deleted_at IS NULL
     AND (?2 IS NULL OR e.entry_date <= substr(?2, 1, 10))
)
WHERE ?2 IS NULL OR (key, rank, id) < (?2, ?3, ?4)
ORDER BY key DESC, rank DESC, id DESC
LIMIT ?5";

/// Up to `limit` items of `person_id`'s timeline after `after` (from the
/// newest when `None`), newest first.
pub fn page(
    conn: &Connection,
    person_id: i64,
    limit: u32,
    after: Option<&TimelineCursor>,
) -> Result<Vec<TimelineCursor>> {
    // Each part is bounded by the cursor on its own (indexes on
    // person_id keep each part to that person's rows), then merged.
    let mut stmt = conn.prepare_cached(PAGE)?;
    let (key, rank, id) = match after {
        Some(c) => (Some(c.key.as_str()), c.rank, c.id),
        None => (None, 0, 0),
    };
    let rows = stmt.query_map(params![person_id, key, rank, id, limit], |r| {
        Ok(TimelineCursor {
            key: r.get(0)?,
            rank: r.get(1)?,
            id: r.get(2)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
