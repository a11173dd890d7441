//! End-to-end tests: the real app window, driven over WebDriver.
//!
//! Each test starts the built app (feature `e2e`: its own app identifier,
//! auto-lock in seconds) under Debian's WebKitWebDriver on a loopback port,
//! with a temp vault and temp XDG dirs. They expect a display (Xvfb) and a
//! Secret Service on the session bus; `cargo xtask test` provides both (a
//! private `dbus-run-session` with gnome-keyring-daemon) and runs the suite
//! twice, the second time inside a network namespace with only loopback.
//! Every flow saves a screenshot under `target/e2e-screenshots/`.
//!
//! Flows:
//! - `first_run_write_lock_unlock_with_keychain` — the first-run screen,
//!   the recovery code step, an entry autosaved, Ctrl+L, the keychain.
//! - `wrong_passphrase_is_explained` — plain words, then the right one.
//! - `person_note_and_mention` — add a person and a note, @-mention them,
//!   find the entry on their page.
//! - `search_finds_a_planted_word` — Ctrl+K, highlighted snippet as text,
//!   keyboard navigation.
//! - `auto_lock_fires` — a 2-second delay locks and drops the keys.
//! - `restart_keeps_everything` — quit, start again, all still there.
//! - `nothing_leaves_the_app_origin` — resources are app-origin only and a
//!   remote navigation is refused.
//! - `second_launch_focuses_the_first` — single instance.
//! - `trash_and_undo` — an entry moved to the trash comes back.
//! - `recovery_code_sets_a_new_passphrase` — "use recovery code", a new
//!   code shown once, the new passphrase works.
//! - `settings_change_passphrase` — the old one stops working; turning
//!   on "remember on this device" makes the keychain unlock.
//! - `markdown_preview_is_safe_and_tags_are_kept` — the preview renders
//!   Markdown and runs nothing; tags survive a reopen.
//! - `demo_screenshots` — ignored; `cargo xtask demo --screenshots` runs it.

mod util;

use std::time::{Duration, Instant};

use kindred_core::model::Proximity;
use serde_json::Value;
use util::{entry, person, run, unlock_with_passphrase, Sandbox, NEW_PASSPHRASE, PASSPHRASE};

/// Control held, then released.
const CTRL: &str = "\u{E009}";
const RELEASE: &str = "\u{E000}";
const ENTER: &str = "\u{E007}";
const DOWN: &str = "\u{E015}";

#[test]
fn first_run_write_lock_unlock_with_keychain() {
    run(async {
        let sb = Sandbox::new()?;
        let app = sb.launch().await?;
        app.wait("#setup-title").await?;
        app.type_into("input[name=passphrase]", PASSPHRASE).await?;
        app.wait_text(".meter-words", "strong").await?;
        app.type_into("input[name=confirm]", PASSPHRASE).await?;
        let remember = app.wait("#remember").await?;
        assert_eq!(remember.prop("checked").await?.as_deref(), Some("true"));
        app.screenshot("01-first-run").await?;
        app.click("form button[type=submit]").await?;

        let code = app.wait("#recovery-code").await?.text().await?;
        assert!(
            code.trim().len() >= 20,
            "recovery code shown: {} chars",
            code.len()
        );
        let cont = app.wait(".card button.primary").await?;
        assert!(
            !cont.is_enabled().await?,
            "continue waits for 'I have stored it'"
        );
        app.screenshot("02-recovery-code").await?;
        app.click("#stored-code").await?;
        cont.click().await?;

        app.type_into("#entry-title", "A walk by the river").await?;
        app.type_into(
            "#entry-body",
            "The heron was back. Planted word: zephyrine.",
        )
        .await?;
        app.wait_text(".save-state", "Saved").await?;
        app.wait_text(".entry-list", "A walk by the river").await?;
        app.screenshot("03-journal").await?;

        app.keys(&format!("{CTRL}l{RELEASE}")).await?;
        app.wait("#unlock-title").await?;
        let text = app.page_text().await?;
        assert!(
            !text.contains("zephyrine"),
            "nothing of the journal stays on screen"
        );
        assert!(!text.contains("A walk by the river"));
        let locked = app
            .js_async("const done = arguments[0]; window.__TAURI__.core.invoke('list_entries').then(() => done('open'), e => done(e.code));")
            .await?;
        assert_eq!(
            locked,
            Value::String("VaultLocked".into()),
            "keys are dropped"
        );
        app.screenshot("04-locked").await?;

        app.click("#unlock-keychain").await?;
        app.wait_text(".entry-list", "A walk by the river").await?;
        app.click(".entry-item[data-entry-id]").await?;
        app.wait_js(
            "the entry body",
            "document.querySelector('#entry-body').value.includes('zephyrine')",
        )
        .await?;
        app.quit().await?;

        // Started again, a remembered vault opens by itself.
        let app = sb.launch().await?;
        app.wait_text(".entry-list", "A walk by the river").await?;
        app.quit().await
    });
}

