//! The vault and its secrets: `init`, `passphrase change`, `recover`,
//! `keychain remember|forget|status`, `status` and `check`.

use std::path::Path;
use std::sync::Arc;

use kindred_core::clock::SystemClock;
use kindred_core::keychain::{KeyStore, OsKeyStore};
use kindred_core::{vault, Error, Vault};
use serde_json::json;

use crate::cli::KeychainCommand;
use crate::credentials::{self, ENV_NEW_PASSPHRASE};
use crate::ctx::Ctx;
use crate::output::{self, notice};

type Result<T = ()> = std::result::Result<T, Error>;

pub fn init(ctx: &Ctx, remember: bool, as_json: bool) -> Result {
    if vault::exists(&ctx.dir) {
        return Err(Error::VaultExists(ctx.dir.display().to_string()));
    }
    let passphrase = if let Some(p) = std::env::var(credentials::ENV_PASSPHRASE)
        .ok()
        .filter(|p| !p.is_empty())
    {
        kindred_core::Secret::new(p)
    } else {
        credentials::new_passphrase(ENV_NEW_PASSPHRASE, ctx.passphrase_file.as_deref())?
    };
    let created = Vault::create(&ctx.dir, &passphrase, Arc::new(SystemClock))?;
    let mut vault = created.vault;
    let remember_result = if remember {
        Some(vault.remember_on_device(&OsKeyStore))
    } else {
        None
    };
    let remembered = matches!(remember_result, Some(Ok(())));
    if as_json {
        output::json(&json!({
            "vault": ctx.dir,
            "vault_id": vault.id(),
            "recovery_code": created.recovery_code.expose_secret(),
            "remembered": remembered,
        }))?;
    } else {
        notice(&format!("Created a vault at {}.", ctx.dir.display()));
        notice("Your recovery code is below. It is shown once and never stored: write it down and keep it somewhere safe, away from this computer. It is the only way back in if you forget your passphrase.\n");
        output::line(&format!("    {}", created.recovery_code.expose_secret()))?;
        if remembered {
            notice("\nThis device will remember the vault in the system keychain.");
        }
    }
    match remember_result {
        Some(Err(e)) => {
            notice("The vault was created, but it could not be remembered on this device:");
            Err(e)
        }
        _ => Ok(()),
    }
}

pub fn change_passphrase(
    ctx: &Ctx,
    new_file: Option<&Path>,
    new_key: bool,
    as_json: bool,
) -> Result {
    if !vault::exists(&ctx.dir) {
        return Err(Error::VaultMissing(ctx.dir.display().to_string()));
    }
    let current = credentials::passphrase(ctx.passphrase_file.as_deref(), "Current passphrase: ")?;
    let new = credentials::new_passphrase(ENV_NEW_PASSPHRASE, new_file)?;
    let mut vault = Vault::unlock(
        &ctx.dir,
        kindred_core::Unlock::Passphrase(&current),
        Arc::new(SystemClock),
    )?;
    if !new_key {
        vault.change_passphrase(&current, &new)?;
        notice("Changed the passphrase. The old one no longer opens this vault; your recovery code still works.");
        return if as_json {
            output::json(&json!({ "new_key": false }))
        } else {
            Ok(())
        };
    }
    let remembered = vault.is_remembered();
    let code = vault.change_passphrase_with_new_key(&current, &new)?;
    let device = remembered.then(|| vault.remember_on_device(&OsKeyStore));
    if as_json {
        return output::json(&json!({
            "new_key": true,
            "recovery_code": code.expose_secret(),
            "remembered": device.as_ref().is_some_and(|r| r.is_ok()),
        }));
    }
    notice(&rekeyed_words(device.as_ref().map(|r| r.as_ref().err())));
    output::line(&format!("    {}", code.expose_secret()))
}

/// What a re-key means, said once after it: what the old secrets still
/// open, and how to retire that.
fn rekeyed_words(device: Option<Option<&Error>>) -> String {
    let device = match device {
        None => String::new(),
        Some(None) => " This device remembers the vault again.".into(),
        Some(Some(e)) => format!(
            " This device could not remember the vault again ({e}); run `kindred keychain remember` later."
        ),
    };
    format!(
        "Changed the passphrase and re-encrypted everything under a new key: the old passphrase, the old recovery code and any copy of the old key file open nothing here any more.{device}\n\
         Older backups still open with the passphrase and recovery code that were valid when each was made. To retire them, make a fresh backup and delete the older ones: `kindred backup --delete-older`.\n\
         Your new recovery code, shown once (the old one no longer works). Keep it somewhere safe:\n"
    )
}

