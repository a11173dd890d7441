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
    let files = match summary.attachments {
        0 => String::new(),
        n => format!(" and {n} attached files"),
    };
    notice(&format!(
        "Exported {} entries, {} people and {} notes{files}, unencrypted, to:",
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
    if report.media > 0 {
        msg.push_str(&format!(
            ", with {} photos and other files attached",
            report.media
        ));
    }
    msg.push('.');
    let f = &report.fallbacks;
    let notes = [
        (report.duplicates, "were already here and were skipped."),
        (
            report.media_missing,
            "photos or other files the entries refer to are not in the file and were not attached (import the export's .zip to bring them).",
        ),
        (
            f.no_uuid,
            "had no id and will be known by their date and text.",
        ),
        (
            f.time_zones,
            "had a time zone that is not known; the offset in their time gave the day.",
        ),
        (f.null_values, "\"(null)\" values were taken as empty."),
    ];
    for (n, what) in notes {
        if n > 0 {
            msg.push_str(&format!(" {n} {what}"));
        }
    }
    output::line(&msg)
}
