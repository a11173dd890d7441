//! People use cases: the people in the user's life and the notes about them.

use rusqlite::Connection;

use crate::clock::Clock;
use crate::error::{Error, Result};
use crate::model::{Kind, Note, Person, PersonDraft, PersonPatch};
use crate::store::{self, notes, search_index};

const MAX_NAME_CHARS: usize = 200;
const MAX_FIELD_CHARS: usize = 10_000;
const MAX_NOTE_BYTES: usize = 16 * 1024 * 1024;
const MAX_CADENCE_DAYS: u32 = 3660;

/// The people of an unlocked vault.
#[derive(Debug)]
pub struct People<'v> {
    pub(crate) conn: &'v Connection,
    pub(crate) clock: &'v dyn Clock,
}

impl People<'_> {
    /// Adds a person and returns their id.
    pub fn add(&self, draft: &PersonDraft) -> Result<i64> {
        let mut d = draft.clone();
        d.name = check_name(&d.name)?;
        check_field(&d.relationship, "relationship")?;
        check_field(&d.how_we_met, "how we met")?;
        check_cadence(d.cadence_days)?;
        let tx = self.conn.unchecked_transaction()?;
        let now = self.clock.now();
        let id = store::people::insert(&tx, &d, now)?;
        if d.proximity.is_some() {
            crate::reflection::record_proximity(&tx, id, d.proximity, now)?;
        }
        search_index::reindex(&tx, Kind::Person, id)?;
        tx.commit()?;
        Ok(id)
    }

    /// Changes a person; a new name is reflected in search at once.
    pub fn edit(&self, id: i64, patch: &PersonPatch) -> Result<()> {
        let mut p = patch.clone();
        if let Some(n) = &p.name {
            p.name = Some(check_name(n)?);
        }
        if let Some(r) = &p.relationship {
            check_field(r, "relationship")?;
        }
        if let Some(h) = &p.how_we_met {
            check_field(h, "how we met")?;
        }
        if let Some(c) = p.cadence_days {
            check_cadence(c)?;
        }
        let tx = self.conn.unchecked_transaction()?;
        let before = store::people::get(&tx, id)?.proximity;
        let now = self.clock.now();
        store::people::update(&tx, id, &p, now)?;
        if let Some(new) = p.proximity {
            if new != before {
                crate::reflection::record_proximity(&tx, id, new, now)?;
            }
        }
        reindex_person(&tx, id)?;
        tx.commit()?;
        Ok(())
    }

    /// One person.
    pub fn get(&self, id: i64) -> Result<Person> {
        let mut p = store::people::get(self.conn, id)?;
        self.count_checkins(std::slice::from_mut(&mut p))?;
        Ok(p)
    }

    /// Everyone, by name.
    pub fn list(&self, include_archived: bool) -> Result<Vec<Person>> {
        let mut people = store::people::list(self.conn, include_archived)?;
        self.count_checkins(&mut people)?;
        Ok(people)
    }

    /// Adds check-ins to the last contact, each on the user's own day (the
    /// store dates moments and entries, which carry their day; a check-in
    /// is an instant, and 9 pm in UTC−7 is still that day there).
    fn count_checkins(&self, people: &mut [Person]) -> Result<()> {
        let latest = store::checkins::latest_per_person(self.conn)?;
        for p in people {
            if let Some(t) = latest.get(&p.id) {
                p.last_contact = p.last_contact.max(Some(self.clock.date_of(*t)));
            }
        }
        Ok(())
    }

    /// Finds one person by name (case-insensitive) or by `#id`.
    pub fn resolve(&self, name_or_id: &str) -> Result<Person> {
        let t = name_or_id.trim();
        if let Some(id) = t.strip_prefix('#').and_then(|s| s.parse::<i64>().ok()) {
            return self.get(id);
        }
        let mut found = store::people::find_by_name(self.conn, t)?;
        if found.is_empty() && !t.is_empty() {
            // "Sam" for "Sam Rivera": a unique match on the first words.
            let lower = t.to_lowercase();
            found = store::people::list(self.conn, true)?
                .into_iter()
                .filter(|p| {
                    let n = p.name.to_lowercase();
                    n.strip_prefix(&lower)
                        .is_some_and(|rest| rest.starts_with(' '))
                })
                .map(|p| crate::model::PersonRef {
                    id: p.id,
                    name: p.name,
                })
                .collect();
        }
        match found.as_slice() {
            [] => Err(Error::not_found(
                "Nobody by that name. Add them with `kindred person add NAME`, or list people with `kindred people`.",
            )),
            [one] => self.get(one.id),
            many => Err(Error::Ambiguous(format!(
                "{} people have that name; use one of their ids: {}.",
                many.len(),
                many.iter()
                    .map(|p| format!("#{}", p.id))
                    .collect::<Vec<_>>()
                    .join(", ")
            ))),
        }
    }

    /// Moves a person (and with them their notes) to the trash.
    pub fn trash(&self, id: i64) -> Result<()> {
        let tx = self.conn.unchecked_transaction()?;
        store::people::set_deleted(&tx, id, Some(self.clock.now()))?;
        reindex_person(&tx, id)?;
        tx.commit()?;
        Ok(())
    }

    /// Brings a person back from the trash.
    pub fn restore(&self, id: i64) -> Result<()> {
        let tx = self.conn.unchecked_transaction()?;
        store::people::set_deleted(&tx, id, None)?;
        reindex_person(&tx, id)?;
        tx.commit()?;
        Ok(())
    }

    /// Adds a note about a person; returns its id.
    pub fn add_note(&self, person_id: i64, body: &str) -> Result<i64> {
        check_note(body)?;
        let tx = self.conn.unchecked_transaction()?;
        store::people::get(&tx, person_id)?;
        let id = notes::insert(&tx, person_id, body, self.clock.now())?;
        search_index::reindex(&tx, Kind::Note, id)?;
        tx.commit()?;
        Ok(id)
    }

    /// Replaces a note's text.
    pub fn edit_note(&self, id: i64, body: &str) -> Result<()> {
        check_note(body)?;
        let tx = self.conn.unchecked_transaction()?;
        notes::update(&tx, id, body, self.clock.now())?;
        search_index::reindex(&tx, Kind::Note, id)?;
        tx.commit()?;
        Ok(())
    }

    /// One note.
    pub fn note(&self, id: i64) -> Result<Note> {
        notes::get(self.conn, id)
    }

    /// A person's notes, newest first.
    pub fn notes(&self, person_id: i64) -> Result<Vec<Note>> {
        store::people::get(self.conn, person_id)?;
        notes::for_person(self.conn, person_id)
    }

    /// Moves a note to the trash.
    pub fn trash_note(&self, id: i64) -> Result<()> {
        let tx = self.conn.unchecked_transaction()?;
        notes::set_deleted(&tx, id, Some(self.clock.now()))?;
        search_index::reindex(&tx, Kind::Note, id)?;
        tx.commit()?;
        Ok(())
    }

    /// Brings a note back from the trash.
    pub fn restore_note(&self, id: i64) -> Result<()> {
        let tx = self.conn.unchecked_transaction()?;
        notes::set_deleted(&tx, id, None)?;
        search_index::reindex(&tx, Kind::Note, id)?;
        tx.commit()?;
        Ok(())
    }
}

