//! The app beside the desktop: a tray icon ([`tray`]), a small quick-entry
//! window ([`quick`]) opened from the tray or from a key combination the
//! user chooses, and starting at login.
//!
//! Their preferences live outside the vault, in `desktop.json` in the
//! app's config folder: the shortcut must work while the vault is locked,
//! and none of them says anything about what is written (a key
//! combination and two switches). Nothing in that file is a secret.

pub mod quick;
pub mod tray;

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::{Deserialize, Serialize};
use tauri::{AppHandle, Emitter, Manager};

use crate::commands::FIRST_SHOWN_EVENT;
use crate::state::AppState;

/// The file, in the app's config folder.
const FILE: &str = "desktop.json";

/// Started at login: the window stays hidden in the tray until asked for.
pub const BACKGROUND_ARG: &str = "--background";

/// What the user chose; everything off until they choose it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Prefs {
    /// The key combination that opens quick entry (`Ctrl+Alt+K`), none by
    /// default.
    pub quick_shortcut: Option<String>,
    /// Closing the main window keeps Kindred running in the tray.
    pub close_to_tray: bool,
}

impl Prefs {
    /// The saved preferences; a missing or unreadable file gives the
    /// defaults (nothing on), and never stops the app.
    pub fn load(dir: &Path) -> Self {
        std::fs::read(dir.join(FILE))
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or_default()
    }

    /// Saves them whole or not at all: a new file, synced, renamed over the
    /// old one.
    pub fn save(&self, dir: &Path) -> std::io::Result<()> {
        use std::io::Write;
        std::fs::create_dir_all(dir)?;
        let tmp = dir.join(format!("{FILE}.tmp"));
        let bytes = serde_json::to_vec_pretty(self).map_err(std::io::Error::other)?;
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(&bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, dir.join(FILE))
    }
}

/// The desktop side's state, managed by the app.
#[derive(Debug)]
pub struct Desktop {
    /// Where `desktop.json` lives (the app's config folder).
    dir: Option<PathBuf>,
    prefs: Mutex<Prefs>,
    /// Whether the tray icon was made (this desktop has the indicator
    /// library); without it, closing the window always quits.
    tray: Mutex<bool>,
}

impl Desktop {
    pub fn new(app: &AppHandle) -> Self {
        let dir = app.path().app_config_dir().ok();
        let prefs = dir.as_deref().map(Prefs::load).unwrap_or_default();
        Self {
            dir,
            prefs: Mutex::new(prefs),
            tray: Mutex::new(false),
        }
    }

    pub fn prefs(&self) -> Prefs {
        lock(&self.prefs).clone()
    }

    /// Changes the preferences and saves them; on failure nothing changes.
    pub fn update(&self, change: impl FnOnce(&mut Prefs)) -> std::io::Result<()> {
        let mut prefs = lock(&self.prefs);
        let mut next = prefs.clone();
        change(&mut next);
        let dir = self
            .dir
            .as_deref()
            .ok_or_else(|| std::io::Error::other("this system has no config folder"))?;
        next.save(dir)?;
        *prefs = next;
        Ok(())
    }

    /// Whether the tray icon is there and something shows it: a
    /// StatusNotifierWatcher on the session bus (on GNOME without the
    /// AppIndicator extension the library is installed but nothing shows
    /// the icon, and a hidden window could not be brought back).
    pub fn has_tray(&self) -> bool {
        *lock(&self.tray) && tray::shown_by_desktop()
    }

    fn set_tray(&self, on: bool) {
        *lock(&self.tray) = on;
    }

    /// Closing the main window hides it instead: the user asked for it and
    /// there is a tray to bring it back from.
    pub fn hides_on_close(&self) -> bool {
        self.has_tray() && lock(&self.prefs).close_to_tray
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Shows the main window, in front. Shown for the first time after a
/// start in the tray, its unlock screen may now try the keychain.
pub fn show_main(app: &AppHandle) {
    if let Some(w) = app.get_webview_window("main") {
        let _ = w.unminimize();
        let _ = w.show();
        let _ = w.set_focus();
        if app.state::<AppState>().shown() {
            let _ = app.emit_to("main", FIRST_SHOWN_EVENT, ());
        }
    }
}

/// The tray, and the shortcut the user chose, at start. Returns whether the
/// main window should stay hidden (started at login, with a tray to find
/// it in).
pub fn start(app: &AppHandle) -> bool {
    let desktop = app.state::<Desktop>();
    desktop.set_tray(tray::start(app));
    if let Some(combo) = desktop.prefs().quick_shortcut {
        // A combination another program took since is reported in Settings.
        let _ = quick::register(app, &combo, None);
    }
    let hidden = desktop.has_tray() && std::env::args().any(|a| a == BACKGROUND_ARG);
    if hidden {
        app.state::<AppState>().start_hidden();
    }
    hidden
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn preferences_default_to_off_and_survive_a_bad_file() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(Prefs::load(dir.path()), Prefs::default());
        assert_eq!(Prefs::default().quick_shortcut, None);
        assert!(!Prefs::default().close_to_tray);

        let chosen = Prefs {
            quick_shortcut: Some("Ctrl+Alt+K".into()),
            close_to_tray: true,
        };
        chosen.save(dir.path()).unwrap();
        assert_eq!(Prefs::load(dir.path()), chosen);
        assert!(!dir.path().join("desktop.json.tmp").exists());

        // A damaged file falls back to everything off; a partial one keeps
        // what it has.
        std::fs::write(dir.path().join(FILE), b"{\"quick_shortcut\": [").unwrap();
        assert_eq!(Prefs::load(dir.path()), Prefs::default());
        std::fs::write(dir.path().join(FILE), b"{\"close_to_tray\": true}").unwrap();
        assert!(Prefs::load(dir.path()).close_to_tray);
    }
}
