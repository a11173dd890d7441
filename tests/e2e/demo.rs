//! The README's screenshots, from the demo vault.

use crate::quick_entry::{to_quick_window, Host, TrayMenu};
use crate::util::{run, Sandbox, CTRL, ENTER, ESCAPE, RELEASE};

/// Screens for the README, from a vault that `cargo xtask demo
/// --screenshots DIR` filled with the CLI (`KINDRED_DEMO_VAULT`).
#[test]
#[ignore = "run by `cargo xtask demo --screenshots DIR`"]
fn demo_screenshots() {
    run(|| async {
        let Some(vault) = std::env::var_os("KINDRED_DEMO_VAULT") else {
            return Err("set KINDRED_DEMO_VAULT to a filled vault".into());
        };
        let pass = std::env::var("KINDRED_DEMO_PASSPHRASE")?;
        let sb = Sandbox::new()?;
        std::os::unix::fs::symlink(&vault, sb.vault())?;
        // A tray host, for quick entry from the tray.
        let host = Host::default();
        let _serving = host.serve()?;
        let app = sb.launch().await?;
        let main = app.c().window().await?;
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
        app.wait_js(
            "the entry's photo drawn",
            "(() => { const i = document.querySelector('#entry-attachments img'); return i && i.complete && i.naturalWidth > 0; })()",
        )
        .await?;
        app.screenshot("journal").await?;
        app.keys(&format!("{CTRL}k{RELEASE}")).await?;
        app.wait("#search-input").await?;
        app.keys("walk").await?;
        app.wait("#search-results mark").await?;
        app.screenshot("search").await?;
        app.keys(ESCAPE).await?;
        app.wait_js("search closed", "!document.querySelector('#search')")
            .await?;
        app.click("button[data-view=people]").await?;
        app.wait(".person-card").await?;
        app.wait_js(
            "three pictures in People",
            "[...document.querySelectorAll('.avatar.has-picture img')].filter((i) => i.complete && i.naturalWidth > 0).length >= 3",
        )
        .await?;
        app.screenshot("people").await?;
        // Far away, but close: the person the demo is about.
        app.click_xpath("//button[contains(@class, 'person-card')][contains(., 'Maya Lin')]")
            .await?;
        app.wait("#depth-value").await?;
        app.wait(".sparkline").await?;
        app.wait(".stale-mark").await?;
        app.wait_js(
            "Maya's picture drawn",
            "[...document.querySelectorAll('.has-picture img')].some((i) => i.complete && i.naturalWidth > 0)",
        )
        .await?;
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

        // The calendar on last month, fuller than the first days of this
        // one, with its last marked day chosen.
        app.click("button[data-view=calendar]").await?;
        app.wait("#calendar-grid .has-marks").await?;
        app.click("#calendar-prev").await?;
        app.wait("#calendar-grid .has-marks:not(.outside)").await?;
        app.js("const all = document.querySelectorAll('#calendar-grid .has-marks:not(.outside)'); all[all.length - 1].click(); return null;")
            .await?;
        app.wait("#calendar-day .entry-item").await?;
        app.screenshot("calendar").await?;

        app.click("button[data-view=backups]").await?;
        app.click("#backup-list .verify").await?;
        app.wait("#backup-list .state.verified").await?;
        app.screenshot("backups").await?;

        app.click("button[data-view=settings]").await?;
        app.wait("#vault-dir").await?;
        app.screenshot("settings").await?;

        // Quick entry, from the tray, with a mention being chosen.
        TrayMenu::of(&host.item().await?)?.click("Quick entry…")?;
        to_quick_window(&app, &main).await?;
        app.type_into("#quick-title", "On the bus home").await?;
        app.type_into(
            "#quick-body",
            "Read Maya's letter twice. She remembered the name of the river — I want to tell @Ma",
        )
        .await?;
        app.wait_text("#mention-suggestions", "Maya Lin").await?;
        app.screenshot("quick-entry").await?;
        app.c().switch_to_window(main).await?;
        app.quit().await
    });
}
