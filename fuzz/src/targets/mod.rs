//! One module per target; each exposes `run(&[u8])` (imports one per
//! source). See the crate documentation for what each checks.

pub mod backup;
pub mod dates;
pub mod import;
pub mod ipc;
pub mod keyfile;
pub mod markdown;
pub mod search;
