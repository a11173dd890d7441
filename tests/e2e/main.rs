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
//! - `auto_lock_during_the_recovery_code_step` — the vault locks while
//!   its new code is shown; "Continue" then leads to the unlock screen.
//! - `restart_keeps_everything` — quit, start again, all still there.
//! - `nothing_leaves_the_app_origin` — resources are app-origin only and a
//!   navigation away is refused before any connection is made.
//! - `second_launch_focuses_the_first` — single instance: a second launch
//!   exits and the first window still works.
//! - `trash_and_undo` — an entry moved to the trash comes back.
//! - `recovery_code_sets_a_new_passphrase` — "use recovery code", a new
//!   code shown once, the new passphrase works.
//! - `settings_change_passphrase` — the old one stops working; turning
//!   on "remember on this device" makes the keychain unlock.
//! - `markdown_preview_is_safe_and_tags_are_kept` — the preview renders
//!   Markdown and runs nothing; tags survive a reopen.
//! - `checkin_with_the_circles_moves_them_on_the_map` — "not yet reflected"
//!   beside the map; a check-in with the seven circle pictures (click and
//!   arrow keys); the dot lands in "near but distant", then crosses into
//!   "near and close"; a dot opens its person by keyboard.
//! - `moment_love_map_and_rhythm_on_the_person_page` — a moment on the
//!   timeline with notes and entries; a love-map answer with its date; a
//!   rhythm and a proximity change kept as history; undo from the trash.
//! - `today_shows_the_prompt_and_who_to_reach_out_to` — the prompt of the
//!   day, a reach-out card without guilt words; answering opens an entry
//!   linked to the prompt and the person.
//! - `back_up_now_lists_a_verified_backup` — the backup after unlock, back
//!   up now with a verified listing, no plaintext in the files, verify on
//!   demand, a damaged file listed with its problem.
//! - `restore_replacing_brings_back_what_was_there` — restore into a new
//!   folder; a wrong passphrase refused with the vault still open; the
//!   replacing restore brings back an entry trashed after the backup and
//!   names the safety backup.
//! - `export_needs_a_yes_and_import_reports_what_it_did` — no export
//!   without the confirmation (in the UI and in the shell); jrnl import and
//!   a re-import that adds nothing.
//! - `every_control_has_a_name` — on Today, Journal, a person page (with
//!   the check-in form), the map, Backups and Settings, every visible field
//!   has a label and every button a name.
//! - `demo_screenshots` — ignored; `cargo xtask demo --screenshots` runs it.

mod util;

use std::time::{Duration, Instant};

use kindred_core::model::Proximity;
use serde_json::Value;
use util::{
    choose_passphrase, entry, open_journal, person, run, unlock_with_passphrase, Sandbox,
    NEW_PASSPHRASE, PASSPHRASE,
};

/// The app identifier of test builds (src-tauri/src/main.rs).
const TEST_IDENTIFIER: &str = "app.kindred.desktop.test";

/// Control held, then released.
const CTRL: &str = "\u{E009}";
const RELEASE: &str = "\u{E000}";
const ENTER: &str = "\u{E007}";
const DOWN: &str = "\u{E015}";
const RIGHT: &str = "\u{E014}";

