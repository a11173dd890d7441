//! `cargo xtask demo`: the app on a throwaway vault of fictional people
//! and entries, or (with `--screenshots DIR`) pictures of its main screens
//! taken on a virtual display — the README's screenshots.
//!
//! The vault is filled through the `kindred` CLI, as a user would: first
//! the past, which the CLI can only write as "now", as a Kindred JSON
//! export (history.rs) imported with `kindred import --from kindred`; then
//! what is typed today. The people and their story are in data.rs.

mod data;
mod history;
mod pictures;

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use chrono::{Days, Local, Months, NaiveDate, Utc};

use crate::e2e::{build_e2e, headless};
use crate::open::{build_app, has_display};
use crate::util::{absolute, cargo, run_status, scratch_dir, target_dir, Result};
use data::{BIRTHDAY_SOON, CHECKINS_TODAY, ENTRIES, LOVE_MAP_TODAY, MOMENTS, NOTES};
use pictures::Picture;

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
    seed(&kindred, &vault, Today::now())?;
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
                "demo::demo_screenshots",
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

/// Fills a new vault at `vault` with the demo's people and story.
fn seed(kindred: &Path, vault: &Path, today: Today) -> Result {
    let cli = Cli {
        exe: kindred,
        vault,
    };
    cli.run(&["init"], None)?;

    // The past, as an export of fictional history (deleted right after).
    let file = vault.with_file_name("demo-history.json");
    let history = serde_json::to_string_pretty(&history::history(today)?)
        .map_err(|e| format!("demo history: {e}"))?;
    std::fs::write(&file, history).map_err(|e| format!("{}: {e}", file.display()))?;
    let imported = cli.run(
        &[
            OsStr::new("import"),
            "--from".as_ref(),
            "kindred".as_ref(),
            file.as_os_str(),
        ],
        None,
    );
    let _ = std::fs::remove_file(&file);
    imported?;

    for call in typed_today(today)? {
        cli.run(&call.args, call.stdin)?;
    }
    add_pictures(&cli, &vault.with_file_name("demo-pictures"))
}

/// Photos on two entries and pictures of three people, added with the CLI
/// from files drawn here (see pictures.rs), which are deleted after.
fn add_pictures(cli: &Cli, dir: &Path) -> Result {
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let listed: serde_json::Value =
        serde_json::from_str(&cli.output(&["entries", "--json"], None)?)
            .map_err(|e| format!("kindred entries --json: {e}"))?;
    let id_of = |title: &str| -> Result<String> {
        listed
            .as_array()
            .and_then(|a| a.iter().find(|e| e["title"] == title))
            .and_then(|e| e["id"].as_i64())
            .map(|id| id.to_string())
            .ok_or_else(|| format!("the demo has no entry titled {title:?}"))
    };
    let file = |name: &str, picture: Picture| -> Result<PathBuf> {
        let path = dir.join(name);
        std::fs::write(&path, picture.png()).map_err(|e| format!("{}: {e}", path.display()))?;
        Ok(path)
    };
    let added = (|| -> Result {
        let walk = id_of("A long walk with Sam")?;
        let river = file("river path at dusk.png", Picture::dusk())?;
        cli.run(
            &[OsStr::new("attach"), walk.as_ref(), river.as_os_str()],
            None,
        )?;
        let sunday = id_of("Quiet Sunday")?;
        let bread = file("bread.png", Picture::bread())?;
        cli.run(
            &[OsStr::new("attach"), sunday.as_ref(), bread.as_os_str()],
            None,
        )?;
        for (name, bg, clothes, skin, hair) in [
            (
                "Maya Lin",
                [120.0, 160.0, 190.0],
                [40.0, 70.0, 110.0],
                [230.0, 195.0, 165.0],
                [30.0, 25.0, 25.0],
            ),
            (
                "Sam Okafor",
                [200.0, 170.0, 120.0],
                [150.0, 60.0, 50.0],
                [120.0, 80.0, 55.0],
                [25.0, 20.0, 18.0],
            ),
            (
                "Ines Duarte",
                [150.0, 180.0, 140.0],
                [90.0, 60.0, 110.0],
                [210.0, 170.0, 135.0],
                [90.0, 55.0, 35.0],
            ),
        ] {
            let path = file(
                &format!("{name}.png"),
                Picture::portrait(bg, clothes, skin, hair),
            )?;
            cli.run(
                &[
                    OsStr::new("person"),
                    "photo".as_ref(),
                    name.as_ref(),
                    path.as_os_str(),
                ],
                None,
            )?;
        }
        Ok(())
    })();
    let _ = std::fs::remove_dir_all(dir);
    added
}

