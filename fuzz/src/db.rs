//! In-memory databases with the vault's schema: imports are written into a
//! fresh one and read back; searches run against one holding a few records.
//! Plain SQLite in memory rather than an encrypted file: the SQL, the
//! schema and the code reading rows are the vault's own, and an execution
//! costs microseconds instead of a file and a key.

use std::cell::OnceCell;

use kindred_core::journal::ListFilter;
use kindred_core::store;
use rusqlite::Connection;

thread_local! {
    static VAULT: OnceCell<Connection> = const { OnceCell::new() };
}

/// Runs `f` on this process's database, emptied first. A new database
/// costs ~5 ms (the last migration vacuums and rebuilds the search index);
/// emptying one costs a few hundred microseconds, which makes the import
/// targets many times faster. Emptied is as good as new: every row of
/// every table goes (the search index through FTS5 itself, its
/// configuration stays), and ids start at 1 again since no table uses
/// AUTOINCREMENT, which [`fresh`]'s first use checks.
pub fn with_empty<R>(f: impl FnOnce(&Connection) -> R) -> R {
    VAULT.with(|cell| {
        let conn = cell.get_or_init(|| {
            let conn = fresh();
            let sequences: i64 = conn
                .query_row(
                    "SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_sequence'",
                    [],
                    |r| r.get(0),
                )
                .expect("the schema");
            assert_eq!(
                sequences, 0,
                "a table uses AUTOINCREMENT: emptying it is not enough"
            );
            conn
        });
        empty(conn);
        f(conn)
    })
}

fn empty(conn: &Connection) {
    let tables = names(
        conn,
        "SELECT name FROM sqlite_master WHERE type = 'table'
           AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'search_index_%'",
    );
    let mut sql = String::from("PRAGMA foreign_keys = OFF;\n");
    for t in tables {
        sql.push_str(&format!("DELETE FROM \"{t}\";\n"));
    }
    sql.push_str("PRAGMA foreign_keys = ON;");
    conn.execute_batch(&sql).expect("emptying the database");
}

/// A new, empty database with the vault's schema and the PRAGMA the
/// writers rely on (foreign keys).
pub fn fresh() -> Connection {
    let conn = Connection::open_in_memory().expect("an in-memory database");
    conn.execute_batch("PRAGMA foreign_keys = ON;")
        .expect("foreign keys on");
    store::migrate(&conn).expect("the vault's schema");
    conn
}

/// What [`read_back`] found.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Rows {
    /// Entries, trash included.
    pub entries: usize,
    /// People, archived and trashed included.
    pub people: usize,
    /// Notes on them.
    pub notes: usize,
}

/// Reads every row back through the store's own readers, as the app's
/// screens do: journal list, each entry in full, people, and everything
/// about each person. Panics, naming the row, if one cannot be read: a
/// row written but unreadable is a vault the app cannot show.
pub fn read_back(conn: &Connection) -> Rows {
    let mut rows = Rows::default();
    store::entries::list(conn, &ListFilter::default())
        .unwrap_or_else(|e| panic!("the journal list cannot be read: {e:?}"));
    for id in ids(conn, "SELECT id FROM entries") {
        store::entries::get(conn, id, true)
            .unwrap_or_else(|e| panic!("entry {id} cannot be read back: {e:?}"));
        rows.entries += 1;
    }
    store::people::list(conn, true)
        .unwrap_or_else(|e| panic!("the people list cannot be read: {e:?}"));
    store::checkins::all(conn).unwrap_or_else(|e| panic!("check-ins cannot be read: {e:?}"));
    for id in ids(conn, "SELECT id FROM people") {
        store::people::get(conn, id)
            .unwrap_or_else(|e| panic!("person {id} cannot be read back: {e:?}"));
        rows.people += 1;
        rows.notes += store::notes::for_person(conn, id)
            .unwrap_or_else(|e| panic!("notes on person {id} cannot be read: {e:?}"))
            .len();
        store::moments::for_person(conn, id)
            .unwrap_or_else(|e| panic!("moments of person {id} cannot be read: {e:?}"));
        store::love_map::for_person(conn, id)
            .unwrap_or_else(|e| panic!("love map of person {id} cannot be read: {e:?}"));
        store::important_dates::for_person(conn, id)
            .unwrap_or_else(|e| panic!("dates of person {id} cannot be read: {e:?}"));
        store::checkins::for_person(conn, id)
            .unwrap_or_else(|e| panic!("check-ins of person {id} cannot be read: {e:?}"));
        store::proximity::history(conn, id)
            .unwrap_or_else(|e| panic!("proximity of person {id} cannot be read: {e:?}"));
    }
    rows
}

fn names(conn: &Connection, sql: &str) -> Vec<String> {
    let mut stmt = conn.prepare(sql).expect("a select");
    stmt.query_map([], |r| r.get(0))
        .expect("names")
        .collect::<rusqlite::Result<_>>()
        .expect("names")
}

fn ids(conn: &Connection, sql: &str) -> Vec<i64> {
    let mut stmt = conn.prepare(sql).expect("a select");
    stmt.query_map([], |r| r.get(0))
        .expect("ids")
        .collect::<rusqlite::Result<_>>()
        .expect("ids")
}
