//! Check-ins: how close a person felt, on the seven dimensions and the
//! circles, at a moment. Each is one row and one search-index row.

pub use crate::model::reflection::{Checkin, CheckinDraft};
use chrono::{DateTime, Utc};

use super::{check_scale, Reflection, MAX_NOTE_BYTES};
use crate::error::{Error, Result};
use crate::model::Kind;
use crate::store::{checkins, search_index};

impl Reflection<'_> {
    /// Records a check-in; returns its id.
    pub fn check_in(&self, d: &CheckinDraft) -> Result<i64> {
        for (name, v) in [
            ("\"I felt seen\"", d.dims.seen),
            ("\"I felt heard\"", d.dims.heard),
            ("\"I felt understood\"", d.dims.understood),
            ("\"I felt safe to be vulnerable\"", d.dims.safe),
            ("\"I trust them\"", d.dims.trust),
            ("\"They showed up for me\"", d.dims.they_showed_up),
            ("\"I showed up for them\"", d.dims.i_showed_up),
        ] {
            check_scale(name, v, 5)?;
        }
        check_scale("The circles question", d.ios, 7)?;
        if d.note.len() > MAX_NOTE_BYTES {
            return Err(Error::invalid(
                "The reflection is too long; nothing was saved.",
            ));
        }
        let now = self.clock.now();
        let at = d.at.unwrap_or(now);
        let tx = self.conn.unchecked_transaction()?;
        self.person_exists(d.person_id)?;
        let id = checkins::insert(&tx, d, at, now)?;
        search_index::reindex(&tx, Kind::Checkin, id)?;
        tx.commit()?;
        Ok(id)
    }

    /// A person's check-ins, newest first.
    pub fn checkins(&self, person_id: i64) -> Result<Vec<Checkin>> {
        checkins::for_person(self.conn, person_id)
    }

    /// Moves a check-in to the trash.
    pub fn trash_checkin(&self, id: i64) -> Result<()> {
        self.set_checkin_deleted(id, Some(self.clock.now()))
    }

    /// Brings a check-in back from the trash.
    pub fn restore_checkin(&self, id: i64) -> Result<()> {
        self.set_checkin_deleted(id, None)
    }

    fn set_checkin_deleted(&self, id: i64, at: Option<DateTime<Utc>>) -> Result<()> {
        let tx = self.conn.unchecked_transaction()?;
        checkins::set_deleted(&tx, id, at)?;
        search_index::reindex(&tx, Kind::Checkin, id)?;
        tx.commit()?;
        Ok(())
    }
}
