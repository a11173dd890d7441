//! One function per command: parse, call the core, print.

mod backups;
mod reflect;

use std::io::{IsTerminal, Read};
use std::path::Path;
use std::sync::Arc;

use chrono::NaiveDate;
use kindred_core::clock::SystemClock;
use kindred_core::keychain::{KeyStore, OsKeyStore};
use kindred_core::model::{EntryDraft, EntryPatch, Kind, PersonDraft, PersonPatch, Proximity};
use kindred_core::store::entries::ListFilter;
use kindred_core::{vault, Error, Vault};
use serde_json::json;

use crate::cli::{
    Cli, Command, EntryFields, KeychainCommand, PassphraseCommand, PersonCommand, PersonFields,
};
use crate::credentials::{self, ENV_NEW_PASSPHRASE};
use crate::ctx::Ctx;
use crate::output::{self, notice};

type Result<T = ()> = std::result::Result<T, Error>;

/// Runs one parsed command line.
pub fn run(cli: Cli) -> Result {
    let ctx = Ctx::new(&cli)?;
    match cli.command {
        Command::Init { remember, json } => init(&ctx, remember, json),
        Command::Write { fields, json } => write(&ctx, &fields, json),
        Command::Entries {
            limit,
            tag,
            person,
            json,
        } => entries(&ctx, limit, tag, person, json),
        Command::Show { id, json, raw } => show(&ctx, id, json, raw),
        Command::Edit {
            id,
            fields,
            stdin,
            clear_tags,
            clear_people,
        } => edit(&ctx, id, &fields, stdin, clear_tags, clear_people),
        Command::Delete { id } => {
            ctx.open()?.journal().trash(id)?;
            notice(&format!(
                "Moved entry {id} to the trash. Undo with `kindred restore-entry {id}`."
            ));
            Ok(())
        }
        Command::Trash { json } => trash(&ctx, json),
        Command::RestoreEntry { id } => {
            ctx.open()?.journal().restore(id)?;
            notice(&format!("Restored entry {id}."));
            Ok(())
        }
        Command::Purge { kind, id } => {
            let kind = match kind.as_str() {
                "entry" => Kind::Entry,
                "note" => Kind::Note,
                _ => Kind::Person,
            };
            ctx.open()?.trash().purge(kind, id)?;
            notice(&format!("Deleted {} {id} for good.", kind.as_str()));
            Ok(())
        }
        Command::EmptyTrash { yes } => {
            if !yes {
                return Err(Error::InvalidInput(
                    "Emptying the trash cannot be undone; run again with --yes to confirm.".into(),
                ));
            }
            let n = ctx.open()?.trash().empty()?;
            notice(&format!("Deleted {n} item(s) for good."));
            Ok(())
        }
        Command::Person(cmd) => person(&ctx, cmd),
        Command::People { all, json } => people(&ctx, all, json),
        Command::Note { name, json } => note(&ctx, &name, json),
        Command::Notes { name, json } => notes(&ctx, &name, json),
        Command::Search { query, limit, json } => search(&ctx, &query.join(" "), limit, json),
        Command::Passphrase(PassphraseCommand::Change {
            new_passphrase_file,
        }) => change_passphrase(&ctx, new_passphrase_file.as_deref()),
        Command::Recover {
            recovery_code_file,
            new_passphrase_file,
            json,
        } => recover(
            &ctx,
            recovery_code_file.as_deref(),
            new_passphrase_file.as_deref(),
            json,
        ),
        Command::Keychain(cmd) => keychain(&ctx, cmd),
        Command::Status { json } => status(&ctx, json),
        Command::Check => {
            let v = ctx.unlock()?;
            v.check_integrity()?;
            notice("The vault passed SQLite's and SQLCipher's integrity checks.");
            Ok(())
        }
        Command::Backup { to, json } => backups::backup(&ctx, to.as_deref(), json),
        Command::Backups { json } => backups::list(&ctx, json),
        Command::Verify {
            file,
            recovery_code,
            json,
        } => backups::verify(&ctx, &file, recovery_code, json),
        Command::Restore {
            file,
            to,
            replace: _,
            recovery_code,
            recovery_code_file,
        } => backups::restore(
            &ctx,
            &file,
            to.as_deref(),
            recovery_code || recovery_code_file.is_some(),
            recovery_code_file.as_deref(),
        ),
        Command::Export {
            format,
            to,
            plaintext_ok,
            json,
        } => export(&ctx, &format, &to, plaintext_ok, json),
        Command::Import { from, file, json } => import(&ctx, &from, &file, json),
        Command::Checkin {
            name,
            answers,
            json,
        } => reflect::checkin(&ctx, &name, answers, json),
        Command::Moment {
            name,
            kind,
            note,
            date,
            json,
        } => {
            let date = date.as_deref().map(parse_date).transpose()?;
            reflect::moment(&ctx, &name, &kind, note, date, json)
        }
        Command::Lovemap {
            name,
            topic,
            text,
            json,
        } => reflect::lovemap(&ctx, &name, topic.as_deref(), text.as_deref(), json),
        Command::Map { json } => reflect::map(&ctx, json),
        Command::Prompt { person, json } => reflect::prompt(&ctx, person.as_deref(), json),
        Command::Today { json } => reflect::today(&ctx, json),
        Command::Timeline { name, json } => reflect::timeline(&ctx, &name, json),
        Command::BackupSettings {
            primary,
            secondary,
            keep_last,
            keep_daily,
            keep_weekly,
            keep_monthly,
            json,
        } => backups::settings(
            &ctx,
            primary,
            secondary,
            [keep_last, keep_daily, keep_weekly, keep_monthly],
            json,
        ),
    }
}