/// A person's name appears in their own row, their notes' rows and the rows
/// of entries that mention them: refresh all of them.
pub(crate) fn reindex_person(conn: &Connection, id: i64) -> Result<()> {
    search_index::reindex(conn, Kind::Person, id)?;
    let mut stmt = conn.prepare_cached("SELECT id FROM notes WHERE person_id = ?1")?;
    let note_ids: Vec<i64> = stmt
        .query_map([id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for n in note_ids {
        search_index::reindex(conn, Kind::Note, n)?;
    }
    for e in store::people::entries_mentioning(conn, id)? {
        search_index::reindex(conn, Kind::Entry, e)?;
    }
    for (kind, sql) in [
        (Kind::Moment, "SELECT id FROM moments WHERE person_id = ?1"),
        (
            Kind::Checkin,
            "SELECT id FROM checkins WHERE person_id = ?1",
        ),
    ] {
        let ids: Vec<i64> = conn
            .prepare_cached(sql)?
            .query_map([id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        for i in ids {
            search_index::reindex(conn, kind, i)?;
        }
    }
    Ok(())
}

fn check_name(name: &str) -> Result<String> {
    let n = name.trim();
    if n.is_empty() {
        return Err(Error::invalid("A person needs a name; nothing was saved."));
    }
    if n.chars().count() > MAX_NAME_CHARS || n.chars().any(char::is_control) {
        return Err(Error::invalid(format!(
            "A name is one line of up to {MAX_NAME_CHARS} characters; nothing was saved."
        )));
    }
    if n.starts_with('#') {
        return Err(Error::invalid(
            "A name cannot start with # (that is how ids are written); nothing was saved.",
        ));
    }
    Ok(n.to_owned())
}

fn check_field(value: &str, what: &str) -> Result<()> {
    if value.chars().count() > MAX_FIELD_CHARS {
        return Err(Error::invalid(format!(
            "The {what} field can be at most {MAX_FIELD_CHARS} characters; nothing was saved."
        )));
    }
    Ok(())
}

fn check_cadence(days: Option<u32>) -> Result<()> {
    match days {
        Some(0) => Err(Error::invalid(
            "A check-in cadence is at least 1 day; nothing was saved.",
        )),
        Some(d) if d > MAX_CADENCE_DAYS => Err(Error::invalid(format!(
            "A check-in cadence can be at most {MAX_CADENCE_DAYS} days; nothing was saved."
        ))),
        _ => Ok(()),
    }
}

fn check_note(body: &str) -> Result<()> {
    if body.trim().is_empty() {
        return Err(Error::invalid("The note is empty; nothing was saved."));
    }
    if body.len() > MAX_NOTE_BYTES {
        return Err(Error::invalid("The note is too long; nothing was saved."));
    }
    Ok(())
}
