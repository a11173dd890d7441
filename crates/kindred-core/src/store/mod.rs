//! The encrypted SQLite database: opening it safely, and its schema.
//!
//! [`open`] is the only place a connection is made (clippy bans the other
//! constructors). It keys SQLCipher with the raw data key, refuses a build
//! that does not encrypt, verifies the key with a read, and sets the PRAGMAs
//! the security model and durability promise depend on. The schema is a list
//! of numbered [`MIGRATIONS`] applied in order and recorded in
//! `PRAGMA user_version`; each table's DDL lives in the file named after it.

use std::path::Path;

use rusqlite::{Connection, OpenFlags};
use zeroize::Zeroizing;

use crate::crypto::DataKey;
use crate::error::{Error, Result};

pub mod attachments;
pub mod checkins;
pub mod entries;
pub mod important_dates;
pub mod love_map;
pub mod moments;
pub mod notes;
pub mod people;
pub mod prompt_log;
pub mod proximity;
pub mod search_index;
pub mod settings;
pub mod tags;
pub mod timeline;

/// The database file name inside a vault folder.
pub const FILE_NAME: &str = "kindred.db";

/// Page cache per connection: pages stay decrypted here, so a warm search
/// costs what plain SQLite's does. The cache holds only pages read, up to
/// this bound. `cargo xtask bench --only cache` at 100k entries: the
/// journal's first page and every search shape held 20.4 MB at 32 and at
/// 64 MiB, with the same warm p95 (3.4 ms); at 16 MiB 18.1 MB and twice
/// the p95 (6–7 ms); at SQLite's default 2 MiB 2.8 MB and 7.6–8.6 ms.
/// 32 MiB keeps the speed and halves the most a long session can hold.
const CACHE_KIB: i64 = 32 * 1024;

/// WAL pages between automatic checkpoints.
const WAL_AUTOCHECKPOINT_PAGES: i64 = 4_000;

/// How long a write waits for another process (the app, a cron backup).
const BUSY_TIMEOUT_MS: u64 = 5_000;

/// Whether [`open`] may create the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenMode {
    /// The database must already exist.
    Existing,
    /// The database must not exist yet.
    Create,
}

/// Opens the vault database with its data key and applies every PRAGMA
/// Kindred relies on. Does not migrate; see [`migrate`].
pub fn open(path: &Path, key: &DataKey, mode: OpenMode) -> Result<Connection> {
    let mut flags = OpenFlags::SQLITE_OPEN_READ_WRITE
        | OpenFlags::SQLITE_OPEN_NO_MUTEX
        | OpenFlags::SQLITE_OPEN_URI;
    match mode {
        OpenMode::Create => {
            if path.exists() {
                return Err(Error::VaultExists(path.display().to_string()));
            }
            flags |= OpenFlags::SQLITE_OPEN_CREATE;
        }
        OpenMode::Existing => {
            if !path.exists() {
                return Err(Error::CorruptFile {
                    what: "The vault database",
                    detail: "it is missing although the key file is there".into(),
                });
            }
        }
    }
    #[allow(clippy::disallowed_methods)] // this is the one place allowed
    let conn = Connection::open_with_flags(path, flags)?;
    configure(&conn, key)?;
    Ok(conn)
}