fn io_err(e: std::io::Error) -> Error {
    Error::Io {
        action: "write the output",
        kind: e.kind(),
    }
}

fn init(ctx: &Ctx, remember: bool, as_json: bool) -> Result {
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
        }))
        .map_err(io_err)?;
    } else {
        notice(&format!("Created a vault at {}.", ctx.dir.display()));
        notice("Your recovery code is below. It is shown once and never stored: write it down and keep it somewhere safe, away from this computer. It is the only way back in if you forget your passphrase.\n");
        output::line(&format!("    {}", created.recovery_code.expose_secret())).map_err(io_err)?;
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

fn read_stdin(what: &str) -> Result<String> {
    let mut stdin = std::io::stdin().lock();
    if stdin.is_terminal() {
        notice(&format!(
            "Type the {what}, then press Ctrl-D on a new line to save it."
        ));
    }
    let mut bytes = Vec::new();
    stdin.read_to_end(&mut bytes).map_err(|e| Error::Io {
        action: "read standard input",
        kind: e.kind(),
    })?;
    String::from_utf8(bytes).map_err(|_| {
        Error::InvalidInput(format!(
            "The {what} is not valid UTF-8 text; nothing was saved."
        ))
    })
}

fn parse_date(s: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| {
        Error::InvalidInput(
            "Dates are written YYYY-MM-DD, e.g. 2026-03-14; nothing was saved.".into(),
        )
    })
}

fn resolve_people(vault: &Vault, names: &[String]) -> Result<Vec<i64>> {
    names
        .iter()
        .map(|n| vault.people().resolve(n).map(|p| p.id))
        .collect()
}

fn write(ctx: &Ctx, fields: &EntryFields, as_json: bool) -> Result {
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
        output::json(&json!({ "id": id })).map_err(io_err)
    } else {
        output::line(&id.to_string()).map_err(io_err)
    }
}

fn entries(
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
    })?;
    if as_json {
        return output::json(&list).map_err(io_err);
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
    output::out(&text).map_err(io_err)
}

fn first_line(s: &str, max: usize) -> String {
    let line = s.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let mut out: String = line.chars().take(max).collect();
    if line.chars().count() > max {
        out.push('…');
    }
    out
}

