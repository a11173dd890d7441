//! The trash: deleted entries, people and notes stay here, restorable, until
//! purged on purpose.

use std::path::Path;

use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::model::{Kind, TrashItem};
use crate::store::{self, search_index, tags, time_col};

/// Items per page of the trash unless asked otherwise, and at most.
pub const TRASH_PAGE: u32 = 100;
/// See [`TRASH_PAGE`].
pub const TRASH_PAGE_MAX: u32 = 500;

/// Where an item stands in the trash's order; the next page starts after
/// it. The window hands back what it was given.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "contract", derive(ts_rs::TS))]
pub struct TrashCursor {
    /// When it was deleted, as stored.
    pub deleted_at: String,
    /// Its kind, as stored.
    pub kind: String,
    /// Its id.
    pub id: i64,
}

/// A page of the trash.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "contract", derive(ts_rs::TS))]
pub struct TrashPage {
    /// Most recently deleted first.
    pub items: Vec<TrashItem>,
    /// Where the next page starts; `None` at the end.
    pub next: Option<TrashCursor>,
    /// How many items the whole trash holds.
    pub total: i64,
}

/// The trash of an unlocked vault.
#[derive(Debug)]
pub struct Trash<'v> {
    pub(crate) conn: &'v Connection,
    /// The vault folder, where attachments' blobs are.
    pub(crate) dir: &'v Path,
}

