//! `cargo xtask demo`: the app on a throwaway vault of fictional people
//! and entries, or (with `--screenshots DIR`) pictures of its main screens
//! taken on a virtual display — the README's screenshots.

mod data;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::e2e::{build_e2e, headless};
use crate::open::{build_app, has_display};
use crate::util::{absolute, cargo, run_status, scratch_dir, target_dir, Result};
use data::*;

/// Passphrase of the throwaway demo vault (it holds only fictional text).
const DEMO_PASSPHRASE: &str = "demo meadow lantern quiet";

/// `cargo xtask demo [--screenshots DIR]`.
pub fn demo(args: &[String]) -> Result {
    let shots = match args {
        [] => None,
        [flag, dir] if flag == "--screenshots" => Some(absolute(Path::new(dir))?),
        _ => return Err("usage: cargo xtask demo [--screenshots DIR]".into()),
    };
    if shots.is_none() && !has_display() {
        return Err(
            "there is no display here. Run `cargo xtask demo --screenshots DIR` to \
                    run the demo on a virtual display and save pictures of it in DIR."
                .into(),
        );
    }
    let kindred = build_cli()?;
    let scratch = scratch_dir("demo")?;
    let vault = scratch.join("vault");
    seed_demo(&kindred, &vault)?;
    println!(
        "xtask: demo vault with fictional people and entries in {}",
        vault.display()
    );
    match shots {
        Some(dir) => {
            std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
            let tests = build_e2e()?;
            let mut cmd = Command::new(tests);
            cmd.args([
                "demo_screenshots",
                "--exact",
                "--ignored",
                "--test-threads=1",
            ])
            .env("KINDRED_DEMO_VAULT", &vault)
            .env("KINDRED_DEMO_PASSPHRASE", DEMO_PASSPHRASE)
            .env("KINDRED_SCREENSHOTS_DIR", &dir);
            run_status(&mut headless(&cmd, &scratch, false)?)?;
            println!("xtask: screenshots of the demo are in {}", dir.display());
        }
        None => {
            let app = build_app()?;
            println!("xtask: the demo passphrase is \"{DEMO_PASSPHRASE}\"");
            run_status(
                Command::new(app)
                    .env("KINDRED_VAULT", &vault)
                    .env("XDG_CONFIG_HOME", scratch.join("config"))
                    .env("XDG_CACHE_HOME", scratch.join("cache")),
            )?;
        }
    }
    let _ = std::fs::remove_dir_all(&scratch);
    Ok(())
}

/// Builds the `kindred` CLI (debug) and returns its path.
fn build_cli() -> Result<PathBuf> {
    run_status(cargo().args(["build", "--package", "kindred-cli", "--bin", "kindred"]))?;
    Ok(target_dir().join("debug").join("kindred"))
}

/// Fills a new vault at `vault` with fictional people, notes, entries and
/// reflection, through the `kindred` CLI. What the CLI can only write as
/// "now" — months of check-ins (a depth trend), a proximity that changed
/// when someone moved, a love-map answer gone stale, an entry from this day
/// last year — comes first, as a Kindred JSON export imported with
/// `kindred import --from kindred`; the rest is typed as a user would.
fn seed_demo(kindred: &Path, vault: &Path) -> Result {
    let cli = |args: &[&str], stdin: Option<&str>| -> Result {
        let mut cmd = Command::new(kindred);
        cmd.arg("--vault")
            .arg(vault)
            .args(args)
            .env("KINDRED_NEW_PASSPHRASE", DEMO_PASSPHRASE)
            .env("KINDRED_PASSPHRASE", DEMO_PASSPHRASE)
            .stdout(Stdio::null())
            .stdin(if stdin.is_some() {
                Stdio::piped()
            } else {
                Stdio::null()
            });
        let mut child = cmd
            .spawn()
            .map_err(|e| format!("could not start kindred: {e}"))?;
        if let (Some(text), Some(mut pipe)) = (stdin, child.stdin.take()) {
            use std::io::Write;
            pipe.write_all(text.as_bytes())
                .map_err(|e| format!("kindred stdin: {e}"))?;
        }
        let status = child.wait().map_err(|e| format!("kindred: {e}"))?;
        if status.success() {
            Ok(())
        } else {
            Err(format!(
                "kindred {} failed ({status})",
                args.first().copied().unwrap_or("")
            ))
        }
    };
    cli(&["init"], None)?;

    // The past, as an export of fictional history (deleted right after).
    let history = vault.with_file_name("demo-history.json");
    std::fs::write(&history, demo_history()?).map_err(|e| format!("{}: {e}", history.display()))?;
    let imported = cli(
        &[
            "import",
            "--from",
            "kindred",
            &history.display().to_string(),
        ],
        None,
    );
    let _ = std::fs::remove_file(&history);
    imported?;

    for (name, note) in DEMO_NOTES {
        cli(&["note", name], Some(note))?;
    }
    for (days_ago, title, tags, people, body) in DEMO_ENTRIES {
        let date = days_before_today(*days_ago)?;
        let mut args = vec!["write", "--date", date.as_str(), "--title", title];
        for t in tags.iter() {
            args.extend(["--tag", t]);
        }
        for p in people.iter() {
            args.extend(["--person", p]);
        }
        cli(&args, Some(body))?;
    }
    for (name, kind, days_ago, note) in DEMO_MOMENTS {
        let date = days_before_today(*days_ago)?;
        cli(
            &[
                "moment", name, "--kind", kind, "--date", &date, "--note", note,
            ],
            None,
        )?;
    }
    for (name, answers, note) in DEMO_CHECKINS_TODAY {
        let mut args = vec!["checkin", *name];
        args.extend(answers.iter().copied());
        args.extend(["--note", note]);
        cli(&args, None)?;
    }
    for (name, topic, text) in DEMO_LOVE_MAP {
        cli(&["lovemap", name, topic, text], None)?;
    }
    // A birthday coming up soon, so the reach-out list has a date to show.
    let soon = days_after_today(9)?;
    cli(
        &[
            "person",
            "date",
            "Theo Brandt",
            "--label",
            "birthday",
            "--on",
            &soon[5..],
        ],
        None,
    )?;
    Ok(())
}