/// One `kindred` command: its arguments and what it reads on stdin.
#[derive(Debug, PartialEq, Eq)]
struct Call {
    args: Vec<String>,
    stdin: Option<&'static str>,
}

impl Call {
    fn new(args: &[&str], stdin: Option<&'static str>) -> Self {
        Self {
            args: args.iter().map(|a| (*a).to_owned()).collect(),
            stdin,
        }
    }
}

/// The check-in's seven answers as the CLI's flags, in `Checkin::answers`
/// order.
const ANSWER_FLAGS: [&str; 7] = [
    "--seen",
    "--heard",
    "--understood",
    "--safe",
    "--trust",
    "--they-showed-up",
    "--i-showed-up",
];

/// What the demo's user types with the CLI, after the history is in.
fn typed_today(today: Today) -> Result<Vec<Call>> {
    let mut calls = Vec::new();
    for note in NOTES {
        calls.push(Call::new(&["note", note.person], Some(note.text)));
    }
    for entry in ENTRIES {
        let date = today.days_ago(entry.days_ago)?;
        let mut args = vec!["write", "--date", &date, "--title", entry.title];
        for tag in entry.tags {
            args.extend(["--tag", tag]);
        }
        for person in entry.people {
            args.extend(["--person", person]);
        }
        calls.push(Call::new(&args, Some(entry.body)));
    }
    for m in MOMENTS {
        let date = today.days_ago(m.days_ago)?;
        calls.push(Call::new(
            &[
                "moment", m.person, "--kind", m.kind, "--date", &date, "--note", m.note,
            ],
            None,
        ));
    }
    for c in CHECKINS_TODAY {
        let mut args = vec!["checkin".to_owned(), c.person.to_owned()];
        for (flag, answer) in ANSWER_FLAGS.iter().zip(c.answers) {
            args.extend([(*flag).to_owned(), answer.to_string()]);
        }
        args.extend(["--ios".to_owned(), c.ios.to_string()]);
        args.extend(["--note".to_owned(), c.note.to_owned()]);
        calls.push(Call { args, stdin: None });
    }
    for answer in LOVE_MAP_TODAY {
        calls.push(Call::new(
            &["lovemap", answer.person, answer.topic, answer.text],
            None,
        ));
    }
    let on = today.month_day_in(BIRTHDAY_SOON.days_ahead)?;
    calls.push(Call::new(
        &[
            "person",
            "date",
            BIRTHDAY_SOON.person,
            "--label",
            BIRTHDAY_SOON.label,
            "--on",
            &on,
        ],
        None,
    ));
    Ok(calls)
}

/// The `kindred` CLI on the demo vault.
struct Cli<'a> {
    exe: &'a Path,
    vault: &'a Path,
}

impl Cli<'_> {
    /// Runs `kindred` with `args`, feeding it `stdin`.
    fn run<S: AsRef<OsStr>>(&self, args: &[S], stdin: Option<&str>) -> Result {
        self.output(args, stdin).map(drop)
    }

    /// Runs `kindred` with `args`, feeding it `stdin`; returns what it
    /// printed.
    fn output<S: AsRef<OsStr>>(&self, args: &[S], stdin: Option<&str>) -> Result<String> {
        let mut cmd = Command::new(self.exe);
        cmd.arg("--vault")
            .arg(self.vault)
            .args(args)
            .env("KINDRED_NEW_PASSPHRASE", DEMO_PASSPHRASE)
            .env("KINDRED_PASSPHRASE", DEMO_PASSPHRASE)
            .stdout(Stdio::piped())
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
        let out = child
            .wait_with_output()
            .map_err(|e| format!("kindred: {e}"))?;
        let status = out.status;
        if status.success() {
            Ok(String::from_utf8_lossy(&out.stdout).into_owned())
        } else {
            let command = args.first().map(|a| a.as_ref().to_string_lossy());
            Err(format!(
                "kindred {} failed ({status})",
                command.unwrap_or_default()
            ))
        }
    }
}

