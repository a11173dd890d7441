//! Writing to stdout and stderr. Data goes to stdout, messages to stderr. A
//! closed pipe (`kindred entries | head`) ends output quietly; any other
//! failure to write becomes the core's `Error::Io`, here and nowhere else.

use std::io::{self, IsTerminal, Write};

use kindred_core::Error;
use serde::Serialize;

/// Writes text to stdout; a broken pipe is not an error.
pub fn out(text: &str) -> Result<(), Error> {
    let mut stdout = io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => other.map_err(write_failed),
    }
}

/// Writes one line to stdout.
pub fn line(text: &str) -> Result<(), Error> {
    out(&format!("{text}\n"))
}

/// Writes a value as pretty JSON to stdout.
pub fn json<T: Serialize + ?Sized>(value: &T) -> Result<(), Error> {
    let s = serde_json::to_string_pretty(value)
        .map_err(io::Error::other)
        .map_err(write_failed)?;
    line(&s)
}

/// The one conversion of an output failure into the error a user sees.
fn write_failed(e: io::Error) -> Error {
    Error::Io {
        action: "write the output",
        kind: e.kind(),
    }
}

/// A message for the person at the terminal, on stderr.
pub fn notice(text: &str) {
    let _ = writeln!(io::stderr().lock(), "{text}");
}

/// Whether stdout is a terminal (for emphasis in search results).
pub fn stdout_is_terminal() -> bool {
    io::stdout().is_terminal()
}

/// A progress bar on stderr, drawn only when stderr is a terminal.
#[derive(Debug)]
pub struct Bar {
    on: bool,
    last: Option<(String, u64)>,
}

impl Bar {
    pub fn new() -> Self {
        Self {
            on: io::stderr().is_terminal(),
            last: None,
        }
    }

    /// Draws `label` at `done` of `total`.
    pub fn set(&mut self, label: &str, done: u64, total: u64) {
        if !self.on {
            return;
        }
        let pct = (done.min(total) * 100).checked_div(total).unwrap_or(100) as usize;
        if self
            .last
            .as_ref()
            .is_some_and(|(l, p)| l == label && *p == pct as u64)
        {
            return;
        }
        let filled = pct * 30 / 100;
        let _ = write!(
            io::stderr().lock(),
            "\r{label:<12} [{}{}] {pct:>3}%",
            "#".repeat(filled),
            " ".repeat(30 - filled)
        );
        self.last = Some((label.to_owned(), pct as u64));
    }

    /// Ends the bar's line.
    pub fn finish(&mut self) {
        if self.on && self.last.is_some() {
            let _ = writeln!(io::stderr().lock());
        }
        self.last = None;
    }
}
