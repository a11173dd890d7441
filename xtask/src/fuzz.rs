//! `cargo xtask fuzz`: every fuzz target in fuzz/, coverage-guided by
//! AFL++ on the stable toolchain, N minutes each, with figures per target.
//!
//! AFL++ comes from crates.io: `cargo-afl` (installed under
//! target/fuzz-tools/) builds AFL++ and its runtime from the sources it
//! ships (`cargo afl config --build`, into target/fuzz-tools/share/), and
//! `cargo afl build` instruments the harness with LLVM's sanitizer
//! coverage, which stable rustc offers. The instrumented build has its own
//! target dir (target/fuzz/), so it never invalidates the normal one.
//!
//! Each target runs in its own folder, target/fuzz-runs/TARGET/, seeded
//! with fuzz/corpus/TARGET and fuzz/regressions/TARGET, with a 1-second
//! timeout (a slower input is a hang) and a memory limit; the harness
//! itself refuses to hold more than 512 MiB of heap. Every crash AFL++
//! saves is run again outside it to tell an allocation over the limit from
//! a failed property or panic.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use crate::setup::{self, Need};
use crate::util::{cargo, root, run_status, target_dir, Result};

/// The `afl` crate's version in Cargo.lock; cargo-afl builds AFL++ and the
/// runtime that crate links against, so the two move together.
const CARGO_AFL_VERSION: &str = "0.18.2";
/// Per target, in `cargo xtask test`; targets run side by side, one per
/// core, so nine take under three minutes on two cores. Every bug found so
/// far showed within 8 s (README); the long runs are `cargo xtask fuzz`.
pub const SMOKE: Duration = Duration::from_secs(30);
/// An input slower than this is a hang.
const TIMEOUT_MS: u32 = 1_000;
/// AFL++'s limit on the whole process's address space, in MiB: the
/// harness's 512 MiB of heap plus the binary, SQLite and thread stacks.
const MEMORY_MB: u32 = 1_024;
/// The local zone of the runs: UTC+14, the farthest ahead, so jrnl's
/// wall-clock times can cross year 0 in UTC (a POSIX rule, which needs no
/// time zone database).
const TZ: &str = "<+14>-14";

/// `cargo xtask fuzz [--minutes N | --seconds N] [--jobs N] [TARGET…]`.
pub fn fuzz(args: &[String]) -> Result {
    let plan = parse(args)?;
    run(&plan)
}

/// What to fuzz, how long and how many at once.
#[derive(Debug, PartialEq)]
struct Plan {
    /// How long each target runs (default a minute).
    each: Duration,
    /// Which targets (default all).
    only: Vec<String>,
    /// Targets fuzzed side by side (default one per core).
    jobs: usize,
}

fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, usize::from)
}

fn parse(args: &[String]) -> Result<Plan> {
    let mut each = Duration::from_secs(60);
    let mut only = Vec::new();
    let mut jobs = cores();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut number = |unit: u64| -> Result<Duration> {
            let n: u64 = it
                .next()
                .and_then(|n| n.parse().ok())
                .filter(|n| *n > 0)
                .ok_or_else(|| format!("{a} takes a whole number above 0"))?;
            Ok(Duration::from_secs(n * unit))
        };
        match a.as_str() {
            "--minutes" => each = number(60)?,
            "--seconds" => each = number(1)?,
            "--jobs" => jobs = number(1)?.as_secs() as usize,
            t if !t.starts_with('-') => only.push(t.to_owned()),
            _ => return Err(format!("unknown option {a}")),
        }
    }
    Ok(Plan { each, only, jobs })
}

/// Every target for [`SMOKE`], with a harness [`prepare`]d already; fails
/// on any crash, hang or allocation over the limit.
pub fn smoke(harness: &Harness) -> Result {
    run_with(
        harness,
        &Plan {
            each: SMOKE,
            only: Vec::new(),
            jobs: cores(),
        },
    )
}