/// Today, read once, in the two calendars the vault uses: the user's own
/// for the dates of entries and moments, UTC for the times it stores.
#[derive(Debug, Clone, Copy)]
struct Today {
    local: NaiveDate,
    utc: NaiveDate,
}

impl Today {
    fn now() -> Self {
        let now = Local::now();
        Self {
            local: now.date_naive(),
            utc: now.with_timezone(&Utc).date_naive(),
        }
    }

    /// The local date `days` ago, as YYYY-MM-DD.
    fn days_ago(self, days: u32) -> Result<String> {
        let date = self.local.checked_sub_days(Days::new(days.into()));
        Ok(ymd(date.ok_or("demo: a date out of range")?))
    }

    /// This day last year, as YYYY-MM-DD (on 29 February: the 28th).
    fn a_year_ago(self) -> Result<String> {
        let date = self.local.checked_sub_months(Months::new(12));
        Ok(ymd(date.ok_or("demo: a date out of range")?))
    }

    /// The local day `days` from now, as MM-DD (a yearly date).
    fn month_day_in(self, days: u32) -> Result<String> {
        let date = self.local.checked_add_days(Days::new(days.into()));
        Ok(date
            .ok_or("demo: a date out of range")?
            .format("%m-%d")
            .to_string())
    }

    /// `days` ago at `hour`:00 UTC, as the vault stores times.
    fn utc_days_ago(self, days: u32, hour: u32) -> Result<String> {
        let date = self.utc.checked_sub_days(Days::new(days.into()));
        let date = date.ok_or("demo: a date out of range")?;
        Ok(format!("{}T{hour:02}:00:00.000Z", ymd(date)))
    }
}

fn ymd(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn dates_count_back_in_the_calendar_each_one_belongs_to() {
        // Just after midnight east of UTC: it is still yesterday in UTC.
        let today = Today {
            local: day(2028, 3, 1),
            utc: day(2028, 2, 29),
        };
        assert_eq!(today.days_ago(0).unwrap(), "2028-03-01");
        assert_eq!(today.days_ago(1).unwrap(), "2028-02-29");
        assert_eq!(today.a_year_ago().unwrap(), "2027-03-01");
        assert_eq!(today.month_day_in(9).unwrap(), "03-10");
        assert_eq!(
            today.utc_days_ago(366, 21).unwrap(),
            "2027-02-28T21:00:00.000Z"
        );
        let leap_day = Today {
            local: day(2028, 2, 29),
            utc: day(2028, 2, 29),
        };
        assert_eq!(leap_day.a_year_ago().unwrap(), "2027-02-28");
    }

    #[test]
    fn what_is_typed_today_goes_through_the_cli_as_a_user_would() {
        let today = Today {
            local: day(2026, 12, 1),
            utc: day(2026, 12, 1),
        };
        let calls = typed_today(today).unwrap();
        // The first call whose words start so, as one line.
        let args = |start: &str| {
            calls
                .iter()
                .map(|c| c.args.join(" "))
                .find(|l| l.starts_with(start))
                .unwrap()
        };
        assert_eq!(
            args("checkin Maya Lin"),
            "checkin Maya Lin --seen 5 --heard 5 --understood 4 --safe 5 --trust 5 \
             --they-showed-up 4 --i-showed-up 4 --ios 6 \
             --note Three countries between us and it still felt like the old desk."
        );
        assert_eq!(
            args("write --date 2026-11-22"),
            "write --date 2026-11-22 --title Quiet Sunday --tag home"
        );
        assert_eq!(
            args("moment Theo Brandt --kind repair"),
            "moment Theo Brandt --kind repair --date 2026-10-18 \
             --note Apologised over coffee; he laughed it off kindly."
        );
        assert_eq!(
            args("person date"),
            "person date Theo Brandt --label birthday --on 12-10"
        );
        // Entries and notes come with their text on stdin; nothing else does.
        for call in &calls {
            let reads = matches!(call.args[0].as_str(), "write" | "note");
            assert_eq!(call.stdin.is_some(), reads, "{:?}", call.args);
        }
    }
}
