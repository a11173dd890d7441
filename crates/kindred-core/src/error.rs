//! Errors, each with a stable machine-readable [`ErrorCode`].
//!
//! The CLI maps codes to exit statuses and the UI switches on them; neither
//! ever parses the text. The message is the one text a user sees (the app
//! puts only a short heading per code before it), so it is written for
//! whichever front end can meet it: it says what happened, whether the data
//! is safe, and what to do next, and it names no command-line command where
//! the app can meet it. Messages never contain user text, passphrases or
//! keys: SQLite messages are not passed through because they can quote SQL
//! values.

use std::fmt;
use std::io;

use serde::Serialize;

use crate::keychain::KeychainError;

/// Stable identifiers for every failure a caller can react to.
///
/// The string form (`WrongPassphrase`, …) is part of the CLI's `--json`
/// contract and of the app's IPC contract; never rename one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "contract", derive(ts_rs::TS))]
#[non_exhaustive]
pub enum ErrorCode {
    /// The passphrase did not unlock the vault.
    WrongPassphrase,
    /// The recovery code did not unlock the vault.
    WrongRecoveryCode,
    /// No vault exists at the given location.
    VaultMissing,
    /// A vault already exists where a new one was to be created.
    VaultExists,
    /// The operation needs an unlocked vault.
    VaultLocked,
    /// Another process holds the vault's write lock longer than we wait.
    VaultBusy,
    /// The OS keychain cannot be reached (no D-Bus session, no provider).
    KeychainUnavailable,
    /// The OS keychain is locked and did not unlock.
    KeychainLocked,
    /// This device remembers no unlock secret for the vault.
    KeychainEntryMissing,
    /// The remembered unlock secret belongs to an older state of the vault.
    KeychainEntryStale,
    /// A file is damaged: unreadable, truncated or tampered with.
    CorruptFile,
    /// A file was written by a newer Kindred or is of an unknown format.
    UnsupportedVersion,
    /// A key file asks for key-derivation work far beyond what Kindred writes.
    ExcessiveWork,
    /// The disk is full; nothing partial was kept.
    DiskFull,
    /// The requested entry, person or note does not exist.
    NotFound,
    /// A name matches more than one person.
    Ambiguous,
    /// Input was rejected (bad date, empty name, value out of range …).
    InvalidInput,
    /// The new passphrase is too weak to protect a vault.
    WeakPassphrase,
    /// The SQLite library linked in does not encrypt; refusing to write.
    NotEncrypted,
    /// No passphrase was available and none could be asked for.
    PassphraseRequired,
    /// Reading or writing a file failed for another reason.
    Io,
    /// A bug: the operation failed in a way Kindred does not expect.
    Internal,
}

impl ErrorCode {
    /// Every code, in declaration order (the app's contract lists them for
    /// the page; its test checks this list against the enum).
    pub const ALL: [Self; 22] = [
        Self::WrongPassphrase,
        Self::WrongRecoveryCode,
        Self::VaultMissing,
        Self::VaultExists,
        Self::VaultLocked,
        Self::VaultBusy,
        Self::KeychainUnavailable,
        Self::KeychainLocked,
        Self::KeychainEntryMissing,
        Self::KeychainEntryStale,
        Self::CorruptFile,
        Self::UnsupportedVersion,
        Self::ExcessiveWork,
        Self::DiskFull,
        Self::NotFound,
        Self::Ambiguous,
        Self::InvalidInput,
        Self::WeakPassphrase,
        Self::NotEncrypted,
        Self::PassphraseRequired,
        Self::Io,
        Self::Internal,
    ];

