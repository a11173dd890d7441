//! The app's one piece of state: where the vault lives and whether it is
//! unlocked. Locking is `Option::take`: the [`Vault`] is dropped, which
//! closes SQLCipher and zeroizes the data key. Long work on second handles
//! (backups, verification, exports) is registered here, so a lock stops it
//! and waits for it before it says "locked".
//!
//! After a lock, only a typed secret opens the vault again: the keychain
//! unlocks at the app's start, and after a lock only when the user turned
//! on "after a lock, this device may unlock it" (off by default).

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use kindred_core::cancel::Cancel;
use kindred_core::clock::{Clock, SystemClock};
use kindred_core::keychain::KeyStore;
use kindred_core::{Error, Vault};

use crate::error::IpcResult;

/// Setting key for the auto-lock delay, in seconds.
pub const AUTO_LOCK_KEY: &str = "app.auto_lock_seconds";
/// Setting key for "after a lock, this device may unlock it" (`on`/`off`).
pub const KEYCHAIN_AFTER_LOCK_KEY: &str = "app.keychain_after_lock";
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
/// How long a lock waits for stopped work to wind down before it reports
/// "locked" anyway (the work's key copy goes when it ends).
const WORK_STOP_WAIT: Duration = Duration::from_secs(20);

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
    /// Work running on second handles, by id, with its stop switch.
    work: Mutex<Vec<(u64, Arc<Cancel>)>>,
    work_ended: Condvar,
    next_work: AtomicU64,
    /// Whether the keychain may unlock now: at start, and after a lock only
    /// with the opt-in.
    keychain_allowed: AtomicBool,
    /// Started at login in the tray: the keychain waits until the window
    /// is first shown, so nothing opens the vault with nobody there.
    hidden_start: AtomicBool,
    /// The opt-in of the vault last unlocked.
    keychain_after_lock: AtomicBool,
    /// Locks and unlocks so far, counted under the vault slot: an unlock
    /// that took long (a keychain waiting on its unlock prompt) and began
    /// before one of them must not land after it.
    epoch: AtomicU64,
    /// Files last dropped on the window, until the page attaches them: their
    /// paths stay here and never reach the page.
    dropped: Mutex<Vec<PathBuf>>,
    /// Run with each vault as it is unlocked, before it is kept: applies
    /// its per-vault window settings (spell check).
    on_unlock: std::sync::OnceLock<OnUnlock>,
}

/// See [`AppState::set_on_unlock`].
type OnUnlock = Box<dyn Fn(&Vault) + Send + Sync>;

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

/// Removes a finished piece of work from the registry, however it ends.
struct WorkGuard<'a> {
    state: &'a AppState,
    id: u64,
}

impl Drop for WorkGuard<'_> {
    fn drop(&mut self) {
        let mut work = recover(self.state.work.lock());
        work.retain(|(id, _)| *id != self.id);
        drop(work);
        self.state.work_ended.notify_all();
    }
}

