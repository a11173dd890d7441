//! The command line, as clap sees it. `docs/cli.md` is the reference.
//!
//! - this file: the global options, every command, and which ask for JSON;
//! - `args`: argument groups shared by commands, and nested subcommands;
//! - `kinds`: the kinds named on the command line, mapped to the core's types.

mod args;
mod kinds;

use std::path::PathBuf;

use clap::{Parser, Subcommand};

pub use args::{
    AttachmentCommand, CheckinArgs, EntryFields, KeychainCommand, PassphraseCommand, PersonCommand,
    PersonFields,
};
pub use kinds::{ExportFormat, ImportSource, PurgeKind};

/// Kindred: a private journal and notes on the people who matter, encrypted
/// on this machine.
#[derive(Debug, Parser)]
#[command(name = "kindred", version, about, long_about = None)]
pub struct Cli {
    /// Vault folder [default: the platform data dir, e.g. ~/.local/share/kindred]
    #[arg(long, global = true, env = "KINDRED_VAULT", value_name = "DIR")]
    pub vault: Option<PathBuf>,

    /// Read the passphrase from this file (first line) instead of prompting
    #[arg(long, global = true, value_name = "FILE")]
    pub passphrase_file: Option<PathBuf>,

    /// Do not try the system keychain when unlocking
    #[arg(long, global = true)]
    pub no_keychain: bool,

    #[command(subcommand)]
    pub command: Command,
}

