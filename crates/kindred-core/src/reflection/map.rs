//! Closeness as depth, not proximity: a person's depth and its trend, how
//! often the user sees them (with its history), and the map that shows the
//! gap between the two. See [`super::depth`] for the arithmetic.

pub use crate::model::reflection::ProximityChange;
use chrono::{DateTime, Utc};
use rusqlite::Connection;
use serde::Serialize;

use super::{depth, Checkin, Quadrant, Reflection};
use crate::error::Result;
use crate::model::Proximity;
use crate::store::{self, proximity};

/// A person's depth, with what it is made of.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "contract", derive(ts_rs::TS))]
pub struct DepthSummary {
    /// Depth now, 0–100; `None` until a check-in answers a question.
    pub depth: Option<f64>,
    /// Check-ins that count.
    pub checkins: usize,
    /// When the last check-in was.
    pub last_checkin: Option<DateTime<Utc>>,
    /// The most recent Inclusion-of-Other-in-Self answer (1–7).
    pub ios: Option<u8>,
    /// Each scored check-in, oldest first: the trend.
    pub trend: Vec<TrendPoint>,
    /// Depth now minus depth 90 days ago, when both exist.
    pub change_90_days: Option<f64>,
}

/// One point of the depth trend.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[cfg_attr(feature = "contract", derive(ts_rs::TS))]
pub struct TrendPoint {
    /// When.
    pub at: DateTime<Utc>,
    /// That check-in's score.
    pub score: f64,
    /// Depth right after it.
    pub depth: f64,
}

/// A person on the map.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "contract", derive(ts_rs::TS))]
pub struct MapPoint {
    /// Who.
    pub id: i64,
    /// Their name.
    pub name: String,
    /// How often you see each other (x).
    pub proximity: Option<Proximity>,
    /// How close it feels (y); `None`: not yet reflected.
    pub depth: Option<f64>,
    /// Latest circles answer.
    pub ios: Option<u8>,
    /// Where that puts them; `None` until both are known.
    pub quadrant: Option<Quadrant>,
    /// The attachment that is their picture, if they have one.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "contract", ts(optional))]
    pub photo_id: Option<i64>,
}

/// A person's check-ins as depth is computed from them.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Scores {
    /// Scored check-ins, oldest first: when, and the score 0–100.
    pub scored: Vec<(DateTime<Utc>, f64)>,
    /// The latest circles answer.
    pub ios: Option<u8>,
    /// When the last check-in was.
    pub last: Option<DateTime<Utc>>,
}

impl Scores {
    /// From a person's check-ins, newest first.
    fn of(mut all: Vec<Checkin>) -> Self {
        all.reverse(); // oldest first
        Self {
            last: all.last().map(|c| c.at),
            ios: all.iter().rev().find_map(|c| c.ios),
            scored: all
                .iter()
                .filter_map(|c| c.score.map(|s| (c.at, s)))
                .collect(),
        }
    }
}

impl Reflection<'_> {
    pub(crate) fn scores(&self, person_id: i64) -> Result<Scores> {
        Ok(Scores::of(self.checkins(person_id)?))
    }

    /// A person's depth now, its trend and its parts.
    pub fn depth(&self, person_id: i64) -> Result<DepthSummary> {
        self.person_exists(person_id)?;
        let now = self.clock.now();
        let Scores { scored, ios, last } = self.scores(person_id)?;
        let trend = scored
            .iter()
            .map(|&(at, score)| TrendPoint {
                at,
                score,
                depth: depth::depth_at(&scored, at).unwrap_or(score),
            })
            .collect();
        let at = depth_now_at(&scored, now);
        let d = depth::depth_at(&scored, at);
        let before = depth::depth_at(&scored, at - chrono::Duration::days(90));
        Ok(DepthSummary {
            depth: d,
            checkins: scored.len(),
            last_checkin: last,
            ios,
            trend,
            change_90_days: d.zip(before).map(|(a, b)| a - b),
        })
    }

    /// Depth with a person at a moment in the past.
    pub fn depth_at(&self, person_id: i64, at: DateTime<Utc>) -> Result<Option<f64>> {
        Ok(depth::depth_at(&self.scores(person_id)?.scored, at))
    }

    /// Depth with a person now, every check-in counted (see
    /// [`depth_now_at`]).
    pub fn depth_now(&self, person_id: i64) -> Result<Option<f64>> {
        let scored = self.scores(person_id)?.scored;
        Ok(depth::depth_at(
            &scored,
            depth_now_at(&scored, self.clock.now()),
        ))
    }

    /// Everyone (not archived) placed by proximity and depth.
    pub fn map(&self) -> Result<Vec<MapPoint>> {
        let people = store::people::list(self.conn, false)?;
        let now = self.clock.now();
        // Everyone's check-ins in one read (1,000 people: one query, not
        // a thousand), each person's newest first as `checkins` gives them.
        let mut by_person: std::collections::HashMap<i64, Vec<Checkin>> =
            std::collections::HashMap::new();
        for c in store::checkins::all(self.conn)? {
            by_person.entry(c.person_id).or_default().push(c);
        }
        let mut out = Vec::with_capacity(people.len());
        for p in people {
            let mut mine = by_person.remove(&p.id).unwrap_or_default();
            mine.sort_by(|a, b| b.at.cmp(&a.at).then(b.id.cmp(&a.id)));
            let Scores { scored, ios, .. } = Scores::of(mine);
            let depth = depth::depth_at(&scored, depth_now_at(&scored, now));
            out.push(MapPoint {
                id: p.id,
                quadrant: Quadrant::of(p.proximity, depth),
                name: p.name,
                proximity: p.proximity,
                depth,
                ios,
                photo_id: p.photo_id,
            });
        }
        Ok(out)
    }

    /// Sets how often the user sees someone, keeping the history.
    pub fn set_proximity(&self, person_id: i64, proximity: Option<Proximity>) -> Result<()> {
        let tx = self.conn.unchecked_transaction()?;
        let current = store::people::get(&tx, person_id)?.proximity;
        if current != proximity {
            let now = self.clock.now();
            store::people::set_proximity(&tx, person_id, proximity, now)?;
            record_proximity(&tx, person_id, proximity, now)?;
        }
        tx.commit()?;
        Ok(())
    }

    /// How proximity changed over time, oldest first.
    pub fn proximity_history(&self, person_id: i64) -> Result<Vec<ProximityChange>> {
        proximity::history(self.conn, person_id)
    }
}

/// When depth "now" is read: now, or the last scored check-in when a clock
/// that was wrong dated it later. Every check-in that exists then counts,
/// and depth is what a right clock shows: weights depend on the gaps
/// between check-ins and the reading time, and any reading time after the
/// last check-in scales them all alike.
pub(crate) fn depth_now_at(scored: &[(DateTime<Utc>, f64)], now: DateTime<Utc>) -> DateTime<Utc> {
    scored.last().map_or(now, |&(last, _)| last.max(now))
}

/// Appends to a person's proximity history (also when a person is added or
/// edited through `people`).
pub(crate) fn record_proximity(
    conn: &Connection,
    person_id: i64,
    proximity: Option<Proximity>,
    at: DateTime<Utc>,
) -> Result<()> {
    proximity::record(conn, person_id, proximity, at)
}
