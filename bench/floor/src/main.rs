//! The floor of `cargo xtask bench --app`: one window with one paragraph,
//! made as Kindred makes its window (same size, same Tauri, same WebKit),
//! reporting itself drawn with the same `kindred-launch:` line (see
//! src-tauri/src/launch_trace.rs). Whatever Kindred costs above this is
//! Kindred's own.

#![allow(clippy::print_stdout)] // the launch line is read from stdout

use std::sync::OnceLock;
use std::time::Instant;

use tauri::{WebviewUrl, WebviewWindowBuilder};

static STARTED: OnceLock<Instant> = OnceLock::new();
static WINDOW_MS: OnceLock<f64> = OnceLock::new();

fn since_start() -> f64 {
    STARTED
        .get()
        .map_or(0.0, |t| t.elapsed().as_secs_f64() * 1000.0)
}

/// The page's marks (ms since its navigation started).
#[derive(Debug, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct Marks {
    main_ms: f64,
    status_ms: f64,
    drawn_ms: f64,
}

#[tauri::command]
fn drawn(marks: Marks) {
    println!(
        "kindred-launch: {{\"window_ms\":{:.1},\"drawn_ms\":{:.1},\"page\":{{\"main_ms\":{:.1},\"status_ms\":{:.1},\"drawn_ms\":{:.1}}}}}",
        WINDOW_MS.get().copied().unwrap_or(0.0),
        since_start(),
        marks.main_ms,
        marks.status_ms,
        marks.drawn_ms,
    );
}

fn main() {
    let _ = STARTED.set(Instant::now());
    let result = tauri::Builder::default()
        .invoke_handler(tauri::generate_handler![drawn])
        .setup(|app| {
            WebviewWindowBuilder::new(app, "main", WebviewUrl::App("index.html".into()))
                .title("Floor")
                .inner_size(1120.0, 740.0)
                .build()?;
            let _ = WINDOW_MS.set(since_start());
            Ok(())
        })
        .run(tauri::generate_context!());
    if let Err(e) = result {
        eprintln!("floor: {e}");
        std::process::exit(1);
    }
}
