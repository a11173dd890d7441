//! Integration tests of the vault through its public API, on real SQLCipher
//! files in temp dirs. One binary; each module is a theme:
//!
//! - `lifecycle`: create, unlock, wrong secrets, change, recover, keychain
//!   failure modes (in-memory key store; the real Secret Service is
//!   exercised by the CLI tests).
//! - `no_plaintext`: planted phrases never appear in any byte of the vault
//!   folder: after writes, after a checkpoint, mid-transaction; a
//!   plain-SQLite control run proves the scan finds them.
//! - `purge`: text deleted for good is in no page of the database, its WAL
//!   or a later backup, read with the key outside SQLCipher (`pages`).
//! - `rekey`: after a re-key the old key file and passphrase open nothing
//!   live; an interrupted re-key settles to whichever key opens the data.
//! - `key_file`: golden `fail_*` key files and every single-byte flip are
//!   refused with the right error.
//! - `search`: hostile queries never error; folding, phrases, prefixes,
//!   ranking, trash and renames.
//! - `search_brute`: the hits are those a brute-force reading of the
//!   records finds (FTS5's tokenizer, matching in Rust), for hundreds of
//!   generated queries, also with tiny bounds that reach every rule.
//! - `journal`: entries, tags, people, notes, trash round trips.
//! - `reflection`: depth and the map by hand, proximity history, the
//!   reach-out list with an injected clock, prompt rotation, on this day,
//!   the timeline.
//! - `import_fuzzed`: what fuzzing the imports found: unreadable times
//!   and dates in Kindred exports, years outside 0–9999, damaged zips.
//! - `backups`: round trips with passphrase and recovery code, every kind
//!   of damage, rotation over a simulated year, automatic and pre-upgrade
//!   backups.
//! - `backup_trust`: rotation counts only sealed backups, never the one just
//!   written nor a future-dated one; the key-file section is sealed in; a
//!   restored copy keeps to its own folder; a restore over the vault keeps
//!   the live secrets or sets a damaged vault aside; format 1 restores.
//! - `attachments`: originals back byte for byte, no plaintext on disk,
//!   the trash and purges, backups that copy only new blobs, verify,
//!   restore (new folder and over the vault), rotation, re-key, the sweep.
//! - `clock_faults`: the clock jumps back a year, forward a year, and the
//!   user crosses time zones: backups stay due and rotation keeps the
//!   newest; on this day, the reach-out list and depth stay sane.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod attachments;
mod backup_trust;
mod backups;
mod clock_faults;
mod import_fuzzed;
mod interchange;
mod journal;
mod key_file;
mod lifecycle;
mod no_plaintext;
mod pages;
mod purge;
mod reflection;
mod rekey;
mod search;
mod search_brute;
mod util;
