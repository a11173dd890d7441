//! Important dates: birthdays, anniversaries and the like, and when each
//! next comes round.

pub use crate::model::reflection::ImportantDate;
use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use super::Reflection;
use crate::error::{Error, Result};
use crate::store::important_dates;

/// The next time an important date comes round.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "contract", derive(ts_rs::TS))]
pub struct UpcomingDate {
    /// The label.
    pub label: String,
    /// When it next falls.
    pub date: NaiveDate,
    /// Days from today (0 = today).
    pub in_days: i64,
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

impl Reflection<'_> {
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
        important_dates::insert(self.conn, person_id, label, month, day, year)
    }

    /// A person's important dates.
    pub fn important_dates(&self, person_id: i64) -> Result<Vec<ImportantDate>> {
        important_dates::for_person(self.conn, person_id)
    }

    /// Removes an important date.
    pub fn remove_important_date(&self, id: i64) -> Result<()> {
        important_dates::delete(self.conn, id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
