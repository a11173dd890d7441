//! Search finds what a brute-force reading finds. A few hundred generated
//! records and several hundred queries (words, AND, phrases, prefixes, odd
//! syntax); the expected hits are computed in Rust over the indexed text,
//! tokenised by FTS5's own tokenizer (a scratch table in memory) and
//! matched term by term — a phrase is its tokens in a row within one
//! column, a prefix the start of a token, terms ANDed.
//!
//! With room for every match, search returns exactly the matches. With
//! tiny bounds, which reach the common-term and window paths with a few
//! hundred records, the hits are the ones the rules in the `search` module
//! doc pick, computed here the same brute-force way.

use std::collections::{BTreeSet, HashMap};

use kindred_core::model::{Kind, PersonDraft};
use kindred_core::search::{self, Bounds};
use kindred_core::store::{entries, notes, people, search_index, tags};
use rusqlite::Connection;

use crate::util::*;

/// A deterministic xorshift generator.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    /// Skewed towards low indexes, so a few words are in most records.
    fn zipf(&mut self, n: usize) -> usize {
        self.below(n) * self.below(n) / n
    }
}

/// Words as typed, some inflected, cased or accented: stemming and
/// folding are the tokenizer's, read from it, not assumed here.
const WORDS: &[&str] = &[
    "the",
    "and",
    "we",
    "river",
    "walk",
    "walked",
    "walking",
    "sea",
    "long",
    "day",
    "my",
    "sister",
    "kitchen",
    "tea",
    "rain",
    "Café",
    "cafe",
    "Zürich",
    "zurich",
    "talk",
    "talked",
    "quiet",
    "morning",
    "evening",
    "home",
    "lake",
    "bread",
    "letters",
    "mother",
    "garden",
    "train",
    "harbour",
    "lighthouse",
    "river's",
    "dinner",
    "OR",
    "NOT",
    "NEAR",
    "title",
    "body",
    "ri",
    "rivet",
    "riverbank",
    "seaside",
    "teal",
    "tear",
    "walker",
    "longing",
    "daylight",
    "42",
    "2024",
    "naïve",
    "résumé",
    "quietly",
    "gardens",
    "kit",
];

const PUNCT: &[&str] = &[
    " ", " ", " ", " ", ", ", ". ", " - ", "! ", " (", ") ", "; ",
];

fn text(rng: &mut Rng, min: usize, max: usize) -> String {
    let n = min + rng.below(max - min + 1);
    let mut out = String::new();
    for i in 0..n {
        if i > 0 {
            out.push_str(PUNCT[rng.below(PUNCT.len())]);
        }
        out.push_str(WORDS[rng.zipf(WORDS.len())]);
    }
    out
}

/// Fills the vault: entries (some tagged), people and notes about them.
fn fill(conn: &Connection, rng: &mut Rng) {
    let now = chrono::Utc::now();
    let date = chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
    let tx = conn.unchecked_transaction().unwrap();
    let mut persons = Vec::new();
    for _ in 0..8 {
        let id = people::insert(
            &tx,
            &PersonDraft {
                name: text(rng, 1, 2),
                how_we_met: text(rng, 0, 6),
                ..PersonDraft::default()
            },
            now,
        )
        .unwrap();
        search_index::reindex(&tx, Kind::Person, id).unwrap();
        persons.push(id);
    }
    for i in 0..320 {
        let id = entries::insert(&tx, date, &text(rng, 0, 3), &text(rng, 3, 30), now).unwrap();
        if i % 5 == 0 {
            let tag = WORDS[rng.zipf(WORDS.len())].to_lowercase();
            tags::set_for_entry(&tx, id, &[tag]).unwrap();
        }
        search_index::reindex(&tx, Kind::Entry, id).unwrap();
        if i % 8 == 0 {
            let person = persons[rng.below(persons.len())];
            let note = notes::insert(&tx, person, &text(rng, 2, 12), now).unwrap();
            search_index::reindex(&tx, Kind::Note, note).unwrap();
        }
    }
    tx.commit().unwrap();
}

