//! Reflection on closeness, through the vault with a clock held still.

use std::sync::Arc;

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use kindred_core::clock::{Clock, FixedClock};
use kindred_core::model::{EntryDraft, Kind, PersonDraft, PersonPatch, Proximity};
use kindred_core::reflection::{
    prompts, CheckinDraft, Dimensions, MomentKind, Quadrant, TimelineItem, Topic,
};
use kindred_core::{ErrorCode, Vault};

use crate::util::*;

struct Held {
    _tmp: tempfile::TempDir,
    clock: Arc<FixedClock>,
    vault: Vault,
}

fn start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 6, 1, 12, 0, 0).unwrap()
}

fn held() -> Held {
    let tmp = tempfile::tempdir().unwrap();
    let clock = Arc::new(FixedClock::new(start()));
    let c: Arc<dyn Clock> = clock.clone();
    let vault = Vault::create(&tmp.path().join("v"), &pass(PASSPHRASE), c)
        .unwrap()
        .vault;
    Held {
        _tmp: tmp,
        clock,
        vault,
    }
}

fn person(v: &Vault, name: &str, proximity: Option<Proximity>, cadence: Option<u32>) -> i64 {
    v.people()
        .add(&PersonDraft {
            name: name.into(),
            proximity,
            cadence_days: cadence,
            ..PersonDraft::default()
        })
        .unwrap()
}

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

fn check_in(v: &Vault, p: i64, at: DateTime<Utc>, dims: Dimensions, ios: Option<u8>) -> i64 {
    v.reflection()
        .check_in(&CheckinDraft {
            person_id: p,
            at: Some(at),
            dims,
            ios,
            note: String::new(),
        })
        .unwrap()
}

#[test]
fn depth_and_quadrants_by_hand() {
    let h = held();
    let v = &h.vault;
    let now = start();
    // Lives with me; two months ago everything was 1, today everything is 5:
    // weights 0.5 and 1, so (0 × 0.5 + 100 × 1) / 1.5.
    let ana = person(v, "Ana", Some(Proximity::LivesWithMe), None);
    check_in(v, ana, now - Duration::days(60), all(1), Some(2));
    check_in(v, ana, now, all(5), Some(6));
    // Far away, one check-in: seen 4, heard 3 (mean 3.5) = 62.5.
    let ben = person(v, "Ben", Some(Proximity::FarAway), None);
    check_in(
        v,
        ben,
        now - Duration::days(10),
        Dimensions {
            seen: Some(4),
            heard: Some(3),
            ..Dimensions::default()
        },
        None,
    );
    // Most days, felt distant: all 2 = 25.
    let cy = person(v, "Cy", Some(Proximity::MostDays), None);
    check_in(v, cy, now - Duration::days(1), all(2), Some(1));
    // Monthly, only the circles answered: not yet reflected.
    let di = person(v, "Di", Some(Proximity::Monthly), None);
    check_in(v, di, now, Dimensions::default(), Some(4));
    // No proximity, no check-ins.
    let ed = person(v, "Ed", None, None);

    let d = v.reflection().depth(ana).unwrap();
    assert!(
        (d.depth.unwrap() - 200.0 / 3.0).abs() < 1e-9,
        "{:?}",
        d.depth
    );
    assert_eq!((d.checkins, d.ios), (2, Some(6)));
    assert_eq!(d.trend.len(), 2);
    assert_eq!(d.trend[0].score, 0.0);
    assert!((d.trend[1].depth - 200.0 / 3.0).abs() < 1e-9);
    assert_eq!(
        d.change_90_days, None,
        "90 days ago there was no check-in to compare with"
    );
    check_in(v, ana, now - Duration::days(100), all(3), None);
    // Now: 100 days ago 50 (w 0.5^(100/60)), 60 days ago 0 (w 0.5), today 100 (w 1);
    // 90 days ago: only the first, so 50.
    let w = 0.5_f64.powf(100.0 / 60.0);
    let want_now = (50.0 * w + 100.0) / (w + 0.5 + 1.0);
    let d = v.reflection().depth(ana).unwrap();
    assert!((d.depth.unwrap() - want_now).abs() < 1e-9, "{:?}", d.depth);
    assert!((d.change_90_days.unwrap() - (want_now - 50.0)).abs() < 1e-9);
    let di_depth = v.reflection().depth(di).unwrap();
    assert_eq!(di_depth.depth, None, "not yet reflected, not 0");
    assert_eq!(di_depth.ios, Some(4));

    let map = v.reflection().map().unwrap();
    let at = |id: i64| map.iter().find(|p| p.id == id).unwrap();
    assert_eq!(at(ana).quadrant, Some(Quadrant::NearAndClose));
    assert_eq!(at(ben).quadrant, Some(Quadrant::FarButClose));
    assert_eq!(at(ben).depth, Some(62.5));
    assert_eq!(at(cy).quadrant, Some(Quadrant::NearButDistant));
    assert_eq!(at(cy).depth, Some(25.0));
    assert_eq!((at(di).depth, at(di).quadrant), (None, None));
    assert_eq!(
        (at(ed).proximity, at(ed).depth, at(ed).quadrant),
        (None, None, None)
    );

    // Check-in answers out of range are refused and save nothing.
    let err = v
        .reflection()
        .check_in(&CheckinDraft {
            person_id: ana,
            ios: Some(8),
            ..CheckinDraft::default()
        })
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidInput);
    assert_eq!(v.reflection().checkins(ana).unwrap().len(), 3);
}

