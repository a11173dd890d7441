//! The app's IPC: every `#[tauri::command]`'s arguments decoded from the
//! JSON the window sends, then checked as the command checks them.
//!
//! Tauri decodes each argument on its own: it looks the argument's
//! camelCase name up in the payload object and hands that value to the
//! type's `Deserialize`; a missing key is `None` for an `Option` and an
//! error otherwise (tauri `ipc::command::CommandItem`). [`COMMANDS`] holds,
//! per command, a struct of its arguments with the same names and types,
//! which decodes the same way (serde fills a missing `Option` with `None`,
//! ignores other keys, and a payload that is not an object is treated as
//! one without keys, as Tauri's lookup does). A test keeps the table equal
//! to the commands' signatures in `src-tauri/src/commands/`.
//!
//! The argument types and their checks are the app's own
//! (`src-tauri/src/commands/args.rs`). Input: the first byte picks the
//! command, the rest is the JSON payload. Properties: decoding never
//! panics; what decodes goes through the command's checks, which accept it
//! or refuse it as invalid input, and a typed path they accept is absolute.

use chrono::NaiveDate;
use kindred_core::interchange::Source;
use kindred_core::model::{EntryDraft, EntryPatch, Kind};
use kindred_core::reflection::{MomentKind, TimelineCursor, Topic};
use kindred_core::trash::TrashCursor;
use kindred_core::{ErrorCode, Secret};
use serde::Deserialize;
use serde_json::Value;

use crate::args::{
    backup_secret, page_filter, user_path, CheckinInput, EntryInput, Format, PageAfter, PageMarks,
    PathPurpose, PersonInput, SecretKind, SettingsInput, MAX_PAGE,
};
use crate::error::{IpcError, IpcResult};

/// One command as the IPC target sees it.
#[derive(Debug, Clone, Copy)]
pub struct Command {
    /// Its name, as the window invokes it.
    pub name: &'static str,
    /// Its arguments: Rust name and type, as declared.
    pub args: &'static [(&'static str, &'static str)],
    /// Decodes a payload and runs the command's own checks.
    pub decode: fn(&Value) -> Result<(), Refused>,
}

/// Why a payload did not make it into a command.
#[derive(Debug)]
pub enum Refused {
    /// An argument is missing or of the wrong shape (Tauri's own error).
    Decode(String),
    /// The command's checks refused a decoded argument.
    Check(IpcError),
}

macro_rules! commands {
    ($( $name:ident ( $($arg:ident : $ty:ty),* ) $(=> |$a:ident| $check:block)? ; )*) => {
        /// Every command: name, declared arguments, decoding and checks.
        pub const COMMANDS: &[Command] = &[$(
            Command {
                name: stringify!($name),
                args: &[$((stringify!($arg), stringify!($ty))),*],
                decode: |payload| {
                    #[derive(Deserialize)]
                    #[serde(rename_all = "camelCase")]
                    #[allow(dead_code)]
                    struct Args { $($arg: $ty),* }
                    let _args = Args::deserialize(payload)
                        .map_err(|e| Refused::Decode(e.to_string()))?;
                    $(
                        let $a = _args;
                        let checked = || -> IpcResult<()> { $check; Ok(()) };
                        checked().map_err(Refused::Check)?;
                    )?
                    Ok(())
                },
            },
        )*];
    };
}

/// A typed path as the commands take it: refused, or absolute.
fn path(typed: &str) -> IpcResult<()> {
    let p = user_path(typed)?;
    assert!(p.is_absolute(), "{typed:?} became the relative path {p:?}");
    Ok(())
}

