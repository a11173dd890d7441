//! The pieces commands are built from: the argument groups several
//! commands share (entry fields, person fields, check-in answers) and the
//! nested subcommands (`person`, `passphrase`, `keychain`).

use std::path::PathBuf;

use clap::{Args, Subcommand};

/// The answers of `checkin`.
#[derive(Debug, Args)]
pub struct CheckinArgs {
    /// I felt seen
    #[arg(long, value_name = "1-5")]
    pub seen: Option<u8>,
    /// I felt heard
    #[arg(long, value_name = "1-5")]
    pub heard: Option<u8>,
    /// I felt understood
    #[arg(long, value_name = "1-5")]
    pub understood: Option<u8>,
    /// I felt safe to be vulnerable
    #[arg(long, value_name = "1-5")]
    pub safe: Option<u8>,
    /// I trust them
    #[arg(long, value_name = "1-5")]
    pub trust: Option<u8>,
    /// They showed up for me
    #[arg(long, value_name = "1-5")]
    pub they_showed_up: Option<u8>,
    /// I showed up for them
    #[arg(long, value_name = "1-5")]
    pub i_showed_up: Option<u8>,
    /// Inclusion of Other in Self: 1 (two circles apart) to 7 (almost one)
    #[arg(long, value_name = "1-7")]
    pub ios: Option<u8>,
    /// A few words of reflection
    #[arg(long)]
    pub note: Option<String>,
}

/// Fields shared by `write` and `edit`.
#[derive(Debug, Args)]
pub struct EntryFields {
    /// Title
    #[arg(long)]
    pub title: Option<String>,
    /// Date the entry is about, YYYY-MM-DD [default: today]
    #[arg(long)]
    pub date: Option<String>,
    /// Tag (repeatable)
    #[arg(long = "tag", value_name = "TAG")]
    pub tags: Vec<String>,
    /// Person mentioned, by name or #id (repeatable)
    #[arg(long = "person", value_name = "NAME")]
    pub people: Vec<String>,
    /// The reflection prompt this entry answers (see `kindred prompt --json`)
    #[arg(long, value_name = "PROMPT_ID")]
    pub prompt: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum PersonCommand {
    /// Add a person
    Add {
        /// Their name
        name: String,
        #[command(flatten)]
        fields: PersonFields,
        /// Print {"id": N} instead of the bare id
        #[arg(long)]
        json: bool,
    },
    /// Change a person
    Edit {
        /// Name or #id
        name: String,
        /// New name
        #[arg(long = "name", value_name = "NEW_NAME")]
        new_name: Option<String>,
        #[command(flatten)]
        fields: PersonFields,
        /// Hide from the people list
        #[arg(long, conflicts_with = "unarchive")]
        archive: bool,
        /// Show in the people list again
        #[arg(long)]
        unarchive: bool,
    },
    /// Show a person with their notes and the entries that mention them
    Show {
        /// Name or #id
        name: String,
        /// Print JSON
        #[arg(long)]
        json: bool,
    },
    /// Move a person (and their notes) to the trash
    Delete {
        /// Name or #id
        name: String,
    },
    /// Bring a person back from the trash
    Restore {
        /// Their id
        id: i64,
    },
    /// Give a person a picture (the one it replaces goes to the trash)
    Photo {
        /// Name or #id
        name: String,
        /// A photo: JPEG, PNG, GIF, WebP or HEIC
        file: PathBuf,
        /// Print JSON
        #[arg(long)]
        json: bool,
    },
    /// Add a date that matters to someone (a birthday …)
    Date {
        /// Name or #id
        name: String,
        /// What the date is
        #[arg(long)]
        label: String,
        /// MM-DD, or YYYY-MM-DD when the year is known
        #[arg(long, value_name = "DATE")]
        on: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum AttachmentCommand {
    /// Write an attachment's original bytes, unencrypted, to a new file
    Save {
        /// Attachment id
        id: i64,
        /// The new file (never overwritten)
        #[arg(long, value_name = "PATH")]
        to: PathBuf,
        /// Confirm that the saved file is not encrypted
        #[arg(long)]
        plaintext_ok: bool,
    },
    /// Bring an attachment back from the trash
    Restore {
        /// Attachment id
        id: i64,
    },
}

/// Fields shared by `person add` and `person edit`.
#[derive(Debug, Args)]
pub struct PersonFields {
    /// How they relate to you ("sister", "old friend")
    #[arg(long)]
    pub relationship: Option<String>,
    /// How often you see them: lives-with-me, most-days, weekly, monthly,
    /// few-times-a-year, far-away (or "none")
    #[arg(long)]
    pub proximity: Option<String>,
    /// How you met
    #[arg(long = "met", value_name = "TEXT")]
    pub how_we_met: Option<String>,
    /// Check in about every N days (0 for none)
    #[arg(long, value_name = "DAYS")]
    pub cadence: Option<u32>,
}

#[derive(Debug, Subcommand)]
pub enum PassphraseCommand {
    /// Change the passphrase (the current one is asked for, then the new one)
    Change {
        /// Read the new passphrase from this file
        #[arg(long, value_name = "FILE")]
        new_passphrase_file: Option<PathBuf>,
        /// Also re-encrypt everything under a new key (use this if your
        /// passphrase may be known); prints a new recovery code
        #[arg(long)]
        new_key: bool,
        /// Print JSON (with --new-key: the new recovery code)
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum KeychainCommand {
    /// Keep an unlock secret in the system keychain so no passphrase is needed
    Remember,
    /// Remove it from the keychain and retire it in the vault
    Forget,
    /// Say whether this vault is remembered and whether the keychain has it
    Status {
        /// Print JSON
        #[arg(long)]
        json: bool,
    },
}
