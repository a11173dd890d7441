//! A person's timeline: notes, moments, check-ins and entries that mention
//! them, newest first.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::{Checkin, Moment, Reflection};
use crate::error::Result;
use crate::model::EntrySummary;
use crate::store::entries::ListFilter;
use crate::store::{self, to_db};

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

impl TimelineItem {
    fn sort_key(&self) -> String {
        match self {
            Self::Note { at, .. } => to_db(*at),
            Self::Moment(m) => format!("{}T23:59:59.999Z~{}", m.date, to_db(m.created_at)),
            Self::Checkin(c) => to_db(c.at),
            Self::Entry(e) => format!("{}T23:59:59.998Z", e.date),
        }
    }
}

impl Reflection<'_> {
    /// Notes, moments, check-ins and entries mentioning a person, newest first.
    pub fn timeline(&self, person_id: i64) -> Result<Vec<TimelineItem>> {
        self.person_exists(person_id)?;
        let mut items: Vec<TimelineItem> = Vec::new();
        for n in store::notes::for_person(self.conn, person_id)? {
            items.push(TimelineItem::Note {
                id: n.id,
                at: n.created_at,
                body: n.body,
            });
        }
        items.extend(
            self.moments(person_id)?
                .into_iter()
                .map(TimelineItem::Moment),
        );
        items.extend(
            self.checkins(person_id)?
                .into_iter()
                .map(TimelineItem::Checkin),
        );
        items.extend(
            store::entries::list(
                self.conn,
                &ListFilter {
                    person_id: Some(person_id),
                    ..ListFilter::default()
                },
            )?
            .into_iter()
            .map(TimelineItem::Entry),
        );
        items.sort_by_key(|i| std::cmp::Reverse(i.sort_key()));
        Ok(items)
    }
}
