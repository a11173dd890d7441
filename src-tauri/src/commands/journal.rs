//! Journal entries, tags, the trash, and the Markdown preview.

use chrono::NaiveDate;
use kindred_core::journal::{EntryCursor, ListFilter};
use kindred_core::model::{Entry, EntryDraft, EntryPatch, EntrySummary, Kind, TrashItem};
use serde::Deserialize;
use tauri::State;

use crate::error::IpcResult;
use crate::state::AppState;

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
const MAX_PAGE: u32 = 500;

/// A page of entries, newest first: `limit` of them (default 100, at most
/// 500) after the entry `after`.
#[tauri::command]
pub async fn list_entries(
    state: State<'_, AppState>,
    person_id: Option<i64>,
    tag: Option<String>,
    limit: Option<u32>,
    after: Option<PageAfter>,
) -> IpcResult<Vec<EntrySummary>> {
    let filter = ListFilter {
        limit: Some(limit.unwrap_or(PAGE).clamp(1, MAX_PAGE)),
        tag,
        person_id,
        after: after.map(|a| EntryCursor {
            date: a.date,
            id: a.id,
        }),
    };
    state.with_vault(|v| v.journal().list(&filter))
}

#[tauri::command]
pub async fn get_entry(state: State<'_, AppState>, id: i64) -> IpcResult<Entry> {
    state.with_vault(|v| v.journal().get(id))
}

#[tauri::command]
pub async fn write_entry(state: State<'_, AppState>, entry: EntryInput) -> IpcResult<i64> {
    let draft = EntryDraft::from(entry);
    state.with_vault(|v| v.journal().write(&draft))
}

/// A new entry that answers a prompt (linked to it; the person it asks
/// about is among `entry.people`).
#[tauri::command]
pub async fn write_answer(
    state: State<'_, AppState>,
    entry: EntryInput,
    prompt_id: String,
) -> IpcResult<i64> {
    let draft = EntryDraft::from(entry);
    state.with_vault(|v| v.journal().write_answer(&draft, &prompt_id))
}

#[tauri::command]
pub async fn edit_entry(state: State<'_, AppState>, id: i64, entry: EntryInput) -> IpcResult<()> {
    let patch = EntryPatch::from(entry);
    state.with_vault(|v| v.journal().edit(id, &patch))
}

#[tauri::command]
pub async fn trash_entry(state: State<'_, AppState>, id: i64) -> IpcResult<()> {
    state.with_vault(|v| v.journal().trash(id))
}

#[tauri::command]
pub async fn restore_entry(state: State<'_, AppState>, id: i64) -> IpcResult<()> {
    state.with_vault(|v| v.journal().restore(id))
}

#[tauri::command]
pub async fn list_tags(state: State<'_, AppState>) -> IpcResult<Vec<(String, i64)>> {
    state.with_vault(|v| v.journal().tags())
}

#[tauri::command]
pub async fn list_trash(state: State<'_, AppState>) -> IpcResult<Vec<TrashItem>> {
    state.with_vault(|v| v.trash().list())
}

/// Deletes one item in the trash for good: its text leaves every page of
/// the database (see `kindred_core::trash`). The window asks first.
#[tauri::command]
pub async fn purge_item(state: State<'_, AppState>, kind: Kind, id: i64) -> IpcResult<()> {
    state.with_vault(|v| v.trash().purge(kind, id))
}

/// Deletes everything in the trash for good; returns how many items there
/// were. The window asks first.
#[tauri::command]
pub async fn empty_trash(state: State<'_, AppState>) -> IpcResult<usize> {
    state.with_vault(|v| v.trash().empty())
}

/// Markdown → sanitized HTML (see `kindred_core::markdown`). Only while
/// unlocked: the preview is of vault content.
#[tauri::command]
pub async fn render_markdown(state: State<'_, AppState>, text: String) -> IpcResult<String> {
    state.with_vault(|_| Ok(kindred_core::markdown::to_safe_html(&text)))
}
