//! Where the CLI gets secrets, in the order DESIGN.md §5 gives: the system
//! keychain, then `KINDRED_PASSPHRASE`, then `--passphrase-file`, then a
//! prompt on the terminal, else a clear error. New passphrases and recovery
//! codes come from their own variables and files, or a prompt.

use std::io::IsTerminal;
use std::path::Path;
use std::sync::Arc;

use kindred_core::backup::Stage;
use kindred_core::clock::SystemClock;
use kindred_core::keychain::OsKeyStore;
use kindred_core::{Error, Secret, Unlock, Vault};

use crate::commands::stage_label as label;
use crate::output::{notice, Bar};

/// Environment variable holding the passphrase.
pub const ENV_PASSPHRASE: &str = "KINDRED_PASSPHRASE";
/// Environment variable holding a new passphrase (init, change, recover).
pub const ENV_NEW_PASSPHRASE: &str = "KINDRED_NEW_PASSPHRASE";
/// Environment variable holding a recovery code.
pub const ENV_RECOVERY_CODE: &str = "KINDRED_RECOVERY_CODE";

/// Unlocks the vault: keychain first (when this vault is remembered and
/// `--no-keychain` was not given), then the passphrase sources.
pub fn unlock(
    dir: &Path,
    passphrase_file: Option<&Path>,
    use_keychain: bool,
) -> Result<Vault, Error> {
    let clock = Arc::new(SystemClock);
    let mut upgrade = Upgrade::new();
    if use_keychain && Vault::is_remembered_at(dir)? {
        let got = Vault::unlock_with_keychain_progress(
            dir,
            &OsKeyStore,
            clock.clone(),
            &mut |s, d, t| upgrade.report(s, d, t),
        );
        match got {
            Ok(v) => return Ok(v),
            Err(Error::Keychain(k)) => notice(&format!("kindred: {k}")),
            Err(other) => return Err(other),
        }
    }
    let passphrase = passphrase(passphrase_file, "Passphrase: ")?;
    Vault::unlock_with_progress(
        dir,
        Unlock::Passphrase(&passphrase),
        clock,
        &mut |s, d, t| upgrade.report(s, d, t),
    )
}

/// The verified backup an update of the vault's format writes at its first
/// unlock (seconds for a large vault): one line on stderr, then a bar on a
/// terminal. Nothing when the format is current.
struct Upgrade {
    told: bool,
    bar: Bar,
}

impl Upgrade {
    fn new() -> Self {
        Self {
            told: false,
            bar: Bar::new(),
        }
    }

    fn report(&mut self, stage: Stage, done: u64, total: u64) {
        if !self.told {
            self.told = true;
            notice("kindred: updating this vault's format; a verified backup of it comes first (once).");
        }
        self.bar.set(label(stage), done, total);
    }
}

impl Drop for Upgrade {
    fn drop(&mut self) {
        self.bar.finish();
    }
}

/// The passphrase from the environment, a file, or a prompt.
pub fn passphrase(file: Option<&Path>, prompt: &str) -> Result<Secret<String>, Error> {
    if let Some(p) = from_env(ENV_PASSPHRASE) {
        return Ok(p);
    }
    if let Some(f) = file {
        return read_secret_file(f, "passphrase");
    }
    prompt_once(prompt).ok_or_else(|| {
        Error::PassphraseRequired(format!(
            "A passphrase is needed and there is no terminal to ask on. Set {ENV_PASSPHRASE}, pass --passphrase-file FILE, or turn on `kindred keychain remember`."
        ))
    })
}

/// A new passphrase: from `env`, a file, or asked twice on the terminal.
pub fn new_passphrase(env: &str, file: Option<&Path>) -> Result<Secret<String>, Error> {
    if let Some(p) = from_env(env) {
        return Ok(p);
    }
    if let Some(f) = file {
        return read_secret_file(f, "new passphrase");
    }
    let first = prompt_once("New passphrase: ").ok_or_else(|| {
        Error::PassphraseRequired(format!(
            "A new passphrase is needed and there is no terminal to ask on. Set {env} or pass a file."
        ))
    })?;
    kindred_core::vault::check_new_passphrase(&first)?;
    let second = prompt_once("Repeat it: ").ok_or_else(|| {
        Error::PassphraseRequired("No terminal to confirm the passphrase on.".into())
    })?;
    if first.expose_secret() != second.expose_secret() {
        return Err(Error::InvalidInput(
            "The two passphrases differ; nothing was changed.".into(),
        ));
    }
    Ok(first)
}

/// A recovery code: from the environment, a file, or the terminal.
pub fn recovery_code(file: Option<&Path>) -> Result<Secret<String>, Error> {
    if let Some(c) = from_env(ENV_RECOVERY_CODE) {
        return Ok(c);
    }
    if let Some(f) = file {
        return read_secret_file(f, "recovery code");
    }
    prompt_once("Recovery code: ").ok_or_else(|| {
        Error::PassphraseRequired(format!(
            "The recovery code is needed and there is no terminal to ask on. Set {ENV_RECOVERY_CODE} or pass --recovery-code-file FILE."
        ))
    })
}

fn from_env(name: &str) -> Option<Secret<String>> {
    std::env::var(name)
        .ok()
        .filter(|v| !v.is_empty())
        .map(Secret::new)
}

/// Reads the first line of a file, without its line ending.
fn read_secret_file(path: &Path, what: &str) -> Result<Secret<String>, Error> {
    let raw = Secret::new(std::fs::read_to_string(path).map_err(|e| {
        Error::InvalidInput(format!(
            "Could not read the {what} file {} ({}).",
            path.display(),
            e.kind()
        ))
    })?);
    let line = raw
        .expose_secret()
        .split(['\n', '\r'])
        .next()
        .unwrap_or_default()
        .to_owned();
    Ok(Secret::new(line))
}

/// Asks on the terminal without echo; `None` when there is no terminal.
/// Only when stderr is a terminal: a script piping stderr gets an error
/// instead of a hang.
fn prompt_once(prompt: &str) -> Option<Secret<String>> {
    if !std::io::stderr().is_terminal() {
        return None;
    }
    rpassword::prompt_password(prompt).ok().map(Secret::new)
}
