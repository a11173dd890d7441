//! People: `person add|edit|show|delete|restore` (`person date` is in
//! `reflect`), `people`, `note` and `notes`.

use kindred_core::journal::ListFilter;
use kindred_core::model::{PersonDraft, PersonPatch, Proximity};
use kindred_core::Error;
use serde_json::json;

use super::{first_line, read_stdin, reflect};
use crate::cli::{PersonCommand, PersonFields};
use crate::ctx::Ctx;
use crate::output::{self, notice};

type Result<T = ()> = std::result::Result<T, Error>;

fn parse_proximity(s: &str) -> Result<Option<Proximity>> {
    if s.trim().eq_ignore_ascii_case("none") {
        return Ok(None);
    }
    Proximity::parse(s).map(Some)
}

pub fn person(ctx: &Ctx, cmd: PersonCommand) -> Result {
    match cmd {
        PersonCommand::Add {
            name,
            fields,
            json: as_json,
        } => {
            let proximity = fields
                .proximity
                .as_deref()
                .map(parse_proximity)
                .transpose()?
                .flatten();
            let vault = ctx.open()?;
            let id = vault.people().add(&PersonDraft {
                name,
                relationship: fields.relationship.unwrap_or_default(),
                proximity,
                how_we_met: fields.how_we_met.unwrap_or_default(),
                cadence_days: fields.cadence.filter(|d| *d > 0),
            })?;
            if as_json {
                output::json(&json!({ "id": id }))
            } else {
                output::line(&id.to_string())
            }
        }
        PersonCommand::Edit {
            name,
            new_name,
            fields,
            archive,
            unarchive,
        } => {
            let patch = person_patch(new_name, fields, archive, unarchive)?;
            if patch == PersonPatch::default() {
                return Err(Error::InvalidInput(
                    "Nothing to change: give --name, --relationship, --proximity, --met, --cadence, --archive or --unarchive.".into(),
                ));
            }
            let vault = ctx.open()?;
            let p = vault.people().resolve(&name)?;
            vault.people().edit(p.id, &patch)?;
            notice(&format!("Saved person #{}.", p.id));
            Ok(())
        }
        PersonCommand::Show {
            name,
            json: as_json,
        } => {
            let vault = ctx.open()?;
            let p = vault.people().resolve(&name)?;
            let notes = vault.people().notes(p.id)?;
            let entries = vault.journal().list(&ListFilter {
                person_id: Some(p.id),
                ..ListFilter::default()
            })?;
            if as_json {
                return output::json(&json!({ "person": p, "notes": notes, "entries": entries }));
            }
            let mut t = format!("{} (#{})\n", p.name, p.id);
            if !p.relationship.is_empty() {
                t.push_str(&format!("  relationship: {}\n", p.relationship));
            }
            if let Some(px) = p.proximity {
                t.push_str(&format!("  proximity:    {}\n", px.label()));
            }
            if !p.how_we_met.is_empty() {
                t.push_str(&format!("  how we met:   {}\n", p.how_we_met));
            }
            if let Some(c) = p.cadence_days {
                t.push_str(&format!("  check in:     about every {c} days\n"));
            }
            if let Some(d) = p.last_contact {
                t.push_str(&format!("  last contact: {d}\n"));
            }
            t.push_str(&format!("\nNotes ({})\n", notes.len()));
            for n in &notes {
                t.push_str(&format!(
                    "  {}  {}\n",
                    n.created_at.format("%Y-%m-%d"),
                    first_line(&n.body, 70)
                ));
            }
            t.push_str(&format!("\nEntries mentioning them ({})\n", entries.len()));
            for e in &entries {
                t.push_str(&format!("  {:>6}  {}  {}\n", e.id, e.date, e.title));
            }
            output::out(&t)
        }
        PersonCommand::Delete { name } => {
            let vault = ctx.open()?;
            let p = vault.people().resolve(&name)?;
            vault.people().trash(p.id)?;
            notice(&format!(
                "Moved person #{} and their notes to the trash. Undo with `kindred person restore {}`.",
                p.id, p.id
            ));
            Ok(())
        }
        PersonCommand::Date { name, label, on } => reflect::important_date(ctx, &name, &label, &on),
        PersonCommand::Photo { name, file, json } => {
            super::attachments::photo(ctx, &name, &file, json)
        }
        PersonCommand::Restore { id } => {
            ctx.open()?.people().restore(id)?;
            notice(&format!("Restored person #{id}."));
            Ok(())
        }
    }
}

fn person_patch(
    new_name: Option<String>,
    fields: PersonFields,
    archive: bool,
    unarchive: bool,
) -> Result<PersonPatch> {
    Ok(PersonPatch {
        name: new_name,
        relationship: fields.relationship,
        proximity: fields
            .proximity
            .as_deref()
            .map(parse_proximity)
            .transpose()?,
        how_we_met: fields.how_we_met,
        cadence_days: fields.cadence.map(|d| (d > 0).then_some(d)),
        archived: if archive {
            Some(true)
        } else if unarchive {
            Some(false)
        } else {
            None
        },
    })
}

pub fn list(ctx: &Ctx, all: bool, as_json: bool) -> Result {
    let vault = ctx.open()?;
    let list = vault.people().list(all)?;
    if as_json {
        return output::json(&list);
    }
    if list.is_empty() {
        notice("Nobody yet. Add someone with `kindred person add NAME`.");
    }
    let mut t = String::new();
    for p in &list {
        t.push_str(&format!(
            "{:>5}  {:<24} {:<20} {:<18} {}\n",
            format!("#{}", p.id),
            p.name,
            p.relationship,
            p.proximity.map(Proximity::label).unwrap_or("-"),
            p.last_contact
                .map(|d| d.to_string())
                .unwrap_or_else(|| "-".into())
        ));
    }
    output::out(&t)
}

pub fn note(ctx: &Ctx, name: &str, as_json: bool) -> Result {
    let body = read_stdin("note")?;
    let vault = ctx.open()?;
    let p = vault.people().resolve(name)?;
    let id = vault.people().add_note(p.id, &body)?;
    if as_json {
        output::json(&json!({ "id": id }))
    } else {
        output::line(&id.to_string())
    }
}

pub fn notes(ctx: &Ctx, name: &str, as_json: bool) -> Result {
    let vault = ctx.open()?;
    let p = vault.people().resolve(name)?;
    let list = vault.people().notes(p.id)?;
    if as_json {
        return output::json(&list);
    }
    let mut t = String::new();
    for n in &list {
        t.push_str(&format!(
            "{:>6}  {}\n{}\n\n",
            n.id,
            n.created_at.format("%Y-%m-%d %H:%M"),
            n.body.trim_end()
        ));
    }
    output::out(&t)
}
