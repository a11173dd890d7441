//! `search_index`: one FTS5 table over entries, notes and people, inside the
//! encrypted database.
//!
//! Each row's rowid encodes what it indexes (`id * 8 + kind`), so updating or
//! removing one record's row is a rowid lookup, not a scan. Rows are kept in
//! step by the write paths in this crate, in the same transaction as the
//! change; trashed records have no row. Tokenizer: Porter stemming over
//! unicode61 with diacritics removed, so "cafe zurich" finds "Café in Zürich".
//! Prefixes of one to four characters have their own index (v6).

use rusqlite::Connection;

use crate::error::Result;
use crate::model::Kind;

/// The rows indexed for entries: title, body, and tags plus mentioned names.
macro_rules! entry_rows {
    () => {
        "SELECT e.id * 8 + 0, 'entry', e.id, e.title, e.body_md,
                coalesce((SELECT group_concat(t.name, ' ') FROM entry_tags et
                            JOIN tags t ON t.id = et.tag_id WHERE et.entry_id = e.id), '')
                || ' ' ||
                coalesce((SELECT group_concat(p.name, ' ') FROM entry_people ep
                            JOIN people p ON p.id = ep.person_id WHERE ep.entry_id = e.id), '')
         FROM entries e WHERE e.deleted_at IS NULL"
    };
}

/// The rows indexed for notes: the person's name as title, the note as body.
macro_rules! note_rows {
    () => {
        "SELECT n.id * 8 + 1, 'note', n.id, p.name, n.body_md, ''
         FROM notes n JOIN people p ON p.id = n.person_id
         WHERE n.deleted_at IS NULL AND p.deleted_at IS NULL"
    };
}

/// The rows indexed for people: name, how we met, relationship.
macro_rules! person_rows {
    () => {
        "SELECT p.id * 8 + 2, 'person', p.id, p.name, p.how_we_met, p.relationship
         FROM people p WHERE p.deleted_at IS NULL"
    };
}

/// The rows indexed for moments: the person's name and the note.
macro_rules! moment_rows {
    () => {
        "SELECT m.id * 8 + 3, 'moment', m.id, p.name, m.note, m.kind
         FROM moments m JOIN people p ON p.id = m.person_id
         WHERE m.deleted_at IS NULL AND p.deleted_at IS NULL AND m.note <> ''"
    };
}

/// The rows indexed for check-ins: the person's name and the reflection.
macro_rules! checkin_rows {
    () => {
        "SELECT c.id * 8 + 4, 'checkin', c.id, p.name, c.note, ''
         FROM checkins c JOIN people p ON p.id = c.person_id
         WHERE c.deleted_at IS NULL AND p.deleted_at IS NULL AND c.note <> ''"
    };
}

/// Fills the index from entries, notes and people (the kinds that existed
/// when a migration rebuilds it).
macro_rules! fill_index {
    () => {
        concat!(
            "INSERT INTO search_index (rowid, kind, ref_id, title, body, extra) ",
            entry_rows!(),
            ";\nINSERT INTO search_index (rowid, kind, ref_id, title, body, extra) ",
            note_rows!(),
            ";\nINSERT INTO search_index (rowid, kind, ref_id, title, body, extra) ",
            person_rows!(),
            ";"
        )
    };
}

/// Schema v2: the index, filled from what v1 databases already hold.
pub const V2: &str = concat!(
    "CREATE VIRTUAL TABLE search_index USING fts5 (
        kind UNINDEXED, ref_id UNINDEXED, title, body, extra,
        tokenize = 'porter unicode61 remove_diacritics 2'
    );\n",
    fill_index!()
);

/// Schema v4: rowids move to `id * 8 + kind` to make room for moments and
/// check-ins; the index is rebuilt from the tables.
pub const V4: &str = concat!("DELETE FROM search_index;\n", fill_index!());

/// Schema v5: FTS5's secure-delete, so deleting a row removes its terms
/// from the index at once (not only marks them deleted until a merge); then
/// a rebuild drops whatever earlier deletes left behind.
pub const V5: &str = "INSERT INTO search_index (search_index, rank) VALUES ('secure-delete', 1);
INSERT INTO search_index (search_index) VALUES ('rebuild');
";

/// Fills the index from every kind of record it holds.
macro_rules! fill_every_kind {
    () => {
        concat!(
            "INSERT INTO search_index (rowid, kind, ref_id, title, body, extra) ",
            entry_rows!(),
            ";\nINSERT INTO search_index (rowid, kind, ref_id, title, body, extra) ",
            note_rows!(),
            ";\nINSERT INTO search_index (rowid, kind, ref_id, title, body, extra) ",
            person_rows!(),
            ";\nINSERT INTO search_index (rowid, kind, ref_id, title, body, extra) ",
            moment_rows!(),
            ";\nINSERT INTO search_index (rowid, kind, ref_id, title, body, extra) ",
            checkin_rows!(),
            ";"
        )
    };
}

