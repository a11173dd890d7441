//! The calendar: a month with each day marked by what happened on it
//! (entries, check-ins, moments), and one day in full.
//!
//! Entries and moments carry the local calendar date they were written
//! for. A check-in carries a UTC time; its day is the one where the user
//! was ([`Clock::date_of`](crate::clock::Clock::date_of)), worked out here
//! from the check-ins of the month and two days either side.

use std::collections::BTreeMap;

use chrono::{Days, Months, NaiveDate, NaiveTime};
use serde::Serialize;

use super::Reflection;
use crate::error::{Error, Result};
use crate::model::reflection::MomentKind;
use crate::model::{EntrySummary, PersonRef};
use crate::store::{self, checkins, entries, moments};

/// What happened on one day: how many of each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "contract", derive(ts_rs::TS))]
pub struct CalendarDay {
    /// The day.
    pub date: NaiveDate,
    /// Entries written for it.
    pub entries: u32,
    /// Check-ins made on it.
    pub checkins: u32,
    /// Moments logged for it.
    pub moments: u32,
}

/// A check-in of a day, as the calendar lists it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "contract", derive(ts_rs::TS))]
pub struct DayCheckin {
    /// The check-in.
    pub id: i64,
    /// Whom it was about.
    pub person: PersonRef,
    /// Its reflection, if any.
    pub note: String,
}

/// A moment of a day, as the calendar lists it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "contract", derive(ts_rs::TS))]
pub struct DayMoment {
    /// The moment.
    pub id: i64,
    /// Whom it was with.
    pub person: PersonRef,
    /// What kind.
    pub kind: MomentKind,
    /// The kind in words.
    pub label: String,
    /// Its note, if any.
    pub note: String,
}

/// One day in full.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "contract", derive(ts_rs::TS))]
pub struct CalendarDayDetail {
    /// The day.
    pub date: NaiveDate,
    /// Its entries, newest first.
    pub entries: Vec<EntrySummary>,
    /// Its check-ins, in time order.
    pub checkins: Vec<DayCheckin>,
    /// Its moments.
    pub moments: Vec<DayMoment>,
}

impl Reflection<'_> {
    /// The days of a month with something on them, in date order.
    pub fn calendar_month(&self, year: i32, month: u32) -> Result<Vec<CalendarDay>> {
        let first = NaiveDate::from_ymd_opt(year, month, 1).ok_or_else(|| {
            Error::invalid(format!(
                "There is no month {month} of year {year} in the calendar."
            ))
        })?;
        let next = first
            .checked_add_months(Months::new(1))
            .ok_or_else(|| Error::invalid("That month is past the end of the calendar."))?;
        let mut days: BTreeMap<NaiveDate, CalendarDay> = BTreeMap::new();
        fn day(days: &mut BTreeMap<NaiveDate, CalendarDay>, date: NaiveDate) -> &mut CalendarDay {
            days.entry(date).or_insert(CalendarDay {
                date,
                entries: 0,
                checkins: 0,
                moments: 0,
            })
        }
        for (date, n) in entries::count_by_day(self.conn, first, next)? {
            day(&mut days, date).entries = n;
        }
        for m in moments::between(self.conn, first, next)? {
            day(&mut days, m.date).moments += 1;
        }
        for c in self.checkins_of_days(first, next)? {
            day(&mut days, self.clock.date_of(c.at)).checkins += 1;
        }
        Ok(days.into_values().collect())
    }

    /// Everything of one day: its entries, check-ins and moments.
    pub fn calendar_day(&self, date: NaiveDate) -> Result<CalendarDayDetail> {
        let next = date
            .checked_add_days(Days::new(1))
            .ok_or_else(|| Error::invalid("That day is past the end of the calendar."))?;
        let mut names: BTreeMap<i64, PersonRef> = BTreeMap::new();
        let mut person = |id: i64| -> Result<PersonRef> {
            if let Some(p) = names.get(&id) {
                return Ok(p.clone());
            }
            let p = store::people::get(self.conn, id)?;
            let r = PersonRef {
                id: p.id,
                name: p.name,
            };
            names.insert(id, r.clone());
            Ok(r)
        };
        let mut checkins = Vec::new();
        for c in self.checkins_of_days(date, next)? {
            checkins.push(DayCheckin {
                id: c.id,
                person: person(c.person_id)?,
                note: c.note,
            });
        }
        let mut moments = Vec::new();
        for m in moments::between(self.conn, date, next)? {
            moments.push(DayMoment {
                id: m.id,
                person: person(m.person_id)?,
                kind: m.kind,
                label: m.kind.label().to_owned(),
                note: m.note,
            });
        }
        Ok(CalendarDayDetail {
            date,
            entries: entries::on_date(self.conn, date)?,
            checkins,
            moments,
        })
    }

    /// Check-ins whose local day is from `from` up to (not including)
    /// `to`: those of the UTC days two either side, then sorted by the
    /// day where the user was.
    fn checkins_of_days(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<crate::model::reflection::Checkin>> {
        let wide = |d: Option<NaiveDate>| d.map(|d| d.and_time(NaiveTime::MIN).and_utc());
        let (Some(start), Some(end)) = (
            wide(from.checked_sub_days(Days::new(2))),
            wide(to.checked_add_days(Days::new(2))),
        ) else {
            return Ok(Vec::new());
        };
        let mut found = checkins::between(self.conn, start, end)?;
        found.retain(|c| (from..to).contains(&self.clock.date_of(c.at)));
        Ok(found)
    }
}
