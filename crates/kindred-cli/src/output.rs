//! Writing to stdout and stderr. Data goes to stdout, messages to stderr. A
//! closed pipe (`kindred entries | head`) ends output quietly.

use std::io::{self, IsTerminal, Write};

use serde::Serialize;

/// Writes text to stdout; a broken pipe is not an error.
pub fn out(text: &str) -> io::Result<()> {
    let mut stdout = io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}

/// Writes one line to stdout.
pub fn line(text: &str) -> io::Result<()> {
    out(&format!("{text}\n"))
}

/// Writes a value as pretty JSON to stdout.
pub fn json<T: Serialize + ?Sized>(value: &T) -> io::Result<()> {
    let s = serde_json::to_string_pretty(value).map_err(io::Error::other)?;
    line(&s)
}

/// A message for the person at the terminal, on stderr.
pub fn notice(text: &str) {
    let _ = writeln!(io::stderr().lock(), "{text}");
}

/// Whether stdout is a terminal (for emphasis in search results).
pub fn stdout_is_terminal() -> bool {
    io::stdout().is_terminal()
}
