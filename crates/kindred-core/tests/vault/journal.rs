//! Entries, tags, people and notes: round trips and the trash.

use kindred_core::model::{EntryDraft, EntryPatch, Kind, PersonDraft, Proximity};
use kindred_core::store::entries::ListFilter;
use kindred_core::ErrorCode;

use crate::util::*;

#[test]
fn unusual_text_round_trips_exactly() {
    let tv = TestVault::new();
    let v = tv.vault();
    let samples = [
        "emoji 👩‍👩‍👧 🙂 and flags 🇳🇿".to_string(),
        "RTL: שלום עולם — مرحبا بالعالم".to_string(),
        "combining: e\u{301} a\u{308}\u{323} Z\u{335}\u{321}".to_string(),
        "no trailing newline".to_string(),
        "\n\nleading and trailing\n\n\n".to_string(),
        "tabs\tand\r\nCRLF\r\n".to_string(),
        "x".repeat(10 * 1024 * 1024),
    ];
    for s in &samples {
        let id = v
            .journal()
            .write(&EntryDraft {
                body: s.clone(),
                ..EntryDraft::default()
            })
            .unwrap();
        assert!(
            v.journal().get(id).unwrap().body == *s,
            "body changed for a {} byte sample",
            s.len()
        );
    }
}

#[test]
fn entries_list_newest_first_with_tags_and_people() {
    let tv = TestVault::new();
    let v = tv.vault();
    let sam = v
        .people()
        .add(&PersonDraft {
            name: "Sam".into(),
            proximity: Some(Proximity::LivesWithMe),
            ..PersonDraft::default()
        })
        .unwrap();
    for day in 1..=40 {
        v.journal()
            .write(&EntryDraft {
                date: Some(chrono::NaiveDate::from_ymd_opt(2026, 1, day % 28 + 1).unwrap()),
                title: format!("day {day}"),
                body: "text".into(),
                tags: if day % 2 == 0 {
                    vec!["even".into()]
                } else {
                    vec![]
                },
                people: if day % 5 == 0 { vec![sam] } else { vec![] },
            })
            .unwrap();
    }
    let all = v.journal().list(&ListFilter::default()).unwrap();
    assert_eq!(all.len(), 40, "every entry unless a limit is given");
    assert!(all.windows(2).all(|w| w[0].date >= w[1].date));
    let even = v
        .journal()
        .list(&ListFilter {
            tag: Some("EVEN".into()),
            ..ListFilter::default()
        })
        .unwrap();
    assert_eq!(even.len(), 20, "tags match case-insensitively");
    let with_sam = v
        .journal()
        .list(&ListFilter {
            person_id: Some(sam),
            ..ListFilter::default()
        })
        .unwrap();
    assert_eq!(with_sam.len(), 8);
    assert!(with_sam.iter().all(|e| e.people[0].name == "Sam"));
    let limited = v
        .journal()
        .list(&ListFilter {
            limit: Some(3),
            ..ListFilter::default()
        })
        .unwrap();
    assert_eq!(limited.len(), 3);
    assert_eq!(
        v.people().get(sam).unwrap().last_contact,
        with_sam.first().map(|e| e.date)
    );
}

/// Pages of a list, each after the last entry of the one before, add up to
/// the whole list in the same order — also when many entries share a date,
/// and with a tag or a person as filter.
#[test]
fn pages_add_up_to_the_whole_list_in_order() {
    use kindred_core::journal::EntryCursor;
    let tv = TestVault::new();
    let v = tv.vault();
    let sam = v
        .people()
        .add(&PersonDraft {
            name: "Sam".into(),
            ..PersonDraft::default()
        })
        .unwrap();
    for i in 0..57 {
        v.journal()
            .write(&EntryDraft {
                // Five entries a day: pages often end mid-day.
                date: Some(
                    chrono::NaiveDate::from_ymd_opt(2025, 1, 1).unwrap() + chrono::Days::new(i / 5),
                ),
                body: format!("entry {i}"),
                tags: if i % 3 == 0 {
                    vec!["third".into()]
                } else {
                    vec![]
                },
                people: if i % 4 == 0 { vec![sam] } else { vec![] },
                ..EntryDraft::default()
            })
            .unwrap();
    }
    for base in [
        ListFilter::default(),
        ListFilter {
            tag: Some("third".into()),
            ..ListFilter::default()
        },
        ListFilter {
            person_id: Some(sam),
            ..ListFilter::default()
        },
    ] {
        let whole: Vec<i64> = v
            .journal()
            .list(&base)
            .unwrap()
            .iter()
            .map(|e| e.id)
            .collect();
        let mut paged: Vec<i64> = Vec::new();
        let mut after = None;
        loop {
            let page = v
                .journal()
                .list(&ListFilter {
                    limit: Some(7),
                    after,
                    ..base.clone()
                })
                .unwrap();
            let Some(last) = page.last() else { break };
            after = Some(EntryCursor {
                date: last.date,
                id: last.id,
            });
            paged.extend(page.iter().map(|e| e.id));
        }
        assert_eq!(paged, whole, "{base:?}");
    }
}

