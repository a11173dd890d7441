//! Deleted for good is gone: after a purge or an emptied trash, no page of
//! the database, its WAL or a later backup holds the text, title, tags or
//! names — read with the key, page by page, outside SQLCipher (`pages`).
//! A control entry that was kept is found the same way, so the reading
//! works.

use kindred_core::keyfile::KeyFile;
use kindred_core::model::{EntryDraft, EntryPatch, Kind, PersonDraft};
use kindred_core::reflection::{CheckinDraft, MomentKind, Topic};
use kindred_core::{vault, Vault};

use crate::pages;
use crate::util::*;

/// Words that porter stemming leaves whole and that share no long prefix.
const KEPT: &str = "keptwordjubilux";
const GONE: &[&str] = &[
    "titlequorblax",
    "bodyvexnorthk",
    "tagplimsoq",
    "editedzonkrit",
    "personfrazzik",
    "notegrumbleqx",
    "momentquibbix",
    "checkinwomblat",
    "lovemapsnorkel",
];

fn data_key(dir: &std::path::Path) -> [u8; 32] {
    let kf = KeyFile::load(&vault::keys_path(dir)).unwrap();
    *kf.unlock_with_passphrase(&pass(PASSPHRASE))
        .unwrap()
        .expose_secret()
}

/// Pages of the database file and of its WAL, decrypted.
fn live_pages(dir: &std::path::Path, key: &[u8; 32]) -> Vec<Vec<u8>> {
    let mut pages = pages::database(&std::fs::read(vault::db_path(dir)).unwrap(), key);
    if let Ok(wal) = std::fs::read(vault::db_path(dir).with_extension("db-wal")) {
        pages.extend(pages::wal(&wal, key));
    }
    pages
}

/// Writes the kept entry and one of everything to delete, the entry edited
/// once (its first version must go too); returns the entry and person ids.
fn plant(v: &Vault) -> (i64, i64) {
    v.journal()
        .write(&EntryDraft {
            title: "kept".into(),
            body: format!("a kept entry: {KEPT}"),
            ..EntryDraft::default()
        })
        .unwrap();
    let pid = v
        .people()
        .add(&PersonDraft {
            name: "Personfrazzik".into(),
            ..PersonDraft::default()
        })
        .unwrap();
    v.people().add_note(pid, "notegrumbleqx about her").unwrap();
    let r = v.reflection();
    r.add_moment(pid, MomentKind::Repair, None, "momentquibbix at dusk")
        .unwrap();
    r.check_in(&CheckinDraft {
        person_id: pid,
        note: "checkinwomblat felt heard".into(),
        ..CheckinDraft::default()
    })
    .unwrap();
    r.set_love_map(pid, Topic::Carrying, "lovemapsnorkel worries")
        .unwrap();
    let id = v
        .journal()
        .write(&EntryDraft {
            title: "titlequorblax".into(),
            body: "editedzonkrit first words".into(),
            tags: vec!["tagplimsoq".into()],
            people: vec![pid],
            ..EntryDraft::default()
        })
        .unwrap();
    v.journal()
        .edit(
            id,
            &EntryPatch {
                body: Some("bodyvexnorthk second words".into()),
                ..EntryPatch::default()
            },
        )
        .unwrap();
    (id, pid)
}

fn assert_gone(pages: &[Vec<u8>], where_: &str) {
    assert!(
        pages::found_in(pages, KEPT),
        "control: the kept entry is readable in {where_}"
    );
    for w in GONE {
        assert!(!pages::found_in(pages, w), "{w:?} is still in {where_}");
    }
}

#[test]
fn purged_text_is_in_no_page_of_the_database_wal_or_a_later_backup() {
    let tv = TestVault::new();
    let v = tv.vault();
    let (entry, person) = plant(v);
    let key = data_key(&tv.dir());
    // Before the purge, the reading finds what is there (trashed or not).
    v.journal().trash(entry).unwrap();
    v.people().trash(person).unwrap();
    let before = live_pages(&tv.dir(), &key);
    for w in ["titlequorblax", "bodyvexnorthk", "personfrazzik"] {
        assert!(
            pages::found_in(&before, w),
            "{w} is readable before the purge"
        );
    }

    v.trash().purge(Kind::Entry, entry).unwrap();
    v.trash().purge(Kind::Person, person).unwrap();
    assert_gone(&live_pages(&tv.dir(), &key), "the database or its WAL");

    let backup = v
        .backups()
        .now(&mut kindred_core::backup::no_progress)
        .unwrap();
    let bytes = std::fs::read(&backup.written[0]).unwrap();
    assert_gone(
        &pages::backup(&bytes, &key),
        "a backup made after the purge",
    );
}

#[test]
fn emptying_the_trash_leaves_no_page_behind() {
    let tv = TestVault::new();
    let v = tv.vault();
    let (entry, person) = plant(v);
    v.journal().trash(entry).unwrap();
    v.people().trash(person).unwrap();
    assert_eq!(v.trash().empty().unwrap(), 2);
    assert_gone(
        &live_pages(&tv.dir(), &data_key(&tv.dir())),
        "the database or its WAL",
    );
}
