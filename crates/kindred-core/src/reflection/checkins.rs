//! Check-ins: how close a person felt, on the seven dimensions and the
//! circles, at a moment. Each is one row and one search-index row.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::{check_scale, Dimensions, Reflection, MAX_NOTE_BYTES};
use crate::error::{Error, Result};
use crate::model::Kind;
use crate::store::{checkins, search_index};

/// A check-in to record.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CheckinDraft {
    /// Whom it is about (required).
    pub person_id: i64,
    /// When; defaults to now.
    pub at: Option<DateTime<Utc>>,
    /// The seven answers.
    pub dims: Dimensions,
    /// Inclusion of Other in Self, 1 (apart) to 7 (almost one).
    pub ios: Option<u8>,
    /// Free-text reflection.
    pub note: String,
}

/// A recorded check-in.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "contract", derive(ts_rs::TS))]
pub struct Checkin {
    /// Id.
    pub id: i64,
    /// Whom it is about.
    pub person_id: i64,
    /// When.
    pub at: DateTime<Utc>,
    /// The seven answers.
    #[serde(flatten)]
    pub dims: Dimensions,
    /// Inclusion of Other in Self, 1–7.
    pub ios: Option<u8>,
    /// Reflection.
    pub note: String,
    /// Its score, 0–100 (`None` when no question was answered).
    pub score: Option<f64>,
}

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
