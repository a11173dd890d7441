//! `cargo xtask bench --app`: the desktop app itself, release build, on a
//! virtual display. Launch to fully drawn and whole-app memory, against a
//! floor: `bench/floor`, one Tauri window with one paragraph, built from
//! the same dependencies, the least a window costs on this machine.
//!
//! "Fully drawn" is a mark the page sets: two animation frames after its
//! first screen rendered, it sends `drawn`, and the app (with
//! `KINDRED_LAUNCH_TRACE=1`) prints a `kindred-launch:` line with its own
//! times (see src-tauri/src/launch_trace.rs). Launch is measured here, from
//! spawning the process to reading that line. Whole-app PSS is the sum of
//! `/proc/PID/smaps_rollup` over the app and every process under it
//! (WebKit's web and network processes) after 10 s idle. Kindred and the
//! floor take turns, fresh XDG folders each launch, and the median of the
//! rounds is reported. Then the release packages are built and checked
//! (as `cargo xtask package` does) and their sizes printed. Numbers only;
//! nothing is asserted.
//!
//! With `--peer PATH` (another app's executable, such as a peer's release
//! build), a second series follows: Kindred, the floor and the peer take
//! turns, and "fully drawn" is told for all three by the screen's pixels
//! (the last big change once the screen settled; see [`crate::settle`]),
//! since a peer sets no mark. Kindred's and the floor's marks are noted in
//! the same launches, so the two ways can be compared.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::e2e::{build_e2e_release, headless};
use crate::setup::{self, Need};
use crate::util::{cargo, run_status, scratch_dir, target_dir, Result};

/// Launches of each app unless `--rounds N` says otherwise.
const ROUNDS: usize = 5;
/// Idle time before memory is read.
const IDLE: Duration = Duration::from_secs(10);
/// A launch that has not drawn by then failed.
const DRAW_LIMIT: Duration = Duration::from_secs(60);

/// Targets from the issue: launch in ms, PSS in MB, stripped binary in MB.
const TARGET_LAUNCH_MS: f64 = 600.0;
const TARGET_PSS_MB: f64 = 180.0;
const TARGET_BINARY_MB: f64 = 12.0;

/// `cargo xtask bench --app [--rounds N] [--entries N] [--only
/// launch|scale] [--peer PATH]`.
pub fn bench_app(args: &[String]) -> Result {
    let rounds = rounds(args)?;
    let entries = entries(args)?;
    let peer = peer(args)?;
    let only = args
        .iter()
        .position(|a| a == "--only")
        .and_then(|i| args.get(i + 1))
        .map(String::as_str);
    setup::ensure(Need::Test)?;
    if only != Some("scale") {
        launches(rounds, peer.as_deref())?;
        packages()?;
    }
    if only != Some("launch") {
        at_scale(entries)?;
    }
    Ok(())
}

/// The release packages, built and checked as `cargo xtask package` does
/// (the app and the `kindred` command, compressed), and their sizes.
fn packages() -> Result {
    crate::package::package(&[])?;
    println!("\n## The release packages\n");
    println!("| package | size |\n|---|---|");
    for path in crate::package::built(false) {
        let mb = std::fs::metadata(&path)
            .map(|m| m.len() as f64 / 1e6)
            .unwrap_or(f64::NAN);
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        println!("| {name} | {mb:.1} MB |");
    }
    Ok(())
}

/// Entries of the vault timed through the window (`--entries N`).
fn entries(args: &[String]) -> Result<usize> {
    match args.iter().position(|a| a == "--entries") {
        Some(i) => args
            .get(i + 1)
            .and_then(|n| n.parse::<usize>().ok())
            .filter(|&n| n >= 500)
            .ok_or_else(|| "--entries takes a whole number of 500 or more".into()),
        None => Ok(100_000),
    }
}

/// The app at scale through its real window: the release app (with the
/// test suite's `e2e` feature) driven by `tests/e2e/scale.rs`.
fn at_scale(entries: usize) -> Result {
    let tests = build_e2e_release()?;
    let scratch = scratch_dir("bench-scale")?;
    let mut cmd = Command::new(tests);
    cmd.args([
        "scale::at_scale",
        "--exact",
        "--ignored",
        "--nocapture",
        "--test-threads=1",
    ])
    .env("KINDRED_BENCH_ENTRIES", entries.to_string())
    .env("WEBKIT_DISABLE_DMABUF_RENDERER", "1");
    println!("xtask: {entries} entries and 1,000 people through the release app's window");
    run_status(&mut headless(&cmd, &scratch, false)?)?;
    let _ = std::fs::remove_dir_all(&scratch);
    Ok(())
}

