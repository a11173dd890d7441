//! The demo's past as a Kindred JSON export (the documented shape of
//! `kindred export --format json`): what the CLI can only write as "now" —
//! months of check-ins (a depth trend), a proximity that changed when
//! someone moved, a love-map answer gone stale, an entry from this day
//! last year.

use serde_json::{json, Value};

use super::data::{A_YEAR_AGO, CHECKINS_PAST, LOVE_MAP_STALE, PEOPLE};
use super::Today;
use crate::util::Result;

/// Proximity levels in the export, nearest last (the CLI's words).
const PROXIMITY: [&str; 6] = [
    "far-away",
    "few-times-a-year",
    "monthly",
    "weekly",
    "most-days",
    "lives-with-me",
];

/// When the people were added, long before anything else happened.
const ADDED_DAYS_AGO: u32 = 420;

/// The export, dated back from `today`.
pub fn history(today: Today) -> Result<Value> {
    let added = today.utc_days_ago(ADDED_DAYS_AGO, 18)?;
    let mut people = Vec::new();
    let mut proximity_history = Vec::new();
    for (i, person) in PEOPLE.iter().enumerate() {
        let id = i + 1;
        people.push(json!({
            "id": id,
            "name": person.name,
            "relationship": person.relationship,
            "proximity": person.proximity,
            "how_we_met": person.how_we_met,
            "cadence_days": person.cadence_days,
            "archived": false,
            "created_at": added,
            "updated_at": added,
        }));
        let changes = match &person.moved {
            Some(moved) => vec![
                (moved.before, added.clone()),
                (person.proximity, today.utc_days_ago(moved.days_ago, 10)?),
            ],
            None => vec![(person.proximity, added.clone())],
        };
        for (proximity, at) in changes {
            proximity_history.push(json!({
                "id": proximity_history.len() + 1,
                "person_id": id,
                "proximity": level(proximity)?,
                "changed_at": at,
            }));
        }
    }

    let mut checkins = Vec::new();
    for c in CHECKINS_PAST {
        let at = today.utc_days_ago(c.days_ago, 20)?;
        let [seen, heard, understood, safe, trust, they, me] = c.answers;
        checkins.push(json!({
            "id": checkins.len() + 1,
            "person_id": person_id(c.person)?,
            "at": at,
            "seen": seen,
            "heard": heard,
            "understood": understood,
            "safe": safe,
            "trust": trust,
            "they_showed_up": they,
            "i_showed_up": me,
            "ios": c.ios,
            "note": c.note,
            "created_at": at,
            "deleted_at": null,
        }));
    }

    let mut love_map = Vec::new();
    for answer in LOVE_MAP_STALE {
        love_map.push(json!({
            "id": love_map.len() + 1,
            "person_id": person_id(answer.person)?,
            "topic": answer.topic,
            "text": answer.text,
            "updated_at": today.utc_days_ago(answer.days_ago, 9)?,
        }));
    }

    let written = today.utc_days_ago(A_YEAR_AGO.days_ago, 21)?;
    let entry = json!({
        "id": 1,
        "date": today.a_year_ago()?,
        "title": A_YEAR_AGO.title,
        "body": A_YEAR_AGO.body,
        "tags": A_YEAR_AGO.tags,
        "people": A_YEAR_AGO
            .people
            .iter()
            .map(|name| person_id(name))
            .collect::<Result<Vec<_>>>()?,
        "created_at": written,
        "updated_at": written,
    });

    Ok(json!({
        "format": "kindred.export",
        "version": 1,
        "people": people,
        "entries": [entry],
        "checkins": checkins,
        "love_map": love_map,
        "proximity_history": proximity_history,
    }))
}

/// A person's id in the export: their place in [`PEOPLE`], from 1.
fn person_id(name: &str) -> Result<usize> {
    PEOPLE
        .iter()
        .position(|p| p.name == name)
        .map(|i| i + 1)
        .ok_or_else(|| format!("demo: no person {name}"))
}

/// A proximity word as the export's level, 0 (far away) to 5.
fn level(proximity: &str) -> Result<usize> {
    PROXIMITY
        .iter()
        .position(|p| *p == proximity)
        .ok_or_else(|| format!("demo: no proximity {proximity}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn the_past_is_a_kindred_export_dated_back_from_today() {
        let day = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        let doc = history(Today {
            local: day,
            utc: day,
        })
        .unwrap();
        assert_eq!(doc["format"], "kindred.export");
        assert_eq!(doc["version"], 1);

        let people = doc["people"].as_array().unwrap();
        assert_eq!(people.len(), PEOPLE.len());
        assert_eq!(people[0]["name"], "Maya Lin");
        assert_eq!(people[0]["cadence_days"], 21);
        assert_eq!(people[2]["cadence_days"], Value::Null);
        assert_eq!(people[0]["created_at"], "2025-10-07T18:00:00.000Z");

        // Maya lived nearby (most days) until she moved far away.
        let maya: Vec<_> = doc["proximity_history"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|h| h["person_id"] == 1)
            .map(|h| (h["proximity"].clone(), h["changed_at"].clone()))
            .collect();
        assert_eq!(
            maya,
            [
                (json!(4), json!("2025-10-07T18:00:00.000Z")),
                (json!(0), json!("2026-05-15T10:00:00.000Z")),
            ]
        );

        let checkins = doc["checkins"].as_array().unwrap();
        assert_eq!(checkins.len(), CHECKINS_PAST.len());
        assert_eq!(checkins[0]["person_id"], 1);
        assert_eq!(checkins[0]["at"], "2025-10-27T20:00:00.000Z");
        assert_eq!(checkins[0]["trust"], 4);
        assert_eq!(checkins[0]["ios"], 4);

        assert_eq!(doc["love_map"][1]["person_id"], 4);
        assert_eq!(doc["love_map"][1]["updated_at"], "2026-05-15T09:00:00.000Z");

        let entry = &doc["entries"][0];
        assert_eq!(entry["date"], "2025-12-01");
        assert_eq!(entry["people"], json!([1]));
        assert_eq!(entry["tags"], json!(["friends"]));
        assert_eq!(entry["created_at"], "2025-11-30T21:00:00.000Z");
    }
}
