//! Export (Kindred JSON, a folder of Markdown) and import (jrnl JSON, Day One
//! JSON or its export zip, Kindred JSON).
//!
//! Exports are plaintext by nature; the app and CLI ask before writing one
//! and say where it went. Imports parse and check the whole file first —
//! every error names the entry — and then write everything in one
//! transaction, so a bad file imports nothing. Re-importing a file adds no
//! duplicates: entries remember their source id (Day One's `uuid`) or a
//! content hash (jrnl has no ids).

mod export;
mod import;
mod tables;

pub use export::{export_json, export_markdown, ExportSummary};
#[cfg(feature = "fuzzing")]
pub use import::{import_bytes, parse_bytes, Accepted};
pub use import::{import_file, ImportFallbacks, ImportProgress, ImportReport, ImportStage, Source};

/// The `format` tag of Kindred's JSON export.
pub const EXPORT_FORMAT: &str = "kindred.export";
/// The export version this build writes and the newest it imports.
pub const EXPORT_VERSION: u32 = 1;