#[test]
fn wrong_passphrase_is_explained() {
    run(async {
        let sb = Sandbox::new()?;
        sb.seed(|v| entry(v, "Seeded", "Only the right passphrase shows this.", vec![]).map(drop))?;
        let app = sb.launch().await?;
        app.wait("#unlock-title").await?;
        assert!(
            app.c()
                .find(fantoccini::Locator::Css("#unlock-keychain"))
                .await
                .is_err(),
            "no keychain button when this device does not remember the vault"
        );
        app.type_into("input[name=passphrase]", "wrong horse battery staple")
            .await?;
        app.keys(ENTER).await?;
        app.wait_text("#unlock-error", "passphrase doesn't open this vault")
            .await?;
        app.screenshot("05-wrong-passphrase").await?;
        let field = app.wait("input[name=passphrase]").await?;
        field.clear().await?;
        field.send_keys(PASSPHRASE).await?;
        app.keys(ENTER).await?;
        app.wait_text(".entry-list", "Seeded").await?;
        app.quit().await
    });
}

#[test]
fn person_note_and_mention() {
    run(async {
        let sb = Sandbox::new()?;
        sb.seed(|_| Ok(()))?;
        let app = sb.launch().await?;
        unlock_with_passphrase(&app).await?;

        app.click("button[data-view=people]").await?;
        app.type_into("#person-name", "Maya Lin").await?;
        app.type_into("#person-relationship", "old friend").await?;
        app.wait("#person-proximity")
            .await?
            .select_by_value("far-away")
            .await?;
        app.click("#add-person").await?;
        app.wait_text("#person-title", "Maya Lin").await?;

        app.type_into("#note-body", "Loves night swimming; ask about the new job.")
            .await?;
        app.click("#add-note").await?;
        app.wait_text("#notes", "night swimming").await?;

        app.keys(&format!("{CTRL}1{RELEASE}")).await?;
        app.click("#new-entry").await?;
        app.type_into("#entry-body", "Long call with @Maya").await?;
        // The suggestion list offers her; Enter completes the name.
        app.wait_text("#mention-suggestions", "Maya Lin").await?;
        app.keys(ENTER).await?;
        app.keys("about moving back.").await?;
        app.wait_text("#entry-people", "Maya Lin").await?;
        app.wait_text(".save-state", "Saved").await?;

        app.click("button[data-view=people]").await?;
        app.wait_text("#people-list", "Far away").await?;
        app.click(".person-card").await?;
        app.wait_text(
            "#person-entries",
            "Long call with @Maya Lin about moving back.",
        )
        .await?;
        app.wait_text("#notes", "night swimming").await?;
        app.screenshot("06-person").await?;
        app.quit().await
    });
}