#[test]
fn the_map_moves_when_a_check_in_changes_depth() {
    let h = held();
    let v = &h.vault;
    let sam = person(v, "Sam", Some(Proximity::Weekly), None);
    check_in(v, sam, start() - Duration::days(1), all(2), None);
    assert_eq!(
        v.reflection().map().unwrap()[0].quadrant,
        Some(Quadrant::NearButDistant)
    );
    check_in(v, sam, start(), all(5), None);
    check_in(v, sam, start(), all(5), None);
    assert_eq!(
        v.reflection().map().unwrap()[0].quadrant,
        Some(Quadrant::NearAndClose)
    );
}

#[test]
fn proximity_has_a_history_because_people_move() {
    let h = held();
    let v = &h.vault;
    let p = person(v, "Jo", Some(Proximity::MostDays), None);
    h.clock.set(start() + Duration::days(30));
    v.people()
        .edit(
            p,
            &PersonPatch {
                proximity: Some(Some(Proximity::FarAway)),
                ..PersonPatch::default()
            },
        )
        .unwrap();
    h.clock.set(start() + Duration::days(40));
    v.people()
        .edit(
            p,
            &PersonPatch {
                name: Some("Joanna".into()),
                ..PersonPatch::default()
            },
        )
        .unwrap();
    v.reflection()
        .set_proximity(p, Some(Proximity::FarAway))
        .unwrap(); // no change, no row
    let hist = v.reflection().proximity_history(p).unwrap();
    let levels: Vec<_> = hist.iter().map(|c| c.proximity).collect();
    assert_eq!(
        levels,
        vec![Some(Proximity::MostDays), Some(Proximity::FarAway)]
    );
    assert_eq!(hist[1].changed_at, start() + Duration::days(30));
}