/// Keys and configures a fresh connection; split out so tests can apply the
/// same settings to an in-memory or plain database.
fn configure(conn: &Connection, key: &DataKey) -> Result<()> {
    // Silence SQLCipher before anything can make it log.
    conn.query_row("PRAGMA cipher_log_level = NONE", [], |_| Ok(()))
        .map_err(|_| Error::NotEncrypted)?;
    // A build that linked plain SQLite answers no row here and would
    // happily write plaintext: refuse before the key is even given.
    let version: Option<String> = conn
        .query_row("PRAGMA cipher_version", [], |r| r.get(0))
        .ok();
    if version.is_none_or(|v| v.is_empty()) {
        return Err(Error::NotEncrypted);
    }
    let hex = Zeroizing::new(data_encoding::HEXLOWER.encode(key.expose_secret()));
    let pragma = Zeroizing::new(format!("PRAGMA key = \"x'{}'\";", hex.as_str()));
    conn.execute_batch(&pragma)?;
    // SQLCipher only checks the key on first read: do it now, so a wrong
    // key is reported here and not on some later write.
    conn.query_row("SELECT count(*) FROM sqlite_master", [], |_| Ok(()))
        .map_err(|e| match Error::from(e) {
            Error::CorruptFile { .. } => Error::CorruptFile {
                what: "The vault database",
                detail: "it does not match its key file, or it is damaged".into(),
            },
            other => other,
        })?;
    conn.execute_batch(
        // temp_store=MEMORY: sorts and temp tables never spill plaintext.
        // WAL + synchronous=FULL: an acknowledged commit survives power loss.
        // secure_delete: deleted rows and freed pages are overwritten with
        // zeros, so text deleted for good leaves no trace in a page.
        "PRAGMA temp_store = MEMORY;
         PRAGMA secure_delete = ON;
         PRAGMA journal_mode = WAL;
         PRAGMA synchronous = FULL;
         PRAGMA foreign_keys = ON;",
    )?;
    conn.pragma_update(None, "cache_size", -CACHE_KIB)?;
    // Checkpoints cost extra fsyncs; at SQLite's default (every 1,000 pages)
    // one save in ~60 paid for one. Every 4,000 pages (16 MiB of WAL) keeps
    // that off nearly every save; closing the vault checkpoints anyway.
    conn.pragma_update(None, "wal_autocheckpoint", WAL_AUTOCHECKPOINT_PAGES)?;
    conn.pragma_update(None, "journal_size_limit", 64 * 1024 * 1024)?;
    conn.busy_timeout(std::time::Duration::from_millis(BUSY_TIMEOUT_MS))?;
    Ok(())
}

/// One schema step.
#[derive(Debug)]
pub struct Migration {
    /// The `user_version` after this step.
    pub version: u32,
    /// What the step does, for people reading the list and for tests.
    #[cfg_attr(not(any(test, feature = "test-support")), allow(dead_code))]
    pub name: &'static str,
    /// The statements, each owned by the table file it concerns.
    pub sql: &'static [&'static str],
}

/// Every schema step, oldest first. Append only; never edit a shipped step.
pub const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "journal, people and notes",
        sql: &[entries::V1, tags::V1, people::V1, notes::V1, settings::V1],
    },
    Migration {
        version: 2,
        name: "full-text search",
        sql: &[search_index::V2],
    },
    Migration {
        version: 3,
        name: "imports: star, time zone, source",
        sql: &[entries::V3],
    },
    Migration {
        version: 4,
        name: "reflection: check-ins, moments, love maps, prompts; search them",
        sql: &[
            checkins::V4,
            moments::V4,
            love_map::V4,
            proximity::V4,
            important_dates::V4,
            prompt_log::V4,
            entries::V4,
            search_index::V4,
        ],
    },
    Migration {
        version: 5,
        name: "deleted for good is gone: the search index forgets deleted text",
        sql: &[search_index::V5],
    },
    Migration {
        version: 6,
        name: "search: prefix indexes for one to four characters",
        sql: &[search_index::V6],
    },
    Migration {
        version: 7,
        name: "the trash: indexes of what is in it",
        sql: &[TRASH_V7],
    },
    Migration {
        version: 8,
        name: "imports: pinned, place and weather",
        sql: &[entries::V8],
    },
    Migration {
        version: 9,
        name: "attachments: photos and files, stored as encrypted blobs",
        sql: &[attachments::V9],
    },
    Migration {
        version: 10,
        name: "a person's entries found without reading them: the live entries' dates by id",
        sql: &[entries::V10],
    },
];

