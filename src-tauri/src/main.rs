//! Kindred's desktop shell: a Tauri v2 window over `kindred-core`.
//!
//! - [`commands`] — the `#[tauri::command]` adapters, grouped by domain;
//!   they are listed once, with their signatures, in [`command_names`]:
//!   the build manifest (so the main window's capability can grant exactly
//!   them), the invoke handler and the page's contract are made from it.
//! - `contract` (tests only) — writes `ui/js/gen/contract.js`, the error
//!   codes, commands and IPC types the page is typed by, and fails when the
//!   committed file is stale.
//! - [`state`] — locked or unlocked, and the idle clock behind auto-lock.
//! - [`navigation`] — the window may show the app's own origin only.
//! - [`error`] — errors cross to the UI as `{code, message}`.
//! - [`launch_trace`] — where a launch's time goes, on request.
//! - [`webview`] — WebKit settings a journal does not need, turned off.
//! - [`blob_scheme`] — `kindred-blob:`, attachments decrypted for the
//!   window while unlocked, never cached.
//! - [`quick_access`] — the tray, the quick-entry window and its optional
//!   key combination, start at login.
//!
//! Start-up: one instance per user session (a second launch focuses the
//! first, so two app processes never write the same vault), then the main
//! window, then a timer thread that locks the vault after the idle delay
//! even if the page is busy or frozen.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod blob_scheme;
#[macro_use]
mod command_names;
mod commands;
#[cfg(test)]
mod contract;
mod error;
mod launch_trace;
mod memory;
mod navigation;
mod quick_access;
mod reminders;
mod session_watch;
mod state;
mod webview;
mod window_place;

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use kindred_core::keychain::OsKeyStore;
use tauri::{Emitter, Manager, WebviewUrl, WebviewWindowBuilder};

use commands::{
    attachments, backup, desktop, interchange, journal, people, reflection, search, session,
    settings, DROPPED_EVENT, LOCKED_EVENT,
};
use quick_access::Desktop;
use state::AppState;

/// The invoke handler for every command in [`command_names`].
macro_rules! invoke_handler {
    ($($module:ident :: $name:ident [$($inject:ident),*] ($($arg:ident : $ty:ty),*) -> $ret:ty;)*) => {
        tauri::generate_handler![$($module::$name),*]
    };
}

/// Test builds get their own identifier: their single-instance lock and
/// app data never meet a real Kindred's.
const TEST_IDENTIFIER: &str = "app.kindred.desktop.test";

/// How often the idle timer looks at the clock.
const IDLE_TICK: Duration = if cfg!(feature = "e2e") {
    Duration::from_millis(250)
} else {
    Duration::from_secs(1)
};

