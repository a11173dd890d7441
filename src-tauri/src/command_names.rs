//! The app's own commands, listed once for the build manifest (build.rs) and
//! checked against the invoke handler by a unit test in `main.rs`.

/// Every `#[tauri::command]` the app registers.
pub const ALL: &[&str] = &[
    // session
    "status",
    "create_vault",
    "unlock",
    "unlock_with_keychain",
    "recover",
    "lock",
    "touch",
    "passphrase_strength",
    // journal
    "list_entries",
    "get_entry",
    "write_entry",
    "write_answer",
    "edit_entry",
    "trash_entry",
    "restore_entry",
    "list_tags",
    "render_markdown",
    // people
    "list_people",
    "get_person",
    "add_person",
    "edit_person",
    "trash_person",
    "restore_person",
    "list_notes",
    "add_note",
    "trash_note",
    "restore_note",
    // search
    "search",
    // trash
    "list_trash",
    "purge_item",
    "empty_trash",
    // reflection
    "vocabulary",
    "today",
    "prompt_for",
    "check_in",
    "depth",
    "map",
    "proximity_history",
    "add_moment",
    "trash_moment",
    "restore_moment",
    "trash_checkin",
    "restore_checkin",
    "love_map",
    "set_love_map",
    "important_dates",
    "add_important_date",
    "remove_important_date",
    "timeline",
    // backups
    "backup_overview",
    "set_backup_settings",
    "backup_now",
    "backup_and_delete_older",
    "auto_backup",
    "verify_backup",
    "restore_to_folder",
    "restore_replacing",
    // export and import
    "export_vault",
    "import_file",
    // settings
    "get_settings",
    "set_auto_lock",
    "set_remember",
    "set_keychain_after_lock",
    "change_passphrase",
];