/// The trash is read a page at a time, most recently deleted first; these
/// hold only trashed rows, so a page costs the same beside 100k entries.
const TRASH_V7: &str = "
CREATE INDEX entries_trashed ON entries (deleted_at) WHERE deleted_at IS NOT NULL;
CREATE INDEX notes_trashed ON notes (deleted_at) WHERE deleted_at IS NOT NULL;
CREATE INDEX people_trashed ON people (deleted_at) WHERE deleted_at IS NOT NULL;
CREATE INDEX moments_trashed ON moments (deleted_at) WHERE deleted_at IS NOT NULL;
CREATE INDEX checkins_trashed ON checkins (deleted_at) WHERE deleted_at IS NOT NULL;
";

/// The step after which the file is rewritten once (`VACUUM`), so that
/// text purged before deletes were secure leaves no free page behind.
const VACUUM_AFTER: u32 = 5;

/// The schema version this build writes.
pub fn latest_version() -> u32 {
    MIGRATIONS.last().map_or(0, |m| m.version)
}

/// The schema version stored in the database.
pub fn current_version(conn: &Connection) -> Result<u32> {
    let v: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    u32::try_from(v).map_err(|_| Error::CorruptFile {
        what: "The vault database",
        detail: "its schema version is invalid".into(),
    })
}

/// Brings the schema up to date. Each step runs in its own transaction, so
/// an interrupted upgrade resumes where it stopped.
pub fn migrate(conn: &Connection) -> Result<()> {
    migrate_to(conn, latest_version())
}

/// Applies steps up to `target` (tests use it to build older schemas).
pub fn migrate_to(conn: &Connection, target: u32) -> Result<()> {
    let current = current_version(conn)?;
    if current > latest_version() {
        return Err(Error::UnsupportedVersion {
            what: "The vault database",
            found: current,
            supported: latest_version(),
        });
    }
    for m in MIGRATIONS
        .iter()
        .filter(|m| m.version > current && m.version <= target)
    {
        let tx = conn.unchecked_transaction()?;
        for sql in m.sql {
            tx.execute_batch(sql)?;
        }
        tx.pragma_update(None, "user_version", m.version)?;
        tx.commit()?;
        if m.version == VACUUM_AFTER {
            conn.execute_batch("VACUUM")?;
            scrub_wal(conn)?;
        }
    }
    Ok(())
}

/// Moves the WAL into the database and empties it, so no earlier version
/// of a page (one holding text since deleted for good) stays in the WAL
/// file. Returns `false` when another connection's open read kept some
/// frames; they go at the next scrub or when the vault closes.
pub fn scrub_wal(conn: &Connection) -> Result<bool> {
    let busy: i64 = conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| r.get(0))?;
    Ok(busy == 0)
}

/// `PRAGMA integrity_check` and `cipher_integrity_check`; `Ok` only when
/// both report nothing wrong.
pub fn check_integrity(conn: &Connection) -> Result<()> {
    let bad = |detail: &str| Error::CorruptFile {
        what: "The vault database",
        detail: detail.into(),
    };
    let mut stmt = conn.prepare("PRAGMA integrity_check")?;
    let rows: Vec<String> = stmt
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    if rows != ["ok"] {
        return Err(bad("the integrity check found damaged pages"));
    }
    let mut stmt = conn.prepare("PRAGMA cipher_integrity_check")?;
    let problems = stmt.query_map([], |r| r.get::<_, String>(0))?.count();
    if problems > 0 {
        return Err(bad("some pages fail their authentication check"));
    }
    Ok(())
}

/// The years a stored time or date may fall in. RFC 3339, the text form
/// [`to_db`] writes and [`time_col`] reads, has four-digit years: a time
/// outside them would be written but never read back, nor sort as text.
/// Imports refuse anything outside (the app's own times are "now").
pub(crate) const YEARS: std::ops::RangeInclusive<i32> = 0..=9999;

/// Times are stored as RFC 3339 in UTC with milliseconds, so they sort as text.
pub(crate) fn to_db(t: chrono::DateTime<chrono::Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

/// Reads a time column written by [`to_db`].
pub(crate) fn time_col(
    r: &rusqlite::Row<'_>,
    i: usize,
) -> rusqlite::Result<chrono::DateTime<chrono::Utc>> {
    let s: String = r.get(i)?;
    chrono::DateTime::parse_from_rfc3339(&s)
        .map(|t| t.with_timezone(&chrono::Utc))
        .map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, Box::new(e))
        })
}