/// `--peer PATH`: another app's executable (a peer's release build), to
/// launch beside Kindred and the floor, drawn told by the pixels.
fn peer(args: &[String]) -> Result<Option<PathBuf>> {
    let Some(i) = args.iter().position(|a| a == "--peer") else {
        return Ok(None);
    };
    let path = args
        .get(i + 1)
        .map(PathBuf::from)
        .ok_or("--peer takes the path of an app's executable")?;
    let path = path
        .canonicalize()
        .map_err(|e| format!("--peer {}: {e}", path.display()))?;
    Ok(Some(path))
}

/// Launch to drawn and memory, Kindred and the floor taking turns (and
/// with `peer`, a second series told by the pixels, the peer included).
fn launches(rounds: usize, peer: Option<&Path>) -> Result {
    run_status(cargo().args([
        "build",
        "--release",
        "-p",
        "kindred-app",
        "-p",
        "kindred-floor",
    ]))?;
    let scratch = scratch_dir("bench-app")?;
    let me = std::env::current_exe().map_err(|e| format!("xtask's own path: {e}"))?;
    let mut inner = Command::new(me);
    inner.args(["bench-app-inner", "--rounds", &rounds.to_string()]);
    inner.env("BENCH_APP_SCRATCH", &scratch);
    if let Some(peer) = peer {
        setup::ensure_tool("xwd", "x11-apps")?;
        inner.env("BENCH_APP_PEER", peer);
    }
    run_status(&mut headless(&inner, &scratch, false)?)?;
    let _ = std::fs::remove_dir_all(&scratch);
    Ok(())
}

fn rounds(args: &[String]) -> Result<usize> {
    match args.iter().position(|a| a == "--rounds") {
        Some(i) => args
            .get(i + 1)
            .and_then(|n| n.parse::<usize>().ok())
            .filter(|&n| n > 0)
            .ok_or_else(|| "--rounds takes a whole number above 0".into()),
        None => Ok(ROUNDS),
    }
}

/// One launch's figures.
#[derive(Debug, Clone, Default)]
struct Launch {
    /// Spawn to the drawn line, ms.
    total_ms: f64,
    /// From the line: main to window made, main to drawn (app's clock).
    window_ms: f64,
    drawn_ms: f64,
    /// The page's marks: modules loaded, first answer, drawn (ms since its
    /// navigation started).
    page_main_ms: f64,
    page_status_ms: f64,
    page_drawn_ms: f64,
    /// Whole-app PSS after idling, KiB, and per process name.
    pss_kb: u64,
    per_process: Vec<(String, u64)>,
}