#[test]
fn search_finds_a_planted_word() {
    run(async {
        let sb = Sandbox::new()?;
        sb.seed(|v| {
            let sam = person(v, "Sam Okafor", "brother", Proximity::Monthly)?;
            entry(
                v,
                "Sunday",
                "Baked bread with <b>Sam</b>; the quillwort by the pond was in flower.",
                vec![sam],
            )?;
            entry(v, "Monday", "Nothing much happened.", vec![])?;
            v.people()
                .add_note(sam, "He mentioned the quillwort too.")?;
            Ok(())
        })?;
        let app = sb.launch().await?;
        unlock_with_passphrase(&app).await?;
        app.keys(&format!("{CTRL}k{RELEASE}")).await?;
        app.wait("#search-input").await?;
        app.keys("quillwort").await?;
        app.wait_text("#search-results", "Sunday").await?;
        let marks = app
            .js("return Array.from(document.querySelectorAll('#search-results mark')).map(m => m.textContent.toLowerCase());")
            .await?;
        let marks: Vec<String> = serde_json::from_value(marks)?;
        assert!(
            marks.len() >= 2,
            "entry and note both highlighted: {marks:?}"
        );
        assert!(marks.iter().all(|m| m == "quillwort"), "{marks:?}");
        // User text is shown as text: the <b> in the entry is not markup.
        let bold = app
            .js("return document.querySelectorAll('#search-results b').length;")
            .await?;
        assert_eq!(bold, Value::from(0));
        app.wait_text("#search-results", "<b>Sam</b>").await?;
        app.screenshot("07-search").await?;

        // Keyboard: the first hit is selected; Down moves; Enter opens.
        let first_kind = app
            .js("return document.querySelector('#search-results [aria-selected=true] .badge').textContent;")
            .await?;
        assert!(first_kind.is_string());
        app.keys(DOWN).await?;
        app.wait_js(
            "the second hit selected",
            "document.querySelector('#hit-1')?.getAttribute('aria-selected') === 'true'",
        )
        .await?;
        app.keys("\u{E013}").await?; // Up
        app.wait_js(
            "back on the first hit",
            "document.querySelector('#hit-0')?.getAttribute('aria-selected') === 'true'",
        )
        .await?;
        let idx = app
            .js("return Array.from(document.querySelectorAll('#search-results .hit')).findIndex(li => li.querySelector('.badge.entry'));")
            .await?
            .as_u64()
            .ok_or("no entry among the hits")?;
        app.keys(&DOWN.repeat(usize::try_from(idx)?)).await?;
        app.keys(ENTER).await?;
        app.wait_js("search closed", "!document.querySelector('#search')")
            .await?;
        app.wait_js(
            "an entry opened",
            "document.querySelector('#entry-body')?.value.includes('quillwort')",
        )
        .await?;
        app.quit().await
    });
}

#[test]
fn auto_lock_fires() {
    run(async {
        let sb = Sandbox::new()?;
        sb.seed(|v| entry(v, "Private", "Something only for me: larkspur.", vec![]).map(drop))?;
        let app = sb.launch().await?;
        unlock_with_passphrase(&app).await?;
        let set = app
            .js_async("const done = arguments[0]; window.__TAURI__.core.invoke('set_auto_lock', {seconds: 2}).then(() => done('ok'), e => done(e.code));")
            .await?;
        assert_eq!(set, Value::String("ok".into()));
        let start = Instant::now();
        app.wait_text(".lead", "locked itself").await?;
        let waited = start.elapsed();
        assert!(
            waited >= Duration::from_millis(1500),
            "locked after {waited:?}"
        );
        assert!(!app.page_text().await?.contains("larkspur"));
        let locked = app
            .js_async("const done = arguments[0]; window.__TAURI__.core.invoke('search', {query: 'larkspur'}).then(() => done('open'), e => done(e.code));")
            .await?;
        assert_eq!(locked, Value::String("VaultLocked".into()));
        app.screenshot("08-auto-locked").await?;

        // The setting is kept in the vault: after unlocking it applies again.
        unlock_with_passphrase(&app).await?;
        app.wait_text(".lead", "locked itself").await?;
        app.quit().await
    });
}

