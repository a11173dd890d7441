//! A person's timeline: notes, moments, check-ins and entries that mention
//! them, newest first.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::{Checkin, Moment, Reflection};
use crate::error::{Error, Result};
use crate::model::EntrySummary;
pub use crate::store::timeline::TimelineCursor;
use crate::store::{self, timeline};

/// One item of a person's timeline.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "contract", derive(ts_rs::TS))]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum TimelineItem {
    /// A note about them.
    Note {
        /// Id.
        id: i64,
        /// When.
        at: DateTime<Utc>,
        /// The note.
        body: String,
    },
    /// A moment with them.
    Moment(Moment),
    /// A check-in.
    Checkin(Checkin),
    /// An entry that mentions them.
    Entry(EntrySummary),
}

/// A page of a person's timeline.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "contract", derive(ts_rs::TS))]
pub struct TimelinePage {
    /// Newest first.
    pub items: Vec<TimelineItem>,
    /// Where the next page starts; `None` when this one reaches the end.
    pub next: Option<TimelineCursor>,
}

/// Items per page unless asked otherwise, and at most.
pub const TIMELINE_PAGE: u32 = 100;
/// See [`TIMELINE_PAGE`].
pub const TIMELINE_PAGE_MAX: u32 = 500;

impl Reflection<'_> {
    /// Notes, moments, check-ins and entries mentioning a person, newest
    /// first: `limit` of them (default [`TIMELINE_PAGE`], at most
    /// [`TIMELINE_PAGE_MAX`]) after `after`, so that a person in ten
    /// thousand entries opens as fast as one in ten.
    pub fn timeline(
        &self,
        person_id: i64,
        limit: Option<u32>,
        after: Option<&TimelineCursor>,
    ) -> Result<TimelinePage> {
        self.person_exists(person_id)?;
        let limit = limit.unwrap_or(TIMELINE_PAGE).clamp(1, TIMELINE_PAGE_MAX);
        // One more than asked tells whether there is a next page.
        let mut keys = timeline::page(self.conn, person_id, limit + 1, after)?;
        let more = keys.len() > limit as usize;
        keys.truncate(limit as usize);
        // Moments and check-ins of one person are few; read them once.
        let mut moments = None;
        let mut checkins = None;
        let mut items = Vec::with_capacity(keys.len());
        for k in &keys {
            let item = match k.rank {
                timeline::NOTE => {
                    let n = store::notes::get(self.conn, k.id)?;
                    TimelineItem::Note {
                        id: n.id,
                        at: n.created_at,
                        body: n.body,
                    }
                }
                timeline::MOMENT => {
                    let all = match &mut moments {
                        Some(all) => all,
                        None => moments.insert(self.moments(person_id)?),
                    };
                    TimelineItem::Moment(take(all, |m: &Moment| m.id == k.id, k.id)?)
                }
                timeline::CHECKIN => {
                    let all = match &mut checkins {
                        Some(all) => all,
                        None => checkins.insert(self.checkins(person_id)?),
                    };
                    TimelineItem::Checkin(take(all, |c: &Checkin| c.id == k.id, k.id)?)
                }
                timeline::ENTRY => TimelineItem::Entry(store::entries::summary(self.conn, k.id)?),
                other => return Err(Error::Internal(format!("timeline kind {other}"))),
            };
            items.push(item);
        }
        Ok(TimelinePage {
            next: if more { keys.pop() } else { None },
            items,
        })
    }
}

/// Removes and returns the item `is` picks from `all`.
fn take<T>(all: &mut Vec<T>, is: impl Fn(&T) -> bool, id: i64) -> Result<T> {
    let at = all
        .iter()
        .position(is)
        .ok_or_else(|| Error::Internal(format!("timeline item {id} vanished")))?;
    Ok(all.swap_remove(at))
}