/// The instrumented harness, built, and the environment its tools need.
pub struct Harness {
    env: Vec<(&'static str, std::ffi::OsString)>,
    bin: PathBuf,
}

/// How the tools and the harness are built.
#[derive(Clone, Copy)]
pub enum Build<'a> {
    /// In the foreground, output shown.
    Shown,
    /// Beside other work: at the lowest CPU priority (`nice -n 19`), the
    /// output appended to this log, and stopped as soon as `stop` is set.
    Beside { log: &'a Path, stop: &'a AtomicBool },
}

impl Build<'_> {
    /// Runs `cmd` as this build wants it.
    fn run(self, cmd: &mut Command) -> Result {
        let Build::Beside { log, stop } = self else {
            return run_status(cmd);
        };
        let file = fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(log)
            .map_err(|e| format!("{}: {e}", log.display()))?;
        let mut niced = niced(cmd);
        niced
            .stdin(Stdio::null())
            .stdout(file.try_clone().map_err(|e| e.to_string())?)
            .stderr(file);
        let mut child = niced
            .spawn()
            .map_err(|e| format!("could not start {:?}: {e}", cmd.get_program()))?;
        loop {
            if let Some(status) = child.try_wait().map_err(|e| e.to_string())? {
                if status.success() {
                    return Ok(());
                }
                let text = fs::read_to_string(log).unwrap_or_default();
                let tail: Vec<&str> = text.lines().rev().take(30).collect();
                return Err(format!(
                    "{:?} failed ({status}); the end of {}:\n{}",
                    cmd.get_program(),
                    log.display(),
                    tail.into_iter().rev().collect::<Vec<_>>().join("\n")
                ));
            }
            if stop.load(Ordering::Relaxed) {
                let _ = child.kill();
                let _ = child.wait();
                return Err("stopped: the run failed elsewhere".into());
            }
            std::thread::sleep(Duration::from_millis(200));
        }
    }

    /// `cmd` at this build's priority, for a caller that reads its output.
    fn at_priority(self, cmd: &Command) -> Command {
        match self {
            Build::Shown => niced_as(cmd, None),
            Build::Beside { .. } => niced(cmd),
        }
    }
}

/// `cmd` under `nice -n 19`: the same program, arguments, environment and
/// folder, at the lowest CPU priority.
fn niced(cmd: &Command) -> Command {
    niced_as(cmd, Some("19"))
}

fn niced_as(cmd: &Command, niceness: Option<&str>) -> Command {
    let mut out = match niceness {
        Some(n) => {
            let mut c = Command::new("nice");
            c.args(["-n", n]).arg(cmd.get_program());
            c
        }
        None => Command::new(cmd.get_program()),
    };
    out.args(cmd.get_args());
    for (k, v) in cmd.get_envs() {
        match v {
            Some(v) => out.env(k, v),
            None => out.env_remove(k),
        };
    }
    if let Some(dir) = cmd.get_current_dir() {
        out.current_dir(dir);
    }
    out
}

/// Installs cargo-afl, builds AFL++ and the instrumented harness.
pub fn prepare(how: Build) -> Result<Harness> {
    setup::ensure(Need::Fuzz)?;
    let env = tools(how)?;
    let bin = build(&env, how)?;
    Ok(Harness { env, bin })
}

/// What one target's run found.
#[derive(Debug, Default)]
struct Figures {
    target: String,
    execs: u64,
    execs_per_sec: f64,
    /// Failed properties and panics.
    crashes: Vec<PathBuf>,
    /// Inputs slower than the timeout.
    hangs: Vec<PathBuf>,
    /// Allocations past the limit.
    oom: Vec<PathBuf>,
    /// Inputs in the queue at the end, and edges covered.
    corpus: u64,
    edges: u64,
    /// Seconds into the run of the last new path.
    last_find: u64,
}

fn run(plan: &Plan) -> Result {
    run_with(&prepare(Build::Shown)?, plan)
}

