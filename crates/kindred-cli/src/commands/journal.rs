//! The journal: `write`, `entries`, `show`, `edit`, `delete`, `trash`,
//! `restore-entry`, `purge`, `empty-trash`, and `search` (which also finds
//! notes and people, but reads as a way through the journal).

use kindred_core::journal::ListFilter;
use kindred_core::model::{EntryDraft, EntryPatch, Kind};
use kindred_core::{Error, Vault};
use serde_json::json;

use super::{first_line, parse_date, read_stdin};
use crate::cli::{EntryFields, PurgeKind};
use crate::ctx::Ctx;
use crate::output::{self, notice};

type Result<T = ()> = std::result::Result<T, Error>;

fn resolve_people(vault: &Vault, names: &[String]) -> Result<Vec<i64>> {
    names
        .iter()
        .map(|n| vault.people().resolve(n).map(|p| p.id))
        .collect()
}

pub fn write(ctx: &Ctx, fields: &EntryFields, as_json: bool) -> Result {
    let date = fields.date.as_deref().map(parse_date).transpose()?;
    let body = read_stdin("entry")?;
    let title = fields.title.clone().unwrap_or_default();
    if body.trim().is_empty() && title.trim().is_empty() {
        return Err(Error::InvalidInput(
            "The entry is empty (no title, no text); nothing was saved.".into(),
        ));
    }
    let vault = ctx.open()?;
    let draft = EntryDraft {
        date,
        title,
        body,
        tags: fields.tags.clone(),
        people: resolve_people(&vault, &fields.people)?,
    };
    let id = match &fields.prompt {
        Some(p) => vault.journal().write_answer(&draft, p)?,
        None => vault.journal().write(&draft)?,
    };
    // The id is printed only after the commit: a printed id is a durable save.
    if as_json {
        output::json(&json!({ "id": id }))
    } else {
        output::line(&id.to_string())
    }
}

pub fn list(
    ctx: &Ctx,
    limit: Option<u32>,
    tag: Option<String>,
    person: Option<String>,
    as_json: bool,
) -> Result {
    let vault = ctx.open()?;
    let person_id = person
        .map(|p| vault.people().resolve(&p).map(|p| p.id))
        .transpose()?;
    let list = vault.journal().list(&ListFilter {
        limit,
        tag,
        person_id,
        ..ListFilter::default()
    })?;
    if as_json {
        return output::json(&list);
    }
    if list.is_empty() {
        notice("No entries yet. Write one with `kindred write`.");
    }
    let mut text = String::new();
    for e in &list {
        let title = if e.title.is_empty() {
            first_line(&e.excerpt, 60)
        } else {
            e.title.clone()
        };
        let mut line = format!("{:>6}  {}  {}", e.id, e.date, title);
        for t in &e.tags {
            line.push_str(&format!("  #{t}"));
        }
        for p in &e.people {
            line.push_str(&format!("  @{}", p.name));
        }
        text.push_str(&line);
        text.push('\n');
    }
    output::out(&text)
}

