//! Moments: acts of showing up (or not) between the user and a person,
//! logged by day.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use super::{Reflection, MAX_NOTE_BYTES};
use crate::error::{Error, Result};
use crate::model::Kind;
use crate::store::{moments, search_index};

/// What kind of act a moment records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "contract", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum MomentKind {
    /// I showed up for them.
    IShowedUp,
    /// They showed up for me.
    TheyShowedUp,
    /// One of us shared something vulnerable.
    SharedVulnerable,
    /// Someone really listened.
    ReallyListened,
    /// I felt judged or dismissed.
    FeltJudged,
    /// A rupture.
    Rupture,
    /// A repair.
    Repair,
}

impl MomentKind {
    /// Every kind.
    pub const ALL: [Self; 7] = [
        Self::IShowedUp,
        Self::TheyShowedUp,
        Self::SharedVulnerable,
        Self::ReallyListened,
        Self::FeltJudged,
        Self::Rupture,
        Self::Repair,
    ];

    /// The stored, CLI and JSON name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::IShowedUp => "i-showed-up",
            Self::TheyShowedUp => "they-showed-up",
            Self::SharedVulnerable => "shared-vulnerable",
            Self::ReallyListened => "really-listened",
            Self::FeltJudged => "felt-judged",
            Self::Rupture => "rupture",
            Self::Repair => "repair",
        }
    }

    /// Words for people.
    pub fn label(self) -> &'static str {
        match self {
            Self::IShowedUp => "I showed up",
            Self::TheyShowedUp => "They showed up",
            Self::SharedVulnerable => "Shared something vulnerable",
            Self::ReallyListened => "Really listened",
            Self::FeltJudged => "Felt judged or dismissed",
            Self::Rupture => "A rupture",
            Self::Repair => "A repair",
        }
    }

    /// Parses the stored name.
    pub fn parse(s: &str) -> Result<Self> {
        let t = s.trim().to_ascii_lowercase().replace([' ', '_'], "-");
        Self::ALL
            .into_iter()
            .find(|k| k.as_str() == t)
            .ok_or_else(|| {
                Error::invalid(format!(
                    "Unknown kind of moment. Use one of: {}.",
                    Self::ALL.map(Self::as_str).join(", ")
                ))
            })
    }
}

/// A moment: something that happened between the user and a person.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "contract", derive(ts_rs::TS))]
pub struct Moment {
    /// Id.
    pub id: i64,
    /// Whom it was with.
    pub person_id: i64,
    /// The day it happened.
    pub date: NaiveDate,
    /// What kind of act.
    pub kind: MomentKind,
    /// A few words.
    pub note: String,
    /// When it was written down.
    pub created_at: DateTime<Utc>,
}

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
