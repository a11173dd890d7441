//! The arguments the commands decode from the window's JSON, and the
//! checks that turn them into the core's types: typed paths, drafts and
//! patches. Nothing here knows Tauri, so the fuzz harness (`fuzz/`)
//! includes this file as `build.rs` includes `command_names.rs`, and feeds
//! every command's arguments through it.

use std::path::PathBuf;

use chrono::NaiveDate;
use kindred_core::backup::{BackupSecret, BackupSettings, Retention};
use kindred_core::journal::{EntryCursor, ListFilter};
use kindred_core::model::{EntryDraft, EntryPatch, PersonDraft, PersonPatch, Proximity};
use kindred_core::reflection::{CheckinDraft, Dimensions};
use kindred_core::Secret;
use serde::Deserialize;

use crate::error::{IpcError, IpcResult};

/// The page's marks of its first screen, in ms since its navigation
/// started (see `launch_trace`).
#[derive(Debug, Clone, Copy, Default, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct PageMarks {
    /// `main.js` began to run (every module loaded and parsed).
    pub main_ms: f64,
    /// The first answer from the app (`status`) arrived.
    pub status_ms: f64,
    /// The first screen was drawn.
    pub drawn_ms: f64,
}

/// A new entry or a changed one, as the editor sends it.
#[derive(Debug, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct EntryInput {
    date: Option<NaiveDate>,
    title: String,
    body: String,
    tags: Vec<String>,
    people: Vec<i64>,
}

impl From<EntryInput> for EntryDraft {
    fn from(i: EntryInput) -> Self {
        Self {
            date: i.date,
            title: i.title,
            body: i.body,
            tags: i.tags,
            people: i.people,
        }
    }
}

impl From<EntryInput> for EntryPatch {
    fn from(i: EntryInput) -> Self {
        Self {
            date: i.date,
            title: Some(i.title),
            body: Some(i.body),
            tags: Some(i.tags),
            people: Some(i.people),
        }
    }
}

/// Where the page before ended: its last entry's date and id.
#[derive(Debug, Clone, Copy, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct PageAfter {
    date: NaiveDate,
    id: i64,
}

/// Entries in one page, when the page does not say.
const PAGE: u32 = 100;
/// The largest page the window may ask for: no list loads a lifetime.
pub(crate) const MAX_PAGE: u32 = 500;

/// The filter for a page of entries: `limit` of them (default 100, at
/// most 500) after the entry `after`.
pub(crate) fn page_filter(
    person_id: Option<i64>,
    tag: Option<String>,
    limit: Option<u32>,
    after: Option<PageAfter>,
) -> ListFilter {
    ListFilter {
        limit: Some(limit.unwrap_or(PAGE).clamp(1, MAX_PAGE)),
        tag,
        person_id,
        after: after.map(|a| EntryCursor {
            date: a.date,
            id: a.id,
        }),
    }
}

/// A new person, or the changed fields of one, as the form sends them.
#[derive(Debug, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct PersonInput {
    name: String,
    relationship: String,
    /// Kebab-case proximity (`lives-with-me` …); empty or absent for none.
    proximity: Option<String>,
    how_we_met: String,
    cadence_days: Option<u32>,
}

impl PersonInput {
    fn proximity(&self) -> kindred_core::Result<Option<Proximity>> {
        match self.proximity.as_deref().map(str::trim) {
            None | Some("") => Ok(None),
            Some(p) => Proximity::parse(p).map(Some),
        }
    }

    pub(crate) fn draft(self) -> kindred_core::Result<PersonDraft> {
        Ok(PersonDraft {
            proximity: self.proximity()?,
            name: self.name,
            relationship: self.relationship,
            how_we_met: self.how_we_met,
            cadence_days: self.cadence_days,
        })
    }

    pub(crate) fn patch(self) -> kindred_core::Result<PersonPatch> {
        Ok(PersonPatch {
            proximity: Some(self.proximity()?),
            name: Some(self.name),
            relationship: Some(self.relationship),
            how_we_met: Some(self.how_we_met),
            cadence_days: Some(self.cadence_days),
            archived: None,
        })
    }
}

