//! Who the user might reach out to: people past their own rhythm ("about
//! every N days"), most past first, with context for the message. No
//! streaks and no counts of misses: only how long it has been.

use chrono::NaiveDate;
use serde::Serialize;

use super::{next_occurrence, Moment, Reflection, Topic, UpcomingDate};
use crate::error::Result;
use crate::model::PersonRef;
use crate::store;

/// Someone past their own rhythm, with context for reaching out.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "contract", derive(ts_rs::TS))]
pub struct ReachOut {
    /// Who.
    pub person: PersonRef,
    /// "About every N days".
    pub cadence_days: u32,
    /// Days since the last moment, check-in or entry with them (or since
    /// they were added).
    pub days_since: i64,
    /// The day of the last moment, check-in or entry with them, if any.
    pub last_contact: Option<NaiveDate>,
    /// The last moment with them.
    pub last_moment: Option<Moment>,
    /// The start of the last note about them.
    pub last_note: Option<String>,
    /// Love-map topics that may be out of date.
    pub stale_love_map: Vec<Topic>,
    /// Their next important date.
    pub next_date: Option<UpcomingDate>,
}

/// Days between two dates.
pub(crate) fn days(from: NaiveDate, to: NaiveDate) -> i64 {
    (to - from).num_days()
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

impl Reflection<'_> {
    /// The last day something happened with a person: a moment, a check-in
    /// or an entry mentioning them. A check-in's day is the user's, where
    /// they are now: 9 pm in UTC−7 is still that day, not tomorrow's UTC.
    pub fn last_contact(&self, person_id: i64) -> Result<Option<NaiveDate>> {
        let checkin = store::checkins::for_person(self.conn, person_id)?
            .first()
            .map(|c| self.clock.date_of(c.at));
        Ok(store::people::last_moment_or_entry(self.conn, person_id)?.max(checkin))
    }

    /// People past their own check-in rhythm, with context; most past first.
    pub fn reach_out(&self) -> Result<Vec<ReachOut>> {
        let today = self.clock.today();
        let mut items = Vec::new();
        for p in store::people::list(self.conn, false)? {
            let Some(cadence) = p.cadence_days else {
                continue;
            };
            let last_contact = self.last_contact(p.id)?;
            let since_day = last_contact.unwrap_or_else(|| self.clock.date_of(p.created_at));
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
                last_contact,
                last_moment,
                last_note,
                stale_love_map,
                next_date,
            });
        }
        Ok(reach_out_order(items))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(name: &str, cadence: u32, since: i64) -> ReachOut {
        ReachOut {
            person: PersonRef {
                id: 0,
                name: name.into(),
            },
            cadence_days: cadence,
            days_since: since,
            last_contact: None,
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
}