/// FTS5's tokenizer, through a scratch table in memory.
struct Tokenizer<'c> {
    conn: &'c Connection,
    cache: HashMap<String, Vec<String>>,
}

impl<'c> Tokenizer<'c> {
    fn new(conn: &'c Connection) -> Self {
        conn.execute_batch(
            "CREATE VIRTUAL TABLE temp.tok USING fts5 (
                 t, tokenize = 'porter unicode61 remove_diacritics 2');
             CREATE VIRTUAL TABLE temp.tok_instances USING fts5vocab(temp, tok, instance);",
        )
        .unwrap();
        Self {
            conn,
            cache: HashMap::new(),
        }
    }

    fn tokens(&mut self, text: &str) -> Vec<String> {
        if let Some(t) = self.cache.get(text) {
            return t.clone();
        }
        self.conn.execute("DELETE FROM temp.tok", []).unwrap();
        self.conn
            .execute("INSERT INTO temp.tok (rowid, t) VALUES (1, ?1)", [text])
            .unwrap();
        let mut stmt = self
            .conn
            .prepare("SELECT term FROM temp.tok_instances ORDER BY offset")
            .unwrap();
        let tokens: Vec<String> = stmt
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        self.cache.insert(text.to_owned(), tokens.clone());
        tokens
    }
}

/// One indexed record: its rowid and each column's tokens.
struct Record {
    rowid: i64,
    columns: [Vec<String>; 3],
}

fn records(conn: &Connection, tok: &mut Tokenizer<'_>) -> Vec<Record> {
    let rows: Vec<(i64, [String; 3])> = conn
        .prepare("SELECT rowid, title, body, extra FROM search_index ORDER BY rowid DESC")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, [r.get(1)?, r.get(2)?, r.get(3)?])))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    rows.into_iter()
        .map(|(rowid, cols)| Record {
            rowid,
            columns: cols.map(|c| tok.tokens(&c)),
        })
        .collect()
}

/// A term as the query means it: text tokenised as a phrase, the last
/// token maybe a prefix.
#[derive(Debug, Clone)]
struct Term {
    text: String,
    prefix: bool,
}

/// A query as typed, and the terms it means.
#[derive(Debug, Clone)]
struct Query {
    typed: String,
    terms: Vec<Term>,
}

fn term(text: &str, prefix: bool) -> Term {
    Term {
        text: text.into(),
        prefix,
    }
}

/// A sequence of tokens, the last maybe a prefix.
type Seq = (Vec<String>, bool);

fn holds(tokens: &[String], (seq, prefix): &Seq) -> bool {
    if seq.is_empty() || seq.len() > tokens.len() {
        return false;
    }
    tokens.windows(seq.len()).any(|w| {
        w.iter().zip(seq).enumerate().all(|(i, (t, s))| {
            if *prefix && i == seq.len() - 1 {
                t.starts_with(s.as_str())
            } else {
                t == s
            }
        })
    })
}

fn record_holds(r: &Record, seq: &Seq) -> bool {
    r.columns.iter().any(|c| holds(c, seq))
}

fn searchable(s: &str) -> bool {
    s.chars().any(char::is_alphanumeric)
}

/// The term as one sequence, and its whitespace-separated parts.
fn seqs(t: &Term, tok: &mut Tokenizer<'_>) -> (Seq, Vec<Seq>) {
    let whole = (tok.tokens(&t.text), t.prefix);
    let parts: Vec<&str> = t
        .text
        .split_whitespace()
        .filter(|p| searchable(p))
        .collect();
    let n = parts.len();
    let parts = parts
        .iter()
        .enumerate()
        .map(|(i, p)| (tok.tokens(p), t.prefix && i + 1 == n))
        .collect();
    (whole, parts)
}

