//! The app's commands, grouped by domain. Each is a few lines: take the
//! arguments, call one core use case, map the error. Every one is `async`
//! so the work (Argon2 takes about half a second) runs off the UI thread.

pub mod journal;
pub mod people;
pub mod search;
pub mod session;
pub mod settings;

/// The vault events the UI listens for.
pub const LOCKED_EVENT: &str = "vault-locked";
