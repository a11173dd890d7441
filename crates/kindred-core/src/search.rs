//! Full-text search over entries, notes and people.
//!
//! What the user types is never handed to FTS5 as syntax. [`to_fts_query`]
//! keeps three things — words, "quoted phrases" and prefix* — and turns
//! everything else (unbalanced quotes, AND/OR/NOT/NEAR, column filters,
//! `*` alone, punctuation, SQL) into quoted text, so no input can cause a
//! syntax error. Terms are ANDed. Results are ranked with BM25, title
//! matches weighing most, and come with a highlighted snippet. A query that
//! matches more than [`RANK_WINDOW`] records ranks the newest of them (see
//! `search`), which keeps every query fast on a vault of 100,000 entries.

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;

use crate::error::Result;
use crate::model::Kind;

/// Longest query considered; the rest is ignored.
const MAX_QUERY_CHARS: usize = 1_000;
/// Most terms considered.
const MAX_TERMS: usize = 32;
/// Matches ranked by relevance at most; beyond, the newest are ranked.
pub const RANK_WINDOW: i64 = 2_000;
/// Snippet markers; control characters cannot be typed into a tag or name.
const HIT_START: char = '\u{2}';
const HIT_END: char = '\u{3}';

/// One part of a snippet: plain text, or a part that matched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "contract", derive(ts_rs::TS))]
pub struct SnippetPart {
    /// The text.
    pub text: String,
    /// Whether this part matched the query.
    #[serde(rename = "match")]
    pub is_match: bool,
}

/// A search result.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "contract", derive(ts_rs::TS))]
pub struct SearchHit {
    /// Entry, note or person.
    pub kind: Kind,
    /// The record's id.
    pub id: i64,
    /// Entry title, or the person's name (for notes and people).
    pub title: String,
    /// Entry date, or the note's creation date.
    pub date: Option<NaiveDate>,
    /// The person a note or person result is about.
    pub person_id: Option<i64>,
    /// The best-matching fragment, with matches marked.
    pub snippet: Vec<SnippetPart>,
}