fn run_with(harness: &Harness, plan: &Plan) -> Result {
    let Harness { env, bin } = harness;
    let names = list(bin)?;
    if let Some(t) = plan.only.iter().find(|t| !names.contains(t)) {
        return Err(format!(
            "no fuzz target {t}; there are: {}",
            names.join(", ")
        ));
    }
    let queue: Vec<&String> = names
        .iter()
        .filter(|n| plan.only.is_empty() || plan.only.contains(n))
        .collect();
    println!(
        "xtask: fuzzing {} targets for {} s each, {} at a time",
        queue.len(),
        plan.each.as_secs(),
        plan.jobs
    );
    // Each AFL++ instance is one process on one core, in its own folder.
    let next = Mutex::new(queue.into_iter());
    let results = Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for _ in 0..plan.jobs.max(1) {
            s.spawn(|| loop {
                let Some(name) = next.lock().unwrap_or_else(PoisonError::into_inner).next() else {
                    break;
                };
                println!("xtask: fuzzing {name}");
                let done = fuzz_one(env, bin, name, plan.each);
                results
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .push(done);
            });
        }
    });
    let mut all = Vec::new();
    for r in results.into_inner().unwrap_or_else(PoisonError::into_inner) {
        all.push(r?);
    }
    all.sort_by(|a, b| a.target.cmp(&b.target));
    println!("\n{}", table(&all));
    let bad: Vec<String> = all
        .iter()
        .flat_map(|f| f.crashes.iter().chain(&f.hangs).chain(&f.oom))
        .map(|p| p.display().to_string())
        .collect();
    if bad.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "the fuzzer found inputs that fail; replay one with\n  \
             target/fuzz/fuzz/kindred-fuzz TARGET < FILE\n{}",
            bad.join("\n")
        ))
    }
}

/// PATH and XDG_DATA_HOME for cargo-afl: its binary and AFL++'s build
/// live under target/fuzz-tools/.
fn tools(how: Build) -> Result<Vec<(&'static str, std::ffi::OsString)>> {
    let home = target_dir().join("fuzz-tools");
    let cargo_afl = home.join("bin").join("cargo-afl");
    let version_ok = Command::new(&cargo_afl)
        .args(["afl", "--version"])
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).contains(CARGO_AFL_VERSION));
    if !version_ok {
        println!(
            "xtask: installing cargo-afl {CARGO_AFL_VERSION} under {}",
            home.display()
        );
        how.run(
            cargo()
                .args(["install", "--locked", "--force", "--root"])
                .arg(&home)
                .args(["cargo-afl", "--version", &format!("={CARGO_AFL_VERSION}")]),
        )?;
    }
    let mut path = std::ffi::OsString::from(home.join("bin"));
    if let Some(p) = std::env::var_os("PATH") {
        path.push(":");
        path.push(p);
    }
    let env = vec![("PATH", path), ("XDG_DATA_HOME", home.join("share").into())];
    // Builds AFL++ once per toolchain; says so when it already has.
    let mut config = cargo();
    config
        .args(["afl", "config", "--build"])
        .envs(env.iter().cloned());
    let out = how
        .at_priority(&config)
        .output()
        .map_err(|e| format!("could not run cargo afl: {e}"))?;
    let said = String::from_utf8_lossy(&out.stderr);
    if !out.status.success() && !said.contains("already built") {
        return Err(format!("building AFL++ failed:\n{said}"));
    }
    Ok(env)
}

