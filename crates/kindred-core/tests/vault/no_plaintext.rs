//! Planted phrases must be in no byte of any file in the vault folder.

use kindred_core::model::{EntryDraft, PersonDraft, Proximity};
use kindred_core::store;
use kindred_core::vault;

use crate::util::*;

const TITLE: &str = "Quokkatitle Marmalade";
const BODY: &str = "the zebrafinch whispered lanternfish secrets";
const TAG: &str = "okapitagword";
const NAME: &str = "Wobbegong Fernsby";
const RELATIONSHIP: &str = "axolotlcousin";
const MET: &str = "at the narwhalmarket";
const NOTE: &str = "pangolinnote: remember the blue kettle";

/// Distinctive parts of every planted phrase.
const NEEDLES: &[&str] = &[
    "Quokkatitle",
    "zebrafinch",
    "lanternfish",
    "okapitagword",
    "Wobbegong",
    "axolotlcousin",
    "narwhalmarket",
    "pangolinnote",
    "blue kettle",
    "cassowaryreflection",
    "tapirmoment",
    "ibexhoping",
    "dugongbirthday",
];

fn plant(v: &kindred_core::Vault) {
    let pid = v
        .people()
        .add(&PersonDraft {
            name: NAME.into(),
            relationship: RELATIONSHIP.into(),
            proximity: Some(Proximity::Weekly),
            how_we_met: MET.into(),
            cadence_days: Some(14),
        })
        .unwrap();
    v.people().add_note(pid, NOTE).unwrap();
    use kindred_core::reflection::{CheckinDraft, Dimensions, MomentKind, Topic};
    let r = v.reflection();
    r.check_in(&CheckinDraft {
        person_id: pid,
        dims: Dimensions {
            seen: Some(5),
            ..Dimensions::default()
        },
        ios: Some(6),
        note: "cassowaryreflection: felt seen".into(),
        ..CheckinDraft::default()
    })
    .unwrap();
    r.add_moment(pid, MomentKind::Repair, None, "tapirmoment by the river")
        .unwrap();
    r.set_love_map(pid, Topic::Hoping, "ibexhoping for a quiet year")
        .unwrap();
    r.add_important_date(pid, "dugongbirthday", 5, 17, None)
        .unwrap();
    v.journal()
        .write(&EntryDraft {
            title: TITLE.into(),
            body: BODY.into(),
            tags: vec![TAG.into()],
            people: vec![pid],
            ..EntryDraft::default()
        })
        .unwrap();
}

#[test]
fn no_planted_phrase_in_any_file_after_writes_and_checkpoint() {
    let mut tv = TestVault::new();
    plant(tv.vault());
    // Still open: the changes sit in the WAL.
    assert!(
        vault::db_path(&tv.dir()).with_extension("db-wal").exists(),
        "expected a WAL file while open"
    );
    assert_eq!(
        found_in(&tv.dir(), NEEDLES),
        Vec::<String>::new(),
        "after writes (WAL)"
    );
    tv.vault().checkpoint().unwrap();
    assert_eq!(
        found_in(&tv.dir(), NEEDLES),
        Vec::<String>::new(),
        "after checkpoint"
    );
    tv.lock();
    assert_eq!(
        found_in(&tv.dir(), NEEDLES),
        Vec::<String>::new(),
        "after lock"
    );
}