/// Schema v6: prefix indexes for prefixes of one to four characters, so
/// `wal*` reads one list instead of merging the lists of every word that
/// starts so (search as you type sends the word being typed as a prefix).
/// FTS5 takes them only when the table is made: it is made again, with
/// secure-delete from the start (the old table's pages are zeroed as it is
/// dropped, `PRAGMA secure_delete`), and filled from the records.
///
/// Each token now goes into five lists, so a large transaction (an
/// import) filled FTS5's 1 MiB of pending changes five times as often,
/// and indexing 8,000 entries took 2.4× as long as without prefixes; with
/// 16 MiB it takes 1.7× (measured on plain SQLite). Pending changes stay in
/// memory and are written, like every page, encrypted at commit.
pub const V6: &str = concat!(
    "DROP TABLE search_index;
CREATE VIRTUAL TABLE search_index USING fts5 (
    kind UNINDEXED, ref_id UNINDEXED, title, body, extra,
    tokenize = 'porter unicode61 remove_diacritics 2',
    prefix = '1 2 3 4'
);
INSERT INTO search_index (search_index, rank) VALUES ('secure-delete', 1);
INSERT INTO search_index (search_index, rank) VALUES ('hashsize', 16777216);\n",
    fill_every_kind!()
);

/// The rowid of a record's index row.
pub fn rowid(kind: Kind, id: i64) -> i64 {
    id * 8
        + match kind {
            Kind::Entry => 0,
            Kind::Note => 1,
            Kind::Person => 2,
            Kind::Moment => 3,
            Kind::Checkin => 4,
            Kind::Attachment => 5,
        }
}

/// The statement that adds the index rows of `kind`'s records whose id
/// (on the record's own table) satisfies `$id_test`.
macro_rules! insert_rows {
    ($kind:expr, $id_test:literal) => {
        match $kind {
            Kind::Entry => concat!(
                "INSERT INTO search_index (rowid, kind, ref_id, title, body, extra) ",
                entry_rows!(),
                " AND e.id",
                $id_test
            ),
            Kind::Note => concat!(
                "INSERT INTO search_index (rowid, kind, ref_id, title, body, extra) ",
                note_rows!(),
                " AND n.id",
                $id_test
            ),
            Kind::Person => concat!(
                "INSERT INTO search_index (rowid, kind, ref_id, title, body, extra) ",
                person_rows!(),
                " AND p.id",
                $id_test
            ),
            Kind::Moment => concat!(
                "INSERT INTO search_index (rowid, kind, ref_id, title, body, extra) ",
                moment_rows!(),
                " AND m.id",
                $id_test
            ),
            Kind::Checkin => concat!(
                "INSERT INTO search_index (rowid, kind, ref_id, title, body, extra) ",
                checkin_rows!(),
                " AND c.id",
                $id_test
            ),
            // Not indexed: see `indexed`.
            Kind::Attachment => "",
        }
    };
}

/// Whether a kind of record has index rows: attachments have none (their
/// bytes are not text, and their names are found through their entry).
fn indexed(kind: Kind) -> bool {
    kind != Kind::Attachment
}

/// Brings a record's index row up to date (removes it when the record is
/// gone or in the trash).
pub fn reindex(conn: &Connection, kind: Kind, id: i64) -> Result<()> {
    if !indexed(kind) {
        return Ok(());
    }
    conn.prepare_cached("DELETE FROM search_index WHERE rowid = ?1")?
        .execute([rowid(kind, id)])?;
    index_new(conn, kind, id)
}

/// Adds the index row of a record that has none yet (a fresh insert).
pub fn index_new(conn: &Connection, kind: Kind, id: i64) -> Result<()> {
    if !indexed(kind) {
        return Ok(());
    }
    let sql = insert_rows!(kind, " = ?1");
    conn.prepare_cached(sql)?.execute([id])?;
    Ok(())
}

/// Adds the index rows of many records that have none yet, one statement
/// per kind (imports). FTS5 keeps a statement's rows in memory and writes
/// them as one segment; a statement per record writes, and later merges, a
/// segment per record (FTS5 writes out what it holds whenever a statement
/// opens a savepoint, as an `INSERT … SELECT` does), which made importing
/// 8,000 entries twice as slow once each token went into five lists.
pub fn index_new_many(conn: &Connection, records: &[(Kind, i64)]) -> Result<()> {
    for kind in [
        Kind::Person,
        Kind::Note,
        Kind::Entry,
        Kind::Moment,
        Kind::Checkin,
    ] {
        let ids: Vec<String> = records
            .iter()
            .filter(|(k, _)| *k == kind)
            .map(|(_, id)| id.to_string())
            .collect();
        if ids.is_empty() {
            continue;
        }
        // In rowid order, or FTS5 writes out what it holds at each step
        // back.
        let sql = insert_rows!(kind, " IN (SELECT value FROM json_each(?1)) ORDER BY 1");
        conn.prepare_cached(sql)?
            .execute([format!("[{}]", ids.join(","))])?;
    }
    Ok(())
}

/// Removes a record's row (for records deleted for good).
pub fn remove(conn: &Connection, kind: Kind, id: i64) -> Result<()> {
    conn.prepare_cached("DELETE FROM search_index WHERE rowid = ?1")?
        .execute([rowid(kind, id)])?;
    Ok(())
}

/// The record an index row is for: the inverse of [`rowid`].
pub fn record(rowid: i64) -> Option<(Kind, i64)> {
    let kind = match rowid.rem_euclid(8) {
        0 => Kind::Entry,
        1 => Kind::Note,
        2 => Kind::Person,
        3 => Kind::Moment,
        4 => Kind::Checkin,
        _ => return None,
    };
    Some((kind, rowid.div_euclid(8)))
}