/// Which rule applies to a query.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Path {
    /// Some term is held by no record.
    Nothing,
    /// Every term is rare: the newest matches by BM25.
    AllRare,
    /// Rare and common terms: the newest matches by BM25 over the rare.
    Mixed,
    /// Only common terms, no phrase: titles first, then the newest.
    Common,
    /// Only common terms and a phrase: the newest records holding every
    /// word, then older ones until enough are found.
    CommonPhrase,
}

/// What the rules pick for `q`, newest first (before ranking), and which
/// rule applied (for common terms the order is known too: titles first,
/// then the newest).
fn expected(
    recs: &[Record],
    q: &Query,
    bounds: Bounds,
    limit: usize,
    tok: &mut Tokenizer<'_>,
) -> (Vec<i64>, Path, Vec<Term>) {
    // A term with no token is skipped in an AND (FTS5 does the same).
    let (terms, kept): (Vec<(Seq, Vec<Seq>)>, Vec<Term>) = q
        .terms
        .iter()
        .map(|t| (seqs(t, tok), t.clone()))
        .filter(|((w, _), _)| !w.0.is_empty())
        .unzip();
    let window = bounds.rank_window as usize;
    let matches: Vec<i64> = recs
        .iter()
        .filter(|r| !terms.is_empty() && terms.iter().all(|(w, _)| record_holds(r, w)))
        .map(|r| r.rowid)
        .collect();
    let held = |seq: &Seq| recs.iter().filter(|r| record_holds(r, seq)).count();
    let mut rare_terms = Vec::new();
    for ((_, parts), t) in terms.iter().zip(&kept) {
        let fewest = parts.iter().map(held).min().unwrap_or(0);
        if fewest == 0 {
            return (Vec::new(), Path::Nothing, Vec::new());
        }
        if fewest as i64 <= bounds.common_term {
            rare_terms.push(t.clone());
        }
    }
    let rare = rare_terms.len();
    let has_phrase = terms.iter().any(|(_, parts)| parts.len() > 1);
    if rare > 0 || !has_phrase {
        let considered = matches.into_iter().take(window).collect();
        let path = if rare == terms.len() {
            Path::AllRare
        } else if rare > 0 {
            Path::Mixed
        } else {
            Path::Common
        };
        return (considered, path, rare_terms);
    }
    let loose: Vec<i64> = recs
        .iter()
        .filter(|r| {
            terms
                .iter()
                .all(|(_, ps)| ps.iter().all(|p| record_holds(r, p)))
        })
        .map(|r| r.rowid)
        .take(window)
        .collect();
    let floor = (loose.len() == window).then(|| loose[window - 1]);
    let mut considered: Vec<i64> = matches
        .iter()
        .copied()
        .filter(|&m| floor.is_none_or(|f| m >= f))
        .take(window)
        .collect();
    if let Some(f) = floor {
        if considered.len() < limit {
            let more = limit - considered.len();
            considered.extend(matches.iter().copied().filter(|&m| m < f).take(more));
        }
    }
    (considered, Path::CommonPhrase, Vec::new())
}

