//! Black-box tests of the `kindred` binary: what a person or a script sees.
//! Each test gets its own temp vault, HOME, XDG dirs and TMPDIR.
//!
//! - `basics`: init, write, entries, show, edit, trash, people, notes,
//!   search; `--json` shapes; exact round trips of odd text.
//! - `attachments`: attach, show --json, save (consent, never over a
//!   file), detach, restore, purge, person photo, backup and restore.
//! - `errors`: every documented exit code, with its message, and that a
//!   refused command changes no byte of the vault (full disk included).
//! - `secrets`: passphrase change, recovery, where secrets come from.
//! - `keychain`: the real Secret Service (gnome-keyring-daemon in a private
//!   dbus-run-session): store, find, delete; no bus, no provider, locked
//!   keychain, missing or stale entry.
//! - `backups`: backup, list, verify, restore (elsewhere and in place),
//!   damaged files, a backup from cron while the app writes.
//! - `interchange`: export needs consent; jrnl and Day One imports without
//!   duplicates; a bad file imports nothing, nor a time the vault could
//!   not read back.
//! - `reflection`: check-ins, moments, love maps, the map, prompts, today.
//! - `crash`: kill -9 at random moments loses no acknowledged save, nor a
//!   re-key; no core dumps.
//! - `kill`: kill -9 during edit, purge, empty-trash, import, backup,
//!   restore --replace, passphrase change and a schema upgrade.
//! - `disk`: a full disk mid-backup, mid-import, mid-restore and
//!   mid-upgrade changes nothing and lists nothing half-written; a backup
//!   on read-only media verifies.
//! - `plaintext`: nothing the CLI writes (vault, temp dir, home) holds
//!   planted phrases.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::print_stdout
)]

mod attachments;
mod backups;
mod basics;
mod crash;
mod disk;
mod errors;
mod interchange;
mod keychain;
mod kill;
mod plaintext;
mod reflection;
mod secrets;
mod util;