#[test]
fn restart_keeps_everything() {
    run(async {
        let sb = Sandbox::new()?;
        let app = sb.launch().await?;
        app.wait("#setup-title").await?;
        app.type_into("input[name=passphrase]", PASSPHRASE).await?;
        app.type_into("input[name=confirm]", PASSPHRASE).await?;
        app.click("#remember").await?; // off: this vault asks for its passphrase
        app.wait_text(".meter-words", "strong").await?;
        app.click("form button[type=submit]").await?;
        app.click("#stored-code").await?;
        app.click(".card button.primary").await?;
        app.type_into("#entry-body", "Before the restart: marigold.")
            .await?;
        app.wait_text(".save-state", "Saved").await?;
        app.click("button[data-view=people]").await?;
        app.type_into("#person-name", "Ines").await?;
        app.click("#add-person").await?;
        app.wait_text("#person-title", "Ines").await?;
        app.quit().await?;

        let app = sb.launch().await?;
        unlock_with_passphrase(&app).await?;
        app.wait_text(".entry-list", "Before the restart: marigold.")
            .await?;
        app.click("button[data-view=people]").await?;
        app.wait_text("#people-list", "Ines").await?;
        app.screenshot("09-after-restart").await?;
        app.quit().await
    });
}

#[test]
fn nothing_leaves_the_app_origin() {
    run(async {
        let sb = Sandbox::new()?;
        sb.seed(|_| Ok(()))?;
        let app = sb.launch().await?;
        unlock_with_passphrase(&app).await?;
        let urls = app
            .js("return performance.getEntriesByType('resource').map(e => e.name).concat(performance.getEntriesByType('navigation').map(e => e.name));")
            .await?;
        let urls: Vec<String> = serde_json::from_value(urls)?;
        assert!(!urls.is_empty());
        // Every URL the document refers to resolves to the app's origin too.
        let refs = app
            .js("return Array.from(document.querySelectorAll('[src],[href]')).map(e => e.src || e.href);")
            .await?;
        let refs: Vec<String> = serde_json::from_value(refs)?;
        assert!(refs.iter().any(|u| u.ends_with("/css/app.css")), "{refs:?}");
        for u in urls.iter().chain(&refs) {
            assert!(
                u == "tauri://localhost"
                    || u.starts_with("tauri://localhost/")
                    || u.starts_with("ipc://localhost/"),
                "loaded from outside the app: {u}"
            );
        }
        app.js("location.href = 'https://example.com/'; return null;")
            .await?;
        tokio::time::sleep(Duration::from_millis(1500)).await;
        let here = app.js("return location.href;").await?;
        assert!(
            here.as_str()
                .is_some_and(|u| u == "tauri://localhost" || u.starts_with("tauri://localhost/")),
            "the window navigated away to {here}"
        );
        app.wait("#entry-body").await?;
        app.screenshot("10-navigation-refused").await?;
        app.quit().await
    });
}

