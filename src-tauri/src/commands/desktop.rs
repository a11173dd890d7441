//! The desktop's settings (tray, quick-entry shortcut, start at login) and
//! the quick-entry window's own two commands.

use serde::Serialize;
use tauri::{AppHandle, Emitter, Manager};
use tauri_plugin_autostart::ManagerExt;

use super::UNLOCKED_ELSEWHERE_EVENT;
use crate::error::{IpcError, IpcResult};
use crate::quick_access::{quick, show_main, Desktop};

/// What Settings shows of the desktop side.
#[derive(Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct DesktopSettings {
    /// Whether the tray icon is there (this desktop has the indicator
    /// library).
    pub tray: bool,
    /// The key combination that opens quick entry, if one was chosen.
    pub quick_shortcut: Option<String>,
    /// Whether Kindred listens for it now (false when another program took
    /// it before Kindred started).
    pub shortcut_listening: bool,
    /// Whether Kindred starts at login (read from the desktop's autostart
    /// entry itself).
    pub autostart: bool,
    /// Whether closing the window keeps Kindred in the tray.
    pub close_to_tray: bool,
}

#[tauri::command]
pub async fn desktop_settings(app: AppHandle) -> IpcResult<DesktopSettings> {
    let desktop = app.state::<Desktop>();
    let prefs = desktop.prefs();
    Ok(DesktopSettings {
        tray: desktop.has_tray(),
        shortcut_listening: prefs
            .quick_shortcut
            .as_deref()
            .is_some_and(|combo| quick::is_listening(&app, combo)),
        quick_shortcut: prefs.quick_shortcut,
        autostart: app.autolaunch().is_enabled().unwrap_or(false),
        close_to_tray: prefs.close_to_tray,
    })
}

/// Sets (or, with none, clears) the quick-entry combination. It is
/// registered first and saved only once the desktop accepted it.
#[tauri::command]
pub async fn set_quick_shortcut(app: AppHandle, shortcut: Option<String>) -> IpcResult<()> {
    let desktop = app.state::<Desktop>();
    let previous = desktop.prefs().quick_shortcut;
    let next = shortcut
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty());
    let back = |app: &AppHandle| {
        // Listening for the one that worked again.
        if let Some(old) = &previous {
            let _ = quick::register(app, old, next.as_deref());
        }
    };
    match &next {
        Some(combo) => {
            if let Err(e) = quick::register(&app, combo, previous.as_deref()) {
                back(&app);
                return Err(e);
            }
        }
        None => {
            if let Some(old) = &previous {
                quick::unregister(&app, old);
            }
        }
    }
    desktop
        .update(|p| p.quick_shortcut = next.clone())
        .map_err(|_| {
            back(&app);
            not_saved()
        })
}

#[tauri::command]
pub async fn set_autostart(app: AppHandle, on: bool) -> IpcResult<()> {
    let launcher = app.autolaunch();
    let done = if on {
        launcher.enable()
    } else {
        launcher.disable()
    };
    done.map_err(|_| {
        IpcError::invalid(if on {
            "Kindred could not add itself to the programs started at login."
        } else {
            "Kindred could not remove itself from the programs started at login."
        })
    })
}

#[tauri::command]
pub async fn set_close_to_tray(app: AppHandle, on: bool) -> IpcResult<()> {
    let desktop = app.state::<Desktop>();
    if on && !desktop.has_tray() {
        return Err(IpcError::invalid(
            "This desktop shows no tray icon, so closing the window quits Kindred.",
        ));
    }
    desktop
        .update(|p| p.close_to_tray = on)
        .map_err(|_| not_saved())
}

/// The quick-entry window is done (saved, or put away with Escape).
#[tauri::command]
pub async fn close_quick_entry(app: AppHandle) -> IpcResult<()> {
    quick::close(&app);
    Ok(())
}

/// Quick entry unlocked the vault: the main window opens too.
#[tauri::command]
pub async fn quick_unlocked(app: AppHandle) -> IpcResult<()> {
    let _ = app.emit_to("main", UNLOCKED_ELSEWHERE_EVENT, ());
    Ok(())
}

/// The main window, in front (from quick entry, before a vault exists).
#[tauri::command]
pub async fn open_main_window(app: AppHandle) -> IpcResult<()> {
    show_main(&app);
    Ok(())
}

fn not_saved() -> IpcError {
    IpcError {
        code: kindred_core::ErrorCode::Io.as_str(),
        message: "Kindred could not save this choice in its settings folder.".into(),
    }
}
