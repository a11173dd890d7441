//! The desktop app: opening it, the demo, packaging and the end-to-end
//! tests.
//!
//! The end-to-end suite is the `e2e` test of the `kindred-app` crate
//! (tests/e2e/). It needs a display, WebKitWebDriver and a Secret Service;
//! here it gets Xvfb, a private D-Bus session with gnome-keyring-daemon,
//! and temp XDG dirs, so nothing touches the user's desktop, keychain or
//! home. It runs twice: as is, and inside a network namespace that has
//! only loopback, to show the app needs no network at all.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::util::{cargo, have, is_root, root, run_status, Result};

/// The virtual screen the app runs on when there is no display.
const SCREEN: &str = "-screen 0 1280x800x24";
/// The Tauri CLI used for bundling: npm's build ships its own binary.
const TAURI_CLI: &str = "@tauri-apps/cli@2";
/// Passphrase of the throwaway demo vault (it holds only fictional text).
const DEMO_PASSPHRASE: &str = "demo meadow lantern quiet";

/// `cargo xtask run` without arguments: builds and opens the app on the
/// default vault (the platform data dir, or `KINDRED_VAULT`).
pub fn open() -> Result {
    if !has_display() {
        return Err(
            "there is no display here (DISPLAY and WAYLAND_DISPLAY are unset), so the \
                    app cannot open a window. To see it working on this machine, run \
                    `cargo xtask demo --screenshots DIR`: it runs a demo vault on a virtual \
                    display and saves pictures of the main screens in DIR."
                .into(),
        );
    }
    let exe = build_app(false)?;
    run_status(&mut Command::new(exe))
}

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
            let app = build_app(false)?;
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

/// `cargo xtask package [--debug]`: .deb and .rpm with the Tauri bundler
/// (release build; `--debug` reuses the debug build, as the test run
/// does), then a look inside the .deb.
pub fn package(args: &[String]) -> Result {
    let debug = match args {
        [] => false,
        [flag] if flag == "--debug" => true,
        _ => return Err("usage: cargo xtask package [--debug]".into()),
    };
    let debs = bundle(debug)?;
    for deb in &debs {
        check_deb(deb)?;
        println!("xtask: {} looks right", deb.display());
    }
    Ok(())
}

/// Runs the UI unit tests, the app's end-to-end suite (twice: normally and
/// without a network) and the packaging check. Part of `cargo xtask test`.
///
/// `KINDRED_E2E_FILTER=name` runs only the end-to-end tests whose name
/// contains `name` (both passes) and skips packaging, for working on one
/// flow. (An environment variable rather than an argument: `cargo xtask
/// test` calls this too, and takes no test names.)
pub fn e2e() -> Result {
    let filter = std::env::var("KINDRED_E2E_FILTER")
        .ok()
        .filter(|f| !f.is_empty());
    println!("xtask: UI unit tests (node --test)");
    run_status(
        Command::new("node")
            .args(["--test", "ui/js/"])
            .current_dir(root()),
    )?;

    println!("xtask: building the app for the end-to-end tests");
    let tests = build_e2e()?;
    let scratch = scratch_dir("e2e")?;
    let mut cmd = Command::new(&tests);
    cmd.arg("--test-threads=1");
    if let Some(f) = &filter {
        println!("xtask: only end-to-end tests matching {f:?} (KINDRED_E2E_FILTER)");
        cmd.arg(f);
    }

    println!("xtask: end-to-end tests in the real window");
    run_status(&mut headless(&cmd, &scratch.join("net"), false)?)?;

    println!("xtask: end-to-end tests again, in a network namespace with only loopback");
    run_status(&mut headless(&cmd, &scratch.join("no-net"), true)?)?;
    let _ = std::fs::remove_dir_all(&scratch);

    if filter.is_some() {
        println!("xtask: packaging skipped (KINDRED_E2E_FILTER is set)");
        return Ok(());
    }
    println!("xtask: packaging (debug build) and checking the .deb");
    package(&["--debug".into()])
}