/// Reads a `YYYY-MM-DD` column.
pub(crate) fn date_col(r: &rusqlite::Row<'_>, i: usize) -> rusqlite::Result<chrono::NaiveDate> {
    let s: String = r.get(i)?;
    s.parse().map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, Box::new(e))
    })
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::crypto::new_data_key;

    /// A fresh encrypted database in a temp dir, migrated to `version`.
    pub(crate) fn db_at(version: u32) -> (tempfile::TempDir, Connection) {
        let dir = tempfile::tempdir().unwrap();
        let key = new_data_key().unwrap();
        let conn = open(&dir.path().join(FILE_NAME), &key, OpenMode::Create).unwrap();
        migrate_to(&conn, version).unwrap();
        (dir, conn)
    }

    fn schema(conn: &Connection) -> Vec<(String, String)> {
        let mut stmt = conn
            .prepare("SELECT name, coalesce(sql, '') FROM sqlite_master ORDER BY name")
            .unwrap();
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    }

    /// The queries from a person to their entries read the live entries'
    /// index only, never the entry rows (whose bodies filled the page cache
    /// at 100k entries): each plan's step for `e` is the covering index.
    #[test]
    fn a_persons_entries_are_found_without_reading_them() {
        let (_dir, conn) = db_at(latest_version());
        for (what, sql) in [
            ("people", people::SELECT),
            ("last contact", people::LAST_MOMENT_OR_ENTRY),
            ("timeline", timeline::PAGE),
        ] {
            let mut stmt = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
            // Unbound parameters are NULL: the plan is made all the same.
            let mut rows = stmt.raw_query();
            let mut steps: Vec<String> = Vec::new();
            while let Some(r) = rows.next().unwrap() {
                steps.push(r.get(3).unwrap());
            }
            let of_e: Vec<&String> = steps.iter().filter(|s| s.contains(" e ")).collect();
            assert!(!of_e.is_empty(), "{what}: {steps:?}");
            for s in of_e {
                assert!(
                    s.contains("USING COVERING INDEX entries_live"),
                    "{what} reads the entry rows: {s}"
                );
            }
        }
    }

    #[test]
    fn pragmas_are_what_the_security_model_needs() {
        let (_dir, conn) = db_at(latest_version());
        let q = |p: &str| -> String {
            conn.query_row(&format!("PRAGMA {p}"), [], |r| {
                r.get::<_, rusqlite::types::Value>(0)
            })
            .map(|v| format!("{v:?}"))
            .unwrap()
        };
        assert_eq!(q("journal_mode"), "Text(\"wal\")");
        assert_eq!(q("synchronous"), "Integer(2)", "FULL");
        assert_eq!(q("temp_store"), "Integer(2)", "MEMORY");
        assert_eq!(q("foreign_keys"), "Integer(1)");
        assert_eq!(q("cache_size"), format!("Integer({})", -CACHE_KIB));
        assert!(q("cipher_version").starts_with("Text(\"4."));
    }

    #[test]
    fn migrations_are_numbered_in_order() {
        for (i, m) in MIGRATIONS.iter().enumerate() {
            assert_eq!(m.version as usize, i + 1, "{}", m.name);
        }
    }

    #[test]
    fn upgrading_from_every_earlier_version_gives_the_fresh_schema() {
        let (_d, fresh) = db_at(latest_version());
        let want = schema(&fresh);
        for from in 0..latest_version() {
            let (_dir, conn) = db_at(from);
            assert_eq!(current_version(&conn).unwrap(), from);
            migrate(&conn).unwrap();
            assert_eq!(current_version(&conn).unwrap(), latest_version());
            assert_eq!(schema(&conn), want, "upgrade from v{from}");
            check_integrity(&conn).unwrap();
        }
    }

    #[test]
    fn the_search_index_keeps_secure_delete_and_its_prefixes_after_every_upgrade() {
        for from in 0..latest_version() {
            let (_dir, conn) = db_at(from);
            migrate(&conn).unwrap();
            let secure: i64 = conn
                .query_row(
                    "SELECT v FROM search_index_config WHERE k = 'secure-delete'",
                    [],
                    |r| r.get(0),
                )
                .unwrap();
            assert_eq!(secure, 1, "upgrade from v{from}");
            let hashsize: i64 = conn
                .query_row(
                    "SELECT v FROM search_index_config WHERE k = 'hashsize'",
                    [],
                    |r| r.get(0),
                )
                .unwrap();
            assert_eq!(hashsize, 16 << 20, "upgrade from v{from}");
            let sql: String = conn
                .query_row(
                    "SELECT sql FROM sqlite_master WHERE name = 'search_index'",
                    [],
                    |r| r.get(0),
                )
                .unwrap();
            assert!(sql.contains("prefix = '1 2 3 4'"), "upgrade from v{from}");
        }
    }

    #[test]
    fn every_kind_written_at_v5_is_searchable_after_the_prefix_rebuild() {
        use crate::model::{Kind, PersonDraft};
        let (_dir, conn) = db_at(5);
        let now = chrono::Utc::now();
        let date = chrono::NaiveDate::from_ymd_opt(2025, 5, 1).unwrap();
        let entry = entries::insert(&conn, date, "Harbour", "entrywordzest", now).unwrap();
        let person = people::insert(
            &conn,
            &PersonDraft {
                name: "Personwordzest".into(),
                ..PersonDraft::default()
            },
            now,
        )
        .unwrap();
        let note = notes::insert(&conn, person, "notewordzest", now).unwrap();
        let moment = moments::insert(
            &conn,
            person,
            crate::reflection::MomentKind::Repair,
            date,
            "momentwordzest",
            now,
        )
        .unwrap();
        let checkin = checkins::insert(
            &conn,
            &crate::reflection::CheckinDraft {
                person_id: person,
                note: "checkinwordzest".into(),
                ..crate::reflection::CheckinDraft::default()
            },
            now,
            now,
        )
        .unwrap();
        for (kind, id) in [
            (Kind::Entry, entry),
            (Kind::Person, person),
            (Kind::Note, note),
            (Kind::Moment, moment),
            (Kind::Checkin, checkin),
        ] {
            search_index::reindex(&conn, kind, id).unwrap();
        }
        migrate(&conn).unwrap();
        for (word, kind, id) in [
            ("entrywordz*", Kind::Entry, entry),
            ("notewordz*", Kind::Note, note),
            ("momentwordz*", Kind::Moment, moment),
            ("checkinwordz*", Kind::Checkin, checkin),
            ("per*", Kind::Person, person),
        ] {
            let hits = crate::search::search(&conn, word, 10).unwrap();
            assert!(
                hits.iter().any(|h| h.kind == kind && h.id == id),
                "{word}: {hits:?}"
            );
        }
    }

    #[test]
    fn a_newer_schema_is_refused() {
        let (_dir, conn) = db_at(latest_version());
        conn.pragma_update(None, "user_version", latest_version() + 1)
            .unwrap();
        let err = migrate(&conn).unwrap_err();
        assert_eq!(err.code(), crate::ErrorCode::UnsupportedVersion);
    }

    #[test]
    fn the_wrong_key_is_reported_at_open() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        let conn = open(&path, &new_data_key().unwrap(), OpenMode::Create).unwrap();
        migrate(&conn).unwrap();
        drop(conn);
        let err = open(&path, &new_data_key().unwrap(), OpenMode::Existing).unwrap_err();
        assert_eq!(err.code(), crate::ErrorCode::CorruptFile);
    }

    #[test]
    fn data_written_at_v1_is_searchable_after_the_upgrade() {
        let (_dir, conn) = db_at(1);
        let now = chrono::Utc::now();
        let date = chrono::NaiveDate::from_ymd_opt(2025, 5, 1).unwrap();
        let id = entries::insert(
            &conn,
            date,
            "Old entry",
            "written before search existed",
            now,
        )
        .unwrap();
        migrate(&conn).unwrap();
        let hits = crate::search::search(&conn, "before search", 10).unwrap();
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].id, id);
    }
}