#[test]
fn edit_changes_only_what_is_given() {
    let tv = TestVault::new();
    let v = tv.vault();
    let id = v
        .journal()
        .write(&EntryDraft {
            title: "old".into(),
            body: "body".into(),
            tags: vec!["a".into()],
            ..EntryDraft::default()
        })
        .unwrap();
    v.journal()
        .edit(
            id,
            &EntryPatch {
                title: Some("new".into()),
                ..EntryPatch::default()
            },
        )
        .unwrap();
    let e = v.journal().get(id).unwrap();
    assert_eq!(
        (e.title.as_str(), e.body.as_str(), e.tags.clone()),
        ("new", "body", vec!["a".to_string()])
    );
    let err = v
        .journal()
        .edit(
            id,
            &EntryPatch {
                title: Some("two\nlines".into()),
                ..EntryPatch::default()
            },
        )
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidInput);
    assert_eq!(
        v.journal().get(id).unwrap().title,
        "new",
        "a refused edit changes nothing"
    );
}

#[test]
fn mentioning_someone_unknown_saves_nothing() {
    let tv = TestVault::new();
    let v = tv.vault();
    let err = v
        .journal()
        .write(&EntryDraft {
            body: "x".into(),
            people: vec![999],
            ..EntryDraft::default()
        })
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::NotFound);
    assert_eq!(
        v.counts().unwrap().entries,
        0,
        "the transaction rolled back"
    );
}

#[test]
fn trash_restore_and_purge() {
    let tv = TestVault::new();
    let v = tv.vault();
    let id = v
        .journal()
        .write(&EntryDraft {
            body: "to the trash".into(),
            tags: vec!["t".into()],
            ..EntryDraft::default()
        })
        .unwrap();
    v.journal().trash(id).unwrap();
    assert_eq!(v.journal().get(id).unwrap_err().code(), ErrorCode::NotFound);
    assert!(v.journal().list(&ListFilter::default()).unwrap().is_empty());
    let trash = v.trash().list().unwrap();
    assert_eq!(
        (trash[0].kind, trash[0].id, trash[0].label.as_str()),
        (Kind::Entry, id, "to the trash")
    );
    v.journal().restore(id).unwrap();
    assert_eq!(v.journal().get(id).unwrap().tags, vec!["t"]);
    assert_eq!(
        v.trash().purge(Kind::Entry, id).unwrap_err().code(),
        ErrorCode::NotFound,
        "only trashed items can be purged"
    );
    v.journal().trash(id).unwrap();
    v.trash().purge(Kind::Entry, id).unwrap();
    assert!(v.trash().list().unwrap().is_empty());
    assert!(v.journal().tags().unwrap().is_empty(), "unused tags go too");
}