/// Runs inside the virtual display and private session bus.
pub fn inner(args: &[String]) -> Result {
    let rounds = rounds(args)?;
    let scratch =
        PathBuf::from(std::env::var_os("BENCH_APP_SCRATCH").ok_or("BENCH_APP_SCRATCH is not set")?);
    let release = target_dir().join("release");
    // Kindred with its WebKit settings left as they come is the third: what
    // src-tauri/src/webview.rs saves.
    let apps = [
        ("Kindred", release.join("kindred-app"), false),
        ("floor", release.join("kindred-floor"), false),
        (
            "Kindred, WebKit defaults",
            release.join("kindred-app"),
            true,
        ),
    ];
    let mut all: Vec<Vec<Launch>> = vec![Vec::new(), Vec::new(), Vec::new()];
    for round in 0..rounds {
        for (i, (name, bin, defaults)) in apps.iter().enumerate() {
            let home = scratch.join(format!("{i}-{round}"));
            let l = launch(bin, &home, *defaults)?;
            println!(
                "xtask: {name} round {}: drawn after {:.0} ms, {:.1} MB PSS",
                round + 1,
                l.total_ms,
                l.pss_kb as f64 / 1024.0
            );
            all[i].push(l);
        }
    }
    let k = median_launch(&all[0]);
    let f = median_launch(&all[1]);
    let d = median_launch(&all[2]);
    let size = |bin: &Path| stripped_mb(bin).map_or("?".into(), |mb| format!("{mb:.1} MB"));
    println!("\n## The app ({rounds} launches each, medians; release build)\n");
    println!("| measure | Kindred | floor | ratio | target |");
    println!("|---|---|---|---|---|");
    let row = |what: &str, a: f64, b: f64, unit: &str, target: &str| {
        println!(
            "| {what} | {a:.0} {unit} | {b:.0} {unit} | {:.2}× | {target} |",
            if b > 0.0 { a / b } else { 0.0 }
        );
    };
    row(
        "launch to fully drawn (spawn → drawn mark)",
        k.total_ms,
        f.total_ms,
        "ms",
        &format!("< {TARGET_LAUNCH_MS:.0} ms"),
    );
    row(
        "… main() to window made",
        k.window_ms,
        f.window_ms,
        "ms",
        "",
    );
    row("… main() to drawn", k.drawn_ms, f.drawn_ms, "ms", "");
    row(
        "… page: modules loaded and run",
        k.page_main_ms,
        f.page_main_ms,
        "ms",
        "",
    );
    row(
        "… page: first answer from the app",
        k.page_status_ms,
        f.page_status_ms,
        "ms",
        "",
    );
    row("… page: drawn", k.page_drawn_ms, f.page_drawn_ms, "ms", "");
    row(
        "whole-app PSS after 10 s idle",
        k.pss_kb as f64 / 1024.0,
        f.pss_kb as f64 / 1024.0,
        "MB",
        &format!("≤ {TARGET_PSS_MB:.0} MB"),
    );
    println!(
        "| release binary, stripped | {} | {} | | ≤ {TARGET_BINARY_MB:.0} MB |",
        size(&apps[0].1),
        size(&apps[1].1)
    );
    println!(
        "| whole-app PSS with WebKit's settings as they come (src-tauri/src/webview.rs off) | {:.0} MB | | | |",
        d.pss_kb as f64 / 1024.0
    );
    println!(
        "| launch to fully drawn, WebKit's settings as they come | {:.0} ms | | | |",
        d.total_ms
    );
    for (name, l) in [
        ("Kindred", &k),
        ("floor", &f),
        ("Kindred, WebKit defaults", &d),
    ] {
        println!(
            "\n{name}'s PSS by process (median launch): {}",
            by_process(&l.per_process)
        );
    }
    if let Some(peer) = std::env::var_os("BENCH_APP_PEER") {
        by_pixels(rounds, &scratch, Path::new(&peer))?;
    }
    Ok(())
}

/// One launch told by the pixels.
#[derive(Debug, Clone, Default)]
struct Watched {
    /// Spawn to the screen's last big change, ms.
    settled_ms: f64,
    /// Spawn to the drawn mark (Kindred and the floor), ms.
    mark_ms: Option<f64>,
    /// Median gap between two reads of the screen, ms.
    gap_ms: f64,
    pss_kb: u64,
    per_process: Vec<(String, u64)>,
}