/// Whether a graphical session is there to open a window on.
fn has_display() -> bool {
    ["DISPLAY", "WAYLAND_DISPLAY"]
        .iter()
        .any(|v| std::env::var_os(v).is_some_and(|d| !d.is_empty()))
}

/// Builds the app binary (debug) and returns its path.
fn build_app(e2e: bool) -> Result<PathBuf> {
    crate::setup::ensure(crate::setup::Need::Build)?;
    let mut cmd = cargo();
    cmd.args(["build", "--package", "kindred-app", "--bin", "kindred-app"]);
    if e2e {
        cmd.args(["--features", "e2e"]);
    }
    run_status(&mut cmd)?;
    Ok(target_dir().join("debug").join("kindred-app"))
}

/// Builds the `kindred` CLI (debug) and returns its path.
fn build_cli() -> Result<PathBuf> {
    run_status(cargo().args(["build", "--package", "kindred-cli", "--bin", "kindred"]))?;
    Ok(target_dir().join("debug").join("kindred"))
}

/// Builds the end-to-end test binary (and the app it drives) without
/// running it; returns the test executable.
fn build_e2e() -> Result<PathBuf> {
    crate::setup::ensure(crate::setup::Need::Test)?;
    let out = cargo()
        .args([
            "test",
            "--package",
            "kindred-app",
            "--features",
            "e2e",
            "--test",
            "e2e",
            "--no-run",
            "--message-format=json-render-diagnostics",
        ])
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| format!("could not start cargo: {e}"))?;
    if !out.status.success() {
        return Err("building the end-to-end tests failed".into());
    }
    let stdout = String::from_utf8_lossy(&out.stdout);
    stdout
        .lines()
        .filter(|l| {
            l.contains("\"reason\":\"compiler-artifact\"") && l.contains("\"name\":\"e2e\"")
        })
        .find_map(|l| json_string(l, "executable"))
        .map(PathBuf::from)
        .ok_or_else(|| "cargo did not report the e2e test executable".into())
}

/// The string value of `"key":"…"` in one line of cargo's JSON (paths
/// cargo prints need no unescaping beyond `\\` and `\"`).
fn json_string(line: &str, key: &str) -> Option<String> {
    let start = line.find(&format!("\"{key}\":\""))? + key.len() + 4;
    let mut out = String::new();
    let mut chars = line[start..].chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => return Some(out),
            '\\' => out.push(chars.next()?),
            c => out.push(c),
        }
    }
    None
}

/// Wraps `inner` to run on a virtual display, in a private D-Bus session
/// with an unlocked gnome-keyring, with its own XDG data and runtime dirs
/// under `scratch`; with `no_net`, also in a network namespace that has
/// only loopback.
fn headless(inner: &Command, scratch: &Path, no_net: bool) -> Result<Command> {
    for tool in [
        "xvfb-run",
        "dbus-run-session",
        "gnome-keyring-daemon",
        "WebKitWebDriver",
    ] {
        if !have(tool) {
            return Err(format!(
                "{tool} is missing; `cargo xtask setup` installs it"
            ));
        }
    }
    let data = scratch.join("data");
    let runtime = scratch.join("runtime");
    std::fs::create_dir_all(&data).map_err(|e| format!("{}: {e}", data.display()))?;
    std::fs::create_dir_all(&runtime).map_err(|e| format!("{}: {e}", runtime.display()))?;
    set_mode_700(&runtime)?;

    // The keyring's password is only for this throwaway keyring.
    let session = "printf %s kindred-e2e | gnome-keyring-daemon --unlock --components=secrets \
                   >/dev/null && exec \"$@\"";
    let mut args: Vec<String> = Vec::new();
    if no_net {
        ensure_tool("ip", "iproute2")?;
        if is_root() {
            args.extend(["unshare", "--net", "--"].map(String::from));
        } else {
            args.extend(["unshare", "--user", "--map-root-user", "--net", "--"].map(String::from));
        }
        // Loopback up; fail if anything but loopback is there.
        args.extend(
            [
                "bash",
                "-c",
                "ip link set lo up && test \"$(ip -o link show | wc -l)\" = 1 && exec \"$@\"",
                "bash",
            ]
            .map(String::from),
        );
    }
    args.extend(
        [
            "xvfb-run",
            "-a",
            "-s",
            SCREEN,
            "dbus-run-session",
            "--",
            "bash",
            "-c",
            session,
            "bash",
        ]
        .map(String::from),
    );
    args.push(inner.get_program().to_string_lossy().into_owned());
    args.extend(inner.get_args().map(|a| a.to_string_lossy().into_owned()));

    let mut cmd = Command::new(&args[0]);
    cmd.args(&args[1..])
        .current_dir(root())
        .env("XDG_DATA_HOME", &data)
        .env("XDG_RUNTIME_DIR", &runtime)
        .env_remove("DBUS_SESSION_BUS_ADDRESS")
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY");
    for (k, v) in inner.get_envs() {
        match v {
            Some(v) => cmd.env(k, v),
            None => cmd.env_remove(k),
        };
    }
    Ok(cmd)
}

