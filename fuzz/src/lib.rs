//! Kindred's fuzz targets: every parser the app and the CLI feed with bytes
//! or text they did not write. Each target takes raw bytes and checks
//! properties, not only that nothing panics; a violated property panics,
//! which is how a fuzzer counts a crash.
//!
//! - [`targets::keyfile`] — `KeyFile::parse`: what it accepts is a valid,
//!   bounded key file that reads back the same once saved; what it refuses
//!   it refuses as damaged, newer or too costly.
//! - [`targets::backup`] — a `.kbak` file's header, length and trailing
//!   checksum (as listing and verification read them), and its sealed
//!   manifest: whatever is sealed opens again, exactly.
//! - [`targets::import`] — jrnl, Day One (JSON and zip) and Kindred
//!   imports: what a parse accepts is written into an in-memory vault and
//!   every row reads back; refusals are "this file cannot be imported".
//! - [`targets::dates`] — the date, time and zone fields of every import
//!   and a backup's date, fed as text into real documents.
//! - [`targets::search`] — user text → FTS5 query: only quoted terms come
//!   out, and the query and the app's whole search run without error.
//! - [`targets::markdown`] — the preview: read as a browser tokenizes it,
//!   no script, no event handler, no link, image or `javascript:` URL.
//! - [`targets::ipc`] — every `#[tauri::command]`'s arguments decoded from
//!   the window's JSON as Tauri does, then checked as the command does.
//!
//! The AFL++ binary (`src/main.rs`, feature `afl`) runs one target per
//! process, chosen by name; `cargo xtask fuzz` builds and runs it. The
//! tests replay `corpus/` and `regressions/` through every target on each
//! `cargo test`.

// A harness reports a violated property by panicking.
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used)]

pub mod db;
pub mod targets;

// The app's argument types and their checks, and its error shape: no Tauri
// in them, so they are included here as the app's build.rs includes its
// command list. Only what the IPC target calls is used.
#[path = "../../src-tauri/src/commands/args.rs"]
#[allow(dead_code)]
mod args;
#[path = "../../src-tauri/src/command_names.rs"]
pub mod command_names;
#[path = "../../src-tauri/src/error.rs"]
#[allow(dead_code)]
mod error;

/// One fuzz target.
#[derive(Debug, Clone, Copy)]
pub struct Target {
    /// Its name on the command line (`cargo xtask fuzz`, the AFL binary).
    pub name: &'static str,
    /// Runs one input; panics when a property fails.
    pub run: fn(&[u8]),
}

/// Every target, in the order `cargo xtask fuzz` runs them.
pub const TARGETS: &[Target] = &[
    Target {
        name: "keyfile",
        run: targets::keyfile::run,
    },
    Target {
        name: "backup",
        run: targets::backup::run,
    },
    Target {
        name: "import-jrnl",
        run: targets::import::jrnl,
    },
    Target {
        name: "import-dayone",
        run: targets::import::dayone,
    },
    Target {
        name: "import-kindred",
        run: targets::import::kindred,
    },
    Target {
        name: "dates",
        run: targets::dates::run,
    },
    Target {
        name: "search",
        run: targets::search::run,
    },
    Target {
        name: "markdown",
        run: targets::markdown::run,
    },
    Target {
        name: "ipc",
        run: targets::ipc::run,
    },
];

/// The target called `name`.
pub fn target(name: &str) -> Option<&'static Target> {
    TARGETS.iter().find(|t| t.name == name)
}
