//! The plain data types the use cases take and return. They serialise to the
//! JSON shapes documented in `docs/cli.md` (field names are a contract).

pub mod reflection;

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use crate::error::{Error, Result};

/// A journal entry with everything attached to it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "contract", derive(ts_rs::TS))]
pub struct Entry {
    /// Stable id.
    pub id: i64,
    /// The local calendar date the entry is about.
    pub date: NaiveDate,
    /// Title; may be empty.
    pub title: String,
    /// Markdown body, exactly as written.
    pub body: String,
    /// Tags, sorted.
    pub tags: Vec<String>,
    /// People the entry mentions.
    pub people: Vec<PersonRef>,
    /// When it was written.
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
    /// When it went to the trash, if it is there.
    pub deleted_at: Option<DateTime<Utc>>,
    /// The reflection prompt this entry answers, if any.
    pub prompt_id: Option<String>,
    /// Starred (imported entries keep their star).
    pub starred: bool,
    /// Pinned in the app it came from.
    pub pinned: bool,
    /// Where it was written, as its source named the place.
    pub place: Option<String>,
    /// The weather when it was written, as its source described it.
    pub weather: Option<String>,
    /// Files attached to it (not in the trash), in the order added.
    pub attachments: Vec<Attachment>,
}

/// A file attached to an entry, or a person's picture. The bytes are kept
/// encrypted beside the database; this is what they are.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "contract", derive(ts_rs::TS))]
pub struct Attachment {
    /// Stable id.
    pub id: i64,
    /// The entry it is attached to.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "contract", ts(optional))]
    pub entry_id: Option<i64>,
    /// The person whose picture it is.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "contract", ts(optional))]
    pub person_id: Option<i64>,
    /// The file's name when it was added.
    pub name: String,
    /// Its media type, from its first bytes (or its name).
    pub mime: String,
    /// Its size in bytes.
    #[cfg_attr(feature = "contract", ts(type = "number"))]
    pub bytes: u64,
    /// Hex SHA-256 of the original bytes: what comes out matches it.
    pub sha256: String,
    /// When it was added.
    pub created_at: DateTime<Utc>,
}

/// An entry as listed: no full body.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "contract", derive(ts_rs::TS))]
pub struct EntrySummary {
    /// Stable id.
    pub id: i64,
    /// The local calendar date the entry is about.
    pub date: NaiveDate,
    /// Title; may be empty.
    pub title: String,
    /// The first few hundred characters of the body.
    pub excerpt: String,
    /// Tags.
    pub tags: Vec<String>,
    /// People the entry mentions.
    pub people: Vec<PersonRef>,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
    /// Up to four of its pictures (attachment ids), first added first: for
    /// thumbnails beside it.
    pub pictures: Vec<i64>,
}

/// A person named by id and name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "contract", derive(ts_rs::TS))]
pub struct PersonRef {
    /// The person's id.
    pub id: i64,
    /// Their name.
    pub name: String,
}

/// What a new entry is made of.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EntryDraft {
    /// Defaults to today (local).
    pub date: Option<NaiveDate>,
    /// Title; may be empty.
    pub title: String,
    /// Markdown body.
    pub body: String,
    /// Tags; trimmed, `#` stripped, duplicates dropped.
    pub tags: Vec<String>,
    /// Ids of the people mentioned.
    pub people: Vec<i64>,
}

/// A change to an entry; `None` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EntryPatch {
    /// New date.
    pub date: Option<NaiveDate>,
    /// New title.
    pub title: Option<String>,
    /// New body.
    pub body: Option<String>,
    /// New tag set.
    pub tags: Option<Vec<String>>,
    /// New set of people mentioned.
    pub people: Option<Vec<i64>>,
}

/// How often the user sees someone. Recorded apart from how close they are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[cfg_attr(feature = "contract", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum Proximity {
    /// Far away.
    FarAway,
    /// A few times a year.
    FewTimesAYear,
    /// About monthly.
    Monthly,
    /// About weekly.
    Weekly,
    /// Most days.
    MostDays,
    /// Lives with me.
    LivesWithMe,
}

impl Proximity {
    /// All levels, farthest first.
    pub const ALL: [Self; 6] = [
        Self::FarAway,
        Self::FewTimesAYear,
        Self::Monthly,
        Self::Weekly,
        Self::MostDays,
        Self::LivesWithMe,
    ];

    /// 0 (far away) to 5 (lives with me), as stored.
    pub fn level(self) -> u8 {
        match self {
            Self::FarAway => 0,
            Self::FewTimesAYear => 1,
            Self::Monthly => 2,
            Self::Weekly => 3,
            Self::MostDays => 4,
            Self::LivesWithMe => 5,
        }
    }

