//! `cargo xtask test`: every test, after the lint; `--fast` for the
//! edit-compile-test loop.

use std::process::Command;

use crate::setup::{self, Need};
use crate::util::{cargo, have, root, run_status, Result};

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
/// start their own private D-Bus session), a short coverage-guided run of
/// every fuzz target (failing on any crash, hang or allocation over the
/// limit), then the UI unit tests, the app's end-to-end suite and the
/// packaging check.
///
/// With `--fast`: `cargo test -p kindred-core -p kindred-cli` and the UI
/// unit tests only — no apt, no lint, no window, no packaging.
pub fn test(args: &[String]) -> Result {
    let args = parse(args);
    if args.fast {
        return fast(&args.cargo);
    }
    setup::ensure(Need::Test)?;
    crate::lint::lint(&[])?;
    let mut cmd = cargo();
    cmd.args(["test", "--workspace", "--all-targets"])
        .args(&args.cargo);
    run_status(&mut cmd)?;
    crate::fuzz::smoke()?;
    crate::e2e::e2e()?;
    println!("xtask: all tests passed");
    Ok(())
}

fn fast(cargo_args: &[&str]) -> Result {
    let mut cmd = cargo();
    cmd.args(["test", "-p", "kindred-core", "-p", "kindred-cli"])
        .args(cargo_args);
    run_status(&mut cmd)?;
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
}
