//! Getting in and out: the first run and its recovery code, unlocking
//! with the passphrase or the keychain, locking (by hand and when idle),
//! changing the passphrase, recovering with the code, restarting, and a
//! second launch.

use std::time::{Duration, Instant};

use serde_json::Value;

use crate::util::{
    choose_passphrase, entry, open_journal, run, unlock_with_passphrase, Sandbox, CTRL, ENTER,
    NEW_PASSPHRASE, PASSPHRASE, RELEASE,
};

/// The app identifier of test builds (src-tauri/src/main.rs).
const TEST_IDENTIFIER: &str = "app.kindred.desktop.test";

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
