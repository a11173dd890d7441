//! The OS keychain, behind the narrow [`KeyStore`] trait.
//!
//! "Remember on this device" keeps a device secret (see `keyfile`) under
//! service [`SERVICE`], account = vault id. The keychain is a cache: every way
//! it can fail has its own [`KeychainError`], and every one of them leads back
//! to asking for the passphrase. Nothing is ever stored elsewhere instead.
//!
//! [`OsKeyStore`] uses the `keyring` crate (Secret Service over D-Bus on
//! Linux, Keychain on macOS, Credential Manager on Windows);
//! [`MemoryKeyStore`] is for unit tests.

use std::collections::HashMap;
use std::sync::Mutex;

use crate::secret::Secret;

/// Keychain service name for every Kindred entry.
pub const SERVICE: &str = "kindred";

/// Why the keychain could not give or keep the unlock secret.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum KeychainError {
    /// No D-Bus session bus to reach a keychain through.
    #[error("The system keychain cannot be reached: this session has no D-Bus session bus. Enter your passphrase instead; nothing was stored in its place.")]
    NoSession,
    /// A bus, but no Secret Service provider answering on it.
    #[error("No system keychain is running (such as GNOME Keyring or KWallet). Enter your passphrase instead; nothing was stored in its place.")]
    NoProvider,
    /// The keychain is locked and was not unlocked.
    #[error("The system keychain is locked. Unlock it (for example by logging in again) or enter your passphrase.")]
    Locked,
    /// This device remembers no secret for the vault.
    #[error("This device does not remember the passphrase for this vault. Enter your passphrase.")]
    EntryMissing,
    /// The remembered secret no longer matches the key file.
    #[error("The unlock secret remembered on this device no longer matches this vault (it was turned off elsewhere, or the vault was restored). Enter your passphrase, then turn on \"remember on this device\" again.")]
    EntryStale,
    /// Another keychain failure.
    #[error("The system keychain failed ({0}). Enter your passphrase instead; nothing was stored in its place.")]
    Other(String),
}

/// Where remembered unlock secrets live.
pub trait KeyStore: Send + Sync {
    /// The secret for `account`; `Err(EntryMissing)` when there is none.
    fn get(&self, account: &str) -> Result<Secret<String>, KeychainError>;
    /// Stores (or replaces) the secret for `account`.
    fn set(&self, account: &str, secret: &Secret<String>) -> Result<(), KeychainError>;
    /// Deletes the secret for `account`; deleting a missing entry is fine.
    fn delete(&self, account: &str) -> Result<(), KeychainError>;
}

/// The platform keychain through the `keyring` crate.
#[cfg(feature = "os-keychain")]
#[derive(Debug, Default, Clone, Copy)]
pub struct OsKeyStore;

#[cfg(feature = "os-keychain")]
impl OsKeyStore {
    fn entry(account: &str) -> Result<keyring::Entry, KeychainError> {
        keyring::Entry::new(SERVICE, account).map_err(|e| match e {
            // The store is created once per process; its own error says why.
            keyring::Error::NoDefaultStore => match keyring::Entry::store_status() {
                Err(inner) => map_error(inner),
                Ok(()) => KeychainError::Other("no credential store".into()),
            },
            other => map_error(&other),
        })
    }
}

#[cfg(feature = "os-keychain")]
impl KeyStore for OsKeyStore {
    fn get(&self, account: &str) -> Result<Secret<String>, KeychainError> {
        Self::entry(account)?
            .get_password()
            .map(Secret::new)
            .map_err(|e| map_error(&e))
    }

    fn set(&self, account: &str, secret: &Secret<String>) -> Result<(), KeychainError> {
        Self::entry(account)?
            .set_password(secret.expose_secret())
            .map_err(|e| map_error(&e))
    }

    fn delete(&self, account: &str) -> Result<(), KeychainError> {
        match Self::entry(account)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(map_error(&e)),
        }
    }
}

/// Maps `keyring` errors to ours. Measured on Debian 12 with the Secret
/// Service store: no bus and no provider both arrive as `PlatformFailure`;
/// a locked keyring (prompt dismissed) and no unlocked collection arrive as
/// `NoStorageAccess`. No bus is told apart by the absence of a session bus
/// address.
#[cfg(feature = "os-keychain")]
fn map_error(e: &keyring::Error) -> KeychainError {
    match e {
        keyring::Error::NoEntry => KeychainError::EntryMissing,
        keyring::Error::NoStorageAccess(_) => KeychainError::Locked,
        keyring::Error::PlatformFailure(_) | keyring::Error::NoDefaultStore => {
            if session_bus_present() {
                KeychainError::NoProvider
            } else {
                KeychainError::NoSession
            }
        }
        keyring::Error::BadEncoding(_) | keyring::Error::BadDataFormat(..) => {
            KeychainError::EntryStale
        }
        keyring::Error::Ambiguous(_) => KeychainError::Other("more than one entry".into()),
        _ => KeychainError::Other("unexpected keychain error".into()),
    }
}

/// Whether a D-Bus session bus can be found the way zbus looks for one.
#[cfg(feature = "os-keychain")]
fn session_bus_present() -> bool {
    if let Some(addr) = std::env::var_os("DBUS_SESSION_BUS_ADDRESS") {
        return !addr.is_empty();
    }
    #[cfg(unix)]
    if let Some(runtime) = std::env::var_os("XDG_RUNTIME_DIR") {
        return std::path::Path::new(&runtime).join("bus").exists();
    }
    false
}

/// An in-memory keychain for tests, with switchable failure.
#[derive(Debug, Default)]
pub struct MemoryKeyStore {
    entries: Mutex<HashMap<String, String>>,
    failure: Mutex<Option<KeychainError>>,
}

impl MemoryKeyStore {
    /// An empty, working store.
    pub fn new() -> Self {
        Self::default()
    }

    /// Makes every later call fail with `err` (or work again with `None`).
    pub fn fail_with(&self, err: Option<KeychainError>) {
        if let Ok(mut f) = self.failure.lock() {
            *f = err;
        }
    }

    /// Replaces the stored value directly, as another program could.
    pub fn overwrite(&self, account: &str, value: &str) {
        if let Ok(mut m) = self.entries.lock() {
            m.insert(account.into(), value.into());
        }
    }

    fn check(&self) -> Result<(), KeychainError> {
        match self.failure.lock() {
            Ok(f) => f.clone().map_or(Ok(()), Err),
            Err(_) => Err(KeychainError::Other("poisoned".into())),
        }
    }

    fn map(&self) -> Result<std::sync::MutexGuard<'_, HashMap<String, String>>, KeychainError> {
        self.entries
            .lock()
            .map_err(|_| KeychainError::Other("poisoned".into()))
    }
}

impl KeyStore for MemoryKeyStore {
    fn get(&self, account: &str) -> Result<Secret<String>, KeychainError> {
        self.check()?;
        self.map()?
            .get(account)
            .map(|s| Secret::new(s.clone()))
            .ok_or(KeychainError::EntryMissing)
    }

    fn set(&self, account: &str, secret: &Secret<String>) -> Result<(), KeychainError> {
        self.check()?;
        self.map()?
            .insert(account.into(), secret.expose_secret().clone());
        Ok(())
    }

    fn delete(&self, account: &str) -> Result<(), KeychainError> {
        self.check()?;
        self.map()?.remove(account);
        Ok(())
    }
}