fn main() -> ExitCode {
    // `--version` answers without a display, a vault or a window (the
    // package check runs it as installed, and refuses a development build:
    // one without Tauri's `custom-protocol`, which `tauri-build` marks with
    // `cfg(dev)`).
    if std::env::args().nth(1).as_deref() == Some("--version") {
        use std::io::Write;
        let _ = writeln!(
            std::io::stdout(),
            "kindred-app {}{}",
            env!("CARGO_PKG_VERSION"),
            if cfg!(dev) {
                " (development build)"
            } else {
                ""
            }
        );
        return ExitCode::SUCCESS;
    }
    memory::limit_arenas();
    webview::choose_renderer();
    launch_trace::started();
    // This process (and WebKit's, which inherit the limit) holds the data
    // key and decrypted text: no core dumps.
    if let Err(e) = kindred_core::harden::no_core_dumps() {
        eprintln!("Kindred: {e}");
    }
    // A panic's message could quote what was being handled; print a fixed
    // sentence instead, as the CLI does.
    std::panic::set_hook(Box::new(|_| {
        eprintln!("Kindred: internal error. Nothing already saved was lost; please report this.");
    }));
    let Some(dir) = vault_dir() else {
        eprintln!(
            "Kindred cannot tell where to keep your vault: this system has no data folder. \
             Set KINDRED_VAULT to a folder and start Kindred again."
        );
        return ExitCode::FAILURE;
    };
    match run(dir) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("Kindred could not start: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The same vault the CLI uses: `KINDRED_VAULT`, else the platform data dir.
fn vault_dir() -> Option<PathBuf> {
    match std::env::var_os("KINDRED_VAULT") {
        Some(d) if !d.is_empty() => Some(PathBuf::from(d)),
        _ => kindred_core::vault::default_dir(),
    }
}

fn run(dir: PathBuf) -> tauri::Result<()> {
    let mut context = tauri::generate_context!("../tauri.conf.json");
    if cfg!(feature = "e2e") {
        context.config_mut().identifier = TEST_IDENTIFIER.into();
    }
    tauri::Builder::default()
        .plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| {
            quick_access::show_main(app);
        }))
        .plugin(tauri_plugin_dialog::init())
        // Reminders, sent from Rust only (no page permission).
        .plugin(tauri_plugin_notification::init())
        // Quick entry from a key combination, none until one is chosen.
        .plugin(quick_access::quick::plugin())
        // Start at login, off until asked for; then in the tray.
        .plugin(
            tauri_plugin_autostart::Builder::new()
                .app_name("Kindred")
                .arg(quick_access::BACKGROUND_ARG)
                .build(),
        )
        .plugin(
            tauri_plugin_window_state::Builder::default()
                .with_state_flags(window_place::flags())
                .skip_initial_state("main")
                .build(),
        )
        .register_asynchronous_uri_scheme_protocol(blob_scheme::SCHEME, blob_scheme::handle)
        .manage(AppState::new(dir, Box::new(OsKeyStore)))
        .invoke_handler(commands!(invoke_handler))
        .setup(|app| {
            app.manage(Desktop::new(app.handle()));
            let mut window =
                WebviewWindowBuilder::new(app, "main", WebviewUrl::App("index.html".into()))
                    .title("Kindred")
                    .inner_size(1120.0, 740.0)
                    .min_inner_size(720.0, 500.0)
                    // Shown once it is where it was left (window_place.rs).
                    .visible(false)
                    .on_navigation(navigation::is_app_url);

            if let Some(log) = asset_log() {
                window = window.on_web_resource_request(move |request, _| {
                    log_asset(&log, &request.uri().to_string());
                });
            }
            let window = window.build()?;
            window_place::restore(&window);
            // (Started in the tray, the keychain waits for the window.)
            let background = quick_access::start(app.handle());
            if !background {
                window.show()?;
            }
            window_place::save_as_it_changes(&window);
            webview::tune(&window);
            let spell_window = window.clone();
            app.state::<AppState>().set_on_unlock(move |vault| {
                webview::at_unlock(&spell_window, webview::spell_check_of(vault));
            });
            // Files dropped on the window: their paths stay here, and the
            // page is told how many, to attach them to the open entry.
            let drop_handle = app.handle().clone();
            let hide_window = window.clone();
            window.on_window_event(move |event| {
                if let tauri::WindowEvent::CloseRequested { api, .. } = event {
                    // Kept in the tray, if the user asked for it.
                    if drop_handle.state::<Desktop>().hides_on_close() {
                        api.prevent_close();
                        let _ = hide_window.hide();
                    } else {
                        // Else Kindred quits: no quick entry left behind.
                        quick_access::quick::close(&drop_handle);
                    }
                }
                if let tauri::WindowEvent::DragDrop(tauri::DragDropEvent::Drop { paths, .. }) =
                    event
                {
                    let state = drop_handle.state::<AppState>();
                    if state.is_unlocked() {
                        let n = state.set_dropped(paths.clone());
                        let _ = drop_handle.emit(DROPPED_EVENT, n);
                    }
                }
            });
            launch_trace::window_made();
            let handle = app.handle().clone();
            std::thread::spawn(move || idle_timer(&handle));
            session_watch::start(app.handle());
            reminders::start(app.handle());
            Ok(())
        })
        .build(context)?
        .run(|app, event| {
            // Quitting locks first: SQLCipher closes cleanly, keys are zeroized.
            if let tauri::RunEvent::Exit = event {
                app.state::<AppState>().lock();
            }
        });
    Ok(())
}

/// Test builds only: where to note every file the app's own protocol
/// serves (`KINDRED_E2E_ASSET_LOG`). WebKit keeps no Resource Timing
/// entries for custom-scheme loads, so the end-to-end suite reads this to
/// see what the page loaded.
fn asset_log() -> Option<PathBuf> {
    if !cfg!(feature = "e2e") {
        return None;
    }
    std::env::var_os("KINDRED_E2E_ASSET_LOG")
        .filter(|p| !p.is_empty())
        .map(PathBuf::from)
}

