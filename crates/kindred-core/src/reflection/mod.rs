//! Reflection on closeness: check-ins, depth, proximity and its history,
//! the proximity/depth map, moments, love maps, cadences and the reach-out
//! list, prompts, "on this day", and the home screen that gathers them.
//!
//! Closeness is depth, not proximity: the two are recorded apart and the
//! map shows the gap. See [`depth`] for how depth is computed. Nothing here
//! scolds: no streaks, no counts of misses; the reach-out list is ordered by
//! how far past their own rhythm people are, and says when you last met.

pub mod depth;
pub mod prompts;

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::Serialize;

use crate::clock::Clock;
use crate::error::{Error, Result};
use crate::model::{EntrySummary, Kind, PersonRef, Proximity};
use crate::store::entries::ListFilter;
use crate::store::{self, date_col, search_index, time_col, to_db};
pub use depth::{Dimensions, Quadrant};
pub use prompts::{Prompt, Theme};

/// Love-map items older than this are marked stale.
pub const STALE_AFTER_DAYS: i64 = 90;
const MAX_NOTE_BYTES: usize = 1024 * 1024;

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

/// What kind of act a moment records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
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

/// The topics of a love map.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Topic {
    /// What they are carrying right now.
    Carrying,
    /// What they are hoping for.
    Hoping,
    /// What they are worried about.
    Worried,
    /// What they are enjoying lately.
    Enjoying,
    /// What matters to them.
    Matters,
}

impl Topic {
    /// Every topic, in display order.
    pub const ALL: [Self; 5] = [
        Self::Carrying,
        Self::Hoping,
        Self::Worried,
        Self::Enjoying,
        Self::Matters,
    ];

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Carrying => "carrying",
            Self::Hoping => "hoping",
            Self::Worried => "worried",
            Self::Enjoying => "enjoying",
            Self::Matters => "matters",
        }
    }

    /// The question the topic answers.
    pub fn label(self) -> &'static str {
        match self {
            Self::Carrying => "What they are carrying right now",
            Self::Hoping => "What they are hoping for",
            Self::Worried => "What they are worried about",
            Self::Enjoying => "What they are enjoying lately",
            Self::Matters => "What matters to them",
        }
    }

    /// Parses the stored name.
    pub fn parse(s: &str) -> Result<Self> {
        let t = s.trim().to_ascii_lowercase();
        Self::ALL
            .into_iter()
            .find(|k| k.as_str() == t)
            .ok_or_else(|| {
                Error::invalid(format!(
                    "Unknown love-map topic. Use one of: {}.",
                    Self::ALL.map(Self::as_str).join(", ")
                ))
            })
    }
}

/// One love-map answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LoveMapItem {
    /// The topic.
    pub topic: Topic,
    /// What the user knows.
    pub text: String,
    /// When it was last updated.
    pub updated_at: DateTime<Utc>,
    /// Older than [`STALE_AFTER_DAYS`]: the user may no longer know.
    pub stale: bool,
}

/// A person's depth, with what it is made of.
#[derive(Debug, Clone, PartialEq, Serialize)]
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
}

/// A change of proximity.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProximityChange {
    /// The new proximity (`None`: cleared).
    pub proximity: Option<Proximity>,
    /// When.
    pub changed_at: DateTime<Utc>,
}

/// A date that matters to someone.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ImportantDate {
    /// Id.
    pub id: i64,
    /// Whose.
    pub person_id: i64,
    /// "birthday", "the day they moved" …
    pub label: String,
    /// Month, 1–12.
    pub month: u32,
    /// Day, 1–31.
    pub day: u32,
    /// The year, when known.
    pub year: Option<i32>,
}

/// The next time an important date comes round.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UpcomingDate {
    /// The label.
    pub label: String,
    /// When it next falls.
    pub date: NaiveDate,
    /// Days from today (0 = today).
    pub in_days: i64,
}

