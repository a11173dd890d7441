//! Reads this crate's own `tauri.conf.json`.

fn main() {
    if let Err(e) = tauri_build::try_build(tauri_build::Attributes::new()) {
        eprintln!("tauri build step failed: {e:#}");
        std::process::exit(1);
    }
}