    /// The stable string form, as used in JSON and IPC.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::WrongPassphrase => "WrongPassphrase",
            Self::WrongRecoveryCode => "WrongRecoveryCode",
            Self::VaultMissing => "VaultMissing",
            Self::VaultExists => "VaultExists",
            Self::VaultLocked => "VaultLocked",
            Self::VaultBusy => "VaultBusy",
            Self::KeychainUnavailable => "KeychainUnavailable",
            Self::KeychainLocked => "KeychainLocked",
            Self::KeychainEntryMissing => "KeychainEntryMissing",
            Self::KeychainEntryStale => "KeychainEntryStale",
            Self::CorruptFile => "CorruptFile",
            Self::UnsupportedVersion => "UnsupportedVersion",
            Self::ExcessiveWork => "ExcessiveWork",
            Self::DiskFull => "DiskFull",
            Self::NotFound => "NotFound",
            Self::Ambiguous => "Ambiguous",
            Self::InvalidInput => "InvalidInput",
            Self::WeakPassphrase => "WeakPassphrase",
            Self::NotEncrypted => "NotEncrypted",
            Self::PassphraseRequired => "PassphraseRequired",
            Self::Io => "Io",
            Self::Internal => "Internal",
        }
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Everything that can go wrong in the vault.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// See [`ErrorCode::WrongPassphrase`].
    #[error("That passphrase does not unlock this vault. Nothing was changed; try again, or use your recovery code.")]
    WrongPassphrase,
    /// See [`ErrorCode::WrongRecoveryCode`].
    #[error("That recovery code does not unlock this vault. Nothing was changed; check it for typos (letters and digits, dashes optional).")]
    WrongRecoveryCode,
    /// A backup's own key slots refused the passphrase: a backup opens with
    /// the secrets valid when it was made. Code
    /// [`ErrorCode::WrongPassphrase`].
    #[error("That passphrase does not open this backup. A backup opens with the passphrase that was valid when it was made (or the recovery code from then), even if it has changed since. Nothing was changed.")]
    WrongBackupPassphrase,
    /// A backup's own key slots refused the recovery code. Code
    /// [`ErrorCode::WrongRecoveryCode`].
    #[error("That recovery code does not open this backup. A backup opens with the recovery code that was valid when it was made, even if a new one was made since. Nothing was changed.")]
    WrongBackupRecoveryCode,
    /// See [`ErrorCode::VaultMissing`].
    #[error("No Kindred vault at {0}. Create one with `kindred init`, or point --vault at the folder that holds kindred.keys.")]
    VaultMissing(String),
    /// See [`ErrorCode::VaultExists`].
    #[error("A Kindred vault already exists at {0}; it was left untouched.")]
    VaultExists(String),
    /// See [`ErrorCode::VaultLocked`].
    #[error("The vault is locked. Unlock it first.")]
    VaultLocked,
    /// See [`ErrorCode::VaultBusy`].
    #[error("The vault is busy: another Kindred process is writing to it. Nothing was changed; try again in a moment.")]
    VaultBusy,
    /// A keychain failure; see [`KeychainError`].
    #[error(transparent)]
    Keychain(#[from] KeychainError),
    /// See [`ErrorCode::CorruptFile`].
    #[error("{what} is damaged ({detail}). Nothing was changed. Restore it from a backup if this keeps happening.")]
    CorruptFile {
        /// Which file, in the user's words ("The key file").
        what: &'static str,
        /// What is wrong with it, without any of its content.
        detail: String,
    },
    /// See [`ErrorCode::UnsupportedVersion`].
    #[error("{what} was written by a newer Kindred (format version {found}; this one reads up to {supported}). Update Kindred to open it; nothing was changed.")]
    UnsupportedVersion {
        /// Which file.
        what: &'static str,
        /// The version found in the file.
        found: u32,
        /// The newest version this build reads.
        supported: u32,
    },
    /// See [`ErrorCode::ExcessiveWork`].
    #[error("The key file asks for {detail}, far more key-derivation work than Kindred ever writes; refusing to run it. The file may have been tampered with.")]
    ExcessiveWork {
        /// Which parameter is out of bounds.
        detail: String,
    },
    /// See [`ErrorCode::DiskFull`].
    #[error("The disk is full. The last change was not saved and nothing already saved was lost; free some space and try again.")]
    DiskFull,
    /// See [`ErrorCode::NotFound`].
    #[error("{0}")]
    NotFound(String),
    /// See [`ErrorCode::Ambiguous`].
    #[error("{0}")]
    Ambiguous(String),
    /// See [`ErrorCode::InvalidInput`].
    #[error("{0}")]
    InvalidInput(String),
    /// See [`ErrorCode::WeakPassphrase`].
    #[error("{0}")]
    WeakPassphrase(String),
    /// See [`ErrorCode::NotEncrypted`].
    #[error("This build of Kindred is linked against an SQLite without SQLCipher and would write plaintext; refusing to open the vault.")]
    NotEncrypted,
    /// See [`ErrorCode::PassphraseRequired`].
    #[error("{0}")]
    PassphraseRequired(String),
    /// See [`ErrorCode::Io`].
    #[error("Could not {action}: {kind}. Nothing already saved was lost.")]
    Io {
        /// What Kindred was doing ("write the key file").
        action: &'static str,
        /// The OS error, without paths or content.
        kind: io::ErrorKind,
    },
    /// See [`ErrorCode::Internal`].
    #[error("Internal error ({0}). Nothing already saved was lost; please report this.")]
    Internal(String),
}