/// Turns user text into a safe FTS5 query, or `None` when nothing in it is
/// searchable (empty, only punctuation or emoji).
pub fn to_fts_query(input: &str) -> Option<String> {
    let text: String = input
        .chars()
        .take(MAX_QUERY_CHARS)
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let mut terms: Vec<String> = Vec::new();
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() && terms.len() < MAX_TERMS {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        if c == '"' {
            if let Some(len) = chars[i + 1..].iter().position(|&q| q == '"') {
                let phrase: String = chars[i + 1..i + 1 + len].iter().collect();
                i += len + 2;
                let prefix = chars.get(i) == Some(&'*');
                if prefix {
                    i += 1;
                }
                push_term(&mut terms, &phrase, prefix);
                continue;
            }
            // An unbalanced quote is just a character.
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && !chars[i].is_whitespace() && chars[i] != '"' {
            i += 1;
        }
        let word: String = chars[start..i].iter().collect();
        let trimmed = word.trim_end_matches('*');
        let prefix = trimmed.len() < word.len() && !trimmed.contains('*');
        push_term(&mut terms, trimmed, prefix);
    }
    (!terms.is_empty()).then(|| terms.join(" "))
}

fn push_term(terms: &mut Vec<String>, raw: &str, prefix: bool) {
    // Anything without a letter or digit holds no token for the tokenizer.
    if !raw.chars().any(char::is_alphanumeric) {
        return;
    }
    let quoted = format!("\"{}\"", raw.replace('"', "\"\""));
    terms.push(if prefix { quoted + "*" } else { quoted });
}

/// Searches everything not in the trash; best matches first.
pub fn search(conn: &Connection, query: &str, limit: u32) -> Result<Vec<SearchHit>> {
    let Some(fts) = to_fts_query(query) else {
        return Ok(Vec::new());
    };
    // Scoring a match costs a lookup of its document's length, so a word in
    // a third of 100,000 entries costs ~20 ms to rank in full. Past
    // RANK_WINDOW matches, rank only the newest RANK_WINDOW of them (rowids
    // grow with time): finding where that window starts walks the index
    // without scoring.
    let floor: i64 = conn
        .prepare_cached(
            "SELECT rowid FROM search_index WHERE search_index MATCH ?1
             ORDER BY rowid DESC LIMIT 1 OFFSET ?2",
        )?
        .query_row(params![fts, RANK_WINDOW - 1], |r| r.get(0))
        .optional()?
        .unwrap_or(i64::MIN);
    // Rank first, then make snippets for the few rows kept: SQLite would
    // otherwise compute a snippet for every match before sorting.
    let mut stmt = conn.prepare_cached(
        "WITH top AS (
             SELECT rowid AS r, bm25(search_index, 0.0, 0.0, 8.0, 1.0, 2.0) AS score
             FROM search_index WHERE search_index MATCH ?1 AND rowid >= ?3
             ORDER BY score LIMIT ?2)
         SELECT s.kind, s.ref_id, snippet(search_index, -1, char(2), char(3), '…', 16)
         FROM top JOIN search_index s ON s.rowid = top.r
         WHERE search_index MATCH ?1
         ORDER BY top.score",
    )?;
    let rows: Vec<(String, i64, String)> = stmt
        .query_map(params![fts, limit, floor], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut hits = Vec::with_capacity(rows.len());
    for (kind, id, snippet) in rows {
        if let Some(hit) = describe(conn, &kind, id, &snippet)? {
            hits.push(hit);
        }
    }
    Ok(hits)
}

fn describe(conn: &Connection, kind: &str, id: i64, snippet: &str) -> Result<Option<SearchHit>> {
    let snippet = split_snippet(snippet);
    let hit = match kind {
        "entry" => conn
            .prepare_cached("SELECT title, entry_date FROM entries WHERE id = ?1")?
            .query_row([id], |r| {
                Ok(SearchHit {
                    kind: Kind::Entry,
                    id,
                    title: r.get(0)?,
                    date: r.get::<_, String>(1)?.parse().ok(),
                    person_id: None,
                    snippet,
                })
            })
            .optional()?,
        "note" => conn
            .prepare_cached(
                "SELECT p.name, substr(n.created_at, 1, 10), p.id FROM notes n
                 JOIN people p ON p.id = n.person_id WHERE n.id = ?1",
            )?
            .query_row([id], |r| {
                Ok(SearchHit {
                    kind: Kind::Note,
                    id,
                    title: r.get(0)?,
                    date: r.get::<_, String>(1)?.parse().ok(),
                    person_id: Some(r.get(2)?),
                    snippet,
                })
            })
            .optional()?,
        "person" => conn
            .prepare_cached("SELECT name FROM people WHERE id = ?1")?
            .query_row([id], |r| {
                Ok(SearchHit {
                    kind: Kind::Person,
                    id,
                    title: r.get(0)?,
                    date: None,
                    person_id: Some(id),
                    snippet,
                })
            })
            .optional()?,
        "moment" | "checkin" => {
            let (k, sql) = if kind == "moment" {
                (
                    Kind::Moment,
                    "SELECT p.name, m.on_date, p.id FROM moments m
                     JOIN people p ON p.id = m.person_id WHERE m.id = ?1",
                )
            } else {
                (
                    Kind::Checkin,
                    "SELECT p.name, substr(c.at, 1, 10), p.id FROM checkins c
                     JOIN people p ON p.id = c.person_id WHERE c.id = ?1",
                )
            };
            conn.prepare_cached(sql)?
                .query_row([id], |r| {
                    Ok(SearchHit {
                        kind: k,
                        id,
                        title: r.get(0)?,
                        date: r.get::<_, String>(1)?.parse().ok(),
                        person_id: Some(r.get(2)?),
                        snippet,
                    })
                })
                .optional()?
        }
        _ => None,
    };
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
    fn translation_keeps_words_phrases_and_prefixes() {
        let q = |s: &str| to_fts_query(s);
        assert_eq!(q("cafe zurich").as_deref(), Some("\"cafe\" \"zurich\""));
        assert_eq!(
            q("\"long walk\" home").as_deref(),
            Some("\"long walk\" \"home\"")
        );
        assert_eq!(q("walk*").as_deref(), Some("\"walk\"*"));
        assert_eq!(q("\"long wa\"*").as_deref(), Some("\"long wa\"*"));
    }

    #[test]
    fn translation_neutralises_syntax() {
        let q = |s: &str| to_fts_query(s);
        assert_eq!(q("a OR b").as_deref(), Some("\"a\" \"OR\" \"b\""));
        assert_eq!(q("NEAR(a b)").as_deref(), Some("\"NEAR(a\" \"b)\""));
        assert_eq!(q("title:secret").as_deref(), Some("\"title:secret\""));
        assert_eq!(q("say \"hi").as_deref(), Some("\"say\" \"hi\""));
        assert_eq!(q("*"), None);
        assert_eq!(q("   "), None);
        assert_eq!(q("🙂 🙃"), None);
        assert_eq!(q("-- ; ' \""), None);
        assert_eq!(q("a*b*").as_deref(), Some("\"a*b\""));
    }

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
