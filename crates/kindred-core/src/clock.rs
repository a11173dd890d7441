//! Time, behind a trait so tests can fix "now" and "today".

use std::sync::Mutex;

use chrono::{DateTime, FixedOffset, Local, NaiveDate, Offset, Utc};

/// Where the current time comes from.
pub trait Clock: Send + Sync + std::fmt::Debug {
    /// The current instant.
    fn now(&self) -> DateTime<Utc>;
    /// The date in the user's time zone at the instant `t`.
    fn date_of(&self, t: DateTime<Utc>) -> NaiveDate;
    /// Today's date in the user's time zone.
    fn today(&self) -> NaiveDate {
        self.date_of(self.now())
    }
}

/// The system clock and local time zone.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
    fn date_of(&self, t: DateTime<Utc>) -> NaiveDate {
        t.with_timezone(&Local).date_naive()
    }
}

/// A clock that stands still until moved, for a user who may travel; for
/// tests.
#[derive(Debug)]
pub struct FixedClock {
    now: Mutex<DateTime<Utc>>,
    zone: Mutex<FixedOffset>,
}

impl FixedClock {
    /// A clock stopped at `t`, for a user in UTC.
    pub fn new(t: DateTime<Utc>) -> Self {
        Self::in_zone(t, Utc.fix())
    }

    /// A clock stopped at `t`, for a user whose time zone is `zone`.
    pub fn in_zone(t: DateTime<Utc>, zone: FixedOffset) -> Self {
        Self {
            now: Mutex::new(t),
            zone: Mutex::new(zone),
        }
    }

    /// Moves the clock to `t`.
    pub fn set(&self, t: DateTime<Utc>) {
        if let Ok(mut g) = self.now.lock() {
            *g = t;
        }
    }

    /// Moves the user to the time zone `zone`, at the same instant.
    pub fn set_zone(&self, zone: FixedOffset) {
        if let Ok(mut g) = self.zone.lock() {
            *g = zone;
        }
    }
}

impl Clock for FixedClock {
    fn now(&self) -> DateTime<Utc> {
        self.now.lock().map_or_else(|_| Utc::now(), |g| *g)
    }
    fn date_of(&self, t: DateTime<Utc>) -> NaiveDate {
        let zone = self.zone.lock().map_or_else(|_| Utc.fix(), |g| *g);
        t.with_timezone(&zone).date_naive()
    }
}
