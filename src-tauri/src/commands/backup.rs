//! Backups: the list, settings, "back up now", the automatic backup after
//! unlocking, verifying, and restoring (into a new folder, or in place of
//! this vault after a safety backup). Long work reports progress as
//! `work-progress` events.

use std::path::PathBuf;

use chrono::{DateTime, Utc};
use kindred_core::backup::{self, BackupReport, BackupSettings, Kept, ListedBackup, Secrets};
use kindred_core::{layout, Secret, Unlock, Vault};
use serde::Serialize;
use tauri::{AppHandle, State};

use super::args::{backup_secret, user_path, SecretKind, SettingsInput};
use super::Reporter;
use crate::error::{IpcError, IpcResult};
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

/// Opens the vault just restored with the secret the restore was given
/// (the one valid when the backup was made); whether it opened.
fn reopen(state: &AppState, kind: &SecretKind, secret: &Secret<String>) -> bool {
    let unlock = match kind {
        SecretKind::Passphrase => Unlock::Passphrase(secret),
        SecretKind::RecoveryCode => Unlock::RecoveryCode(secret),
    };
    Vault::unlock(&state.dir, unlock, state.clock.clone())
        .map_err(Into::into)
        .and_then(|v| state.unlocked(v))
        .is_ok()
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
    let unlocked = reopen(&state, &kind, &secret);
    let restored = restored?;
    Ok(Replaced {
        kept: restored.kept,
        secrets: restored.secrets,
        unlocked,
    })
}

/// Backups the lock screen can offer, found without opening the vault.
#[derive(Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Findable {
    /// This vault's id, when its key file can be read: a backup of another
    /// vault cannot replace it.
    pub vault_id: Option<String>,
    /// The folders looked in: the vault's own, the ones it noted, and the
    /// one typed, if any.
    pub folders: Vec<PathBuf>,
    /// What was found there, newest first, damaged files included.
    pub backups: Vec<ListedBackup>,
}

/// Lists the backups in the usual folders (and `folder`, when given) for
/// a restore from the lock screen or the first-run screen. It reads only
/// the files' plain headers (date, size, whose, which version).
#[tauri::command]
pub async fn find_backups(
    state: State<'_, AppState>,
    folder: Option<String>,
) -> IpcResult<Findable> {
    let mut folders = backup::usual_folders(&state.dir);
    if let Some(typed) = folder.as_deref().filter(|f| !f.trim().is_empty()) {
        let typed = user_path(typed)?;
        if !folders.contains(&typed) {
            folders.push(typed);
        }
    }
    Ok(Findable {
        vault_id: backup::vault_id_at(&state.dir),
        backups: backup::find(&folders),
        folders,
    })
}

/// A restore from the lock screen that went through.
#[derive(Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct RestoredLocked {
    /// What became of the vault that was there (none on the first-run
    /// screen): a verified safety backup, or its files set aside intact.
    pub kept: Option<Kept>,
    /// Which secrets open the vault now.
    pub secrets: Secrets,
    /// Whether the restored vault is open (with the same secret).
    pub unlocked: bool,
}

/// Restores a backup while the vault is locked: over the vault, which need
/// not open (a damaged database or key file is set aside intact, never read
/// through SQLite), or, with no vault yet, as the vault. The secret is the
/// backup's; the vault is opened with it afterwards.
#[tauri::command]
pub async fn restore_while_locked(
    app: AppHandle,
    state: State<'_, AppState>,
    path: String,
    kind: SecretKind,
    secret: String,
) -> IpcResult<RestoredLocked> {
    if state.is_unlocked() {
        return Err(IpcError::invalid(
            "Kindred is open: restore from the Backups screen, which keeps a safety backup first.",
        ));
    }
    let (file, secret) = (user_path(&path)?, Secret::new(secret));
    let how = backup_secret(&kind, &secret);
    let mut r = Reporter::new(&app, "restore");
    let (kept, secrets) = if layout::exists(&state.dir) || layout::db_path(&state.dir).exists() {
        let done = backup::restore_replacing(
            &state.dir,
            &file,
            how,
            state.clock.clone(),
            &mut |s, d, t| r.stage(s, d, t),
        )?;
        (Some(done.kept), done.secrets)
    } else {
        backup::restore_to(&file, &state.dir, how, &mut |s, d, t| r.stage(s, d, t))?;
        (None, Secrets::Backups)
    };
    let unlocked = reopen(&state, &kind, &secret);
    Ok(RestoredLocked {
        kept,
        secrets,
        unlocked,
    })
}