/// Someone past their own rhythm, with context for reaching out.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReachOut {
    /// Who.
    pub person: PersonRef,
    /// "About every N days".
    pub cadence_days: u32,
    /// Days since the last moment, check-in or entry with them (or since
    /// they were added).
    pub days_since: i64,
    /// The last moment with them.
    pub last_moment: Option<Moment>,
    /// The start of the last note about them.
    pub last_note: Option<String>,
    /// Love-map topics that may be out of date.
    pub stale_love_map: Vec<Topic>,
    /// Their next important date.
    pub next_date: Option<UpcomingDate>,
}

/// The prompt of the day.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DailyPrompt {
    /// Prompt id.
    pub id: String,
    /// Its theme.
    pub theme: Theme,
    /// The text, with the person's name in it when it is about someone.
    pub text: String,
    /// Whom it is about.
    pub person: Option<PersonRef>,
}

/// Something from this day in an earlier year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OnThisDay {
    /// Entry, moment or check-in.
    pub kind: Kind,
    /// Its id.
    pub id: i64,
    /// Its date.
    pub date: NaiveDate,
    /// How many years ago.
    pub years_ago: i32,
    /// Title, moment or reflection, in a line.
    pub summary: String,
    /// The people in it, and how their depth has moved since.
    pub people: Vec<DepthSince>,
}

/// How depth with someone has moved since a date.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DepthSince {
    /// Who.
    pub person: PersonRef,
    /// Depth on that day.
    pub then: Option<f64>,
    /// Depth now.
    pub now: Option<f64>,
}

/// The home screen: the first thing seen after unlocking.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Today {
    /// Today's date.
    pub date: NaiveDate,
    /// The prompt of the day.
    pub prompt: DailyPrompt,
    /// People past their rhythm, most past first.
    pub reach_out: Vec<ReachOut>,
    /// This day in earlier years.
    pub on_this_day: Vec<OnThisDay>,
    /// The latest entries.
    pub recent_entries: Vec<EntrySummary>,
}

/// One item of a person's timeline.
#[derive(Debug, Clone, PartialEq, Serialize)]
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

/// A person's scored check-ins (oldest first), latest circles answer and
/// last check-in time.
type ScoreHistory = (Vec<(DateTime<Utc>, f64)>, Option<u8>, Option<DateTime<Utc>>);

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

fn checkin_row(r: &Row<'_>) -> rusqlite::Result<Checkin> {
    let g = |i: usize| -> rusqlite::Result<Option<u8>> { r.get::<_, Option<u8>>(i) };
    let dims = Dimensions {
        seen: g(3)?,
        heard: g(4)?,
        understood: g(5)?,
        safe: g(6)?,
        trust: g(7)?,
        they_showed_up: g(8)?,
        i_showed_up: g(9)?,
    };
    Ok(Checkin {
        id: r.get(0)?,
        person_id: r.get(1)?,
        at: time_col(r, 2)?,
        dims,
        ios: g(10)?,
        note: r.get(11)?,
        score: dims.score(),
    })
}

const CHECKIN_COLS: &str = "id, person_id, at, seen, heard, understood, safe, trust, \
                            they_showed_up, i_showed_up, ios, note";

fn moment_row(r: &Row<'_>) -> rusqlite::Result<Moment> {
    let kind: String = r.get(3)?;
    Ok(Moment {
        id: r.get(0)?,
        person_id: r.get(1)?,
        date: date_col(r, 2)?,
        kind: MomentKind::parse(&kind).map_err(|_| {
            rusqlite::Error::FromSqlConversionFailure(3, rusqlite::types::Type::Text, "kind".into())
        })?,
        note: r.get(4)?,
        created_at: time_col(r, 5)?,
    })
}

const MOMENT_COLS: &str = "id, person_id, on_date, kind, note, created_at";

/// Days between two dates.
fn days(from: NaiveDate, to: NaiveDate) -> i64 {
    (to - from).num_days()
}

/// The next time month/day falls on or after `today` (Feb 29 falls on
/// Feb 28 in other years).
pub fn next_occurrence(month: u32, day: u32, today: NaiveDate) -> Option<NaiveDate> {
    let on = |y: i32| {
        NaiveDate::from_ymd_opt(y, month, day).or_else(|| {
            (month == 2 && day == 29)
                .then(|| NaiveDate::from_ymd_opt(y, 2, 28))
                .flatten()
        })
    };
    let this = on(today.year())?;
    if this >= today {
        Some(this)
    } else {
        on(today.year() + 1)
    }
}

