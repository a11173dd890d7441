//! Benchmark figures for the README, measured in one run. Run it through
//! `cargo xtask bench`, which builds release, installs jrnl 4.6 into a venv
//! under target/, and starts a private Secret Service so the CLI runs the
//! way a remembered device does. Prints numbers; asserts nothing.
//!
//! Environment: `KINDRED_BIN` (release kindred), `JRNL_BIN` (jrnl in its
//! venv; the jrnl rows are skipped without it), `BENCH_DIR` (scratch
//! folder), `BENCH_SIZES` (default "10000,100000"), `BENCH_ONLY` (unset:
//! everything; else a comma-separated list of the optional sections to
//! run, of `cache`, `trust`, `import`, `jrnl` and `attachments` — the figures at
//! each size, saves and search included, always run), `BENCH_ATTACH_MB`
//! (the photos of the attachments section, default 2048).

#![allow(
    clippy::print_stdout,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic
)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use kindred_core::clock::{Clock, SystemClock};
use kindred_core::keychain::{MemoryKeyStore, OsKeyStore};
use kindred_core::model::{EntryDraft, Kind};
use kindred_core::store::{self, entries, search_index};
use kindred_core::{search, Secret, Unlock, Vault};
use rusqlite::Connection;

mod attachments;
mod cache;
mod trust;

const PASSPHRASE: &str = "benchmark passphrase, not a secret";

/// A deterministic generator of journal-like text: a Zipf-ish mix of
/// common English words and a long tail of rarer ones.
struct Text {
    state: u64,
    common: Vec<&'static str>,
    tail: Vec<String>,
}

const COMMON: &str = "the and to a of i it was in that we my me with for on but so had at \
about she he her him they them you just like felt feel time day today really think know \
talk talked walk walked home friend friends mother father sister brother dinner morning \
evening night coffee tea work week long little quiet good hard tired happy sad laughed \
said told asked listened heard seen understood trust safe call called phone message \
together again still maybe because when where after before while then there here river \
park rain sun kitchen window city train late early remember remembered wanted needed \
hope worried enjoy enjoyed love loved miss missed sorry thank grateful honest open";

impl Text {
    fn new(seed: u64) -> Self {
        let common: Vec<&str> = COMMON.split_whitespace().collect();
        // 20,000 rarer words, like names, places and uncommon vocabulary.
        let syll = [
            "ka", "lo", "mi", "ren", "to", "sha", "vel", "dor", "in", "qua", "bre", "zu", "fen",
            "ith", "mar", "no",
        ];
        let mut tail = Vec::new();
        for a in 0..syll.len() {
            for b in 0..syll.len() {
                for c in 0..syll.len() {
                    for d in 0..5 {
                        tail.push(format!(
                            "{}{}{}{}",
                            syll[a],
                            syll[b],
                            syll[c],
                            ["", "s", "er", "ing", "ed"][d]
                        ));
                    }
                }
            }
        }
        Self {
            state: seed | 1,
            common,
            tail,
        }
    }

    fn next(&mut self) -> u64 {
        self.state ^= self.state << 13;
        self.state ^= self.state >> 7;
        self.state ^= self.state << 17;
        self.state
    }

    fn word(&mut self) -> String {
        let r = self.next() % 100;
        if r < 80 {
            // Zipf-ish over common words: low indexes far more often.
            let n = self.common.len() as u64;
            let i = (self.next() % n) * (self.next() % n) / n;
            self.common[i as usize].to_owned()
        } else {
            let n = self.tail.len() as u64;
            let i = (self.next() % n) * (self.next() % n) / n;
            self.tail[i as usize].clone()
        }
    }

    /// An entry of 80–400 words in sentences and paragraphs.
    fn entry(&mut self) -> (String, String) {
        let words = 80 + (self.next() % 320) as usize;
        let mut body = String::new();
        for i in 0..words {
            let w = self.word();
            if i % 14 == 0 {
                if i > 0 {
                    body.push_str(if i % 70 == 0 { ".\n\n" } else { ". " });
                }
                let mut c = w.chars();
                if let Some(f) = c.next() {
                    body.extend(f.to_uppercase());
                    body.push_str(c.as_str());
                }
            } else {
                body.push(' ');
                body.push_str(&w);
            }
        }
        body.push('.');
        let title = format!("{} {}", self.word(), self.word());
        (title, body)
    }
}

