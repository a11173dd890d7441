//! Attachments: `attach`, `detach`, `attachment save|restore`, and a
//! person's picture (`person photo`, dispatched from `people`).

use std::path::{Path, PathBuf};

use kindred_core::model::Attachment;
use kindred_core::Error;
use serde_json::json;

use crate::ctx::Ctx;
use crate::output::{self, notice};

type Result<T = ()> = std::result::Result<T, Error>;

/// One line per attachment: id, size, type, name.
fn line(a: &Attachment) -> String {
    format!("{}\t{}\t{}\t{}", a.id, size(a.bytes), a.mime, a.name)
}

fn size(bytes: u64) -> String {
    match bytes {
        b if b >= 1 << 20 => format!("{:.1} MB", b as f64 / f64::from(1 << 20)),
        b if b >= 1 << 10 => format!("{:.0} KB", b as f64 / 1024.0),
        b => format!("{b} B"),
    }
}

pub fn attach(ctx: &Ctx, entry_id: i64, files: &[PathBuf], as_json: bool) -> Result {
    let vault = ctx.open()?;
    let attachments = vault.attachments()?;
    let mut added = Vec::with_capacity(files.len());
    for f in files {
        match attachments.attach_file(entry_id, f) {
            Ok(a) => added.push(a),
            Err(e) => {
                // What was attached before stays; say so.
                if !added.is_empty() {
                    notice(&format!(
                        "kindred: {} file(s) were attached before this one failed.",
                        added.len()
                    ));
                }
                return Err(e);
            }
        }
    }
    if as_json {
        return output::json(&json!({ "attachments": added }));
    }
    for a in &added {
        output::line(&line(a))?;
    }
    Ok(())
}

pub fn detach(ctx: &Ctx, id: i64) -> Result {
    let vault = ctx.open()?;
    let a = vault.attachments()?.get(id)?;
    vault.attachments()?.trash(id)?;
    notice(&format!(
        "Moved {} to the trash. Undo: kindred attachment restore {id}",
        a.name
    ));
    Ok(())
}

pub fn restore(ctx: &Ctx, id: i64) -> Result {
    let vault = ctx.open()?;
    vault.attachments()?.restore(id)?;
    notice(&format!("Attachment {id} is back."));
    Ok(())
}

pub fn save(ctx: &Ctx, id: i64, to: &Path, plaintext_ok: bool) -> Result {
    if !plaintext_ok {
        return Err(Error::InvalidInput(format!(
            "A saved attachment is NOT encrypted: anyone who can read {} can open it. Run again with --plaintext-ok to confirm.",
            to.display()
        )));
    }
    let vault = ctx.unlock()?;
    let a = vault.attachments()?.save_to(id, to)?;
    notice(&format!(
        "Saved {} ({}, checked against its SHA-256), unencrypted, to:",
        a.name,
        size(a.bytes)
    ));
    output::line(&to.display().to_string())
}

pub fn photo(ctx: &Ctx, name: &str, file: &Path, as_json: bool) -> Result {
    let vault = ctx.open()?;
    let person = vault.people().resolve(name)?;
    let a = vault.attachments()?.set_photo(person.id, file)?;
    if as_json {
        return output::json(&a);
    }
    notice(&format!("{} has a new picture.", person.name));
    output::line(&line(&a))
}
