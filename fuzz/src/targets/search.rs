//! Search: user text → FTS5 query (`search::to_fts_query`), then the app's
//! whole search (`search::search`) against a small vault in memory whose
//! records hold accents, emoji, right-to-left text and FTS5's own words.
//!
//! Properties: the query is only quoted terms (each holding a letter or
//! digit, inner quotes doubled, an optional `*` after it, at most 32,
//! separated by single spaces), so nothing typed is FTS5 syntax; FTS5
//! accepts it; the app's search never errors, and finds nothing when
//! nothing in the text is searchable.

use std::cell::OnceCell;

use kindred_core::interchange::{import_bytes, Source};
use kindred_core::search::{search, to_fts_query};
use rusqlite::Connection;

use crate::db;

/// What the vault holds: every kind of record the index covers.
const RECORDS: &str = r#"{"format": "kindred.export", "version": 1,
  "people": [
    {"id": 1, "name": "Zoë Ōkafor", "relationship": "friend AND neighbour",
     "how_we_met": "NEAR the café in Zürich", "created_at": "2025-01-01T00:00:00Z",
     "updated_at": "2025-01-01T00:00:00Z"},
    {"id": 2, "name": "שרה", "relationship": "sister", "created_at": "2025-01-02T00:00:00Z",
     "updated_at": "2025-01-02T00:00:00Z"}],
  "notes": [{"id": 1, "person_id": 1, "body": "She said \"OR\" and NOT much else 🙂",
             "created_at": "2025-01-03T00:00:00Z", "updated_at": "2025-01-03T00:00:00Z"}],
  "checkins": [{"id": 1, "person_id": 2, "at": "2025-02-01T10:00:00Z", "seen": 4,
                "note": "felt heard; title:secret", "created_at": "2025-02-01T10:00:00Z"}],
  "moments": [{"id": 1, "person_id": 1, "on_date": "2025-02-02", "kind": "repair",
               "note": "we talked* it through", "created_at": "2025-02-02T10:00:00Z"}],
  "entries": [
    {"id": 1, "date": "2025-03-01", "title": "Long walk", "body": "A long walk home with Zoë.\n\n- cafe\n- mañana",
     "tags": ["walks", "family"], "people": [1], "created_at": "2025-03-01T20:00:00Z",
     "updated_at": "2025-03-01T20:00:00Z"},
    {"id": 2, "date": "2025-03-02", "title": "مرحبا", "body": "東京 ☕ x*y \"quoted\" -- ; DROP TABLE entries",
     "created_at": "2025-03-02T20:00:00Z", "updated_at": "2025-03-02T20:00:00Z"}]}"#;

thread_local! {
    static VAULT: OnceCell<Connection> = const { OnceCell::new() };
}

/// Runs one input.
pub fn run(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    VAULT.with(|cell| {
        let conn = cell.get_or_init(|| {
            let conn = db::fresh();
            import_bytes(&conn, Source::Kindred, RECORDS.as_bytes()).expect("the records import");
            conn
        });
        check(conn, &text);
    });
}

fn check(conn: &Connection, text: &str) {
    let query = to_fts_query(text);
    if let Some(q) = &query {
        assert!(well_formed(q), "not only quoted terms: {q:?}");
        let n: rusqlite::Result<i64> = conn.query_row(
            "SELECT count(*) FROM search_index WHERE search_index MATCH ?1",
            [q],
            |r| r.get(0),
        );
        assert!(n.is_ok(), "FTS5 refused {q:?}: {n:?}");
    }
    let hits = search(conn, text, 40).unwrap_or_else(|e| panic!("search failed: {e:?}"));
    if query.is_none() {
        assert!(hits.is_empty(), "hits for a query with nothing searchable");
    }
}

/// `"…" "…"* …`: quoted terms with inner quotes doubled, each with a
/// letter or digit and no control character, an optional `*`, single
/// spaces between, at most 32.
fn well_formed(q: &str) -> bool {
    let mut chars = q.chars().peekable();
    let mut terms = 0;
    loop {
        if chars.next() != Some('"') {
            return false;
        }
        let mut searchable = false;
        loop {
            match chars.next() {
                None => return false,
                Some('"') if chars.peek() == Some(&'"') => {
                    chars.next();
                }
                Some('"') => break,
                Some(c) if c.is_control() => return false,
                Some(c) => searchable |= c.is_alphanumeric(),
            }
        }
        if !searchable {
            return false;
        }
        terms += 1;
        if chars.peek() == Some(&'*') {
            chars.next();
        }
        match chars.next() {
            None => return terms <= 32,
            Some(' ') => {}
            Some(_) => return false,
        }
    }
}
