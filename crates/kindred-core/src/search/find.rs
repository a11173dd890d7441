//! Which index rows a query returns, best first, reading at most a few
//! thousand records of the index whatever the vault's size (the rules are
//! in the `search` module doc).
//!
//! What costs, measured at 100,000 entries: walking a term's records is
//! ~50 ns each; checking a phrase's positions ~250 ns per record holding
//! all its words; BM25 reads every record of every term it weighs (to
//! count them) and ~1 µs per row it scores; reading a row's text (for a
//! snippet) ~1 µs. A prefix without its own index merges the lists of all
//! words it expands to, once per statement.

use std::collections::{HashMap, HashSet};

use rusqlite::{params, Connection};

use super::query::{Query, Term};
use super::Bounds;
use crate::error::Result;

/// BM25 with the weights of the index's columns: kind and ref_id are not
/// indexed, a title counts 8 times, the body once, tags and names twice.
const RANK: &str = "bm25(search_index, 0.0, 0.0, 8.0, 1.0, 2.0)";

/// Every rowid.
const ALL: (i64, i64) = (i64::MIN, i64::MAX);

/// The rowids of the best `limit` matches, best first.
pub(super) fn best(
    conn: &Connection,
    query: &Query,
    limit: i64,
    bounds: Bounds,
) -> Result<Vec<i64>> {
    if limit <= 0 {
        return Ok(Vec::new());
    }
    let window = bounds.rank_window.max(1);
    // Which terms are rare enough to weigh: count the records holding each
    // part of each term, up to one past the bound. A phrase is rare when
    // one of its words is, which bounds what weighing it reads.
    let cap = bounds.common_term.saturating_add(1);
    let one_word = query.terms().len() == 1 && !query.has_phrase();
    let mut rare: Vec<&Term> = Vec::new();
    let mut newest_matches = Vec::new();
    for term in query.terms() {
        let mut fewest = i64::MAX;
        for part in term.parts() {
            let held = if one_word {
                // One word or prefix: its newest matches, which also serve
                // as the window if it is common.
                newest_matches = newest(conn, &part, ALL, cap)?;
                len(&newest_matches)
            } else {
                count(conn, &part, cap)?
            };
            if held == 0 {
                return Ok(Vec::new()); // nothing holds every term
            }
            fewest = fewest.min(held);
        }
        if fewest <= bounds.common_term {
            rare.push(term);
        }
    }
    if rare.len() == query.terms().len() {
        return ranked_newest(conn, query, window, limit);
    }
    let considered = if one_word && len(&newest_matches) >= window {
        newest_matches.truncate(usize::try_from(window).unwrap_or(usize::MAX));
        newest_matches
    } else if !rare.is_empty() || !query.has_phrase() {
        // Bounded by a rare term's few records, or, with no phrase to
        // check, by the window (every record walked is a match).
        newest(conn, &query.fts(), ALL, window)?
    } else {
        common_phrases(conn, query, window, limit)?
    };
    let mut order = if rare.is_empty() {
        titles_then_newest(conn, query, considered)?
    } else {
        by_rank(conn, &rare, considered)?
    };
    order.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
    Ok(order)
}

/// Every term is rare: the newest `window` matches by BM25 (what every
/// query did before common terms stopped weighing).
fn ranked_newest(conn: &Connection, query: &Query, window: i64, limit: i64) -> Result<Vec<i64>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT rowid, {RANK} FROM search_index WHERE search_index MATCH ?1
         ORDER BY rowid DESC LIMIT ?2"
    ))?;
    let mut scored: Vec<(i64, f64)> = stmt
        .query_map(params![query.fts(), window], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    scored.sort_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)));
    scored.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
    Ok(scored.into_iter().map(|(rowid, _)| rowid).collect())
}

