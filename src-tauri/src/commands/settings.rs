//! Settings: auto-lock, remember on this device, passphrase, spell check,
//! where the vault lives.

use std::time::Duration;

use kindred_core::Secret;
use serde::Serialize;
use tauri::{AppHandle, Manager, State};

use crate::error::{IpcError, IpcResult};
use crate::reminders;
use crate::state::{self, AppState, AUTO_LOCK_KEY, MAX_AUTO_LOCK, MIN_AUTO_LOCK};
use crate::webview;

/// What the settings screen shows.
#[derive(Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Settings {
    /// Auto-lock after this many idle seconds.
    pub auto_lock_seconds: u64,
    /// Shortest and longest delay allowed, in seconds.
    pub auto_lock_bounds: (u64, u64),
    /// Whether this device remembers the vault in the system keychain.
    pub remembered: bool,
    /// Whether, after a lock, this device may unlock it too (off by
    /// default: after a lock only a typed secret opens the vault).
    pub keychain_after_lock: bool,
    /// The vault folder, to show the user where their data lives.
    pub vault_dir: String,
    /// The app's version.
    pub version: &'static str,
    /// Spell check as WebKit itself reports it.
    pub spell_check: SpellCheck,
    /// The gentle reminders (both off unless turned on).
    pub reminders: reminders::Reminders,
}

/// Spell check in the editor and notes, read back from WebKit.
#[derive(Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct SpellCheck {
    /// Whether WebKit checks spelling now.
    pub on: bool,
    /// The languages WebKit found a dictionary for (`en_US`); empty when
    /// none of the system locale's is installed.
    pub languages: Vec<String>,
    /// The languages asked for, from the system locale.
    pub wanted: Vec<String>,
}

#[tauri::command]
pub async fn get_settings(app: AppHandle, state: State<'_, AppState>) -> IpcResult<Settings> {
    let dir = state.dir.display().to_string();
    let (on, languages) = app
        .get_webview_window("main")
        .and_then(|w| webview::spell_check(&w))
        .unwrap_or_default();
    let spell_check = SpellCheck {
        on,
        languages,
        wanted: webview::locale_languages(|k| std::env::var(k).ok()),
    };
    state.with_vault(|v| {
        Ok(Settings {
            auto_lock_seconds: state::auto_lock_of(v).as_secs(),
            auto_lock_bounds: (MIN_AUTO_LOCK.as_secs(), MAX_AUTO_LOCK.as_secs()),
            remembered: v.is_remembered(),
            keychain_after_lock: state::keychain_after_lock_of(v),
            vault_dir: dir,
            version: env!("CARGO_PKG_VERSION"),
            spell_check,
            reminders: reminders::of(v),
        })
    })
}

/// Turns spell check on or off for this vault, and in the window now.
#[tauri::command]
pub async fn set_spell_check(
    app: AppHandle,
    state: State<'_, AppState>,
    on: bool,
) -> IpcResult<()> {
    let value = if on { "on" } else { "off" };
    state.with_vault(|v| v.set_setting(webview::SPELL_CHECK_KEY, value))?;
    if let Some(w) = app.get_webview_window("main") {
        webview::set_spell_check(&w, on);
    }
    Ok(())
}

/// The page is about to need spell check (an editor took the focus, or
/// Settings is about to show it): its dictionaries are loaded now if the
/// vault's user wants it, not at unlock (see `webview`). Locked, this
/// says so and loads nothing.
#[tauri::command]
pub async fn need_spell_check(app: AppHandle, state: State<'_, AppState>) -> IpcResult<()> {
    let wanted = state.with_vault(|v| Ok(webview::spell_check_of(v)))?;
    if wanted {
        if let Some(w) = app.get_webview_window("main") {
            webview::set_spell_check(&w, true);
        }
    }
    Ok(())
}

#[tauri::command]
pub async fn set_auto_lock(state: State<'_, AppState>, seconds: u64) -> IpcResult<()> {
    let after = Duration::from_secs(seconds);
    if !(MIN_AUTO_LOCK..=MAX_AUTO_LOCK).contains(&after) {
        return Err(IpcError::invalid(format!(
            "Auto-lock can be set from {} to {} minutes; nothing was changed.",
            MIN_AUTO_LOCK.as_secs().div_ceil(60),
            MAX_AUTO_LOCK.as_secs() / 60
        )));
    }
    state.with_vault(|v| v.set_setting(AUTO_LOCK_KEY, &seconds.to_string()))?;
    state.set_auto_lock(after);
    Ok(())
}

