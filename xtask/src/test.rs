//! `cargo xtask test`: every test, after the lint; `--fast` for the
//! edit-compile-test loop.

use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::fuzz::Build;

use crate::setup::{self, Need};
use crate::util::{cargo, have, root, run_status, weak_kdf, Result};

/// What `cargo xtask test` was asked for.
#[derive(Debug, PartialEq, Eq)]
struct Args<'a> {
    /// Only the core's, the CLI's and the UI's unit tests.
    fast: bool,
    /// Everything else, handed to `cargo test` (a test name filter, `--`
    /// and the test binaries' own flags).
    cargo: Vec<&'a str>,
}

/// `--fast` counts anywhere before a `--`; after it, it is the test
/// binaries' business.
fn parse(args: &[String]) -> Args<'_> {
    let mut parsed = Args {
        fast: false,
        cargo: Vec::new(),
    };
    let mut after_separator = false;
    for arg in args {
        match arg.as_str() {
            "--fast" if !after_separator => parsed.fast = true,
            a => {
                after_separator |= a == "--";
                parsed.cargo.push(a);
            }
        }
    }
    parsed
}

/// `cargo xtask test [--fast] [ARGS]`.
///
/// Without `--fast`: installs what the tests need, runs the lint (so a
/// warning or a formatting difference fails CI), then unit, integration
/// and black-box CLI tests (including the real Secret Service ones, which
/// start their own private D-Bus session), the UI unit tests, the app's
/// end-to-end suite and the packaging check (with the fuzz harness built
/// beside all of them), then a short coverage-guided run of every fuzz
/// target (failing on any crash, hang or allocation over the limit).
///
/// With `--fast`: `cargo test -p kindred-core -p kindred-cli` and the UI
/// unit tests only — no apt, no lint, no window, no packaging.
pub fn test(args: &[String]) -> Result {
    let args = parse(args);
    if args.fast {
        return fast(&args.cargo);
    }
    // How long each part took, printed at the end (and after a failure),
    // so a slow CI run says where its time went.
    let mut took = Took::default();
    took.part("set-up", || setup::ensure(Need::Test))?;
    // The fuzz harness (cargo-afl, AFL++ and the instrumented build, about
    // 14 CPU-minutes) is built beside everything else, at the lowest CPU
    // priority, in the gaps the other parts leave: the window's suite, for
    // one, keeps only 61% of two cores busy (measured over a whole run).
    // Built beside the window's suite alone, it finished 3.1 min after it.
    // The fuzzing itself waits for the cores to be free. Its packages are
    // checked here, so apt never runs beside another part.
    setup::ensure(Need::Fuzz)?;
    let log = crate::util::target_dir().join("fuzz-build.log");
    let _ = std::fs::remove_file(&log);
    let stop = AtomicBool::new(false);
    std::thread::scope(|s| {
        println!(
            "xtask: building the fuzz harness beside the other tests, at the lowest priority (log: {})",
            log.display()
        );
        let harness = s.spawn(|| {
            let t0 = std::time::Instant::now();
            let built = crate::fuzz::prepare(Build::Beside {
                log: &log,
                stop: &stop,
            });
            (built, t0.elapsed())
        });
        let before = (|| {
            took.part("lint", || crate::lint::lint(&[]))?;
            took.part("cargo test", || {
                let mut cmd = cargo();
                cmd.args(["test", "--workspace", "--all-targets"])
                    .args(&args.cargo);
                run_status(weak_kdf(&mut cmd))
            })?;
            took.part("window and packages", crate::e2e::e2e)
        })();
        if before.is_err() {
            stop.store(true, Ordering::Relaxed);
            let _ = harness.join();
            return before;
        }
        // What is left of the build, then the fuzzing.
        took.part("fuzz smoke", || {
            let (built, elapsed) = harness.join().map_err(|_| "the fuzz build panicked")?;
            println!(
                "xtask: the fuzz harness took {:.1} min to build, beside the other tests",
                elapsed.as_secs_f64() / 60.0
            );
            crate::fuzz::smoke(&built?)
        })
    })?;
    println!("xtask: all tests passed in {}", took.summary());
    Ok(())
}

