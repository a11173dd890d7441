//! The app's commands, grouped by domain. Each is a few lines: take the
//! arguments, call one core use case, map the error. Every one is `async`
//! so the work (Argon2 takes about half a second) runs off the UI thread.

pub mod args;
pub mod attachments;
pub mod backup;
pub mod desktop;
pub mod interchange;
pub mod journal;
pub mod people;
pub mod reflection;
pub mod search;
pub mod session;
pub mod settings;

use kindred_core::backup::Stage;
use serde::Serialize;
use tauri::{AppHandle, Emitter};

/// The vault events the UI listens for.
pub const LOCKED_EVENT: &str = "vault-locked";

/// The tray asks the main window to lock as Ctrl+L does (saving what is
/// being typed first); no payload.
pub const LOCK_REQUEST_EVENT: &str = "lock-requested";

/// The quick-entry window's close button was pressed: the page closes, or
/// first asks when something is written; no payload.
pub const QUICK_CLOSE_EVENT: &str = "quick-close-requested";

/// Quick entry unlocked the vault: the main window, on its unlock screen,
/// opens too; no payload.
pub const UNLOCKED_ELSEWHERE_EVENT: &str = "vault-unlocked-elsewhere";

/// The main window is shown for the first time after a start in the tray:
/// the unlock screen may now try the keychain, as at any start; no payload.
pub const FIRST_SHOWN_EVENT: &str = "window-first-shown";

/// The event that tells the page files were dropped on the window (the
/// payload is how many; their paths stay in the app).
pub const DROPPED_EVENT: &str = "files-dropped";
/// Progress of long work (backup, verify, restore, import).
pub const PROGRESS_EVENT: &str = "work-progress";

/// One progress report, as the UI receives it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub(crate) struct ProgressEvent {
    /// `backup`, `verify`, `restore`, `import`, or `unlock` (the backup
    /// an upgrade of the vault's format writes first).
    task: &'static str,
    /// The backup stage (`snapshot`, `write`, `verify`, `restore`), or
    /// `import`.
    stage: &'static str,
    done: u64,
    total: u64,
}

/// Turns the core's progress callbacks into events, at most one per stage
/// and whole percent, so a large vault does not flood the webview.
pub(crate) struct Reporter<'a> {
    app: &'a AppHandle,
    task: &'static str,
    last: Option<(&'static str, u64)>,
}

impl<'a> Reporter<'a> {
    pub(crate) fn new(app: &'a AppHandle, task: &'static str) -> Self {
        Self {
            app,
            task,
            last: None,
        }
    }

    /// For the core's `Progress` callbacks.
    pub(crate) fn stage(&mut self, stage: Stage, done: u64, total: u64) {
        self.report(stage_name(stage), done, total);
    }

    /// For progress that has no stages (imports).
    pub(crate) fn report(&mut self, stage: &'static str, done: u64, total: u64) {
        if !worth_telling(&mut self.last, stage, done, total) {
            return;
        }
        let _ = self.app.emit(
            PROGRESS_EVENT,
            ProgressEvent {
                task: self.task,
                stage,
                done,
                total,
            },
        );
    }
}

/// Whether a report says something new: another stage, or another whole
/// percent of this one. Remembers what was last told in `last`.
fn worth_telling(
    last: &mut Option<(&'static str, u64)>,
    stage: &'static str,
    done: u64,
    total: u64,
) -> bool {
    let percent = done.saturating_mul(100).checked_div(total).unwrap_or(0);
    if *last == Some((stage, percent)) {
        return false;
    }
    *last = Some((stage, percent));
    true
}

fn stage_name(stage: Stage) -> &'static str {
    match stage {
        Stage::Snapshot => "snapshot",
        Stage::Write => "write",
        Stage::Verify => "verify",
        Stage::Restore => "restore",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_is_told_once_per_stage_and_percent() {
        let mut last = None;
        let told: Vec<u64> = (0..=10_000u64)
            .filter(|d| worth_telling(&mut last, "write", *d, 10_000))
            .collect();
        assert_eq!(told.len(), 101, "0 % to 100 %, each once");
        assert_eq!(told[1], 100);
        // A new stage is always told, even at the same percent.
        assert!(worth_telling(&mut last, "verify", 10_000, 10_000));
        assert!(!worth_telling(&mut last, "verify", 10_000, 10_000));
        // Nothing to divide by is 0 %, not a panic.
        let mut fresh = None;
        assert!(worth_telling(&mut fresh, "restore", 0, 0));
        assert!(!worth_telling(&mut fresh, "restore", 5, 0));
    }
}