#[test]
fn reach_out_orders_by_rhythm_with_context_and_staleness() {
    let h = held();
    let v = &h.vault;
    let r = v.reflection();
    // Added on June 1.
    let weekly = person(v, "Weekly Wen", Some(Proximity::Monthly), Some(7));
    let monthly = person(v, "Monthly Mo", Some(Proximity::FarAway), Some(30));
    let fresh = person(v, "Fresh Fay", Some(Proximity::Weekly), Some(14));
    let _none = person(v, "No Cadence", None, None);
    r.add_moment(
        weekly,
        MomentKind::ReallyListened,
        Some(NaiveDate::from_ymd_opt(2026, 6, 3).unwrap()),
        "Talked for hours",
    )
    .unwrap();
    r.set_love_map(monthly, Topic::Worried, "Her mother's health")
        .unwrap();
    r.add_important_date(monthly, "birthday", 7, 20, None)
        .unwrap();
    v.people()
        .add_note(monthly, "Starting a pottery class\\nmore")
        .unwrap();

    h.clock.set(start() + Duration::days(5)); // June 6: nobody due yet
    assert!(r.reach_out().unwrap().is_empty());

    h.clock
        .set(Utc.with_ymd_and_hms(2026, 7, 10, 12, 0, 0).unwrap()); // July 10
    r.add_moment(
        fresh,
        MomentKind::IShowedUp,
        Some(NaiveDate::from_ymd_opt(2026, 7, 9).unwrap()),
        "",
    )
    .unwrap();
    let list = r.reach_out().unwrap();
    let names: Vec<&str> = list.iter().map(|x| x.person.name.as_str()).collect();
    // Wen: 37 days since June 3 on a 7-day rhythm (5.3×); Mo: 39 days on 30 (1.3×);
    // Fay met yesterday; the person without a cadence is never listed.
    assert_eq!(names, ["Weekly Wen", "Monthly Mo"]);
    assert_eq!(list[0].days_since, 37);
    assert_eq!(list[0].last_contact, NaiveDate::from_ymd_opt(2026, 6, 3));
    assert_eq!(
        list[0].last_moment.as_ref().unwrap().kind,
        MomentKind::ReallyListened
    );
    let mo = &list[1];
    assert_eq!(mo.days_since, 39);
    assert_eq!(
        mo.last_contact, None,
        "nothing together yet: counted from added"
    );
    assert_eq!(
        mo.last_note.as_deref(),
        Some("Starting a pottery class\\nmore")
    );
    assert!(mo.stale_love_map.is_empty(), "39 days is not stale");
    let next = mo.next_date.as_ref().unwrap();
    assert_eq!((next.label.as_str(), next.in_days), ("birthday", 10));

    h.clock
        .set(Utc.with_ymd_and_hms(2026, 9, 2, 12, 0, 0).unwrap()); // 93 days after
    let list = r.reach_out().unwrap();
    let mo = list.iter().find(|x| x.person.id == monthly).unwrap();
    assert_eq!(mo.stale_love_map, vec![Topic::Worried]);
    assert!(r.love_map(monthly).unwrap()[0].stale);
    r.set_love_map(monthly, Topic::Worried, "Doing better now")
        .unwrap();
    assert!(
        !r.love_map(monthly).unwrap()[0].stale,
        "updating makes it fresh"
    );
    assert_eq!(
        mo.next_date.as_ref().unwrap().date.to_string(),
        "2027-07-20"
    );
}

#[test]
fn prompts_never_repeat_within_a_cycle() {
    let h = held();
    let v = &h.vault;
    person(v, "Sam", Some(Proximity::Weekly), None);
    let n = prompts::LIBRARY.len();
    let mut seen = Vec::new();
    for day in 0..(2 * n as i64 + 3) {
        h.clock.set(start() + Duration::days(day));
        let p = v.reflection().prompt_of_the_day().unwrap();
        assert_eq!(
            p.id,
            v.reflection().prompt_of_the_day().unwrap().id,
            "stable within a day"
        );
        if p.text.contains('\u{2068}') {
            assert_eq!(p.person.as_ref().unwrap().name, "Sam");
        }
        seen.push(p.id);
    }
    let first: std::collections::HashSet<_> = seen[..n].iter().collect();
    assert_eq!(first.len(), n, "every prompt once in the first cycle");
    let second: std::collections::HashSet<_> = seen[n..2 * n].iter().collect();
    assert_eq!(second.len(), n, "and once again in the second");
}

#[test]
fn without_people_only_general_prompts_are_chosen() {
    let h = held();
    for day in 0..30 {
        h.clock.set(start() + Duration::days(day));
        let p = h.vault.reflection().prompt_of_the_day().unwrap();
        assert!(p.person.is_none() && !p.text.contains('{'), "{p:?}");
    }
}