/// The parts of a run and how long each took.
#[derive(Default)]
struct Took {
    parts: Vec<(&'static str, std::time::Duration)>,
}

impl Took {
    /// Runs `f`, noting how long it took; after a failure, prints what the
    /// run took so far.
    fn part(&mut self, name: &'static str, f: impl FnOnce() -> Result) -> Result {
        let t0 = std::time::Instant::now();
        let result = f();
        self.parts.push((name, t0.elapsed()));
        if result.is_err() {
            println!("xtask: failed in {name}, after {}", self.summary());
        }
        result
    }

    /// "12.5 min (set-up 0.1, lint 3.2, …)".
    fn summary(&self) -> String {
        let min = |d: std::time::Duration| d.as_secs_f64() / 60.0;
        let total: std::time::Duration = self.parts.iter().map(|p| p.1).sum();
        let parts: Vec<String> = self
            .parts
            .iter()
            .map(|(name, d)| format!("{name} {:.1}", min(*d)))
            .collect();
        format!("{:.1} min ({})", min(total), parts.join(", "))
    }
}

fn fast(cargo_args: &[&str]) -> Result {
    let mut cmd = cargo();
    cmd.args(["test", "-p", "kindred-core", "-p", "kindred-cli"])
        .args(cargo_args);
    run_status(weak_kdf(&mut cmd))?;
    ui_unit_tests()?;
    println!(
        "xtask: fast tests passed (the lint, the app's window and packaging are \
         left to `cargo xtask lint` and `cargo xtask test`)"
    );
    Ok(())
}

/// The `node --test` specs beside the UI's pure modules.
pub fn ui_unit_tests() -> Result {
    if !have("node") {
        return Err(
            "node is missing, so the UI unit tests cannot run; `cargo xtask setup` \
             installs it (Debian's nodejs)"
                .into(),
        );
    }
    println!("xtask: UI unit tests (node --test)");
    run_status(
        Command::new("node")
            .args(["--test", "ui/js/"])
            .current_dir(root()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(args: &[&str]) -> (bool, Vec<String>) {
        let args: Vec<String> = args.iter().map(|a| (*a).to_owned()).collect();
        let p = parse(&args);
        (p.fast, p.cargo.iter().map(|a| (*a).to_owned()).collect())
    }

    fn strings(a: &[&str]) -> Vec<String> {
        a.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn fast_is_ours_and_the_rest_goes_to_cargo_test() {
        assert_eq!(parsed(&[]), (false, vec![]));
        assert_eq!(parsed(&["--fast"]), (true, vec![]));
        // A test name filter, before or after the flag.
        assert_eq!(parsed(&["--fast", "vault"]), (true, strings(&["vault"])));
        assert_eq!(parsed(&["vault", "--fast"]), (true, strings(&["vault"])));
        assert_eq!(parsed(&["backup"]), (false, strings(&["backup"])));
        // After `--`, everything belongs to the test binaries.
        assert_eq!(
            parsed(&["--fast", "--", "--nocapture"]),
            (true, strings(&["--", "--nocapture"]))
        );
        assert_eq!(
            parsed(&["--", "--fast"]),
            (false, strings(&["--", "--fast"]))
        );
    }

    #[test]
    fn the_run_says_how_long_each_part_took_and_where_it_failed() {
        let mut took = Took::default();
        assert!(took
            .part("lint", || {
                std::thread::sleep(std::time::Duration::from_millis(30));
                Ok(())
            })
            .is_ok());
        let failed = took.part("fuzz smoke", || Err("a crash".into()));
        assert_eq!(failed, Err("a crash".to_owned()), "the error is passed on");
        assert_eq!(took.parts.len(), 2);
        assert!(took.parts[0].1 >= std::time::Duration::from_millis(30));
        assert_eq!(took.summary(), "0.0 min (lint 0.0, fuzz smoke 0.0)");
    }
}
