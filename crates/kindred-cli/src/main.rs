//! `kindred`: the command-line face of the vault. Each command parses its
//! arguments, calls one core use case and prints the result; errors become
//! documented exit codes (see `docs/cli.md`) and a message that never
//! contains entry text or secrets. No panic reaches the user.
//!
//! - `cli`: the command line as clap sees it (`docs/cli.md` is the reference).
//! - `commands`: one module per job (journal, people, reflect, secrets,
//!   backups, interchange) and the dispatch to them.
//! - `ctx`: the vault a command works on, and how it is unlocked.
//! - `credentials`: where passphrases and recovery codes come from.
//! - `output`: stdout for data, stderr for messages and progress bars.

mod cli;
mod commands;
mod credentials;
mod ctx;
mod output;

use std::process::ExitCode;

use clap::Parser;
use kindred_core::{Error, ErrorCode};

/// Exit status for each error code. Part of the CLI contract.
fn exit_code(code: ErrorCode) -> u8 {
    match code {
        ErrorCode::WrongPassphrase | ErrorCode::WrongRecoveryCode => 3,
        ErrorCode::VaultMissing => 4,
        ErrorCode::VaultExists => 5,
        ErrorCode::KeychainUnavailable
        | ErrorCode::KeychainLocked
        | ErrorCode::KeychainEntryMissing
        | ErrorCode::KeychainEntryStale => 6,
        ErrorCode::CorruptFile => 7,
        ErrorCode::UnsupportedVersion | ErrorCode::ExcessiveWork => 8,
        ErrorCode::NotFound | ErrorCode::Ambiguous => 9,
        ErrorCode::InvalidInput | ErrorCode::WeakPassphrase => 10,
        ErrorCode::PassphraseRequired => 11,
        ErrorCode::DiskFull => 12,
        ErrorCode::VaultBusy => 13,
        ErrorCode::NotEncrypted => 14,
        _ => 1,
    }
}

/// Exit status when Kindred itself fails (a bug).
const EXIT_INTERNAL: u8 = 70;

fn main() -> ExitCode {
    // This process holds the data key and decrypted text: no core dumps.
    if let Err(e) = kindred_core::harden::no_core_dumps() {
        output::notice(&format!("kindred: {e}"));
    }
    // A panic message could quote data; print a fixed sentence instead.
    std::panic::set_hook(Box::new(|_| {
        output::notice(
            "kindred: internal error: Kindred stopped unexpectedly. Nothing already saved was lost; please report this.",
        );
    }));
    let cli = cli::Cli::parse();
    let json_errors = cli.wants_json();
    match std::panic::catch_unwind(|| commands::run(cli)) {
        Ok(Ok(())) => ExitCode::SUCCESS,
        Ok(Err(e)) => {
            report(&e, json_errors);
            ExitCode::from(exit_code(e.code()))
        }
        Err(_) => ExitCode::from(EXIT_INTERNAL),
    }
}

fn report(e: &Error, json: bool) {
    if json {
        let body = serde_json::json!({
            "error": { "code": e.code(), "message": e.to_string() }
        });
        output::notice(&body.to_string());
    } else {
        output::notice(&format!("kindred: {e}"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exit_codes_are_distinct_for_the_errors_scripts_care_about() {
        let codes = [
            ErrorCode::WrongPassphrase,
            ErrorCode::VaultMissing,
            ErrorCode::VaultExists,
            ErrorCode::KeychainUnavailable,
            ErrorCode::CorruptFile,
            ErrorCode::UnsupportedVersion,
            ErrorCode::NotFound,
            ErrorCode::InvalidInput,
            ErrorCode::PassphraseRequired,
            ErrorCode::DiskFull,
            ErrorCode::VaultBusy,
            ErrorCode::NotEncrypted,
        ];
        let mut seen: Vec<u8> = codes.iter().map(|c| exit_code(*c)).collect();
        seen.sort_unstable();
        seen.dedup();
        assert_eq!(seen.len(), codes.len());
        assert!(
            !seen.contains(&0) && !seen.contains(&2),
            "0 is success, 2 is usage"
        );
    }
}
