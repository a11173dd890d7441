//! Where a launch's time goes: with `KINDRED_LAUNCH_TRACE=1`, the app notes
//! when `main` began and when the window was made, and once the page
//! reports its first screen drawn (the `drawn` command, which the page sends
//! after the two animation frames that follow its first render) prints one
//! line to standard output:
//!
//! `kindred-launch: {"window_ms":…,"drawn_ms":…,"page":{"main_ms":…,…}}`
//!
//! with times since `main` began, and the page's own marks in ms since its
//! navigation started. `cargo xtask bench --app` reads it. Without the
//! variable nothing is noted or printed. The line holds timings only.

use std::sync::OnceLock;
use std::time::Instant;

use crate::commands::args::PageMarks;

/// When `main` began.
static STARTED: OnceLock<Instant> = OnceLock::new();
/// When the main window was made, in ms after [`STARTED`].
static WINDOW_MS: OnceLock<f64> = OnceLock::new();
/// Whether the trace is on (read once).
static ON: OnceLock<bool> = OnceLock::new();

fn on() -> bool {
    *ON.get_or_init(|| std::env::var_os("KINDRED_LAUNCH_TRACE").is_some_and(|v| v == "1"))
}

fn since_start() -> f64 {
    STARTED
        .get()
        .map_or(0.0, |t| t.elapsed().as_secs_f64() * 1000.0)
}

/// With the trace on, `KINDRED_WEBVIEW_DEFAULTS=1` leaves WebKit's settings
/// as they come (see `webview`), for `cargo xtask bench --app` to measure
/// what the app's own settings save.
pub fn webview_defaults() -> bool {
    on() && std::env::var_os("KINDRED_WEBVIEW_DEFAULTS").is_some_and(|v| v == "1")
}

/// The start of `main`.
pub fn started() {
    if on() {
        let _ = STARTED.set(Instant::now());
    }
}

/// The main window exists.
pub fn window_made() {
    if on() {
        let _ = WINDOW_MS.set(since_start());
    }
}

/// The page drew its first screen: prints the trace line, once.
#[allow(clippy::print_stdout)] // the trace is read from standard output
pub fn drawn(page: PageMarks) {
    static PRINTED: OnceLock<()> = OnceLock::new();
    if !on() || PRINTED.set(()).is_err() {
        return;
    }
    println!(
        "kindred-launch: {{\"window_ms\":{:.1},\"drawn_ms\":{:.1},\"page\":{{\"main_ms\":{:.1},\"status_ms\":{:.1},\"drawn_ms\":{:.1}}}}}",
        WINDOW_MS.get().copied().unwrap_or(0.0),
        since_start(),
        page.main_ms,
        page.status_ms,
        page.drawn_ms,
    );
}
