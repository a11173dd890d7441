//! The tray and quick entry in the real app. A stand-in
//! `org.kde.StatusNotifierWatcher` on the suite's private session bus is
//! the tray host: the app's indicator registers with it, and its menu is
//! read and clicked over D-Bus (`com.canonical.dbusmenu`), as a desktop
//! panel would. The key combination is pressed on the X display with
//! xdotool, so the desktop-wide grab is the real one.

use std::collections::HashMap;
use std::path::PathBuf;
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use fantoccini::wd::WindowHandle;
use kindred_core::model::Proximity;
use zbus::zvariant::{OwnedObjectPath, OwnedValue, Value};

use crate::util::{
    files_holding, person, run, unlock_with_passphrase, App, Sandbox, CTRL, ENTER, ESCAPE,
    PASSPHRASE, R, RELEASE,
};

/// Who registered with the stand-in tray host: (bus name, object path).
#[derive(Clone, Default)]
pub(crate) struct Host(Arc<Mutex<Vec<(String, String)>>>);

#[zbus::interface(name = "org.kde.StatusNotifierWatcher")]
impl Host {
    fn register_status_notifier_item(
        &self,
        service: String,
        #[zbus(header)] header: zbus::message::Header<'_>,
    ) {
        let sender = header.sender().map(|s| s.to_string()).unwrap_or_default();
        // Some indicators send their bus name, some their object path.
        let (name, path) = if service.starts_with('/') {
            (sender, service)
        } else {
            (service, "/StatusNotifierItem".into())
        };
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .push((name, path));
    }

    fn register_status_notifier_host(&self, _service: String) {}

    #[zbus(property)]
    fn registered_status_notifier_items(&self) -> Vec<String> {
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .iter()
            .map(|(n, p)| format!("{n}{p}"))
            .collect()
    }

    #[zbus(property)]
    fn is_status_notifier_host_registered(&self) -> bool {
        true
    }

    #[zbus(property)]
    fn protocol_version(&self) -> i32 {
        0
    }
}

impl Host {
    pub(crate) fn serve(&self) -> R<zbus::blocking::Connection> {
        Ok(zbus::blocking::connection::Builder::session()?
            .name("org.kde.StatusNotifierWatcher")?
            .serve_at("/StatusNotifierWatcher", self.clone())?
            .build()?)
    }

