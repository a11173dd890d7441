//! What every command needs to reach the vault: its folder and how to
//! unlock it (the global `--vault`, `--passphrase-file` and `--no-keychain`).

use std::path::{Path, PathBuf};

use kindred_core::{vault, Error, Vault};

use crate::cli::Cli;
use crate::credentials;
use crate::output::notice;

type Result<T = ()> = std::result::Result<T, Error>;

/// The vault a command works on, and where its secrets come from.
#[derive(Debug)]
pub(crate) struct Ctx {
    pub dir: PathBuf,
    pub passphrase_file: Option<PathBuf>,
    pub use_keychain: bool,
}

impl Ctx {
    /// The context given by the global options of a command line.
    pub fn new(cli: &Cli) -> Result<Self> {
        Ok(Self {
            dir: vault_dir(cli.vault.as_deref())?,
            passphrase_file: cli.passphrase_file.clone(),
            use_keychain: !cli.no_keychain,
        })
    }

    /// Unlocks the vault for everyday work: the daily automatic backup runs
    /// first when due. Its failure is reported and does not stop the command.
    pub fn open(&self) -> Result<Vault> {
        let v = self.unlock()?;
        if let Err(e) = v
            .backups()
            .auto_if_due(&mut kindred_core::backup::no_progress)
        {
            notice(&format!("kindred: the automatic backup did not run: {e}"));
        }
        Ok(v)
    }

    /// Unlocks the vault for an administrative command (no automatic backup).
    pub fn unlock(&self) -> Result<Vault> {
        if !vault::exists(&self.dir) {
            return Err(Error::VaultMissing(self.dir.display().to_string()));
        }
        credentials::unlock(
            &self.dir,
            self.passphrase_file.as_deref(),
            self.use_keychain,
        )
    }
}

fn vault_dir(given: Option<&Path>) -> Result<PathBuf> {
    match given {
        Some(d) => Ok(d.to_path_buf()),
        None => vault::default_dir().ok_or_else(|| {
            Error::InvalidInput(
                "Could not find this system's data folder; pass --vault DIR or set KINDRED_VAULT."
                    .into(),
            )
        }),
    }
}
