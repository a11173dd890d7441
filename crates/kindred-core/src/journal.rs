//! Journal use cases: write, edit, list, trash and restore entries.
//!
//! Every change runs in one transaction together with its tag links,
//! mentions and search-index row, so a crash leaves all of it or none.

use rusqlite::Connection;

use crate::clock::Clock;
use crate::error::{Error, Result};
use crate::model::{Entry, EntryDraft, EntryPatch, EntrySummary, Kind};
use crate::store::entries;
pub use crate::store::entries::{EntryCursor, ListFilter};
use crate::store::{people, search_index, tags};

/// Largest entry body accepted (bytes). Far beyond any real entry; it keeps
/// one paste from making the vault unusable.
pub const MAX_BODY_BYTES: usize = 64 * 1024 * 1024;
const MAX_TITLE_CHARS: usize = 500;
pub(crate) const MAX_TAG_CHARS: usize = 64;

/// The journal of an unlocked vault.
#[derive(Debug)]
pub struct Journal<'v> {
    pub(crate) conn: &'v Connection,
    pub(crate) clock: &'v dyn Clock,
}

impl Journal<'_> {
    /// Saves a new entry durably and returns its id.
    pub fn write(&self, draft: &EntryDraft) -> Result<i64> {
        self.write_with_prompt(draft, None)
    }

    /// Saves an entry that answers a reflection prompt (`prompt_id` from
    /// `reflection::prompts`), linked to the prompt and to the people in
    /// `draft.people`.
    pub fn write_answer(&self, draft: &EntryDraft, prompt_id: &str) -> Result<i64> {
        if crate::reflection::prompts::by_id(prompt_id).is_none() {
            return Err(Error::invalid(
                "There is no such prompt; nothing was saved.",
            ));
        }
        self.write_with_prompt(draft, Some(prompt_id))
    }

    fn write_with_prompt(&self, draft: &EntryDraft, prompt_id: Option<&str>) -> Result<i64> {
        check_title(&draft.title)?;
        check_body(&draft.body)?;
        let tags = normalize_tags(&draft.tags)?;
        let now = self.clock.now();
        let date = draft.date.unwrap_or_else(|| self.clock.today());
        let tx = self.conn.unchecked_transaction()?;
        let id = entries::insert(&tx, date, draft.title.trim(), &draft.body, now)?;
        if let Some(p) = prompt_id {
            tx.execute(
                "UPDATE entries SET prompt_id = ?2 WHERE id = ?1",
                rusqlite::params![id, p],
            )?;
        }
        tags::set_for_entry(&tx, id, &tags)?;
        people::set_for_entry(&tx, id, &draft.people)?;
        search_index::reindex(&tx, Kind::Entry, id)?;
        tx.commit()?;
        Ok(id)
    }

    /// Changes an entry.
    pub fn edit(&self, id: i64, patch: &EntryPatch) -> Result<()> {
        if let Some(t) = &patch.title {
            check_title(t)?;
        }
        if let Some(b) = &patch.body {
            check_body(b)?;
        }
        let tags = patch.tags.as_deref().map(normalize_tags).transpose()?;
        let tx = self.conn.unchecked_transaction()?;
        entries::update(
            &tx,
            id,
            patch.date,
            patch.title.as_deref().map(str::trim),
            patch.body.as_deref(),
            self.clock.now(),
        )?;
        if let Some(tags) = &tags {
            tags::set_for_entry(&tx, id, tags)?;
        }
        if let Some(people) = &patch.people {
            people::set_for_entry(&tx, id, people)?;
        }
        search_index::reindex(&tx, Kind::Entry, id)?;
        tx.commit()?;
        Ok(())
    }

    /// One entry (not in the trash).
    pub fn get(&self, id: i64) -> Result<Entry> {
        entries::get(self.conn, id, false)
    }

    /// Entries, newest first; all of them unless `filter.limit` is set.
    pub fn list(&self, filter: &ListFilter) -> Result<Vec<EntrySummary>> {
        entries::list(self.conn, filter)
    }

    /// Moves an entry to the trash.
    pub fn trash(&self, id: i64) -> Result<()> {
        let tx = self.conn.unchecked_transaction()?;
        entries::set_deleted(&tx, id, Some(self.clock.now()))?;
        search_index::reindex(&tx, Kind::Entry, id)?;
        tx.commit()?;
        Ok(())
    }

    /// Brings an entry back from the trash.
    pub fn restore(&self, id: i64) -> Result<()> {
        let tx = self.conn.unchecked_transaction()?;
        entries::set_deleted(&tx, id, None)?;
        search_index::reindex(&tx, Kind::Entry, id)?;
        tx.commit()?;
        Ok(())
    }

    /// Every tag in use, with how many entries carry it.
    pub fn tags(&self) -> Result<Vec<(String, i64)>> {
        tags::all_with_counts(self.conn)
    }
}

fn check_title(title: &str) -> Result<()> {
    if title.chars().count() > MAX_TITLE_CHARS {
        return Err(Error::invalid(format!(
            "Titles can be at most {MAX_TITLE_CHARS} characters; nothing was saved."
        )));
    }
    if title.contains(['\n', '\r']) {
        return Err(Error::invalid("A title is one line; nothing was saved."));
    }
    Ok(())
}

fn check_body(body: &str) -> Result<()> {
    if body.len() > MAX_BODY_BYTES {
        return Err(Error::invalid(format!(
            "An entry can be at most {} MiB; nothing was saved.",
            MAX_BODY_BYTES / (1024 * 1024)
        )));
    }
    Ok(())
}

/// Trims tags, strips a leading `#`, drops empties and case-insensitive
/// duplicates; refuses control characters and over-long tags.
pub fn normalize_tags(tags: &[String]) -> Result<Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    for t in tags {
        let t = t.trim().trim_start_matches('#').trim();
        if t.is_empty() {
            continue;
        }
        if t.chars().any(char::is_control) || t.chars().count() > MAX_TAG_CHARS {
            return Err(Error::invalid(format!(
                "A tag must be a short label (up to {MAX_TAG_CHARS} characters, no line breaks); nothing was saved."
            )));
        }
        if !out.iter().any(|o| o.to_lowercase() == t.to_lowercase()) {
            out.push(t.to_owned());
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_normalised() {
        let got = normalize_tags(&[
            " #Family ".into(),
            "family".into(),
            "".into(),
            "#".into(),
            "walks".into(),
        ])
        .unwrap();
        assert_eq!(got, vec!["Family", "walks"]);
        assert!(normalize_tags(&["a\nb".into()]).is_err());
    }
}
