//! Love maps: what the user knows of a person's inner world (what they
//! carry, hope for, worry about, enjoy, care about), marked when it may be
//! out of date.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::{Reflection, MAX_NOTE_BYTES};
use crate::error::{Error, Result};
use crate::store::love_map;

/// Love-map items older than this are marked stale.
pub const STALE_AFTER_DAYS: i64 = 90;

/// The topics of a love map.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "contract", derive(ts_rs::TS))]
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
#[cfg_attr(feature = "contract", derive(ts_rs::TS))]
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

impl Reflection<'_> {
    /// Sets (or, with empty text, clears) one love-map answer.
    pub fn set_love_map(&self, person_id: i64, topic: Topic, text: &str) -> Result<()> {
        if text.len() > MAX_NOTE_BYTES {
            return Err(Error::invalid("That is too long; nothing was saved."));
        }
        self.person_exists(person_id)?;
        if text.trim().is_empty() {
            love_map::clear(self.conn, person_id, topic.as_str())
        } else {
            love_map::set(
                self.conn,
                person_id,
                topic.as_str(),
                text.trim(),
                self.clock.now(),
            )
        }
    }

    /// A person's love map, in topic order, with staleness marked.
    pub fn love_map(&self, person_id: i64) -> Result<Vec<LoveMapItem>> {
        self.person_exists(person_id)?;
        let now = self.clock.now();
        let mut items: Vec<LoveMapItem> = love_map::for_person(self.conn, person_id)?
            .into_iter()
            .filter_map(|a| {
                Some(LoveMapItem {
                    topic: Topic::parse(&a.topic).ok()?,
                    stale: (now - a.updated_at).num_days() > STALE_AFTER_DAYS,
                    text: a.text,
                    updated_at: a.updated_at,
                })
            })
            .collect();
        items.sort_by_key(|i| Topic::ALL.iter().position(|t| *t == i.topic));
        Ok(items)
    }
}