#[test]
fn second_launch_focuses_the_first() {
    run(async {
        let sb = Sandbox::new()?;
        sb.seed(|_| Ok(()))?;
        let app = sb.launch().await?;
        app.wait("#unlock-title").await?;
        let mut second = sb.second_launch()?;
        let start = Instant::now();
        let status = loop {
            if let Some(s) = second.try_wait()? {
                break s;
            }
            if start.elapsed() > Duration::from_secs(15) {
                let _ = second.kill();
                let _ = second.wait();
                return Err("a second instance kept running".into());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        };
        assert!(status.success(), "second launch exited with {status}");
        // The first one is still there and usable.
        unlock_with_passphrase(&app).await?;
        app.quit().await
    });
}

#[test]
fn trash_and_undo() {
    run(async {
        let sb = Sandbox::new()?;
        sb.seed(|v| entry(v, "Keep me", "An entry to delete and bring back.", vec![]).map(drop))?;
        let app = sb.launch().await?;
        unlock_with_passphrase(&app).await?;
        app.click(".entry-item[data-entry-id]").await?;
        app.wait_js(
            "entry open",
            "document.querySelector('#entry-title').value === 'Keep me'",
        )
        .await?;
        app.click(".editor-bar .danger").await?;
        app.wait_text(".toast", "moved to the trash").await?;
        app.wait_js(
            "entry gone from the list",
            "!document.querySelector('.entry-list').textContent.includes('Keep me')",
        )
        .await?;
        app.screenshot("11-trash-undo").await?;
        app.click(".toast button.link").await?;
        app.wait_text(".entry-list", "Keep me").await?;
        app.wait_js(
            "restored entry open",
            "document.querySelector('#entry-title').value === 'Keep me'",
        )
        .await?;
        // Trashed again, it waits in the Trash view until restored there.
        app.click("#trash-entry").await?;
        app.wait_text(".toast", "moved to the trash").await?;
        app.keys(&format!("{CTRL}3{RELEASE}")).await?;
        app.wait_text(".trash-list", "Keep me").await?;
        app.click(".trash-list button").await?;
        app.wait_text("#toasts", "Entry restored").await?;
        app.click("button[data-view=journal]").await?;
        app.wait_text(".entry-list", "Keep me").await?;
        app.quit().await
    });
}

#[test]
fn recovery_code_sets_a_new_passphrase() {
    run(async {
        let sb = Sandbox::new()?;
        let code = sb.seed_returning_code()?;
        let app = sb.launch().await?;
        app.wait("#unlock-title").await?;
        app.click("#use-recovery").await?;
        app.wait("#recover-title").await?;
        app.type_into(
            "input[name=recovery]",
            &code.to_lowercase().replace('-', ""),
        )
        .await?;
        app.type_into("input[name=new-passphrase]", NEW_PASSPHRASE)
            .await?;
        app.wait_text(".meter-words", "strong").await?;
        app.type_into("input[name=confirm-new-passphrase]", NEW_PASSPHRASE)
            .await?;
        app.click("#recover").await?;
        app.wait("#recovery-code").await?;
        let new_code = app.text_of("#recovery-code").await?.unwrap_or_default();
        assert!(new_code.len() >= 20);
        assert_ne!(new_code.trim(), code, "a used recovery code is retired");
        app.screenshot("12-recovered").await?;
        app.click("#stored-code").await?;
        app.click(".card button.primary").await?;
        app.wait("#entry-body").await?;

        app.click("#lock").await?;
        app.wait("#unlock-title").await?;
        app.type_into("input[name=passphrase]", NEW_PASSPHRASE)
            .await?;
        app.keys(ENTER).await?;
        app.wait("#entry-body").await?;
        app.quit().await
    });
}

#[test]
fn settings_change_passphrase() {
    run(async {
        let sb = Sandbox::new()?;
        sb.seed(|_| Ok(()))?;
        let app = sb.launch().await?;
        unlock_with_passphrase(&app).await?;
        app.keys(&format!("{CTRL},{RELEASE}")).await?;
        app.wait_text("#vault-dir", &sb.vault().display().to_string())
            .await?;
        app.type_into("#current-passphrase", PASSPHRASE).await?;
        app.type_into("input[name=next-passphrase]", NEW_PASSPHRASE)
            .await?;
        app.wait_text(".meter-words", "strong").await?;
        app.type_into("input[name=confirm-next-passphrase]", NEW_PASSPHRASE)
            .await?;
        app.click("#change-passphrase").await?;
        app.wait_text(".toast", "Passphrase changed").await?;
        app.screenshot("13-settings").await?;

        app.click("#lock").await?;
        app.type_into("input[name=passphrase]", PASSPHRASE).await?;
        app.keys(ENTER).await?;
        app.wait_text("#unlock-error", "passphrase doesn't open")
            .await?;
        let field = app.wait("input[name=passphrase]").await?;
        field.clear().await?;
        field.send_keys(NEW_PASSPHRASE).await?;
        app.keys(ENTER).await?;
        app.wait("#entry-body").await?;

        // "Remember on this device" on: the keychain unlocks next time.
        app.click("button[data-view=settings]").await?;
        app.click("#remember-device").await?;
        app.wait_text(".toast", "now remembers").await?;
        app.click("#lock").await?;
        app.click("#unlock-keychain").await?;
        app.wait("#entry-body").await?;
        app.quit().await
    });
}

#[test]
fn markdown_preview_is_safe_and_tags_are_kept() {
    run(async {
        let sb = Sandbox::new()?;
        sb.seed(|_| Ok(()))?;
        let app = sb.launch().await?;
        unlock_with_passphrase(&app).await?;
        app.type_into("#entry-title", "Preview").await?;
        app.type_into(
            "#entry-body",
            "Some **bold** words.\n\n<script>window.pwned = 1</script>\n\n<img src=x onerror=\"window.pwned = 2\">",
        )
        .await?;
        app.type_into("#entry-tags", "family, #walks").await?;
        app.wait_text(".save-state", "Saved").await?;
        app.click("#preview-toggle").await?;
        app.wait_text("#entry-preview strong", "bold").await?;
        let unsafe_nodes = app
            .js("return document.querySelectorAll('#entry-preview script, #entry-preview img, #entry-preview [onerror]').length + (window.pwned ? 100 : 0);")
            .await?;
        assert_eq!(
            unsafe_nodes,
            Value::from(0),
            "the preview ran or kept markup"
        );
        app.wait_text("#entry-preview", "<script>").await?;
        app.screenshot("14-preview").await?;

        app.click("#new-entry").await?;
        app.click(".entry-item[data-entry-id]").await?;
        app.wait_js(
            "tags kept",
            "document.querySelector('#entry-tags').value === 'family, walks'",
        )
        .await?;
        app.quit().await
    });
}

/// Screens for the README, from a vault that `cargo xtask demo
/// --screenshots DIR` filled with the CLI (`KINDRED_DEMO_VAULT`).
#[test]
#[ignore = "run by `cargo xtask demo --screenshots DIR`"]
fn demo_screenshots() {
    run(async {
        let Some(vault) = std::env::var_os("KINDRED_DEMO_VAULT") else {
            return Err("set KINDRED_DEMO_VAULT to a filled vault".into());
        };
        let pass = std::env::var("KINDRED_DEMO_PASSPHRASE")?;
        let sb = Sandbox::new()?;
        std::os::unix::fs::symlink(&vault, sb.vault())?;
        let app = sb.launch().await?;
        app.wait("#unlock-title").await?;
        app.screenshot("unlock").await?;
        app.type_into("input[name=passphrase]", &pass).await?;
        app.keys(ENTER).await?;
        app.wait(".entry-item[data-entry-id]").await?;
        app.click(".entry-item[data-entry-id]").await?;
        app.wait_js(
            "an entry open",
            "document.querySelector('#entry-body').value.length > 0",
        )
        .await?;
        app.wait_text(".save-state", "Saved").await?;
        app.screenshot("journal").await?;
        app.click("button[data-view=people]").await?;
        app.wait(".person-card").await?;
        app.screenshot("people").await?;
        // Far away, but close: the person the demo is about.
        app.c()
            .find(fantoccini::Locator::XPath(
                "//button[contains(@class, 'person-card')][contains(., 'Maya Lin')]",
            ))
            .await?
            .click()
            .await?;
        app.wait("#person-title").await?;
        app.screenshot("person").await?;
        app.keys(&format!("{CTRL}k{RELEASE}")).await?;
        app.wait("#search-input").await?;
        app.keys("walk").await?;
        app.wait("#search-results mark").await?;
        app.screenshot("search").await?;
        app.keys("\u{E00C}").await?; // Escape
        app.click("button[data-view=settings]").await?;
        app.wait("#vault-dir").await?;
        app.screenshot("settings").await?;
        app.quit().await
    });
}
