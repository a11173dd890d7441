//! Local backups: one file each, encrypted with the vault's data key,
//! verified right after writing, rotated like restic's `forget` policy.
//!
//! - [`format`] — the `.kbak` layout, the header readable without a key,
//!   the sealed manifest, and listing a folder.
//! - [`create`] — a consistent snapshot (`VACUUM INTO`), written and verified.
//! - [`verify`] — every check a backup must pass, with or without the vault.
//! - [`restore`] — into a new folder, or over the vault after a safety backup.
//! - [`retention`] — which backups rotation keeps.
//! - [`service`] — the [`Backups`] handle of an open vault: settings, backing
//!   up now or when due, listing, verifying.
//!
//! The header carries what a restore needs except the secret: format version,
//! vault id, creation time, app version, the key file's wrapped slots (device
//! slots removed: a keychain secret belongs to one machine) and the manifest
//! (schema version, row counts, database checksum) sealed with the data key.
//! The trailing SHA-256 finds truncation and flipped bytes without any key;
//! the sealed manifest, SQLCipher's page HMACs and `integrity_check` find the
//! rest once the key is known. The database copy is made with `VACUUM INTO`
//! on the vault's own connection: a consistent snapshot, encrypted with the
//! same key, taken without blocking other readers or writers (WAL).

mod blobs;
mod create;
mod format;
mod lookup;
mod restore;
mod retention;
mod scratch;
mod service;
mod verify;

use serde::Serialize;

pub use blobs::ListedBlob;
pub use format::{inspect, list, BackupInfo, Manifest, EXTENSION, FORMAT_VERSION, MAGIC};
#[cfg(feature = "fuzzing")]
pub use format::{inspect_bytes, open_manifest_bytes, reseal_manifest};
pub(crate) use lookup::note_folders;
pub use lookup::{find, usual_folders, vault_id_at, FOLDERS_FILE};
pub use restore::{restore_replacing, restore_to, Kept, Restored, Secrets};
pub use retention::{to_keep, Retention};
pub(crate) use scratch::sweep as sweep_scratch;
pub use service::{BackupReport, BackupSettings, Backups, ListedBackup, AUTO_BACKUP_EVERY};
pub use verify::{table_counts, verify_with_secret, BackupSecret};

/// Steps of long work, for progress bars.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Stage {
    /// Copying the database (a consistent snapshot).
    Snapshot,
    /// Writing the backup file.
    Write,
    /// Checking it: checksum, decryption, integrity, counts.
    Verify,
    /// Putting a restored database in place.
    Restore,
}

/// Progress callback: stage, bytes done, bytes in all.
pub type Progress<'a> = &'a mut dyn FnMut(Stage, u64, u64);

/// A progress callback that ignores everything.
pub fn no_progress(_: Stage, _: u64, _: u64) {}
