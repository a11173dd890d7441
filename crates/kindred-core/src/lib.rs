//! Kindred's core: an encrypted vault for a journal, the people in one's
//! life and notes about them. No Tauri, no UI; the desktop shell and the
//! `kindred` CLI are thin layers over the use cases here.
//!
//! - [`secret`] — `Secret<T>`: zeroized, redacted, never cloned or serialised.
//! - [`crypto`] — Argon2id / HKDF key derivation, XChaCha20-Poly1305 key
//!   wrapping, recovery codes.
//! - [`keyfile`] — `kindred.keys`: versioned, checksummed slots that each wrap
//!   the data key; nothing in it opens anything without a secret.
//! - [`keychain`] — the OS keychain behind the `KeyStore` trait; every
//!   failure mode has its own error and leads back to the passphrase.
//! - [`layout`] — the vault folder: which file is which, and its lock.
//! - `store` — opening SQLCipher safely (raw key, PRAGMAs, checks) and the
//!   schema, one file per table (its SQL beside its DDL), with numbered
//!   migrations. Private to the crate: the app and CLI reach the database
//!   only through the use cases (tests get it with feature `test-support`).
//! - [`journal`], [`people`], [`trash`] — the use cases, each change in one
//!   transaction with its search-index rows.
//! - [`reflection`] — closeness as depth, not proximity: check-ins, the
//!   depth score, the map, moments, love maps, cadences, prompts, home.
//! - [`search`] — FTS5 with user text turned into a query that cannot fail.
//! - [`backup`] — encrypted, verified, rotated backup files; restore; the
//!   [`backup::Backups`] handle of an open vault.
//! - [`blobs`] — encrypted, content-addressed files beside the database,
//!   sealed in chunks; [`attachments`] — photos and files on entries and
//!   people's pictures, stored as blobs.
//! - [`interchange`] — exports (JSON, Markdown) and all-or-nothing imports
//!   (jrnl, Day One, Kindred) without duplicates.
//! - [`vault`] — the lifecycle, and the door to the use cases.
//! - [`markdown`], [`strength`] — safe Markdown previews and passphrase
//!   strength estimates, for the desktop app.
//! - [`clock`], [`fsutil`] — time and durable file writes, behind seams
//!   tests can hold still.
//! - [`cancel`] — stopping long work when the vault locks.
//! - [`harden`] — no core dumps for the processes that hold keys.
//! - [`error`] — `Error` with a stable `ErrorCode` per failure.
//!
//! Feature `fuzzing` (for `fuzz/` only) adds byte-level entry points to the
//! file parsers: `backup::{inspect_bytes, open_manifest_bytes,
//! reseal_manifest}` and `interchange::{parse_bytes, import_bytes}`.

#![forbid(unsafe_code)]

pub mod attachments;
pub mod backup;
pub mod blobs;
pub mod cancel;
pub mod clock;
pub mod crypto;
pub mod error;
pub mod fsutil;
pub mod harden;
pub mod interchange;
pub mod journal;
pub mod keychain;
pub mod keyfile;
pub mod layout;
pub mod markdown;
pub mod model;
pub mod people;
pub mod reflection;
pub mod search;
pub mod secret;
#[cfg(feature = "test-support")]
pub mod store;
#[cfg(not(feature = "test-support"))]
pub(crate) mod store;
pub mod strength;
pub mod trash;
pub mod vault;

pub use error::{Error, ErrorCode, Result};
pub use secret::Secret;
pub use vault::{Created, Unlock, Vault};
