//! Search: hostile input never errors; folding, phrases, prefixes, ranking.

use kindred_core::model::{EntryDraft, Kind, PersonDraft, PersonPatch};

use crate::util::*;

fn entry(v: &kindred_core::Vault, title: &str, body: &str) -> i64 {
    v.journal()
        .write(&EntryDraft {
            title: title.into(),
            body: body.into(),
            ..EntryDraft::default()
        })
        .unwrap()
}

fn ids(v: &kindred_core::Vault, q: &str) -> Vec<(Kind, i64)> {
    v.search(q, 50)
        .unwrap_or_else(|e| panic!("query {q:?} failed: {e}"))
        .into_iter()
        .map(|h| (h.kind, h.id))
        .collect()
}

#[test]
fn hostile_queries_return_results_or_nothing_never_an_error() {
    let tv = TestVault::new();
    let v = tv.vault();
    entry(
        v,
        "Plain",
        "AND OR NOT NEAR title body \"quotes\" and (brackets) 🙂 emoji",
    );
    let hostile = [
        "",
        " ",
        "\"",
        "\"\"",
        "\"unbalanced",
        "unbalanced\"",
        "a\"b\"c\"",
        "*",
        "**",
        "* *",
        "a*b",
        "*a",
        "AND",
        "OR",
        "NOT",
        "a AND",
        "OR b",
        "NOT NOT",
        "NEAR",
        "NEAR(a b)",
        "NEAR(a, b, 3)",
        "a NEAR/3 b",
        "title:plain",
        "body:x",
        "{title body}:plain",
        "-plain",
        "+plain",
        "^plain",
        "(",
        ")",
        "((a)",
        "a OR (b",
        "'",
        "';--",
        "'); DROP TABLE entries; --",
        "SELECT * FROM entries",
        "\\",
        "\\\"",
        "%",
        "_",
        "a:b:c",
        ":",
        "::",
        "@",
        "#tag",
        "$",
        "🙂",
        "🙂🙃",
        "👩‍👩‍👧",
        "\u{0}",
        "a\u{0}b",
        "\u{202e}evil",
        "caf\u{301}",
        "\u{fffd}",
        "ש",
        "مرحبا",
        "日本語",
        &"x".repeat(10_000),
        &"a ".repeat(5_000),
        &"\"a\" ".repeat(100),
        "a* b* c* d* e*",
        "\"a b\"*",
        "\"a\"\"b\"",
        "plain^2",
        "plain~",
        "plain?",
    ];
    for q in hostile {
        let _ = ids(v, q); // panics with the query if it errors
    }
    // Syntax words are searched as the words they are.
    assert_eq!(ids(v, "NEAR").len(), 1);
    assert_eq!(ids(v, "AND OR NOT").len(), 1);
    assert_eq!(ids(v, "(brackets)").len(), 1);
    assert_eq!(ids(v, "\"quotes").len(), 1);
    assert!(
        ids(v, "🙂").is_empty(),
        "emoji alone holds no searchable word"
    );
}

#[test]
fn diacritics_fold_and_stems_match() {
    let tv = TestVault::new();
    let v = tv.vault();
    let id = entry(v, "", "Café in Zürich, then walking home along the Limmat");
    assert_eq!(ids(v, "cafe zurich"), vec![(Kind::Entry, id)]);
    assert_eq!(ids(v, "CAFÉ ZÜRICH"), vec![(Kind::Entry, id)]);
    assert_eq!(ids(v, "walked"), vec![(Kind::Entry, id)], "porter stemming");
    assert!(ids(v, "cafe berlin").is_empty(), "terms are ANDed");
}

#[test]
fn phrases_and_prefixes() {
    let tv = TestVault::new();
    let v = tv.vault();
    let a = entry(v, "", "a long walk by the sea");
    let b = entry(v, "", "walk long by the lake");
    assert_eq!(ids(v, "\"long walk\""), vec![(Kind::Entry, a)]);
    let mut both = ids(v, "lon*");
    both.sort();
    assert_eq!(both, vec![(Kind::Entry, a), (Kind::Entry, b)]);
    assert_eq!(ids(v, "lak*"), vec![(Kind::Entry, b)]);
}

