//! Creating, unlocking, recovering and locking the vault.

use kindred_core::strength::{self, Strength};
use kindred_core::{vault, Secret, Unlock, Vault};
use serde::Serialize;
use tauri::{AppHandle, Emitter, Manager, State};

use super::args::PageMarks;
use super::{Reporter, LOCKED_EVENT};
use crate::error::{IpcError, IpcResult};
use crate::state::AppState;

/// The progress events' task while unlocking: the verified backup an
/// upgrade of the vault's format writes first.
const UNLOCK_TASK: &str = "unlock";

/// Whether there is a vault yet, and whether it is open.
#[derive(Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Status {
    /// Which screen the window shows.
    pub state: VaultState,
    /// Whether this device may unlock the vault now (try the keychain
    /// first): it remembers the vault, and this is the app's start or the
    /// user let the device unlock after a lock too.
    pub remembered: bool,
}

/// Where the vault stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub enum VaultState {
    /// No vault yet: the first-run screen.
    New,
    /// A vault, locked: the unlock screen.
    Locked,
    /// Open.
    Unlocked,
}

/// A vault just created or recovered.
#[derive(Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Created {
    /// Shown once, never stored.
    pub recovery_code: String,
    /// Set when "remember on this device" was asked for but failed.
    pub remember_error: Option<IpcError>,
}

#[tauri::command]
pub async fn status(state: State<'_, AppState>) -> IpcResult<Status> {
    let (vault_state, remembered) = if state.is_unlocked() {
        (VaultState::Unlocked, false)
    } else if vault::exists(&state.dir) {
        (
            VaultState::Locked,
            // A key file that cannot be read leaves the passphrase, whose
            // error says what is wrong, and the restore from a backup.
            state.keychain_allowed() && Vault::is_remembered_at(&state.dir).unwrap_or(false),
        )
    } else {
        (VaultState::New, false)
    };
    Ok(Status {
        state: vault_state,
        remembered,
    })
}

#[tauri::command]
pub async fn create_vault(
    state: State<'_, AppState>,
    passphrase: String,
    remember: bool,
) -> IpcResult<Created> {
    let created = Vault::create(&state.dir, &Secret::new(passphrase), state.clock.clone())?;
    let mut v = created.vault;
    let remember_error = remember
        .then(|| v.remember_on_device(state.keystore.as_ref()).err())
        .flatten()
        .map(IpcError::from);
    state.unlocked(v)?;
    Ok(Created {
        recovery_code: created.recovery_code.expose_secret().clone(),
        remember_error,
    })
}

#[tauri::command]
pub async fn unlock(
    app: AppHandle,
    state: State<'_, AppState>,
    passphrase: String,
) -> IpcResult<()> {
    let passphrase = Secret::new(passphrase);
    // An upgrade of the vault's format backs it up first: seconds, shown.
    let mut r = Reporter::new(&app, UNLOCK_TASK);
    let vault = Vault::unlock_with_progress(
        &state.dir,
        Unlock::Passphrase(&passphrase),
        state.clock.clone(),
        &mut |s, d, t| r.stage(s, d, t),
    )?;
    state.unlocked(vault)
}

#[tauri::command]
pub async fn unlock_with_keychain(app: AppHandle, state: State<'_, AppState>) -> IpcResult<()> {
    if !state.keychain_allowed() {
        return Err(kindred_core::Error::PassphraseRequired(
            "Kindred locked, so only your passphrase or recovery code opens it now. \
             (Settings can let this device unlock it after a lock too.)"
                .into(),
        )
        .into());
    }
    // The keychain may wait on its own unlock prompt for as long as the
    // user leaves it; meanwhile the passphrase may open the vault, or a
    // lock come. Either wins over this.
    let began = state.epoch();
    let mut r = Reporter::new(&app, UNLOCK_TASK);
    let vault = Vault::unlock_with_keychain_progress(
        &state.dir,
        state.keystore.as_ref(),
        state.clock.clone(),
        &mut |s, d, t| r.stage(s, d, t),
    )?;
    if state.unlocked_since(vault, began)? || state.is_unlocked() {
        Ok(())
    } else {
        Err(kindred_core::Error::VaultLocked.into())
    }
}

#[tauri::command]
pub async fn recover(
    state: State<'_, AppState>,
    recovery_code: String,
    new_passphrase: String,
) -> IpcResult<Created> {
    let (code, new) = (Secret::new(recovery_code), Secret::new(new_passphrase));
    let created = Vault::recover(&state.dir, &code, &new, state.clock.clone())?;
    state.unlocked(created.vault)?;
    Ok(Created {
        recovery_code: created.recovery_code.expose_secret().clone(),
        remember_error: None,
    })
}

#[tauri::command]
pub async fn lock(app: AppHandle) -> IpcResult<()> {
    lock_now(&app, "manual");
    Ok(())
}

/// Locks the vault (stopping and waiting for work on second handles) and
/// tells the window why: `manual`, `idle`, `screen` or `suspend`.
pub fn lock_now(app: &AppHandle, reason: &str) {
    if app.state::<AppState>().lock() {
        let _ = app.emit(LOCKED_EVENT, reason);
    }
}

/// The UI reports keyboard and pointer activity (throttled) so the idle
/// timer, which lives here, knows the user is still there.
#[tauri::command]
pub async fn touch(state: State<'_, AppState>) -> IpcResult<()> {
    state.touch();
    Ok(())
}

/// The page drew its first screen (sent once per launch); printed with
/// `KINDRED_LAUNCH_TRACE=1`, else nothing happens.
#[tauri::command]
pub async fn drawn(marks: PageMarks) -> IpcResult<()> {
    crate::launch_trace::drawn(marks);
    // What starting up freed (the first screen waits here, often for long).
    crate::memory::give_back();
    Ok(())
}

#[tauri::command]
pub async fn passphrase_strength(passphrase: String) -> IpcResult<Strength> {
    Ok(strength::estimate(&Secret::new(passphrase), &["kindred"]))
}
