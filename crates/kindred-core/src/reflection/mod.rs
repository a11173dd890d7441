//! Reflection on closeness: check-ins, depth, proximity and its history,
//! the proximity/depth map, moments, love maps, cadences and the reach-out
//! list, prompts, "on this day", and the home screen that gathers them.
//!
//! Closeness is depth, not proximity: the two are recorded apart and the
//! map shows the gap. See [`depth`] for how depth is computed. Nothing here
//! scolds: no streaks, no counts of misses; the reach-out list is ordered by
//! how far past their own rhythm people are, and says when you last met.
//!
//! One file per job, each adding its use cases to [`Reflection`]; their SQL
//! lives in `store/`, one file per table:
//! - [`checkins`] — the seven dimensions and the circles, at a moment;
//! - [`map`] — depth and its trend, proximity and its history, the map;
//! - [`moments`] — acts of showing up, logged by day;
//! - [`love_map`] — what the user knows of someone's inner world;
//! - [`dates`] — important dates and when they next come round;
//! - [`reach_out`] — who is past their own rhythm;
//! - [`home`] — prompts, "on this day" and the home screen;
//! - [`timeline`] — everything about one person, newest first;
//! - [`depth`], [`prompts`] — the arithmetic and the prompt library.

pub mod calendar;
pub mod checkins;
pub mod dates;
pub mod depth;
pub mod home;
pub mod love_map;
pub mod map;
pub mod moments;
pub mod prompts;
pub mod reach_out;
pub mod timeline;

use rusqlite::Connection;

use crate::clock::Clock;
use crate::error::{Error, Result};
use crate::model::PersonRef;
use crate::store;

pub use checkins::{Checkin, CheckinDraft};
pub use dates::{next_occurrence, ImportantDate, UpcomingDate};
pub use depth::{Dimensions, Quadrant};
pub use home::{DailyPrompt, DepthSince, OnThisDay, Today};
pub use love_map::{LoveMapItem, Topic, STALE_AFTER_DAYS};
pub(crate) use map::record_proximity;
pub use map::{DepthSummary, MapPoint, ProximityChange, TrendPoint};
pub use moments::{Moment, MomentKind};
pub use prompts::{Prompt, Theme};
pub use reach_out::{reach_out_order, ReachOut};
pub use timeline::{TimelineCursor, TimelineItem, TimelinePage};

/// Longest note or reflection accepted, in bytes.
const MAX_NOTE_BYTES: usize = 1024 * 1024;

/// Reflection use cases of an unlocked vault.
#[derive(Debug)]
pub struct Reflection<'v> {
    pub(crate) conn: &'v Connection,
    pub(crate) clock: &'v dyn Clock,
}

fn check_scale(name: &str, v: Option<u8>, max: u8) -> Result<()> {
    match v {
        Some(x) if x < 1 || x > max => Err(Error::invalid(format!(
            "{name} is answered from 1 to {max}; nothing was saved."
        ))),
        _ => Ok(()),
    }
}

impl Reflection<'_> {
    fn person_exists(&self, id: i64) -> Result<PersonRef> {
        let p = store::people::get(self.conn, id)?;
        Ok(PersonRef {
            id: p.id,
            name: p.name,
        })
    }
}