pub fn show(ctx: &Ctx, id: i64, as_json: bool, raw: bool) -> Result {
    let vault = ctx.open()?;
    let e = vault.journal().get(id)?;
    if raw {
        return output::out(&e.body);
    }
    if as_json {
        return output::json(&e);
    }
    let mut head = String::new();
    if !e.title.is_empty() {
        head.push_str(&format!("# {}\n", e.title));
    }
    head.push_str(&e.date.to_string());
    if !e.tags.is_empty() {
        head.push_str(&format!(
            " · {}",
            e.tags
                .iter()
                .map(|t| format!("#{t}"))
                .collect::<Vec<_>>()
                .join(" ")
        ));
    }
    let kept = [
        e.starred.then(|| "starred".to_owned()),
        e.pinned.then(|| "pinned".to_owned()),
        e.place.as_ref().map(|p| format!("at {p}")),
        e.weather.clone(),
    ];
    for k in kept.into_iter().flatten() {
        head.push_str(&format!(" · {k}"));
    }
    if !e.people.is_empty() {
        head.push_str(&format!(
            " · with {}",
            e.people
                .iter()
                .map(|p| p.name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    let mut text = format!("{head}\n\n{}\n", e.body.trim_end_matches('\n'));
    if !e.attachments.is_empty() {
        text.push_str("\nAttached:\n");
        for a in &e.attachments {
            text.push_str(&format!(
                "  {}  {}  {}  ({} bytes)\n",
                a.id, a.name, a.mime, a.bytes
            ));
        }
    }
    output::out(&text)
}

pub fn edit(
    ctx: &Ctx,
    id: i64,
    fields: &EntryFields,
    stdin: bool,
    clear_tags: bool,
    clear_people: bool,
) -> Result {
    if fields.prompt.is_some() {
        return Err(Error::InvalidInput(
            "--prompt is for new entries (`kindred write --prompt ID`).".into(),
        ));
    }
    let date = fields.date.as_deref().map(parse_date).transpose()?;
    let body = if stdin {
        Some(read_stdin("entry")?)
    } else {
        None
    };
    let vault = ctx.open()?;
    let current = vault.journal().get(id)?;
    let tags = if clear_tags || !fields.tags.is_empty() {
        let mut t = if clear_tags {
            Vec::new()
        } else {
            current.tags.clone()
        };
        t.extend(fields.tags.iter().cloned());
        Some(t)
    } else {
        None
    };
    let people = if clear_people || !fields.people.is_empty() {
        let mut p: Vec<i64> = if clear_people {
            Vec::new()
        } else {
            current.people.iter().map(|p| p.id).collect()
        };
        p.extend(resolve_people(&vault, &fields.people)?);
        Some(p)
    } else {
        None
    };
    let patch = EntryPatch {
        date,
        title: fields.title.clone(),
        body,
        tags,
        people,
    };
    if patch == EntryPatch::default() {
        return Err(Error::InvalidInput(
            "Nothing to change: give --title, --date, --tag, --person or --stdin.".into(),
        ));
    }
    vault.journal().edit(id, &patch)?;
    notice(&format!("Saved entry {id}."));
    Ok(())
}

pub fn delete(ctx: &Ctx, id: i64) -> Result {
    ctx.open()?.journal().trash(id)?;
    notice(&format!(
        "Moved entry {id} to the trash. Undo with `kindred restore-entry {id}`."
    ));
    Ok(())
}

pub fn trash(ctx: &Ctx, as_json: bool) -> Result {
    let vault = ctx.open()?;
    let items = vault.trash().list()?;
    if as_json {
        return output::json(&items);
    }
    if items.is_empty() {
        notice("The trash is empty.");
    }
    let mut text = String::new();
    for i in &items {
        text.push_str(&format!(
            "{:<7} {:>6}  deleted {}  {}\n",
            i.kind.as_str(),
            i.id,
            i.deleted_at.format("%Y-%m-%d %H:%M"),
            first_line(&i.label, 60)
        ));
    }
    output::out(&text)
}

pub fn restore(ctx: &Ctx, id: i64) -> Result {
    ctx.open()?.journal().restore(id)?;
    notice(&format!("Restored entry {id}."));
    Ok(())
}

pub fn purge(ctx: &Ctx, kind: PurgeKind, id: i64) -> Result {
    let kind = Kind::from(kind);
    ctx.open()?.trash().purge(kind, id)?;
    notice(&format!("Deleted {} {id} for good.", kind.as_str()));
    Ok(())
}

pub fn empty_trash(ctx: &Ctx, yes: bool) -> Result {
    if !yes {
        return Err(Error::InvalidInput(
            "Emptying the trash cannot be undone; run again with --yes to confirm.".into(),
        ));
    }
    let n = ctx.open()?.trash().empty()?;
    notice(&format!("Deleted {n} item(s) for good."));
    Ok(())
}

pub fn search(ctx: &Ctx, query: &str, limit: u32, as_json: bool) -> Result {
    let vault = ctx.open()?;
    let hits = vault.search(query, limit)?;
    if as_json {
        return output::json(&hits);
    }
    if hits.is_empty() {
        notice("No matches.");
    }
    let bold = output::stdout_is_terminal();
    let mut t = String::new();
    for h in &hits {
        let date = h.date.map(|d| d.to_string()).unwrap_or_default();
        t.push_str(&format!(
            "{:<7} {:>6}  {:<10}  {}\n    ",
            h.kind.as_str(),
            h.id,
            date,
            h.title
        ));
        for part in &h.snippet {
            let text = part.text.replace('\n', " ");
            if part.is_match && bold {
                t.push_str(&format!("\x1b[1m{text}\x1b[0m"));
            } else {
                t.push_str(&text);
            }
        }
        t.push('\n');
    }
    output::out(&t)
}
