//! Photos and files on entries, and people's pictures. Paths never reach
//! the page: files come from a native dialog opened here, from a drop on
//! the window (kept in the app state), or as the bytes of a paste; saving
//! asks for the target here too. The window shows attachments through the
//! `kindred-blob:` scheme (`crate::blob_scheme`), only while unlocked.

use std::path::PathBuf;

use data_encoding::BASE64;
use kindred_core::model::Attachment;
use tauri::{AppHandle, State};
use tauri_plugin_dialog::DialogExt;

use super::args::PathPurpose;
use crate::error::{IpcError, IpcResult};
use crate::state::AppState;

/// The largest paste accepted, in bytes of the file (a screenshot or a
/// copied photo; larger files come through the dialog or a drop).
const MAX_PASTE: usize = 50 * 1024 * 1024;

/// Test builds: files the "open" dialog returns without showing itself
/// (`KINDRED_E2E_PICK`, one path per line), and where the "save" dialog
/// writes (`KINDRED_E2E_SAVE_TO`). The product always shows the dialogs.
fn e2e_seam(var: &str) -> Option<String> {
    if !cfg!(feature = "e2e") {
        return None;
    }
    std::env::var(var).ok().filter(|s| !s.is_empty())
}

/// Files chosen in the native "open" dialog; empty when cancelled.
fn pick_files(app: &AppHandle, title: &str, images_only: bool) -> Vec<PathBuf> {
    if let Some(list) = e2e_seam("KINDRED_E2E_PICK") {
        return list.lines().map(PathBuf::from).collect();
    }
    let mut dialog = app.dialog().file().set_title(title);
    if images_only {
        dialog = dialog.add_filter(
            "Photos",
            &[
                "jpg", "jpeg", "png", "gif", "webp", "heic", "heif", "JPG", "JPEG", "PNG", "HEIC",
            ],
        );
    }
    let picked = if images_only {
        dialog.blocking_pick_file().map(|f| vec![f])
    } else {
        dialog.blocking_pick_files()
    };
    picked
        .unwrap_or_default()
        .into_iter()
        .filter_map(|f| f.into_path().ok())
        .collect()
}

/// Attaches files chosen in the native dialog to entry `entry_id`;
/// returns what was attached (nothing when the dialog was cancelled).
#[tauri::command]
pub async fn attach_picked(
    app: AppHandle,
    state: State<'_, AppState>,
    entry_id: i64,
) -> IpcResult<Vec<Attachment>> {
    let paths = pick_files(&app, "Attach files", false);
    attach_paths(&state, entry_id, &paths)
}

/// Attaches the files last dropped on the window to entry `entry_id`.
#[tauri::command]
pub async fn attach_dropped(
    state: State<'_, AppState>,
    entry_id: i64,
) -> IpcResult<Vec<Attachment>> {
    let paths = state.take_dropped();
    attach_paths(&state, entry_id, &paths)
}

fn attach_paths(state: &AppState, entry_id: i64, paths: &[PathBuf]) -> IpcResult<Vec<Attachment>> {
    state.with_vault(|v| {
        let att = v.attachments()?;
        paths.iter().map(|p| att.attach_file(entry_id, p)).collect()
    })
}

/// Attaches pasted bytes (base64) named `name` to entry `entry_id`.
#[tauri::command]
pub async fn attach_pasted(
    state: State<'_, AppState>,
    entry_id: i64,
    name: String,
    data: String,
) -> IpcResult<Attachment> {
    if data.len() / 4 * 3 > MAX_PASTE {
        return Err(IpcError::invalid(
            "That is too large to paste; attach it with “Attach files…” or drop it on the entry instead. Nothing was attached.",
        ));
    }
    let bytes = zeroize::Zeroizing::new(BASE64.decode(data.as_bytes()).map_err(|_| {
        IpcError::invalid("The pasted file could not be read. Nothing was attached.")
    })?);
    state.with_vault(|v| v.attachments()?.attach_bytes(entry_id, &name, &bytes))
}

/// Attaches the picture on the system clipboard (a screenshot, a copied
/// image) to entry `entry_id`, byte for byte as its owner offers it;
/// `None` when the clipboard holds no picture. WebKitGTK gives the page
/// an empty paste event for pictures, so the page asks for it here.
#[tauri::command]
pub async fn attach_clipboard(
    app: AppHandle,
    state: State<'_, AppState>,
    entry_id: i64,
) -> IpcResult<Option<Attachment>> {
    let (tx, rx) = std::sync::mpsc::channel();
    app.run_on_main_thread(move || {
        let _ = tx.send(clipboard_picture());
    })
    .map_err(|_| IpcError::invalid("The clipboard could not be read. Nothing was attached."))?;
    let Some((ext, bytes)) = rx
        .recv_timeout(std::time::Duration::from_secs(10))
        .ok()
        .flatten()
    else {
        return Ok(None);
    };
    if bytes.len() > MAX_PASTE {
        return Err(IpcError::invalid(
            "That picture is too large to paste; save it and attach the file instead. Nothing was attached.",
        ));
    }
    let name = format!(
        "Pasted picture {}.{ext}",
        chrono::Local::now().format("%Y-%m-%d %H.%M.%S")
    );
    state
        .with_vault(|v| v.attachments()?.attach_bytes(entry_id, &name, &bytes))
        .map(Some)
}