#[test]
fn answering_a_prompt_links_the_entry() {
    let h = held();
    let v = &h.vault;
    let sam = person(v, "Sam", None, None);
    let p = v.reflection().prompt_for(sam).unwrap();
    assert!(p.text.contains("\u{2068}Sam\u{2069}"));
    let id = v
        .journal()
        .write_answer(
            &EntryDraft {
                body: "An answer".into(),
                people: vec![sam],
                ..EntryDraft::default()
            },
            &p.id,
        )
        .unwrap();
    let e = v.journal().get(id).unwrap();
    assert_eq!(e.prompt_id.as_deref(), Some(p.id.as_str()));
    assert_eq!(e.people[0].id, sam);
    let err = v
        .journal()
        .write_answer(&EntryDraft::default(), "no-such-prompt")
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidInput);
}

#[test]
fn on_this_day_shows_earlier_years_and_how_depth_moved() {
    let h = held();
    let v = &h.vault;
    let kit = person(v, "Kit", Some(Proximity::Weekly), None);
    let a_year_ago = start() - Duration::days(365);
    check_in(v, kit, a_year_ago - Duration::days(1), all(2), None);
    v.journal()
        .write(&EntryDraft {
            date: Some(NaiveDate::from_ymd_opt(2025, 6, 1).unwrap()),
            title: "Picnic".into(),
            body: "x".into(),
            people: vec![kit],
            ..EntryDraft::default()
        })
        .unwrap();
    v.reflection()
        .add_moment(
            kit,
            MomentKind::Repair,
            Some(NaiveDate::from_ymd_opt(2024, 6, 1).unwrap()),
            "We talked it through",
        )
        .unwrap();
    v.journal()
        .write(&EntryDraft {
            date: Some(NaiveDate::from_ymd_opt(2025, 6, 2).unwrap()),
            body: "not today".into(),
            ..EntryDraft::default()
        })
        .unwrap();
    check_in(v, kit, start(), all(5), None);
    let days = v.reflection().on_this_day().unwrap();
    assert_eq!(days.len(), 2, "{days:?}");
    assert_eq!(
        (days[0].kind, days[0].years_ago, days[0].summary.as_str()),
        (Kind::Entry, 1, "Picnic")
    );
    assert_eq!(days[0].people[0].then, Some(25.0));
    assert!(days[0].people[0].now.unwrap() > 90.0);
    assert_eq!((days[1].kind, days[1].years_ago), (Kind::Moment, 2));
    assert_eq!(days[1].summary, "A repair: We talked it through");
    assert_eq!(days[1].people[0].then, None, "no check-in yet back then");
    let today = v.reflection().today().unwrap();
    assert_eq!(today.on_this_day.len(), 2);
    assert_eq!(today.recent_entries.len(), 2);
}