/// Installs Debian's `package` when `program` is missing: tools only the
/// app's tests and packaging need (`ip` from iproute2 for the no-network
/// run, `npm` to install the Tauri CLI).
fn ensure_tool(program: &str, package: &str) -> Result {
    if have(program) {
        return Ok(());
    }
    let apt = |args: &[&str]| -> Result {
        let mut cmd = if is_root() {
            Command::new("apt-get")
        } else if have("sudo") {
            let mut c = Command::new("sudo");
            c.arg("apt-get");
            c
        } else {
            return Err(format!(
                "`{program}` is missing; install the Debian package {package}"
            ));
        };
        run_status(cmd.args(args).env("DEBIAN_FRONTEND", "noninteractive"))
    };
    println!("xtask: installing {package}");
    let install = ["install", "-y", "-q", "--no-install-recommends", package];
    // A machine whose package lists were never fetched needs an update first.
    apt(&install).or_else(|_| apt(&["update", "-q"]).and_then(|()| apt(&install)))
}

fn set_mode_700(dir: &Path) -> Result {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))
        .map_err(|e| format!("{}: {e}", dir.display()))
}

/// A fresh scratch folder under target/.
fn scratch_dir(what: &str) -> Result<PathBuf> {
    let dir = target_dir()
        .join("xtask-scratch")
        .join(format!("{what}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    Ok(dir)
}

/// Cargo's target dir (honouring `CARGO_TARGET_DIR`).
fn target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(d) if !d.is_empty() => absolute(Path::new(&d)).unwrap_or_else(|_| PathBuf::from(d)),
        _ => root().join("target"),
    }
}

