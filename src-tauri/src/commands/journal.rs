//! Journal entries, tags, the trash, and the Markdown preview.

use kindred_core::model::{Entry, EntryDraft, EntryPatch, EntrySummary, Kind};
use kindred_core::trash::{TrashCursor, TrashPage};
use tauri::State;

use super::args::{page_filter, EntryInput, PageAfter};
use crate::error::IpcResult;
use crate::state::AppState;

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
    let filter = page_filter(person_id, tag, limit, after);
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

/// A page of the trash: `limit` items (default 100, at most 500) after
/// `after`, the `next` of the page before.
#[tauri::command]
pub async fn list_trash(
    state: State<'_, AppState>,
    limit: Option<u32>,
    after: Option<TrashCursor>,
) -> IpcResult<TrashPage> {
    state.with_vault(|v| v.trash().page(limit, after.as_ref()))
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
