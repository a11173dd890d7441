//! Time, behind a trait so tests can fix "now" and "today".

use std::sync::Mutex;

use chrono::{DateTime, Duration, FixedOffset, Local, NaiveDate, Offset, Utc};

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
    /// The last second of the user's day `d` (`None` past the calendar's
    /// end). Found from [`Clock::date_of`] by bisection over the 28 hours
    /// in which any time zone's day can end (UTC−12 to UTC+14), so it holds
    /// for whatever zone the clock keeps.
    fn end_of_day(&self, d: NaiveDate) -> Option<DateTime<Utc>> {
        let midnight = d.succ_opt()?.and_hms_opt(0, 0, 0)?.and_utc();
        // date_of(lo) <= d < date_of(hi) throughout.
        let mut lo = midnight - Duration::hours(15);
        let mut hi = midnight + Duration::hours(13);
        while hi - lo > Duration::seconds(1) {
            let mid = lo + Duration::seconds((hi - lo).num_seconds() / 2);
            if self.date_of(mid) <= d {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        Some(lo)
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

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn the_users_day_ends_at_their_own_midnight() {
        let t = Utc.with_ymd_and_hms(2026, 3, 14, 12, 0, 0).unwrap();
        let d = NaiveDate::from_ymd_opt(2026, 3, 14).unwrap();
        let end = |hours: i32| {
            FixedClock::in_zone(t, FixedOffset::east_opt(hours * 3600).unwrap())
                .end_of_day(d)
                .unwrap()
        };
        let at = |day, h, m, s| Utc.with_ymd_and_hms(2026, 3, day, h, m, s).unwrap();
        assert_eq!(end(0), at(14, 23, 59, 59));
        assert_eq!(end(-7), at(15, 6, 59, 59));
        assert_eq!(end(13), at(14, 10, 59, 59));
        assert_eq!(end(-12), at(15, 11, 59, 59));
        assert_eq!(end(14), at(14, 9, 59, 59));
    }
}