/// `rows` by BM25 over `terms` (FTS5's own scores, the index's column
/// weights), ties newest first.
fn by_bm25(conn: &Connection, terms: &[Term], rows: &[i64]) -> Vec<i64> {
    let fts: Vec<String> = terms
        .iter()
        .map(|t| {
            let q = format!("\"{}\"", t.text.replace('"', "\"\""));
            if t.prefix {
                q + "*"
            } else {
                q
            }
        })
        .collect();
    let scores: HashMap<i64, f64> = conn
        .prepare(
            "SELECT rowid, bm25(search_index, 0.0, 0.0, 8.0, 1.0, 2.0) FROM search_index
             WHERE search_index MATCH ?1",
        )
        .unwrap()
        .query_map([fts.join(" ")], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    let mut rows = rows.to_vec();
    rows.sort_by(|a, b| scores[a].total_cmp(&scores[b]).then(b.cmp(a)));
    rows
}

fn titles_first(recs: &[Record], q: &Query, rows: &[i64], tok: &mut Tokenizer<'_>) -> Vec<i64> {
    let seqs: Vec<Seq> = q.terms.iter().map(|t| seqs(t, tok).0).collect();
    let titled = |rowid: &i64| {
        recs.iter()
            .find(|r| r.rowid == *rowid)
            .is_some_and(|r| seqs.iter().any(|s| holds(&r.columns[0], s)))
    };
    let (mut first, rest): (Vec<i64>, Vec<i64>) = rows.iter().partition(|r| titled(r));
    first.extend(rest);
    first
}

fn queries(rng: &mut Rng, recs: &[Record], conn: &Connection) -> Vec<Query> {
    let word = |rng: &mut Rng| WORDS[rng.zipf(WORDS.len())];
    let any_word = |rng: &mut Rng| WORDS[rng.below(WORDS.len())];
    let simple = |terms: Vec<Term>| Query {
        typed: terms
            .iter()
            .map(|t| {
                let s = if t.text.contains(' ') {
                    format!("\"{}\"", t.text)
                } else {
                    t.text.clone()
                };
                if t.prefix {
                    s + "*"
                } else {
                    s
                }
            })
            .collect::<Vec<_>>()
            .join(" "),
        terms,
    };
    // Phrases that occur: consecutive words of a record's text.
    let bodies: Vec<String> = conn
        .prepare("SELECT body FROM search_index")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    let mut out = Vec::new();
    for i in 0..360 {
        let q = match i % 9 {
            0 => simple(vec![term(any_word(rng), false)]),
            1 => simple(vec![term(word(rng), false), term(any_word(rng), false)]),
            2 => simple(vec![
                term(word(rng), false),
                term(word(rng), false),
                term(any_word(rng), false),
            ]),
            3 | 4 => {
                let body = &bodies[rng.below(bodies.len())];
                let ws: Vec<&str> = body.split_whitespace().collect();
                let n = 2 + rng.below(2);
                if ws.len() < n {
                    continue;
                }
                let at = rng.below(ws.len() - n + 1);
                let phrase = ws[at..at + n].join(" ");
                let prefix = i % 9 == 4 && rng.below(2) == 0;
                let mut terms = vec![term(&phrase, prefix)];
                if rng.below(3) == 0 {
                    terms.push(term(word(rng), false));
                }
                simple(terms)
            }
            5 => {
                let w = any_word(rng);
                let cut: String = w.chars().take(1 + rng.below(4)).collect();
                let mut terms = vec![term(&cut, true)];
                if rng.below(3) == 0 {
                    terms.insert(0, term(word(rng), false));
                }
                simple(terms)
            }
            6 => simple(vec![term(&format!("{} {}", word(rng), word(rng)), false)]),
            7 => {
                // Phrase, word and prefix together.
                let w = any_word(rng);
                let cut: String = w.chars().take(2 + rng.below(3)).collect();
                simple(vec![
                    term(
                        &format!("{} {}", word(rng), any_word(rng)),
                        rng.below(2) == 0,
                    ),
                    term(&cut, true),
                ])
            }
            _ => odd(rng),
        };
        out.push(q);
    }
    let _ = recs;
    out
}

/// Odd syntax and what it means: everything is text.
fn odd(rng: &mut Rng) -> Query {
    let w = WORDS[rng.zipf(WORDS.len())];
    let v = WORDS[rng.below(WORDS.len())];
    let (typed, terms) = match rng.below(12) {
        0 => (
            format!("{w} OR {v}"),
            vec![term(w, false), term("OR", false), term(v, false)],
        ),
        1 => (
            format!("title:{w}"),
            vec![term(&format!("title:{w}"), false)],
        ),
        2 => (
            format!("-{w} +{v}"),
            vec![term(&format!("-{w}"), false), term(&format!("+{v}"), false)],
        ),
        3 => (
            format!("NEAR({w} {v})"),
            vec![
                term(&format!("NEAR({w}"), false),
                term(&format!("{v})"), false),
            ],
        ),
        4 => (format!("{w} \""), vec![term(w, false)]),
        5 => (format!("\"{w}"), vec![term(w, false)]),
        6 => (format!("{w}^2"), vec![term(&format!("{w}^2"), false)]),
        7 => (format!("({w}) * **"), vec![term(&format!("({w})"), false)]),
        8 => {
            let a: String = w.chars().take(2).collect();
            let b: String = v.chars().take(2).collect();
            (format!("{a}*{b}*"), vec![term(&format!("{a}*{b}"), false)])
        }
        9 => (
            format!("{{title body}}:{w}"),
            vec![term("{title", false), term(&format!("body}}:{w}"), false)],
        ),
        10 => (
            format!("\"{w} {v}\"*"),
            vec![term(&format!("{w} {v}"), true)],
        ),
        _ => (
            format!("{w}\u{202e} ;--"),
            vec![term(&format!("{w}\u{202e}"), false)],
        ),
    };
    Query { typed, terms }
}

fn rowids(hits: &[kindred_core::search::SearchHit]) -> Vec<i64> {
    hits.iter()
        .map(|h| search_index::rowid(h.kind, h.id))
        .collect()
}

#[test]
fn search_finds_what_a_brute_force_reading_finds() {
    let tv = TestVault::new();
    let conn = tv.vault().connection();
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    fill(conn, &mut rng);
    let mut tok = Tokenizer::new(conn);
    let recs = records(conn, &mut tok);
    let qs = queries(&mut rng, &recs, conn);
    let configs = [
        Bounds::DEFAULT,
        Bounds {
            rank_window: 6,
            common_term: 30,
        },
        Bounds {
            rank_window: 25,
            common_term: 12,
        },
        Bounds {
            rank_window: 1,
            common_term: 0,
        },
    ];
    let mut paths: HashMap<Path, usize> = HashMap::new();
    let mut topped_up = 0;
    let mut nonempty = 0;
    for q in &qs {
        for bounds in configs {
            for limit in [1usize, 4, 10_000] {
                let hits = search::search_with(conn, &q.typed, limit as u32, bounds)
                    .unwrap_or_else(|e| panic!("{q:?}: {e}"));
                let got = rowids(&hits);
                let (considered, path, rare) = expected(&recs, q, bounds, limit, &mut tok);
                *paths.entry(path).or_default() += 1;
                let window = bounds.rank_window as usize;
                topped_up += usize::from(path == Path::CommonPhrase && considered.len() > window);
                let what = format!(
                    "{q:?}, {bounds:?}, limit {limit}: got {got:?}, considered {considered:?}"
                );
                assert_eq!(got.len(), considered.len().min(limit), "{what}");
                let set: BTreeSet<i64> = got.iter().copied().collect();
                assert_eq!(set.len(), got.len(), "no duplicates: {what}");
                let want: BTreeSet<i64> = considered.iter().copied().collect();
                assert!(set.is_subset(&want), "{what}");
                if matches!(path, Path::Common | Path::CommonPhrase) {
                    let order = titles_first(&recs, q, &considered, &mut tok);
                    assert_eq!(got, order[..got.len()], "titles first, then newest: {what}");
                } else if !considered.is_empty() {
                    let order = by_bm25(conn, &rare, &considered);
                    assert_eq!(got, order[..got.len()], "BM25 over the rare terms: {what}");
                }
                if bounds == Bounds::DEFAULT && limit == 10_000 {
                    nonempty += usize::from(!got.is_empty());
                }
            }
        }
    }
    assert!(
        nonempty > qs.len() / 2,
        "most queries find something: {nonempty}"
    );
    // Every rule was exercised, many times.
    for path in [
        Path::Nothing,
        Path::AllRare,
        Path::Mixed,
        Path::Common,
        Path::CommonPhrase,
    ] {
        let n = paths.get(&path).copied().unwrap_or(0);
        assert!(n >= 20, "{path:?} reached {n} times: {paths:?}");
    }
    assert!(topped_up > 0, "older records were checked for a phrase");
}
