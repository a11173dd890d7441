//! The tray icon and its menu: Open, Quick entry, Lock, Quit.
//!
//! On Linux the icon is a StatusNotifierItem, made by the Ayatana (or
//! older) AppIndicator library, which the tray loads at run time and
//! panics without; so the library is looked for first, and a desktop
//! without it simply has no tray (the window then quits when closed).

use std::time::{Duration, Instant};

use tauri::menu::{Menu, MenuItem, PredefinedMenuItem};
use tauri::tray::TrayIconBuilder;
use tauri::{AppHandle, Emitter, Manager};

use super::{quick, show_main};
use crate::commands::{LOCKED_EVENT, LOCK_REQUEST_EVENT};
use crate::state::AppState;

/// The menu items' ids.
const OPEN: &str = "open";
const QUICK: &str = "quick";
const LOCK: &str = "lock";
const QUIT: &str = "quit";

/// How long the window has to save what is being typed and lock, before
/// the app locks without it.
const PAGE_GRACE: Duration = Duration::from_secs(2);

/// Makes the tray icon; false when this desktop cannot show one.
pub fn start(app: &AppHandle) -> bool {
    if !indicator_installed() {
        return false;
    }
    build(app).is_ok()
}

fn build(app: &AppHandle) -> tauri::Result<()> {
    let open = MenuItem::with_id(app, OPEN, "Open Kindred", true, None::<&str>)?;
    let quick = MenuItem::with_id(app, QUICK, "Quick entry…", true, None::<&str>)?;
    let lock = MenuItem::with_id(app, LOCK, "Lock", true, None::<&str>)?;
    let quit = MenuItem::with_id(app, QUIT, "Quit Kindred", true, None::<&str>)?;
    let menu = Menu::with_items(
        app,
        &[
            &open,
            &quick,
            &PredefinedMenuItem::separator(app)?,
            &lock,
            &quit,
        ],
    )?;
    let mut tray = TrayIconBuilder::with_id("kindred")
        .tooltip("Kindred")
        .menu(&menu)
        .on_menu_event(|app, event| chosen(app, event.id().as_ref()));
    if let Some(icon) = app.default_window_icon() {
        tray = tray.icon(icon.clone());
    }
    tray.build(app)?;
    Ok(())
}

/// What a menu item does.
fn chosen(app: &AppHandle, id: &str) {
    match id {
        OPEN => show_main(app),
        QUICK => quick::open(app),
        LOCK => lock_via_window(app, |_| {}),
        QUIT => lock_via_window(app, |app| app.exit(0)),
        _ => {}
    }
}

/// Locks the way Ctrl+L does: the main window saves what is being typed,
/// then locks. If it has not within [`PAGE_GRACE`] (hidden, frozen), the
/// app locks anyway and says so. Then `then` runs.
fn lock_via_window(app: &AppHandle, then: impl FnOnce(&AppHandle) + Send + 'static) {
    let app = app.clone();
    let _ = app.emit_to("main", LOCK_REQUEST_EVENT, ());
    std::thread::spawn(move || {
        let state = app.state::<AppState>();
        let start = Instant::now();
        while state.is_unlocked() && start.elapsed() < PAGE_GRACE {
            std::thread::sleep(Duration::from_millis(50));
        }
        if state.is_unlocked() {
            state.lock();
            let _ = app.emit(LOCKED_EVENT, "manual");
        }
        then(&app);
    });
}

/// Whether a StatusNotifierWatcher (the panel that shows tray icons) is on
/// the session bus now.
#[cfg(target_os = "linux")]
pub fn shown_by_desktop() -> bool {
    zbus::blocking::Connection::session()
        .and_then(|bus| {
            zbus::blocking::fdo::DBusProxy::new(&bus)?
                .name_has_owner("org.kde.StatusNotifierWatcher".try_into()?)
                .map_err(zbus::Error::from)
        })
        .unwrap_or(false)
}

#[cfg(not(target_os = "linux"))]
pub fn shown_by_desktop() -> bool {
    true
}

/// Whether the StatusNotifierItem library the tray loads is installed (the
/// names it tries, in its order).
#[cfg(target_os = "linux")]
#[allow(unsafe_code)]
fn indicator_installed() -> bool {
    [
        "libayatana-appindicator3.so.1",
        "libappindicator3.so.1",
        "libayatana-appindicator3.so",
        "libappindicator3.so",
    ]
    .iter()
    .any(|name| {
        // SAFETY: these are the system libraries the tray itself loads next
        // (libappindicator-sys); loading one runs its initialisers, which is
        // what making the tray would do anyway.
        unsafe { libloading::Library::new(name) }.is_ok()
    })
}

#[cfg(not(target_os = "linux"))]
fn indicator_installed() -> bool {
    true
}
