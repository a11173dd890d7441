//! `cargo xtask <command>`: everything needed to go from a fresh clone (with
//! only a Rust toolchain) to a running app or a green test run.
//!
//! - `run`      installs what the build needs, builds, and opens the app
//!   (open.rs); with arguments, runs the `kindred` CLI instead.
//! - `test`     installs what the tests need, runs the lint, then every test:
//!   unit, integration, CLI, UI, end-to-end, packaging (test.rs).
//!   `test --fast` runs only the core's, the CLI's and the UI's unit tests.
//! - `lint`     rustfmt, clippy with warnings as errors, and tsc over the UI
//!   (lint.rs).
//! - `bench`    builds release and prints measured ratios, no assertions
//!   (`--app`: the app itself against a bare Tauri window)
//!   (bench.rs).
//! - `crash`    kill -9 at random moments of every write path, 50 trials
//!   each by default, printing the figures (crash.rs).
//! - `soak`     N autosaves through the real window, whole-app memory
//!   before and after (e2e.rs).
//! - `demo`     the app on a throwaway vault of fictional people, or its
//!   screenshots (demo/).
//! - `package`  .deb and .rpm packages, checked (package.rs).
//! - `e2e`      only the app's end-to-end tests, in a headless sandbox
//!   (e2e.rs).
//! - `fuzz`     every fuzz target under AFL++, with figures per target
//!   (fuzz.rs); `test` runs a short smoke of each.
//! - `setup`    only the system packages (setup.rs).
//!
//! System packages come from Debian/Ubuntu's apt (with sudo when not root);
//! the Tauri bundler and TypeScript come from npm, pinned and installed
//! under target/, and cargo-afl (which builds AFL++) from crates.io, also
//! under target/. Nothing is installed anywhere else.

#![allow(clippy::print_stdout)] // a build tool talks on stdout

mod bench;
mod bench_app;
mod crash;
mod demo;
mod e2e;
mod fuzz;
mod lint;
mod open;
mod package;
mod settle;
mod setup;
mod test;
mod util;

use std::process::ExitCode;

const USAGE: &str = "usage: cargo xtask <command>

commands:
  run [-- ARGS]    build and open the app (with ARGS: run the kindred CLI)
  test             lint, then every test and a 30 s fuzz smoke of each
                   target (installs system packages first)
  test --fast      only the core, CLI and UI unit tests: no apt, no window
  lint             cargo fmt --check, clippy -D warnings, tsc over the UI
  bench            build release and print benchmark figures
                   (--sizes 100000: only that many entries; --only LIST:
                   of cache,trust,import,jrnl,attachments only those;
                   --only none: none)
  bench --app      the app itself on a virtual display: launch to drawn,
                   whole-app memory, binary size, against a bare Tauri
                   window (--rounds N launches each, default 5), the
                   release packages' sizes; then 100k entries (--entries N) and 1,000 people timed
                   through the release app's window (--only launch|scale);
                   --peer PATH: another app's executable launched beside
                   them, drawn told by the screen's pixels for all three
  crash            kill -9 series over every write path of the CLI
                   (--trials N per path, default 50), with figures
  soak             autosaves through the real window (--saves N, default
                   10000), with whole-app memory before and after
  demo             open the app on a throwaway demo vault
                   (--screenshots DIR: on a virtual display, saving PNGs)
  package          build .deb and .rpm packages
  e2e              only the app's end-to-end tests (real window, Xvfb)
                   KINDRED_E2E_FILTER=TEXT: only the flows whose name holds
                   TEXT, e.g. journal:: or auto_lock
  fuzz [--minutes N | --seconds N] [--jobs N] [TARGET...]
                   fuzz every target (or those named) with AFL++, N minutes
                   each (default 1), one per core at a time (or N), and print executions, crashes, hangs
                   over 1 s and allocations over 512 MB per target; fails
                   on any (inputs under target/fuzz-runs/TARGET/out)
  setup            only install the system packages the tests need";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (cmd, rest) = match args.split_first() {
        Some((c, r)) => (c.as_str(), r),
        None => ("help", &[][..]),
    };
    let result = match cmd {
        "run" => run(rest),
        "test" => test::test(rest),
        "lint" => lint::lint(rest),
        "bench" if rest.iter().any(|a| a == "--app") => bench_app::bench_app(rest),
        "bench" => bench::bench(rest),
        "bench-app-inner" => bench_app::inner(rest),
        "crash" => crash::crash(rest),
        "soak" => e2e::soak(rest),
        "demo" => demo::demo(rest),
        "package" => package::package(rest),
        "e2e" => setup::ensure(setup::Need::Test).and_then(|()| e2e::e2e()),
        "fuzz" => fuzz::fuzz(rest),
        "setup" => setup::ensure(setup::Need::Test),
        _ => {
            println!("{USAGE}");
            return if cmd == "help" || cmd == "--help" {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(2)
            };
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Builds and opens the desktop app; with `args`, runs the `kindred` CLI
/// with them instead.
fn run(args: &[String]) -> util::Result {
    let args = cli_args(args);
    if args.is_empty() {
        return open::open();
    }
    setup::ensure(setup::Need::Build)?;
    let mut cmd = util::cargo();
    cmd.args([
        "run",
        "--quiet",
        "--package",
        "kindred-cli",
        "--bin",
        "kindred",
        "--",
    ]);
    cmd.args(args);
    util::run_status(&mut cmd)
}

/// The arguments meant for `kindred`: `cargo xtask run -- today` hands
/// over the `--` as well.
fn cli_args(args: &[String]) -> &[String] {
    match args.split_first() {
        Some((first, rest)) if first == "--" => rest,
        _ => args,
    }
}

#[cfg(test)]
mod tests {
    use super::cli_args;

    fn strings(a: &[&str]) -> Vec<String> {
        a.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn run_passes_what_follows_the_separator_to_the_cli() {
        assert_eq!(cli_args(&strings(&["--", "today"])), strings(&["today"]));
        assert_eq!(
            cli_args(&strings(&["today", "--json"])),
            strings(&["today", "--json"])
        );
        assert_eq!(
            cli_args(&strings(&["--", "write", "--", "-x"])),
            strings(&["write", "--", "-x"])
        );
        assert!(cli_args(&strings(&["--"])).is_empty());
        assert!(cli_args(&[]).is_empty());
    }
}