pub fn recover(
    ctx: &Ctx,
    code_file: Option<&Path>,
    new_file: Option<&Path>,
    as_json: bool,
) -> Result {
    if !vault::exists(&ctx.dir) {
        return Err(Error::VaultMissing(ctx.dir.display().to_string()));
    }
    let code = credentials::recovery_code(code_file)?;
    let new = credentials::new_passphrase(ENV_NEW_PASSPHRASE, new_file)?;
    let created = Vault::recover(&ctx.dir, &code, &new, Arc::new(SystemClock))?;
    if as_json {
        return output::json(&json!({ "recovery_code": created.recovery_code.expose_secret() }));
    }
    notice("Set a new passphrase and re-encrypted everything under a new key, so the old passphrase and any copy of the old key file open nothing here any more. Older backups still open with the secrets valid when each was made; `kindred backup --delete-older` makes a fresh one and deletes them. The recovery code you typed is retired; here is the new one, shown once. Keep it somewhere safe:\n");
    output::line(&format!("    {}", created.recovery_code.expose_secret()))
}

pub fn keychain(ctx: &Ctx, cmd: KeychainCommand) -> Result {
    match cmd {
        KeychainCommand::Remember => {
            let mut vault = ctx.unlock()?;
            vault.remember_on_device(&OsKeyStore)?;
            notice("This device now remembers the vault in the system keychain; commands will not ask for the passphrase.");
            Ok(())
        }
        KeychainCommand::Forget => {
            let mut vault = ctx.unlock()?;
            match vault.forget_on_device(&OsKeyStore)? {
                None => notice("Forgotten: the keychain entry is deleted and the vault no longer accepts it."),
                Some(e) => notice(&format!(
                    "The vault no longer accepts the remembered secret, but the keychain entry could not be deleted: {e}"
                )),
            }
            Ok(())
        }
        KeychainCommand::Status { json: as_json } => {
            if !vault::exists(&ctx.dir) {
                return Err(Error::VaultMissing(ctx.dir.display().to_string()));
            }
            let remembered = Vault::is_remembered_at(&ctx.dir)?;
            let keyfile = kindred_core::keyfile::KeyFile::load(&vault::keys_path(&ctx.dir))?;
            let in_keychain = if remembered {
                match OsKeyStore.get(&keyfile.vault_id) {
                    Ok(_) => Ok(true),
                    Err(kindred_core::keychain::KeychainError::EntryMissing) => Ok(false),
                    Err(e) => Err(e),
                }
            } else {
                Ok(false)
            };
            if as_json {
                let (present, error) = match &in_keychain {
                    Ok(b) => (json!(b), json!(null)),
                    Err(e) => (
                        json!(null),
                        json!({"code": kindred_core::Error::from(e.clone()).code(), "message": e.to_string()}),
                    ),
                };
                return output::json(&json!({
                    "remembered": remembered, "in_keychain": present, "error": error
                }));
            }
            let text = match (remembered, in_keychain) {
                (false, _) => "Not remembered on this device.".to_string(),
                (true, Ok(true)) => "Remembered on this device; the keychain holds the unlock secret.".to_string(),
                (true, Ok(false)) => "Remembered, but the keychain has no entry for it; the passphrase will be asked for.".to_string(),
                (true, Err(e)) => format!("Remembered, but the keychain cannot be read: {e}"),
            };
            output::line(&text)
        }
    }
}

pub fn status(ctx: &Ctx, as_json: bool) -> Result {
    let vault = ctx.unlock()?;
    let counts = vault.counts()?;
    if as_json {
        return output::json(&json!({
            "vault": vault.dir(),
            "vault_id": vault.id(),
            "remembered": vault.is_remembered(),
            "counts": counts,
        }));
    }
    output::out(&format!(
        "Vault:      {}\nId:         {}\nRemembered: {}\nEntries:    {}\nPeople:     {}\nNotes:      {}\n",
        vault.dir().display(),
        vault.id(),
        if vault.is_remembered() { "yes (system keychain)" } else { "no" },
        counts.entries,
        counts.people,
        counts.notes
    ))
}

pub fn check(ctx: &Ctx) -> Result {
    let v = ctx.unlock()?;
    v.check_integrity()?;
    notice("The vault passed SQLite's and SQLCipher's integrity checks.");
    Ok(())
}