/// The picture on the clipboard, in the first of the formats its owner
/// offers that Kindred keeps as they are, else as PNG: its extension and
/// bytes. Runs on GTK's main thread.
#[cfg(target_os = "linux")]
fn clipboard_picture() -> Option<(&'static str, zeroize::Zeroizing<Vec<u8>>)> {
    use gtk::gdk;
    let clipboard = gtk::Clipboard::get(&gdk::SELECTION_CLIPBOARD);
    let offered: Vec<String> = clipboard
        .wait_for_targets()?
        .iter()
        .map(|a| a.name().to_string())
        .collect();
    for (mime, ext) in [
        ("image/png", "png"),
        ("image/jpeg", "jpg"),
        ("image/webp", "webp"),
        ("image/gif", "gif"),
    ] {
        if offered.iter().any(|o| o == mime) {
            let data = clipboard.wait_for_contents(&gdk::Atom::intern(mime))?;
            let bytes = data.data();
            if !bytes.is_empty() {
                return Some((ext, zeroize::Zeroizing::new(bytes)));
            }
        }
    }
    // Any other picture GDK can read (BMP, TIFF …), as PNG.
    let pixbuf = clipboard.wait_for_image()?;
    let png = pixbuf.save_to_bufferv("png", &[]).ok()?;
    Some(("png", zeroize::Zeroizing::new(png)))
}

#[cfg(not(target_os = "linux"))]
fn clipboard_picture() -> Option<(&'static str, zeroize::Zeroizing<Vec<u8>>)> {
    None
}

#[tauri::command]
pub async fn trash_attachment(state: State<'_, AppState>, id: i64) -> IpcResult<()> {
    state.with_vault(|v| v.attachments()?.trash(id))
}

#[tauri::command]
pub async fn restore_attachment(state: State<'_, AppState>, id: i64) -> IpcResult<()> {
    state.with_vault(|v| v.attachments()?.restore(id))
}

/// Saves an attachment's original, unencrypted, where the user chooses in
/// the native "save" dialog; returns where, or `None` when cancelled.
#[tauri::command]
pub async fn save_attachment(
    app: AppHandle,
    state: State<'_, AppState>,
    id: i64,
) -> IpcResult<Option<String>> {
    let a = state.with_vault(|v| v.attachments()?.get(id))?;
    let to = match e2e_seam("KINDRED_E2E_SAVE_TO") {
        Some(p) => Some(PathBuf::from(p)),
        None => app
            .dialog()
            .file()
            .set_title("Save a copy (not encrypted)")
            .set_file_name(&a.name)
            .blocking_save_file()
            .and_then(|f| f.into_path().ok()),
    };
    let Some(to) = to else { return Ok(None) };
    // The dialog asked before replacing a file. The core never writes over
    // one: it writes beside it, and the finished, checked copy replaces it.
    let mut partial = to.clone().into_os_string();
    partial.push(".kindred-partial");
    let partial = PathBuf::from(partial);
    let _ = std::fs::remove_file(&partial);
    state.with_vault(|v| v.attachments()?.save_to(id, &partial))?;
    if let Err(e) = std::fs::rename(&partial, &to) {
        let _ = std::fs::remove_file(&partial);
        return Err(kindred_core::Error::io("save the attachment", &e).into());
    }
    Ok(Some(to.display().to_string()))
}

/// Gives person `person_id` a picture chosen in the native dialog; the one
/// it replaces goes to the trash. `None` when the dialog was cancelled.
#[tauri::command]
pub async fn pick_person_photo(
    app: AppHandle,
    state: State<'_, AppState>,
    person_id: i64,
) -> IpcResult<Option<Attachment>> {
    let Some(path) = pick_files(&app, "Choose a picture", true)
        .into_iter()
        .next()
    else {
        return Ok(None);
    };
    state
        .with_vault(|v| v.attachments()?.set_photo(person_id, &path))
        .map(Some)
}

/// Asks for a path in the native dialog fit for `purpose`; `None` when
/// cancelled. The typed path stays possible; whatever the field holds is
/// checked by the command that uses it, as typed paths are.
#[tauri::command]
pub async fn choose_path(app: AppHandle, purpose: PathPurpose) -> IpcResult<Option<String>> {
    if let Some(list) = e2e_seam("KINDRED_E2E_PICK") {
        return Ok(list.lines().next().map(str::to_owned));
    }
    let d = app.dialog().file();
    let picked = match purpose {
        PathPurpose::ImportFile => d
            .set_title("Import from")
            .add_filter(
                "Exports (JSON, Day One .zip)",
                &["json", "zip", "JSON", "ZIP"],
            )
            .blocking_pick_file(),
        PathPurpose::ExportFile => d
            .set_title("Export to a new file (not encrypted)")
            .set_file_name("kindred-export.json")
            .blocking_save_file(),
        PathPurpose::ExportFolder => d
            .set_title("Export into a new folder (not encrypted)")
            .set_file_name("kindred-export")
            .blocking_save_file(),
        PathPurpose::BackupFolder => d.set_title("Keep backups in").blocking_pick_folder(),
        PathPurpose::RestoreFolder => d
            .set_title("Restore into a new folder")
            .set_file_name("kindred-restored")
            .blocking_save_file(),
    };
    Ok(picked
        .and_then(|f| f.into_path().ok())
        .map(|p| p.display().to_string()))
}
