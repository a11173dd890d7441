//! The home screen and the prompts: the prompt of the day (each prompt has
//! its day before any repeats), a prompt about one person, "on this day" in
//! earlier years with how depth has moved since, and [`Reflection::today`]
//! that gathers them with who to reach out to and the latest entries.

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::Serialize;

use super::prompts::{self, Prompt, Theme};
use super::{ReachOut, Reflection};
use crate::error::Result;
use crate::model::{EntrySummary, Kind, PersonRef};
use crate::store::entries::ListFilter;
use crate::store::{self, checkins, moments, prompt_log};

/// The prompt of the day.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "contract", derive(ts_rs::TS))]
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
#[cfg_attr(feature = "contract", derive(ts_rs::TS))]
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
#[cfg_attr(feature = "contract", derive(ts_rs::TS))]
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
#[cfg_attr(feature = "contract", derive(ts_rs::TS))]
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

/// A stable 64-bit hash (FNV-1a) for choosing prompts by date.
fn fnv(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// Something found on this day, before its people and depth are added.
#[derive(Debug)]
struct Found {
    kind: Kind,
    id: i64,
    date: NaiveDate,
    people: Vec<i64>,
    summary: String,
}

impl Reflection<'_> {
    /// The prompt of the day: chosen once per day, never repeated until
    /// every prompt has had its day (a cycle), then the next cycle begins.
    pub fn prompt_of_the_day(&self) -> Result<DailyPrompt> {
        let today = self.clock.today();
        let key = today.to_string();
        if let Some(logged) = prompt_log::on_day(self.conn, &key)? {
            if let Some(p) = prompts::by_id(&logged.prompt_id) {
                return self.daily(p, logged.person_id);
            }
        }
        let people = store::people::list(self.conn, false)?;
        let applicable: Vec<&Prompt> = prompts::LIBRARY
            .iter()
            .filter(|p| !p.needs_person() || !people.is_empty())
            .collect();
        let mut cycle = prompt_log::current_cycle(self.conn)?;
        let used = prompt_log::used_in(self.conn, cycle)?;
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
        prompt_log::insert(self.conn, &key, pick.id, person, cycle)?;
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
            let mut found = Vec::new();
            for e in store::entries::on_month_day(self.conn, md, &this_year)? {
                found.push(Found {
                    kind: Kind::Entry,
                    id: e.id,
                    date: e.date,
                    people: store::people::in_entry(self.conn, e.id)?,
                    summary: e.text.lines().next().unwrap_or("").to_owned(),
                });
            }
            for m in moments::on_month_day(self.conn, md, &this_year)? {
                let label = m.kind.label();
                found.push(Found {
                    kind: Kind::Moment,
                    id: m.id,
                    date: m.date,
                    people: vec![m.person_id],
                    summary: if m.note.is_empty() {
                        label.to_owned()
                    } else {
                        format!("{label}: {}", m.note)
                    },
                });
            }
            // A check-in's time is stored in UTC; its day is the one where
            // the user was, so the date is worked out here, not in SQL.
            for c in checkins::all(self.conn)? {
                let day = self.clock.date_of(c.at);
                if day.year() < today.year() && day.format("-%m-%d").to_string() == *md {
                    found.push(Found {
                        kind: Kind::Checkin,
                        id: c.id,
                        date: day,
                        people: vec![c.person_id],
                        summary: if c.note.is_empty() {
                            "A check-in".to_owned()
                        } else {
                            c.note.lines().next().unwrap_or("").to_owned()
                        },
                    });
                }
            }
            found.sort_by_key(|f| std::cmp::Reverse(f.date));
            for f in found {
                out.push(self.with_depth_since(f, now)?);
            }
        }
        Ok(out)
    }

    fn with_depth_since(&self, f: Found, now: DateTime<Utc>) -> Result<OnThisDay> {
        // That day is the user's: in UTC−7 it ends at 7 am UTC the next day.
        let end_of_day = self.clock.end_of_day(f.date).unwrap_or(now);
        let mut with = Vec::new();
        for pid in f.people {
            let Ok(p) = store::people::get(self.conn, pid) else {
                continue;
            };
            with.push(DepthSince {
                then: self.depth_at(pid, end_of_day)?,
                now: self.depth_now(pid)?,
                person: PersonRef {
                    id: p.id,
                    name: p.name,
                },
            });
        }
        Ok(OnThisDay {
            kind: f.kind,
            id: f.id,
            date: f.date,
            years_ago: self.clock.today().year() - f.date.year(),
            summary: f.summary.chars().take(200).collect(),
            people: with,
        })
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
}
