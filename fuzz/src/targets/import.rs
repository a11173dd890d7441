//! Imports: jrnl JSON, Day One JSON or its export zip, Kindred JSON, read
//! from bytes through the same code as a file (`interchange::parse_bytes`).
//!
//! Properties:
//! - a refusal is "this file cannot be imported" (or "made by a newer
//!   Kindred"), never an internal error;
//! - what a parse accepts is clean: one-line titles, tags that are short
//!   labels without duplicates, names on one line;
//! - what a parse accepts is written (into a fresh in-memory vault, in one
//!   transaction) and every row reads back through the store's readers —
//!   or, if the writer refuses it, it says why and leaves nothing behind.

use kindred_core::interchange::{import_bytes, parse_bytes, Accepted, Source};
use kindred_core::ErrorCode;
use rusqlite::Connection;

use crate::db;

/// jrnl's `--export json`.
pub fn jrnl(data: &[u8]) {
    run(Source::Jrnl, data);
}

/// Day One's JSON export, or its zip.
pub fn dayone(data: &[u8]) {
    run(Source::DayOne, data);
}

/// Kindred's own JSON export.
pub fn kindred(data: &[u8]) {
    run(Source::Kindred, data);
}

/// Parses, checks, writes and reads back; returns what was accepted.
pub fn run(source: Source, data: &[u8]) -> Option<Accepted> {
    run_then(source, data, |_, _| {})
}

/// [`run`], then `then` with what was accepted and the vault it was
/// written into (when the writer took it).
pub fn run_then(
    source: Source,
    data: &[u8],
    then: impl FnOnce(&Accepted, &Connection),
) -> Option<Accepted> {
    let accepted = match parse_bytes(source, data) {
        Ok(a) => a,
        Err(e) => {
            assert!(
                matches!(
                    e.code(),
                    ErrorCode::InvalidInput | ErrorCode::UnsupportedVersion
                ),
                "a {source:?} file was refused with {:?}: {e}",
                e.code()
            );
            return None;
        }
    };
    check(&accepted);
    db::with_empty(|conn| match import_bytes(conn, source, data) {
        Ok(report) => {
            assert_eq!(
                report.entries + report.duplicates,
                accepted.dates.len(),
                "every entry is added or counted as a duplicate"
            );
            let rows = db::read_back(conn);
            assert_eq!(rows.entries, report.entries, "entries written");
            assert_eq!(rows.people, report.people, "people written");
            then(&accepted, conn);
        }
        Err(e) => {
            assert_eq!(
                e.code(),
                ErrorCode::InvalidInput,
                "a parsed {source:?} file failed to write with {:?}: {e}",
                e.code()
            );
            assert_eq!(
                db::read_back(conn),
                db::Rows::default(),
                "a failed import left rows behind"
            );
        }
    });
    Some(accepted)
}
/// What any accepted file must look like before it is written.
fn check(a: &Accepted) {
    for t in &a.titles {
        assert!(!t.contains('\n'), "a title of more than one line: {t:?}");
        assert!(t.chars().count() <= 500, "a title of {} chars", t.len());
    }
    for n in &a.names {
        assert!(!n.trim().is_empty(), "an empty name");
        assert!(
            !n.chars().any(char::is_control),
            "a name with control chars"
        );
    }
    for tags in &a.tags {
        let mut seen: Vec<String> = Vec::new();
        for t in tags {
            assert!(!t.is_empty() && t.trim() == t, "tag {t:?} is not trimmed");
            assert!(!t.chars().any(char::is_control), "tag {t:?}");
            assert!(
                t.chars().count() <= 64,
                "tag of {} chars",
                t.chars().count()
            );
            let folded = t.to_lowercase();
            assert!(!seen.contains(&folded), "tag {t:?} twice");
            seen.push(folded);
        }
    }
}
