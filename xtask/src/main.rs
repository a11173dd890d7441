//! `cargo xtask <command>`: everything needed to go from a fresh clone (with
//! only a Rust toolchain) to a running app or a green test run.
//!
//! - `run`     installs what the build needs, builds, and opens the app.
//! - `test`    installs what the tests need, then runs every test.
//! - `bench`   builds release and prints measured ratios (no assertions).
//!
//! System packages come from Debian/Ubuntu's apt (with sudo when not root);
//! nothing is downloaded from anywhere else.

#![allow(clippy::print_stdout)] // a build tool talks on stdout

mod bench;
mod demo;
mod e2e;
mod open;
mod package;
mod setup;
mod util;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (cmd, rest) = match args.split_first() {
        Some((c, r)) => (c.as_str(), r),
        None => ("help", &[][..]),
    };
    let result = match cmd {
        "run" => run(rest),
        "test" => test(rest),
        "bench" => bench::bench(rest),
        "demo" => demo::demo(rest),
        "package" => package::package(rest),
        "e2e" => setup::ensure(setup::Need::Test).and_then(|()| e2e::e2e()),
        "setup" => setup::ensure(setup::Need::Test),
        _ => {
            println!(
                "usage: cargo xtask <command>\n\n\
                 commands:\n  \
                 run [ARGS]   build and open the app (with ARGS: run the kindred CLI)\n  \
                 test         run every test (installs system packages first)\n  \
                 bench        build release and print benchmark figures\n  \
                 demo         open the app on a throwaway demo vault\n               (--screenshots DIR: on a virtual display, saving PNGs)\n  \
                 package      build .deb and .rpm packages\n  \
                 e2e          only the app's end-to-end tests (real window, Xvfb)\n  \
                 setup        only install the system packages the tests need"
            );
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

/// Every test: unit, integration and black-box CLI tests (including the real
/// Secret Service ones, which start their own private D-Bus session).
fn test(args: &[String]) -> util::Result {
    setup::ensure(setup::Need::Test)?;
    let mut cmd = util::cargo();
    cmd.args(["test", "--workspace", "--all-targets"])
        .args(args);
    util::run_status(&mut cmd)?;
    e2e::e2e()?;
    println!("xtask: all tests passed");
    Ok(())
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
