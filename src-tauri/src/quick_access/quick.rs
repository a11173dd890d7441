//! Quick entry: a small window (`ui/quick.html`) that writes one entry to
//! the journal, from the tray or from the key combination the user chose.
//! It asks for the passphrase when the vault is locked; what is typed
//! stays in the window until the vault takes it, never on disk elsewhere.
//! Its capability (`capabilities/quick-entry.json`) grants only what it
//! needs: unlocking, the people it mentions, writing an entry.

use tauri::{AppHandle, Emitter, Manager, WebviewUrl, WebviewWindowBuilder};
use tauri_plugin_global_shortcut::{GlobalShortcutExt, Shortcut, ShortcutState};

use crate::commands::QUICK_CLOSE_EVENT;
use crate::error::{IpcError, IpcResult};
use crate::navigation;

/// The window's label (its capability names it).
pub const LABEL: &str = "quick";

/// Opens the quick-entry window, or brings it to the front.
pub fn open(app: &AppHandle) {
    if let Some(w) = app.get_webview_window(LABEL) {
        let _ = w.unminimize();
        let _ = w.show();
        let _ = w.set_focus();
        return;
    }
    let built = WebviewWindowBuilder::new(app, LABEL, WebviewUrl::App("quick.html".into()))
        .title("Quick entry — Kindred")
        .inner_size(560.0, 380.0)
        .min_inner_size(420.0, 300.0)
        .center()
        .always_on_top(true)
        .focused(true)
        .on_navigation(navigation::is_app_url)
        .build();
    if let Ok(w) = built {
        // Its view's settings only: the web context (spell check, cache)
        // is the main window's, set there.
        crate::webview::tune_view(&w);
        // The window manager's close button asks the page first, which
        // closes at once unless something is written (then it asks).
        let page = w.clone();
        w.on_window_event(move |event| {
            if let tauri::WindowEvent::CloseRequested { api, .. } = event {
                api.prevent_close();
                let _ = page.emit_to(LABEL, QUICK_CLOSE_EVENT, ());
            }
        });
    }
}

/// Closes it (the page asks, after saving, on Escape, or once the user
/// agreed to drop what was written; or Kindred is quitting).
pub fn close(app: &AppHandle) {
    if let Some(w) = app.get_webview_window(LABEL) {
        let _ = w.destroy();
    }
}

/// The plugin, calling [`open`] when the chosen combination is pressed.
pub fn plugin() -> tauri::plugin::TauriPlugin<tauri::Wry> {
    tauri_plugin_global_shortcut::Builder::new()
        .with_handler(|app, _shortcut, event| {
            if event.state == ShortcutState::Pressed {
                open(app);
            }
        })
        .build()
}

/// The combination as written in Settings (`Ctrl+Alt+K`), checked: it
/// must hold Ctrl, Alt or Super (a key alone, or with Shift only, would
/// take that key from every program), and name one key.
pub fn parse(combo: &str) -> IpcResult<Shortcut> {
    let combo = combo.trim();
    let parts: Vec<String> = combo.split('+').map(|p| p.trim().to_uppercase()).collect();
    let held = |names: &[&str]| parts.iter().any(|p| names.contains(&p.as_str()));
    if !held(&[
        "CTRL", "CONTROL", "ALT", "OPTION", "SUPER", "CMD", "COMMAND",
    ]) {
        return Err(IpcError::invalid(
            "A shortcut needs Ctrl, Alt or Super with its key.",
        ));
    }
    combo
        .parse::<Shortcut>()
        .map_err(|_| IpcError::invalid("That is not a key combination Kindred can use."))
}

/// Listens for the combination instead of `previous`. (Only that one is
/// let go: the plugin's unregister-all holds its lock while it waits on
/// the main thread, and a key press being handled then would wait on it.)
pub fn register(app: &AppHandle, combo: &str, previous: Option<&str>) -> IpcResult<()> {
    let shortcut = parse(combo)?;
    if cfg!(target_os = "linux") && std::env::var_os("DISPLAY").is_none() {
        return Err(IpcError::invalid(
            "This desktop (Wayland without X11) does not let programs listen for a key combination everywhere. Set one in your desktop's own keyboard settings to run kindred-app.",
        ));
    }
    let shortcuts = app.global_shortcut();
    if let Some(old) = previous.and_then(|p| parse(p).ok()) {
        let _ = shortcuts.unregister(old);
    }
    shortcuts.register(shortcut).map_err(|e| {
        if e.to_string().contains("already registered") {
            IpcError::invalid(format!(
                "Another program already uses {combo}. Choose another combination."
            ))
        } else {
            IpcError::invalid(format!(
                "This desktop did not let Kindred listen for {combo}."
            ))
        }
    })
}

/// Whether the combination is being listened for now.
pub fn is_listening(app: &AppHandle, combo: &str) -> bool {
    parse(combo).is_ok_and(|s| app.global_shortcut().is_registered(s))
}

/// Stops listening for it.
pub fn unregister(app: &AppHandle, combo: &str) {
    if let Ok(s) = parse(combo) {
        let _ = app.global_shortcut().unregister(s);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shortcut_needs_a_modifier_and_one_key() {
        assert!(parse("Ctrl+Alt+K").is_ok());
        assert!(parse("super+space").is_ok());
        assert!(parse(" Ctrl + Shift + F5 ").is_ok());
        for bad in ["K", "Shift+K", "", "Ctrl+", "Ctrl+Alt", "Ctrl+NoSuchKey"] {
            let e = parse(bad)
                .err()
                .unwrap_or_else(|| panic!("{bad:?} accepted"));
            assert_eq!(e.code, "InvalidInput", "{bad:?}");
        }
    }
}
