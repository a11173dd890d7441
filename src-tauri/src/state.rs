//! The app's one piece of state: where the vault lives and whether it is
//! unlocked. Locking is `Option::take`: the [`Vault`] is dropped, which
//! closes SQLCipher and zeroizes the data key.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use kindred_core::clock::{Clock, SystemClock};
use kindred_core::keychain::KeyStore;
use kindred_core::{Error, Vault};

use crate::error::{IpcError, IpcResult};

/// Setting key for the auto-lock delay, in seconds.
pub const AUTO_LOCK_KEY: &str = "app.auto_lock_seconds";
/// Auto-lock after ten idle minutes unless the user chose otherwise.
pub const DEFAULT_AUTO_LOCK: Duration = Duration::from_secs(10 * 60);
/// Shortest delay a user can choose. Test builds allow seconds, so the
/// end-to-end suite can watch the lock fire.
pub const MIN_AUTO_LOCK: Duration = if cfg!(feature = "e2e") {
    Duration::from_secs(2)
} else {
    Duration::from_secs(60)
};
/// Longest delay a user can choose (four hours).
pub const MAX_AUTO_LOCK: Duration = Duration::from_secs(4 * 60 * 60);

/// Shared by every command.
pub struct AppState {
    /// The vault folder (`KINDRED_VAULT`, else the platform data dir).
    pub dir: PathBuf,
    /// The system keychain.
    pub keystore: Box<dyn KeyStore>,
    /// The clock handed to the vault.
    pub clock: Arc<dyn Clock>,
    vault: Mutex<Option<Vault>>,
    idle: Mutex<Idle>,
}

impl std::fmt::Debug for AppState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppState")
            .field("unlocked", &self.is_unlocked())
            .finish_non_exhaustive()
    }
}

#[derive(Debug, Clone, Copy)]
struct Idle {
    last_activity: Instant,
    after: Duration,
}

impl AppState {
    /// A locked app for the vault in `dir`.
    pub fn new(dir: PathBuf, keystore: Box<dyn KeyStore>) -> Self {
        Self {
            dir,
            keystore,
            clock: Arc::new(SystemClock),
            vault: Mutex::new(None),
            idle: Mutex::new(Idle {
                last_activity: Instant::now(),
                after: DEFAULT_AUTO_LOCK,
            }),
        }
    }

    /// Runs `f` on the unlocked vault; counts as user activity.
    pub fn with_vault<T>(
        &self,
        f: impl FnOnce(&mut Vault) -> kindred_core::Result<T>,
    ) -> IpcResult<T> {
        let mut guard = self.vault.lock().map_err(|_| IpcError::poisoned())?;
        let vault = guard.as_mut().ok_or(Error::VaultLocked)?;
        let out = f(vault)?;
        drop(guard);
        self.touch();
        Ok(out)
    }

    /// Runs long read-mostly work (a backup, an export) on a second handle
    /// of the open vault, outside the lock: saves, search and navigation go
    /// on meanwhile. Locking the app does not wait for it; the handle and
    /// its copy of the key are dropped when the work ends.
    pub fn with_second_handle<T>(
        &self,
        f: impl FnOnce(&Vault) -> kindred_core::Result<T>,
    ) -> IpcResult<T> {
        let side = self.with_vault(|v| v.second_handle())?;
        let out = f(&side)?;
        drop(side);
        self.touch();
        Ok(out)
    }

    /// Refuses with `VaultLocked` unless a vault is open (for commands
    /// that do not read the vault but belong to an unlocked session).
    pub fn require_unlocked(&self) -> IpcResult<()> {
        if self.is_unlocked() {
            Ok(())
        } else {
            Err(Error::VaultLocked.into())
        }
    }

    /// Keeps a freshly unlocked vault and starts its idle clock.
    pub fn unlocked(&self, vault: Vault) -> IpcResult<()> {
        let after = auto_lock_of(&vault);
        *self.vault.lock().map_err(|_| IpcError::poisoned())? = Some(vault);
        if let Ok(mut idle) = self.idle.lock() {
            *idle = Idle {
                last_activity: Instant::now(),
                after,
            };
        }
        Ok(())
    }

    /// Locks; returns whether there was anything to lock.
    pub fn lock(&self) -> bool {
        // A poisoned lock still gets its vault dropped.
        let mut guard = match self.vault.lock() {
            Ok(g) => g,
            Err(poisoned) => poisoned.into_inner(),
        };
        guard.take().is_some()
    }

    /// Whether a vault is unlocked.
    pub fn is_unlocked(&self) -> bool {
        self.vault.lock().map(|g| g.is_some()).unwrap_or(false)
    }