/// A poisoned mutex (a command panicked while holding it) is used as is:
/// its data is a vault handle or a list, both still whole.
fn recover<'a, T>(r: std::sync::LockResult<MutexGuard<'a, T>>) -> MutexGuard<'a, T> {
    match r {
        Ok(g) => g,
        Err(p) => p.into_inner(),
    }
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
            work: Mutex::new(Vec::new()),
            work_ended: Condvar::new(),
            next_work: AtomicU64::new(1),
            keychain_allowed: AtomicBool::new(true),
            hidden_start: AtomicBool::new(false),
            keychain_after_lock: AtomicBool::new(false),
            epoch: AtomicU64::new(0),
            dropped: Mutex::new(Vec::new()),
            on_unlock: std::sync::OnceLock::new(),
        }
    }

    /// Sets what runs with each vault as it is unlocked (once, at start).
    pub fn set_on_unlock(&self, f: impl Fn(&Vault) + Send + Sync + 'static) {
        let _ = self.on_unlock.set(Box::new(f));
    }

    /// Keeps the paths of files dropped on the window; returns how many.
    pub fn set_dropped(&self, paths: Vec<PathBuf>) -> usize {
        let n = paths.len();
        *recover(self.dropped.lock()) = paths;
        n
    }

    /// The files last dropped, once: taking them empties the list.
    pub fn take_dropped(&self) -> Vec<PathBuf> {
        std::mem::take(&mut *recover(self.dropped.lock()))
    }

    /// Runs `f` on the unlocked vault without counting as user activity
    /// (the window loading a picture is not the user at work).
    pub fn peek_vault<T>(&self, f: impl FnOnce(&Vault) -> kindred_core::Result<T>) -> IpcResult<T> {
        let guard = self.slot();
        let vault = guard.as_ref().ok_or(Error::VaultLocked)?;
        Ok(f(vault)?)
    }

    /// The vault slot. A command that panicked while holding it leaves it
    /// poisoned: the vault is locked then (whatever the command was doing
    /// is not trusted) and the poison cleared, so unlocking works again
    /// without a restart.
    fn slot(&self) -> MutexGuard<'_, Option<Vault>> {
        match self.vault.lock() {
            Ok(g) => g,
            Err(poisoned) => {
                let mut g = poisoned.into_inner();
                g.take();
                self.vault.clear_poison();
                g
            }
        }
    }

    /// Runs `f` on the unlocked vault; counts as user activity.
    pub fn with_vault<T>(
        &self,
        f: impl FnOnce(&mut Vault) -> kindred_core::Result<T>,
    ) -> IpcResult<T> {
        let mut guard = self.slot();
        let vault = guard.as_mut().ok_or(Error::VaultLocked)?;
        let out = f(vault)?;
        drop(guard);
        self.touch();
        Ok(out)
    }

    /// Runs long read-mostly work (a backup, an export) on a second handle
    /// of the open vault, outside the lock: saves, search and navigation go
    /// on meanwhile. A lock stops it (see [`AppState::lock`]). Background
    /// work is not user activity: it does not postpone the auto-lock.
    pub fn with_second_handle<T>(
        &self,
        f: impl FnOnce(&Vault) -> kindred_core::Result<T>,
    ) -> IpcResult<T> {
        let side = {
            let guard = self.slot();
            let vault = guard.as_ref().ok_or(Error::VaultLocked)?;
            vault.second_handle()?
        };
        let id = self.next_work.fetch_add(1, Ordering::SeqCst);
        recover(self.work.lock()).push((id, side.cancel_handle()));
        let _registered = WorkGuard { state: self, id };
        // A lock that came between taking the handle and registering it.
        if !self.is_unlocked() {
            return Err(Error::VaultLocked.into());
        }
        let out = f(&side);
        drop(side);
        Ok(out?)
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
        let slot = self.slot();
        self.keep(slot, vault)
    }

    /// How many locks and unlocks there have been; see
    /// [`AppState::unlocked_since`].
    pub fn epoch(&self) -> u64 {
        let _slot = self.slot();
        self.epoch.load(Ordering::SeqCst)
    }

    /// Keeps `vault`, unlocked by work that began at `epoch`, only if no
    /// lock or unlock happened since (a lock in between must win; so must
    /// the passphrase typed while the keychain waited). Returns whether it
    /// was kept; if not, it is dropped, locked.
    pub fn unlocked_since(&self, vault: Vault, epoch: u64) -> IpcResult<bool> {
        let slot = self.slot();
        if self.epoch.load(Ordering::SeqCst) != epoch || slot.is_some() {
            return Ok(false);
        }
        self.keep(slot, vault).map(|()| true)
    }

    fn keep(&self, mut slot: MutexGuard<'_, Option<Vault>>, vault: Vault) -> IpcResult<()> {
        let after = auto_lock_of(&vault);
        if let Some(f) = self.on_unlock.get() {
            f(&vault);
        }
        self.keychain_after_lock
            .store(keychain_after_lock_of(&vault), Ordering::SeqCst);
        *slot = Some(vault);
        self.epoch.fetch_add(1, Ordering::SeqCst);
        drop(slot);
        self.keychain_allowed.store(true, Ordering::SeqCst);
        *recover(self.idle.lock()) = Idle {
            last_activity: Instant::now(),
            after,
        };
        Ok(())
    }

    /// Locks: drops the vault, stops work on second handles and waits for
    /// it to end (its key copies go with it), and from now on lets only a
    /// typed secret unlock unless the user opted in. Returns whether there
    /// was anything to lock.
    pub fn lock(&self) -> bool {
        let had = {
            let mut slot = self.slot();
            self.epoch.fetch_add(1, Ordering::SeqCst);
            slot.take().is_some()
        };
        recover(self.dropped.lock()).clear();
        self.keychain_allowed.store(
            self.keychain_after_lock.load(Ordering::SeqCst),
            Ordering::SeqCst,
        );
        let work = recover(self.work.lock());
        for (_, cancel) in work.iter() {
            cancel.cancel();
        }
        let had_work = !work.is_empty();
        let (work, _) = self
            .work_ended
            .wait_timeout_while(work, WORK_STOP_WAIT, |w| !w.is_empty())
            .unwrap_or_else(|p| p.into_inner());
        drop(work);
        // The vault's page cache, freed with it.
        crate::memory::give_back();
        had || had_work
    }

    /// Whether a vault is unlocked.
    pub fn is_unlocked(&self) -> bool {
        self.slot().is_some()
    }

    /// Whether the keychain may unlock the vault now.
    pub fn keychain_allowed(&self) -> bool {
        self.keychain_allowed.load(Ordering::SeqCst) && !self.hidden_start.load(Ordering::SeqCst)
    }

    /// Started hidden (at login, in the tray): no keychain unlock until
    /// the window is shown.
    pub fn start_hidden(&self) {
        self.hidden_start.store(true, Ordering::SeqCst);
    }

    /// The window is shown: returns whether it was hidden since the start
    /// (the keychain may now unlock, as at any start).
    pub fn shown(&self) -> bool {
        self.hidden_start.swap(false, Ordering::SeqCst)
    }

    /// Records the user's choice of "after a lock, this device may unlock
    /// it" for this session (it is stored in the vault by the caller).
    pub fn set_keychain_after_lock(&self, on: bool) {
        self.keychain_after_lock.store(on, Ordering::SeqCst);
    }

    /// Records user activity (postpones auto-lock).
    pub fn touch(&self) {
        recover(self.idle.lock()).last_activity = Instant::now();
    }

    /// Changes the auto-lock delay of the running session.
    pub fn set_auto_lock(&self, after: Duration) {
        let mut idle = recover(self.idle.lock());
        idle.after = after;
        idle.last_activity = Instant::now();
    }

    /// Locks if the vault has been idle for its auto-lock delay; returns
    /// whether it locked.
    pub fn lock_if_idle(&self, now: Instant) -> bool {
        let due = {
            let i = recover(self.idle.lock());
            now.saturating_duration_since(i.last_activity) >= i.after
        };
        due && self.is_unlocked() && self.lock()
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

/// Whether the vault's user opted in to keychain unlocks after a lock.
pub fn keychain_after_lock_of(vault: &Vault) -> bool {
    vault
        .setting(KEYCHAIN_AFTER_LOCK_KEY)
        .ok()
        .flatten()
        .as_deref()
        == Some("on")
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use kindred_core::keychain::MemoryKeyStore;
    use kindred_core::Secret;

    pub(crate) fn unlocked_state(dir: &std::path::Path) -> AppState {
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
    fn a_slow_unlock_does_not_land_after_a_lock_or_another_unlock() {
        let tmp = tempfile::tempdir().unwrap();
        let state = unlocked_state(tmp.path());
        let second = || {
            Vault::unlock(
                &state.dir,
                kindred_core::Unlock::Passphrase(&Secret::new("violet tractor sleeps".into())),
                state.clock.clone(),
            )
            .unwrap()
        };
        // Began while unlocked; a lock came in between.
        let began = state.epoch();
        state.lock();
        let slow = second();
        assert!(!state.unlocked_since(slow, began).unwrap());
        assert!(!state.is_unlocked(), "the lock wins");
        // Began while locked; the passphrase unlocked first.
        let began = state.epoch();
        state.unlocked(second()).unwrap();
        let slow = second();
        assert!(!state.unlocked_since(slow, began).unwrap());
        assert!(state.is_unlocked());
        // Nothing in between: kept.
        state.lock();
        let began = state.epoch();
        assert!(state.unlocked_since(second(), began).unwrap());
        assert!(state.is_unlocked());
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

    /// A panic inside a command poisons the vault's mutex; the app must
    /// not need a restart to unlock again (the vault is locked instead).
    #[test]
    fn a_panic_in_a_command_locks_and_unlocking_works_again() {
        let tmp = tempfile::tempdir().unwrap();
        let state = unlocked_state(tmp.path());
        let panicked = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let _ = state.with_vault(|_| -> kindred_core::Result<()> { panic!("a bug") });
        }));
        assert!(panicked.is_err());
        assert!(!state.is_unlocked(), "a panic mid-command locks");
        let err = state.with_vault(|v| v.counts()).unwrap_err();
        assert_eq!(err.code, "VaultLocked");
        let v = Vault::unlock(
            &state.dir,
            kindred_core::Unlock::Passphrase(&Secret::new("violet tractor sleeps".into())),
            state.clock.clone(),
        )
        .unwrap();
        state.unlocked(v).unwrap();
        assert_eq!(state.with_vault(|v| v.counts()).unwrap().entries, 0);
    }

    /// After a lock only a typed secret opens the vault, unless the user
    /// opted in; a new unlock (typed) allows the keychain again until the
    /// next lock.
    #[test]
    fn after_a_lock_the_keychain_needs_the_opt_in() {
        let tmp = tempfile::tempdir().unwrap();
        let state = unlocked_state(tmp.path());
        assert!(state.keychain_allowed(), "at the app's start");
        state.lock();
        assert!(!state.keychain_allowed(), "after a lock");
        let v = Vault::unlock(
            &state.dir,
            kindred_core::Unlock::Passphrase(&Secret::new("violet tractor sleeps".into())),
            state.clock.clone(),
        )
        .unwrap();
        v.set_setting(KEYCHAIN_AFTER_LOCK_KEY, "on").unwrap();
        state.unlocked(v).unwrap();
        state.lock();
        assert!(state.keychain_allowed(), "with the opt-in");
    }

    /// Started at login in the tray, the keychain waits for the window.
    #[test]
    fn a_hidden_start_waits_for_the_window_before_the_keychain() {
        let tmp = tempfile::tempdir().unwrap();
        let state = AppState::new(tmp.path().join("v"), Box::new(MemoryKeyStore::new()));
        assert!(state.keychain_allowed(), "at a start");
        state.start_hidden();
        assert!(!state.keychain_allowed(), "hidden");
        assert!(state.shown(), "first shown");
        assert!(state.keychain_allowed(), "shown, as at any start");
        assert!(!state.shown(), "only once");
    }

    /// A lock stops work on a second handle and waits for it to end before
    /// it returns: the work fails with VaultLocked and leaves no backup.
    #[test]
    fn a_lock_stops_and_waits_for_work_on_a_second_handle() {
        let tmp = tempfile::tempdir().unwrap();
        let state = Arc::new(unlocked_state(tmp.path()));
        let folder = tmp.path().join("backups-during-lock");
        let (started_tx, started_rx) = std::sync::mpsc::channel();
        let ended = Arc::new(AtomicBool::new(false));
        let worker = {
            let (state, folder, ended) = (state.clone(), folder.clone(), ended.clone());
            std::thread::spawn(move || {
                state.with_second_handle(|side| {
                    let r = side.backups().write_into(&folder, "", &mut |_, _, _| {
                        let _ = started_tx.send(());
                        // Slow enough for the lock to land mid-backup.
                        std::thread::sleep(Duration::from_millis(20));
                    });
                    ended.store(true, Ordering::SeqCst);
                    r
                })
            })
        };
        started_rx.recv().unwrap();
        assert!(state.lock());
        // lock() returned: the work has ended already, and is off the list.
        assert!(ended.load(Ordering::SeqCst), "lock waited for the work");
        assert!(recover(state.work.lock()).is_empty());
        let err = worker.join().unwrap().unwrap_err();
        assert_eq!(err.code, "VaultLocked");
        let left: Vec<_> = std::fs::read_dir(&folder)
            .map(|rd| rd.flatten().map(|e| e.file_name()).collect())
            .unwrap_or_default();
        assert!(left.is_empty(), "{left:?}");
    }

    /// Background work does not postpone the auto-lock.
    #[test]
    fn background_work_is_not_activity() {
        let tmp = tempfile::tempdir().unwrap();
        let state = unlocked_state(tmp.path());
        state.set_auto_lock(Duration::from_secs(60));
        let start = Instant::now();
        std::thread::sleep(Duration::from_millis(50));
        state
            .with_second_handle(|side| side.backups().now(&mut kindred_core::backup::no_progress))
            .unwrap();
        // Had the backup counted as activity, 60 s would run from its end.
        assert!(state.lock_if_idle(start + Duration::from_secs(60)));
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