/// What `kindred generate` writes, for packagers.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum Generated {
    /// The man page, kindred(1), in roff.
    Man,
    /// Completions for bash.
    Bash,
    /// Completions for zsh.
    Zsh,
    /// Completions for fish.
    Fish,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print the man page or shell completions (for packages; hidden)
    #[command(hide = true)]
    Generate {
        /// What to print
        #[arg(value_enum)]
        what: Generated,
    },
    /// Create a new vault and print its recovery code (once)
    Init {
        /// Remember the unlock secret in the system keychain
        #[arg(long)]
        remember: bool,
        /// Print a JSON object instead of text
        #[arg(long)]
        json: bool,
    },
    /// Write a new entry; the body is read from standard input
    Write {
        #[command(flatten)]
        fields: EntryFields,
        /// Print {"id": N} instead of the bare id
        #[arg(long)]
        json: bool,
    },
    /// List entries, newest first (all of them unless --limit is given)
    Entries {
        /// Show at most N entries
        #[arg(long, value_name = "N")]
        limit: Option<u32>,
        /// Only entries with this tag
        #[arg(long)]
        tag: Option<String>,
        /// Only entries mentioning this person (name or #id)
        #[arg(long)]
        person: Option<String>,
        /// Print JSON
        #[arg(long)]
        json: bool,
    },
    /// Show one entry
    Show {
        /// Entry id
        id: i64,
        /// Print JSON
        #[arg(long, conflicts_with = "raw")]
        json: bool,
        /// Print only the body, byte for byte
        #[arg(long)]
        raw: bool,
    },
    /// Change an entry; with --stdin the body is replaced from standard input
    Edit {
        /// Entry id
        id: i64,
        #[command(flatten)]
        fields: EntryFields,
        /// Replace the body with standard input
        #[arg(long)]
        stdin: bool,
        /// Remove all tags (before adding any --tag)
        #[arg(long)]
        clear_tags: bool,
        /// Remove all people (before adding any --person)
        #[arg(long)]
        clear_people: bool,
    },
    /// Attach files (photos, PDFs, audio, video …) to an entry, encrypted
    Attach {
        /// Entry id
        entry_id: i64,
        /// The files to attach
        #[arg(required = true, num_args = 1..)]
        files: Vec<PathBuf>,
        /// Print JSON
        #[arg(long)]
        json: bool,
    },
    /// Move an attachment to the trash
    Detach {
        /// Attachment id (see `show ID --json`)
        id: i64,
    },
    /// Save an attachment's original file, or bring one back from the trash
    #[command(subcommand)]
    Attachment(AttachmentCommand),
    /// Move an entry to the trash
    Delete {
        /// Entry id
        id: i64,
    },
    /// List what is in the trash
    Trash {
        /// Print JSON
        #[arg(long)]
        json: bool,
    },
    /// Bring an entry back from the trash
    RestoreEntry {
        /// Entry id
        id: i64,
    },
    /// Delete one trashed item for good
    Purge {
        /// entry, note, person or attachment
        kind: PurgeKind,
        /// Its id
        id: i64,
    },
    /// Delete everything in the trash for good
    EmptyTrash {
        /// Confirm that this cannot be undone
        #[arg(long)]
        yes: bool,
    },
    /// Add, change, show or remove a person
    #[command(subcommand)]
    Person(PersonCommand),
    /// List people
    People {
        /// Include archived people
        #[arg(long)]
        all: bool,
        /// Print JSON
        #[arg(long)]
        json: bool,
    },
    /// Add a note about a person; the note is read from standard input
    Note {
        /// Name or #id
        name: String,
        /// Print {"id": N} instead of the bare id
        #[arg(long)]
        json: bool,
    },
    /// List the notes about a person, newest first
    Notes {
        /// Name or #id
        name: String,
        /// Print JSON
        #[arg(long)]
        json: bool,
    },
    /// Search entries, notes and people
    Search {
        /// Words, "quoted phrases" and prefix* (everything else is plain text)
        #[arg(required = true, num_args = 1..)]
        query: Vec<String>,
        /// Show at most N results
        #[arg(long, value_name = "N", default_value_t = 20)]
        limit: u32,
        /// Print JSON
        #[arg(long)]
        json: bool,
    },
    /// Change the passphrase
    #[command(subcommand)]
    Passphrase(PassphraseCommand),
    /// Set a new passphrase with the recovery code (prints a new recovery code)
    Recover {
        /// Read the recovery code from this file
        #[arg(long, value_name = "FILE")]
        recovery_code_file: Option<PathBuf>,
        /// Read the new passphrase from this file
        #[arg(long, value_name = "FILE")]
        new_passphrase_file: Option<PathBuf>,
        /// Print JSON
        #[arg(long)]
        json: bool,
    },
    /// Remember or forget the unlock secret in the system keychain
    #[command(subcommand)]
    Keychain(KeychainCommand),
    /// Show where the vault is and what it holds
    Status {
        /// Print JSON
        #[arg(long)]
        json: bool,
    },
    /// Run SQLite's and SQLCipher's integrity checks on the vault
    Check,
    /// Write a verified backup now (to the backup folders, or to DIR)
    Backup {
        /// Write one backup into this folder instead (no rotation there)
        #[arg(long, value_name = "DIR", conflicts_with = "delete_older")]
        to: Option<PathBuf>,
        /// Then delete every older backup of this vault in its backup
        /// folders (after a re-key: the old secrets still open those)
        #[arg(long)]
        delete_older: bool,
        /// Print JSON
        #[arg(long)]
        json: bool,
    },
    /// List backups of this vault, newest first
    Backups {
        /// Print JSON
        #[arg(long)]
        json: bool,
    },
    /// Check a backup file completely: checksum, decryption, integrity, counts
    Verify {
        /// The backup file
        file: PathBuf,
        /// Use the recovery code valid when the backup was made (for a
        /// backup of another vault or an older passphrase)
        #[arg(long)]
        recovery_code: bool,
        /// Print JSON
        #[arg(long)]
        json: bool,
    },
    /// Restore a backup into a new folder, or over this vault
    Restore {
        /// The backup file
        file: PathBuf,
        /// Restore into this new folder
        #[arg(
            long,
            value_name = "DIR",
            required_unless_present = "replace",
            conflicts_with = "replace"
        )]
        to: Option<PathBuf>,
        /// Replace the current vault (after a safety backup of it)
        #[arg(long)]
        replace: bool,
        /// Unlock the backup with the recovery code valid when it was made
        #[arg(long)]
        recovery_code: bool,
        /// Read the recovery code from this file
        #[arg(long, value_name = "FILE")]
        recovery_code_file: Option<PathBuf>,
    },
    /// Write everything to plaintext files (JSON, or a folder of Markdown)
    Export {
        /// json (everything, re-importable) or markdown (a folder of files)
        #[arg(long)]
        format: ExportFormat,
        /// The new file (json) or folder (markdown); never overwritten
        #[arg(long, value_name = "PATH")]
        to: PathBuf,
        /// Confirm that the export is NOT encrypted
        #[arg(long)]
        plaintext_ok: bool,
        /// Print JSON
        #[arg(long)]
        json: bool,
    },
    /// Import entries from jrnl (JSON export), Day One (JSON or export .zip)
    /// or a Kindred JSON export; all or nothing, no duplicates
    Import {
        /// jrnl, dayone or kindred
        #[arg(long)]
        from: ImportSource,
        /// The export file
        file: PathBuf,
        /// Print JSON
        #[arg(long)]
        json: bool,
    },
    /// Record how close someone feels (1–5 each; all optional)
    Checkin {
        /// Name or #id
        name: String,
        #[command(flatten)]
        answers: CheckinArgs,
        /// Print JSON (the check-in and the person's depth)
        #[arg(long)]
        json: bool,
    },
    /// Log a moment with someone: i-showed-up, they-showed-up,
    /// shared-vulnerable, really-listened, felt-judged, rupture, repair
    Moment {
        /// Name or #id
        name: String,
        /// What happened
        #[arg(long)]
        kind: String,
        /// A few words
        #[arg(long)]
        note: Option<String>,
        /// The day it happened, YYYY-MM-DD [default: today]
        #[arg(long)]
        date: Option<String>,
        /// Print {"id": N}
        #[arg(long)]
        json: bool,
    },
    /// Show someone's love map, or set one topic (carrying, hoping,
    /// worried, enjoying, matters); empty text clears it
    Lovemap {
        /// Name or #id
        name: String,
        /// The topic to set
        topic: Option<String>,
        /// What you know
        text: Option<String>,
        /// Print JSON
        #[arg(long)]
        json: bool,
    },
    /// Everyone placed by proximity and depth
    Map {
        /// Print JSON
        #[arg(long)]
        json: bool,
    },
    /// A reflection prompt: today's, or one about a person
    Prompt {
        /// About this person
        #[arg(long)]
        person: Option<String>,
        /// Print JSON
        #[arg(long)]
        json: bool,
    },
    /// The home screen: prompt of the day, reach out, on this day, recent entries
    Today {
        /// Print JSON
        #[arg(long)]
        json: bool,
    },
    /// Notes, moments, check-ins and entries with a person, newest first
    Timeline {
        /// Name or #id
        name: String,
        /// Print JSON
        #[arg(long)]
        json: bool,
    },
    /// Show or change where backups go and how many are kept
    BackupSettings {
        /// Folder always written (default: the vault's backups/ folder)
        #[arg(long, value_name = "DIR")]
        primary: Option<PathBuf>,
        /// A second folder, written when present (e.g. an external drive);
        /// "none" to stop
        #[arg(long, value_name = "DIR")]
        secondary: Option<String>,
        /// Keep the N most recent backups
        #[arg(long, value_name = "N")]
        keep_last: Option<u32>,
        /// Keep the newest backup of each of the last N days
        #[arg(long, value_name = "N")]
        keep_daily: Option<u32>,
        /// Keep the newest backup of each of the last N weeks
        #[arg(long, value_name = "N")]
        keep_weekly: Option<u32>,
        /// Keep the newest backup of each of the last N months
        #[arg(long, value_name = "N")]
        keep_monthly: Option<u32>,
        /// Print JSON
        #[arg(long)]
        json: bool,
    },
}

impl Cli {
    /// Whether the command asked for JSON (errors are then JSON too).
    pub fn wants_json(&self) -> bool {
        match &self.command {
            Command::Init { json, .. }
            | Command::Write { json, .. }
            | Command::Entries { json, .. }
            | Command::Show { json, .. }
            | Command::Trash { json }
            | Command::People { json, .. }
            | Command::Note { json, .. }
            | Command::Notes { json, .. }
            | Command::Search { json, .. }
            | Command::Recover { json, .. }
            | Command::Status { json }
            | Command::Backup { json, .. }
            | Command::Backups { json }
            | Command::Verify { json, .. }
            | Command::BackupSettings { json, .. }
            | Command::Export { json, .. }
            | Command::Import { json, .. }
            | Command::Checkin { json, .. }
            | Command::Moment { json, .. }
            | Command::Lovemap { json, .. }
            | Command::Map { json }
            | Command::Prompt { json, .. }
            | Command::Today { json }
            | Command::Timeline { json, .. } => *json,
            Command::Person(PersonCommand::Add { json, .. } | PersonCommand::Show { json, .. }) => {
                *json
            }
            Command::Keychain(KeychainCommand::Status { json }) => *json,
            _ => false,
        }
    }
}