    /// The level stored as `n`.
    pub fn from_level(n: i64) -> Option<Self> {
        Self::ALL.into_iter().find(|p| i64::from(p.level()) == n)
    }

    /// The kebab-case name used in the CLI and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::FarAway => "far-away",
            Self::FewTimesAYear => "few-times-a-year",
            Self::Monthly => "monthly",
            Self::Weekly => "weekly",
            Self::MostDays => "most-days",
            Self::LivesWithMe => "lives-with-me",
        }
    }

    /// Words for people.
    pub fn label(self) -> &'static str {
        match self {
            Self::FarAway => "far away",
            Self::FewTimesAYear => "a few times a year",
            Self::Monthly => "monthly",
            Self::Weekly => "weekly",
            Self::MostDays => "most days",
            Self::LivesWithMe => "lives with me",
        }
    }

    /// Parses the kebab-case name (or the level digit).
    pub fn parse(s: &str) -> Result<Self> {
        let t = s.trim().to_ascii_lowercase().replace([' ', '_'], "-");
        Self::ALL
            .into_iter()
            .find(|p| p.as_str() == t || p.level().to_string() == t)
            .ok_or_else(|| {
                Error::invalid(format!(
                    "Unknown proximity. Use one of: {}.",
                    Self::ALL.map(Self::as_str).join(", ")
                ))
            })
    }
}

/// A person in the user's life.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "contract", derive(ts_rs::TS))]
pub struct Person {
    /// Stable id.
    pub id: i64,
    /// Name as the user writes it.
    pub name: String,
    /// "sister", "friend from school" …
    pub relationship: String,
    /// How often they see each other.
    pub proximity: Option<Proximity>,
    /// How they met.
    pub how_we_met: String,
    /// "Check in about every N days", if set.
    pub cadence_days: Option<u32>,
    /// Hidden from the main list.
    pub archived: bool,
    /// When added.
    pub created_at: DateTime<Utc>,
    /// When last changed.
    pub updated_at: DateTime<Utc>,
    /// The latest day of a moment, a check-in or an entry mentioning them
    /// (writing a note about someone is not contact).
    pub last_contact: Option<NaiveDate>,
    /// The attachment that is their picture, if they have one.
    pub photo_id: Option<i64>,
}

/// What a new person is made of.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PersonDraft {
    /// Name (required).
    pub name: String,
    /// Relationship.
    pub relationship: String,
    /// Proximity.
    pub proximity: Option<Proximity>,
    /// How they met.
    pub how_we_met: String,
    /// Cadence in days.
    pub cadence_days: Option<u32>,
}

/// A change to a person; `None` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PersonPatch {
    /// New name.
    pub name: Option<String>,
    /// New relationship.
    pub relationship: Option<String>,
    /// New proximity (`Some(None)` clears it).
    pub proximity: Option<Option<Proximity>>,
    /// New "how we met".
    pub how_we_met: Option<String>,
    /// New cadence (`Some(None)` clears it).
    pub cadence_days: Option<Option<u32>>,
    /// Archive or unarchive.
    pub archived: Option<bool>,
}

/// A note about a person.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "contract", derive(ts_rs::TS))]
pub struct Note {
    /// Stable id.
    pub id: i64,
    /// Whom it is about.
    pub person_id: i64,
    /// Markdown body.
    pub body: String,
    /// When written.
    pub created_at: DateTime<Utc>,
    /// When last changed.
    pub updated_at: DateTime<Utc>,
}

/// What kind of record something is.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize,
)]
#[cfg_attr(feature = "contract", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A journal entry.
    Entry,
    /// A note about a person.
    Note,
    /// A person.
    Person,
    /// A moment with a person (an act: showing up, a repair …).
    Moment,
    /// A check-in on how close a person feels.
    Checkin,
    /// A file attached to an entry, or a person's picture.
    Attachment,
}

impl Kind {
    /// The lowercase name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Entry => "entry",
            Self::Note => "note",
            Self::Person => "person",
            Self::Moment => "moment",
            Self::Checkin => "checkin",
            Self::Attachment => "attachment",
        }
    }
}

/// Something in the trash.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "contract", derive(ts_rs::TS))]
pub struct TrashItem {
    /// What it is.
    pub kind: Kind,
    /// Its id.
    pub id: i64,
    /// Title, name, or the start of a note.
    pub label: String,
    /// When it was deleted.
    pub deleted_at: DateTime<Utc>,
}