fn absolute(p: &Path) -> Result<PathBuf> {
    std::path::absolute(p).map_err(|e| format!("{}: {e}", p.display()))
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

/// A fictional person: name, relationship, proximity, how we met, "check
/// in about every N days", and (proximity before, days ago) if they moved.
type DemoPerson = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    Option<u32>,
    Option<(&'static str, u32)>,
);

/// Fictional people.
const DEMO_PEOPLE: &[DemoPerson] = &[
    (
        "Maya Lin",
        "old friend",
        "far-away",
        "Shared a desk in the first year of university.",
        Some(21),
        Some(("most-days", 200)),
    ),
    (
        "Sam Okafor",
        "brother",
        "weekly",
        "He was there first.",
        Some(14),
        None,
    ),
    (
        "Ines Duarte",
        "neighbour",
        "most-days",
        "Her cat kept visiting our garden.",
        None,
        None,
    ),
    (
        "Theo Brandt",
        "colleague",
        "most-days",
        "Paired on the spring release.",
        Some(10),
        None,
    ),
    (
        "Ruth Adler",
        "grandmother",
        "few-times-a-year",
        "She taught me to swim.",
        Some(21),
        None,
    ),
    (
        "Jonas Weber",
        "cousin",
        "monthly",
        "Family dinners.",
        None,
        None,
    ),
];

/// Fictional past check-ins: person, days ago, the seven answers (seen,
/// heard, understood, safe, trust, they showed up, I showed up), circles,
/// reflection.
type DemoCheckin = (&'static str, u32, [u8; 7], u8, &'static str);

const DEMO_CHECKINS_PAST: &[DemoCheckin] = &[
    (
        "Maya Lin",
        400,
        [3, 3, 3, 3, 4, 3, 3],
        4,
        "Packing her kitchen; she's really going.",
    ),
    (
        "Maya Lin",
        180,
        [3, 3, 3, 3, 4, 3, 3],
        4,
        "Hard goodbye at the station.",
    ),
    (
        "Maya Lin",
        110,
        [4, 4, 3, 4, 4, 4, 3],
        5,
        "First long call since she moved.",
    ),
    ("Maya Lin", 40, [4, 5, 4, 4, 5, 4, 4], 6, ""),
    (
        "Sam Okafor",
        150,
        [3, 2, 2, 3, 4, 3, 3],
        3,
        "We only talked about football.",
    ),
    ("Sam Okafor", 75, [3, 3, 3, 3, 4, 4, 3], 4, ""),
    (
        "Sam Okafor",
        30,
        [4, 4, 3, 4, 4, 4, 4],
        5,
        "He asked how I was, and waited.",
    ),
    ("Ines Duarte", 90, [3, 3, 3, 3, 4, 4, 3], 3, ""),
    ("Ines Duarte", 25, [4, 4, 3, 3, 4, 4, 4], 4, ""),
    (
        "Theo Brandt",
        120,
        [2, 3, 2, 2, 3, 3, 3],
        2,
        "Lunch, but all work talk.",
    ),
    ("Theo Brandt", 60, [2, 2, 2, 2, 3, 3, 2], 2, ""),
    (
        "Theo Brandt",
        20,
        [3, 2, 2, 2, 3, 3, 3],
        2,
        "Every day side by side; I still don't know him.",
    ),
    ("Ruth Adler", 95, [3, 3, 2, 3, 3, 2, 2], 3, ""),
    (
        "Ruth Adler",
        35,
        [3, 3, 3, 2, 3, 3, 2],
        3,
        "She repeats the old stories. I could ask new questions.",
    ),
];

/// Check-ins written today with the CLI: person, answers, reflection.
const DEMO_CHECKINS_TODAY: &[(&str, &[&str], &str)] = &[
    (
        "Maya Lin",
        &[
            "--seen",
            "5",
            "--heard",
            "5",
            "--understood",
            "4",
            "--safe",
            "5",
            "--trust",
            "5",
            "--they-showed-up",
            "4",
            "--i-showed-up",
            "4",
            "--ios",
            "6",
        ],
        "Three countries between us and it still felt like the old desk.",
    ),
    (
        "Sam Okafor",
        &[
            "--seen",
            "4",
            "--heard",
            "5",
            "--understood",
            "4",
            "--safe",
            "4",
            "--trust",
            "4",
            "--they-showed-up",
            "4",
            "--i-showed-up",
            "5",
            "--ios",
            "5",
        ],
        "He talked about Dad. I listened.",
    ),
];

/// Love-map answers last updated long ago: person, topic, text, days ago.
const DEMO_STALE_LOVE_MAP: &[(&str, &str, &str, u32)] = &[
    (
        "Maya Lin",
        "worried",
        "Whether the Lisbon job will work out.",
        150,
    ),
    (
        "Theo Brandt",
        "hoping",
        "To move closer to the coast one day.",
        200,
    ),
];

/// Love-map answers typed today.
const DEMO_LOVE_MAP: &[(&str, &str, &str)] = &[
    (
        "Maya Lin",
        "carrying",
        "A new city, a new language, a team that talks fast.",
    ),
    ("Maya Lin", "enjoying", "Swimming in the sea before work."),
    (
        "Sam Okafor",
        "hoping",
        "A sub-two-hour half-marathon in October.",
    ),
    ("Sam Okafor", "carrying", "Missing Dad more than he says."),
    (
        "Theo Brandt",
        "matters",
        "His daughter's football on Saturdays — he mentioned it once.",
    ),
];

/// Moments: person, kind, days ago, note.
const DEMO_MOMENTS: &[(&str, &str, u32, &str)] = &[
    (
        "Sam Okafor",
        "really-listened",
        0,
        "The river walk; he talked about Dad.",
    ),
    (
        "Ines Duarte",
        "i-showed-up",
        2,
        "Soup, and not too many questions.",
    ),
    (
        "Maya Lin",
        "shared-vulnerable",
        5,
        "She is scared of the new job; I am scared of staying put.",
    ),
    (
        "Ruth Adler",
        "they-showed-up",
        30,
        "She sent a card for no reason at all.",
    ),
    (
        "Theo Brandt",
        "rupture",
        45,
        "Snapped at him in the release meeting.",
    ),
    (
        "Theo Brandt",
        "repair",
        44,
        "Apologised over coffee; he laughed it off kindly.",
    ),
];

/// An entry from this day last year: title, body, person.
const DEMO_A_YEAR_AGO: (&str, &str, &str) = (
    "Maya's last week in town",
    "Helped @Maya Lin pack the kitchen. We kept stopping to read old postcards. I will miss her more than I said.",
    "Maya Lin",
);

/// Fictional notes: person, text.
const DEMO_NOTES: &[(&str, &str)] = &[
    ("Maya Lin", "Starting the new job in Lisbon next month; nervous about the language. Ask how the first week went."),
    ("Maya Lin", "Still sends a postcard every winter. I never write back on paper: this year, do."),
    ("Sam Okafor", "Training for the half-marathon in October. Offer to run the last 5 km with him."),
    ("Ines Duarte", "Her mother is in hospital. Bring soup, don't ask too many questions."),
    ("Theo Brandt", "Has a daughter, Lena, who plays football. Ask how the season is going."),
];

/// A fictional entry: days ago, title, tags, people, body.
type DemoEntry = (
    u32,
    &'static str,
    &'static [&'static str],
    &'static [&'static str],
    &'static str,
);

