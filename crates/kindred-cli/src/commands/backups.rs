//! `backup`, `backups`, `verify`, `restore`, `backup-settings`.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use kindred_core::backup::{self, BackupSecret, Stage};
use kindred_core::clock::SystemClock;
use kindred_core::{vault, Error, Secret};
use serde_json::json;

use crate::credentials;
use crate::ctx::Ctx;
use crate::output::{self, notice, Bar};

type Result<T = ()> = std::result::Result<T, Error>;

pub(crate) fn label(stage: Stage) -> &'static str {
    match stage {
        Stage::Snapshot => "Snapshot",
        Stage::Write => "Writing",
        Stage::Verify => "Verifying",
        Stage::Restore => "Restoring",
    }
}

/// Runs `f` with a progress callback drawing a bar on a terminal.
fn with_bar<T>(f: impl FnOnce(&mut dyn FnMut(Stage, u64, u64)) -> T) -> T {
    let mut bar = Bar::new();
    let mut cb = |stage: Stage, done: u64, total: u64| bar.set(label(stage), done, total);
    let out = f(&mut cb);
    bar.finish();
    out
}

fn size(bytes: u64) -> String {
    if bytes >= 1_000_000 {
        format!("{:.1} MB", bytes as f64 / 1e6)
    } else {
        format!("{:.0} kB", (bytes as f64 / 1e3).max(1.0))
    }
}

pub fn backup(ctx: &Ctx, to: Option<&Path>, delete_older: bool, as_json: bool) -> Result {
    let vault = ctx.unlock()?;
    if let Some(dir) = to {
        let path = with_bar(|p| vault.backups().write_into(dir, "", p))?;
        if as_json {
            return output::json(&json!({ "written": [path], "skipped": [], "rotated": [] }));
        }
        notice("Wrote and verified a backup:");
        return output::line(&path.display().to_string());
    }
    let mut report = with_bar(|p| vault.backups().now(p))?;
    let mut deleted = Vec::new();
    if delete_older {
        // Everything before this run's first (written and verified) backup.
        let fresh = report
            .written
            .first()
            .map(|p| backup::inspect(p))
            .transpose()?
            .map(|i| i.created_at);
        if let Some(t) = fresh {
            deleted = vault.backups().delete_older_than(t)?;
        }
        report.rotated.retain(|p| !deleted.contains(p));
    }
    if as_json {
        return output::json(&json!({
            "written": report.written,
            "skipped": report.skipped,
            "rotated": report.rotated,
            "deleted": deleted,
        }));
    }
    notice("Wrote and verified:");
    for p in &report.written {
        output::line(&p.display().to_string())?;
    }
    for (folder, why) in &report.skipped {
        notice(&format!("Skipped {}: {why}", folder.display()));
    }
    if !report.rotated.is_empty() {
        notice(&format!(
            "Removed {} older backup(s) the keep policy no longer needs.",
            report.rotated.len()
        ));
    }
    if delete_older {
        notice(&format!(
            "Deleted {} older backup(s), as asked; the new one is now the oldest.",
            deleted.len()
        ));
    }
    Ok(())
}

pub fn list(ctx: &Ctx, as_json: bool) -> Result {
    let vault = ctx.unlock()?;
    let list = vault.backups().list()?;
    if as_json {
        return output::json(&list);
    }
    if list.is_empty() {
        notice("No backups yet. Make one with `kindred backup`.");
    }
    let mut t = String::new();
    for b in &list {
        match &b.info {
            Some(info) => t.push_str(&format!(
                "{}  {:>9}  {:<22}  {}\n",
                info.created_at.format("%Y-%m-%d %H:%M"),
                size(info.size),
                b.verified_at.map_or("not verified here".to_string(), |v| {
                    format!("verified {}", v.format("%Y-%m-%d"))
                }),
                b.path.display()
            )),
            None => t.push_str(&format!(
                "DAMAGED  {}  {}\n",
                b.path.display(),
                b.problem.as_deref().unwrap_or("")
            )),
        }
    }
    output::out(&t)
}

/// The secret valid when a backup was made: a passphrase from the usual
/// sources, or a recovery code.
fn backup_secret(ctx: &Ctx, recovery: bool, code_file: Option<&Path>) -> Result<Secret<String>> {
    if recovery {
        credentials::recovery_code(code_file)
    } else {
        credentials::passphrase(
            ctx.passphrase_file.as_deref(),
            "Passphrase when the backup was made: ",
        )
    }
}

fn explain_wrong_secret(e: Error) -> Error {
    if matches!(e, Error::WrongPassphrase | Error::WrongRecoveryCode) {
        notice("A backup opens with the passphrase (or recovery code) that was valid when it was made.");
    }
    e
}