#[test]
fn no_planted_phrase_mid_transaction() {
    let tv = TestVault::new();
    let conn = tv.vault().connection();
    // A tiny cache forces dirty pages out to the WAL before the commit.
    conn.pragma_update(None, "cache_size", 8).unwrap();
    let tx = conn.unchecked_transaction().unwrap();
    // Every kind of row that holds user text, and its search index rows.
    use kindred_core::model::Kind;
    use kindred_core::store::search_index;
    let filler = "filler ".repeat(200);
    for i in 0..60 {
        tx.execute(
            "INSERT INTO people (name, relationship, how_we_met, created_at, updated_at)
             VALUES (?1, ?2, ?3, 't', 't')",
            [
                format!("{NAME} {i}"),
                RELATIONSHIP.into(),
                format!("{MET} {filler}"),
            ],
        )
        .unwrap();
        let pid = tx.last_insert_rowid();
        search_index::reindex(&tx, Kind::Person, pid).unwrap();
        tx.execute(
            "INSERT INTO notes (person_id, body_md, created_at, updated_at) VALUES (?1, ?2, 't', 't')",
            rusqlite::params![pid, format!("{NOTE} {filler}")],
        )
        .unwrap();
        search_index::reindex(&tx, Kind::Note, tx.last_insert_rowid()).unwrap();
        tx.execute(
            "INSERT INTO checkins (person_id, at, note, created_at) VALUES (?1, 't', ?2, 't')",
            rusqlite::params![pid, format!("cassowaryreflection {filler}")],
        )
        .unwrap();
        search_index::reindex(&tx, Kind::Checkin, tx.last_insert_rowid()).unwrap();
        tx.execute(
            "INSERT INTO moments (person_id, on_date, kind, note, created_at)
             VALUES (?1, '2026-01-01', 'repair', ?2, 't')",
            rusqlite::params![pid, format!("tapirmoment {filler}")],
        )
        .unwrap();
        search_index::reindex(&tx, Kind::Moment, tx.last_insert_rowid()).unwrap();
        tx.execute(
            "INSERT INTO love_map (person_id, topic, text, updated_at) VALUES (?1, 'hoping', ?2, 't')",
            rusqlite::params![pid, format!("ibexhoping {filler}")],
        )
        .unwrap();
        tx.execute(
            "INSERT INTO important_dates (person_id, label, month, day) VALUES (?1, ?2, 5, 17)",
            rusqlite::params![pid, format!("dugongbirthday {i}")],
        )
        .unwrap();
        tx.execute("INSERT INTO tags (name) VALUES (?1)", [format!("{TAG}{i}")])
            .unwrap();
    }
    for i in 0..300 {
        tx.execute(
            "INSERT INTO entries (entry_date, title, body_md, created_at, updated_at)
             VALUES ('2026-01-01', ?1, ?2, 't', 't')",
            [format!("{TITLE} {i}"), format!("{BODY} {filler}")],
        )
        .unwrap();
        search_index::index_new(&tx, Kind::Entry, tx.last_insert_rowid()).unwrap();
    }
    let wal = vault::db_path(&tv.dir()).with_extension("db-wal");
    assert!(
        std::fs::metadata(&wal).unwrap().len() > 100_000,
        "the transaction should have spilled into the WAL"
    );
    assert_eq!(
        found_in(&tv.dir(), NEEDLES),
        Vec::<String>::new(),
        "mid-transaction"
    );
    tx.commit().unwrap();
    assert_eq!(
        found_in(&tv.dir(), NEEDLES),
        Vec::<String>::new(),
        "after commit"
    );
}

/// The control: the same phrases written to a plain SQLite database with
/// the same schema are found by the same scan, so the scan can see them.
#[test]
fn control_the_scan_finds_phrases_in_plain_sqlite() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("plain.db");
    #[allow(clippy::disallowed_methods)] // deliberately unencrypted
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch("PRAGMA journal_mode = WAL;").unwrap();
    for m in store::MIGRATIONS {
        for sql in m.sql {
            conn.execute_batch(sql).unwrap();
        }
    }
    conn.execute(
        "INSERT INTO people (name, relationship, how_we_met, created_at, updated_at)
         VALUES (?1, ?2, ?3, 't', 't')",
        [NAME, RELATIONSHIP, MET],
    )
    .unwrap();
    conn.execute(
        "INSERT INTO notes (person_id, body_md, created_at, updated_at) VALUES (1, ?1, 't', 't')",
        [NOTE],
    )
    .unwrap();
    conn.execute(
        "INSERT INTO entries (entry_date, title, body_md, created_at, updated_at)
         VALUES ('2026-01-01', ?1, ?2, 't', 't')",
        [TITLE, BODY],
    )
    .unwrap();
    conn.execute("INSERT INTO tags (name) VALUES (?1)", [TAG])
        .unwrap();
    conn.execute_batch(
        "INSERT INTO checkins (person_id, at, note, created_at) VALUES (1, 't', 'cassowaryreflection', 't');
         INSERT INTO moments (person_id, on_date, kind, note, created_at) VALUES (1, 'd', 'repair', 'tapirmoment', 't');
         INSERT INTO love_map (person_id, topic, text, updated_at) VALUES (1, 'hoping', 'ibexhoping', 't');
         INSERT INTO important_dates (person_id, label, month, day) VALUES (1, 'dugongbirthday', 5, 17);",
    )
    .unwrap();
    // The search index too, as the vault fills it: its terms must be
    // found in its shadow tables, not only the text in the tables.
    conn.execute_batch(store::search_index::V4).unwrap();
    let hits: i64 = conn
        .query_row(
            "SELECT count(*) FROM search_index WHERE search_index MATCH 'zebrafinch'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(hits, 1, "the control's search index is filled");
    let mut found = found_in(tmp.path(), NEEDLES);
    found.sort();
    let mut all: Vec<String> = NEEDLES.iter().map(|s| s.to_string()).collect();
    all.sort();
    assert_eq!(found, all, "the scan must find every phrase in plaintext");
}