/// Builds the instrumented harness; returns its path.
fn build(env: &[(&'static str, std::ffi::OsString)], how: Build) -> Result<PathBuf> {
    let dir = target_dir().join("fuzz");
    how.run(
        cargo()
            .args(["afl", "build", "--profile", "fuzz", "-p", "kindred-fuzz"])
            .args(["--features", "afl", "--bin", "kindred-fuzz"])
            .env("CARGO_TARGET_DIR", &dir)
            .envs(env.iter().cloned()),
    )?;
    Ok(dir.join("fuzz").join("kindred-fuzz"))
}

fn list(bin: &Path) -> Result<Vec<String>> {
    let out = Command::new(bin)
        .arg("--list")
        .output()
        .map_err(|e| format!("{}: {e}", bin.display()))?;
    Ok(String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::to_owned)
        .collect())
}

fn fuzz_one(
    env: &[(&'static str, std::ffi::OsString)],
    bin: &Path,
    name: &str,
    each: Duration,
) -> Result<Figures> {
    let dir = target_dir().join("fuzz-runs").join(name);
    let _ = fs::remove_dir_all(&dir);
    let seeds = dir.join("in");
    fs::create_dir_all(&seeds).map_err(|e| format!("{}: {e}", seeds.display()))?;
    for from in ["corpus", "regressions"] {
        for f in files(&root().join("fuzz").join(from).join(name)) {
            let to = seeds.join(format!("{from}-{}", file_name(&f)));
            fs::copy(&f, &to).map_err(|e| format!("{}: {e}", f.display()))?;
        }
    }
    let out = dir.join("out");
    let log = dir.join("afl.log");
    let log_file = fs::File::create(&log).map_err(|e| format!("{}: {e}", log.display()))?;
    let status = cargo()
        .args(["afl", "fuzz", "-i"])
        .arg(&seeds)
        .arg("-o")
        .arg(&out)
        .args(["-V", &each.as_secs().to_string()])
        .args(["-t", &TIMEOUT_MS.to_string(), "-m", &MEMORY_MB.to_string()])
        .arg("-x")
        .arg(root().join("fuzz").join("kindred.dict"))
        .arg("--")
        .arg(bin)
        .arg(name)
        .envs(env.iter().cloned())
        .envs([
            ("AFL_NO_UI", "1"),
            ("AFL_SKIP_CPUFREQ", "1"),
            ("AFL_NO_AFFINITY", "1"),
            ("AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES", "1"),
            ("AFL_NO_CRASH_README", "1"),
            ("TZ", TZ),
        ])
        .stdin(Stdio::null())
        .stdout(log_file.try_clone().map_err(|e| e.to_string())?)
        .stderr(log_file)
        .status()
        .map_err(|e| format!("could not run afl-fuzz: {e}"))?;
    if !status.success() {
        let text = fs::read_to_string(&log).unwrap_or_default();
        let tail: Vec<&str> = text.lines().rev().take(15).collect();
        return Err(format!(
            "afl-fuzz stopped on {name} ({status}); from {}:\n{}",
            log.display(),
            tail.into_iter().rev().collect::<Vec<_>>().join("\n")
        ));
    }
    let found = out.join("default");
    let stats = fs::read_to_string(found.join("fuzzer_stats"))
        .map_err(|e| format!("{}: {e}", found.display()))?;
    let stat = |key: &str| -> f64 {
        stats
            .lines()
            .find_map(|l| {
                let (k, v) = l.split_once(':')?;
                (k.trim() == key).then(|| v.trim().trim_end_matches('%').parse().ok())?
            })
            .unwrap_or(0.0)
    };
    let mut f = Figures {
        target: name.to_owned(),
        execs: stat("execs_done") as u64,
        execs_per_sec: stat("execs_per_sec"),
        corpus: stat("corpus_count") as u64,
        edges: stat("edges_found") as u64,
        last_find: (stat("last_find") - stat("start_time")).max(0.0) as u64,
        hangs: files(&found.join("hangs")),
        ..Figures::default()
    };
    for crash in files(&found.join("crashes")) {
        if replay_is_oom(bin, name, &crash)? {
            f.oom.push(crash);
        } else {
            f.crashes.push(crash);
        }
    }
    Ok(f)
}

/// Runs a saved crash again outside AFL++ (same memory limit): whether it
/// is an allocation past the limit rather than a failed property.
fn replay_is_oom(bin: &Path, name: &str, input: &Path) -> Result<bool> {
    let stdin = fs::File::open(input).map_err(|e| format!("{}: {e}", input.display()))?;
    let out = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "ulimit -v {}; exec \"$0\" \"$1\"",
            MEMORY_MB * 1024
        ))
        .arg(bin)
        .arg(name)
        .env("TZ", TZ)
        .stdin(stdin)
        .output()
        .map_err(|e| format!("could not replay {}: {e}", input.display()))?;
    Ok(String::from_utf8_lossy(&out.stderr).contains("memory allocation of"))
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = fs::read_dir(dir)
        .map(|rd| {
            rd.flatten()
                .map(|e| e.path())
                .filter(|p| p.is_file() && !file_name(p).starts_with("README"))
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

fn file_name(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// The figures, one line per target.
fn table(all: &[Figures]) -> String {
    let mut s = format!(
        "{:<15} {:>12} {:>9} {:>8} {:>9} {:>12} {:>7} {:>6} {:>10}\n",
        "target",
        "executions",
        "per sec",
        "crashes",
        "hangs>1s",
        "alloc>512MB",
        "corpus",
        "edges",
        "last find"
    );
    for f in all {
        s.push_str(&format!(
            "{:<15} {:>12} {:>9.0} {:>8} {:>9} {:>12} {:>7} {:>6} {:>8} s\n",
            f.target,
            f.execs,
            f.execs_per_sec,
            f.crashes.len(),
            f.hangs.len(),
            f.oom.len(),
            f.corpus,
            f.edges,
            f.last_find
        ));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(args: &[&str]) -> Result<(u64, Vec<String>)> {
        let args: Vec<String> = args.iter().map(|a| (*a).to_owned()).collect();
        parse(&args).map(|p| (p.each.as_secs(), p.only))
    }

    #[test]
    fn a_build_beside_other_work_runs_niced_logged_and_stops_when_told() {
        let dir = tempdir();
        let log = dir.join("build.log");
        let stop = AtomicBool::new(false);
        let beside = Build::Beside {
            log: &log,
            stop: &stop,
        };
        // Lowest priority, same environment and folder, output in the log.
        let mut cmd = Command::new("sh");
        cmd.args(["-c", "echo $WHO; nice; echo oops >&2; exit 3"])
            .env("WHO", "harness")
            .current_dir(&dir);
        let err = beside.run(&mut cmd).unwrap_err();
        assert!(err.contains("failed"), "{err}");
        assert_eq!(fs::read_to_string(&log).unwrap(), "harness\n19\noops\n");
        assert!(
            err.ends_with("harness\n19\noops"),
            "the log's end is told: {err}"
        );
        // A run elsewhere failed: the build is stopped, not waited for.
        stop.store(true, Ordering::Relaxed);
        let t0 = std::time::Instant::now();
        let err = beside.run(Command::new("sleep").arg("30")).unwrap_err();
        assert!(err.contains("stopped"), "{err}");
        assert!(t0.elapsed() < Duration::from_secs(20));
        // Shown: at this process's own priority.
        let nice = Command::new("nice");
        let here = Command::new("nice").output().unwrap().stdout;
        assert_eq!(
            Build::Shown.at_priority(&nice).output().unwrap().stdout,
            here
        );
        assert_eq!(beside.at_priority(&nice).output().unwrap().stdout, b"19\n");
        let _ = fs::remove_dir_all(&dir);
    }

    fn tempdir() -> PathBuf {
        let dir = std::env::temp_dir().join(format!("xtask-fuzz-test-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn minutes_seconds_and_targets() {
        assert_eq!(parsed(&[]).unwrap(), (60, vec![]));
        assert_eq!(parsed(&["--minutes", "10"]).unwrap(), (600, vec![]));
        assert_eq!(
            parsed(&["search", "--seconds", "20", "markdown"]).unwrap(),
            (20, vec!["search".to_owned(), "markdown".to_owned()])
        );
        let args = ["--jobs".to_owned(), "3".to_owned()];
        assert_eq!(parse(&args).unwrap().jobs, 3);
        assert_eq!(parse(&[]).unwrap().jobs, cores());
        for bad in [
            &["--minutes"][..],
            &["--minutes", "x"],
            &["--seconds", "0"],
            &["--jobs", "0"],
            &["-v"],
        ] {
            assert!(parsed(bad).is_err(), "{bad:?}");
        }
    }
}