#[test]
fn first_run_write_lock_unlock_with_keychain() {
    run(async {
        let sb = Sandbox::new()?;
        let app = sb.launch().await?;
        choose_passphrase(&app).await?;
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

        // Today comes first; the journal is one click away.
        app.wait("#home").await?;
        open_journal(&app).await?;
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
        app.wait_text("#recent-entries", "A walk by the river")
            .await?;
        app.click(".entry-item[data-entry-id]").await?;
        app.wait_js(
            "the entry body",
            "document.querySelector('#entry-body').value.includes('zephyrine')",
        )
        .await?;
        app.quit().await?;

        // Started again, a remembered vault opens by itself.
        let app = sb.launch().await?;
        app.wait_text("#recent-entries", "A walk by the river")
            .await?;
        app.quit().await?;

        // A test build keeps its app data under its own identifier, never
        // a real Kindred's.
        let data: Vec<String> = std::fs::read_dir(sb.path().join("data"))?
            .map(|e| e.map(|e| e.file_name().to_string_lossy().into_owned()))
            .collect::<Result<_, _>>()?;
        assert!(
            data.iter().any(|d| d == TEST_IDENTIFIER),
            "no {TEST_IDENTIFIER} in the data dir: {data:?}"
        );
        assert!(
            !data.iter().any(|d| d == "app.kindred.desktop"),
            "the test build wrote to the real app's data dir: {data:?}"
        );
        Ok(())
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
        app.wait_text("#recent-entries", "Seeded").await?;
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

        app.click("#note-details summary").await?;
        app.type_into("#note-body", "Loves night swimming; ask about the new job.")
            .await?;
        app.click("#add-note").await?;
        app.wait_text("#timeline", "night swimming").await?;

        app.keys(&format!("{CTRL}2{RELEASE}")).await?;
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
        app.wait_text("#timeline", "Long call with @Maya Lin about moving back.")
            .await?;
        app.wait_text("#timeline", "night swimming").await?;
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
fn auto_lock_during_the_recovery_code_step() {
    run(async {
        let sb = Sandbox::new()?;
        let app = sb.launch().await?;
        choose_passphrase(&app).await?;
        app.click("form button[type=submit]").await?;
        app.wait("#recovery-code").await?;
        // The vault is open while the code is shown, so its idle timer runs.
        let set = app
            .js_async("const done = arguments[0]; window.__TAURI__.core.invoke('set_auto_lock', {seconds: 2}).then(() => done('ok'), e => done(e.code));")
            .await?;
        assert_eq!(set, Value::String("ok".into()));
        app.wait_js_async(
            "the vault to lock itself",
            "window.__TAURI__.core.invoke('status').then(s => s.state === 'locked')",
        )
        .await?;
        // The code stays on screen: it is shown only this once.
        app.wait("#recovery-code").await?;
        app.click("#stored-code").await?;
        app.click(".card button.primary").await?;
        // "Continue" leads to the unlock screen, not to screens of errors.
        app.wait("#unlock-title").await?;
        app.wait_text(".lead", "locked itself").await?;
        app.screenshot("29-locked-during-code-step").await?;
        unlock_with_passphrase(&app).await?;
        app.quit().await
    });
}

#[test]
fn restart_keeps_everything() {
    run(async {
        let sb = Sandbox::new()?;
        let app = sb.launch().await?;
        choose_passphrase(&app).await?;
        app.click("#remember").await?; // off: this vault asks for its passphrase
        app.click("form button[type=submit]").await?;
        app.click("#stored-code").await?;
        app.click(".card button.primary").await?;
        open_journal(&app).await?;
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
        app.wait_text("#recent-entries", "Before the restart: marigold.")
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
        // WebKit keeps Resource Timing entries for http(s) loads but none
        // for the app's own tauri:// scheme: this list holds only the
        // document. It stays as the check that nothing came over http(s).
        let urls = app
            .js("return performance.getEntriesByType('resource').map(e => e.name).concat(performance.getEntriesByType('navigation').map(e => e.name));")
            .await?;
        let mut urls: Vec<String> = serde_json::from_value(urls)?;
        assert!(urls.iter().any(|u| is_app_origin(u)), "{urls:?}");
        // What the app's protocol served (noted by the e2e build) shows the
        // page's own loads: the stylesheet, the main script, a view module.
        let served = std::fs::read_to_string(sb.asset_log())?;
        let served: Vec<String> = served.lines().map(str::to_owned).collect();
        for own in ["/css/app.css", "/js/main.js", "/js/views/home.js"] {
            assert!(
                served.iter().any(|u| u.ends_with(own)),
                "no {own} among what the app served: {served:?}"
            );
        }
        urls.extend(served);
        // Every URL the document refers to resolves to the app's origin too.
        let refs = app
            .js("return Array.from(document.querySelectorAll('[src],[href]')).map(e => e.src || e.href);")
            .await?;
        let refs: Vec<String> = serde_json::from_value(refs)?;
        assert!(refs.iter().any(|u| u.ends_with("/css/app.css")), "{refs:?}");
        for u in urls.iter().chain(&refs) {
            assert!(
                is_app_origin(u),
                "loaded from outside the app: {u:?} (performance entries and served: {urls:?}; document: {refs:?})"
            );
        }

        // A remote page is refused, and so is one on this machine: a
        // listener here proves that not even a connection was made.
        let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
        listener.set_nonblocking(true)?;
        let port = listener.local_addr()?.port();
        for target in [
            format!("http://127.0.0.1:{port}/"),
            "https://example.com/".to_owned(),
        ] {
            app.c()
                .execute(
                    "location.href = arguments[0]; return null;",
                    vec![Value::String(target.clone())],
                )
                .await?;
            tokio::time::sleep(Duration::from_millis(1500)).await;
            match listener.accept() {
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
                Ok((_, from)) => {
                    panic!("the window connected to 127.0.0.1:{port} (from {from}) after {target}")
                }
                Err(e) => return Err(e.into()),
            }
            let here = app.js("return location.href;").await?;
            assert!(
                here.as_str().is_some_and(
                    |u| u == "tauri://localhost" || u.starts_with("tauri://localhost/")
                ),
                "the window navigated to {here} after {target}"
            );
        }
        app.wait("#home").await?;
        app.screenshot("10-navigation-refused").await?;
        app.quit().await
    });
}

/// Whether a URL is the app's own: its pages and its IPC.
fn is_app_origin(u: &str) -> bool {
    u == "tauri://localhost"
        || u.starts_with("tauri://localhost/")
        || u.starts_with("ipc://localhost/")
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
        // The first one is still there and usable: it unlocks, and its
        // journal answers.
        unlock_with_passphrase(&app).await?;
        open_journal(&app).await?;
        app.type_into("#entry-body", "Still here after a second launch.")
            .await?;
        app.wait_text(".save-state", "Saved").await?;
        app.wait_text(".entry-list", "Still here after a second launch.")
            .await?;
        app.screenshot("28-second-launch").await?;
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
        app.keys(&format!("{CTRL}6{RELEASE}")).await?;
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
        app.wait("#home").await?;

        app.click("#lock").await?;
        app.wait("#unlock-title").await?;
        app.type_into("input[name=passphrase]", NEW_PASSPHRASE)
            .await?;
        app.keys(ENTER).await?;
        app.wait("#home").await?;
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
        app.wait("#home").await?;

        // "Remember on this device" on: the keychain unlocks next time.
        app.click("button[data-view=settings]").await?;
        app.click("#remember-device").await?;
        app.wait_text(".toast", "now remembers").await?;
        app.click("#lock").await?;
        app.click("#unlock-keychain").await?;
        app.wait("#home").await?;
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
        open_journal(&app).await?;
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

/// A desktop in dark mode gets the dark theme, and the map stays readable
/// in it: a dark page, light text, and the dots and quadrant names drawn.
#[test]
fn the_map_in_the_dark_theme() {
    run(async {
        let sb = Sandbox::new()?;
        sb.seed(|v| {
            let p = person(v, "Ines Duarte", "sister", Proximity::Weekly)?;
            v.reflection()
                .check_in(&kindred_core::reflection::CheckinDraft {
                    person_id: p,
                    dims: kindred_core::reflection::Dimensions {
                        seen: Some(4),
                        trust: Some(5),
                        ..Default::default()
                    },
                    ..Default::default()
                })?;
            Ok(())
        })?;
        let app = sb.launch_with(&[("GTK_THEME", "Adwaita:dark")]).await?;
        unlock_with_passphrase(&app).await?;
        let dark = app
            .js("return matchMedia('(prefers-color-scheme: dark)').matches;")
            .await?;
        assert_eq!(dark, Value::from(true), "the desktop asked for dark");
        app.click("button[data-view=map]").await?;
        app.wait("#map-chart .dot").await?;
        // Relative luminance of computed colours, 0 (black) to 1 (white).
        let lum = |css: &str, prop: &str| {
            format!(
                "const c = getComputedStyle(document.querySelector('{css}'))['{prop}'];
                 const [r, g, b] = c.match(/[\\d.]+/g).slice(0, 3).map(Number).map(v => {{
                   v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; }});
                 return 0.2126 * r + 0.7152 * g + 0.0722 * b;"
            )
        };
        let page = app.js(&lum("body", "backgroundColor")).await?;
        let text = app.js(&lum("body", "color")).await?;
        // Ines sits in "near and close": her name is drawn on that corner.
        let label = app.js(&lum("#map-chart .dot-name", "fill")).await?;
        let corner = app
            .js(&lum("#map-chart .q-near-and-close rect", "fill"))
            .await?;
        let (page, text, label, corner) = (
            page.as_f64().unwrap_or(1.0),
            text.as_f64().unwrap_or(0.0),
            label.as_f64().unwrap_or(0.0),
            corner.as_f64().unwrap_or(0.0),
        );
        // WCAG contrast ratio (L1 + 0.05) / (L2 + 0.05); 4.5 is AA for text.
        let contrast = |a: f64, b: f64| (a.max(b) + 0.05) / (a.min(b) + 0.05);
        assert!(page < 0.1, "a dark page: luminance {page}");
        assert!(contrast(text, page) >= 4.5, "text {text} on {page}");
        assert!(
            contrast(label, corner) >= 4.5,
            "a name on the map: {label} on {corner}"
        );
        app.wait_text("#map-chart", "Ines Duarte").await?;
        app.screenshot("16-map-dark").await?;
        app.quit().await
    });
}

#[test]
fn checkin_with_the_circles_moves_them_on_the_map() {
    run(async {
        let sb = Sandbox::new()?;
        let mut theo = 0;
        sb.seed(|v| {
            theo = person(v, "Theo Brandt", "colleague", Proximity::MostDays)?;
            Ok(())
        })?;
        let app = sb.launch().await?;
        unlock_with_passphrase(&app).await?;

        // No check-in yet: beside the map, not on it, and never "0".
        app.click("button[data-view=map]").await?;
        app.wait_text("#not-reflected", "Theo Brandt").await?;
        let dots = app
            .js("return document.querySelectorAll('#map-chart .dot').length;")
            .await?;
        assert_eq!(dots, Value::from(0));
        app.screenshot("15-map-not-yet-reflected").await?;

        app.click("#not-reflected button[data-person-id]").await?;
        app.wait_text("#depth-value", "Not yet reflected").await?;
        app.wait_text("#ios-value", "not yet reflected").await?;
        app.click("#checkin-open").await?;
        for q in [
            "seen",
            "heard",
            "understood",
            "safe",
            "trust",
            "they_showed_up",
            "i_showed_up",
        ] {
            app.click(&format!("label[for=q-{q}-2]")).await?;
        }
        // The circles are a radio group: a click chooses, arrow keys move.
        app.click("label[for=ios-2]").await?;
        app.js("document.querySelector('#ios-2').focus(); return null;")
            .await?;
        app.keys(RIGHT).await?;
        app.wait_js(
            "the arrow key chose the next picture",
            "document.querySelector('#ios-3').checked && !document.querySelector('#ios-2').checked",
        )
        .await?;
        let group = app
            .js("const r = document.querySelectorAll('#ios-scale input[type=radio][name=ios]'); return [r.length, document.querySelector('#ios-scale legend').textContent, document.querySelectorAll('#ios-scale svg circle').length];")
            .await?;
        assert_eq!(group[0], Value::from(7), "seven pictures to choose from");
        assert!(group[1].as_str().is_some_and(|l| l.contains("Theo Brandt")));
        assert_eq!(
            group[2],
            Value::from(14),
            "each picture is a pair of circles"
        );
        app.type_into(
            "#checkin-note",
            "Every day side by side, and I still don't know him.",
        )
        .await?;
        app.screenshot("16-checkin-circles").await?;
        app.click("#save-checkin").await?;
        // Seven answers of 2: (2 − 1) × 25 = 25.
        app.wait_text("#toasts", "now 25 of 100").await?;
        app.wait_text("#depth-value", "25").await?;
        app.wait_text("#ios-value", "3 of 7").await?;
        app.wait_text("#timeline", "Every day side by side").await?;

        // Near (most days) but not close (25 < 60): the illusion of proximity.
        app.click("button[data-view=map]").await?;
        let dot = format!("#map-chart .dot[data-person-id='{theo}']");
        app.wait(&dot).await?;
        let class = app
            .wait(&dot)
            .await?
            .attr("class")
            .await?
            .unwrap_or_default();
        assert!(class.contains("q-near-but-distant"), "{class}");
        assert!(app.text_of("#not-reflected").await?.is_none());
        app.wait_text("#legend-near-but-distant", "Theo Brandt")
            .await?;
        app.screenshot("17-map-near-but-distant").await?;

        // An honest conversation later: all fives. Same day, equal weight:
        // (25 + 100) / 2 = 62.5, close. The dot crosses into near and close.
        // Each dot is a link: focused, Enter opens the person.
        app.js(&format!(
            "document.querySelector({dot:?}).focus(); return null;"
        ))
        .await?;
        app.keys(ENTER).await?;
        app.wait_text("#person-title", "Theo Brandt").await?;
        app.click("#checkin-open").await?;
        for q in [
            "seen",
            "heard",
            "understood",
            "safe",
            "trust",
            "they_showed_up",
            "i_showed_up",
        ] {
            app.click(&format!("label[for=q-{q}-5]")).await?;
        }
        app.click("label[for=ios-5]").await?;
        app.click("#save-checkin").await?;
        app.wait_text("#depth-value", "63").await?;
        app.click("button[data-view=map]").await?;
        app.wait_js(
            "Theo moved into near and close",
            &format!("document.querySelector(\"{dot}\")?.classList.contains('q-near-and-close')"),
        )
        .await?;
        app.screenshot("18-map-near-and-close").await?;
        app.quit().await
    });
}

#[test]
fn moment_love_map_and_rhythm_on_the_person_page() {
    run(async {
        let sb = Sandbox::new()?;
        sb.seed(|v| {
            let maya = person(v, "Maya Lin", "old friend", Proximity::FarAway)?;
            entry(
                v,
                "Call with Maya",
                "Two hours on the phone with @Maya Lin.",
                vec![maya],
            )?;
            v.people()
                .add_note(maya, "Starting the new job in Lisbon.")?;
            Ok(())
        })?;
        let app = sb.launch().await?;
        unlock_with_passphrase(&app).await?;
        app.click("button[data-view=people]").await?;
        app.click(".person-card").await?;
        app.wait_text("#timeline", "Call with Maya").await?;

        app.wait("#moment-kind")
            .await?
            .select_by_value("repair")
            .await?;
        app.type_into(
            "#moment-note",
            "Coffee after the argument; we both said sorry.",
        )
        .await?;
        app.click("#log-moment").await?;
        app.wait_text("#timeline", "A repair").await?;
        app.wait_text("#timeline", "Coffee after the argument")
            .await?;
        // One timeline: the moment, the note and the entry, newest first.
        let kinds = app
            .js("return Array.from(document.querySelectorAll('#timeline .tl-item')).map(li => li.dataset.type);")
            .await?;
        let kinds: Vec<String> = serde_json::from_value(kinds)?;
        for k in ["moment", "note", "entry"] {
            assert!(
                kinds.iter().any(|x| x == k),
                "{k} on the timeline: {kinds:?}"
            );
        }
        app.screenshot("19-moment-on-timeline").await?;

        // The love map: an answer with its date; empty topics say so.
        app.click("#love-map [data-topic=carrying] button").await?;
        app.type_into("#lm-carrying", "A new city and a new language.")
            .await?;
        app.click("#love-map [data-topic=carrying] button[type=submit]")
            .await?;
        app.wait_text("#love-map [data-topic=carrying]", "A new city")
            .await?;
        app.wait_text("#love-map [data-topic=carrying]", "Updated just now")
            .await?;
        app.wait_text("#love-map [data-topic=hoping]", "Not noted yet")
            .await?;

        // A rhythm and a change of proximity (people move).
        app.click("#edit-details summary").await?;
        app.wait("#edit-proximity")
            .await?
            .select_by_value("weekly")
            .await?;
        app.type_into("#edit-cadence", "14").await?;
        app.click("#save-person").await?;
        app.wait_text("#fact-cadence", "about every 2 weeks")
            .await?;
        app.wait_text("#fact-proximity", "About weekly").await?;
        app.wait_text("#proximity-history", "About weekly").await?;
        app.wait_text("#proximity-history", "Far away").await?;
        app.screenshot("20-love-map-and-rhythm").await?;

        // A moment moved to the trash comes back from the toast.
        app.click("#timeline [data-type=moment] button").await?;
        app.wait_text("#toasts", "moved to the trash").await?;
        app.wait_js(
            "the moment gone",
            "!document.querySelector('#timeline').textContent.includes('A repair')",
        )
        .await?;
        app.click(".toast button.link").await?;
        app.wait_text("#timeline", "A repair").await?;
        app.quit().await
    });
}

#[test]
fn today_shows_the_prompt_and_who_to_reach_out_to() {
    run(async {
        let sb = Sandbox::new()?;
        let mut prompt = String::new();
        let mut ruth_prompt = String::new();
        sb.seed(|v| {
            let ruth = v.people().add(&kindred_core::model::PersonDraft {
                name: "Ruth Adler".into(),
                relationship: "grandmother".into(),
                proximity: Some(Proximity::FewTimesAYear),
                cadence_days: Some(7),
                ..Default::default()
            })?;
            let month_ago = chrono::Local::now().date_naive() - chrono::Duration::days(30);
            v.reflection().add_moment(
                ruth,
                kindred_core::reflection::MomentKind::TheyShowedUp,
                Some(month_ago),
                "She sent a card for no reason.",
            )?;
            v.reflection().set_love_map(
                ruth,
                kindred_core::reflection::Topic::Hoping,
                "To see the sea again.",
            )?;
            person(v, "Sam Okafor", "brother", Proximity::Weekly)?;
            // Chosen once a day and kept: the app shows this one.
            prompt = v.reflection().prompt_of_the_day()?.text;
            ruth_prompt = v.reflection().prompt_for(ruth)?.id;
            Ok(())
        })?;
        let app = sb.launch().await?;
        unlock_with_passphrase(&app).await?;
        app.wait_text("#prompt-text", &prompt).await?;
        app.wait_text("#reach-out", "Ruth Adler").await?;
        app.wait_text("#reach-out", "Last together 4 weeks ago")
            .await?;
        app.wait_text("#reach-out", "about every week").await?;
        app.wait_text("#reach-out", "She sent a card for no reason.")
            .await?;
        // Sam has no rhythm: never listed. No streaks, no guilt.
        let reach = app.text_of("#reach-out").await?.unwrap_or_default();
        assert!(!reach.contains("Sam Okafor"));
        for word in ["overdue", "streak", "missed", "failed", "behind"] {
            assert!(
                !reach.to_lowercase().contains(word),
                "{word:?} in {reach:?}"
            );
        }
        app.screenshot("21-today").await?;

        // Answering the prompt opens a new entry with the prompt as title.
        app.click("#answer-prompt").await?;
        app.wait("#answer-note:not([hidden])").await?;
        let title = app
            .js("return document.querySelector('#entry-title').value;")
            .await?;
        let title = title.as_str().unwrap_or_default().to_owned();
        assert!(
            !title.is_empty() && !title.contains('\u{2068}'),
            "{title:?}"
        );
        assert!(prompt
            .replace(['\u{2068}', '\u{2069}'], "")
            .contains(&title));

        // A prompt about one person links the answer to them.
        app.click("button[data-view=people]").await?;
        app.click_xpath("//button[contains(@class, 'person-card')][contains(., 'Ruth Adler')]")
            .await?;
        app.click("#answer-person-prompt").await?;
        app.wait_text("#entry-people", "Linked to: Ruth Adler")
            .await?;
        app.type_into("#entry-body", "She listens better than anyone: lavender.")
            .await?;
        app.wait_text(".save-state", "Saved").await?;
        app.screenshot("22-answer").await?;
        app.click("button[data-view=people]").await?;
        app.click_xpath("//button[contains(@class, 'person-card')][contains(., 'Ruth Adler')]")
            .await?;
        app.wait_text("#timeline", "lavender").await?;
        // The answer is saved linked to its prompt (as the export shows).
        let out = sb.path().join("answers.json");
        let done = app
            .js_async(&format!("const done = arguments[0]; window.__TAURI__.core.invoke('export_vault', {{format: 'json', path: {:?}, plaintextOk: true}}).then(() => done('ok'), e => done(e.code));", out.display().to_string()))
            .await?;
        assert_eq!(done, Value::String("ok".into()));
        let export: Value = serde_json::from_str(&std::fs::read_to_string(&out)?)?;
        let answer = export["entries"]
            .as_array()
            .and_then(|es| {
                es.iter()
                    .find(|e| e["body"].as_str().is_some_and(|b| b.contains("lavender")))
            })
            .ok_or("the answer is in the export")?;
        assert_eq!(answer["prompt_id"], Value::String(ruth_prompt.clone()));
        app.quit().await
    });
}

#[test]
fn back_up_now_lists_a_verified_backup() {
    run(async {
        let sb = Sandbox::new()?;
        sb.seed(|v| entry(v, "Before", "Planted before any backup: juniper.", vec![]).map(drop))?;
        let app = sb.launch().await?;
        unlock_with_passphrase(&app).await?;
        // The daily backup ran by itself after unlocking, off the UI thread.
        app.wait_text("#backup-state", "Backed up").await?;
        app.keys(&format!("{CTRL}5{RELEASE}")).await?;
        app.wait("#backup-list .backup-row").await?;
        let rows = || async {
            app.js("return document.querySelectorAll('#backup-list .backup-row').length;")
                .await
                .map(|v| v.as_u64().unwrap_or(0))
        };
        assert_eq!(rows().await?, 1);
        app.click("#backup-now").await?;
        app.wait_text("#backups-notice", "Backed up and verified")
            .await?;
        assert_eq!(rows().await?, 2);
        app.wait_text(
            "#backup-list .backup-row:first-child .state",
            "Verified just now",
        )
        .await?;
        let files: Vec<_> = std::fs::read_dir(sb.vault().join("backups"))?
            .filter_map(|e| e.ok())
            .filter(|e| e.path().extension().is_some_and(|x| x == "kbak"))
            .collect();
        assert_eq!(files.len(), 2);
        for f in &files {
            let bytes = std::fs::read(f.path())?;
            assert!(
                !bytes.windows(7).any(|w| w == b"juniper"),
                "a backup holds plaintext"
            );
        }
        // Verify on demand.
        app.click("#backup-list .backup-row:last-child .verify")
            .await?;
        app.wait_text("#backups-notice", "is intact").await?;
        app.screenshot("23-backups").await?;

        // A second folder that is not plugged in is skipped quietly; once
        // it is there, it gets its own copy. "Keep the latest 1" rotates.
        let usb = sb.path().join("usb");
        app.type_into("#backup-secondary", &usb.display().to_string())
            .await?;
        for (key, n) in [
            ("last", "1"),
            ("daily", "0"),
            ("weekly", "0"),
            ("monthly", "0"),
        ] {
            let field = app.wait(&format!("#keep-{key}")).await?;
            field.clear().await?;
            field.send_keys(n).await?;
        }
        app.click("#save-backup-settings").await?;
        app.wait_text("#backups-notice", "Backup settings saved")
            .await?;
        app.click("#backup-now").await?;
        app.wait_text("#backups-notice", "Skipped").await?;
        app.wait_text("#backups-notice", "not available right now")
            .await?;
        app.wait_text("#backups-notice", "removed, as the keep rules say")
            .await?;
        assert_eq!(rows().await?, 1, "keep the latest 1");
        std::fs::create_dir(&usb)?;
        app.click("#backup-now").await?;
        app.wait_text("#backups-notice", "two copies").await?;
        assert_eq!(rows().await?, 2, "one in each folder");
        assert_eq!(std::fs::read_dir(&usb)?.count(), 1);

        // A damaged file is listed with what is wrong, and nothing breaks.
        let damaged = sb
            .vault()
            .join("backups")
            .join("kindred-20200101-000000.kbak");
        std::fs::write(&damaged, b"KINDRED-BACKUP\n\0 truncated")?;
        app.click("button[data-view=home]").await?;
        app.click("button[data-view=backups]").await?;
        app.wait_text("#backup-list", "Damaged").await?;
        app.screenshot("24-backups-damaged").await?;
        app.quit().await
    });
}

#[test]
fn restore_replacing_brings_back_what_was_there() {
    run(async {
        let sb = Sandbox::new()?;
        sb.seed(|v| entry(v, "Juniper", "Written before the backup: juniper.", vec![]).map(drop))?;
        let app = sb.launch().await?;
        unlock_with_passphrase(&app).await?;
        app.wait_text("#backup-state", "Backed up").await?;

        // After the backup: the entry goes, another comes.
        open_journal(&app).await?;
        app.click(".entry-item[data-entry-id]").await?;
        app.wait_js(
            "entry open",
            "document.querySelector('#entry-title').value === 'Juniper'",
        )
        .await?;
        app.click("#trash-entry").await?;
        app.wait_text("#toasts", "moved to the trash").await?;
        app.click("#new-entry").await?;
        app.type_into("#entry-body", "Written after the backup: tamarisk.")
            .await?;
        app.wait_text(".save-state", "Saved").await?;
        app.wait_js(
            "juniper gone",
            "!document.querySelector('.entry-list').textContent.includes('Juniper')",
        )
        .await?;

        app.click("button[data-view=backups]").await?;
        app.click("#backup-list .restore").await?;

        // Into a new folder first: this vault is not touched.
        let elsewhere = sb.path().join("restored");
        app.type_into("#restore-folder", &elsewhere.display().to_string())
            .await?;
        app.type_into("#restore-secret", PASSPHRASE).await?;
        app.click("#restore-go").await?;
        app.wait_text("#restore-done", &elsewhere.display().to_string())
            .await?;
        let copy = kindred_core::Vault::unlock(
            &elsewhere,
            kindred_core::Unlock::Passphrase(&kindred_core::Secret::new(PASSPHRASE.into())),
            std::sync::Arc::new(kindred_core::clock::SystemClock),
        )?;
        let titles: Vec<String> = copy
            .journal()
            .list(&Default::default())?
            .into_iter()
            .map(|e| e.title)
            .collect();
        assert_eq!(titles, ["Juniper"]);
        drop(copy);

        // Replacing: a wrong passphrase is refused before anything is locked.
        app.click("#backup-list .restore").await?;
        app.click("#restore-replace").await?;
        app.wait_text("#replace-warning", "safety backup").await?;
        app.wait_text("label[for=restore-secret]", "passphrase that was valid on")
            .await?;
        app.type_into("#restore-secret", "not the passphrase at all")
            .await?;
        app.click("#restore-go").await?;
        app.wait_text("#restore-error", "doesn't open this backup")
            .await?;
        app.wait("#backups-page").await?;
        app.wait("#lock").await?; // still unlocked
        app.screenshot("25-restore-replace").await?;

        let field = app.wait("#restore-secret").await?;
        field.clear().await?;
        field.send_keys(PASSPHRASE).await?;
        app.click("#restore-go").await?;
        app.wait_text("#backups-notice", "Restored the backup from")
            .await?;
        let notice = app.text_of("#backups-notice").await?.unwrap_or_default();
        let safety = notice
            .split("saved at ")
            .nth(1)
            .map(|s| s.trim_end_matches('.').trim())
            .ok_or("the notice names the safety backup")?;
        assert!(
            std::path::Path::new(safety).is_file(),
            "safety backup at {safety}"
        );
        app.screenshot("26-restored").await?;

        open_journal(&app).await?;
        app.wait_text(".entry-list", "Juniper").await?;
        let list = app.text_of(".entry-list").await?.unwrap_or_default();
        assert!(
            !list.contains("tamarisk"),
            "the later entry is only in the safety backup"
        );
        app.quit().await
    });
}

#[test]
fn export_needs_a_yes_and_import_reports_what_it_did() {
    run(async {
        let sb = Sandbox::new()?;
        sb.seed(|v| entry(v, "Kept", "An entry with the word saxifrage.", vec![]).map(drop))?;
        let app = sb.launch().await?;
        unlock_with_passphrase(&app).await?;
        app.click("button[data-view=backups]").await?;
        let out = sb.path().join("export.json");
        app.type_into("#export-path", &out.display().to_string())
            .await?;
        let go = app.wait("#export-go").await?;
        assert!(
            !go.is_enabled().await?,
            "no export without the confirmation"
        );
        app.click("#export-ok").await?;
        app.click("#export-go").await?;
        app.wait_text("#export-where", &out.display().to_string())
            .await?;
        app.wait_text("#export-result", "not encrypted").await?;
        assert!(std::fs::read_to_string(&out)?.contains("saxifrage"));
        // The shell refuses too, unless told the user said yes.
        let refused = app
            .js_async(&format!("const done = arguments[0]; window.__TAURI__.core.invoke('export_vault', {{format: 'json', path: {:?}, plaintextOk: false}}).then(() => done('written'), e => done(e.code));", sb.path().join("again.json").display().to_string()))
            .await?;
        assert_eq!(refused, Value::String("InvalidInput".into()));
        assert!(!sb.path().join("again.json").exists());

        let jrnl = sb.path().join("jrnl.json");
        std::fs::write(
            &jrnl,
            r#"{"tags": {}, "entries": [
                {"date": "2024-05-01", "time": "09:30", "title": "Imported morning", "body": "From jrnl.", "tags": [], "starred": false},
                {"date": "2024-05-02", "time": "21:10", "title": "Imported evening", "body": "Also from jrnl.", "tags": ["@walks"], "starred": true}
            ]}"#,
        )?;
        app.wait("#import-source")
            .await?
            .select_by_value("jrnl")
            .await?;
        app.type_into("#import-path", &jrnl.display().to_string())
            .await?;
        app.click("#import-go").await?;
        app.wait_text("#import-result", "Imported 2 entries")
            .await?;
        app.click("#import-go").await?;
        app.wait_text("#import-result", "2 already here were skipped")
            .await?;
        app.screenshot("27-export-import").await?;
        open_journal(&app).await?;
        app.wait_text(".entry-list", "Imported evening").await?;
        app.quit().await
    });
}

/// Screens for the README, from a vault that `cargo xtask demo
/// --screenshots DIR` filled with the CLI (`KINDRED_DEMO_VAULT`).
#[test]
fn every_control_has_a_name() {
    run(async {
        let sb = Sandbox::new()?;
        sb.seed(|v| {
            let maya = person(v, "Maya Lin", "old friend", Proximity::FarAway)?;
            entry(v, "A call", "Long call with Maya.", vec![maya])?;
            v.people().add_note(maya, "Ask about the new job.")?;
            Ok(())
        })?;
        let app = sb.launch().await?;
        unlock_with_passphrase(&app).await?;
        let screens: [(&str, &str, &str); 6] = [
            ("Today", "button[data-view=home]", "#home"),
            ("Journal", "button[data-view=journal]", ".entry-list"),
            (
                "the person page",
                "button[data-view=people]",
                ".person-card",
            ),
            ("The map", "button[data-view=map]", "#map-chart"),
            ("Backups", "button[data-view=backups]", "#backup-list"),
            ("Settings", "button[data-view=settings]", "#vault-dir"),
        ];
        let mut checked = 0;
        // The daily backup runs after unlocking; let it finish first (as
        // the demo does: a view opened during it was once seen not to draw).
        app.wait_text("#backup-state", "Backed up").await?;
        app.js("window.__errs = []; addEventListener('error', e => __errs.push(String(e.message))); addEventListener('unhandledrejection', e => __errs.push(String(e.reason?.code ?? e.reason?.message ?? e.reason))); return null;")
            .await?;
        for (name, nav, ready) in screens {
            app.click(nav).await?;
            if let Err(e) = app.wait(ready).await {
                let errs = app.js("return window.__errs;").await?;
                return Err(format!("{name} did not draw ({e}); page errors: {errs}").into());
            }
            if name == "Journal" {
                // An entry open in the editor, with its people and tags.
                app.click(".entry-item[data-entry-id]").await?;
                app.wait("#entry-body").await?;
            }
            if name == "the person page" {
                app.click(".person-card").await?;
                app.wait("#person-title").await?;
                // The check-in form too, with its circle pictures.
                app.click("#checkin-open").await?;
                app.wait("#checkin[open]").await?;
            }
            let nameless = app.js(NAMELESS_CONTROLS).await?;
            let nameless: Vec<String> = serde_json::from_value(nameless)?;
            assert!(
                nameless.is_empty(),
                "on {name}, controls without a label or aria-label:\n{}",
                nameless.join("\n")
            );
            let counted = app
                .js("return document.querySelectorAll('#content input, #content select, #content textarea, #content button').length;")
                .await?;
            checked += counted.as_u64().unwrap_or_default();
        }
        assert!(checked > 30, "only {checked} controls were looked at");
        app.quit().await
    });
}

/// Visible form fields with no `<label>` (wrapping or `for`), no
/// `aria-label` and no `aria-labelledby`, and visible buttons with neither
/// text nor a label, as short HTML excerpts.
const NAMELESS_CONTROLS: &str = r"
const shown = (e) => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden';
const said = (s) => (s ?? '').trim().length > 0;
const labelled = (e) => said(e.getAttribute('aria-label'))
  || (e.getAttribute('aria-labelledby') ?? '').split(/\s+/).some((id) => said(document.getElementById(id)?.textContent));
const bad = [];
for (const e of document.querySelectorAll('input, select, textarea')) {
  if (e.type === 'hidden' || !shown(e)) continue;
  if (!labelled(e) && !Array.from(e.labels ?? []).some((l) => said(l.textContent) || said(l.getAttribute('aria-label')))) {
    bad.push(e.outerHTML.slice(0, 160));
  }
}
for (const b of document.querySelectorAll('button')) {
  if (!shown(b)) continue;
  if (!labelled(b) && !said(b.textContent)) bad.push(b.outerHTML.slice(0, 160));
}
return bad;
";

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
        // Today: the prompt, who to reach out to, this day last year.
        app.wait(".reach-card").await?;
        app.wait(".otd").await?;
        // The daily backup runs after unlocking; let it finish first.
        app.wait_text("#backup-state", "Backed up").await?;
        app.screenshot("home").await?;

        app.click("#recent-entries .entry-item[data-entry-id]")
            .await?;
        app.wait_js(
            "an entry open",
            "document.querySelector('#entry-body').value.length > 0",
        )
        .await?;
        app.wait_text(".save-state", "Saved").await?;
        app.screenshot("journal").await?;
        app.keys(&format!("{CTRL}k{RELEASE}")).await?;
        app.wait("#search-input").await?;
        app.keys("walk").await?;
        app.wait("#search-results mark").await?;
        app.screenshot("search").await?;
        app.keys("\u{E00C}").await?; // Escape
        app.wait_js("search closed", "!document.querySelector('#search')")
            .await?;
        app.click("button[data-view=people]").await?;
        app.wait(".person-card").await?;
        app.screenshot("people").await?;
        // Far away, but close: the person the demo is about.
        app.click_xpath("//button[contains(@class, 'person-card')][contains(., 'Maya Lin')]")
            .await?;
        app.wait("#depth-value").await?;
        app.wait(".sparkline").await?;
        app.wait(".stale-mark").await?;
        app.screenshot("person").await?;
        // The check-in form, with the circles chosen.
        app.click("#checkin-open").await?;
        app.click("label[for=q-seen-4]").await?;
        app.click("label[for=q-heard-5]").await?;
        app.click("label[for=ios-6]").await?;
        app.js("document.querySelector('#checkin').scrollIntoView({block: 'start'}); return null;")
            .await?;
        app.screenshot("checkin").await?;

        app.click("button[data-view=map]").await?;
        app.wait("#map-chart .dot").await?;
        app.screenshot("map").await?;

        app.click("button[data-view=backups]").await?;
        app.click("#backup-list .verify").await?;
        app.wait("#backup-list .state.verified").await?;
        app.screenshot("backups").await?;

        app.click("button[data-view=settings]").await?;
        app.wait("#vault-dir").await?;
        app.screenshot("settings").await?;
        app.quit().await
    });
}