/// A check-in as the form sends it: every answer optional.
#[derive(Debug, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct CheckinInput {
    seen: Option<u8>,
    heard: Option<u8>,
    understood: Option<u8>,
    safe: Option<u8>,
    trust: Option<u8>,
    they_showed_up: Option<u8>,
    i_showed_up: Option<u8>,
    ios: Option<u8>,
    note: String,
}

impl CheckinInput {
    pub(crate) fn draft(self, person_id: i64) -> CheckinDraft {
        CheckinDraft {
            person_id,
            at: None,
            dims: Dimensions {
                seen: self.seen,
                heard: self.heard,
                understood: self.understood,
                safe: self.safe,
                trust: self.trust,
                they_showed_up: self.they_showed_up,
                i_showed_up: self.i_showed_up,
            },
            ios: self.ios,
            note: self.note,
        }
    }
}

/// Backup settings as the form sends them: typed paths.
#[derive(Debug, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct SettingsInput {
    primary: String,
    /// Empty or absent: no second folder.
    secondary: Option<String>,
    retention: Retention,
}

/// The secret that was valid when a backup was made.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub enum SecretKind {
    /// The passphrase.
    Passphrase,
    /// The recovery code.
    RecoveryCode,
}

impl SettingsInput {
    /// The settings, once both folders are absolute paths.
    pub(crate) fn settings(self) -> IpcResult<BackupSettings> {
        let secondary = match self.secondary.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(s) => Some(user_path(s)?),
        };
        Ok(BackupSettings {
            primary: user_path(&self.primary)?,
            secondary,
            retention: self.retention,
        })
    }
}

/// How to open the backup with the secret typed.
pub(crate) fn backup_secret<'a>(kind: &SecretKind, secret: &'a Secret<String>) -> BackupSecret<'a> {
    match kind {
        SecretKind::Passphrase => BackupSecret::Passphrase(secret),
        SecretKind::RecoveryCode => BackupSecret::RecoveryCode(secret),
    }
}

/// What an export can be.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub enum Format {
    /// One JSON file with everything; Kindred can import it again.
    Json,
    /// A folder of Markdown files with YAML front matter.
    Markdown,
}

/// What a path is chosen for, which decides the native dialog shown.
#[derive(Debug, Clone, Copy, serde::Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum PathPurpose {
    /// A file to import (JSON, or a Day One .zip).
    ImportFile,
    /// A new JSON export file.
    ExportFile,
    /// A new folder for a Markdown export.
    ExportFolder,
    /// A folder for backups (made if missing).
    BackupFolder,
    /// A new folder to restore a backup into.
    RestoreFolder,
}

/// A folder or file the user typed: surrounding spaces trimmed, a leading
/// `~` is their home folder, and it must be absolute (the app's working
/// folder is not something a user can see, so a relative path would land
/// somewhere unexpected).
pub(crate) fn user_path(typed: &str) -> IpcResult<PathBuf> {
    user_path_with_home(typed, std::env::var_os("HOME").map(PathBuf::from))
}

fn user_path_with_home(typed: &str, home: Option<PathBuf>) -> IpcResult<PathBuf> {
    let t = typed.trim();
    if t.is_empty() {
        return Err(IpcError::invalid("Type a folder or file path first."));
    }
    let path = match (t.strip_prefix('~'), home) {
        (Some(""), Some(h)) => h,
        (Some(rest), Some(h)) if rest.starts_with('/') => h.join(rest.trim_start_matches('/')),
        _ => PathBuf::from(t),
    };
    if !path.is_absolute() {
        return Err(IpcError::invalid(
            "Type the full path, starting with / (or ~ for your home folder).",
        ));
    }
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_paths_are_absolute_or_refused() {
        let home = Some(PathBuf::from("/home/ada"));
        let p = |s: &str| user_path_with_home(s, home.clone());
        assert_eq!(
            p("  /media/usb/kindred ").unwrap(),
            PathBuf::from("/media/usb/kindred")
        );
        assert_eq!(p("~").unwrap(), PathBuf::from("/home/ada"));
        assert_eq!(p("~/Backups").unwrap(), PathBuf::from("/home/ada/Backups"));
        for bad in ["", "   ", "backups", "./x", "~other/x"] {
            let e = p(bad).unwrap_err();
            assert_eq!(e.code, "InvalidInput", "{bad:?}");
        }
        // Without a home folder, "~" cannot be expanded.
        assert!(user_path_with_home("~/x", None).is_err());
    }
}
