//! The words the command line accepts for a kind of thing (`purge KIND`,
//! `export --format`, `import --from`), as clap value enums mapped to the
//! core's types: the core has no clap. The variants carry no doc comments,
//! since clap would print them as per-value help and change the documented
//! help text.

use clap::ValueEnum;
use kindred_core::interchange::Source;
use kindred_core::model::Kind;

/// What `purge` deletes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PurgeKind {
    Entry,
    Note,
    Person,
    Attachment,
}

impl From<PurgeKind> for Kind {
    fn from(k: PurgeKind) -> Self {
        match k {
            PurgeKind::Entry => Kind::Entry,
            PurgeKind::Note => Kind::Note,
            PurgeKind::Person => Kind::Person,
            PurgeKind::Attachment => Kind::Attachment,
        }
    }
}

/// What `export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    Json,
    Markdown,
}

/// Where `import` reads from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ImportSource {
    Jrnl,
    #[value(name = "dayone")]
    DayOne,
    Kindred,
}

impl From<ImportSource> for Source {
    fn from(s: ImportSource) -> Self {
        match s {
            ImportSource::Jrnl => Source::Jrnl,
            ImportSource::DayOne => Source::DayOne,
            ImportSource::Kindred => Source::Kindred,
        }
    }
}