#[test]
fn titles_rank_above_bodies_and_snippets_mark_matches() {
    let tv = TestVault::new();
    let v = tv.vault();
    let body_hit = entry(v, "Tuesday", "we talked about the lighthouse for a while");
    let title_hit = entry(v, "Lighthouse", "a short visit");
    let hits = v.search("lighthouse", 10).unwrap();
    assert_eq!(hits[0].id, title_hit);
    assert_eq!(hits[1].id, body_hit);
    let marked: Vec<_> = hits[1].snippet.iter().filter(|p| p.is_match).collect();
    assert_eq!(marked.len(), 1);
    assert_eq!(marked[0].text.to_lowercase(), "lighthouse");
}

#[test]
fn notes_people_trash_and_renames_are_kept_in_step() {
    let tv = TestVault::new();
    let v = tv.vault();
    let pid = v
        .people()
        .add(&PersonDraft {
            name: "Imogen".into(),
            how_we_met: "choir practice".into(),
            ..PersonDraft::default()
        })
        .unwrap();
    let nid = v.people().add_note(pid, "loves sourdough").unwrap();
    let eid = v
        .journal()
        .write(&EntryDraft {
            body: "dinner together".into(),
            people: vec![pid],
            ..EntryDraft::default()
        })
        .unwrap();
    assert_eq!(ids(v, "choir"), vec![(Kind::Person, pid)]);
    assert_eq!(ids(v, "sourdough"), vec![(Kind::Note, nid)]);
    let mut imogen = ids(v, "imogen");
    imogen.sort_by_key(|(k, id)| (k.as_str(), *id));
    assert_eq!(imogen.len(), 3, "{imogen:?}");

    v.people()
        .edit(
            pid,
            &PersonPatch {
                name: Some("Immy".into()),
                ..PersonPatch::default()
            },
        )
        .unwrap();
    assert!(ids(v, "imogen").is_empty());
    assert_eq!(ids(v, "immy").len(), 3);

    v.journal().trash(eid).unwrap();
    assert!(ids(v, "dinner").is_empty(), "trashed entries are not found");
    v.journal().restore(eid).unwrap();
    assert_eq!(ids(v, "dinner"), vec![(Kind::Entry, eid)]);

    v.people().trash(pid).unwrap();
    assert!(
        ids(v, "sourdough").is_empty(),
        "a trashed person's notes go with them"
    );
    v.people().restore(pid).unwrap();
    assert_eq!(ids(v, "sourdough"), vec![(Kind::Note, nid)]);
}

/// Past RANK_WINDOW matches, only the newest RANK_WINDOW are ranked: an old
/// title match loses to a newer one, and every hit comes from the window.
#[test]
fn very_common_queries_rank_the_newest_matches() {
    use kindred_core::search::RANK_WINDOW;
    use kindred_core::store::{entries, search_index};
    let tv = TestVault::new();
    let v = tv.vault();
    let conn = v.connection();
    let now = chrono::Utc::now();
    let date = chrono::NaiveDate::from_ymd_opt(2020, 1, 1).unwrap();
    let tx = conn.unchecked_transaction().unwrap();
    let mut ids = Vec::new();
    let total = RANK_WINDOW + 100;
    for i in 0..total {
        let title = if i == 0 { "Evergreen" } else { "" };
        let id = entries::insert(&tx, date, title, &format!("evergreen note {i}"), now).unwrap();
        search_index::reindex(&tx, Kind::Entry, id).unwrap();
        ids.push(id);
    }
    let newest_title = entries::insert(&tx, date, "Evergreen again", "evergreen", now).unwrap();
    search_index::reindex(&tx, Kind::Entry, newest_title).unwrap();
    tx.commit().unwrap();
    let hits = v.search("evergreen", 10).unwrap();
    assert_eq!(
        hits[0].id, newest_title,
        "the title match in the window ranks first"
    );
    let oldest_in_window = ids[ids.len() - (RANK_WINDOW as usize - 1)];
    assert!(hits.iter().all(|h| h.id >= oldest_in_window), "{hits:?}");
    // A rarer query still ranks across the whole vault.
    assert_eq!(v.search("evergreen \"note 0\"", 10).unwrap()[0].id, ids[0]);
}
