//! Moments: acts of showing up (or not) between the user and a person,
//! logged by day.

pub use crate::model::reflection::{Moment, MomentKind};
use chrono::{DateTime, NaiveDate, Utc};

use super::{Reflection, MAX_NOTE_BYTES};
use crate::error::{Error, Result};
use crate::model::Kind;
use crate::store::{moments, search_index};

impl Reflection<'_> {
    /// Logs a moment; returns its id.
    pub fn add_moment(
        &self,
        person_id: i64,
        kind: MomentKind,
        date: Option<NaiveDate>,
        note: &str,
    ) -> Result<i64> {
        if note.len() > MAX_NOTE_BYTES {
            return Err(Error::invalid("The note is too long; nothing was saved."));
        }
        let tx = self.conn.unchecked_transaction()?;
        self.person_exists(person_id)?;
        let date = date.unwrap_or_else(|| self.clock.today());
        let id = moments::insert(
            &tx,
            person_id,
            kind,
            date,
            note.trim_end(),
            self.clock.now(),
        )?;
        search_index::reindex(&tx, Kind::Moment, id)?;
        tx.commit()?;
        Ok(id)
    }

    /// A person's moments, newest first.
    pub fn moments(&self, person_id: i64) -> Result<Vec<Moment>> {
        moments::for_person(self.conn, person_id)
    }

    /// Moves a moment to the trash.
    pub fn trash_moment(&self, id: i64) -> Result<()> {
        self.set_moment_deleted(id, Some(self.clock.now()))
    }

    /// Brings a moment back from the trash.
    pub fn restore_moment(&self, id: i64) -> Result<()> {
        self.set_moment_deleted(id, None)
    }

    fn set_moment_deleted(&self, id: i64, at: Option<DateTime<Utc>>) -> Result<()> {
        let tx = self.conn.unchecked_transaction()?;
        moments::set_deleted(&tx, id, at)?;
        search_index::reindex(&tx, Kind::Moment, id)?;
        tx.commit()?;
        Ok(())
    }
}