/// A check-in is on this day by the date where the user was, not by its
/// UTC date: 7 pm in UTC−7 is already tomorrow in UTC.
#[test]
fn on_this_day_places_a_check_in_on_the_users_own_day() {
    let tmp = tempfile::tempdir().unwrap();
    let west = chrono::FixedOffset::west_opt(7 * 3600).unwrap();
    // 8 pm on 1 June 2026 where the user is.
    let now = Utc.with_ymd_and_hms(2026, 6, 2, 3, 0, 0).unwrap();
    let c: Arc<dyn Clock> = Arc::new(FixedClock::in_zone(now, west));
    let v = Vault::create(&tmp.path().join("v"), &pass(PASSPHRASE), c)
        .unwrap()
        .vault;
    assert_eq!(
        v.reflection().today().unwrap().date,
        NaiveDate::from_ymd_opt(2026, 6, 1).unwrap()
    );
    let kit = person(&v, "Kit", Some(Proximity::Weekly), None);
    let at = |y, m, d, h| Utc.with_ymd_and_hms(y, m, d, h, 0, 0).unwrap();
    let with_note = |when: DateTime<Utc>, dims: Dimensions, note: &str| {
        v.reflection()
            .check_in(&CheckinDraft {
                person_id: kit,
                at: Some(when),
                dims,
                ios: None,
                note: note.into(),
            })
            .unwrap()
    };
    // 7 pm on 1 June 2025 there (2 June in UTC): on this day.
    let evening = with_note(at(2025, 6, 2, 2), all(2), "Dinner by the lake");
    // 10 pm on 31 May 2025 there (1 June in UTC): not.
    with_note(at(2025, 6, 1, 5), all(3), "Late call");
    with_note(now, all(5), "");
    let days = v.reflection().on_this_day().unwrap();
    assert_eq!(days.len(), 1, "{days:?}");
    let d = &days[0];
    assert_eq!((d.kind, d.id, d.years_ago), (Kind::Checkin, evening, 1));
    assert_eq!(d.date, NaiveDate::from_ymd_opt(2025, 6, 1).unwrap());
    assert_eq!(d.summary, "Dinner by the lake");
    assert_eq!(d.people[0].person.name, "Kit");
    assert!(
        d.people[0].now.unwrap() > d.people[0].then.unwrap(),
        "depth moved up since: {d:?}"
    );
}

#[test]
fn the_timeline_gathers_everything_newest_first() {
    let h = held();
    let v = &h.vault;
    let p = person(v, "Lee", None, None);
    v.people().add_note(p, "a note").unwrap();
    h.clock.set(start() + Duration::days(1));
    v.reflection()
        .add_moment(p, MomentKind::TheyShowedUp, None, "brought soup")
        .unwrap();
    h.clock.set(start() + Duration::days(2));
    check_in(v, p, start() + Duration::days(2), all(4), Some(5));
    v.journal()
        .write(&EntryDraft {
            date: Some(NaiveDate::from_ymd_opt(2026, 6, 4).unwrap()),
            body: "with Lee".into(),
            people: vec![p],
            ..EntryDraft::default()
        })
        .unwrap();
    let kinds: Vec<&str> = v
        .reflection()
        .timeline(p, None, None)
        .unwrap()
        .items
        .iter()
        .map(|i| match i {
            TimelineItem::Entry(_) => "entry",
            TimelineItem::Checkin(_) => "checkin",
            TimelineItem::Moment(_) => "moment",
            TimelineItem::Note { .. } => "note",
        })
        .collect();
    assert_eq!(kinds, ["entry", "checkin", "moment", "note"]);
    assert_eq!(
        v.people().get(p).unwrap().last_contact,
        NaiveDate::from_ymd_opt(2026, 6, 4)
    );
    let hits = v.search("soup", 5).unwrap();
    assert_eq!((hits[0].kind, hits[0].person_id), (Kind::Moment, Some(p)));
    v.reflection().trash_moment(hits[0].id).unwrap();
    assert!(v.search("soup", 5).unwrap().is_empty());
    assert_eq!(v.trash().list().unwrap()[0].kind, Kind::Moment);
}

