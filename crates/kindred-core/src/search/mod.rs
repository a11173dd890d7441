//! Full-text search over entries, notes, people, moments and check-ins.
//!
//! What the user types is never handed to FTS5 as syntax: [`to_fts_query`]
//! (module `query`) keeps words, "quoted phrases" and prefix*, and turns
//! everything else into quoted text, so no input can cause a syntax error.
//! Terms are ANDed. Each hit comes with a highlighted snippet.
//!
//! Every query stays fast on a vault of 100,000 entries because no step
//! scans more than a few thousand records of the index (module `find`):
//!
//! - **Ranking** is BM25, title matches weighing most. BM25 weighs a term
//!   by how rare it is, and FTS5 counts that by reading every record that
//!   holds the term; so a term held by more than [`COMMON_TERM`] records
//!   (for a phrase: records holding all its words) is *common* — it must
//!   still match, but the query's rarer terms alone rank its results.
//! - **A query made only of common terms** lists matches in a title first,
//!   then the newest, so it stops after the newest matches it needs.
//! - **Past [`RANK_WINDOW`] matches**, the newest of them are ranked.
//! - **A phrase made only of common words** is checked in the newest
//!   [`RANK_WINDOW`] records holding all its words (checking positions is
//!   what costs); when those hold fewer phrase matches than were asked
//!   for, older records are checked, newest first, until enough are found.
//! - **Snippets** are made only for the hits returned.
//!
//! Prefixes of one to four characters have their own index (schema v6), so
//! `wal*` reads one list instead of merging every word that starts so.

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::Serialize;

use crate::error::Result;
use crate::model::Kind;

mod find;
mod hits;
mod query;

/// Matches ranked at most; beyond, the newest are ranked. Also how many
/// records holding every word of a query made of common terms are checked
/// for its phrases.
pub const RANK_WINDOW: i64 = 2_000;
/// A term held by more records than this does not weigh in the ranking.
pub const COMMON_TERM: i64 = 5_000;

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

/// The bounds [`search`] keeps to; tests shrink them to reach every path
/// with a few hundred records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bounds {
    /// See [`RANK_WINDOW`].
    pub rank_window: i64,
    /// See [`COMMON_TERM`].
    pub common_term: i64,
}

impl Bounds {
    /// What [`search`] uses.
    pub const DEFAULT: Self = Self {
        rank_window: RANK_WINDOW,
        common_term: COMMON_TERM,
    };
}

/// Turns user text into a safe FTS5 query, or `None` when nothing in it is
/// searchable (empty, only punctuation or emoji).
pub fn to_fts_query(input: &str) -> Option<String> {
    query::Query::parse(input).map(|q| q.fts())
}

/// Searches everything not in the trash; best matches first.
pub fn search(conn: &Connection, query: &str, limit: u32) -> Result<Vec<SearchHit>> {
    search_within(conn, query, limit, Bounds::DEFAULT)
}

/// [`search`] within other bounds (tests and benchmarks).
#[cfg(any(test, feature = "test-support"))]
pub fn search_with(
    conn: &Connection,
    query: &str,
    limit: u32,
    bounds: Bounds,
) -> Result<Vec<SearchHit>> {
    search_within(conn, query, limit, bounds)
}

fn search_within(
    conn: &Connection,
    query: &str,
    limit: u32,
    bounds: Bounds,
) -> Result<Vec<SearchHit>> {
    let Some(query) = query::Query::parse(query) else {
        return Ok(Vec::new());
    };
    let rows = find::best(conn, &query, i64::from(limit), bounds)?;
    hits::describe_all(conn, &query, &rows)
}
