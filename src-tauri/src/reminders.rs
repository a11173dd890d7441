//! Gentle reminders, both off until the user turns them on in Settings:
//! an evening nudge to write (skipped on a day already written), and a
//! weekly "people you might reach out to". Desktop notifications
//! (`tauri-plugin-notification`; on Linux, `org.freedesktop.Notifications`)
//! sent from the app's own timer, so only while Kindred runs.
//!
//! What a notification may say: never journal text; people's names only
//! with "show names in notifications" on (off by default), and only while
//! the vault is unlocked. The choices live in the vault, encrypted: a
//! locked start knows none of them, so reminders begin once the vault has
//! been opened in this run, and while it is locked again they go on from
//! what this process remembers (the times, the day last written, how many
//! people to reach out to; no names).
//!
//! No streaks, no counts of days missed, no guilt: one line, and nothing
//! when there is nothing to say.

use std::sync::Mutex;
use std::time::Duration;

use chrono::{Datelike, Local, NaiveDate, NaiveDateTime, NaiveTime, Timelike};
use kindred_core::Vault;
use serde::Serialize;
use tauri::{AppHandle, Manager};

use crate::state::AppState;

/// The vault settings: "HH:MM"; "D HH:MM" (D: 1 Monday … 7 Sunday); "on".
pub const EVENING_KEY: &str = "app.reminder.evening";
pub const WEEKLY_KEY: &str = "app.reminder.weekly";
pub const NAMES_KEY: &str = "app.reminder.names";

/// How long after its time a reminder may still come (the app started
/// late, the machine woke up): three hours, never past midnight.
const LATE: Duration = Duration::from_secs(3 * 3600);

/// How often the timer looks.
const TICK: Duration = if cfg!(feature = "e2e") {
    Duration::from_millis(500)
} else {
    Duration::from_secs(20)
};

/// The reminders as Settings shows and sets them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Reminders {
    /// The evening nudge's time ("20:30"), or none.
    pub evening: Option<String>,
    /// The weekly digest's day (1 Monday … 7 Sunday) and time, or none.
    pub weekly: Option<(u8, String)>,
    /// Whether notifications may name people.
    pub names: bool,
}

/// "HH:MM" as a time of day, or `None`.
pub fn parse_time(s: &str) -> Option<NaiveTime> {
    NaiveTime::parse_from_str(s.trim(), "%H:%M").ok()
}

/// The reminders a vault's user chose; malformed values count as off.
pub fn of(vault: &Vault) -> Reminders {
    let get = |k| vault.setting(k).ok().flatten();
    let evening = get(EVENING_KEY).filter(|t| parse_time(t).is_some());
    let weekly = get(WEEKLY_KEY).and_then(|v| {
        let (d, t) = v.split_once(' ')?;
        let d: u8 = d.parse().ok().filter(|d| (1..=7).contains(d))?;
        parse_time(t).map(|_| (d, t.to_owned()))
    });
    Reminders {
        evening,
        weekly,
        names: get(NAMES_KEY).as_deref() == Some("on"),
    }
}

/// Stores the choices (already checked by the command).
pub fn store(vault: &Vault, r: &Reminders) -> kindred_core::Result<()> {
    vault.set_setting(EVENING_KEY, r.evening.as_deref().unwrap_or(""))?;
    let weekly = r
        .weekly
        .as_ref()
        .map(|(d, t)| format!("{d} {t}"))
        .unwrap_or_default();
    vault.set_setting(WEEKLY_KEY, &weekly)?;
    vault.set_setting(NAMES_KEY, if r.names { "on" } else { "off" })
}

/// The days each reminder last came (in this run).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Fired {
    pub evening: Option<NaiveDate>,
    pub weekly: Option<NaiveDate>,
}

/// Whether `at` (a time of day) has come by `now` and is not yet
/// [`LATE`], on `now`'s day.
fn in_window(now: NaiveDateTime, at: NaiveTime) -> bool {
    let start = now.date().and_time(at);
    now >= start && now - start < chrono::Duration::from_std(LATE).unwrap_or_default()
}

/// Which reminders are due at `now`: (evening, weekly).
pub fn due(now: NaiveDateTime, r: &Reminders, fired: Fired, written_today: bool) -> (bool, bool) {
    let today = now.date();
    let evening = !written_today
        && fired.evening != Some(today)
        && r.evening
            .as_deref()
            .and_then(parse_time)
            .is_some_and(|t| in_window(now, t));
    let weekly = fired.weekly != Some(today)
        && r.weekly.as_ref().is_some_and(|(d, t)| {
            u32::from(*d) == today.weekday().number_from_monday()
                && parse_time(t).is_some_and(|t| in_window(now, t))
        });
    (evening, weekly)
}

/// The evening nudge's words.
pub const EVENING_TEXT: &str = "If you have a few quiet minutes, your journal is here.";