commands! {
    // session
    status();
    create_vault(passphrase: String, remember: bool);
    unlock(passphrase: String);
    unlock_with_keychain();
    recover(recovery_code: String, new_passphrase: String);
    lock();
    touch();
    passphrase_strength(passphrase: String);
    // journal
    list_entries(person_id: Option<i64>, tag: Option<String>, limit: Option<u32>, after: Option<PageAfter>)
        => |a| {
            let filter = page_filter(a.person_id, a.tag, a.limit, a.after);
            assert!(filter.limit.is_some_and(|l| (1..=MAX_PAGE).contains(&l)), "{:?}", filter.limit);
        };
    get_entry(id: i64);
    write_entry(entry: EntryInput) => |a| { let _ = EntryDraft::from(a.entry); };
    write_answer(entry: EntryInput, prompt_id: String) => |a| { let _ = EntryDraft::from(a.entry); };
    edit_entry(id: i64, entry: EntryInput) => |a| { let _ = EntryPatch::from(a.entry); };
    trash_entry(id: i64);
    restore_entry(id: i64);
    list_tags();
    list_trash(limit: Option<u32>, after: Option<TrashCursor>);
    purge_item(kind: Kind, id: i64);
    empty_trash();
    render_markdown(text: String);
    // people
    list_people();
    get_person(id: i64);
    add_person(person: PersonInput) => |a| { a.person.draft()?; };
    edit_person(id: i64, person: PersonInput) => |a| { a.person.patch()?; };
    trash_person(id: i64);
    restore_person(id: i64);
    list_notes(person_id: i64);
    add_note(person_id: i64, body: String);
    trash_note(id: i64);
    restore_note(id: i64);
    // search
    search(query: String);
    // reflection
    vocabulary();
    today();
    prompt_for(person_id: i64);
    check_in(person_id: i64, checkin: CheckinInput) => |a| { let _ = a.checkin.draft(a.person_id); };
    depth(person_id: i64);
    map();
    proximity_history(person_id: i64);
    add_moment(person_id: i64, kind: String, date: Option<NaiveDate>, note: String)
        => |a| { MomentKind::parse(&a.kind)?; };
    trash_moment(id: i64);
    restore_moment(id: i64);
    trash_checkin(id: i64);
    restore_checkin(id: i64);
    love_map(person_id: i64);
    set_love_map(person_id: i64, topic: String, text: String) => |a| { Topic::parse(&a.topic)?; };
    important_dates(person_id: i64);
    add_important_date(person_id: i64, label: String, month: u32, day: u32, year: Option<i32>);
    remove_important_date(id: i64);
    timeline(person_id: i64, limit: Option<u32>, after: Option<TimelineCursor>);
    // backups
    backup_overview();
    set_backup_settings(settings: SettingsInput) => |a| {
        let s = a.settings.settings()?;
        assert!(s.primary.is_absolute() && s.secondary.is_none_or(|p| p.is_absolute()));
    };
    backup_now();
    backup_and_delete_older();
    auto_backup();
    verify_backup(path: String) => |a| { path(&a.path)?; };
    restore_to_folder(path: String, folder: String, kind: SecretKind, secret: String) => |a| {
        path(&a.path)?;
        path(&a.folder)?;
        let secret = Secret::new(a.secret);
        backup_secret(&a.kind, &secret);
    };
    restore_replacing(path: String, kind: SecretKind, secret: String) => |a| {
        path(&a.path)?;
        let secret = Secret::new(a.secret);
        backup_secret(&a.kind, &secret);
    };
    // export and import
    export_vault(format: Format, path: String, plaintext_ok: bool) => |a| { path(&a.path)?; };
    import_file(source: String, path: String) => |a| {
        Source::parse(&a.source)?;
        path(&a.path)?;
    };
    // settings
    get_settings();
    set_auto_lock(seconds: u64);
    set_remember(on: bool);
    set_keychain_after_lock(on: bool);
    change_passphrase(current: String, new: String, new_key: bool);
    new_recovery_code(passphrase: String);
    // backups, from the lock screen (last, so the seeds before keep their
    // first byte)
    find_backups(folder: Option<String>) => |a| {
        if let Some(f) = a.folder.as_deref().filter(|f| !f.trim().is_empty()) {
            path(f)?;
        }
    };
    restore_while_locked(path: String, kind: SecretKind, secret: String) => |a| {
        path(&a.path)?;
        let secret = Secret::new(a.secret);
        backup_secret(&a.kind, &secret);
    };
    // the launch trace
    drawn(marks: PageMarks);
    // attachments
    attach_picked(entry_id: i64);
    attach_dropped(entry_id: i64);
    attach_pasted(entry_id: i64, name: String, data: String) => |a| {
        let kept = kindred_core::attachments::clean_name(&a.name);
        assert!(!kept.is_empty() && !kept.contains(['/', '\\']) && kept.chars().count() <= 255);
    };
    trash_attachment(id: i64);
    restore_attachment(id: i64);
    save_attachment(id: i64);
    pick_person_photo(person_id: i64);
    choose_path(purpose: PathPurpose);
    // settings added later
    set_spell_check(on: bool);
    need_spell_check();
    calendar_month(year: i32, month: u32);
    calendar_day(date: NaiveDate);
    attach_clipboard(entry_id: i64);
    set_reminders(evening: Option<String>, weekly_day: Option<u8>, weekly_time: Option<String>, names: bool);
    desktop_settings();
    set_quick_shortcut(shortcut: Option<String>);
    set_autostart(on: bool);
    set_close_to_tray(on: bool);
    close_quick_entry();
    open_main_window();
    quick_unlocked();
}

/// Runs one input: the first byte picks the command, the rest is JSON.
pub fn run(data: &[u8]) {
    let Some((&pick, payload)) = data.split_first() else {
        return;
    };
    let command = &COMMANDS[usize::from(pick) % COMMANDS.len()];
    // The window sends JSON; Tauri refuses anything else before a command.
    let Ok(mut payload) = serde_json::from_slice::<Value>(payload) else {
        return;
    };
    if !payload.is_object() {
        payload = Value::Object(serde_json::Map::new());
    }
    match (command.decode)(&payload) {
        Ok(()) | Err(Refused::Decode(_)) => {}
        Err(Refused::Check(e)) => assert_eq!(
            e.code,
            ErrorCode::InvalidInput.as_str(),
            "{} refused its arguments with {}: {}",
            command.name,
            e.code,
            e.message
        ),
    }
}
