//! The trash: deleted entries, people and notes stay here, restorable, until
//! purged on purpose.

use rusqlite::Connection;

use crate::error::Result;
use crate::model::{Kind, TrashItem};
use crate::store::{self, search_index, tags, time_col};

/// The trash of an unlocked vault.
#[derive(Debug)]
pub struct Trash<'v> {
    pub(crate) conn: &'v Connection,
}

impl Trash<'_> {
    /// Everything in the trash, most recently deleted first.
    pub fn list(&self) -> Result<Vec<TrashItem>> {
        let mut stmt = self.conn.prepare(
            "SELECT 'entry', id, CASE WHEN title <> '' THEN title ELSE substr(body_md, 1, 80) END,
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
             ORDER BY 4 DESC",
        )?;
        let rows = stmt.query_map([], |r| {
            let kind = match r.get::<_, String>(0)?.as_str() {
                "entry" => Kind::Entry,
                "person" => Kind::Person,
                "moment" => Kind::Moment,
                "checkin" => Kind::Checkin,
                _ => Kind::Note,
            };
            let label: String = r.get(2)?;
            Ok(TrashItem {
                kind,
                id: r.get(1)?,
                label: label.lines().next().unwrap_or_default().to_owned(),
                deleted_at: time_col(r, 3)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Deletes one trashed item for good: its rows, its search-index terms
    /// (FTS5 secure-delete) and, once the WAL is scrubbed, every page that
    /// held it (`secure_delete` zeroes freed space).
    pub fn purge(&self, kind: Kind, id: i64) -> Result<()> {
        self.purge_one(kind, id)?;
        store::scrub_wal(self.conn)?;
        Ok(())
    }

    fn purge_one(&self, kind: Kind, id: i64) -> Result<()> {
        let tx = self.conn.unchecked_transaction()?;
        match kind {
            Kind::Entry => {
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
        Ok(())
    }

    /// Deletes everything in the trash for good; returns how many items were there.
    pub fn empty(&self) -> Result<usize> {
        let items = self.list()?;
        for item in &items {
            match self.purge_one(item.kind, item.id) {
                Ok(()) => {}
                // A note goes with its person when the person is purged first.
                Err(crate::Error::NotFound(_)) => {}
                Err(e) => return Err(e),
            }
        }
        store::scrub_wal(self.conn)?;
        Ok(items.len())
    }
}
