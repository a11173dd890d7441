//! End-to-end tests: the real app window, driven over WebDriver.
//!
//! Each test starts the built app (feature `e2e`: its own app identifier,
//! auto-lock in seconds) under Debian's WebKitWebDriver on a loopback port,
//! with a temp vault and temp XDG dirs. They expect a display (Xvfb) and a
//! Secret Service on the session bus; `cargo xtask test` provides both (a
//! private `dbus-run-session` with gnome-keyring-daemon) and runs the suite
//! inside a network namespace with only loopback.
//! Every flow saves a screenshot under `target/e2e-screenshots/`.
//! `KINDRED_E2E_FILTER=journal:: cargo xtask e2e` runs only the flows whose
//! name holds that text.
//!
//! Flows, by module:
//! - `session::first_run_write_lock_unlock_with_keychain` — the first-run
//!   screen, the recovery code step, an entry autosaved, Ctrl+L, the
//!   keychain.
//! - `session::wrong_passphrase_is_explained` — plain words, then the
//!   right one.
//! - `session::auto_lock_fires` — a 2-second delay locks and drops the keys.
//! - `session::auto_lock_during_the_recovery_code_step` — the vault locks
//!   while its new code is shown; "Continue" then leads to the unlock screen.
//! - `session::restart_keeps_everything` — quit, start again, all still
//!   there.
//! - `session::second_launch_focuses_the_first` — single instance: a second
//!   launch exits and the first window still works.
//! - `session::recovery_code_sets_a_new_passphrase` — "use recovery code",
//!   a new code shown once, the new passphrase works.
//! - `session::settings_change_passphrase` — the old one stops working;
//!   turning on "remember on this device" makes the keychain unlock.
//! - `journal::search_finds_a_planted_word` — Ctrl+K, highlighted snippet
//!   as text, keyboard navigation.
//! - `journal::trash_and_undo` — an entry moved to the trash comes back.
//! - `journal::markdown_preview_is_safe_and_tags_are_kept` — the preview
//!   renders Markdown and runs nothing; tags survive a reopen.
//! - `people::person_note_and_mention` — add a person and a note,
//!   @-mention them, find the entry on their page.
//! - `people::moment_love_map_and_rhythm_on_the_person_page` — a moment on
//!   the timeline with notes and entries; a love-map answer with its date; a
//!   rhythm and a proximity change kept as history; undo from the trash.
//! - `reflection::checkin_with_the_circles_moves_them_on_the_map` — "not yet
//!   reflected" beside the map; a check-in with the seven circle pictures
//!   (click and arrow keys); the dot lands in "near but distant", then
//!   crosses into "near and close"; a dot opens its person by keyboard.
//! - `reflection::today_shows_the_prompt_and_who_to_reach_out_to` — the
//!   prompt of the day, a reach-out card without guilt words; answering
//!   opens an entry linked to the prompt and the person.
//! - `quick_entry::the_tray_and_the_shortcut_open_quick_entry_which_unlocks_and_saves_with_mentions`
//!   — a stand-in tray host on the private bus: the tray menu's four items
//!   read and clicked over D-Bus; quick entry asks for the passphrase
//!   (wrong, then right), saves with a mention picked from the list, and the
//!   main window opens unlocked; the tray's Lock; a combination another
//!   program holds is refused, one chosen in Settings and pressed on the
//!   display opens quick entry, turned off it does nothing; Escape and the
//!   window's close button ask before dropping text; start at login writes and removes the autostart
//!   entry; "keep in the tray": a close request (WM_DELETE_WINDOW, as a
//!   window manager sends) hides the window and the tray brings it back;
//!   Quit ends the app.
//! - `reminders::reminders_are_off_until_chosen_and_say_nothing_private` —
//!   a stand-in notification server on the private bus records every
//!   `Notify`: nothing while off; turned on in Settings, the evening nudge
//!   and a digest without names; none on a day written; names only with
//!   the opt-in, and never journal text.
//! - `backups::back_up_now_lists_a_verified_backup` — the backup after
//!   unlock, back up now with a verified listing, no plaintext in the files,
//!   verify on demand, a damaged file listed with its problem.
//! - `backups::restore_replacing_brings_back_what_was_there` — restore into
//!   a new folder; a wrong passphrase refused with the vault still open; the
//!   replacing restore brings back an entry trashed after the backup and
//!   names the safety backup.
//! - `backups::a_damaged_vault_is_restored_from_the_lock_screen` — a
//!   flipped first page, then a truncated key file: the lock screen lists
//!   the backups (on a noted drive too) and restores one with its
//!   passphrase, then its recovery code; the damaged files are set aside.
//! - `calendar::the_calendar_marks_days_and_moves_by_keyboard` — today
//!   marked with an entry, a check-in and a moment, listed beside; arrows,
//!   Page Up/Down, Home and End move the one focused day; an entry written
//!   for a day chosen there marks it.
//! - `interchange::export_needs_a_yes_and_import_reports_what_it_did` — no
//!   export without the confirmation (in the UI and in the shell); jrnl
//!   import and a re-import that adds nothing.
//! - `attachments::pictures_show_while_unlocked_and_never_after_a_lock` —
//!   a picture drawn through `kindred-blob:`, one added through the dialog
//!   (test seam), one pasted from the X clipboard, remove and undo, a person's picture in People, the URL
//!   failing after a lock, no plaintext in the vault or WebKit's cache.
//! - `desktop::the_window_opens_where_it_was_left_and_never_out_of_reach`
//!   — moved and resized from outside (xdotool), it opens there again; a
//!   saved place touching the screen by a corner, or larger than it, opens
//!   whole on the screen.
//! - `desktop::spell_check_follows_the_setting_and_is_read_back_from_webkit`
//!   — no dictionary loaded at unlock, on once the editor has the focus,
//!   in the locale's language by default, off in Settings, still off
//!   after a restart and unlock, as WebKit itself reports.
//! - `desktop::the_page_is_painted_on_the_cpu_unless_the_user_chose_otherwise`
//!   — WebKit's web process runs with the DMA-BUF renderer off (the app's
//!   choice) and in under 4/5 of the memory of a launch where the user
//!   turned it back on, whose choice is kept.
//! - `security::nothing_leaves_the_app_origin` — resources are app-origin
//!   only and a navigation away is refused before any connection is made.
//! - `accessibility::every_control_has_a_name` — on Today, Journal, the
//!   calendar, a person page (with the check-in form), the map, Backups and
//!   Settings, every visible field has a label and every button a name.
//! - `accessibility::axe_finds_nothing_serious_on_any_screen_light_or_dark`
//!   — axe-core (npm, injected by the test) on the unlock screen, every
//!   view, a person with the check-in form, and search, in both themes: no
//!   serious or critical violations; one h1, landmarks, a focus ring.
//! - `accessibility::the_main_loop_by_keyboard_alone` — unlock, an entry
//!   with a mention taken from the suggestions, a check-in answered with
//!   the arrows, her dot on the map opening her page: no clicks.
//! - `accessibility::the_map_in_the_dark_theme` — a GTK dark desktop gets
//!   the dark theme: a dark page, and text and the names on the map at WCAG
//!   AA contrast.
//! - `soak::autosaves_keep_the_journal_consistent_and_memory_flat` — many
//!   autosaves through the editor and IPC (`KINDRED_SOAK_SAVES`, 60 here,
//!   10,000 under `cargo xtask soak`), whole-app PSS before and after, the
//!   journal checked.
//! - `demo::demo_screenshots` — ignored; `cargo xtask demo --screenshots`
//!   runs it.
//! - `scale::at_scale` — ignored; `cargo xtask bench --app` runs it on a
//!   release build: 100k entries and 1,000 people timed through the window.
//!
//! Shared helpers (the sandbox, the app handle, waits, seeding, keys) are
//! in `util.rs`.

mod util;

mod accessibility;
mod attachments;
mod backups;
mod calendar;
mod demo;
mod desktop;
mod interchange;
mod journal;
mod keychain;
mod kill;
mod people;
mod quick_entry;
mod reflection;
mod reminders;
mod scale;
mod security;
mod session;
mod soak;