/// The local date `days` days ago, as YYYY-MM-DD (from `date`, so xtask
/// needs no date library).
fn days_before_today(days: u32) -> Result<String> {
    date_output(&format!("{days} days ago"), "+%F", false)
}

/// The local date `days` days from now, as YYYY-MM-DD.
fn days_after_today(days: u32) -> Result<String> {
    date_output(&format!("{days} days"), "+%F", false)
}

/// A UTC time `days` ago at `hour`:00, as the vault stores times.
fn utc_days_ago(days: u32, hour: u32) -> Result<String> {
    Ok(format!(
        "{}T{hour:02}:00:00.000Z",
        date_output(&format!("{days} days ago"), "+%F", true)?
    ))
}

fn date_output(when: &str, format: &str, utc: bool) -> Result<String> {
    let mut cmd = Command::new("date");
    if utc {
        cmd.arg("-u");
    }
    let out = cmd
        .args(["-d", when, format])
        .output()
        .map_err(|e| format!("date: {e}"))?;
    if !out.status.success() {
        return Err(format!("date -d {when:?} failed"));
    }
    Ok(String::from_utf8_lossy(&out.stdout).trim().to_owned())
}

/// A JSON string literal.
fn json_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if u32::from(c) < 0x20 => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The fictional past as a Kindred JSON export (the documented shape of
/// `kindred export --format json`).
fn demo_history() -> Result<String> {
    let mut people = Vec::new();
    let mut history = Vec::new();
    for (i, (name, relationship, proximity, met, cadence, moved)) in DEMO_PEOPLE.iter().enumerate()
    {
        let id = i + 1;
        let added = utc_days_ago(420, 18)?;
        let cadence = cadence.map_or("null".to_owned(), |d| d.to_string());
        people.push(format!(
            r#"{{"id": {id}, "name": {}, "relationship": {}, "proximity": {}, "how_we_met": {}, "cadence_days": {cadence}, "archived": false, "created_at": "{added}", "updated_at": "{added}"}}"#,
            json_str(name),
            json_str(relationship),
            json_str(proximity),
            json_str(met)
        ));
        let level = |p: &str| {
            [
                "far-away",
                "few-times-a-year",
                "monthly",
                "weekly",
                "most-days",
                "lives-with-me",
            ]
            .iter()
            .position(|x| *x == p)
            .unwrap_or(0)
        };
        match moved {
            Some((before, days_ago)) => {
                history.push(format!(
                    r#"{{"id": {}, "person_id": {id}, "proximity": {}, "changed_at": "{added}"}}"#,
                    history.len() + 1,
                    level(before)
                ));
                history.push(format!(
                    r#"{{"id": {}, "person_id": {id}, "proximity": {}, "changed_at": "{}"}}"#,
                    history.len() + 1,
                    level(proximity),
                    utc_days_ago(*days_ago, 10)?
                ));
            }
            None => history.push(format!(
                r#"{{"id": {}, "person_id": {id}, "proximity": {}, "changed_at": "{added}"}}"#,
                history.len() + 1,
                level(proximity)
            )),
        }
    }
    let person_id = |name: &str| {
        DEMO_PEOPLE
            .iter()
            .position(|p| p.0 == name)
            .map(|i| i + 1)
            .ok_or_else(|| format!("demo: no person {name}"))
    };
    let mut checkins = Vec::new();
    for (name, days_ago, answers, ios, note) in DEMO_CHECKINS_PAST {
        let at = utc_days_ago(*days_ago, 20)?;
        let [seen, heard, understood, safe, trust, they, me] = answers;
        checkins.push(format!(
            r#"{{"id": {}, "person_id": {}, "at": "{at}", "seen": {seen}, "heard": {heard}, "understood": {understood}, "safe": {safe}, "trust": {trust}, "they_showed_up": {they}, "i_showed_up": {me}, "ios": {ios}, "note": {}, "created_at": "{at}", "deleted_at": null}}"#,
            checkins.len() + 1,
            person_id(name)?,
            json_str(note)
        ));
    }
    let mut love_map = Vec::new();
    for (name, topic, text, days_ago) in DEMO_STALE_LOVE_MAP {
        love_map.push(format!(
            r#"{{"id": {}, "person_id": {}, "topic": "{topic}", "text": {}, "updated_at": "{}"}}"#,
            love_map.len() + 1,
            person_id(name)?,
            json_str(text),
            utc_days_ago(*days_ago, 9)?
        ));
    }
    let (title, body, who) = DEMO_A_YEAR_AGO;
    let year_ago = date_output("1 year ago", "+%F", false)?;
    let written = utc_days_ago(366, 21)?;
    let entry = format!(
        r#"{{"id": 1, "date": "{year_ago}", "title": {}, "body": {}, "tags": ["friends"], "people": [{}], "created_at": "{written}", "updated_at": "{written}"}}"#,
        json_str(title),
        json_str(body),
        person_id(who)?
    );
    Ok(format!(
        r#"{{"format": "kindred.export", "version": 1,
"people": [{}],
"entries": [{entry}],
"checkins": [{}],
"love_map": [{}],
"proximity_history": [{}]}}"#,
        people.join(",\n"),
        checkins.join(",\n"),
        love_map.join(",\n"),
        history.join(",\n")
    ))
}
