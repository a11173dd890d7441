//! Reads the root `tauri.conf.json` (DESIGN.md §2) and lists the app's own
//! commands in the build manifest, so capabilities can grant exactly them.

fn main() {
    let attrs = tauri_build::Attributes::new()
        .config_path("../tauri.conf.json")
        .app_manifest(tauri_build::AppManifest::new().commands(kindred_app_commands::ALL));
    if let Err(e) = tauri_build::try_build(attrs) {
        eprintln!("tauri build step failed: {e:#}");
        std::process::exit(1);
    }
}

#[path = "src/command_names.rs"]
mod kindred_app_commands;