impl Trash<'_> {
    /// Everything in the trash, most recently deleted first.
    pub fn list(&self) -> Result<Vec<TrashItem>> {
        let mut all = Vec::new();
        let mut after = None;
        loop {
            let page = self.page(Some(TRASH_PAGE_MAX), after.as_ref())?;
            all.extend(page.items);
            match page.next {
                Some(n) => after = Some(n),
                None => return Ok(all),
            }
        }
    }

    /// A page of the trash, most recently deleted first: `limit` items
    /// (default [`TRASH_PAGE`], at most [`TRASH_PAGE_MAX`]) after `after`,
    /// and how many there are in all.
    pub fn page(&self, limit: Option<u32>, after: Option<&TrashCursor>) -> Result<TrashPage> {
        let limit = limit.unwrap_or(TRASH_PAGE).clamp(1, TRASH_PAGE_MAX);
        let mut stmt = self.conn.prepare_cached(
            "SELECT kind, id, label, deleted_at FROM (
               SELECT 'entry' AS kind, id,
                      CASE WHEN title <> '' THEN title ELSE substr(body_md, 1, 80) END AS label,
                      deleted_at FROM entries WHERE deleted_at IS NOT NULL
               UNION ALL
               SELECT 'person', id, name, deleted_at FROM people WHERE deleted_at IS NOT NULL
               UNION ALL
               SELECT 'note', id, substr(body_md, 1, 80), deleted_at FROM notes
                WHERE deleted_at IS NOT NULL
               UNION ALL
               SELECT 'moment', m.id, p.name || ': ' || m.kind, m.deleted_at FROM moments m
                 JOIN people p ON p.id = m.person_id WHERE m.deleted_at IS NOT NULL
               UNION ALL
               SELECT 'checkin', c.id, p.name || ': ' || substr(c.at, 1, 10), c.deleted_at
                 FROM checkins c JOIN people p ON p.id = c.person_id WHERE c.deleted_at IS NOT NULL
               UNION ALL
               SELECT 'attachment', id, name, deleted_at FROM attachments WHERE deleted_at IS NOT NULL
             )
             WHERE ?1 IS NULL OR (deleted_at, kind, id) < (?1, ?2, ?3)
             ORDER BY deleted_at DESC, kind DESC, id DESC
             LIMIT ?4",
        )?;
        let (at, kind, id) = match after {
            Some(c) => (Some(c.deleted_at.as_str()), c.kind.as_str(), c.id),
            None => (None, "", 0),
        };
        let mut cursors = Vec::new();
        let rows = stmt.query_map(params![at, kind, id, limit + 1], |r| {
            let kind_text: String = r.get(0)?;
            let kind = match kind_text.as_str() {
                "entry" => Kind::Entry,
                "person" => Kind::Person,
                "moment" => Kind::Moment,
                "checkin" => Kind::Checkin,
                "attachment" => Kind::Attachment,
                _ => Kind::Note,
            };
            let label: String = r.get(2)?;
            let item = TrashItem {
                kind,
                id: r.get(1)?,
                label: label.lines().next().unwrap_or_default().to_owned(),
                deleted_at: time_col(r, 3)?,
            };
            let cursor = TrashCursor {
                deleted_at: r.get(3)?,
                kind: kind_text,
                id: item.id,
            };
            Ok((item, cursor))
        })?;
        let mut items = Vec::new();
        for row in rows {
            let (item, cursor) = row?;
            items.push(item);
            cursors.push(cursor);
        }
        let next = if items.len() > limit as usize {
            items.truncate(limit as usize);
            cursors.truncate(limit as usize);
            cursors.pop()
        } else {
            None
        };
        Ok(TrashPage {
            items,
            next,
            total: self.count()?,
        })
    }

    /// How many items are in the trash.
    pub fn count(&self) -> Result<i64> {
        Ok(self.conn.query_row(
            "SELECT (SELECT count(*) FROM entries WHERE deleted_at IS NOT NULL)
                  + (SELECT count(*) FROM people WHERE deleted_at IS NOT NULL)
                  + (SELECT count(*) FROM notes WHERE deleted_at IS NOT NULL)
                  + (SELECT count(*) FROM moments WHERE deleted_at IS NOT NULL)
                  + (SELECT count(*) FROM checkins WHERE deleted_at IS NOT NULL)
                  + (SELECT count(*) FROM attachments WHERE deleted_at IS NOT NULL)",
            [],
            |r| r.get(0),
        )?)
    }

    /// Deletes one trashed item for good: its rows, its search-index terms
    /// (FTS5 secure-delete), every page that held it once the WAL is
    /// scrubbed (`secure_delete` zeroes freed space), and the files of its
    /// attachments that nothing else names.
    pub fn purge(&self, kind: Kind, id: i64) -> Result<()> {
        let blobs = self.purge_one(kind, id)?;
        store::scrub_wal(self.conn)?;
        crate::attachments::drop_unreferenced(self.conn, self.dir, &blobs)
    }

    /// Deletes one item's rows; returns the names of the blobs its
    /// attachments used, which may now be garbage.
    fn purge_one(&self, kind: Kind, id: i64) -> Result<Vec<String>> {
        let tx = self.conn.unchecked_transaction()?;
        let mut blobs = Vec::new();
        match kind {
            Kind::Attachment => {
                blobs = store::attachments::purge(&tx, id)?;
            }
            Kind::Entry => {
                blobs = store::attachments::blobs_of_entry(&tx, id)?;
                store::entries::purge(&tx, id)?;
                tags::drop_unused(&tx)?;
                search_index::remove(&tx, Kind::Entry, id)?;
            }
            Kind::Note => {
                store::notes::purge(&tx, id)?;
                search_index::remove(&tx, Kind::Note, id)?;
            }
            Kind::Moment | Kind::Checkin => {
                let table = if kind == Kind::Moment {
                    "moments"
                } else {
                    "checkins"
                };
                let n = tx.execute(
                    &format!("DELETE FROM {table} WHERE id = ?1 AND deleted_at IS NOT NULL"),
                    [id],
                )?;
                if n == 0 {
                    return Err(crate::Error::NotFound(format!(
                        "That {} is not in the trash.",
                        kind.as_str()
                    )));
                }
                search_index::remove(&tx, kind, id)?;
            }
            Kind::Person => {
                blobs = store::attachments::blobs_of_person(&tx, id)?;
                let notes = store::notes::ids_for_person(&tx, id)?;
                let mentioning = store::people::entries_mentioning(&tx, id)?;
                store::people::purge(&tx, id)?;
                search_index::remove(&tx, Kind::Person, id)?;
                for n in notes {
                    search_index::remove(&tx, Kind::Note, n)?;
                }
                for e in mentioning {
                    search_index::reindex(&tx, Kind::Entry, e)?;
                }
            }
        }
        tx.commit()?;
        Ok(blobs)
    }

    /// Deletes everything in the trash for good; returns how many items were there.
    pub fn empty(&self) -> Result<usize> {
        let items = self.list()?;
        let mut blobs = Vec::new();
        for item in &items {
            match self.purge_one(item.kind, item.id) {
                Ok(b) => blobs.extend(b),
                // A note goes with its person when the person is purged first.
                Err(crate::Error::NotFound(_)) => {}
                Err(e) => return Err(e),
            }
        }
        store::scrub_wal(self.conn)?;
        crate::attachments::drop_unreferenced(self.conn, self.dir, &blobs)?;
        Ok(items.len())
    }
}