    /// Records user activity (postpones auto-lock).
    pub fn touch(&self) {
        if let Ok(mut idle) = self.idle.lock() {
            idle.last_activity = Instant::now();
        }
    }

    /// Changes the auto-lock delay of the running session.
    pub fn set_auto_lock(&self, after: Duration) {
        if let Ok(mut idle) = self.idle.lock() {
            idle.after = after;
            idle.last_activity = Instant::now();
        }
    }

    /// Locks if the vault has been idle for its auto-lock delay; returns
    /// whether it locked.
    pub fn lock_if_idle(&self, now: Instant) -> bool {
        let due = self
            .idle
            .lock()
            .map(|i| now.saturating_duration_since(i.last_activity) >= i.after)
            // A poisoned idle clock cannot be trusted: lock.
            .unwrap_or(true);
        due && self.lock()
    }
}

/// The vault's stored auto-lock delay, within bounds; the default if unset
/// or unreadable.
pub fn auto_lock_of(vault: &Vault) -> Duration {
    vault
        .setting(AUTO_LOCK_KEY)
        .ok()
        .flatten()
        .and_then(|s| s.parse::<u64>().ok())
        .map(Duration::from_secs)
        .map_or(DEFAULT_AUTO_LOCK, |d| d.clamp(MIN_AUTO_LOCK, MAX_AUTO_LOCK))
}

#[cfg(test)]
mod tests {
    use super::*;
    use kindred_core::keychain::MemoryKeyStore;
    use kindred_core::Secret;

    fn unlocked_state(dir: &std::path::Path) -> AppState {
        let state = AppState::new(dir.join("v"), Box::new(MemoryKeyStore::new()));
        let created = Vault::create(
            &state.dir,
            &Secret::new("violet tractor sleeps".into()),
            state.clock.clone(),
        )
        .unwrap();
        state.unlocked(created.vault).unwrap();
        state
    }

    #[test]
    fn idle_for_the_delay_locks_and_activity_postpones() {
        let tmp = tempfile::tempdir().unwrap();
        let state = unlocked_state(tmp.path());
        state.set_auto_lock(Duration::from_secs(60));
        let start = Instant::now();
        assert!(!state.lock_if_idle(start + Duration::from_secs(30)));
        assert!(state.is_unlocked());
        assert!(state.lock_if_idle(start + Duration::from_secs(61)));
        assert!(!state.is_unlocked());
        // Locked: commands refuse with VaultLocked.
        let err = state.with_vault(|v| v.counts()).unwrap_err();
        assert_eq!(err.code, "VaultLocked");
    }

    /// A backup on the second handle leaves the vault free: the journal can
    /// be read and written while it runs.
    #[test]
    fn long_work_on_a_second_handle_does_not_hold_the_vault() {
        let tmp = tempfile::tempdir().unwrap();
        let state = unlocked_state(tmp.path());
        let report = state
            .with_second_handle(|side| {
                assert!(state.vault.try_lock().is_ok(), "the vault is free");
                let during = state.with_vault(|v| {
                    v.journal().write(&kindred_core::model::EntryDraft {
                        title: "Written during the backup".into(),
                        ..Default::default()
                    })
                });
                assert!(during.is_ok(), "{during:?}");
                side.backups().now(&mut kindred_core::backup::no_progress)
            })
            .unwrap();
        assert_eq!(report.written.len(), 1);
        assert_eq!(state.with_vault(|v| v.counts()).unwrap().entries, 1);
        // Locked: no second handle either.
        state.lock();
        let err = state.with_second_handle(|v| v.counts()).unwrap_err();
        assert_eq!(err.code, "VaultLocked");
    }

    #[test]
    fn stored_delay_is_read_back_within_bounds() {
        let tmp = tempfile::tempdir().unwrap();
        let state = unlocked_state(tmp.path());
        state
            .with_vault(|v| v.set_setting(AUTO_LOCK_KEY, "300"))
            .unwrap();
        let d = state.with_vault(|v| Ok(auto_lock_of(v))).unwrap();
        assert_eq!(d, Duration::from_secs(300));
        state
            .with_vault(|v| v.set_setting(AUTO_LOCK_KEY, "999999"))
            .unwrap();
        let d = state.with_vault(|v| Ok(auto_lock_of(v))).unwrap();
        assert_eq!(d, MAX_AUTO_LOCK);
        state
            .with_vault(|v| v.set_setting(AUTO_LOCK_KEY, "nonsense"))
            .unwrap();
        let d = state.with_vault(|v| Ok(auto_lock_of(v))).unwrap();
        assert_eq!(d, DEFAULT_AUTO_LOCK);
    }
}
