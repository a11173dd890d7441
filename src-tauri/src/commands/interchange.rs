//! Export (JSON, Markdown) and import (jrnl, Day One, Kindred JSON).
//! Exports are plaintext: the UI asks first, and the command refuses
//! unless told the user confirmed, as the CLI's `--plaintext-ok` does.

use kindred_core::interchange::{ExportSummary, ImportReport, Source};
use serde::Serialize;
use tauri::{AppHandle, State};

use super::args::{user_path, Format};
use super::Reporter;
use crate::error::{IpcError, IpcResult};
use crate::state::AppState;

/// An export that was written.
#[derive(Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Exported {
    /// Where it went.
    pub path: String,
    /// What it holds.
    pub summary: ExportSummary,
}

#[tauri::command]
pub async fn export_vault(
    state: State<'_, AppState>,
    format: Format,
    path: String,
    plaintext_ok: bool,
) -> IpcResult<Exported> {
    if !plaintext_ok {
        return Err(IpcError::invalid(
            "An export is not encrypted, so Kindred writes one only after you confirm that. Nothing was written.",
        ));
    }
    let to = user_path(&path)?;
    let summary = state.with_second_handle(|v| match format {
        Format::Json => v.export_json(&to),
        Format::Markdown => v.export_markdown(&to),
    })?;
    Ok(Exported {
        path: to.display().to_string(),
        summary,
    })
}

#[tauri::command]
pub async fn import_file(
    app: AppHandle,
    state: State<'_, AppState>,
    source: String,
    path: String,
) -> IpcResult<ImportReport> {
    let (source, file) = (Source::parse(&source)?, user_path(&path)?);
    let mut r = Reporter::new(&app, "import");
    state.with_vault(|v| v.import(source, &file, &mut |s, d, t| r.report(s.as_str(), d, t)))
}