/// Kindred, the floor and the peer taking turns, drawn told by the screen's
/// pixels for all three ([`crate::settle`]), and memory after idling.
fn by_pixels(rounds: usize, scratch: &Path, peer: &Path) -> Result {
    let release = target_dir().join("release");
    let peer_name = peer
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "peer".into());
    let apps = [
        ("Kindred".to_owned(), release.join("kindred-app"), true),
        ("floor".to_owned(), release.join("kindred-floor"), true),
        (peer_name, peer.to_path_buf(), false),
    ];
    let mut all: Vec<Vec<Watched>> = vec![Vec::new(), Vec::new(), Vec::new()];
    for round in 0..rounds {
        for (i, (name, bin, ours)) in apps.iter().enumerate() {
            let home = scratch.join(format!("pixels-{i}-{round}"));
            let w = watched_launch(bin, &home, *ours)?;
            println!(
                "xtask: {name} round {}: the screen settled {:.0} ms after the spawn (mark {}), {:.1} MB PSS",
                round + 1,
                w.settled_ms,
                w.mark_ms.map_or("none".into(), |m| format!("{m:.0} ms")),
                w.pss_kb as f64 / 1024.0
            );
            all[i].push(w);
        }
    }
    let median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v.get(v.len() / 2).copied().unwrap_or(f64::NAN)
    };
    let of = |i: usize, f: &dyn Fn(&Watched) -> Option<f64>| {
        let mut v: Vec<f64> = all[i].iter().filter_map(f).collect();
        median(&mut v)
    };
    let settled: Vec<f64> = (0..3).map(|i| of(i, &|w| Some(w.settled_ms))).collect();
    let mark: Vec<f64> = (0..2).map(|i| of(i, &|w| w.mark_ms)).collect();
    let pss: Vec<f64> = (0..3)
        .map(|i| of(i, &|w| Some(w.pss_kb as f64 / 1024.0)))
        .collect();
    let gap = median(&mut all.iter().flatten().map(|w| w.gap_ms).collect());
    let size = |bin: &Path| stripped_mb(bin).unwrap_or(f64::NAN);
    let sizes: Vec<f64> = apps.iter().map(|a| size(&a.1)).collect();
    println!(
        "\n## Beside the peer: drawn told by the pixels ({rounds} launches each, medians; one read of the screen every {gap:.0} ms)\n"
    );
    println!(
        "| measure | Kindred | floor | {} | Kindred ÷ peer | target |",
        apps[2].0
    );
    println!("|---|---|---|---|---|---|");
    println!(
        "| launch to the screen settled | {:.0} ms | {:.0} ms | {:.0} ms | {:.2}× | < {TARGET_LAUNCH_MS:.0} ms |",
        settled[0],
        settled[1],
        settled[2],
        settled[0] / settled[2]
    );
    println!(
        "| … the drawn mark, same launches | {:.0} ms | {:.0} ms | | | |",
        mark[0], mark[1]
    );
    println!(
        "| whole-app PSS after 10 s idle | {:.0} MB | {:.0} MB | {:.0} MB | {:.2}× | ≤ {TARGET_PSS_MB:.0} MB |",
        pss[0],
        pss[1],
        pss[2],
        pss[0] / pss[2]
    );
    println!(
        "| binary, stripped | {:.1} MB | {:.1} MB | {:.1} MB | {:.2}× | ≤ {TARGET_BINARY_MB:.0} MB |",
        sizes[0],
        sizes[1],
        sizes[2],
        sizes[0] / sizes[2]
    );
    for (i, (name, _, _)) in apps.iter().enumerate() {
        if let Some(w) = all[i].get(all[i].len() / 2) {
            println!(
                "\n{name}'s PSS by process (round {}): {}",
                all[i].len() / 2 + 1,
                by_process(&w.per_process)
            );
        }
    }
    Ok(())
}

/// Starts `bin` with fresh folders under `home` and reads the screen until
/// it settles (for `ours`, also noting the drawn mark); idles, reads its
/// memory and stops it.
fn watched_launch(bin: &Path, home: &Path, ours: bool) -> Result<Watched> {
    let mut cmd = fresh_app(bin, home)?;
    if ours {
        cmd.env("KINDRED_LAUNCH_TRACE", "1").stdout(Stdio::piped());
    } else {
        cmd.stdout(Stdio::null());
    }
    // One read before the app starts, so the first run of xwd (loading
    // it from disk) is not in the timing.
    crate::settle::frame()?;
    let started = Instant::now();
    let mut child = cmd.spawn().map_err(|e| format!("{}: {e}", bin.display()))?;
    let marks = launch_lines(&mut child);
    let result = crate::settle::until_settled(started, DRAW_LIMIT, bin).map(|(drawn, gap)| {
        let mark_ms = marks
            .try_recv()
            .ok()
            .map(|(at, _)| (at - started).as_secs_f64() * 1000.0);
        std::thread::sleep(IDLE.saturating_sub(crate::settle::QUIET));
        let (pss_kb, per_process) = whole_app_pss(child.id());
        Watched {
            settled_ms: drawn.as_secs_f64() * 1000.0,
            mark_ms,
            gap_ms: gap.as_secs_f64() * 1000.0,
            pss_kb,
            per_process,
        }
    });
    stop(&mut child);
    result
}

/// The launch whose total time is the median, with the median of each
/// figure on its own.
fn median_launch(ls: &[Launch]) -> Launch {
    let med = |f: &dyn Fn(&Launch) -> f64| -> f64 {
        let mut v: Vec<f64> = ls.iter().map(f).collect();
        v.sort_by(f64::total_cmp);
        v.get(v.len() / 2).copied().unwrap_or(0.0)
    };
    let mut by_pss: Vec<&Launch> = ls.iter().collect();
    by_pss.sort_by_key(|l| l.pss_kb);
    Launch {
        total_ms: med(&|l| l.total_ms),
        window_ms: med(&|l| l.window_ms),
        drawn_ms: med(&|l| l.drawn_ms),
        page_main_ms: med(&|l| l.page_main_ms),
        page_status_ms: med(&|l| l.page_status_ms),
        page_drawn_ms: med(&|l| l.page_drawn_ms),
        pss_kb: by_pss.get(by_pss.len() / 2).map_or(0, |l| l.pss_kb),
        per_process: by_pss
            .get(by_pss.len() / 2)
            .map(|l| l.per_process.clone())
            .unwrap_or_default(),
    }
}

