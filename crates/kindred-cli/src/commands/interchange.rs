//! Plaintext in and out: `export` (JSON or Markdown) and `import` (jrnl,
//! Day One, Kindred JSON).

use std::path::Path;

use kindred_core::interchange::{ImportStage, Source};
use kindred_core::Error;
use serde_json::json;

use crate::cli::{ExportFormat, ImportSource};
use crate::ctx::Ctx;
use crate::output::{self, notice};

type Result<T = ()> = std::result::Result<T, Error>;

pub fn export(
    ctx: &Ctx,
    format: ExportFormat,
    to: &Path,
    plaintext_ok: bool,
    as_json: bool,
) -> Result {
    if !plaintext_ok {
        return Err(Error::InvalidInput(format!(
            "An export is NOT encrypted: anyone who can read {} can read everything in it. Run again with --plaintext-ok to confirm.",
            to.display()
        )));
    }
    let vault = ctx.unlock()?;
    let summary = match format {
        ExportFormat::Json => vault.export_json(to)?,
        ExportFormat::Markdown => vault.export_markdown(to)?,
    };
    if as_json {
        return output::json(&json!({ "path": to, "summary": summary }));
    }
    notice(&format!(
        "Exported {} entries, {} people and {} notes, unencrypted, to:",
        summary.entries, summary.people, summary.notes
    ));
    output::line(&to.display().to_string())?;
    notice("Delete it when you no longer need it.");
    Ok(())
}

pub fn import(ctx: &Ctx, from: ImportSource, file: &Path, as_json: bool) -> Result {
    let source = Source::from(from);
    let vault = ctx.open()?;
    let mut bar = output::Bar::new();
    let report = vault.import(source, file, &mut |stage, done, total| {
        let words = match stage {
            ImportStage::Read => "Reading",
            ImportStage::Write => "Importing",
        };
        bar.set(words, done, total);
    });
    bar.finish();
    let report = report?;
    if as_json {
        return output::json(&report);
    }
    let mut msg = format!("Imported {} entries", report.entries);
    if report.people + report.notes > 0 {
        msg.push_str(&format!(
            ", {} people and {} notes",
            report.people, report.notes
        ));
    }
    msg.push('.');
    if report.duplicates > 0 {
        msg.push_str(&format!(
            " {} were already here and were skipped.",
            report.duplicates
        ));
    }
    if report.media_skipped > 0 {
        msg.push_str(&format!(
            " {} photos or other media were not imported (Kindred keeps text only).",
            report.media_skipped
        ));
    }
    let f = &report.fallbacks;
    if f.no_uuid > 0 {
        msg.push_str(&format!(
            " {} had no id and will be known by their date and text.",
            f.no_uuid
        ));
    }
    if f.time_zones > 0 {
        msg.push_str(&format!(
            " {} had a time zone that is not known; the offset in their time gave the day.",
            f.time_zones
        ));
    }
    if f.null_values > 0 {
        msg.push_str(&format!(
            " {} \"(null)\" values were taken as empty.",
            f.null_values
        ));
    }
    output::line(&msg)
}
