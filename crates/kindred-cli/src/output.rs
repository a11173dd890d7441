//! Writing to stdout and stderr. Data goes to stdout, messages and progress bars
//! to stderr. A closed pipe (`kindred entries | head`) ends output quietly; any
//! other failure to write becomes the core's `Error::Io`, here and nowhere else.

use std::io::{self, IsTerminal, Write};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressFinish, ProgressStyle};
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

/// Progress of a long operation on stderr, drawn by indicatif and only when
/// stderr is a terminal. Each stage (`Snapshot`, `Writing` …) is an
/// indicatif bar of its own that takes the one line over from the last, so
/// a new label never shows the old stage's position. Nothing is drawn until
/// the first report.
#[derive(Debug)]
pub struct Bar {
    on: bool,
    /// The stage being drawn: its label and its bar.
    stage: Option<(String, ProgressBar)>,
}

impl Bar {
    pub fn new() -> Self {
        Self {
            on: io::stderr().is_terminal(),
            stage: None,
        }
    }

    /// Draws `label` at `done` of `total`.
    pub fn set(&mut self, label: &str, done: u64, total: u64) {
        if !self.on {
            return;
        }
        let done = done.min(total);
        match &self.stage {
            Some((current, bar)) if current == label => bar.update(|s| {
                s.set_len(total);
                s.set_pos(done);
            }),
            _ => {
                if let Some((_, last)) = self.stage.take() {
                    last.finish_and_clear();
                }
                let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr())
                    .with_style(bar_style())
                    .with_message(label.to_owned())
                    .with_position(done)
                    // Dropped unfinished (an early return): leave it as it is.
                    .with_finish(ProgressFinish::Abandon);
                bar.tick();
                self.stage = Some((label.to_owned(), bar));
            }
        }
    }

    /// Leaves the bar where it got to; what is printed next goes below it.
    pub fn finish(&mut self) {
        if let Some((_, bar)) = self.stage.take() {
            bar.abandon();
        }
    }
}

/// `Snapshot     [###############               ]  50%`
fn bar_style() -> ProgressStyle {
    ProgressStyle::with_template("{msg:<12} [{bar:30}] {percent:>3}%")
        .map(|s| s.progress_chars("# "))
        .unwrap_or_else(|_| ProgressStyle::default_bar())
}