/// Fictional entries.
const DEMO_ENTRIES: &[DemoEntry] = &[
    (
        0,
        "A long walk with Sam",
        &["family", "walks"],
        &["Sam Okafor"],
        "Walked the river path with @Sam Okafor until the light went. He talked about the race, \
         and then, for the first time in months, about Dad.\n\nI mostly listened. I think that was right.",
    ),
    (
        2,
        "Soup for Ines",
        &["neighbours"],
        &["Ines Duarte"],
        "Took soup over to @Ines Duarte. We sat on the step for twenty minutes and didn't say much. \
         She said *thank you for not asking*.",
    ),
    (
        5,
        "Call with Maya",
        &["friends"],
        &["Maya Lin"],
        "Two hours on the phone with @Maya Lin. Three countries between us and it still felt like \
         the old desk.\n\n- she is scared of the new job\n- I am scared of staying put\n\nFar away, but close.",
    ),
    (
        9,
        "Quiet Sunday",
        &["home"],
        &[],
        "Nobody to see, nothing to do. Baked bread, read on the sofa, went for a walk at dusk. \
         Being alone felt restful rather than lonely, which is new.",
    ),
    (
        14,
        "Release day",
        &["work"],
        &["Theo Brandt"],
        "Shipped the spring release with @Theo Brandt. We sit next to each other every day and I \
         realised I know almost nothing about his life. Ask him something real next week.",
    ),
];

