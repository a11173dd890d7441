//! `tags` and `entry_tags`: free-form labels on entries.

use rusqlite::{params, Connection};

use crate::error::Result;

/// Schema v1.
pub const V1: &str = "
CREATE TABLE tags (
    id    INTEGER PRIMARY KEY,
    name  TEXT NOT NULL UNIQUE COLLATE NOCASE
);
CREATE TABLE entry_tags (
    entry_id  INTEGER NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
    tag_id    INTEGER NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
    PRIMARY KEY (entry_id, tag_id)
) WITHOUT ROWID;
CREATE INDEX entry_tags_by_tag ON entry_tags (tag_id);
";

/// Replaces the tags of an entry; tags no entry uses any more are dropped.
pub fn set_for_entry(conn: &Connection, entry_id: i64, tags: &[String]) -> Result<()> {
    conn.execute("DELETE FROM entry_tags WHERE entry_id = ?1", [entry_id])?;
    let mut upsert = conn.prepare_cached(
        "INSERT INTO tags (name) VALUES (?1) ON CONFLICT (name) DO UPDATE SET name = name
         RETURNING id",
    )?;
    let mut link =
        conn.prepare_cached("INSERT OR IGNORE INTO entry_tags (entry_id, tag_id) VALUES (?1, ?2)")?;
    for tag in tags {
        let tag_id: i64 = upsert.query_row([tag], |r| r.get(0))?;
        link.execute(params![entry_id, tag_id])?;
    }
    drop_unused(conn)
}

/// Removes tags that no entry uses.
pub fn drop_unused(conn: &Connection) -> Result<()> {
    conn.execute(
        "DELETE FROM tags WHERE NOT EXISTS (SELECT 1 FROM entry_tags WHERE tag_id = tags.id)",
        [],
    )?;
    Ok(())
}

/// Every tag with the number of entries (not in the trash) using it.
pub fn all_with_counts(conn: &Connection) -> Result<Vec<(String, i64)>> {
    let mut stmt = conn.prepare(
        "SELECT t.name, count(e.id) FROM tags t
           JOIN entry_tags et ON et.tag_id = t.id
           JOIN entries e ON e.id = et.entry_id AND e.deleted_at IS NULL
         GROUP BY t.id ORDER BY t.name COLLATE NOCASE",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