/// Every term is common and a phrase must be checked: only in the newest
/// `window` records holding every word, then, if they held fewer matches
/// than asked for, in older records, newest first, until enough are found.
fn common_phrases(conn: &Connection, query: &Query, window: i64, limit: i64) -> Result<Vec<i64>> {
    let loose = newest(conn, &query.loose(), ALL, window)?;
    let floor = if len(&loose) == window {
        loose.last().copied()
    } else {
        None
    };
    let mut rows = newest(
        conn,
        &query.fts(),
        (floor.unwrap_or(i64::MIN), i64::MAX),
        window,
    )?;
    if let Some(floor) = floor {
        if len(&rows) < limit {
            let more = newest(
                conn,
                &query.fts(),
                (i64::MIN, floor.saturating_sub(1)),
                limit - len(&rows),
            )?;
            rows.extend(more);
        }
    }
    Ok(rows)
}

/// Up to `n` rowids matching `fts` within `range`, newest first.
fn newest(conn: &Connection, fts: &str, range: (i64, i64), n: i64) -> Result<Vec<i64>> {
    let mut stmt = conn.prepare_cached(
        "SELECT rowid FROM search_index WHERE search_index MATCH ?1
         AND rowid >= ?2 AND rowid <= ?3 ORDER BY rowid DESC LIMIT ?4",
    )?;
    let rows = stmt
        .query_map(params![fts, range.0, range.1, n], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// How many records match `fts`, counting up to `cap`.
fn count(conn: &Connection, fts: &str, cap: i64) -> Result<i64> {
    let n = conn
        .prepare_cached(
            "SELECT count(*) FROM (SELECT 1 FROM search_index WHERE search_index MATCH ?1 LIMIT ?2)",
        )?
        .query_row(params![fts, cap], |r| r.get(0))?;
    Ok(n)
}

/// `rows` (newest first) with those holding a term in their title first.
fn titles_then_newest(conn: &Connection, query: &Query, rows: Vec<i64>) -> Result<Vec<i64>> {
    let (Some(&lo), Some(&hi)) = (rows.iter().min(), rows.iter().max()) else {
        return Ok(rows);
    };
    // A walk of the range the rows span, as narrow as the window; in
    // rowid order, which FTS5 filters by column far faster than backwards.
    let titled: HashSet<i64> = conn
        .prepare_cached(
            "SELECT rowid FROM search_index WHERE search_index MATCH ?1
             AND rowid >= ?2 AND rowid <= ?3",
        )?
        .query_map(params![query.in_title(), lo, hi], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let (mut first, rest): (Vec<i64>, Vec<i64>) =
        rows.into_iter().partition(|r| titled.contains(r));
    first.extend(rest);
    Ok(first)
}

/// `rows` by BM25 over the `rare` terms; ties and rows without a score
/// (none expected: every row matches the rare terms) newest first.
fn by_rank(conn: &Connection, rare: &[&Term], rows: Vec<i64>) -> Result<Vec<i64>> {
    let (Some(&lo), Some(&hi)) = (rows.iter().min(), rows.iter().max()) else {
        return Ok(rows);
    };
    let fts = rare.iter().map(|t| t.fts()).collect::<Vec<_>>().join(" ");
    let wanted = json_list(&rows);
    // Scores only the rows considered (CASE is lazy); the others in the
    // range are only walked past.
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT rowid, CASE WHEN rowid IN (SELECT value FROM json_each(?4)) THEN {RANK} END
         FROM search_index WHERE search_index MATCH ?1 AND rowid >= ?2 AND rowid <= ?3"
    ))?;
    let mut scores: HashMap<i64, f64> = HashMap::with_capacity(rows.len());
    let mut found = stmt.query(params![fts, lo, hi, wanted])?;
    while let Some(row) = found.next()? {
        if let Some(score) = row.get::<_, Option<f64>>(1)? {
            scores.insert(row.get(0)?, score);
        }
    }
    let mut rows = rows;
    rows.sort_by(|a, b| {
        let sa = scores.get(a).copied().unwrap_or(f64::INFINITY);
        let sb = scores.get(b).copied().unwrap_or(f64::INFINITY);
        sa.total_cmp(&sb).then(b.cmp(a))
    });
    Ok(rows)
}

/// Rowids as a JSON array, for `json_each`.
pub(super) fn json_list(rows: &[i64]) -> String {
    let ids: Vec<String> = rows.iter().map(i64::to_string).collect();
    format!("[{}]", ids.join(","))
}

fn len(rows: &[i64]) -> i64 {
    i64::try_from(rows.len()).unwrap_or(i64::MAX)
}
