//! Export and import: no plaintext export without a yes, and imports
//! that report what they did.

use serde_json::Value;

use crate::util::{entry, open_journal, run, unlock_with_passphrase, Sandbox};

#[test]
fn export_needs_a_yes_and_import_reports_what_it_did() {
    run(|| async {
        let sb = Sandbox::new()?;
        sb.seed(|v| entry(v, "Kept", "An entry with the word saxifrage.", vec![]).map(drop))?;
        let jrnl = sb.path().join("jrnl.json");
        std::fs::write(
            &jrnl,
            r#"{"tags": {}, "entries": [
                {"date": "2024-05-01", "time": "09:30", "title": "Imported morning", "body": "From jrnl.", "tags": [], "starred": false},
                {"date": "2024-05-02", "time": "21:10", "title": "Imported evening", "body": "Also from jrnl.", "tags": ["@walks"], "starred": true}
            ]}"#,
        )?;
        // "Choose…" fills the import path from the native dialog (the test
        // build's seam hands over this file instead of showing it).
        let app = sb
            .launch_with(&[("KINDRED_E2E_PICK", jrnl.to_str().unwrap_or_default())])
            .await?;
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

        app.wait("#import-source")
            .await?
            .select_by_value("jrnl")
            .await?;
        app.click("#import-form .choose-path").await?;
        app.wait_js(
            "the chosen file in the field",
            &format!(
                "document.querySelector('#import-path').value === {}",
                serde_json::to_string(&jrnl.display().to_string())?
            ),
        )
        .await?;
        app.click("#import-go").await?;
        app.wait_text("#import-result", "Imported 2 entries")
            .await?;
        app.click("#import-go").await?;
        app.wait_text("#import-result", "2 already here were skipped")
            .await?;
        // A converter's Day One file: no uuid, a "(null)" and a place and
        // weather the entry's header shows.
        let dayone = sb.path().join("Journal.json");
        std::fs::write(
            &dayone,
            r#"{"entries": [{"creationDate": "2024-06-01T08:00:00Z", "timeZone": "(null)", "text": "Lisbon at dawn\\.", "isPinned": true,
                "location": {"localityName": "Lisbon", "country": "Portugal"}, "weather": {"conditionsDescription": "Sunny", "temperatureCelsius": 21.4}}]}"#,
        )?;
        app.wait("#import-source")
            .await?
            .select_by_value("dayone")
            .await?;
        app.c()
            .execute("document.querySelector('#import-path').value = '';", vec![])
            .await?;
        app.type_into("#import-path", &dayone.display().to_string())
            .await?;
        app.click("#import-go").await?;
        app.wait_text("#import-result", "1 entry had no id").await?;
        app.wait_text("#import-result", "1 \"(null)\" value was taken as empty")
            .await?;
        app.screenshot("27-export-import").await?;
        open_journal(&app).await?;
        app.wait_text(".entry-list", "Imported evening").await?;
        app.click_xpath("//*[contains(@class, 'entry-item')][contains(., 'Lisbon at dawn')]")
            .await?;
        app.wait_text("#entry-meta", "Pinned · Lisbon, Portugal · Sunny, 21 °C")
            .await?;
        app.wait_js(
            "the escape gone",
            "document.querySelector('#entry-body').value === 'Lisbon at dawn.'",
        )
        .await?;
        app.screenshot("33-imported-entry").await?;
        app.quit().await
    });
}
