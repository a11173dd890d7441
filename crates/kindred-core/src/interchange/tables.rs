//! The reflection tables as exports write them and imports read them back:
//! each table's columns with their types, and the columns that identify a
//! row already in the vault (so a re-import adds no duplicates).

/// A column's type in an export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Col {
    /// An integer.
    Int,
    /// An integer or null.
    OptInt,
    /// Text.
    Text,
    /// A time (RFC 3339), stored in UTC as the store writes times.
    Time,
    /// A time or null.
    OptTime,
    /// A calendar date, `YYYY-MM-DD`.
    Date,
    /// A year or null (the app reads years as 32-bit integers).
    OptYear,
}

/// A reflection table as exported: its columns (the first is always `id`,
/// and `person_id`, when present, is remapped on import) and the columns
/// that identify a row already in the vault.
pub(crate) struct TableSpec {
    pub(crate) name: &'static str,
    pub(crate) cols: &'static [(&'static str, Col)],
    pub(crate) key: &'static [&'static str],
}

/// The reflection tables, in the order they are written.
pub(crate) const REFLECTION_TABLES: &[TableSpec] = &[
    TableSpec {
        name: "checkins",
        cols: &[
            ("id", Col::Int),
            ("person_id", Col::Int),
            ("at", Col::Time),
            ("seen", Col::OptInt),
            ("heard", Col::OptInt),
            ("understood", Col::OptInt),
            ("safe", Col::OptInt),
            ("trust", Col::OptInt),
            ("they_showed_up", Col::OptInt),
            ("i_showed_up", Col::OptInt),
            ("ios", Col::OptInt),
            ("note", Col::Text),
            ("created_at", Col::Time),
            ("deleted_at", Col::OptTime),
        ],
        key: &["person_id", "at", "created_at"],
    },
    TableSpec {
        name: "moments",
        cols: &[
            ("id", Col::Int),
            ("person_id", Col::Int),
            ("on_date", Col::Date),
            ("kind", Col::Text),
            ("note", Col::Text),
            ("created_at", Col::Time),
            ("deleted_at", Col::OptTime),
        ],
        key: &["person_id", "on_date", "kind", "created_at"],
    },
    TableSpec {
        name: "love_map",
        cols: &[
            ("id", Col::Int),
            ("person_id", Col::Int),
            ("topic", Col::Text),
            ("text", Col::Text),
            ("updated_at", Col::Time),
        ],
        key: &["person_id", "topic"],
    },
    TableSpec {
        name: "proximity_history",
        cols: &[
            ("id", Col::Int),
            ("person_id", Col::Int),
            ("proximity", Col::OptInt),
            ("changed_at", Col::Time),
        ],
        key: &["person_id", "changed_at"],
    },
    TableSpec {
        name: "important_dates",
        cols: &[
            ("id", Col::Int),
            ("person_id", Col::Int),
            ("label", Col::Text),
            ("month", Col::Int),
            ("day", Col::Int),
            ("year", Col::OptYear),
        ],
        key: &["person_id", "label", "month", "day"],
    },
];
