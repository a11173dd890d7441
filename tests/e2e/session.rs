//! Getting in and out: the first run and its recovery code, unlocking
//! with the passphrase or the keychain, locking (by hand and when idle),
//! changing the passphrase, recovering with the code, restarting, and a
//! second launch.

use std::time::{Duration, Instant};

use serde_json::Value;

use crate::util::{
    choose_passphrase, entry, open_journal, run, unlock_with_passphrase, App, Sandbox, CTRL, ENTER,
    NEW_PASSPHRASE, PASSPHRASE, RELEASE,
};

/// The app identifier of test builds (src-tauri/src/main.rs).
const TEST_IDENTIFIER: &str = "app.kindred.desktop.test";

#[test]
fn first_run_write_lock_unlock_with_keychain() {
    run(|| async {
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

        // After a lock only a typed secret opens it, remembered or not: no
        // keychain button, and the command itself refuses.
        assert!(
            app.c()
                .find(fantoccini::Locator::Css("#unlock-keychain"))
                .await
                .is_err(),
            "no keychain button after a lock"
        );
        let by_device = app
            .js_async("const done = arguments[0]; window.__TAURI__.core.invoke('unlock_with_keychain').then(() => done('open'), e => done(e.code));")
            .await?;
        assert_eq!(by_device, Value::String("PassphraseRequired".into()));
        unlock_with_passphrase(&app).await?;
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
    run(|| async {
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
        app.wait_text("#unlock-error", "passphrase does not unlock this vault")
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
fn auto_lock_fires() {
    run(|| async {
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

        // The setting is kept in the vault: after unlocking again (the
        // journal is back on screen) it locks again after the same delay.
        unlock_with_passphrase(&app).await?;
        app.wait_text("#recent-entries", "Private").await?;
        let again = Instant::now();
        app.wait("#unlock-title").await?;
        app.wait_text(".lead", "locked itself").await?;
        assert!(
            again.elapsed() >= Duration::from_millis(1500),
            "locked again after {:?}",
            again.elapsed()
        );
        app.quit().await
    });
}

#[test]
fn auto_lock_during_the_recovery_code_step() {
    run(|| async {
        let sb = Sandbox::new()?;
        let app = sb.launch().await?;
        choose_passphrase(&app).await?;
        app.click("form button[type=submit]").await?;
        app.wait("#recovery-code").await?;
        let code = app.text_of("#recovery-code").await?.unwrap_or_default();
        assert!(code.trim().len() >= 20, "the code is shown");
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
        // A lock hides the code (it could open the vault) and says why it
        // is gone; the unlock screen follows.
        app.wait("#unlock-title").await?;
        assert!(
            !app.page_text().await?.contains(code.trim()),
            "the recovery code is off the screen after a lock"
        );
        app.wait_text(".lead", "locked itself").await?;
        app.wait_text("#unlock-notice", "recovery code was hidden")
            .await?;
        app.screenshot("29-locked-during-code-step").await?;
        unlock_with_passphrase(&app).await?;
        app.quit().await
    });
}

/// A remembered device opens the vault after a lock only when the user
/// chose that in Settings; the choice is kept in the vault.
#[test]
fn after_a_lock_the_device_unlocks_only_with_the_opt_in() {
    run(|| async {
        let sb = Sandbox::new()?;
        let app = sb.launch().await?;
        choose_passphrase(&app).await?; // "remember on this device" is on
        app.click("form button[type=submit]").await?;
        app.click("#stored-code").await?;
        app.click(".card button.primary").await?;
        app.wait("#home").await?;
        app.click("button[data-view=settings]").await?;
        let opt_in = app.wait("#keychain-after-lock").await?;
        assert_eq!(opt_in.prop("checked").await?.as_deref(), Some("false"));
        app.wait_text("label[for=keychain-after-lock]", "After a lock")
            .await?;
        opt_in.click().await?;
        app.wait_text("#toasts", "after a lock").await?;
        app.keys(&format!("{CTRL}l{RELEASE}")).await?;
        app.wait("#unlock-title").await?;
        app.click("#unlock-keychain").await?;
        app.wait("#home").await?;
        app.quit().await
    });
}

/// The vault locks when the screen locks or the machine goes to sleep, as
/// D-Bus says (test builds hear login1 on the session bus, where this test
/// sends the signals); a screen saver going away or a wake-up does not
/// unlock anything.
#[test]
fn screen_lock_and_suspend_lock_the_vault() {
    run(|| async {
        let sb = Sandbox::new()?;
        sb.seed(|v| entry(v, "Private", "Only while unlocked: hollyhock.", vec![]).map(drop))?;
        let app = sb.launch().await?;
        let send = |path: &str, member: &str, arg: Option<&str>| -> crate::util::R {
            let mut c = std::process::Command::new("dbus-send");
            c.args(["--session", "--type=signal", path, member]);
            if let Some(a) = arg {
                c.arg(a);
            }
            let st = c.status()?;
            if st.success() {
                Ok(())
            } else {
                Err(format!("dbus-send {member} failed").into())
            }
        };
        for (path, member, arg, says) in [
            (
                "/org/freedesktop/ScreenSaver",
                "org.freedesktop.ScreenSaver.ActiveChanged",
                Some("boolean:true"),
                "screen locked",
            ),
            (
                "/org/gnome/ScreenSaver",
                "org.gnome.ScreenSaver.ActiveChanged",
                Some("boolean:true"),
                "screen locked",
            ),
            (
                "/org/freedesktop/login1/session/_31",
                "org.freedesktop.login1.Session.Lock",
                None,
                "screen locked",
            ),
            (
                "/org/freedesktop/login1",
                "org.freedesktop.login1.Manager.PrepareForSleep",
                Some("boolean:true"),
                "go to sleep",
            ),
        ] {
            unlock_with_passphrase(&app).await?;
            app.wait_text("#recent-entries", "Private").await?;
            send(path, member, arg)?;
            app.wait("#unlock-title").await?;
            app.wait_text(".lead", says).await?;
            assert!(!app.page_text().await?.contains("hollyhock"), "{member}");
            let locked = app
                .js_async("const done = arguments[0]; window.__TAURI__.core.invoke('status').then(s => done(s.state), e => done(e.code));")
                .await?;
            assert_eq!(locked, Value::String("locked".into()), "{member}");
        }
        app.screenshot("30-locked-on-sleep").await?;
        // Waking up, or a screen saver going away, locks nothing (and opens
        // nothing).
        unlock_with_passphrase(&app).await?;
        app.wait_text("#recent-entries", "Private").await?;
        send(
            "/org/freedesktop/login1",
            "org.freedesktop.login1.Manager.PrepareForSleep",
            Some("boolean:false"),
        )?;
        send(
            "/org/freedesktop/ScreenSaver",
            "org.freedesktop.ScreenSaver.ActiveChanged",
            Some("boolean:false"),
        )?;
        tokio::time::sleep(Duration::from_millis(1500)).await;
        let state = app
            .js_async("const done = arguments[0]; window.__TAURI__.core.invoke('status').then(s => done(s.state), e => done(e.code));")
            .await?;
        assert_eq!(state, Value::String("unlocked".into()));
        app.quit().await
    });
}

#[test]
fn restart_keeps_everything() {
    run(|| async {
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
fn second_launch_focuses_the_first() {
    run(|| async {
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
fn recovery_code_sets_a_new_passphrase() {
    run(|| async {
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
    run(|| async {
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
        app.wait_text("#unlock-error", "passphrase does not unlock")
            .await?;
        let field = app.wait("input[name=passphrase]").await?;
        field.clear().await?;
        field.send_keys(NEW_PASSPHRASE).await?;
        app.keys(ENTER).await?;
        app.wait("#home").await?;

        // "Remember on this device" on: the keychain unlocks at the next
        // start (after a lock, it still asks for the passphrase).
        app.click("button[data-view=settings]").await?;
        app.click("#remember-device").await?;
        app.wait_text(".toast", "now remembers").await?;
        app.quit().await?;
        let app = sb.launch().await?;
        app.wait("#home").await?;
        app.quit().await
    });
}

/// "Also re-encrypt everything with a new key": a new recovery code shown
/// once, the old passphrase refused, older backups explained, and a fresh
/// backup replacing the older ones when asked.
#[test]
fn settings_change_passphrase_with_a_new_key() {
    run(|| async {
        let sb = Sandbox::new()?;
        let old_code = sb.seed_returning_code()?;
        let app = sb.launch().await?;
        unlock_with_passphrase(&app).await?;
        // An older backup, which the old secrets will still open.
        let backed = app
            .js_async("const done = arguments[0]; window.__TAURI__.core.invoke('backup_now').then(r => done(r.written.length), e => done(e.code));")
            .await?;
        assert_eq!(backed, serde_json::json!(1));
        app.keys(&format!("{CTRL},{RELEASE}")).await?;
        app.type_into("#current-passphrase", PASSPHRASE).await?;
        app.wait_text("label[for=new-key]", "re-encrypt everything with a new key")
            .await?;
        // The new passphrase and the click in one go, before the strength
        // meter can answer: the form must judge the passphrase itself, not
        // refuse it as weak because the meter has not caught up.
        app.js(&format!(
            "for (const name of ['next-passphrase', 'confirm-next-passphrase']) {{
               const f = document.querySelector(`input[name=${{name}}]`);
               f.value = '{NEW_PASSPHRASE}';
               f.dispatchEvent(new Event('input', {{ bubbles: true }}));
             }}
             document.querySelector('#new-key').click();
             document.querySelector('#change-passphrase').click();
             return true;"
        ))
        .await?;
        app.wait("#new-recovery-code").await?;
        let code = app.text_of("#new-recovery-code").await?.unwrap_or_default();
        assert!(code.trim().len() >= 20 && code.trim() != old_code);
        app.wait_text("#rekeyed", "Older backups still open")
            .await?;
        app.screenshot("32-new-key").await?;
        app.click("#fresh-backup").await?;
        app.wait_text("#confirm-dialog", "delete").await?;
        app.click("#confirm-yes").await?;
        app.wait_text("#toasts", "older backup").await?;

        app.click("#lock").await?;
        app.type_into("input[name=passphrase]", PASSPHRASE).await?;
        app.keys(ENTER).await?;
        app.wait_text("#unlock-error", "passphrase does not unlock")
            .await?;
        let field = app.wait("input[name=passphrase]").await?;
        field.clear().await?;
        field.send_keys(NEW_PASSPHRASE).await?;
        app.keys(ENTER).await?;
        app.wait("#home").await?;
        let listed = app
            .js_async("const done = arguments[0]; window.__TAURI__.core.invoke('backup_overview').then(r => done(r.backups.length), e => done(e.code));")
            .await?;
        assert_eq!(
            listed,
            serde_json::json!(1),
            "only the fresh backup is left"
        );
        app.quit().await
    });
}

/// A vault as an older Kindred left it (schema v1), with `n` entries of
/// about 2 KB each: what an update meets at its first unlock.
pub(crate) fn old_vault(dir: &std::path::Path, n: usize) -> crate::util::R {
    use kindred_core::crypto::{new_data_key, recovery};
    use kindred_core::keyfile::KeyFile;
    use kindred_core::store::{self, entries, OpenMode};
    use kindred_core::{vault, Secret};
    std::fs::create_dir_all(dir)?;
    let key = new_data_key()?;
    let mut kf = KeyFile::create(
        "2025-01-01T00:00:00.000Z",
        &key,
        &Secret::new(PASSPHRASE.into()),
        &recovery::generate()?,
    )?;
    let conn = store::open(&vault::db_path(dir), &key, OpenMode::Create)?;
    store::migrate_to(&conn, 1)?;
    let tx = conn.unchecked_transaction()?;
    let day = chrono::NaiveDate::from_ymd_opt(2020, 1, 1).ok_or("a date")?;
    let body = "We walked by the river and talked about the year ahead. ".repeat(36);
    for i in 0..n {
        let date = day + chrono::Days::new((i % 1500) as u64);
        entries::insert(&tx, date, &format!("Day {i}"), &body, chrono::Utc::now())?;
    }
    tx.commit()?;
    drop(conn);
    kf.save(&vault::keys_path(dir))?;
    Ok(())
}

/// Records every text the element at `css` shows from now on (a
/// MutationObserver), for [`assert_upgrade_shown`].
pub(crate) async fn record_status(app: &App, css: &str) -> crate::util::R {
    let css = serde_json::to_string(css)?;
    app.js(&format!(
        "const s = document.querySelector({css});
         window.__statuses = [];
         new MutationObserver(() => window.__statuses.push(s.textContent))
           .observe(s, {{ childList: true, subtree: true, characterData: true }});
         return true;"
    ))
    .await?;
    Ok(())
}

/// Among what the recorded status showed: the upgrade's backup, with how
/// far it was.
pub(crate) async fn assert_upgrade_shown(app: &App) -> crate::util::R {
    let shown = app.js("return window.__statuses").await?;
    let shown: Vec<String> = serde_json::from_value(shown)?;
    assert!(
        shown.iter().any(|s| s.contains("makes a verified backup")
            && s.contains('%')
            && s.contains("This happens once")),
        "the upgrade's backup was shown: {shown:?}"
    );
    Ok(())
}

/// Once the app has quit: the vault was upgraded with its pre-upgrade
/// backup beside it, and all `entries` came through.
pub(crate) fn assert_upgraded(sb: &Sandbox, entries: i64) -> crate::util::R {
    let v = sb.open()?;
    let backups = v.backups().list()?;
    assert!(
        backups
            .iter()
            .any(|b| b.path.to_string_lossy().contains("pre-upgrade")),
        "the backup is there: {backups:?}"
    );
    assert_eq!(v.counts()?.entries, entries, "every entry came through");
    Ok(())
}

/// The first unlock after an update that changes the vault's format makes
/// a verified backup first (seconds for a large journal): the unlock screen
/// says so, with how far it is, instead of only "Unlocking…"; then the
/// journal opens, upgraded, with the backup beside it.
#[test]
fn an_upgrade_at_unlock_says_what_it_is_doing() {
    run(|| async {
        let sb = Sandbox::new()?;
        old_vault(&sb.vault(), 3000)?;
        let app = sb.launch().await?;
        app.wait("#unlock-title").await?;
        record_status(&app, "form p.status").await?;
        app.type_into("input[name=passphrase]", PASSPHRASE).await?;
        app.keys(ENTER).await?;
        app.wait("#home").await?;
        assert_upgrade_shown(&app).await?;
        app.quit().await?;
        assert_upgraded(&sb, 3000)
    });
}
