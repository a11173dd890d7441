//! Turning ranked index rows into hits: a snippet for each, then the title,
//! date and person from the record's own table.

use std::collections::HashMap;

use rusqlite::{params, Connection, OptionalExtension};

use super::query::Query;
use super::{SearchHit, SnippetPart};
use crate::error::Result;
use crate::model::Kind;
use crate::store::search_index;

/// Snippet markers; control characters cannot be typed into a tag or name.
const HIT_START: char = '\u{2}';
const HIT_END: char = '\u{3}';

/// The hits for index rows, in the order given. Rows whose record has gone
/// meanwhile are left out.
pub(super) fn describe_all(
    conn: &Connection,
    query: &Query,
    rows: &[i64],
) -> Result<Vec<SearchHit>> {
    let (Some(&lo), Some(&hi)) = (rows.iter().min(), rows.iter().max()) else {
        return Ok(Vec::new());
    };
    // One pass over the matches between the first and last row, making a
    // snippet only for the rows wanted (CASE is lazy): a lookup per row
    // would set the query up again for each, which for a prefix without
    // its own index means merging every word it expands to.
    let wanted = super::find::json_list(rows);
    let mut stmt = conn.prepare_cached(
        "SELECT rowid, CASE WHEN rowid IN (SELECT value FROM json_each(?4))
             THEN snippet(search_index, -1, char(2), char(3), '…', 16) END
         FROM search_index WHERE search_index MATCH ?1 AND rowid >= ?2 AND rowid <= ?3",
    )?;
    let mut snippets: HashMap<i64, String> = HashMap::with_capacity(rows.len());
    let mut found = stmt.query(params![query.fts(), lo, hi, wanted])?;
    while let Some(row) = found.next()? {
        if let Some(snippet) = row.get::<_, Option<String>>(1)? {
            snippets.insert(row.get(0)?, snippet);
        }
    }
    let mut hits = Vec::with_capacity(rows.len());
    for rowid in rows {
        let (Some((kind, id)), Some(snippet)) = (search_index::record(*rowid), snippets.get(rowid))
        else {
            continue;
        };
        if let Some(hit) = describe(conn, kind, id, snippet)? {
            hits.push(hit);
        }
    }
    Ok(hits)
}

fn describe(conn: &Connection, kind: Kind, id: i64, snippet: &str) -> Result<Option<SearchHit>> {
    // Each kind's title (the person's name for all but entries), date and
    // person.
    let sql = match kind {
        Kind::Entry => "SELECT title, entry_date, NULL FROM entries WHERE id = ?1",
        Kind::Note => {
            "SELECT p.name, substr(n.created_at, 1, 10), p.id FROM notes n
             JOIN people p ON p.id = n.person_id WHERE n.id = ?1"
        }
        Kind::Person => "SELECT name, NULL, id FROM people WHERE id = ?1",
        Kind::Moment => {
            "SELECT p.name, m.on_date, p.id FROM moments m
             JOIN people p ON p.id = m.person_id WHERE m.id = ?1"
        }
        Kind::Checkin => {
            "SELECT p.name, substr(c.at, 1, 10), p.id FROM checkins c
             JOIN people p ON p.id = c.person_id WHERE c.id = ?1"
        }
        // Attachments have no index rows; this is never asked.
        Kind::Attachment => {
            "SELECT name, substr(created_at, 1, 10), person_id FROM attachments WHERE id = ?1"
        }
    };
    let hit = conn
        .prepare_cached(sql)?
        .query_row([id], |r| {
            Ok(SearchHit {
                kind,
                id,
                title: r.get(0)?,
                date: r.get::<_, Option<String>>(1)?.and_then(|d| d.parse().ok()),
                person_id: r.get(2)?,
                snippet: split_snippet(snippet),
            })
        })
        .optional()?;
    Ok(hit)
}

/// Splits FTS5 snippet output at the hit markers.
fn split_snippet(s: &str) -> Vec<SnippetPart> {
    let mut parts = Vec::new();
    let mut current = String::new();
    let mut in_hit = false;
    for c in s.chars() {
        if c == HIT_START || c == HIT_END {
            if !current.is_empty() {
                parts.push(SnippetPart {
                    text: std::mem::take(&mut current),
                    is_match: in_hit,
                });
            }
            in_hit = c == HIT_START;
        } else {
            current.push(c);
        }
    }
    if !current.is_empty() {
        parts.push(SnippetPart {
            text: current,
            is_match: in_hit,
        });
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippet_markers_split_into_parts() {
        let parts = split_snippet("a \u{2}cafe\u{3} in town");
        assert_eq!(
            parts,
            vec![
                SnippetPart {
                    text: "a ".into(),
                    is_match: false
                },
                SnippetPart {
                    text: "cafe".into(),
                    is_match: true
                },
                SnippetPart {
                    text: " in town".into(),
                    is_match: false
                },
            ]
        );
    }
}
