//! The records of reflection on closeness, as stored and as they cross to
//! the app: check-ins and their seven answers, moments, proximity changes
//! and important dates. The use cases that make and read them live in
//! `crate::reflection` (which re-exports them); their SQL in `store/`.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use crate::error::{Error, Result};
use crate::model::Proximity;

/// The seven answers of a check-in (1–5 each, any may be missing).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "contract", derive(ts_rs::TS))]
pub struct Dimensions {
    /// I felt seen.
    pub seen: Option<u8>,
    /// I felt heard.
    pub heard: Option<u8>,
    /// I felt understood.
    pub understood: Option<u8>,
    /// I felt safe to be vulnerable.
    pub safe: Option<u8>,
    /// I trust them.
    pub trust: Option<u8>,
    /// They showed up for me.
    pub they_showed_up: Option<u8>,
    /// I showed up for them.
    pub i_showed_up: Option<u8>,
}

impl Dimensions {
    /// All answers, in order.
    pub fn all(&self) -> [Option<u8>; 7] {
        [
            self.seen,
            self.heard,
            self.understood,
            self.safe,
            self.trust,
            self.they_showed_up,
            self.i_showed_up,
        ]
    }

    /// The check-in's score, 0–100, or `None` when nothing was answered.
    pub fn score(&self) -> Option<f64> {
        let answered: Vec<f64> = self.all().iter().flatten().map(|&v| f64::from(v)).collect();
        if answered.is_empty() {
            return None;
        }
        let mean = answered.iter().sum::<f64>() / answered.len() as f64;
        Some((mean - 1.0) * 25.0)
    }
}

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

/// A change of proximity.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "contract", derive(ts_rs::TS))]
pub struct ProximityChange {
    /// The new proximity (`None`: cleared).
    pub proximity: Option<Proximity>,
    /// When.
    pub changed_at: DateTime<Utc>,
}

/// A date that matters to someone.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "contract", derive(ts_rs::TS))]
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