    pub(crate) async fn item(&self) -> R<(String, String)> {
        let start = Instant::now();
        loop {
            let seen = self
                .0
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .last()
                .cloned();
            if let Some(item) = seen {
                return Ok(item);
            }
            if start.elapsed() > Duration::from_secs(20) {
                return Err("the app's tray icon never registered with the tray host".into());
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }
}

/// The tray icon's menu, over D-Bus.
pub(crate) struct TrayMenu {
    bus: zbus::blocking::Connection,
    name: String,
    path: OwnedObjectPath,
}

impl TrayMenu {
    pub(crate) fn of(item: &(String, String)) -> R<Self> {
        let bus = zbus::blocking::Connection::session()?;
        let sni = zbus::blocking::Proxy::new(
            &bus,
            item.0.as_str(),
            item.1.as_str(),
            "org.kde.StatusNotifierItem",
        )?;
        let path: OwnedObjectPath = sni.get_property("Menu")?;
        Ok(Self {
            bus,
            name: item.0.clone(),
            path,
        })
    }

    fn proxy(&self) -> R<zbus::blocking::Proxy<'_>> {
        Ok(zbus::blocking::Proxy::new(
            &self.bus,
            self.name.as_str(),
            self.path.as_str(),
            "com.canonical.dbusmenu",
        )?)
    }

    /// The items' labels and ids, in order (separators left out).
    fn items(&self) -> R<Vec<(String, i32)>> {
        type Node = (i32, HashMap<String, OwnedValue>, Vec<OwnedValue>);
        let (_rev, (_root, _props, children)): (u32, Node) = self
            .proxy()?
            .call("GetLayout", &(0_i32, -1_i32, Vec::<String>::new()))?;
        let mut out = vec![];
        for child in children {
            let (id, props, _): Node = Value::from(child).downcast()?;
            if let Some(label) = props.get("label") {
                let label: String = label.try_clone()?.try_into()?;
                out.push((label.replace('_', ""), id));
            }
        }
        Ok(out)
    }

    /// Clicks the item with this label, as a panel does.
    pub(crate) fn click(&self, label: &str) -> R {
        let items = self.items()?;
        let id = items
            .iter()
            .find(|(l, _)| l == label)
            .map(|(_, id)| *id)
            .ok_or_else(|| format!("no {label:?} in the tray menu: {items:?}"))?;
        let _: () = self
            .proxy()?
            .call("Event", &(id, "clicked", Value::from(0_i32), 0_u32))?;
        Ok(())
    }
}

/// Waits for the quick-entry window and switches to it; returns the main
/// window's handle.
pub(crate) async fn to_quick_window(app: &App, main: &WindowHandle) -> R<WindowHandle> {
    let start = Instant::now();
    loop {
        let handles = app.c().windows().await?;
        if let Some(q) = handles.iter().find(|h| *h != main) {
            app.c().switch_to_window(q.clone()).await?;
            app.wait("#quick").await?;
            return Ok(q.clone());
        }
        if start.elapsed() > Duration::from_secs(15) {
            return Err("the quick-entry window did not open".into());
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// Waits until only the main window is left, and switches back to it.
async fn quick_window_gone(app: &App, main: &WindowHandle) -> R {
    let start = Instant::now();
    while app.c().windows().await?.len() > 1 {
        if start.elapsed() > Duration::from_secs(15) {
            return Err("the quick-entry window did not close".into());
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    app.c().switch_to_window(main.clone()).await?;
    Ok(())
}

/// Presses keys on the X display (a real key event, seen by grabs).
fn xdotool_key(combo: &str) -> R {
    let ok = Command::new("xdotool").args(["key", combo]).status()?;
    if !ok.success() {
        return Err(format!("xdotool key {combo} failed").into());
    }
    Ok(())
}

/// The main window's X id, while it is shown.
fn visible_main_window() -> R<Option<u32>> {
    visible_window("^Kindred$")
}

/// The X id of a shown window whose title matches `title` (a regex).
fn visible_window(title: &str) -> R<Option<u32>> {
    let out = Command::new("xdotool")
        .args(["search", "--onlyvisible", "--name", title])
        .output()?;
    Ok(String::from_utf8(out.stdout)?
        .lines()
        .next()
        .and_then(|l| l.trim().parse().ok()))
}

/// Asks a window to close as a window manager's close button does
/// (`WM_DELETE_WINDOW`); the suite's display has no window manager.
fn ask_to_close(window: u32) -> R {
    use x11rb::connection::Connection;
    use x11rb::protocol::xproto::{ClientMessageEvent, ConnectionExt, EventMask};
    let (conn, _) = x11rb::connect(None)?;
    let protocols = conn.intern_atom(false, b"WM_PROTOCOLS")?.reply()?.atom;
    let delete = conn.intern_atom(false, b"WM_DELETE_WINDOW")?.reply()?.atom;
    let event = ClientMessageEvent::new(
        32,
        window,
        protocols,
        [delete, x11rb::CURRENT_TIME, 0, 0, 0],
    );
    conn.send_event(false, window, EventMask::NO_EVENT, event)?
        .check()?;
    conn.flush()?;
    Ok(())
}

fn home(sb: &Sandbox) -> PathBuf {
    sb.path().join("home")
}

#[test]
fn the_tray_and_the_shortcut_open_quick_entry_which_unlocks_and_saves_with_mentions() {
    run(|| async {
        let sb = Sandbox::new()?;
        let mut maya = 0;
        sb.seed(|v| {
            maya = person(v, "Maya Lin", "friend", Proximity::Weekly)?;
            Ok(())
        })?;
        let host = Host::default();
        let _serving = host.serve()?;
        let app = sb.launch().await?;
        let main = app.c().window().await?;

        // The tray: its four items, read as a panel reads them.
        let menu = TrayMenu::of(&host.item().await?)?;
        let labels: Vec<String> = menu.items()?.into_iter().map(|(l, _)| l).collect();
        assert_eq!(
            labels,
            ["Open Kindred", "Quick entry…", "Lock", "Quit Kindred"]
        );

        // Quick entry while locked: the passphrase first, wrong then right.
        menu.click("Quick entry…")?;
        to_quick_window(&app, &main).await?;
        app.wait("#quick-passphrase").await?;
        app.type_into("#quick-passphrase", "not the passphrase")
            .await?;
        app.keys(ENTER).await?;
        app.wait_text("#quick-error", "passphrase").await?;
        app.wait("#quick-passphrase").await?.clear().await?;
        app.type_into("#quick-passphrase", PASSPHRASE).await?;
        app.keys(ENTER).await?;
        app.wait("#quick-body").await?;
        // A mention, chosen from the suggestions as in the editor.
        app.type_into("#quick-body", "Lunch with @May").await?;
        app.wait_text("#mention-suggestions", "Maya Lin").await?;
        app.keys(ENTER).await?;
        app.keys("— she listened the whole time.").await?;
        app.screenshot("quick-entry").await?;
        app.keys(&format!("{CTRL}{ENTER}{RELEASE}")).await?;
        quick_window_gone(&app, &main).await?;

        // The main window opens from the tray, unlocked by quick entry,
        // and the entry is there with its mention.
        menu.click("Open Kindred")?;
        app.wait("#home").await?;
        app.click("button[data-view=journal]").await?;
        app.click_xpath("//*[contains(@class,'entry-item')][contains(., 'Lunch with')]")
            .await?;
        app.wait_text("#entry-people", "Maya Lin").await?;

        // The tray's Lock: the window shows the unlock screen.
        menu.click("Lock")?;
        app.wait("#unlock-title").await?;
        unlock_with_passphrase(&app).await?;

        // A shortcut, chosen in Settings by pressing it; then pressed on the
        // display, it opens quick entry (the vault open: straight to writing).
        app.click("button[data-view=settings]").await?;
        app.wait_text("#quick-shortcut", "none").await?;
        app.wait_text("#tray-state", "Quick entry").await?;
        // One another program holds is refused, saying so.
        let other = global_hotkey::GlobalHotKeyManager::new()?;
        other.register("Ctrl+Alt+J".parse()?)?;
        app.click("#choose-shortcut").await?;
        app.keys(&format!("{CTRL}\u{E00A}j{RELEASE}")).await?;
        app.wait_text("#shortcut-state", "Another program already uses Ctrl+Alt+J")
            .await?;
        app.wait_text("#quick-shortcut", "none").await?;
        drop(other);
        app.click("#choose-shortcut").await?;
        app.keys(&format!("{CTRL}\u{E00A}k{RELEASE}")).await?;
        app.wait_text("#quick-shortcut", "Ctrl+Alt+K").await?;
        app.js("document.querySelector('#desktop-card').scrollIntoView({block: 'center'}); return null;")
            .await?;
        app.screenshot("settings-desktop").await?;
        let prefs = sb
            .path()
            .join("config/app.kindred.desktop.test/desktop.json");
        let saved = std::fs::read_to_string(&prefs)?;
        assert!(saved.contains("Ctrl+Alt+K"), "saved: {saved}");
        xdotool_key("ctrl+alt+k")?;
        to_quick_window(&app, &main).await?;
        app.wait("#quick-body").await?;
        // Escape with something typed asks first; Escape again keeps it.
        app.type_into("#quick-body", "half a thought").await?;
        app.keys(ESCAPE).await?;
        app.wait("#quick-discard").await?;
        app.keys(ESCAPE).await?;
        app.wait_js(
            "the question answered by keeping the text",
            "!document.querySelector('#quick-discard') && document.querySelector('#quick-body').value === 'half a thought'",
        )
        .await?;
        // The window's close button asks the same question.
        let window = visible_window("^Quick entry")?.ok_or("quick entry is not shown")?;
        ask_to_close(window)?;
        app.wait("#quick-discard").await?;
        // The window closes under the click, so WebDriver may report the
        // click itself as failed; the window being gone is the check.
        let _ = app.wait("#quick-discard").await?.click().await;
        quick_window_gone(&app, &main).await?;

        // Turned off, the combination does nothing.
        app.click("#clear-shortcut").await?;
        app.wait_text("#quick-shortcut", "none").await?;
        xdotool_key("ctrl+alt+k")?;
        tokio::time::sleep(Duration::from_secs(2)).await;
        assert_eq!(app.c().windows().await?.len(), 1, "no quick entry once off");

        // Start at login: off by default; on writes the desktop's autostart
        // entry (started in the tray), off removes it.
        let entry = home(&sb).join(".config/autostart/Kindred.desktop");
        app.wait_js(
            "autostart off",
            "document.querySelector('#autostart').checked === false",
        )
        .await?;
        assert!(!entry.exists());
        app.click("#autostart").await?;
        let start = Instant::now();
        while !entry.exists() && start.elapsed() < Duration::from_secs(10) {
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let text = std::fs::read_to_string(&entry)?;
        assert!(text.contains("--background"), "{text}");
        app.click("#autostart").await?;
        let start = Instant::now();
        while entry.exists() && start.elapsed() < Duration::from_secs(10) {
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        assert!(!entry.exists(), "turned off, the entry is gone");

        // Kept in the tray: closing the window hides it, the app keeps
        // running, and the tray brings it back.
        app.click("#close-to-tray").await?;
        // Saved once the app answered (the box ticks at the click).
        let start = Instant::now();
        while !std::fs::read_to_string(&prefs)?.contains("\"close_to_tray\": true") {
            if start.elapsed() > Duration::from_secs(10) {
                return Err("keeping in the tray was not saved".into());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let window = visible_main_window()?.ok_or("the main window is not shown")?;
        ask_to_close(window)?;
        let start = Instant::now();
        while visible_main_window()?.is_some() {
            if start.elapsed() > Duration::from_secs(10) {
                return Err("closing did not hide the window".into());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        assert_eq!(app.js("return 1 + 1;").await?, 2, "still running");
        menu.click("Open Kindred")?;
        let start = Instant::now();
        while visible_main_window()?.is_none() {
            if start.elapsed() > Duration::from_secs(10) {
                return Err("the tray did not bring the window back".into());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }

        // Quit from the tray: the app locks and ends.
        menu.click("Quit Kindred")?;
        app.gone().await?;

        // Nothing typed in quick entry is anywhere in plaintext: not the
        // entry saved, not the text discarded (the vault, WebKit's caches,
        // config, home and temp folders of this run).
        for typed in ["she listened the whole time", "half a thought"] {
            let hits = files_holding(sb.path(), typed.as_bytes());
            assert!(hits.is_empty(), "{typed:?} in plaintext: {hits:?}");
        }
        // Control: the scan finds text where it is in plaintext.
        std::fs::write(sb.path().join("tmp/control"), "half a thought")?;
        assert!(!files_holding(sb.path(), b"half a thought").is_empty());

        let v = sb.open()?;
        let all = v.journal().list(&Default::default())?;
        assert_eq!(all.len(), 1, "one entry, from quick entry");
        let e = v.journal().get(all[0].id)?;
        assert!(e.body.starts_with("Lunch with @Maya Lin"), "{:?}", e.body);
        assert_eq!(
            e.people.iter().map(|p| p.id).collect::<Vec<_>>(),
            vec![maya]
        );
        drop(v);

        // A combination another program took while Kindred was not running:
        // Settings says Kindred is not listening for it.
        std::fs::write(&prefs, r#"{"quick_shortcut": "Ctrl+Alt+K"}"#)?;
        let other = global_hotkey::GlobalHotKeyManager::new()?;
        other.register("Ctrl+Alt+K".parse()?)?;
        let app = sb.launch().await?;
        unlock_with_passphrase(&app).await?;
        app.click("button[data-view=settings]").await?;
        app.wait_text("#quick-shortcut", "Ctrl+Alt+K").await?;
        app.wait_text("#shortcut-state", "could not listen for Ctrl+Alt+K")
            .await?;
        app.quit().await
    });
}

/// Started at login (`--background`) with a remembered vault: the window
/// stays hidden and the vault locked (the keychain waits for someone to
/// open the window); "Open Kindred" shows it, and only then does the
/// remembered device open the vault.
#[test]
fn started_at_login_it_stays_locked_until_the_window_is_opened() {
    run(|| async {
        let sb = Sandbox::new()?;
        let mut created = kindred_core::Vault::create(
            &sb.vault(),
            &kindred_core::Secret::new(PASSPHRASE.into()),
            std::sync::Arc::new(kindred_core::clock::SystemClock),
        )?;
        created
            .vault
            .remember_on_device(&kindred_core::keychain::OsKeyStore)?;
        drop(created);
        let host = Host::default();
        let _serving = host.serve()?;
        let app = sb.launch_args(&["--background"], "#unlock-title").await?;
        let menu = TrayMenu::of(&host.item().await?)?;
        // A while hidden: still locked, no window.
        tokio::time::sleep(Duration::from_secs(3)).await;
        assert!(visible_main_window()?.is_none(), "the window stays hidden");
        let status = app
            .js_async("const done = arguments[0]; window.__TAURI__.core.invoke('status').then((s) => done(s.state));")
            .await?;
        assert_eq!(status, "locked", "nothing unlocks with nobody there");
        assert!(app.text_of("#home").await?.is_none());

        menu.click("Open Kindred")?;
        app.wait("#home").await?;
        assert!(visible_main_window()?.is_some(), "shown");
        app.quit().await
    });
}

/// Quick entry can be the first to unlock after an update that changes the
/// vault's format: its status says what the verified backup made first is
/// doing, as the main window's does, then it is ready to write.
#[test]
fn an_upgrade_at_quick_entry_unlock_says_what_it_is_doing() {
    run(|| async {
        let sb = Sandbox::new()?;
        crate::session::old_vault(&sb.vault(), 3000)?;
        let host = Host::default();
        let _serving = host.serve()?;
        let app = sb.launch().await?;
        let main = app.c().window().await?;
        app.wait("#unlock-title").await?;
        let menu = TrayMenu::of(&host.item().await?)?;
        menu.click("Quick entry…")?;
        to_quick_window(&app, &main).await?;
        app.wait("#quick-passphrase").await?;
        crate::session::record_status(&app, "#quick-status").await?;
        app.type_into("#quick-passphrase", PASSPHRASE).await?;
        app.keys(ENTER).await?;
        app.wait("#quick-body").await?;
        crate::session::assert_upgrade_shown(&app).await?;
        app.quit().await?;
        crate::session::assert_upgraded(&sb, 3000)
    });
}