/// Orders the people due for reaching out: furthest past their own rhythm
/// first (days since ÷ cadence), then longest since; only people at or past
/// their cadence are listed.
pub fn reach_out_order(mut items: Vec<ReachOut>) -> Vec<ReachOut> {
    items.retain(|r| r.days_since >= i64::from(r.cadence_days));
    items.sort_by(|a, b| {
        let ra = a.days_since as f64 / f64::from(a.cadence_days);
        let rb = b.days_since as f64 / f64::from(b.cadence_days);
        rb.total_cmp(&ra)
            .then(b.days_since.cmp(&a.days_since))
            .then(a.person.name.cmp(&b.person.name))
    });
    items
}

/// A stable 64-bit hash (FNV-1a) for choosing prompts by date.
fn fnv(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

impl Reflection<'_> {
    fn person_exists(&self, id: i64) -> Result<PersonRef> {
        let p = store::people::get(self.conn, id)?;
        Ok(PersonRef {
            id: p.id,
            name: p.name,
        })
    }

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
        tx.execute(
            "INSERT INTO checkins (person_id, at, seen, heard, understood, safe, trust,
                                   they_showed_up, i_showed_up, ios, note, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            params![
                d.person_id,
                to_db(at),
                d.dims.seen,
                d.dims.heard,
                d.dims.understood,
                d.dims.safe,
                d.dims.trust,
                d.dims.they_showed_up,
                d.dims.i_showed_up,
                d.ios,
                d.note,
                to_db(now)
            ],
        )?;
        let id = tx.last_insert_rowid();
        search_index::reindex(&tx, Kind::Checkin, id)?;
        tx.commit()?;
        Ok(id)
    }

    /// A person's check-ins, newest first.
    pub fn checkins(&self, person_id: i64) -> Result<Vec<Checkin>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {CHECKIN_COLS} FROM checkins WHERE person_id = ?1 AND deleted_at IS NULL
             ORDER BY at DESC, id DESC"
        ))?;
        let rows = stmt.query_map([person_id], checkin_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Moves a check-in to the trash.
    pub fn trash_checkin(&self, id: i64) -> Result<()> {
        self.set_deleted("checkins", Kind::Checkin, id, Some(self.clock.now()))
    }

    /// Moves a moment to the trash.
    pub fn trash_moment(&self, id: i64) -> Result<()> {
        self.set_deleted("moments", Kind::Moment, id, Some(self.clock.now()))
    }

    /// Brings a check-in back from the trash.
    pub fn restore_checkin(&self, id: i64) -> Result<()> {
        self.set_deleted("checkins", Kind::Checkin, id, None)
    }

    /// Brings a moment back from the trash.
    pub fn restore_moment(&self, id: i64) -> Result<()> {
        self.set_deleted("moments", Kind::Moment, id, None)
    }

    fn set_deleted(
        &self,
        table: &str,
        kind: Kind,
        id: i64,
        at: Option<DateTime<Utc>>,
    ) -> Result<()> {
        let cond = if at.is_some() {
            "IS NULL"
        } else {
            "IS NOT NULL"
        };
        let tx = self.conn.unchecked_transaction()?;
        let n = tx.execute(
            &format!("UPDATE {table} SET deleted_at = ?2 WHERE id = ?1 AND deleted_at {cond}"),
            params![id, at.map(to_db)],
        )?;
        if n == 0 {
            return Err(Error::not_found(format!(
                "There is no such {} to change.",
                kind.as_str()
            )));
        }
        search_index::reindex(&tx, kind, id)?;
        tx.commit()?;
        Ok(())
    }

    fn scores(&self, person_id: i64) -> Result<ScoreHistory> {
        let mut all = self.checkins(person_id)?;
        all.reverse(); // oldest first
        let last = all.last().map(|c| c.at);
        let ios = all.iter().rev().find_map(|c| c.ios);
        let scores = all
            .iter()
            .filter_map(|c| c.score.map(|s| (c.at, s)))
            .collect();
        Ok((scores, ios, last))
    }

    /// A person's depth now, its trend and its parts.
    pub fn depth(&self, person_id: i64) -> Result<DepthSummary> {
        self.person_exists(person_id)?;
        let now = self.clock.now();
        let (scores, ios, last) = self.scores(person_id)?;
        let trend = scores
            .iter()
            .map(|&(at, score)| TrendPoint {
                at,
                score,
                depth: depth::depth_at(&scores, at).unwrap_or(score),
            })
            .collect();
        let d = depth::depth_at(&scores, now);
        let before = depth::depth_at(&scores, now - chrono::Duration::days(90));
        Ok(DepthSummary {
            depth: d,
            checkins: scores.len(),
            last_checkin: last,
            ios,
            trend,
            change_90_days: d.zip(before).map(|(a, b)| a - b),
        })
    }

    /// Depth with a person at a moment in the past.
    pub fn depth_at(&self, person_id: i64, at: DateTime<Utc>) -> Result<Option<f64>> {
        let (scores, _, _) = self.scores(person_id)?;
        Ok(depth::depth_at(&scores, at))
    }

    /// Everyone (not archived) placed by proximity and depth.
    pub fn map(&self) -> Result<Vec<MapPoint>> {
        let people = store::people::list(self.conn, false)?;
        let now = self.clock.now();
        let mut out = Vec::with_capacity(people.len());
        for p in people {
            let (scores, ios, _) = self.scores(p.id)?;
            let depth = depth::depth_at(&scores, now);
            out.push(MapPoint {
                id: p.id,
                quadrant: Quadrant::of(p.proximity, depth),
                name: p.name,
                proximity: p.proximity,
                depth,
                ios,
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
            tx.execute(
                "UPDATE people SET proximity = ?2, updated_at = ?3 WHERE id = ?1",
                params![person_id, proximity.map(Proximity::level), to_db(now)],
            )?;
            record_proximity(&tx, person_id, proximity, now)?;
        }
        tx.commit()?;
        Ok(())
    }

    /// How proximity changed over time, oldest first.
    pub fn proximity_history(&self, person_id: i64) -> Result<Vec<ProximityChange>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT proximity, changed_at FROM proximity_history WHERE person_id = ?1
             ORDER BY changed_at, id",
        )?;
        let rows = stmt.query_map([person_id], |r| {
            Ok(ProximityChange {
                proximity: r.get::<_, Option<i64>>(0)?.and_then(Proximity::from_level),
                changed_at: time_col(r, 1)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

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
        tx.execute(
            "INSERT INTO moments (person_id, on_date, kind, note, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![
                person_id,
                date.unwrap_or_else(|| self.clock.today()).to_string(),
                kind.as_str(),
                note.trim_end(),
                to_db(self.clock.now())
            ],
        )?;
        let id = tx.last_insert_rowid();
        search_index::reindex(&tx, Kind::Moment, id)?;
        tx.commit()?;
        Ok(id)
    }

    /// A person's moments, newest first.
    pub fn moments(&self, person_id: i64) -> Result<Vec<Moment>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {MOMENT_COLS} FROM moments WHERE person_id = ?1 AND deleted_at IS NULL
             ORDER BY on_date DESC, id DESC"
        ))?;
        let rows = stmt.query_map([person_id], moment_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Sets (or, with empty text, clears) one love-map answer.
    pub fn set_love_map(&self, person_id: i64, topic: Topic, text: &str) -> Result<()> {
        if text.len() > MAX_NOTE_BYTES {
            return Err(Error::invalid("That is too long; nothing was saved."));
        }
        self.person_exists(person_id)?;
        if text.trim().is_empty() {
            self.conn.execute(
                "DELETE FROM love_map WHERE person_id = ?1 AND topic = ?2",
                params![person_id, topic.as_str()],
            )?;
        } else {
            self.conn.execute(
                "INSERT INTO love_map (person_id, topic, text, updated_at) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (person_id, topic) DO UPDATE SET text = excluded.text,
                                                               updated_at = excluded.updated_at",
                params![
                    person_id,
                    topic.as_str(),
                    text.trim(),
                    to_db(self.clock.now())
                ],
            )?;
        }
        Ok(())
    }

    /// A person's love map, in topic order, with staleness marked.
    pub fn love_map(&self, person_id: i64) -> Result<Vec<LoveMapItem>> {
        self.person_exists(person_id)?;
        let now = self.clock.now();
        let mut stmt = self
            .conn
            .prepare_cached("SELECT topic, text, updated_at FROM love_map WHERE person_id = ?1")?;
        let mut items: Vec<LoveMapItem> = stmt
            .query_map([person_id], |r| {
                let topic: String = r.get(0)?;
                Ok((topic, r.get::<_, String>(1)?, time_col(r, 2)?))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?
            .into_iter()
            .filter_map(|(t, text, updated_at)| {
                Some(LoveMapItem {
                    topic: Topic::parse(&t).ok()?,
                    text,
                    updated_at,
                    stale: (now - updated_at).num_days() > STALE_AFTER_DAYS,
                })
            })
            .collect();
        items.sort_by_key(|i| Topic::ALL.iter().position(|t| *t == i.topic));
        Ok(items)
    }

    /// Adds an important date (`year` when known); returns its id.
    pub fn add_important_date(
        &self,
        person_id: i64,
        label: &str,
        month: u32,
        day: u32,
        year: Option<i32>,
    ) -> Result<i64> {
        let label = label.trim();
        if label.is_empty() || label.chars().count() > 100 || label.contains(['\n', '\r']) {
            return Err(Error::invalid(
                "An important date needs a short label, like \"birthday\".",
            ));
        }
        let check_year = year.unwrap_or(2000);
        if NaiveDate::from_ymd_opt(check_year, month, day).is_none()
            && !(month == 2 && day == 29 && year.is_none())
        {
            return Err(Error::invalid(
                "That day does not exist; nothing was saved.",
            ));
        }
        self.person_exists(person_id)?;
        self.conn.execute(
            "INSERT INTO important_dates (person_id, label, month, day, year) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![person_id, label, month, day, year],
        )?;
        Ok(self.conn.last_insert_rowid())
    }

    /// A person's important dates.
    pub fn important_dates(&self, person_id: i64) -> Result<Vec<ImportantDate>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, person_id, label, month, day, year FROM important_dates
             WHERE person_id = ?1 ORDER BY month, day, id",
        )?;
        let rows = stmt.query_map([person_id], |r| {
            Ok(ImportantDate {
                id: r.get(0)?,
                person_id: r.get(1)?,
                label: r.get(2)?,
                month: r.get(3)?,
                day: r.get(4)?,
                year: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Removes an important date.
    pub fn remove_important_date(&self, id: i64) -> Result<()> {
        if self
            .conn
            .execute("DELETE FROM important_dates WHERE id = ?1", [id])?
            == 0
        {
            return Err(Error::not_found("There is no such date."));
        }
        Ok(())
    }

    /// The last day something happened with a person: a moment, a check-in
    /// or an entry mentioning them.
    pub fn last_contact(&self, person_id: i64) -> Result<Option<NaiveDate>> {
        let s: Option<String> = self.conn.query_row(
            "SELECT max(d) FROM (
                 SELECT max(on_date) AS d FROM moments WHERE person_id = ?1 AND deleted_at IS NULL
                 UNION ALL
                 SELECT max(substr(at, 1, 10)) FROM checkins WHERE person_id = ?1 AND deleted_at IS NULL
                 UNION ALL
                 SELECT max(e.entry_date) FROM entry_people ep JOIN entries e ON e.id = ep.entry_id
                  WHERE ep.person_id = ?1 AND e.deleted_at IS NULL)",
            [person_id],
            |r| r.get(0),
        )?;
        Ok(s.and_then(|d| d.parse().ok()))
    }

    /// People past their own check-in rhythm, with context; most past first.
    pub fn reach_out(&self) -> Result<Vec<ReachOut>> {
        let today = self.clock.today();
        let mut items = Vec::new();
        for p in store::people::list(self.conn, false)? {
            let Some(cadence) = p.cadence_days else {
                continue;
            };
            let since_day = self
                .last_contact(p.id)?
                .unwrap_or_else(|| p.created_at.date_naive());
            let last_moment = self.moments(p.id)?.into_iter().next();
            let last_note = store::notes::for_person(self.conn, p.id)?
                .into_iter()
                .next()
                .map(|n| {
                    let line = n
                        .body
                        .lines()
                        .find(|l| !l.trim().is_empty())
                        .unwrap_or("")
                        .trim();
                    line.chars().take(140).collect::<String>()
                });
            let stale_love_map = self
                .love_map(p.id)?
                .into_iter()
                .filter(|i| i.stale)
                .map(|i| i.topic)
                .collect();
            let next_date = self
                .important_dates(p.id)?
                .into_iter()
                .filter_map(|d| {
                    let date = next_occurrence(d.month, d.day, today)?;
                    Some(UpcomingDate {
                        label: d.label,
                        date,
                        in_days: days(today, date),
                    })
                })
                .min_by_key(|u| u.in_days);
            items.push(ReachOut {
                person: PersonRef {
                    id: p.id,
                    name: p.name,
                },
                cadence_days: cadence,
                days_since: days(since_day, today).max(0),
                last_moment,
                last_note,
                stale_love_map,
                next_date,
            });
        }
        Ok(reach_out_order(items))
    }

    /// The prompt of the day: chosen once per day, never repeated until
    /// every prompt has had its day (a cycle), then the next cycle begins.
    pub fn prompt_of_the_day(&self) -> Result<DailyPrompt> {
        let today = self.clock.today();
        let key = today.to_string();
        let logged: Option<(String, Option<i64>)> = self
            .conn
            .query_row(
                "SELECT prompt_id, person_id FROM prompt_log WHERE day = ?1",
                [&key],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        if let Some((id, person)) = logged {
            if let Some(p) = prompts::by_id(&id) {
                return self.daily(p, person);
            }
        }
        let people = store::people::list(self.conn, false)?;
        let applicable: Vec<&Prompt> = prompts::LIBRARY
            .iter()
            .filter(|p| !p.needs_person() || !people.is_empty())
            .collect();
        let mut cycle: i64 =
            self.conn
                .query_row("SELECT coalesce(max(cycle), 0) FROM prompt_log", [], |r| {
                    r.get(0)
                })?;
        let used: Vec<String> = self
            .conn
            .prepare_cached("SELECT prompt_id FROM prompt_log WHERE cycle = ?1")?
            .query_map([cycle], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let mut remaining: Vec<&Prompt> = applicable
            .iter()
            .copied()
            .filter(|p| !used.iter().any(|u| u == p.id))
            .collect();
        if remaining.is_empty() {
            cycle += 1;
            remaining = applicable;
        }
        let pick = remaining[(fnv(&key) % remaining.len() as u64) as usize];
        let person = if pick.needs_person() {
            let due = self.reach_out()?;
            match due.first() {
                Some(r) => Some(r.person.id),
                None => Some(
                    people[(fnv(&format!("{key}/{}", pick.id)) % people.len() as u64) as usize].id,
                ),
            }
        } else {
            None
        };
        self.conn.execute(
            "INSERT INTO prompt_log (day, prompt_id, person_id, cycle) VALUES (?1, ?2, ?3, ?4)",
            params![key, pick.id, person, cycle],
        )?;
        self.daily(pick, person)
    }

    fn daily(&self, p: &Prompt, person: Option<i64>) -> Result<DailyPrompt> {
        let person = match person {
            Some(id) => store::people::get(self.conn, id).ok().map(|p| PersonRef {
                id: p.id,
                name: p.name,
            }),
            None => None,
        };
        Ok(DailyPrompt {
            id: p.id.into(),
            theme: p.theme,
            text: p.render(person.as_ref().map(|x| x.name.as_str())),
            person,
        })
    }

    /// A prompt about one person (changes daily).
    pub fn prompt_for(&self, person_id: i64) -> Result<DailyPrompt> {
        let who = self.person_exists(person_id)?;
        let about: Vec<&Prompt> = prompts::LIBRARY
            .iter()
            .filter(|p| p.needs_person())
            .collect();
        let key = format!("{}/{}", self.clock.today(), person_id);
        let p = about[(fnv(&key) % about.len() as u64) as usize];
        Ok(DailyPrompt {
            id: p.id.into(),
            theme: p.theme,
            text: p.render(Some(&who.name)),
            person: Some(who),
        })
    }

    /// Entries, moments and check-ins from this month and day in earlier
    /// years, with how depth with the people in them has moved since.
    pub fn on_this_day(&self) -> Result<Vec<OnThisDay>> {
        let today = self.clock.today();
        let now = self.clock.now();
        let mut days = vec![format!("-{:02}-{:02}", today.month(), today.day())];
        let leap = NaiveDate::from_ymd_opt(today.year(), 2, 29).is_some();
        if today.month() == 2 && today.day() == 28 && !leap {
            days.push("-02-29".into());
        }
        let this_year = today.year().to_string();
        let mut out = Vec::new();
        for md in &days {
            let pattern = format!("%{md}");
            let mut stmt = self.conn.prepare_cached(
                "SELECT 'entry', e.id, e.entry_date,
                        CASE WHEN e.title <> '' THEN e.title ELSE substr(e.body_md, 1, 120) END
                   FROM entries e WHERE e.deleted_at IS NULL AND e.entry_date LIKE ?1
                    AND substr(e.entry_date, 1, 4) < ?2
                 UNION ALL
                 SELECT 'moment', m.id, m.on_date, m.kind || char(31) || m.note
                   FROM moments m WHERE m.deleted_at IS NULL AND m.on_date LIKE ?1
                    AND substr(m.on_date, 1, 4) < ?2
                 ORDER BY 3 DESC",
            )?;
            let mut rows: Vec<(String, i64, String, String)> = stmt
                .query_map(params![pattern, this_year], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
                })?
                .collect::<rusqlite::Result<_>>()?;
            // A check-in's time is stored in UTC; its day is the one where
            // the user was, so the date is worked out here, not in SQL.
            let mut checkins = self
                .conn
                .prepare_cached("SELECT id, at, note FROM checkins WHERE deleted_at IS NULL")?;
            let all: Vec<(i64, String, String)> = checkins
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
                .collect::<rusqlite::Result<_>>()?;
            for (id, at, note) in all {
                let Ok(at) = DateTime::parse_from_rfc3339(&at) else {
                    continue;
                };
                let day = self.clock.date_of(at.with_timezone(&Utc));
                if day.year() < today.year() && day.format("-%m-%d").to_string() == *md {
                    rows.push(("checkin".into(), id, day.to_string(), note));
                }
            }
            rows.sort_by(|a, b| b.2.cmp(&a.2));
            for (kind, id, date, text) in rows {
                let Ok(date) = date.parse::<NaiveDate>() else {
                    continue;
                };
                let (kind, people, summary) = match kind.as_str() {
                    "entry" => {
                        let ids: Vec<i64> = self
                            .conn
                            .prepare_cached(
                                "SELECT person_id FROM entry_people WHERE entry_id = ?1",
                            )?
                            .query_map([id], |r| r.get(0))?
                            .collect::<rusqlite::Result<_>>()?;
                        (
                            Kind::Entry,
                            ids,
                            text.lines().next().unwrap_or("").to_owned(),
                        )
                    }
                    "moment" => {
                        let pid: i64 = self.conn.query_row(
                            "SELECT person_id FROM moments WHERE id = ?1",
                            [id],
                            |r| r.get(0),
                        )?;
                        let (k, note) = text.split_once('\u{1f}').unwrap_or((&text, ""));
                        let label = MomentKind::parse(k)
                            .map(MomentKind::label)
                            .unwrap_or("A moment");
                        let s = if note.is_empty() {
                            label.to_owned()
                        } else {
                            format!("{label}: {note}")
                        };
                        (Kind::Moment, vec![pid], s)
                    }
                    _ => {
                        let pid: i64 = self.conn.query_row(
                            "SELECT person_id FROM checkins WHERE id = ?1",
                            [id],
                            |r| r.get(0),
                        )?;
                        let s = if text.is_empty() {
                            "A check-in".to_owned()
                        } else {
                            text.lines().next().unwrap_or("").to_owned()
                        };
                        (Kind::Checkin, vec![pid], s)
                    }
                };
                let end_of_day = date
                    .and_hms_opt(23, 59, 59)
                    .map(|t| t.and_utc())
                    .unwrap_or(now);
                let mut with = Vec::new();
                for pid in people {
                    let Ok(p) = store::people::get(self.conn, pid) else {
                        continue;
                    };
                    with.push(DepthSince {
                        then: self.depth_at(pid, end_of_day)?,
                        now: self.depth_at(pid, now)?,
                        person: PersonRef {
                            id: p.id,
                            name: p.name,
                        },
                    });
                }
                out.push(OnThisDay {
                    kind,
                    id,
                    date,
                    years_ago: today.year() - date.year(),
                    summary: summary.chars().take(200).collect(),
                    people: with,
                });
            }
        }
        Ok(out)
    }

    /// Everything on the home screen.
    pub fn today(&self) -> Result<Today> {
        Ok(Today {
            date: self.clock.today(),
            prompt: self.prompt_of_the_day()?,
            reach_out: self.reach_out()?,
            on_this_day: self.on_this_day()?,
            recent_entries: store::entries::list(
                self.conn,
                &ListFilter {
                    limit: Some(5),
                    ..ListFilter::default()
                },
            )?,
        })
    }

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

/// Appends to a person's proximity history.
pub(crate) fn record_proximity(
    conn: &Connection,
    person_id: i64,
    proximity: Option<Proximity>,
    at: DateTime<Utc>,
) -> Result<()> {
    conn.execute(
        "INSERT INTO proximity_history (person_id, proximity, changed_at) VALUES (?1, ?2, ?3)",
        params![person_id, proximity.map(Proximity::level), to_db(at)],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn r(name: &str, cadence: u32, since: i64) -> ReachOut {
        ReachOut {
            person: PersonRef {
                id: 0,
                name: name.into(),
            },
            cadence_days: cadence,
            days_since: since,
            last_moment: None,
            last_note: None,
            stale_love_map: vec![],
            next_date: None,
        }
    }

    #[test]
    fn reach_out_orders_by_how_far_past_their_rhythm() {
        let got: Vec<String> = reach_out_order(vec![
            r("monthly, 40 days", 30, 40),     // 1.33
            r("weekly, 10 days", 7, 10),       // 1.43
            r("weekly, 3 days", 7, 3),         // not due
            r("fortnightly, 28 days", 14, 28), // 2.0
            r("weekly, exactly 7", 7, 7),      // 1.0, due today
        ])
        .into_iter()
        .map(|x| x.person.name)
        .collect();
        assert_eq!(
            got,
            [
                "fortnightly, 28 days",
                "weekly, 10 days",
                "monthly, 40 days",
                "weekly, exactly 7"
            ]
        );
    }

    #[test]
    fn next_occurrence_wraps_the_year_and_handles_leap_days() {
        let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
        assert_eq!(next_occurrence(3, 14, d(2026, 3, 14)), Some(d(2026, 3, 14)));
        assert_eq!(next_occurrence(3, 14, d(2026, 3, 15)), Some(d(2027, 3, 14)));
        assert_eq!(next_occurrence(2, 29, d(2026, 1, 1)), Some(d(2026, 2, 28)));
        assert_eq!(next_occurrence(2, 29, d(2027, 12, 1)), Some(d(2028, 2, 29)));
        assert_eq!(next_occurrence(2, 30, d(2026, 1, 1)), None);
    }
}