fn show(ctx: &Ctx, id: i64, as_json: bool, raw: bool) -> Result {
    let vault = ctx.open()?;
    let e = vault.journal().get(id)?;
    if raw {
        return output::out(&e.body).map_err(io_err);
    }
    if as_json {
        return output::json(&e).map_err(io_err);
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
    output::out(&format!("{head}\n\n{}\n", e.body.trim_end_matches('\n'))).map_err(io_err)
}

fn edit(
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

fn trash(ctx: &Ctx, as_json: bool) -> Result {
    let vault = ctx.open()?;
    let items = vault.trash().list()?;
    if as_json {
        return output::json(&items).map_err(io_err);
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
    output::out(&text).map_err(io_err)
}

fn parse_proximity(s: &str) -> Result<Option<Proximity>> {
    if s.trim().eq_ignore_ascii_case("none") {
        return Ok(None);
    }
    Proximity::parse(s).map(Some)
}

fn person(ctx: &Ctx, cmd: PersonCommand) -> Result {
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
                output::json(&json!({ "id": id })).map_err(io_err)
            } else {
                output::line(&id.to_string()).map_err(io_err)
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
                return output::json(&json!({ "person": p, "notes": notes, "entries": entries }))
                    .map_err(io_err);
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
            output::out(&t).map_err(io_err)
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

fn people(ctx: &Ctx, all: bool, as_json: bool) -> Result {
    let vault = ctx.open()?;
    let list = vault.people().list(all)?;
    if as_json {
        return output::json(&list).map_err(io_err);
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
    output::out(&t).map_err(io_err)
}

fn note(ctx: &Ctx, name: &str, as_json: bool) -> Result {
    let body = read_stdin("note")?;
    let vault = ctx.open()?;
    let p = vault.people().resolve(name)?;
    let id = vault.people().add_note(p.id, &body)?;
    if as_json {
        output::json(&json!({ "id": id })).map_err(io_err)
    } else {
        output::line(&id.to_string()).map_err(io_err)
    }
}

fn notes(ctx: &Ctx, name: &str, as_json: bool) -> Result {
    let vault = ctx.open()?;
    let p = vault.people().resolve(name)?;
    let list = vault.people().notes(p.id)?;
    if as_json {
        return output::json(&list).map_err(io_err);
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
    output::out(&t).map_err(io_err)
}

fn search(ctx: &Ctx, query: &str, limit: u32, as_json: bool) -> Result {
    let vault = ctx.open()?;
    let hits = vault.search(query, limit)?;
    if as_json {
        return output::json(&hits).map_err(io_err);
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
    output::out(&t).map_err(io_err)
}

fn change_passphrase(ctx: &Ctx, new_file: Option<&Path>) -> Result {
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
    vault.change_passphrase(&current, &new)?;
    notice("Changed the passphrase. The old one no longer opens this vault; your recovery code still works.");
    Ok(())
}

fn recover(ctx: &Ctx, code_file: Option<&Path>, new_file: Option<&Path>, as_json: bool) -> Result {
    if !vault::exists(&ctx.dir) {
        return Err(Error::VaultMissing(ctx.dir.display().to_string()));
    }
    let code = credentials::recovery_code(code_file)?;
    let new = credentials::new_passphrase(ENV_NEW_PASSPHRASE, new_file)?;
    let created = Vault::recover(&ctx.dir, &code, &new, Arc::new(SystemClock))?;
    if as_json {
        return output::json(&json!({ "recovery_code": created.recovery_code.expose_secret() }))
            .map_err(io_err);
    }
    notice("Set a new passphrase. The recovery code you typed is retired; here is the new one, shown once. Keep it somewhere safe:\n");
    output::line(&format!("    {}", created.recovery_code.expose_secret())).map_err(io_err)
}

fn keychain(ctx: &Ctx, cmd: KeychainCommand) -> Result {
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
                        json!({"code": e.code(), "message": e.to_string()}),
                    ),
                };
                return output::json(&json!({
                    "remembered": remembered, "in_keychain": present, "error": error
                }))
                .map_err(io_err);
            }
            let text = match (remembered, in_keychain) {
                (false, _) => "Not remembered on this device.".to_string(),
                (true, Ok(true)) => "Remembered on this device; the keychain holds the unlock secret.".to_string(),
                (true, Ok(false)) => "Remembered, but the keychain has no entry for it; the passphrase will be asked for.".to_string(),
                (true, Err(e)) => format!("Remembered, but the keychain cannot be read: {e}"),
            };
            output::line(&text).map_err(io_err)
        }
    }
}

fn status(ctx: &Ctx, as_json: bool) -> Result {
    let vault = ctx.unlock()?;
    let counts = vault.counts()?;
    if as_json {
        return output::json(&json!({
            "vault": vault.dir(),
            "vault_id": vault.id(),
            "remembered": vault.is_remembered(),
            "counts": counts,
        }))
        .map_err(io_err);
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
    .map_err(io_err)
}

fn export(ctx: &Ctx, format: &str, to: &Path, plaintext_ok: bool, as_json: bool) -> Result {
    if !plaintext_ok {
        return Err(Error::InvalidInput(format!(
            "An export is NOT encrypted: anyone who can read {} can read everything in it. Run again with --plaintext-ok to confirm.",
            to.display()
        )));
    }
    let vault = ctx.unlock()?;
    let summary = if format == "json" {
        vault.export_json(to)?
    } else {
        vault.export_markdown(to)?
    };
    if as_json {
        return output::json(&json!({ "path": to, "summary": summary })).map_err(io_err);
    }
    notice(&format!(
        "Exported {} entries, {} people and {} notes, unencrypted, to:",
        summary.entries, summary.people, summary.notes
    ));
    output::line(&to.display().to_string()).map_err(io_err)?;
    notice("Delete it when you no longer need it.");
    Ok(())
}

fn import(ctx: &Ctx, from: &str, file: &Path, as_json: bool) -> Result {
    let source = kindred_core::interchange::Source::parse(from)?;
    let vault = ctx.open()?;
    let mut bar = output::Bar::new();
    let report = vault.import(source, file, &mut |done, total| {
        bar.set("Importing", done, total)
    });
    bar.finish();
    let report = report?;
    if as_json {
        return output::json(&report).map_err(io_err);
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
    output::line(&msg).map_err(io_err)
}