/// Starts `bin` with fresh folders under `home`, waits for its drawn line,
/// idles, reads its memory and stops it.
fn launch(bin: &Path, home: &Path, webview_defaults: bool) -> Result<Launch> {
    let mut cmd = fresh_app(bin, home)?;
    cmd.env("KINDRED_LAUNCH_TRACE", "1")
        .env(
            "KINDRED_WEBVIEW_DEFAULTS",
            if webview_defaults { "1" } else { "0" },
        )
        .stdout(Stdio::piped());
    let started = Instant::now();
    let mut child = cmd.spawn().map_err(|e| format!("{}: {e}", bin.display()))?;
    let got = launch_lines(&mut child).recv_timeout(DRAW_LIMIT);
    let result = match got {
        Ok((at, json)) => {
            let mut l = parse_line(&json)?;
            l.total_ms = (at - started).as_secs_f64() * 1000.0;
            std::thread::sleep(IDLE);
            let (total, per) = whole_app_pss(child.id());
            l.pss_kb = total;
            l.per_process = per;
            Ok(l)
        }
        Err(_) => Err(format!(
            "{} did not report its first screen drawn within {} s",
            bin.display(),
            DRAW_LIMIT.as_secs()
        )),
    };
    stop(&mut child);
    result
}

/// `bin` to be started with fresh XDG folders and home under `home`, as
/// a first launch on this machine (no vault), with its stdin and stderr
/// closed.
fn fresh_app(bin: &Path, home: &Path) -> Result<Command> {
    let mut dirs = Vec::new();
    for d in ["data", "config", "cache", "home"] {
        let p = home.join(d);
        std::fs::create_dir_all(&p).map_err(|e| format!("{}: {e}", p.display()))?;
        dirs.push(p);
    }
    let mut cmd = Command::new(bin);
    cmd.env("WEBKIT_DISABLE_DMABUF_RENDERER", "1")
        .env("XDG_DATA_HOME", &dirs[0])
        .env("XDG_CONFIG_HOME", &dirs[1])
        .env("XDG_CACHE_HOME", &dirs[2])
        .env("HOME", &dirs[3])
        .env_remove("KINDRED_VAULT")
        .stdin(Stdio::null())
        .stderr(Stdio::null());
    Ok(cmd)
}

/// The `kindred-launch:` lines the child prints (with
/// `KINDRED_LAUNCH_TRACE=1`), each with when it was read; nothing if its
/// output is not piped.
fn launch_lines(child: &mut std::process::Child) -> mpsc::Receiver<(Instant, String)> {
    let (tx, rx) = mpsc::channel();
    if let Some(stdout) = child.stdout.take() {
        std::thread::spawn(move || {
            for line in BufReader::new(stdout)
                .lines()
                .map_while(std::io::Result::ok)
            {
                if let Some(json) = line.strip_prefix("kindred-launch: ") {
                    let _ = tx.send((Instant::now(), json.to_owned()));
                }
            }
        });
    }
    rx
}

/// Reads the numbers of a `kindred-launch:` line.
fn parse_line(json: &str) -> Result<Launch> {
    let v: serde_json::Value =
        serde_json::from_str(json).map_err(|e| format!("launch line {json:?}: {e}"))?;
    let n = |x: &serde_json::Value| x.as_f64().unwrap_or(0.0);
    Ok(Launch {
        window_ms: n(&v["window_ms"]),
        drawn_ms: n(&v["drawn_ms"]),
        page_main_ms: n(&v["page"]["main_ms"]),
        page_status_ms: n(&v["page"]["status_ms"]),
        page_drawn_ms: n(&v["page"]["drawn_ms"]),
        ..Launch::default()
    })
}