fn pct(samples: &mut [Duration], p: f64) -> Duration {
    samples.sort();
    let i = ((samples.len() as f64 - 1.0) * p).round() as usize;
    samples[i]
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

fn time<T>(f: impl FnOnce() -> T) -> (Duration, T) {
    let t0 = Instant::now();
    let v = f();
    (t0.elapsed(), v)
}

fn date(i: usize) -> NaiveDate {
    NaiveDate::from_ymd_opt(2015, 1, 1).unwrap() + chrono::Days::new((i / 3) as u64)
}

/// Fills `conn` (vault or plain) with `n` entries in one transaction.
fn fill(conn: &Connection, n: usize, seed: u64) {
    let mut text = Text::new(seed);
    let now = SystemClock.now();
    let tx = conn.unchecked_transaction().unwrap();
    for i in 0..n {
        let (title, body) = text.entry();
        let id = entries::insert(&tx, date(i), &title, &body, now).unwrap();
        search_index::reindex(&tx, Kind::Entry, id).unwrap();
    }
    tx.commit().unwrap();
}

/// A plain (unencrypted) SQLite database with the same schema, PRAGMAs and
/// data: the baseline encryption is measured against.
fn plain(path: &Path, n: usize, seed: u64) -> Connection {
    #[allow(clippy::disallowed_methods)] // deliberately unencrypted baseline
    let conn = Connection::open(path).unwrap();
    conn.execute_batch(
        "PRAGMA temp_store = MEMORY; PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;
         PRAGMA foreign_keys = ON; PRAGMA cache_size = -65536;",
    )
    .unwrap();
    store::migrate(&conn).unwrap();
    fill(&conn, n, seed);
    conn
}

/// Query shapes, each with several instances so no single word decides.
/// Words are picked by how many entries hold them (FTS5's own vocabulary
/// table), so "rare" and "common" mean the same at every size.
fn queries(conn: &Connection, n: usize) -> Vec<(String, Vec<String>)> {
    conn.execute_batch(
        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.vocab USING fts5vocab(main, search_index, 'row')",
    )
    .unwrap();
    let pick = |lo: f64, hi: f64, k: usize| -> Vec<String> {
        let mut stmt = conn
            .prepare(
                "SELECT term FROM temp.vocab WHERE doc BETWEEN ?1 AND ?2
                 AND length(term) > 4 ORDER BY term LIMIT ?3",
            )
            .unwrap();
        let lo = ((n as f64 * lo).ceil() as i64).max(1);
        let hi = ((n as f64 * hi).floor() as i64).max(lo);
        stmt.query_map(rusqlite::params![lo, hi, k as i64], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<Vec<String>>>()
            .unwrap()
    };
    let rare = pick(0.0005, 0.002, 8);
    let uncommon = pick(0.01, 0.03, 8);
    let common = pick(0.15, 0.40, 4);
    let two: Vec<String> = uncommon
        .iter()
        .zip(common.iter().cycle())
        .map(|(a, b)| format!("{a} {b}"))
        .collect();
    let prefix: Vec<String> = uncommon.iter().map(|w| format!("{}*", &w[..4])).collect();
    let phrases: Vec<String> = uncommon
        .iter()
        .filter_map(|w| phrase_after(conn, w))
        .collect();
    vec![
        ("rare word (0.05–0.2% of entries)".into(), rare),
        ("uncommon word (1–3%)".into(), uncommon),
        ("common word (15–40%)".into(), common),
        ("two words, AND".into(), two),
        ("phrase with an uncommon word".into(), phrases),
        (
            "phrase of two common words".into(),
            vec![
                "\"the river\"".into(),
                "\"my sister\"".into(),
                "\"we talked\"".into(),
                "\"long day\"".into(),
            ],
        ),
        ("prefix".into(), prefix),
        (
            // What search as you type sends: the word being typed is a
            // prefix, from its first letter on.
            "as you type: 1–3 letters, alone or after words".into(),
            vec![
                "t*".into(),
                "ri*".into(),
                "riv*".into(),
                "the riv*".into(),
                "my s*".into(),
                "ka*".into(),
                "we talked ab*".into(),
                "\"the ri\"*".into(),
            ],
        ),
    ]
}

/// A two-word phrase that occurs in the data: `word` and the word after it.
fn phrase_after(conn: &Connection, word: &str) -> Option<String> {
    let body: String = conn
        .query_row(
            "SELECT body FROM search_index WHERE search_index MATCH ?1 LIMIT 1",
            [format!("\"{word}\"")],
            |r| r.get(0),
        )
        .ok()?;
    let words: Vec<String> = body
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    // Vocabulary terms are stems ("talked" is "talk"): match the word that
    // starts with the term.
    let i = words.iter().position(|w| w.starts_with(word))?;
    Some(format!("\"{} {}\"", words[i], words.get(i + 1)?))
}

/// Whether `BENCH_ONLY` (unset: every section) asks for `name`.
fn section(name: &str) -> bool {
    std::env::var("BENCH_ONLY").map_or(true, |only| only.split(',').any(|s| s.trim() == name))
}

fn search_times(conn: &Connection, qs: &[String], rounds: usize) -> Vec<Duration> {
    let mut out = Vec::new();
    for q in qs {
        search::search(conn, q, 20).unwrap(); // warm
    }
    for _ in 0..rounds {
        for q in qs {
            let (d, hits) = time(|| search::search(conn, q, 20).unwrap());
            std::hint::black_box(hits);
            out.push(d);
        }
    }
    out
}

fn main() {
    if let Some(vdir) = std::env::var_os(cache::PROBE) {
        cache::probe(Path::new(&vdir));
        return;
    }
    let dir = PathBuf::from(std::env::var("BENCH_DIR").unwrap_or_else(|_| "target/bench".into()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let sizes: Vec<usize> = std::env::var("BENCH_SIZES")
        .unwrap_or_else(|_| "10000,100000".into())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    println!("# Kindred benchmark (release build, one run)\n");

    let mut cli_vault: Option<PathBuf> = None;
    for &n in &sizes {
        println!("## {n} entries\n");
        let vdir = dir.join(format!("vault-{n}"));
        let (d_create, created) =
            time(|| Vault::create(&vdir, &Secret::new(PASSPHRASE.into()), clock.clone()).unwrap());
        let mut vault = created.vault;
        let (d_fill, ()) = time(|| fill(vault.connection(), n, 7));
        let plain_conn = plain(&dir.join(format!("plain-{n}.db")), n, 7);
        let db_mb = std::fs::metadata(vdir.join("kindred.db"))
            .map(|m| m.len())
            .unwrap_or(0) as f64
            / 1e6;
        println!("| measure | value |\n|---|---|");
        println!(
            "| create vault (two Argon2id derivations) | {} |",
            ms(d_create)
        );
        println!(
            "| fill {n} entries, one transaction | {} ({:.0} entries/s, db {db_mb:.0} MB) |",
            ms(d_fill),
            n as f64 / d_fill.as_secs_f64()
        );

        // Unlock and open.
        let store_mem = MemoryKeyStore::new();
        vault.remember_on_device(&store_mem).unwrap();
        if n == sizes[0] {
            // The CLI comparison below unlocks through the real keychain.
            match vault.remember_on_device(&OsKeyStore) {
                Ok(()) => cli_vault = Some(vdir.clone()),
                Err(e) => println!("(no Secret Service here, CLI rows skipped: {e})"),
            }
            vault.remember_on_device(&store_mem).ok();
            if cli_vault.is_some() {
                // Re-remember in the OS keychain last, so its secret is current.
                vault.remember_on_device(&OsKeyStore).unwrap();
                let s = kindred_core::keychain::KeyStore::get(&OsKeyStore, vault.id()).unwrap();
                kindred_core::keychain::KeyStore::set(&store_mem, vault.id(), &s).unwrap();
            }
        }
        drop(vault);
        let mut opens = Vec::new();
        for _ in 0..20 {
            let (d, v) =
                time(|| Vault::unlock_with_keychain(&vdir, &store_mem, clock.clone()).unwrap());
            opens.push(d);
            drop(v);
        }
        let (d_pass, v) = time(|| {
            Vault::unlock(
                &vdir,
                Unlock::Passphrase(&Secret::new(PASSPHRASE.into())),
                clock.clone(),
            )
            .unwrap()
        });
        println!(
            "| open with raw key (device secret → HKDF → SQLCipher, checks, PRAGMAs) p50 | {} |",
            ms(pct(&mut opens, 0.5))
        );
        println!(
            "| unlock with passphrase (Argon2id 128 MiB, t=3) | {} |",
            ms(d_pass)
        );

        // Durable saves.
        let mut text = Text::new(99);
        let mut saves = Vec::new();
        for _ in 0..200 {
            let (title, body) = text.entry();
            let draft = EntryDraft {
                title,
                body,
                tags: vec!["bench".into()],
                ..EntryDraft::default()
            };
            let (d, _) = time(|| v.journal().write(&draft).unwrap());
            saves.push(d);
        }
        println!(
            "| save, synchronous=FULL (WAL), p50 / p95 | {} / {} |",
            ms(pct(&mut saves, 0.5)),
            ms(pct(&mut saves, 0.95))
        );

        // Search, encrypted against plain on the same data.
        println!("\n| search shape | encrypted p50 | encrypted p95 | plain p50 | plain p95 | p95 ratio |\n|---|---|---|---|---|---|");
        let mut all_queries = Vec::new();
        for (shape, qs) in queries(&plain_conn, n) {
            if qs.is_empty() {
                println!("| {shape} | (no such words in this data) | | | | |");
                continue;
            }
            let mut enc = search_times(v.connection(), &qs, 12);
            let mut pla = search_times(&plain_conn, &qs, 12);
            let (e50, e95, p50, p95) = (
                pct(&mut enc, 0.5),
                pct(&mut enc, 0.95),
                pct(&mut pla, 0.5),
                pct(&mut pla, 0.95),
            );
            println!(
                "| {shape} | {} | {} | {} | {} | {:.2}× |",
                ms(e50),
                ms(e95),
                ms(p50),
                ms(p95),
                e95.as_secs_f64() / p95.as_secs_f64()
            );
            all_queries.extend(qs);
        }
        if section("cache") {
            cache::figures(&vdir, &all_queries);
        }
        if section("trust") {
            trust::figures(v, n, &all_queries);
        }
        println!();
    }

    if section("import") {
        import_figures(&dir, clock.clone());
    }

    if section("attachments") {
        attachments::figures(&dir, clock.clone());
    }

    if let (Some(vdir), true) = (cli_vault, section("jrnl")) {
        compare_with_jrnl(&dir, &vdir, sizes[0]);
    }
}

/// The same entries in jrnl 4.6: whole commands, as a person runs them.
fn compare_with_jrnl(dir: &Path, vdir: &Path, n: usize) {
    let kindred = std::env::var("KINDRED_BIN").ok();
    let jrnl = std::env::var("JRNL_BIN").ok();
    let (Some(kindred), Some(jrnl)) = (kindred, jrnl) else {
        println!("(KINDRED_BIN or JRNL_BIN not set: jrnl comparison skipped)");
        return;
    };
    // jrnl's own plain-text format, with the same generated entries.
    let jdir = dir.join("jrnl");
    std::fs::create_dir_all(&jdir).unwrap();
    let journal = jdir.join("journal.txt");
    let mut text = Text::new(7);
    let mut out = String::new();
    for i in 0..n {
        let (title, body) = text.entry();
        out.push_str(&format!("[{} 09:00] {title}\n{body}\n\n", date(i)));
    }
    std::fs::write(&journal, out).unwrap();
    let cfg = jdir.join("config.yaml");
    std::fs::write(
        &cfg,
        format!(
            "colors: {{body: none, date: none, tags: none, title: none}}\ndefault_hour: 9\ndefault_minute: 0\neditor: ''\nencrypt: false\nhighlight: false\nindent_character: '|'\njournals:\n  default: {{journal: {}}}\nlinewrap: 79\ntagsymbols: '#@'\ntemplate: false\ntimeformat: '%Y-%m-%d %H:%M'\nversion: v4.6\n",
            journal.display()
        ),
    )
    .unwrap();
    let run = |cmd: &mut Command| -> Duration {
        let t0 = Instant::now();
        let o = cmd.output().unwrap();
        let d = t0.elapsed();
        assert!(
            o.status.success(),
            "{cmd:?}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        d
    };
    let body = jdir.join("body.txt");
    std::fs::write(&body, "Some words about the day.\n").unwrap();
    // One untimed command each first: Kindred's first command of the day
    // also makes the day's automatic backup, which is not what is measured.
    run(Command::new(&kindred).args(["--vault", vdir.to_str().unwrap(), "search", "warm"]));
    run(Command::new(&jrnl).args(["--config-file", cfg.to_str().unwrap(), "-contains", "warm"]));
    let mut rows = Vec::new();
    let words = ["river", "kitchen", "grateful", "trust"];
    let mut kw = Vec::new();
    let mut jw = Vec::new();
    let mut ks = Vec::new();
    let mut js = Vec::new();
    for (i, w) in words.iter().enumerate() {
        ks.push(run(Command::new(&kindred).args([
            "--vault",
            vdir.to_str().unwrap(),
            "search",
            w,
            "--limit",
            "20",
        ])));
        js.push(run(Command::new(&jrnl).args([
            "--config-file",
            cfg.to_str().unwrap(),
            "-contains",
            w,
            "-n",
            "20",
        ])));
        kw.push(run(Command::new(&kindred)
            .args([
                "--vault",
                vdir.to_str().unwrap(),
                "write",
                "--title",
                &format!("bench {i}"),
            ])
            .stdin(std::fs::File::open(&body).unwrap())));
        jw.push(run(Command::new(&jrnl).args([
            "--config-file",
            cfg.to_str().unwrap(),
            &format!("bench {i}. Some words about the day."),
        ])));
    }
    let (k50, j50) = (pct(&mut ks, 0.5), pct(&mut js, 0.5));
    rows.push(("search one word, top 20", k50, j50));
    let (k50w, j50w) = (pct(&mut kw, 0.5), pct(&mut jw, 0.5));
    rows.push(("write one entry", k50w, j50w));
    println!(
        "## Kindred vs jrnl 4.6, {n} entries, whole commands (median of {})\n",
        words.len()
    );
    println!("Kindred unlocks through the Secret Service (a remembered device); jrnl's journal is unencrypted.\n");
    println!("| command | kindred | jrnl | jrnl ÷ kindred |\n|---|---|---|---|");
    for (what, k, j) in rows {
        println!(
            "| {what} | {} | {} | {:.0}× |",
            ms(k),
            ms(j),
            j.as_secs_f64() / k.as_secs_f64()
        );
    }
}

/// 8,000 entries imported from a jrnl export and from a Day One export,
/// each into a new vault, in one transaction.
fn import_figures(dir: &Path, clock: Arc<dyn Clock>) {
    const N: usize = 8_000;
    let mut text = Text::new(11);
    let mut jrnl = Vec::new();
    let mut dayone = Vec::new();
    for i in 0..N {
        let (title, body) = text.entry();
        let tags: Vec<String> = (0..(i % 3))
            .map(|k| format!("@{}", text.tail[k * 31 + i % 50]))
            .collect();
        jrnl.push(serde_json::json!({
            "title": title, "body": body, "date": date(i).to_string(),
            "time": format!("{:02}:{:02}", 7 + i % 14, i % 60), "tags": tags, "starred": i % 17 == 0,
        }));
        dayone.push(serde_json::json!({
            "uuid": format!("{:032X}", i + 1),
            "creationDate": format!("{}T{:02}:{:02}:00Z", date(i), 7 + i % 14, i % 60),
            "timeZone": "Europe/Berlin",
            "text": format!("# {title}\n\n{body}"),
            "tags": tags.iter().map(|t| t.trim_start_matches('@')).collect::<Vec<_>>(),
            "starred": i % 17 == 0,
        }));
    }
    let files = [
        (
            "jrnl JSON",
            kindred_core::interchange::Source::Jrnl,
            serde_json::json!({"tags": {}, "entries": jrnl}),
        ),
        (
            "Day One JSON",
            kindred_core::interchange::Source::DayOne,
            serde_json::json!({"metadata": {"version": "1.0"}, "entries": dayone}),
        ),
    ];
    println!("## Import, {N} entries, one transaction\n");
    println!("| source | time | entries/s |\n|---|---|---|");
    for (name, source, doc) in files {
        let file = dir.join(format!("import-{}.json", name.replace(' ', "-")));
        std::fs::write(&file, serde_json::to_vec(&doc).unwrap()).unwrap();
        let vdir = dir.join(format!("import-vault-{}", name.replace(' ', "-")));
        let v = Vault::create(&vdir, &Secret::new(PASSPHRASE.into()), clock.clone())
            .unwrap()
            .vault;
        let (d, report) = time(|| v.import(source, &file, &mut |_, _, _| {}).unwrap());
        assert_eq!(report.entries, N);
        println!("| {name} | {} | {:.0} |", ms(d), N as f64 / d.as_secs_f64());
    }
    println!();
}
