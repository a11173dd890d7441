//! Clock faults: the clock jumps back a year, forward a year, and the user
//! crosses time zones. Backups stay due and rotation keeps the newest;
//! "on this day", the reach-out list and depth stay on the user's own days
//! and never go negative.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, TimeZone, Utc};
use kindred_core::backup::{no_progress, Retention};
use kindred_core::clock::{Clock, FixedClock};
use kindred_core::model::{EntryDraft, Kind, PersonDraft, Proximity};
use kindred_core::reflection::{CheckinDraft, Dimensions, MomentKind, Quadrant};
use kindred_core::Vault;

use crate::util::*;

/// A vault whose clock the test moves.
struct Moved {
    _tmp: tempfile::TempDir,
    clock: Arc<FixedClock>,
    vault: Vault,
}

fn moved(start: DateTime<Utc>, zone: FixedOffset) -> Moved {
    let tmp = tempfile::tempdir().unwrap();
    let clock = Arc::new(FixedClock::in_zone(start, zone));
    let c: Arc<dyn Clock> = clock.clone();
    let vault = Vault::create(&tmp.path().join("v"), &pass(PASSPHRASE), c)
        .unwrap()
        .vault;
    Moved {
        _tmp: tmp,
        clock,
        vault,
    }
}

fn utc() -> FixedOffset {
    FixedOffset::east_opt(0).unwrap()
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

// ---------------------------------------------------------------- backups

fn keep_last_3(v: &Vault) -> PathBuf {
    let mut s = v.backups().settings().unwrap();
    s.retention = Retention {
        last: 3,
        daily: 0,
        weekly: 0,
        monthly: 0,
    };
    v.backups().set_settings(&s).unwrap();
    s.primary
}

fn backups_in(folder: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(folder)
        .map(|rd| rd.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    v.retain(|p| p.extension().is_some_and(|x| x == "kbak"));
    v.sort();
    v
}

/// The automatic backup, which must be due: what it wrote and what its
/// rotation deleted (sorted).
fn auto_due(m: &Moved) -> (PathBuf, Vec<PathBuf>) {
    let report = m
        .vault
        .backups()
        .auto_if_due(&mut no_progress)
        .unwrap()
        .unwrap_or_else(|| panic!("a backup is due at {}", m.clock.now()));
    assert_eq!(report.written.len(), 1, "{report:?}");
    let mut rotated = report.rotated;
    rotated.sort();
    (report.written[0].clone(), rotated)
}

fn auto_not_due(m: &Moved) {
    let report = m.vault.backups().auto_if_due(&mut no_progress).unwrap();
    assert_eq!(report, None, "no backup is due at {}", m.clock.now());
}

fn sorted(mut v: Vec<PathBuf>) -> Vec<PathBuf> {
    v.sort();
    v
}

/// Five daily backups from `start` under "keep the last 3"; returns them
/// all (the first two already rotated away).
fn five_daily_backups(m: &Moved, start: DateTime<Utc>) -> Vec<PathBuf> {
    let mut made = Vec::new();
    for d in 0..5 {
        m.clock.set(start + Duration::days(d));
        made.push(auto_due(m).0);
    }
    made
}

#[test]
fn after_the_clock_jumps_back_a_year_backups_stay_due_and_the_newest_are_kept() {
    let start = Utc.with_ymd_and_hms(2026, 5, 1, 8, 0, 0).unwrap();
    let m = moved(start, utc());
    let folder = keep_last_3(&m.vault);
    let present = five_daily_backups(&m, start);
    assert_eq!(backups_in(&folder), present[2..]);

    // The clock jumps back a year: the last backup is "in the future", so
    // one is due at once, and the three dated ahead are neither counted
    // nor deleted by the rotations of the wrong year.
    let wrong = start + Duration::days(5) - Duration::days(365);
    let mut past = Vec::new();
    let mut rotated = Vec::new();
    for d in 0..4 {
        m.clock.set(wrong + Duration::days(d));
        let (p, r) = auto_due(&m);
        past.push(p);
        rotated.push(r);
        if d == 0 {
            // Due once, not on every unlock: the wrong year's own backup
            // is an hour old.
            m.clock.set(wrong + Duration::hours(1));
            auto_not_due(&m);
        }
    }
    assert_eq!(
        rotated,
        vec![vec![], vec![], vec![], vec![past[0].clone()]],
        "only the wrong year's own backups count, three kept"
    );
    let mut kept = present[2..].to_vec();
    kept.extend_from_slice(&past[1..]);
    assert_eq!(backups_in(&folder), sorted(kept));

    // The clock is put right: a backup is due, and rotation keeps the
    // three newest by date, the one just written among them.
    m.clock.set(start + Duration::days(5));
    let (now, rotated) = auto_due(&m);
    let mut gone = vec![present[2].clone()];
    gone.extend_from_slice(&past[1..]);
    assert_eq!(rotated, sorted(gone));
    assert_eq!(
        backups_in(&folder),
        vec![present[3].clone(), present[4].clone(), now]
    );
    m.clock.set(start + Duration::days(5) + Duration::hours(1));
    auto_not_due(&m);
}

#[test]
fn after_the_clock_jumps_forward_a_year_a_backup_dated_ahead_never_stops_backups_or_rotation() {
    let start = Utc.with_ymd_and_hms(2026, 5, 1, 8, 0, 0).unwrap();
    let m = moved(start, utc());
    let folder = keep_last_3(&m.vault);
    let present = five_daily_backups(&m, start);

    // A year ahead, one backup is due; its rotation keeps it and deletes
    // only what "keep the last 3" says: the oldest of four.
    let ahead_at = start + Duration::days(5) + Duration::days(365);
    m.clock.set(ahead_at);
    let (ahead, rotated) = auto_due(&m);
    assert_eq!(rotated, vec![present[2].clone()]);
    assert_eq!(
        backups_in(&folder),
        vec![present[3].clone(), present[4].clone(), ahead.clone()]
    );

    // The clock is put right: the last backup is a year ahead, so one is
    // due now, and once made, the next is due a day later as usual.
    m.clock.set(start + Duration::days(5));
    let (back1, rotated) = auto_due(&m);
    assert_eq!(rotated, Vec::<PathBuf>::new());
    m.clock.set(start + Duration::days(5) + Duration::hours(1));
    auto_not_due(&m);
    m.clock.set(start + Duration::days(6));
    let (back2, rotated) = auto_due(&m);
    // The backup dated ahead is not counted as the newest: had it been,
    // "keep the last 3" would have deleted both real backups before today's.
    assert_eq!(rotated, vec![present[3].clone()]);
    assert_eq!(
        backups_in(&folder),
        vec![
            present[4].clone(),
            back1.clone(),
            back2.clone(),
            ahead.clone()
        ]
    );

    // Once the clock reaches its date, it counts like any other.
    m.clock.set(ahead_at + Duration::days(1));
    let (later, rotated) = auto_due(&m);
    assert_eq!(rotated, vec![present[4].clone(), back1]);
    assert_eq!(backups_in(&folder), vec![back2, ahead, later]);
}

// ------------------------------------------------------------- reflection

fn all(n: u8) -> Dimensions {
    Dimensions {
        seen: Some(n),
        heard: Some(n),
        understood: Some(n),
        safe: Some(n),
        trust: Some(n),
        they_showed_up: Some(n),
        i_showed_up: Some(n),
    }
}

fn check_in(v: &Vault, p: i64, at: DateTime<Utc>, n: u8, note: &str) -> i64 {
    v.reflection()
        .check_in(&CheckinDraft {
            person_id: p,
            at: Some(at),
            dims: all(n),
            ios: None,
            note: note.into(),
        })
        .unwrap()
}

fn write(v: &Vault, date: NaiveDate, title: &str, people: Vec<i64>) -> i64 {
    v.journal()
        .write(&EntryDraft {
            date: Some(date),
            title: title.into(),
            body: "x".into(),
            people,
            ..EntryDraft::default()
        })
        .unwrap()
}

/// (kind, id, date, years ago) of each item on this day.
fn on_this_day(v: &Vault) -> Vec<(Kind, i64, NaiveDate, i32)> {
    v.reflection()
        .on_this_day()
        .unwrap()
        .into_iter()
        .map(|d| (d.kind, d.id, d.date, d.years_ago))
        .collect()
}

/// Depth with the people of the check-in `id` on this day, on that day.
fn depth_then(v: &Vault, id: i64) -> Vec<Option<f64>> {
    let items = v.reflection().on_this_day().unwrap();
    let item = items.iter().find(|d| d.kind == Kind::Checkin && d.id == id);
    item.unwrap().people.iter().map(|p| p.then).collect()
}

/// (name, days since) of each person on the reach-out list.
fn reach_out(v: &Vault) -> Vec<(String, i64)> {
    v.reflection()
        .reach_out()
        .unwrap()
        .into_iter()
        .map(|r| (r.person.name, r.days_since))
        .collect()
}

#[test]
fn crossing_time_zones_keeps_on_this_day_the_reach_out_list_and_depth_on_the_users_own_days() {
    let west = FixedOffset::west_opt(7 * 3600).unwrap();
    let east = FixedOffset::east_opt(13 * 3600).unwrap();
    let m = moved(Utc.with_ymd_and_hms(2025, 3, 1, 0, 0, 0).unwrap(), west);
    let v = &m.vault;
    let kit = v
        .people()
        .add(&PersonDraft {
            name: "Kit".into(),
            proximity: Some(Proximity::Weekly),
            cadence_days: Some(7),
            ..PersonDraft::default()
        })
        .unwrap();
    let kite = write(v, day(2025, 3, 14), "Kite festival", vec![kit]);
    let ferry = write(v, day(2025, 3, 15), "Ferry", vec![]);
    // 8 pm on 14 March 2025 in UTC−7, 4 pm on 15 March in UTC+13.
    let walk = check_in(
        v,
        kit,
        Utc.with_ymd_and_hms(2025, 3, 15, 3, 0, 0).unwrap(),
        4,
        "Late walk",
    );
    // The last contact: 9 pm on 6 March 2026 in UTC−7 (7 March in UTC).
    check_in(
        v,
        kit,
        Utc.with_ymd_and_hms(2026, 3, 7, 4, 0, 0).unwrap(),
        5,
        "",
    );

    // 10 pm on 14 March 2026 in UTC−7 ...
    let instant = Utc.with_ymd_and_hms(2026, 3, 15, 5, 0, 0).unwrap();
    m.clock.set(instant);
    let r = v.reflection();
    assert_eq!(r.today().unwrap().date, day(2026, 3, 14));
    assert_eq!(
        on_this_day(v),
        [
            (Kind::Entry, kite, day(2025, 3, 14), 1),
            (Kind::Checkin, walk, day(2025, 3, 14), 1),
        ]
    );
    assert_eq!(reach_out(v), [("Kit".to_owned(), 8)], "6 March to 14 March");
    assert_eq!(
        v.people().get(kit).unwrap().last_contact,
        Some(day(2026, 3, 6)),
        "the People screen dates the check-in as the reach-out list does"
    );
    assert_eq!(
        v.people().list(false).unwrap()[0].last_contact,
        Some(day(2026, 3, 6))
    );
    assert_eq!(
        depth_then(v, walk),
        [Some(75.0)],
        "that day counts the walk"
    );
    let depth = r.depth(kit).unwrap();
    let map = r.map().unwrap();

    // ... is 6 pm on 15 March in UTC+13: the same instant, a day later.
    m.clock.set_zone(east);
    assert_eq!(r.today().unwrap().date, day(2026, 3, 15));
    assert_eq!(
        on_this_day(v),
        [
            (Kind::Entry, ferry, day(2025, 3, 15), 1),
            (Kind::Checkin, walk, day(2025, 3, 15), 1),
        ],
        "the walk moves with the user's calendar, once"
    );
    assert_eq!(reach_out(v), [("Kit".to_owned(), 8)], "7 March to 15 March");
    assert_eq!(
        v.people().get(kit).unwrap().last_contact,
        Some(day(2026, 3, 7))
    );
    assert_eq!(depth_then(v, walk), [Some(75.0)]);
    assert_eq!(
        r.depth(kit).unwrap(),
        depth,
        "depth is by instant, not date"
    );
    assert_eq!(r.map().unwrap(), map);

    // Back west the next morning: 9 am on 15 March in UTC−7.
    m.clock.set(instant + Duration::hours(11));
    m.clock.set_zone(west);
    assert_eq!(r.today().unwrap().date, day(2026, 3, 15));
    assert_eq!(
        on_this_day(v),
        [(Kind::Entry, ferry, day(2025, 3, 15), 1)],
        "the walk was on 14 March here"
    );
    assert_eq!(reach_out(v), [("Kit".to_owned(), 9)]);
}

#[test]
fn after_the_clock_jumps_back_a_year_reflection_counts_what_exists_and_nothing_goes_negative() {
    let start = Utc.with_ymd_and_hms(2026, 6, 1, 12, 0, 0).unwrap();
    let m = moved(start - Duration::days(30), utc());
    let v = &m.vault;
    let r = v.reflection();
    let add = |name: &str, cadence| {
        v.people()
            .add(&PersonDraft {
                name: name.into(),
                proximity: Some(Proximity::Weekly),
                cadence_days: Some(cadence),
                ..PersonDraft::default()
            })
            .unwrap()
    };
    let kit = add("Kit", 7);
    let _quiet = add("Quiet", 1); // added, never met
    check_in(v, kit, start - Duration::days(20), 3, "");
    check_in(v, kit, start - Duration::days(2), 5, "");
    let picnic = write(v, day(2026, 5, 31), "Picnic", vec![kit]);
    r.add_moment(kit, MomentKind::IShowedUp, Some(day(2026, 5, 30)), "")
        .unwrap();
    let old = write(v, day(2024, 6, 1), "Two years before", vec![kit]);
    m.clock.set(start);
    let depth = r.depth(kit).unwrap();
    let map = r.map().unwrap();
    let kit_on = |map: &[kindred_core::reflection::MapPoint]| {
        map.iter().find(|p| p.id == kit).unwrap().quadrant
    };
    assert_eq!(kit_on(&map), Some(Quadrant::NearAndClose));
    assert_eq!(reach_out(v), [("Quiet".to_owned(), 30)]);

    // A year back, everything above is "in the future".
    m.clock.set(start - Duration::days(365));
    assert_eq!(
        reach_out(v),
        Vec::<(String, i64)>::new(),
        "nobody is past a rhythm that has not begun"
    );
    let wrong = r.depth(kit).unwrap();
    assert_eq!(
        (wrong.checkins, wrong.last_checkin, wrong.trend.len()),
        (depth.checkins, depth.last_checkin, depth.trend.len())
    );
    let (a, b) = (wrong.depth.unwrap(), depth.depth.unwrap());
    assert!(
        (a - b).abs() < 1e-9,
        "depth counts every check-in: {a} vs {b}"
    );
    assert_eq!(wrong.change_90_days, depth.change_90_days);
    assert_eq!(kit_on(&r.map().unwrap()), Some(Quadrant::NearAndClose));
    let today = r.today().unwrap();
    assert_eq!(today.date, day(2025, 6, 1));
    assert_eq!(
        today
            .on_this_day
            .iter()
            .map(|d| (d.kind, d.id, d.years_ago))
            .collect::<Vec<_>>(),
        [(Kind::Entry, old, 1)],
        "nothing from a year that has not come"
    );
    let kit_then_and_now = &today.on_this_day[0].people[0];
    assert_eq!(kit_then_and_now.then, None, "no check-in by June 2024");
    let now = kit_then_and_now.now.unwrap();
    assert!(
        (now - b).abs() < 1e-9,
        "depth now counts every check-in: {now}"
    );
    assert_eq!(today.recent_entries[0].id, picnic);

    // Put right, all is as before.
    m.clock.set(start);
    assert_eq!(r.depth(kit).unwrap(), depth);
    assert_eq!(r.map().unwrap(), map);
    assert_eq!(reach_out(v), [("Quiet".to_owned(), 30)]);
}
