//! One module per job; this one dispatches a parsed command line to them
//! and holds the small helpers several of them share (standard input,
//! dates, one-line summaries).
//!
//! - `journal`: entries, the trash, search.
//! - `attachments`: files on entries, and people's pictures.
//! - `people`: people and their notes.
//! - `reflect`: check-ins, moments, love maps, the map, prompts, today.
//! - `secrets`: init, passphrase, recovery, keychain, status, check.
//! - `backups`: backup, list, verify, restore, settings.
//! - `interchange`: export and import.
//! - `generate`: the man page and shell completions, for packages.

mod attachments;
mod backups;
pub(crate) use backups::label as stage_label;
mod generate;
mod interchange;
mod journal;
mod people;
mod reflect;
mod secrets;

use std::io::{IsTerminal, Read};

use chrono::NaiveDate;
use kindred_core::Error;

use crate::cli::{AttachmentCommand, Cli, Command, PassphraseCommand};
use crate::ctx::Ctx;
use crate::output::notice;

type Result<T = ()> = std::result::Result<T, Error>;

/// Runs one parsed command line.
pub fn run(cli: Cli) -> Result {
    if let Command::Generate { what } = cli.command {
        return generate::print(what);
    }
    let ctx = Ctx::new(&cli)?;
    match cli.command {
        Command::Generate { what } => generate::print(what),
        Command::Init { remember, json } => secrets::init(&ctx, remember, json),
        Command::Write { fields, json } => journal::write(&ctx, &fields, json),
        Command::Entries {
            limit,
            tag,
            person,
            json,
        } => journal::list(&ctx, limit, tag, person, json),
        Command::Show { id, json, raw } => journal::show(&ctx, id, json, raw),
        Command::Edit {
            id,
            fields,
            stdin,
            clear_tags,
            clear_people,
        } => journal::edit(&ctx, id, &fields, stdin, clear_tags, clear_people),
        Command::Attach {
            entry_id,
            files,
            json,
        } => attachments::attach(&ctx, entry_id, &files, json),
        Command::Detach { id } => attachments::detach(&ctx, id),
        Command::Attachment(AttachmentCommand::Save {
            id,
            to,
            plaintext_ok,
        }) => attachments::save(&ctx, id, &to, plaintext_ok),
        Command::Attachment(AttachmentCommand::Restore { id }) => attachments::restore(&ctx, id),
        Command::Delete { id } => journal::delete(&ctx, id),
        Command::Trash { json } => journal::trash(&ctx, json),
        Command::RestoreEntry { id } => journal::restore(&ctx, id),
        Command::Purge { kind, id } => journal::purge(&ctx, kind, id),
        Command::EmptyTrash { yes } => journal::empty_trash(&ctx, yes),
        Command::Person(cmd) => people::person(&ctx, cmd),
        Command::People { all, json } => people::list(&ctx, all, json),
        Command::Note { name, json } => people::note(&ctx, &name, json),
        Command::Notes { name, json } => people::notes(&ctx, &name, json),
        Command::Search { query, limit, json } => {
            journal::search(&ctx, &query.join(" "), limit, json)
        }
        Command::Passphrase(PassphraseCommand::Change {
            new_passphrase_file,
            new_key,
            json,
        }) => secrets::change_passphrase(&ctx, new_passphrase_file.as_deref(), new_key, json),
        Command::Recover {
            recovery_code_file,
            new_passphrase_file,
            json,
        } => secrets::recover(
            &ctx,
            recovery_code_file.as_deref(),
            new_passphrase_file.as_deref(),
            json,
        ),
        Command::Keychain(cmd) => secrets::keychain(&ctx, cmd),
        Command::Status { json } => secrets::status(&ctx, json),
        Command::Check => secrets::check(&ctx),
        Command::Backup {
            to,
            delete_older,
            json,
        } => backups::backup(&ctx, to.as_deref(), delete_older, json),
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
        } => interchange::export(&ctx, format, &to, plaintext_ok, json),
        Command::Import { from, file, json } => interchange::import(&ctx, from, &file, json),
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

fn first_line(s: &str, max: usize) -> String {
    let line = s.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let mut out: String = line.chars().take(max).collect();
    if line.chars().count() > max {
        out.push('…');
    }
    out
}