/// Runs the Tauri bundler (npm's CLI, installed under target/) and returns
/// the .deb files it made.
fn bundle(debug: bool) -> Result<Vec<PathBuf>> {
    crate::setup::ensure(crate::setup::Need::Build)?;
    let cli_dir = target_dir().join("tauri-cli");
    let tauri = cli_dir.join("node_modules").join(".bin").join("tauri");
    if !tauri.exists() {
        ensure_tool("npm", "npm")?;
        println!("xtask: installing {TAURI_CLI} under {}", cli_dir.display());
        std::fs::create_dir_all(&cli_dir).map_err(|e| format!("{}: {e}", cli_dir.display()))?;
        run_status(
            Command::new("npm")
                .args([
                    "install",
                    "--no-audit",
                    "--no-fund",
                    "--loglevel=error",
                    "--prefix",
                ])
                .arg(&cli_dir)
                .arg(TAURI_CLI),
        )?;
    }
    let profile = if debug { "debug" } else { "release" };
    let bundle_dir = target_dir().join(profile).join("bundle");
    let _ = std::fs::remove_dir_all(&bundle_dir);
    // The CLI looks for the app in a folder holding tauri.conf.json:
    // src-tauri has relative links to the root config and the UI.
    let mut cmd = Command::new(&tauri);
    cmd.args(["build", "--bundles", "deb,rpm", "--ci"])
        .env("TAURI_APP_PATH", "src-tauri")
        .current_dir(root());
    if debug {
        cmd.arg("--debug");
    }
    run_status(&mut cmd)?;
    let debs = files_with_ext(&bundle_dir.join("deb"), "deb");
    let rpms = files_with_ext(&bundle_dir.join("rpm"), "rpm");
    if debs.is_empty() || rpms.is_empty() {
        return Err(format!(
            "the bundler made no .deb or no .rpm under {}",
            bundle_dir.display()
        ));
    }
    for p in debs.iter().chain(&rpms) {
        println!("xtask: built {}", p.display());
    }
    Ok(debs)
}

fn files_with_ext(dir: &Path, ext: &str) -> Vec<PathBuf> {
    std::fs::read_dir(dir)
        .map(|d| {
            d.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == ext))
                .collect()
        })
        .unwrap_or_default()
}

/// Looks inside a .deb: the binary, the desktop entry, the icon, and the
/// control fields a package manager needs.
fn check_deb(deb: &Path) -> Result {
    let read = |flag: &str| -> Result<String> {
        let out = Command::new("dpkg-deb")
            .arg(flag)
            .arg(deb)
            .output()
            .map_err(|e| format!("dpkg-deb: {e}"))?;
        if !out.status.success() {
            return Err(format!("dpkg-deb {flag} {} failed", deb.display()));
        }
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    };
    let contents = read("-c")?;
    let info = read("-I")?;
    let mut missing = Vec::new();
    for want in [
        "usr/bin/kindred-app",
        "usr/share/applications/Kindred.desktop",
        "usr/share/icons/hicolor/128x128/apps/kindred-app.png",
    ] {
        if !contents.lines().any(|l| l.ends_with(want)) {
            missing.push(want.to_owned());
        }
    }
    for want in [
        "Package: kindred",
        "Version: 0.1.0",
        "Depends:",
        "libwebkit2gtk-4.1-0",
        "Description:",
    ] {
        if !info.contains(want) {
            missing.push(format!("control field {want}"));
        }
    }
    if !missing.is_empty() {
        return Err(format!("{} lacks: {}", deb.display(), missing.join(", ")));
    }
    // The desktop entry starts the binary and names the icon.
    let scratch = scratch_dir("deb")?;
    run_status(Command::new("dpkg-deb").arg("-x").arg(deb).arg(&scratch))?;
    let entry = std::fs::read_to_string(scratch.join("usr/share/applications/Kindred.desktop"))
        .map_err(|e| format!("desktop entry: {e}"))?;
    let _ = std::fs::remove_dir_all(&scratch);
    for want in [
        "Exec=kindred-app",
        "Icon=kindred-app",
        "Name=Kindred",
        "Type=Application",
    ] {
        if !entry.lines().any(|l| l.trim() == want) {
            return Err(format!("the desktop entry lacks {want}:\n{entry}"));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cargo_json_paths_are_read() {
        let line = r#"{"reason":"compiler-artifact","target":{"name":"e2e"},"executable":"/t/debug/deps/e2e-1a2b","fresh":true}"#;
        assert_eq!(
            json_string(line, "executable").as_deref(),
            Some("/t/debug/deps/e2e-1a2b")
        );
        assert_eq!(
            json_string(r#"{"executable":"a\\b\"c"}"#, "executable").as_deref(),
            Some("a\\b\"c")
        );
        assert_eq!(json_string(r#"{"executable":null}"#, "executable"), None);
    }
}
