//! The shared writer: every importer's checked rows go into the vault in
//! one transaction, people and notes first (their ids remapped), then
//! entries and the reflection tables, skipping what is already there.

use std::collections::{BTreeMap, HashSet};

use rusqlite::{params, Connection, OptionalExtension};

use super::super::tables::REFLECTION_TABLES;
use super::{bad, media, AttachmentOwner, AttachmentRow, ExtraRow, ImportReport, Parsed, Source};
use crate::blobs::{BlobId, BlobStore};
use crate::error::{Error, Result};
use crate::model::{Kind, Proximity};
use crate::store::attachments::{self, Owner};
use crate::store::{search_index, to_db};

/// Where an import's media go: the export's files, the vault's blob
/// store, and the blobs written new (removed if the import fails).
pub(super) struct MediaTarget<'a> {
    pub files: MediaFiles,
    pub blobs: &'a BlobStore,
    pub written: &'a mut Vec<BlobId>,
}

/// Where an import's files are.
pub(super) enum MediaFiles {
    /// A Day One export zip.
    Zip(media::Files),
    /// The folder of a Kindred JSON export (its `<name>-files/` is in it).
    Folder(std::path::PathBuf),
}

/// The largest attachment read from a Kindred export's folder.
const MAX_ATTACHMENT_BYTES: u64 = 1024 * 1024 * 1024;

/// The bytes of a Kindred export's attachment file, when it is there,
/// within the size limit and what its SHA-256 says.
fn read_exported(
    folder: &std::path::Path,
    a: &AttachmentRow,
) -> Result<Option<zeroize::Zeroizing<Vec<u8>>>> {
    use sha2::Digest;
    use std::io::Read;
    let Ok(f) = std::fs::File::open(folder.join(&a.file)) else {
        return Ok(None);
    };
    let mut bytes = zeroize::Zeroizing::new(Vec::new());
    f.take(MAX_ATTACHMENT_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io("read the import file", &e))?;
    if bytes.len() as u64 > MAX_ATTACHMENT_BYTES
        || data_encoding::HEXLOWER.encode(&sha2::Sha256::digest(&bytes[..])) != a.sha256
    {
        return Ok(None);
    }
    Ok(Some(bytes))
}

/// `text` with each `attachment:<old id>` reference turned to the new id.
fn remap_references(text: &str, ids: &BTreeMap<i64, i64>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("attachment:") {
        let after = &rest[at + "attachment:".len()..];
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        out.push_str(&rest[..at + "attachment:".len()]);
        match after[..digits]
            .parse::<i64>()
            .ok()
            .and_then(|old| ids.get(&old))
        {
            Some(new) => out.push_str(&new.to_string()),
            None => out.push_str(&after[..digits]),
        }
        rest = &after[digits..];
    }
    out.push_str(rest);
    out
}