/// The weekly digest's words: names only when allowed (and known), else
/// how many; `None` when there is nobody to suggest.
pub fn weekly_text(names: &[String], count: usize, show_names: bool) -> Option<String> {
    if count == 0 {
        return None;
    }
    if show_names && !names.is_empty() {
        let shown: Vec<&str> = names.iter().take(3).map(String::as_str).collect();
        let more = count.saturating_sub(shown.len());
        let list = match shown.as_slice() {
            [one] => (*one).to_owned(),
            [a, b] => format!("{a} and {b}"),
            [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
            [] => String::new(),
        };
        return Some(if more > 0 {
            format!("Perhaps reach out this week: {list}, and {more} more.")
        } else {
            format!("Perhaps reach out this week: {list}.")
        });
    }
    Some(if count == 1 {
        "Perhaps reach out this week: someone you care about might like to hear from you."
            .to_owned()
    } else {
        format!("Perhaps reach out this week: {count} people you care about might like to hear from you.")
    })
}

/// What the timer remembers between looks.
#[derive(Debug, Default)]
struct Known {
    reminders: Reminders,
    /// The day of the latest entry seen.
    written: Option<NaiveDate>,
    /// People past their rhythm, and their names (names dropped at a lock).
    reach_out: usize,
    names: Vec<String>,
    fired: Fired,
    /// Whether any vault was open in this run.
    seen: bool,
}

/// Starts the reminder timer.
pub fn start(app: &AppHandle) {
    let app = app.clone();
    std::thread::spawn(move || {
        let known = Mutex::new(Known::default());
        loop {
            std::thread::sleep(TICK);
            let mut k = known
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            look(&app, &mut k);
        }
    });
}

fn look(app: &AppHandle, k: &mut Known) {
    let now = Local::now()
        .naive_local()
        .with_nanosecond(0)
        .unwrap_or_default();
    let today = now.date();
    let state = app.state::<AppState>();
    // A look is not activity: it must not put off the auto-lock.
    let open = state
        .peek_vault(|v| {
            let r = of(v);
            if r.evening.is_none() && r.weekly.is_none() {
                return Ok((r, false, Vec::new()));
            }
            let written = v
                .reflection()
                .calendar_day(today)
                .map(|d| !d.entries.is_empty())
                .unwrap_or(false);
            let reach: Vec<String> = v
                .reflection()
                .reach_out()
                .map(|all| all.into_iter().map(|r| r.person.name).collect())
                .unwrap_or_default();
            Ok((r, written, reach))
        })
        .ok();
    match open {
        Some((r, written, reach)) => {
            k.reminders = r;
            if written {
                k.written = Some(today);
            }
            k.reach_out = reach.len();
            k.names = reach;
            k.seen = true;
        }
        None => k.names.clear(),
    }
    if !k.seen {
        return;
    }
    let (evening, weekly) = due(now, &k.reminders, k.fired, k.written == Some(today));
    if evening {
        k.fired.evening = Some(today);
        notify(app, EVENING_TEXT);
    }
    if weekly {
        k.fired.weekly = Some(today);
        if let Some(text) = weekly_text(&k.names, k.reach_out, k.reminders.names) {
            notify(app, &text);
        }
    }
}

fn notify(app: &AppHandle, body: &str) {
    use tauri_plugin_notification::NotificationExt;
    let _ = app
        .notification()
        .builder()
        .title("Kindred")
        .body(body)
        .show();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(h: u32, m: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 12, 2) // a Wednesday
            .and_then(|d| d.and_hms_opt(h, m, 0))
            .unwrap_or_default()
    }

    fn evening(t: &str) -> Reminders {
        Reminders {
            evening: Some(t.into()),
            ..Reminders::default()
        }
    }

    #[test]
    fn nothing_comes_unless_turned_on() {
        assert_eq!(
            due(at(20, 0), &Reminders::default(), Fired::default(), false),
            (false, false)
        );
    }

    #[test]
    fn the_evening_nudge_comes_once_and_never_on_a_day_written() {
        let r = evening("20:00");
        assert!(!due(at(19, 59), &r, Fired::default(), false).0);
        assert!(due(at(20, 0), &r, Fired::default(), false).0);
        assert!(due(at(22, 59), &r, Fired::default(), false).0);
        assert!(!due(at(23, 0), &r, Fired::default(), false).0, "too late");
        assert!(
            !due(at(20, 5), &r, Fired::default(), true).0,
            "written today"
        );
        let fired = Fired {
            evening: Some(at(0, 0).date()),
            ..Fired::default()
        };
        assert!(!due(at(20, 5), &r, fired, false).0, "once a day");
        let yesterday = Fired {
            evening: at(0, 0).date().pred_opt(),
            ..Fired::default()
        };
        assert!(due(at(20, 5), &r, yesterday, false).0);
    }

    #[test]
    fn the_weekly_digest_comes_on_its_day_only() {
        let r = Reminders {
            weekly: Some((3, "09:00".into())),
            ..Reminders::default()
        };
        assert_eq!(due(at(9, 30), &r, Fired::default(), true), (false, true));
        let thursday = Reminders {
            weekly: Some((4, "09:00".into())),
            ..Reminders::default()
        };
        assert!(!due(at(9, 30), &thursday, Fired::default(), false).1);
    }

    #[test]
    fn the_digest_names_people_only_when_allowed() {
        let names = vec!["Maya Lin".to_owned(), "Sam Okafor".to_owned()];
        assert_eq!(
            weekly_text(&names, 2, true).as_deref(),
            Some("Perhaps reach out this week: Maya Lin and Sam Okafor.")
        );
        let hidden = weekly_text(&names, 2, false).unwrap_or_default();
        assert!(
            !hidden.contains("Maya") && hidden.contains("2 people"),
            "{hidden}"
        );
        assert_eq!(weekly_text(&[], 0, true), None, "nobody, nothing said");
        let many: Vec<String> = (1..=5).map(|i| format!("P{i}")).collect();
        assert_eq!(
            weekly_text(&many, 5, true).as_deref(),
            Some("Perhaps reach out this week: P1, P2 and P3, and 2 more.")
        );
        // Locked: the names are gone, the count remains.
        assert!(weekly_text(&[], 1, true).is_some_and(|t| t.contains("someone")));
    }

    #[test]
    fn times_are_hours_and_minutes() {
        assert!(parse_time("20:30").is_some());
        for bad in ["", "25:00", "8pm", "20:30:00x"] {
            assert!(parse_time(bad).is_none(), "{bad}");
        }
    }
}
