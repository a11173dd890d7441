//! Backups: the list, settings, "back up now", the automatic backup after
//! unlocking, verifying, and restoring (into a new folder, or in place of
//! this vault after a safety backup). Long work reports progress as
//! `work-progress` events.

use std::path::PathBuf;

use chrono::{DateTime, Utc};
use kindred_core::backup::{self, BackupReport, BackupSettings, Kept, ListedBackup, Secrets};
use kindred_core::{Secret, Unlock, Vault};
use serde::Serialize;
use tauri::{AppHandle, State};

use super::args::{backup_secret, user_path, SecretKind, SettingsInput};
use super::Reporter;
use crate::error::IpcResult;
use crate::state::AppState;

/// What the Backups screen shows.
#[derive(Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Overview {
    /// Folders and rotation.
    pub settings: BackupSettings,
    /// When the last backup was made.
    pub last_backup_at: Option<DateTime<Utc>>,
    /// Backups of this vault, newest first, damaged ones included.
    pub backups: Vec<ListedBackup>,
}

/// A replacing restore that went through.
#[derive(Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Replaced {
    /// What became of the vault as it was just before: a verified safety
    /// backup, or its files set aside intact.
    pub kept: Kept,
    /// Which secrets open the vault now.
    pub secrets: Secrets,
    /// Whether the restored vault is open again (with the same secret).
    pub unlocked: bool,
}

#[tauri::command]
pub async fn backup_overview(state: State<'_, AppState>) -> IpcResult<Overview> {
    state.with_vault(|v| {
        Ok(Overview {
            settings: v.backups().settings()?,
            last_backup_at: v.backups().last_at()?,
            backups: v.backups().list()?,
        })
    })
}

#[tauri::command]
pub async fn set_backup_settings(
    state: State<'_, AppState>,
    settings: SettingsInput,
) -> IpcResult<()> {
    let s = settings.settings()?;
    state.with_vault(|v| v.backups().set_settings(&s))
}

#[tauri::command]
pub async fn backup_now(app: AppHandle, state: State<'_, AppState>) -> IpcResult<BackupReport> {
    let mut r = Reporter::new(&app, "backup");
    state.with_second_handle(|v| v.backups().now(&mut |s, d, t| r.stage(s, d, t)))
}

/// The daily backup, which the UI asks for once the first screen after
/// unlocking is drawn; `None` when the last one is recent enough.
#[tauri::command]
pub async fn auto_backup(
    app: AppHandle,
    state: State<'_, AppState>,
) -> IpcResult<Option<BackupReport>> {
    let mut r = Reporter::new(&app, "backup");
    state.with_second_handle(|v| v.backups().auto_if_due(&mut |s, d, t| r.stage(s, d, t)))
}

/// What "make a fresh backup and delete the older ones" did.
#[derive(Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct FreshStart {
    /// The new, verified backup(s).
    pub written: Vec<PathBuf>,
    /// The older backups deleted.
    pub deleted: Vec<PathBuf>,
}

/// After a re-key: a fresh verified backup, then every older backup of this
/// vault in its folders deleted (the old secrets still open those). The
/// window asks first.
#[tauri::command]
pub async fn backup_and_delete_older(
    app: AppHandle,
    state: State<'_, AppState>,
) -> IpcResult<FreshStart> {
    let mut r = Reporter::new(&app, "backup");
    state.with_second_handle(|v| {
        let report = v.backups().now(&mut |s, d, t| r.stage(s, d, t))?;
        let Some(first) = report.written.first() else {
            return Ok(FreshStart {
                written: Vec::new(),
                deleted: Vec::new(),
            });
        };
        let at = backup::inspect(first)?.created_at;
        let deleted = v.backups().delete_older_than(at)?;
        Ok(FreshStart {
            written: report.written,
            deleted,
        })
    })
}

#[tauri::command]
pub async fn verify_backup(
    app: AppHandle,
    state: State<'_, AppState>,
    path: String,
) -> IpcResult<()> {
    let file = user_path(&path)?;
    let mut r = Reporter::new(&app, "verify");
    state.with_second_handle(|v| {
        v.backups()
            .verify(&file, &mut |s, d, t| r.stage(s, d, t))
            .map(drop)
    })
}

/// Restores a backup into a new folder (which must not hold a vault);
/// this vault is not touched. Returns the folder.
#[tauri::command]
pub async fn restore_to_folder(
    app: AppHandle,
    state: State<'_, AppState>,
    path: String,
    folder: String,
    kind: SecretKind,
    secret: String,
) -> IpcResult<String> {
    state.require_unlocked()?;
    let (file, dir, secret) = (user_path(&path)?, user_path(&folder)?, Secret::new(secret));
    let mut r = Reporter::new(&app, "restore");
    backup::restore_to(
        &file,
        &dir,
        backup_secret(&kind, &secret),
        &mut |s, d, t| r.stage(s, d, t),
    )?;
    Ok(dir.display().to_string())
}

/// Replaces this vault with a backup of it. The backup and the secret are
/// checked first, while the vault is still open, so a typo locks nothing.
/// Then the vault is locked (the core refuses to replace an open vault),
/// a verified safety backup of it is made, the backup is put in place, and
/// the vault is opened again with the same secret, which is what unlocks
/// the restored key file.
#[tauri::command]
pub async fn restore_replacing(
    app: AppHandle,
    state: State<'_, AppState>,
    path: String,
    kind: SecretKind,
    secret: String,
) -> IpcResult<Replaced> {
    state.require_unlocked()?;
    let (file, secret) = (user_path(&path)?, Secret::new(secret));
    let how = backup_secret(&kind, &secret);
    let mut r = Reporter::new(&app, "restore");
    backup::verify_with_secret(&file, how, &mut |s, d, t| r.stage(s, d, t))?;
    state.lock();
    let restored = backup::restore_replacing(
        &state.dir,
        &file,
        how,
        state.clock.clone(),
        &mut |s, d, t| r.stage(s, d, t),
    );
    let unlock = match kind {
        SecretKind::Passphrase => Unlock::Passphrase(&secret),
        SecretKind::RecoveryCode => Unlock::RecoveryCode(&secret),
    };
    let unlocked = Vault::unlock(&state.dir, unlock, state.clock.clone())
        .map_err(Into::into)
        .and_then(|v| state.unlocked(v))
        .is_ok();
    let restored = restored?;
    Ok(Replaced {
        kept: restored.kept,
        secrets: restored.secrets,
        unlocked,
    })
}
