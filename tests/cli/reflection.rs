//! `checkin`, `moment`, `lovemap`, `map`, `prompt`, `today`, `timeline`.

use crate::util::*;

#[test]
fn map_json_has_name_proximity_depth_and_quadrant() {
    let env = Env::new();
    env.init();
    env.run(&[
        "person",
        "add",
        "Sam Rivera",
        "--proximity",
        "lives-with-me",
    ])
    .ok();
    env.run(&["person", "add", "Noor", "--proximity", "far-away"])
        .ok();
    env.run(&["person", "add", "Kenji"]).ok();
    env.run(&[
        "checkin",
        "Sam",
        "--seen",
        "2",
        "--heard",
        "2",
        "--trust",
        "3",
        "--ios",
        "2",
        "--note",
        "We talk past each other",
    ])
    .ok();
    let out = env
        .run(&[
            "checkin", "Noor", "--seen", "5", "--heard", "4", "--ios", "6", "--json",
        ])
        .ok();
    assert_eq!(out.json()["depth"]["depth"], 87.5);
    let map = env.run(&["map", "--json"]).ok().json();
    let by = |n: &str| {
        map.as_array()
            .unwrap()
            .iter()
            .find(|p| p["name"] == n)
            .unwrap()
            .clone()
    };
    let sam = by("Sam Rivera");
    assert_eq!(sam["proximity"], "lives-with-me");
    // seen 2, heard 2, trust 3: mean 7/3, so (7/3 − 1) × 25.
    assert!(
        (sam["depth"].as_f64().unwrap() - (7.0 / 3.0 - 1.0) * 25.0).abs() < 1e-9,
        "{sam}"
    );
    assert_eq!(sam["ios"], 2);
    assert_eq!(sam["quadrant"], "near-but-distant");
    assert_eq!(by("Noor")["quadrant"], "far-but-close");
    let kenji = by("Kenji");
    assert!(
        kenji["depth"].is_null() && kenji["quadrant"].is_null() && kenji["proximity"].is_null()
    );
    let text = env.run(&["map"]).ok().stdout;
    assert!(
        text.contains("Near but distant — the illusion of proximity"),
        "{text}"
    );
    assert!(text.contains("not yet reflected"), "{text}");
}

#[test]
fn moments_love_maps_and_the_timeline() {
    let env = Env::new();
    env.init();
    env.run(&["person", "add", "Noor", "--cadence", "14"]).ok();
    env.run(&[
        "moment",
        "Noor",
        "--kind",
        "they-showed-up",
        "--note",
        "Called on my birthday",
    ])
    .ok();
    let out = env.run(&["moment", "Noor", "--kind", "hugged"]);
    assert_eq!(out.code, 10, "{out:?}");
    assert!(
        out.stderr.contains("i-showed-up"),
        "lists the kinds: {out:?}"
    );
    env.run(&["lovemap", "Noor", "hoping", "A job near the sea"])
        .ok();
    let lm = env.run(&["lovemap", "Noor", "--json"]).ok().json();
    assert_eq!(lm["items"][0]["topic"], "hoping");
    assert_eq!(lm["items"][0]["stale"], false);
    assert_eq!(env.run(&["lovemap", "Noor", "dreams", "x"]).code, 10);
    let out = env.run(&["checkin", "Noor", "--seen", "9"]);
    assert_eq!(out.code, 10, "{out:?}");
    env.run_in(&["note", "Noor"], b"Moving in spring").ok();
    let tl = env.run(&["timeline", "Noor", "--json"]).ok().json();
    let types: Vec<&str> = tl
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["type"].as_str().unwrap())
        .collect();
    assert_eq!(types.len(), 2);
    assert!(types.contains(&"moment") && types.contains(&"note"));
    let hits = env.run(&["search", "birthday", "--json"]).ok().json();
    assert_eq!(hits[0]["kind"], "moment");
}

#[test]
fn prompt_today_and_answering() {
    let env = Env::new();
    env.init();
    env.run(&["person", "add", "Noor"]).ok();
    let p = env
        .run(&["prompt", "--person", "Noor", "--json"])
        .ok()
        .json();
    let text = p["text"].as_str().unwrap();
    assert!(text.contains("\u{2068}Noor\u{2069}"), "{text}");
    let id = p["id"].as_str().unwrap();
    let human = env.run(&["prompt", "--person", "Noor"]).ok();
    assert!(
        human.stdout.contains("Noor") && !human.stdout.contains('\u{2068}'),
        "{human:?}"
    );
    let eid = env.write("My answer", &["--prompt", id, "--person", "Noor"]);
    let e = env.run(&["show", &eid.to_string(), "--json"]).ok().json();
    assert_eq!(e["prompt_id"], id);
    assert_eq!(e["people"][0]["name"], "Noor");
    assert_eq!(env.run_in(&["write", "--prompt", "nope"], b"x").code, 10);
    let t = env.run(&["today", "--json"]).ok().json();
    let keys: Vec<&str> = t.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        [
            "date",
            "on_this_day",
            "prompt",
            "reach_out",
            "recent_entries"
        ]
    );
    assert_eq!(t["recent_entries"][0]["id"], eid);
    assert_eq!(
        env.run(&["today", "--json"]).ok().json()["prompt"],
        t["prompt"],
        "the prompt of the day stays the day's"
    );
}