/// `text` with the ids of its `attachment:<id>` references left out.
fn without_reference_ids(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains("attachment:") {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("attachment:") {
        let after = &rest[at + "attachment:".len()..];
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        out.push_str(&rest[..at + "attachment:".len()]);
        rest = &after[digits..];
    }
    out.push_str(rest);
    std::borrow::Cow::Owned(out)
}

/// Whether the vault holds an entry of that time, day, title and text
/// (attachment references compared without their ids).
fn same_in_vault(
    conn: &Connection,
    created: &str,
    date: &str,
    title: &str,
    mine: &str,
) -> Result<bool> {
    let mut same = conn.prepare_cached(
        "SELECT body_md FROM entries WHERE created_at = ?1 AND entry_date = ?2 AND title = ?3",
    )?;
    let bodies = same.query_map(params![created, date, title], |r| r.get::<_, String>(0))?;
    for b in bodies {
        if without_reference_ids(&b?) == mine {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Writes everything in one transaction.
pub(super) fn write(
    conn: &Connection,
    source: Source,
    parsed: Parsed,
    mut media_target: Option<MediaTarget<'_>>,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<ImportReport> {
    let mut report = ImportReport {
        media_missing: parsed.media_unlisted,
        fallbacks: parsed.fallbacks.clone(),
        ..ImportReport::default()
    };
    let media_count: usize = parsed.entries.iter().map(|e| e.media.len()).sum();
    let total = (parsed.entries.len()
        + parsed.people.len()
        + parsed.notes.len()
        + parsed.extra.len()
        + media_count) as u64;
    let tx = conn.unchecked_transaction()?;
    // A Kindred export into an empty vault keeps its ids: a true restore.
    let empty: bool = tx.query_row(
        "SELECT NOT EXISTS (SELECT 1 FROM entries) AND NOT EXISTS (SELECT 1 FROM people)
                AND NOT EXISTS (SELECT 1 FROM notes)",
        [],
        |r| r.get(0),
    )?;
    let keep_ids = source == Source::Kindred && empty;
    let mut people_map: BTreeMap<i64, i64> = BTreeMap::new();
    // Indexed together at the end (see `search_index::index_new_many`).
    let mut new_records: Vec<(Kind, i64)> = Vec::new();
    let mut done = 0u64;
    for p in &parsed.people {
        let existing: Option<i64> = tx
            .query_row(
                "SELECT id FROM people WHERE name = ?1 AND created_at = ?2",
                params![p.name, to_db(p.created_at)],
                |r| r.get(0),
            )
            .optional()?;
        let id = match existing {
            Some(id) => id,
            None => {
                tx.execute(
                    "INSERT INTO people (id, name, relationship, proximity, how_we_met, cadence_days,
                                         archived, created_at, updated_at, deleted_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                    params![
                        keep_ids.then_some(p.id),
                        p.name.trim(),
                        p.relationship,
                        p.proximity.map(Proximity::level),
                        p.how_we_met,
                        p.cadence_days,
                        p.archived,
                        to_db(p.created_at),
                        to_db(p.updated_at),
                        p.deleted_at.map(to_db)
                    ],
                )?;
                report.people += 1;
                let id = tx.last_insert_rowid();
                new_records.push((Kind::Person, id));
                id
            }
        };
        people_map.insert(p.id, id);
        done += 1;
        progress(done, total);
    }
    for n in &parsed.notes {
        let person = people_map[&n.person_id];
        let exists: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM notes WHERE person_id = ?1 AND created_at = ?2 AND body_md = ?3)",
            params![person, to_db(n.created_at), n.body],
            |r| r.get(0),
        )?;
        if !exists {
            tx.execute(
                "INSERT INTO notes (id, person_id, body_md, created_at, updated_at, deleted_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![
                    keep_ids.then_some(n.id),
                    person,
                    n.body,
                    to_db(n.created_at),
                    to_db(n.updated_at),
                    n.deleted_at.map(to_db)
                ],
            )?;
            report.notes += 1;
            new_records.push((Kind::Note, tx.last_insert_rowid()));
        }
        done += 1;
        progress(done, total);
    }
    let mut seen_in_file: HashSet<(String, String)> = HashSet::new();
    let mut same_in_file: HashSet<String> = HashSet::new();
    // Entries of a Kindred export added now: their id in the file → (their
    // id here, their text), for their attachments.
    let mut inserted: BTreeMap<i64, (i64, &String)> = BTreeMap::new();
    let mut upsert_tag = tx.prepare_cached(
        "INSERT INTO tags (name) VALUES (?1) ON CONFLICT (name) DO UPDATE SET name = name RETURNING id",
    )?;
    let mut link_tag =
        tx.prepare_cached("INSERT OR IGNORE INTO entry_tags (entry_id, tag_id) VALUES (?1, ?2)")?;
    let mut link_person = tx.prepare_cached(
        "INSERT OR IGNORE INTO entry_people (entry_id, person_id) VALUES (?1, ?2)",
    )?;
    let mut insert = tx.prepare_cached(
        "INSERT INTO entries (id, entry_date, title, body_md, mood, starred, time_zone, source,
                              source_key, created_at, updated_at, deleted_at, prompt_id,
                              pinned, place, weather)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
    )?;
    for e in &parsed.entries {
        done += 1;
        let duplicate = match &e.source {
            Some(key) => {
                !seen_in_file.insert(key.clone())
                    || tx
                        .prepare_cached("SELECT EXISTS (SELECT 1 FROM entries WHERE source = ?1 AND source_key = ?2)")?
                        .query_row(params![key.0, key.1], |r| r.get::<_, bool>(0))?
            }
            // The same time, day, title and text; attachment references
            // count as the same whatever their ids (an import renumbers
            // them). Within the file by a set of their hashes; in the
            // vault by a query, unless it was empty when the import began
            // (a restore: 100k entries sharing one time took 11 minutes
            // when each looked through the ones written before it).
            None => {
                let mine = without_reference_ids(&e.body);
                let created = to_db(e.created_at);
                let date = e.date.to_string();
                let key = super::hash_key(&[&created, &date, &e.title, &mine]);
                !same_in_file.insert(key)
                    || (!empty && same_in_vault(&tx, &created, &date, &e.title, &mine)?)
            }
        };
        if duplicate {
            done += e.media.len() as u64;
            report.duplicates += 1;
            progress(done, total);
            continue;
        }
        insert.execute(params![
            keep_ids.then_some(e.id).flatten(),
            e.date.to_string(),
            e.title,
            e.body,
            e.mood,
            e.starred,
            e.time_zone,
            e.source.as_ref().map(|s| s.0.as_str()),
            e.source.as_ref().map(|s| s.1.as_str()),
            to_db(e.created_at),
            to_db(e.updated_at),
            e.deleted_at.map(to_db),
            e.prompt_id,
            e.pinned,
            e.place,
            e.weather
        ])?;
        let id = tx.last_insert_rowid();
        if let Some(old) = e.id {
            inserted.insert(old, (id, &e.body));
        }
        for t in &e.tags {
            let tag_id: i64 = upsert_tag.query_row([t], |r| r.get(0))?;
            link_tag.execute(params![id, tag_id])?;
        }
        for p in &e.people {
            link_person.execute(params![id, people_map[p]])?;
        }
        if !e.media.is_empty() {
            match media_target.as_mut() {
                Some(target) => {
                    let mut attached = Vec::with_capacity(e.media.len());
                    for m in &e.media {
                        done += 1;
                        let found = match &mut target.files {
                            MediaFiles::Zip(files) => files.read(m)?,
                            MediaFiles::Folder(_) => None,
                        };
                        match found {
                            Some(bytes) => {
                                let w = target.blobs.write(std::io::Cursor::new(&bytes[..]))?;
                                if !w.existed {
                                    target.written.push(w.id.clone());
                                }
                                let head = &bytes[..bytes.len().min(64)];
                                let mime = crate::attachments::mime_of(head, &m.name);
                                let aid = attachments::insert(
                                    &tx,
                                    Owner::Entry(id),
                                    &m.name,
                                    mime,
                                    &w,
                                    e.created_at,
                                )?;
                                attached.push((m.identifier.clone(), aid));
                                report.media += 1;
                            }
                            None => report.media_missing += 1,
                        }
                        progress(done, total);
                    }
                    let body = media::rewrite(&e.body, &attached);
                    if body != e.body {
                        tx.execute(
                            "UPDATE entries SET body_md = ?2 WHERE id = ?1",
                            params![id, body],
                        )?;
                    }
                }
                None => {
                    report.media_missing += e.media.len();
                    done += e.media.len() as u64;
                }
            }
        }
        new_records.push((Kind::Entry, id));
        report.entries += 1;
        if done.is_multiple_of(256) {
            progress(done, total);
        }
    }
    drop((upsert_tag, link_tag, link_person, insert));
    // A Kindred export's attachments: on the entries added now, and on
    // people (not twice: a person's picture already here is not added
    // again); then the entries' references point at the new ids.
    if !parsed.attachments.is_empty() {
        let mut new_ids: BTreeMap<i64, i64> = BTreeMap::new();
        for a in &parsed.attachments {
            let owner = match a.owner {
                AttachmentOwner::Entry(e) => match inserted.get(&e) {
                    Some((id, _)) => Owner::Entry(*id),
                    None => continue,
                },
                AttachmentOwner::Person(p) => Owner::Person(people_map[&p]),
            };
            if let Owner::Person(pid) = owner {
                let here: bool = tx.query_row(
                    "SELECT EXISTS (SELECT 1 FROM attachments WHERE person_id = ?1 AND sha256 = ?2)",
                    params![pid, a.sha256],
                    |r| r.get(0),
                )?;
                if here {
                    continue;
                }
            }
            let bytes = match media_target.as_mut() {
                Some(MediaTarget {
                    files: MediaFiles::Folder(folder),
                    ..
                }) => read_exported(folder, a)?,
                _ => None,
            };
            let (Some(bytes), Some(target)) = (bytes, media_target.as_mut()) else {
                report.media_missing += 1;
                continue;
            };
            let w = target.blobs.write(std::io::Cursor::new(&bytes[..]))?;
            if !w.existed {
                target.written.push(w.id.clone());
            }
            let mime = crate::attachments::mime_of(&bytes[..bytes.len().min(64)], &a.name);
            let aid = attachments::insert(&tx, owner, &a.name, mime, &w, a.created_at)?;
            if let Some(t) = a.deleted_at {
                attachments::set_deleted(&tx, aid, Some(t))?;
            }
            new_ids.insert(a.id, aid);
            report.media += 1;
        }
        for (id, body) in inserted.values() {
            if body.contains("attachment:") {
                let remapped = remap_references(body, &new_ids);
                if remapped != **body {
                    tx.execute(
                        "UPDATE entries SET body_md = ?2 WHERE id = ?1",
                        params![id, remapped],
                    )?;
                }
            }
        }
    }
    for ExtraRow {
        table,
        mut values,
        row,
    } in parsed.extra
    {
        let spec = &REFLECTION_TABLES[table];
        let pos = |c: &str| spec.cols.iter().position(|(n, _)| *n == c);
        if let Some(p) = pos("person_id") {
            if let rusqlite::types::Value::Integer(pid) = values[p] {
                values[p] = rusqlite::types::Value::Integer(people_map[&pid]);
            }
        }
        let cond: Vec<String> = spec
            .key
            .iter()
            .enumerate()
            .map(|(i, k)| format!("{k} IS ?{}", i + 1))
            .collect();
        let key_params: Vec<&rusqlite::types::Value> = spec
            .key
            .iter()
            .filter_map(|k| pos(k).map(|p| &values[p]))
            .collect();
        let exists: bool = tx.query_row(
            &format!(
                "SELECT EXISTS (SELECT 1 FROM {} WHERE {})",
                spec.name,
                cond.join(" AND ")
            ),
            rusqlite::params_from_iter(key_params),
            |r| r.get(0),
        )?;
        done += 1;
        if done.is_multiple_of(256) {
            progress(done, total);
        }
        if exists {
            continue;
        }
        if !keep_ids {
            values[0] = rusqlite::types::Value::Null;
        }
        let cols: Vec<&str> = spec.cols.iter().map(|(c, _)| *c).collect();
        let marks: Vec<String> = (1..=cols.len()).map(|i| format!("?{i}")).collect();
        tx.execute(
            &format!(
                "INSERT INTO {} ({}) VALUES ({})",
                spec.name,
                cols.join(", "),
                marks.join(", ")
            ),
            rusqlite::params_from_iter(values.iter()),
        )
        .map_err(|e| match Error::from(e) {
            Error::Internal(_) => bad(
                source,
                format!("{} row {row}: a value is out of range", spec.name),
            ),
            other => other,
        })?;
        let id = tx.last_insert_rowid();
        match spec.name {
            "checkins" => new_records.push((Kind::Checkin, id)),
            "moments" => new_records.push((Kind::Moment, id)),
            _ => {}
        }
    }
    search_index::index_new_many(&tx, &new_records)?;
    progress(total, total);
    tx.commit()?;
    Ok(report)
}