impl Error {
    /// The stable code for this error.
    pub fn code(&self) -> ErrorCode {
        match self {
            Self::WrongPassphrase => ErrorCode::WrongPassphrase,
            Self::WrongRecoveryCode => ErrorCode::WrongRecoveryCode,
            Self::WrongBackupPassphrase => ErrorCode::WrongPassphrase,
            Self::WrongBackupRecoveryCode => ErrorCode::WrongRecoveryCode,
            Self::VaultMissing(_) => ErrorCode::VaultMissing,
            Self::VaultExists(_) => ErrorCode::VaultExists,
            Self::VaultLocked => ErrorCode::VaultLocked,
            Self::VaultBusy => ErrorCode::VaultBusy,
            Self::Keychain(k) => match k {
                KeychainError::NoSession | KeychainError::NoProvider | KeychainError::Other(_) => {
                    ErrorCode::KeychainUnavailable
                }
                KeychainError::Locked => ErrorCode::KeychainLocked,
                KeychainError::EntryMissing => ErrorCode::KeychainEntryMissing,
                KeychainError::EntryStale => ErrorCode::KeychainEntryStale,
            },
            Self::CorruptFile { .. } => ErrorCode::CorruptFile,
            Self::UnsupportedVersion { .. } => ErrorCode::UnsupportedVersion,
            Self::ExcessiveWork { .. } => ErrorCode::ExcessiveWork,
            Self::DiskFull => ErrorCode::DiskFull,
            Self::NotFound(_) => ErrorCode::NotFound,
            Self::Ambiguous(_) => ErrorCode::Ambiguous,
            Self::InvalidInput(_) => ErrorCode::InvalidInput,
            Self::WeakPassphrase(_) => ErrorCode::WeakPassphrase,
            Self::NotEncrypted => ErrorCode::NotEncrypted,
            Self::PassphraseRequired(_) => ErrorCode::PassphraseRequired,
            Self::Io { .. } => ErrorCode::Io,
            Self::Internal(_) => ErrorCode::Internal,
        }
    }

    /// An I/O error while doing `action`; a full disk gets its own code.
    pub fn io(action: &'static str, err: &io::Error) -> Self {
        if is_disk_full(err) {
            Self::DiskFull
        } else {
            Self::Io {
                action,
                kind: err.kind(),
            }
        }
    }

    pub(crate) fn invalid(msg: impl Into<String>) -> Self {
        Self::InvalidInput(msg.into())
    }

    pub(crate) fn not_found(msg: impl Into<String>) -> Self {
        Self::NotFound(msg.into())
    }
}

fn is_disk_full(err: &io::Error) -> bool {
    const ENOSPC: i32 = 28;
    const EDQUOT: i32 = 122;
    err.kind() == io::ErrorKind::StorageFull
        || matches!(err.raw_os_error(), Some(ENOSPC) | Some(EDQUOT))
}

impl From<rusqlite::Error> for Error {
    fn from(err: rusqlite::Error) -> Self {
        use rusqlite::ffi::ErrorCode as Sq;
        match &err {
            rusqlite::Error::SqliteFailure(e, _) => match e.code {
                Sq::DiskFull => Self::DiskFull,
                Sq::DatabaseBusy | Sq::DatabaseLocked => Self::VaultBusy,
                // Only a lock interrupts a statement (see `cancel`).
                Sq::OperationInterrupted => Self::VaultLocked,
                Sq::NotADatabase | Sq::DatabaseCorrupt => Self::CorruptFile {
                    what: "The vault database",
                    detail: "SQLite reports it is not a valid database".into(),
                },
                Sq::CannotOpen => Self::Io {
                    action: "open the vault database",
                    kind: io::ErrorKind::NotFound,
                },
                Sq::ReadOnly => Self::Io {
                    action: "write to the vault database",
                    kind: io::ErrorKind::PermissionDenied,
                },
                Sq::SystemIoFailure => Self::Io {
                    action: "read or write the vault database",
                    kind: io::ErrorKind::Other,
                },
                // Constraint and other failures carry SQLite's message, which
                // can quote values: keep only the code.
                other => Self::Internal(format!("database: {other:?}")),
            },
            rusqlite::Error::QueryReturnedNoRows => {
                Self::not_found("That item is no longer in the vault. Nothing was changed.")
            }
            rusqlite::Error::FromSqlConversionFailure(..)
            | rusqlite::Error::InvalidColumnType(..)
            | rusqlite::Error::IntegralValueOutOfRange(..) => Self::CorruptFile {
                what: "The vault database",
                detail: "a stored value has an unexpected type".into(),
            },
            _ => Self::Internal("database call failed".into()),
        }
    }
}

/// Shorthand used across the crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_through_json() {
        let json = serde_json::to_string(&ErrorCode::WrongPassphrase).unwrap();
        assert_eq!(json, "\"WrongPassphrase\"");
        assert_eq!(ErrorCode::DiskFull.as_str(), "DiskFull");
        for code in ErrorCode::ALL {
            assert_eq!(serde_json::to_value(code).unwrap(), code.as_str());
        }
        let mut unique = ErrorCode::ALL.map(ErrorCode::as_str).to_vec();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), ErrorCode::ALL.len());
    }

    #[test]
    fn enospc_is_disk_full() {
        let e = io::Error::from_raw_os_error(28);
        assert_eq!(Error::io("write", &e).code(), ErrorCode::DiskFull);
        let e = io::Error::from(io::ErrorKind::PermissionDenied);
        assert_eq!(Error::io("write", &e).code(), ErrorCode::Io);
    }

    #[test]
    fn sqlite_full_is_disk_full() {
        let e = rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_FULL),
            Some("secret value in message".into()),
        );
        let mapped = Error::from(e);
        assert_eq!(mapped.code(), ErrorCode::DiskFull);
        assert!(!mapped.to_string().contains("secret"));
    }
}
