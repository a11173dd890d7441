//! Search across entries, notes and people.

use kindred_core::search::SearchHit;
use tauri::State;

use crate::error::IpcResult;
use crate::state::AppState;

/// Most results shown for one query.
const LIMIT: u32 = 40;

#[tauri::command]
pub async fn search(state: State<'_, AppState>, query: String) -> IpcResult<Vec<SearchHit>> {
    state.with_vault(|v| v.search(&query, LIMIT))
}