/// Turns "remember on this device" on or off. Turning it off returns a
/// keychain warning (the entry could not be deleted) rather than failing:
/// the key file no longer accepts that secret either way.
#[tauri::command]
pub async fn set_remember(state: State<'_, AppState>, on: bool) -> IpcResult<Option<IpcError>> {
    let keystore = state.keystore.as_ref();
    if on {
        state.with_vault(|v| v.remember_on_device(keystore))?;
        return Ok(None);
    }
    let warning = state.with_vault(|v| v.forget_on_device(keystore))?;
    Ok(warning.map(|k| IpcError::from(kindred_core::Error::from(k))))
}

/// "After a lock, this device may unlock it": an explicit opt-in (off by
/// default) that trades the protection of a lock for convenience.
#[tauri::command]
pub async fn set_keychain_after_lock(state: State<'_, AppState>, on: bool) -> IpcResult<()> {
    let value = if on { "on" } else { "off" };
    state.with_vault(|v| v.set_setting(state::KEYCHAIN_AFTER_LOCK_KEY, value))?;
    state.set_keychain_after_lock(on);
    Ok(())
}

/// Makes a new recovery code (shown once), retiring the old one; the
/// passphrase is asked for again on purpose. For when the code on paper is
/// lost, or was hidden by a lock before it could be written down.
#[tauri::command]
pub async fn new_recovery_code(
    state: State<'_, AppState>,
    passphrase: String,
) -> IpcResult<String> {
    let passphrase = Secret::new(passphrase);
    state.with_vault(|v| {
        v.check_passphrase(&passphrase)?;
        Ok(v.new_recovery_code()?.expose_secret().clone())
    })
}

/// What a passphrase change did.
#[derive(Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct PassphraseChanged {
    /// With a new key: the new recovery code, shown once (the old one
    /// wrapped the old key).
    pub recovery_code: Option<String>,
    /// With a new key, on a remembered device: why remembering it again
    /// failed, if it did.
    pub remember_error: Option<IpcError>,
}

/// Changes the passphrase; with `new_key`, also re-encrypts everything
/// under a new data key (when the passphrase may be known), so the old key
/// file and passphrase open nothing live, and remembers the device again
/// if it was.
#[tauri::command]
pub async fn change_passphrase(
    state: State<'_, AppState>,
    current: String,
    new: String,
    new_key: bool,
) -> IpcResult<PassphraseChanged> {
    let (current, new) = (Secret::new(current), Secret::new(new));
    if !new_key {
        state.with_vault(|v| v.change_passphrase(&current, &new))?;
        return Ok(PassphraseChanged {
            recovery_code: None,
            remember_error: None,
        });
    }
    let keystore = state.keystore.as_ref();
    state.with_vault(|v| {
        let remembered = v.is_remembered();
        let code = v.change_passphrase_with_new_key(&current, &new)?;
        let remember_error = remembered
            .then(|| v.remember_on_device(keystore).err())
            .flatten()
            .map(IpcError::from);
        Ok(PassphraseChanged {
            recovery_code: Some(code.expose_secret().clone()),
            remember_error,
        })
    })
}

/// Sets the reminders: an evening nudge at `evening` ("HH:MM"), a weekly
/// digest on `weekly_day` (1 Monday … 7 Sunday) at `weekly_time`, each
/// off when left out; `names`: whether notifications may name people.
#[tauri::command]
pub async fn set_reminders(
    state: State<'_, AppState>,
    evening: Option<String>,
    weekly_day: Option<u8>,
    weekly_time: Option<String>,
    names: bool,
) -> IpcResult<()> {
    let time = |t: Option<String>, what: &str| -> IpcResult<Option<String>> {
        match t.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
            None => Ok(None),
            Some(t) => match reminders::parse_time(t) {
                Some(at) => Ok(Some(at.format("%H:%M").to_string())),
                None => Err(IpcError::invalid(format!(
                    "The {what} time reads as hours and minutes, such as 20:30; nothing was changed."
                ))),
            },
        }
    };
    let evening = time(evening, "evening")?;
    let weekly = match (weekly_day, time(weekly_time, "weekly")?) {
        (None, None) => None,
        (Some(d), Some(t)) if (1..=7).contains(&d) => Some((d, t)),
        _ => {
            return Err(IpcError::invalid(
                "The weekly reminder needs a day and a time; nothing was changed.",
            ))
        }
    };
    let r = reminders::Reminders {
        evening,
        weekly,
        names,
    };
    state.with_vault(|v| reminders::store(v, &r))
}