/// A person's timeline read a page at a time, at every page size, is the
/// whole timeline in order: nothing skipped or shown twice at a page
/// boundary, even among items at the same time (the clock is fixed, so
/// every note and check-in shares one, and entries share dates); items in
/// the trash are left out.
#[test]
fn a_timeline_read_page_by_page_is_the_whole_timeline_in_order() {
    let h = held();
    let v = &h.vault;
    let p = person(v, "Lee", None, None);
    let other = person(v, "Ash", None, None);
    let mut trashed = Vec::new();
    for i in 0..23 {
        let id = v
            .journal()
            .write(&EntryDraft {
                date: Some(NaiveDate::from_ymd_opt(2026, 6, 1 + i % 4).unwrap()),
                body: format!("entry {i}"),
                people: if i % 5 == 4 {
                    vec![other]
                } else {
                    vec![p, other]
                },
                ..EntryDraft::default()
            })
            .unwrap();
        if i % 7 == 3 {
            trashed.push(id);
        }
    }
    for id in &trashed {
        v.journal().trash(*id).unwrap();
    }
    for i in 0..6 {
        v.people().add_note(p, &format!("note {i}")).unwrap();
    }
    for i in 0..4 {
        v.reflection()
            .add_moment(
                p,
                MomentKind::TheyShowedUp,
                NaiveDate::from_ymd_opt(2026, 6, 1 + i % 3),
                "m",
            )
            .unwrap();
    }
    for _ in 0..3 {
        check_in(v, p, start(), all(3), None);
    }
    let whole = v.reflection().timeline(p, Some(500), None).unwrap();
    assert!(whole.next.is_none());
    // 23 entries, 4 not mentioning Lee, 3 of the rest in the trash.
    let count = |kind: &str| whole.items.iter().filter(|i| kind_of(i) == kind).count();
    assert_eq!(
        (
            count("entry"),
            count("note"),
            count("moment"),
            count("checkin")
        ),
        (23 - 4 - 3, 6, 4, 3)
    );
    assert!(whole.items.iter().all(|i| match i {
        TimelineItem::Entry(e) => !trashed.contains(&e.id),
        _ => true,
    }));
    // Newest first: by the day (or time) each is shown at.
    let days: Vec<String> = whole.items.iter().map(day_of).collect();
    assert!(days.windows(2).all(|w| w[0] >= w[1]), "{days:?}");
    for size in 1..=whole.items.len() as u32 + 1 {
        let mut paged = Vec::new();
        let mut after = None;
        loop {
            let page = v
                .reflection()
                .timeline(p, Some(size), after.as_ref())
                .unwrap();
            assert!(page.items.len() <= size as usize);
            paged.extend(page.items);
            match page.next {
                Some(n) => after = Some(n),
                None => break,
            }
        }
        assert_eq!(paged, whole.items, "pages of {size}");
    }
}

fn kind_of(i: &TimelineItem) -> &'static str {
    match i {
        TimelineItem::Entry(_) => "entry",
        TimelineItem::Checkin(_) => "checkin",
        TimelineItem::Moment(_) => "moment",
        TimelineItem::Note { .. } => "note",
    }
}

fn day_of(i: &TimelineItem) -> String {
    match i {
        TimelineItem::Entry(e) => e.date.to_string(),
        TimelineItem::Checkin(c) => c.at.date_naive().to_string(),
        TimelineItem::Moment(m) => m.date.to_string(),
        TimelineItem::Note { at, .. } => at.date_naive().to_string(),
    }
}

/// The map reads everyone's check-ins at once; each point must still be
/// what that person's own page says: the same depth and circles, with
/// check-ins in the trash left out and another person's never mixed in.
#[test]
fn the_map_agrees_with_each_persons_own_depth() {
    let h = held();
    let v = &h.vault;
    let r = v.reflection();
    let mut ids = Vec::new();
    for (i, name) in ["Ada", "Bo", "Cy", "Di"].iter().enumerate() {
        let p = person(v, name, Some(Proximity::FewTimesAYear), None);
        for k in 0..(i * 2) {
            let c = check_in(
                v,
                p,
                start() - Duration::days((30 * k) as i64),
                all(((i + k) % 5) as u8 + 1),
                Some(((i + k) % 7) as u8 + 1),
            );
            if k == 1 {
                r.trash_checkin(c).unwrap();
            }
        }
        ids.push(p);
    }
    let map = r.map().unwrap();
    assert_eq!(map.len(), ids.len());
    for point in &map {
        let own = r.depth(point.id).unwrap();
        assert_eq!(
            (point.depth, point.ios),
            (own.depth, own.ios),
            "{}",
            point.name
        );
    }
    assert!(map.iter().filter(|p| p.depth.is_some()).count() >= 2);
}