/// SIGTERM, then SIGKILL after 5 s; waits, and gives the session bus a
/// moment to release the single-instance name.
fn stop(child: &mut std::process::Child) {
    let _ = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status();
    let until = Instant::now() + Duration::from_secs(5);
    while Instant::now() < until {
        if let Ok(Some(_)) = child.try_wait() {
            std::thread::sleep(Duration::from_millis(500));
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = child.kill();
    let _ = child.wait();
    std::thread::sleep(Duration::from_millis(500));
}

/// PSS of `pid` and every process under it, in KiB, with each process's
/// name and share.
fn whole_app_pss(pid: u32) -> (u64, Vec<(String, u64)>) {
    let mut pids = vec![pid];
    let mut i = 0;
    while i < pids.len() {
        let below = children_of(pids[i]);
        pids.extend(below);
        i += 1;
    }
    let mut per = Vec::new();
    for p in pids {
        let pss = std::fs::read_to_string(format!("/proc/{p}/smaps_rollup"))
            .ok()
            .and_then(|s| {
                s.lines()
                    .find(|l| l.starts_with("Pss:"))
                    .and_then(|l| l.split_whitespace().nth(1))
                    .and_then(|kb| kb.parse::<u64>().ok())
            });
        let name = std::fs::read_to_string(format!("/proc/{p}/comm"))
            .map(|s| s.trim().to_owned())
            .unwrap_or_default();
        if let Some(kb) = pss {
            per.push((name, kb));
        }
    }
    (per.iter().map(|(_, kb)| kb).sum(), per)
}

/// "kindred-app 86.5 MB, WebKitNetworkPr 27.7 MB, …".
fn by_process(per_process: &[(String, u64)]) -> String {
    per_process
        .iter()
        .map(|(p, kb)| format!("{p} {:.1} MB", *kb as f64 / 1024.0))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Process ids whose parent is `pid` (Linux /proc).
fn children_of(pid: u32) -> Vec<u32> {
    let Ok(dir) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    dir.filter_map(|e| e.ok())
        .filter_map(|e| e.file_name().to_str().and_then(|s| s.parse::<u32>().ok()))
        .filter(|p| parent_of(*p) == Some(pid))
        .collect()
}

fn parent_of(pid: u32) -> Option<u32> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let rest = &stat[stat.rfind(')')? + 2..];
    rest.split_whitespace().nth(1)?.parse().ok()
}

/// The binary's size once stripped (a stripped copy in a temp file), MB.
fn stripped_mb(bin: &Path) -> Option<f64> {
    let out = std::env::temp_dir().join(format!("kindred-stripped-{}", std::process::id()));
    let ok = Command::new("strip")
        .arg("-o")
        .arg(&out)
        .arg(bin)
        .status()
        .is_ok_and(|s| s.success());
    let size = ok
        .then(|| std::fs::metadata(&out).ok().map(|m| m.len()))
        .flatten();
    let _ = std::fs::remove_file(&out);
    size.map(|b| b as f64 / 1_000_000.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_launch_line_and_rounds_are_read() {
        let l = parse_line(
            r#"{"window_ms":41.5,"drawn_ms":612.0,"page":{"main_ms":120.2,"status_ms":180.9,"drawn_ms":230.1}}"#,
        )
        .unwrap();
        assert_eq!(
            (
                l.window_ms,
                l.drawn_ms,
                l.page_main_ms,
                l.page_status_ms,
                l.page_drawn_ms
            ),
            (41.5, 612.0, 120.2, 180.9, 230.1)
        );
        assert!(parse_line("not json").is_err());
        assert_eq!(rounds(&[]).unwrap(), ROUNDS);
        assert_eq!(rounds(&["--rounds".into(), "3".into()]).unwrap(), 3);
        assert!(rounds(&["--rounds".into(), "0".into()]).is_err());
        assert_eq!(entries(&[]).unwrap(), 100_000);
        assert_eq!(entries(&["--entries".into(), "2000".into()]).unwrap(), 2000);
        assert!(entries(&["--entries".into(), "10".into()]).is_err());
    }

    #[test]
    fn the_median_launch_takes_the_middle_of_each_figure() {
        let at = |ms: f64, kb: u64| Launch {
            total_ms: ms,
            pss_kb: kb,
            ..Launch::default()
        };
        let m = median_launch(&[at(900.0, 300), at(500.0, 100), at(700.0, 200)]);
        assert_eq!((m.total_ms, m.pss_kb), (700.0, 200));
    }
}