#[test]
fn people_resolve_by_name_or_id_and_say_when_ambiguous() {
    let tv = TestVault::new();
    let v = tv.vault();
    let a = v
        .people()
        .add(&PersonDraft {
            name: "Alex".into(),
            ..PersonDraft::default()
        })
        .unwrap();
    assert_eq!(v.people().resolve("alex").unwrap().id, a);
    let b = v
        .people()
        .add(&PersonDraft {
            name: "ALEX".into(),
            ..PersonDraft::default()
        })
        .unwrap();
    let err = v.people().resolve("Alex").unwrap_err();
    assert_eq!(err.code(), ErrorCode::Ambiguous);
    assert!(
        err.to_string().contains(&format!("#{a}")) && err.to_string().contains(&format!("#{b}"))
    );
    assert_eq!(v.people().resolve(&format!("#{b}")).unwrap().id, b);
    assert_eq!(
        v.people().resolve("nobody").unwrap_err().code(),
        ErrorCode::NotFound
    );
    let err = v
        .people()
        .add(&PersonDraft {
            name: "  ".into(),
            ..PersonDraft::default()
        })
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidInput);
}

#[test]
fn notes_are_newest_first_and_trashable() {
    let tv = TestVault::new();
    let v = tv.vault();
    let p = v
        .people()
        .add(&PersonDraft {
            name: "Kit".into(),
            ..PersonDraft::default()
        })
        .unwrap();
    let n1 = v.people().add_note(p, "first").unwrap();
    let n2 = v.people().add_note(p, "second").unwrap();
    let notes = v.people().notes(p).unwrap();
    assert_eq!(notes.iter().map(|n| n.id).collect::<Vec<_>>(), vec![n2, n1]);
    v.people().trash_note(n1).unwrap();
    assert_eq!(v.people().notes(p).unwrap().len(), 1);
    v.people().restore_note(n1).unwrap();
    assert_eq!(v.people().notes(p).unwrap().len(), 2);
    assert_eq!(
        v.people().add_note(p, "  \n").unwrap_err().code(),
        ErrorCode::InvalidInput
    );
}

#[test]
fn a_first_name_finds_someone_when_it_is_unique() {
    let tv = TestVault::new();
    let v = tv.vault();
    let sam = v
        .people()
        .add(&PersonDraft {
            name: "Sam Rivera".into(),
            ..PersonDraft::default()
        })
        .unwrap();
    assert_eq!(v.people().resolve("sam").unwrap().id, sam);
    assert_eq!(
        v.people().resolve("Sa").unwrap_err().code(),
        ErrorCode::NotFound,
        "whole words only"
    );
    v.people()
        .add(&PersonDraft {
            name: "Sam Okafor".into(),
            ..PersonDraft::default()
        })
        .unwrap();
    assert_eq!(
        v.people().resolve("Sam").unwrap_err().code(),
        ErrorCode::Ambiguous
    );
    assert_eq!(v.people().resolve("sam rivera").unwrap().id, sam);
}

/// The trash read a page at a time, at every page size, is the whole trash
/// in order, even when everything was deleted at the same moment (the
/// clock is fixed) and of every kind; the total is told with each page.
#[test]
fn the_trash_read_page_by_page_is_the_whole_trash_in_order() {
    let tv = TestVault::new();
    let v = tv.vault();
    let keep = v
        .people()
        .add(&PersonDraft {
            name: "Kept".into(),
            ..PersonDraft::default()
        })
        .unwrap();
    for i in 0..17 {
        let id = v
            .journal()
            .write(&EntryDraft {
                body: format!("entry {i}"),
                ..EntryDraft::default()
            })
            .unwrap();
        v.journal().trash(id).unwrap();
    }
    for i in 0..5 {
        let n = v.people().add_note(keep, &format!("note {i}")).unwrap();
        v.people().trash_note(n).unwrap();
    }
    let gone = v
        .people()
        .add(&PersonDraft {
            name: "Gone".into(),
            ..PersonDraft::default()
        })
        .unwrap();
    v.people().trash(gone).unwrap();
    let whole = v.trash().page(Some(500), None).unwrap();
    assert!(whole.next.is_none());
    assert_eq!((whole.items.len(), whole.total), (23, 23));
    assert_eq!(v.trash().list().unwrap(), whole.items);
    for size in 1..=24 {
        let mut paged = Vec::new();
        let mut after = None;
        loop {
            let page = v.trash().page(Some(size), after.as_ref()).unwrap();
            assert_eq!(page.total, 23);
            assert!(page.items.len() <= size as usize);
            paged.extend(page.items);
            match page.next {
                Some(n) => after = Some(n),
                None => break,
            }
        }
        assert_eq!(paged, whole.items, "pages of {size}");
    }
}