/// Appends one URL to the test asset log (best effort: a test that needs
/// it fails on the missing line). Requests are served on several threads at
/// once, so each line goes out in a single append (`writeln!` would write
/// the URL and its newline separately, and lines from two threads could
/// interleave).
fn log_asset(log: &std::path::Path, url: &str) {
    use std::io::Write;
    if let Ok(mut f) = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(log)
    {
        let _ = f.write_all(format!("{url}\n").as_bytes());
    }
}

/// Locks the vault once it has been idle for the auto-lock delay and tells
/// the window, which then shows only the unlock screen.
fn idle_timer(app: &tauri::AppHandle) {
    loop {
        std::thread::sleep(IDLE_TICK);
        let state = app.state::<AppState>();
        if state.is_unlocked() && state.lock_if_idle(Instant::now()) {
            let _ = app.emit(LOCKED_EVENT, "idle");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::command_names::ALL;

    /// The build manifest and the invoke handler are made from one list
    /// (`commands!`); the capability must grant exactly those commands, or
    /// a command is either unreachable or granted without being meant to be.
    #[test]
    fn the_capability_grants_exactly_the_apps_commands() {
        let mut unique = ALL.to_vec();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), ALL.len(), "each command is listed once");

        let cap: serde_json::Value =
            serde_json::from_str(include_str!("../capabilities/main-window.json")).unwrap();
        let mut granted: Vec<String> = cap["permissions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p.as_str().unwrap().to_owned())
            .collect();
        granted.sort_unstable();
        let mut expected: Vec<String> = ALL
            .iter()
            .map(|c| format!("allow-{}", c.replace('_', "-")))
            .chain([
                "core:event:allow-listen".into(),
                "core:event:allow-unlisten".into(),
            ])
            .collect();
        expected.sort_unstable();
        assert_eq!(
            granted, expected,
            "capability grants exactly the app's commands"
        );
        assert_eq!(cap["windows"], serde_json::json!(["main"]));
    }

    /// The quick-entry window may unlock, read the people it mentions,
    /// load spell check's dictionaries and write one entry; no reading of
    /// the journal, no export, no settings.
    #[test]
    fn quick_entry_is_granted_only_what_it_needs() {
        let cap: serde_json::Value =
            serde_json::from_str(include_str!("../capabilities/quick-entry.json")).unwrap();
        assert_eq!(
            cap["windows"],
            serde_json::json!([super::quick_access::quick::LABEL])
        );
        let mut granted: Vec<&str> = cap["permissions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p.as_str().unwrap())
            .collect();
        granted.sort_unstable();
        assert_eq!(
            granted,
            [
                "allow-close-quick-entry",
                "allow-list-people",
                "allow-need-spell-check",
                "allow-open-main-window",
                "allow-quick-unlocked",
                "allow-status",
                "allow-touch",
                "allow-unlock",
                "allow-write-entry",
                "core:event:allow-listen",
                "core:event:allow-unlisten",
            ]
        );
        for p in granted.iter().filter_map(|p| p.strip_prefix("allow-")) {
            assert!(
                ALL.contains(&p.replace('-', "_").as_str()),
                "{p} is a command"
            );
        }
        let conf: serde_json::Value =
            serde_json::from_str(include_str!("../../tauri.conf.json")).unwrap();
        assert_eq!(
            conf["app"]["security"]["capabilities"],
            serde_json::json!(["main-window", "quick-entry"])
        );
    }

    /// The CSP allows the app's own origin only: no remote origin, no eval,
    /// no inline script.
    #[test]
    fn csp_is_strict() {
        let conf: serde_json::Value =
            serde_json::from_str(include_str!("../../tauri.conf.json")).unwrap();
        let csp = &conf["app"]["security"]["csp"];
        assert_eq!(csp["default-src"], "'self'");
        assert_eq!(csp["script-src"], "'self'");
        // Pictures and media: the app's own, and attachments through the
        // scheme that serves them only while unlocked.
        let attachments = format!("'self' {}:", super::blob_scheme::SCHEME);
        assert_eq!(csp["img-src"], attachments.as_str());
        assert_eq!(csp["media-src"], attachments.as_str());
        let all = csp.to_string();
        for banned in [
            "unsafe-eval",
            "unsafe-inline",
            "http:",
            "https:",
            "*",
            "data:",
        ] {
            assert!(
                !all.contains(banned),
                "CSP must not contain {banned}: {all}"
            );
        }
        assert_eq!(conf["app"]["withGlobalTauri"], true);
    }
}
