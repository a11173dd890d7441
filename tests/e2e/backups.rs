//! Backups: the daily one, backing up now, verifying, a second folder,
//! rotation, damaged files, and restoring (into a new folder or in place).

use crate::util::{
    entry, open_journal, run, unlock_with_passphrase, Sandbox, CTRL, PASSPHRASE, RELEASE,
};

#[test]
fn back_up_now_lists_a_verified_backup() {
    run(|| async {
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
    run(|| async {
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
        app.wait_text("#restore-error", "passphrase does not open this backup")
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
            .and_then(|s| s.split(".kbak").next())
            .map(|s| format!("{}.kbak", s.trim()))
            .ok_or("the notice names the safety backup")?;
        assert!(
            std::path::Path::new(&safety).is_file(),
            "safety backup at {safety}"
        );
        assert!(
            notice.contains("current passphrase, recovery code and this device still open it"),
            "the notice says which secrets open the vault: {notice}"
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

/// A damaged vault is brought back from the lock screen: a flipped page of
/// the database, then a truncated key file. Each time the lock screen
/// lists the backups (on a drive the vault noted, not only its own
/// folder), restores one with that backup's passphrase or recovery code,
/// sets the damaged files aside intact, and opens on the restored journal.
#[test]
fn a_damaged_vault_is_restored_from_the_lock_screen() {
    run(|| async {
        use kindred_core::backup::{BackupSettings, Retention};
        let sb = Sandbox::new()?;
        let drive = sb.path().join("drive");
        std::fs::create_dir_all(&drive)?;
        let code = {
            let created = kindred_core::Vault::create(
                &sb.vault(),
                &kindred_core::Secret::new(PASSPHRASE.into()),
                std::sync::Arc::new(kindred_core::clock::SystemClock),
            )?;
            let v = created.vault;
            entry(&v, "Juniper", "Written before the backup: juniper.", vec![])?;
            v.backups().set_settings(&BackupSettings {
                primary: drive.clone(),
                secondary: None,
                retention: Retention::default(),
            })?;
            v.backups().now(&mut kindred_core::backup::no_progress)?;
            entry(
                &v,
                "Tamarisk",
                "Written after the backup: tamarisk.",
                vec![],
            )?;
            created.recovery_code.expose_secret().clone()
        };
        let db = sb.vault().join("kindred.db");
        let keys = sb.vault().join("kindred.keys");
        let aside = |sb: &Sandbox| -> Vec<std::path::PathBuf> {
            std::fs::read_dir(sb.vault())
                .map(|rd| {
                    rd.flatten()
                        .map(|e| e.path())
                        .filter(|p| {
                            p.file_name()
                                .is_some_and(|n| n.to_string_lossy().starts_with("set-aside-"))
                        })
                        .collect()
                })
                .unwrap_or_default()
        };

        for (round, damage) in ["flipped page", "truncated key file"]
            .into_iter()
            .enumerate()
        {
            match damage {
                "flipped page" => {
                    // In the first page, which every unlock reads.
                    let mut bytes = std::fs::read(&db)?;
                    bytes[2000] ^= 0x40;
                    std::fs::write(&db, bytes)?;
                }
                _ => {
                    let bytes = std::fs::read(&keys)?;
                    std::fs::write(&keys, &bytes[..bytes.len() / 2])?;
                }
            }
            let damaged = (std::fs::read(&db)?, std::fs::read(&keys)?);
            let app = sb.launch().await?;
            app.wait("#unlock-title").await?;
            if round == 0 {
                // The passphrase says what is wrong and points to a backup.
                app.type_into("input[name=passphrase]", PASSPHRASE).await?;
                app.click("form button[type=submit]").await?;
                app.wait_text("#unlock-error", "Damaged file").await?;
                app.click("#error-rescue").await?;
            } else {
                app.click("#open-rescue").await?;
            }
            app.wait("#rescue-list").await?;
            let listed = app.text_of("#rescue-list").await?.unwrap_or_default();
            assert!(
                listed.contains(&drive.display().to_string()),
                "{damage}: the backup on the noted drive is listed: {listed}"
            );
            if round == 1 {
                app.click("#rescue-recovery").await?;
                app.wait_text("label[for=rescue-secret]", "Recovery code")
                    .await?;
            }
            app.screenshot(&format!("27-rescue-{round}")).await?;
            let secret = if round == 0 {
                PASSPHRASE
            } else {
                code.as_str()
            };
            app.type_into("#rescue-secret", secret).await?;
            app.click("#rescue-go").await?;
            app.wait_text("#rescue-done", "set aside, untouched")
                .await?;
            app.click("#rescue-continue").await?;
            app.wait("#home").await?;
            open_journal(&app).await?;
            app.wait_text(".entry-list", "Juniper").await?;
            let list = app.text_of(".entry-list").await?.unwrap_or_default();
            assert!(
                !list.contains("Tamarisk"),
                "{damage}: the journal is the backup's"
            );
            app.quit().await?;

            // The damaged files were moved aside byte for byte.
            let folders = aside(&sb);
            assert_eq!(folders.len(), round + 1, "{damage}: {folders:?}");
            assert!(
                folders.iter().any(|f| {
                    std::fs::read(f.join("kindred.db")).ok().as_ref() == Some(&damaged.0)
                        && std::fs::read(f.join("kindred.keys")).ok().as_ref() == Some(&damaged.1)
                }),
                "{damage}: a set-aside folder holds the damaged files as they were"
            );
        }
        Ok(())
    });
}