/// The calendar marks each day of a month with what happened on it: a
/// check-in on the day where the user was, nothing from the trash or from
/// the months either side; one day lists everything of it.
#[test]
fn the_calendar_marks_days_by_what_happened_on_them() {
    let tmp = tempfile::tempdir().unwrap();
    let west = chrono::FixedOffset::west_opt(7 * 3600).unwrap();
    let now = Utc.with_ymd_and_hms(2026, 7, 2, 3, 0, 0).unwrap();
    let c: Arc<dyn Clock> = Arc::new(FixedClock::in_zone(now, west));
    let v = Vault::create(&tmp.path().join("v"), &pass(PASSPHRASE), c)
        .unwrap()
        .vault;
    let kit = person(&v, "Kit", Some(Proximity::Weekly), None);
    let day = |m, d| NaiveDate::from_ymd_opt(2026, m, d).unwrap();
    let write = |date: NaiveDate, title: &str, people: Vec<i64>| {
        v.journal()
            .write(&EntryDraft {
                date: Some(date),
                title: title.into(),
                body: "words".into(),
                people,
                ..EntryDraft::default()
            })
            .unwrap()
    };
    let first = write(day(6, 1), "morning", vec![]);
    let second = write(day(6, 1), "evening", vec![kit]);
    write(day(6, 30), "last day", vec![]);
    write(day(5, 31), "the month before", vec![]);
    write(day(7, 1), "the month after", vec![]);
    let trashed = write(day(6, 15), "thrown away", vec![]);
    v.journal().trash(trashed).unwrap();
    v.reflection()
        .add_moment(kit, MomentKind::TheyShowedUp, Some(day(6, 1)), "soup")
        .unwrap();
    v.reflection()
        .add_moment(kit, MomentKind::IShowedUp, Some(day(6, 15)), "")
        .unwrap();
    // 7 pm on 30 June where the user is (1 July in UTC): June.
    let late = check_in(
        &v,
        kit,
        Utc.with_ymd_and_hms(2026, 7, 1, 2, 0, 0).unwrap(),
        all(4),
        None,
    );
    // 10 pm on 31 May there (1 June in UTC): not June.
    check_in(
        &v,
        kit,
        Utc.with_ymd_and_hms(2026, 6, 1, 5, 0, 0).unwrap(),
        all(3),
        None,
    );

    let month: Vec<(NaiveDate, u32, u32, u32)> = v
        .reflection()
        .calendar_month(2026, 6)
        .unwrap()
        .iter()
        .map(|d| (d.date, d.entries, d.checkins, d.moments))
        .collect();
    assert_eq!(
        month,
        [
            (day(6, 1), 2, 0, 1),
            (day(6, 15), 0, 0, 1),
            (day(6, 30), 1, 1, 0),
        ]
    );
    let may = v.reflection().calendar_month(2026, 5).unwrap();
    assert_eq!(
        may.iter()
            .map(|d| (d.date, d.entries, d.checkins))
            .collect::<Vec<_>>(),
        [(day(5, 31), 1, 1)]
    );

    let june_first = v.reflection().calendar_day(day(6, 1)).unwrap();
    let ids: Vec<i64> = june_first.entries.iter().map(|e| e.id).collect();
    assert_eq!(ids, [second, first], "newest first");
    assert!(june_first.checkins.is_empty());
    assert_eq!(june_first.moments.len(), 1);
    let m = &june_first.moments[0];
    assert_eq!(
        (m.person.name.as_str(), m.label.as_str(), m.note.as_str()),
        ("Kit", "They showed up", "soup")
    );
    let last = v.reflection().calendar_day(day(6, 30)).unwrap();
    assert_eq!(last.entries.len(), 1);
    assert_eq!(last.checkins.len(), 1);
    assert_eq!(
        (last.checkins[0].id, last.checkins[0].person.name.as_str()),
        (late, "Kit")
    );
    assert!(v
        .reflection()
        .calendar_day(day(6, 15))
        .unwrap()
        .entries
        .is_empty());

    for (y, m) in [(2026, 13), (2026, 0), (i32::MAX, 12)] {
        let err = v.reflection().calendar_month(y, m).unwrap_err();
        assert_eq!(err.code(), ErrorCode::InvalidInput, "{y}-{m}: {err}");
    }
}
