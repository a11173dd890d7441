//! People and the notes about them.

use kindred_core::model::{Note, Person};
use tauri::State;

use super::args::PersonInput;
use crate::error::IpcResult;
use crate::state::AppState;

#[tauri::command]
pub async fn list_people(state: State<'_, AppState>) -> IpcResult<Vec<Person>> {
    state.with_vault(|v| v.people().list(false))
}

#[tauri::command]
pub async fn get_person(state: State<'_, AppState>, id: i64) -> IpcResult<Person> {
    state.with_vault(|v| v.people().get(id))
}

#[tauri::command]
pub async fn add_person(state: State<'_, AppState>, person: PersonInput) -> IpcResult<i64> {
    let draft = person.draft()?;
    state.with_vault(|v| v.people().add(&draft))
}

#[tauri::command]
pub async fn edit_person(
    state: State<'_, AppState>,
    id: i64,
    person: PersonInput,
) -> IpcResult<()> {
    let patch = person.patch()?;
    state.with_vault(|v| v.people().edit(id, &patch))
}

#[tauri::command]
pub async fn trash_person(state: State<'_, AppState>, id: i64) -> IpcResult<()> {
    state.with_vault(|v| v.people().trash(id))
}

#[tauri::command]
pub async fn restore_person(state: State<'_, AppState>, id: i64) -> IpcResult<()> {
    state.with_vault(|v| v.people().restore(id))
}

#[tauri::command]
pub async fn list_notes(state: State<'_, AppState>, person_id: i64) -> IpcResult<Vec<Note>> {
    state.with_vault(|v| v.people().notes(person_id))
}

#[tauri::command]
pub async fn add_note(state: State<'_, AppState>, person_id: i64, body: String) -> IpcResult<i64> {
    state.with_vault(|v| v.people().add_note(person_id, &body))
}

#[tauri::command]
pub async fn trash_note(state: State<'_, AppState>, id: i64) -> IpcResult<()> {
    state.with_vault(|v| v.people().trash_note(id))
}

#[tauri::command]
pub async fn restore_note(state: State<'_, AppState>, id: i64) -> IpcResult<()> {
    state.with_vault(|v| v.people().restore_note(id))
}
