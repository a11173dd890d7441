//! The app's own commands, listed once. Three things are made from the
//! list, so they cannot disagree:
//!
//! - [`ALL`], the names, for the build manifest (build.rs, which includes
//!   this file) and so for the capability that grants exactly them;
//! - the invoke handler (`main.rs`);
//! - the contract the page is typed by, `ui/js/gen/contract.js`: the test
//!   in `contract/` checks every line against the command's real
//!   signature at compile time and writes its arguments and result.
//!
//! A line reads `module::command [injected] (arguments) -> result;`: the
//! `[app, state]` that Tauri injects, in the command's own order, then the
//! arguments the page sends (Tauri names them in camelCase), then what the
//! command returns on success (`()` arrives as `null`). Types are named as
//! `contract/mod.rs` imports them; build.rs and the handler never resolve them.

/// Calls the macro `$then!` with every command the page can call, in the
/// order of [`ALL`].
macro_rules! commands {
    ($then:ident) => {
        $then! {
            // session
            session::status [state] () -> session::Status;
            session::create_vault [state] (passphrase: String, remember: bool) -> session::Created;
            session::unlock [app, state] (passphrase: String) -> ();
            session::unlock_with_keychain [app, state] () -> ();
            session::recover [state] (recovery_code: String, new_passphrase: String) -> session::Created;
            session::lock [app] () -> ();
            session::touch [state] () -> ();
            session::passphrase_strength [] (passphrase: String) -> Strength;
            session::drawn [] (marks: args::PageMarks) -> ();
            // journal
            journal::list_entries [state] (person_id: Option<i64>, tag: Option<String>, limit: Option<u32>, after: Option<args::PageAfter>) -> Vec<EntrySummary>;
            journal::get_entry [state] (id: i64) -> Entry;
            journal::write_entry [state] (entry: args::EntryInput) -> i64;
            journal::write_answer [state] (entry: args::EntryInput, prompt_id: String) -> i64;
            journal::edit_entry [state] (id: i64, entry: args::EntryInput) -> ();
            journal::trash_entry [state] (id: i64) -> ();
            journal::restore_entry [state] (id: i64) -> ();
            journal::list_tags [state] () -> Vec<(String, i64)>;
            journal::render_markdown [state] (text: String) -> String;
            // attachments
            attachments::attach_picked [app, state] (entry_id: i64) -> Vec<Attachment>;
            attachments::attach_dropped [state] (entry_id: i64) -> Vec<Attachment>;
            attachments::attach_pasted [state] (entry_id: i64, name: String, data: String) -> Attachment;
            attachments::attach_clipboard [app, state] (entry_id: i64) -> Option<Attachment>;
            attachments::trash_attachment [state] (id: i64) -> ();
            attachments::restore_attachment [state] (id: i64) -> ();
            attachments::save_attachment [app, state] (id: i64) -> Option<String>;
            attachments::pick_person_photo [app, state] (person_id: i64) -> Option<Attachment>;
            attachments::choose_path [app] (purpose: args::PathPurpose) -> Option<String>;
            // people
            people::list_people [state] () -> Vec<Person>;
            people::get_person [state] (id: i64) -> Person;
            people::add_person [state] (person: args::PersonInput) -> i64;
            people::edit_person [state] (id: i64, person: args::PersonInput) -> ();
            people::trash_person [state] (id: i64) -> ();
            people::restore_person [state] (id: i64) -> ();
            people::list_notes [state] (person_id: i64) -> Vec<Note>;
            people::add_note [state] (person_id: i64, body: String) -> i64;
            people::trash_note [state] (id: i64) -> ();
            people::restore_note [state] (id: i64) -> ();
            // search
            search::search [state] (query: String) -> Vec<SearchHit>;
            // trash
            journal::list_trash [state] (limit: Option<u32>, after: Option<TrashCursor>) -> TrashPage;
            journal::purge_item [state] (kind: Kind, id: i64) -> ();
            journal::empty_trash [state] () -> usize;
            // reflection
            reflection::vocabulary [] () -> reflection::Vocabulary;
            reflection::today [state] () -> Today;
            reflection::prompt_for [state] (person_id: i64) -> DailyPrompt;
            reflection::check_in [state] (person_id: i64, checkin: args::CheckinInput) -> i64;
            reflection::depth [state] (person_id: i64) -> DepthSummary;
            reflection::map [state] () -> Vec<MapPoint>;
            reflection::proximity_history [state] (person_id: i64) -> Vec<ProximityChange>;
            reflection::add_moment [state] (person_id: i64, kind: String, date: Option<NaiveDate>, note: String) -> i64;
            reflection::trash_moment [state] (id: i64) -> ();
            reflection::restore_moment [state] (id: i64) -> ();
            reflection::trash_checkin [state] (id: i64) -> ();
            reflection::restore_checkin [state] (id: i64) -> ();
            reflection::love_map [state] (person_id: i64) -> Vec<LoveMapItem>;
            reflection::set_love_map [state] (person_id: i64, topic: String, text: String) -> ();
            reflection::important_dates [state] (person_id: i64) -> Vec<ImportantDate>;
            reflection::add_important_date [state] (person_id: i64, label: String, month: u32, day: u32, year: Option<i32>) -> i64;
            reflection::remove_important_date [state] (id: i64) -> ();
            reflection::timeline [state] (person_id: i64, limit: Option<u32>, after: Option<TimelineCursor>) -> TimelinePage;
            reflection::calendar_month [state] (year: i32, month: u32) -> Vec<CalendarDay>;
            reflection::calendar_day [state] (date: NaiveDate) -> CalendarDayDetail;
            // backups
            backup::backup_overview [state] () -> backup::Overview;
            backup::set_backup_settings [state] (settings: args::SettingsInput) -> ();
            backup::backup_now [app, state] () -> BackupReport;
            backup::backup_and_delete_older [app, state] () -> backup::FreshStart;
            backup::auto_backup [app, state] () -> Option<BackupReport>;
            backup::verify_backup [app, state] (path: String) -> ();
            backup::restore_to_folder [app, state] (path: String, folder: String, kind: args::SecretKind, secret: String) -> String;
            backup::restore_replacing [app, state] (path: String, kind: args::SecretKind, secret: String) -> backup::Replaced;
            backup::find_backups [state] (folder: Option<String>) -> backup::Findable;
            backup::restore_while_locked [app, state] (path: String, kind: args::SecretKind, secret: String) -> backup::RestoredLocked;
            // export and import
            interchange::export_vault [state] (format: args::Format, path: String, plaintext_ok: bool) -> interchange::Exported;
            interchange::import_file [app, state] (source: String, path: String) -> ImportReport;
            // settings
            settings::get_settings [app, state] () -> settings::Settings;
            settings::set_auto_lock [state] (seconds: u64) -> ();
            settings::set_remember [state] (on: bool) -> Option<IpcError>;
            settings::set_keychain_after_lock [state] (on: bool) -> ();
            settings::change_passphrase [state] (current: String, new: String, new_key: bool) -> settings::PassphraseChanged;
            settings::new_recovery_code [state] (passphrase: String) -> String;
            settings::set_spell_check [app, state] (on: bool) -> ();
            settings::need_spell_check [app, state] () -> ();
            settings::set_reminders [state] (evening: Option<String>, weekly_day: Option<u8>, weekly_time: Option<String>, names: bool) -> ();
            // the desktop: tray, quick entry, start at login
            desktop::desktop_settings [app] () -> desktop::DesktopSettings;
            desktop::set_quick_shortcut [app] (shortcut: Option<String>) -> ();
            desktop::set_autostart [app] (on: bool) -> ();
            desktop::set_close_to_tray [app] (on: bool) -> ();
            desktop::close_quick_entry [app] () -> ();
            desktop::open_main_window [app] () -> ();
            desktop::quick_unlocked [app] () -> ();
        }
    };
}

/// Makes [`ALL`] from the list.
macro_rules! command_names {
    ($($module:ident :: $name:ident [$($inject:ident),*] ($($arg:ident : $ty:ty),*) -> $ret:ty;)*) => {
        /// Every `#[tauri::command]` the app registers.
        #[allow(dead_code)] // the app reads the list through `commands!`
        pub const ALL: &[&str] = &[$(stringify!($name)),*];
    };
}

commands!(command_names);