pub fn verify(ctx: &Ctx, file: &Path, recovery: bool, as_json: bool) -> Result {
    let info = backup::inspect(file)?;
    let ours = vault::exists(&ctx.dir)
        && kindred_core::keyfile::KeyFile::load(&vault::keys_path(&ctx.dir))
            .map(|k| k.vault_id == info.vault_id)
            .unwrap_or(false);
    let manifest = if ours && !recovery {
        let v = ctx.unlock()?;
        with_bar(|p| v.backups().verify(file, p))?
    } else {
        if !ours && vault::exists(&ctx.dir) {
            notice(&format!(
                "This backup is of another vault ({}), not the one in {}.",
                info.vault_id,
                ctx.dir.display()
            ));
        }
        let secret = backup_secret(ctx, recovery, None)?;
        let s = if recovery {
            BackupSecret::RecoveryCode(&secret)
        } else {
            BackupSecret::Passphrase(&secret)
        };
        with_bar(|p| backup::verify_with_secret(file, s, p)).map_err(explain_wrong_secret)?
    };
    if as_json {
        return output::json(&json!({
            "file": file,
            "vault_id": info.vault_id,
            "created_at": info.created_at,
            "schema_version": manifest.schema_version,
            "counts": manifest.counts,
        }));
    }
    let entries = manifest.counts.get("entries").copied().unwrap_or(0);
    let people = manifest.counts.get("people").copied().unwrap_or(0);
    output::line(&format!(
        "OK: {} from {} is complete and intact ({entries} entries, {people} people).",
        file.display(),
        info.created_at.format("%Y-%m-%d %H:%M UTC")
    ))
}

pub fn restore(
    ctx: &Ctx,
    file: &Path,
    to: Option<&Path>,
    recovery: bool,
    code_file: Option<&Path>,
) -> Result {
    // Refuse a damaged or foreign file before asking for anything.
    backup::inspect(file)?;
    let secret = backup_secret(ctx, recovery, code_file)?;
    let s = if recovery {
        BackupSecret::RecoveryCode(&secret)
    } else {
        BackupSecret::Passphrase(&secret)
    };
    match to {
        Some(dir) => {
            with_bar(|p| backup::restore_to(file, dir, s, p)).map_err(explain_wrong_secret)?;
            notice(&format!(
                "Restored into {}. It opens with the passphrase and recovery code that were valid when the backup was made.",
                dir.display()
            ));
        }
        None => {
            let restored = with_bar(|p| {
                backup::restore_replacing(&ctx.dir, file, s, Arc::new(SystemClock), p)
            })
            .map_err(|e| {
                if matches!(e, Error::VaultBusy) {
                    notice("The vault is open in Kindred or another command; close it first.");
                }
                explain_wrong_secret(e)
            })?;
            notice(&restored_words(&restored));
        }
    }
    Ok(())
}

/// What a restore over the vault did, in plain words.
fn restored_words(r: &backup::Restored) -> String {
    let kept = match &r.kept {
        backup::Kept::SafetyBackup(p) => format!(
            "The state before the restore was saved first, as a verified backup: {}.",
            p.display()
        ),
        backup::Kept::SetAside(p) => format!(
            "The vault that was there did not open with this backup's key (it was re-keyed since, or it is damaged), so its files were moved aside, untouched, into {}.",
            p.display()
        ),
    };
    let secrets = match r.secrets {
        backup::Secrets::Current => {
            "The vault opens with your current passphrase, recovery code and remembered device, as before."
        }
        backup::Secrets::Backups => {
            "The vault now opens with the passphrase and recovery code that were valid when the backup was made; run `kindred keychain remember` again if you use it."
        }
    };
    format!("Restored the vault from the backup. {kept}\n{secrets}")
}

pub fn settings(
    ctx: &Ctx,
    primary: Option<PathBuf>,
    secondary: Option<String>,
    keep: [Option<u32>; 4],
    as_json: bool,
) -> Result {
    let vault = ctx.unlock()?;
    let mut s = vault.backups().settings()?;
    let before = s.clone();
    if let Some(p) = primary {
        s.primary = p;
    }
    if let Some(sec) = secondary {
        s.secondary = if sec.eq_ignore_ascii_case("none") || sec.is_empty() {
            None
        } else {
            Some(PathBuf::from(sec))
        };
    }
    let [last, daily, weekly, monthly] = keep;
    s.retention.last = last.unwrap_or(s.retention.last);
    s.retention.daily = daily.unwrap_or(s.retention.daily);
    s.retention.weekly = weekly.unwrap_or(s.retention.weekly);
    s.retention.monthly = monthly.unwrap_or(s.retention.monthly);
    if s != before {
        vault.backups().set_settings(&s)?;
    }
    if as_json {
        return output::json(&s);
    }
    output::out(&format!(
        "Backups go to:   {}\nAlso, if there:  {}\nKeep:            last {}, daily {}, weekly {}, monthly {}\n",
        s.primary.display(),
        s.secondary
            .as_ref()
            .map_or("(none)".to_string(), |p| p.display().to_string()),
        s.retention.last,
        s.retention.daily,
        s.retention.weekly,
        s.retention.monthly
    ))
}
