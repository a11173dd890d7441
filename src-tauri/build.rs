//! Reads the root `tauri.conf.json` (DESIGN.md §2) and lists the app's own
//! commands in the build manifest, so capabilities can grant exactly them.

fn main() {
    pack_relative_relocations();
    let attrs = tauri_build::Attributes::new()
        .config_path("../tauri.conf.json")
        .app_manifest(tauri_build::AppManifest::new().commands(kindred_app_commands::ALL));
    if let Err(e) = tauri_build::try_build(attrs) {
        eprintln!("tauri build step failed: {e:#}");
        std::process::exit(1);
    }
}

/// Linux: the app's ~66,000 relative relocations packed as RELR
/// (`-z pack-relative-relocs`, GNU ld 2.38+, glibc 2.36+) instead of
/// 24 bytes each: 1.5 MB off the binary, still position-independent
/// (ASLR unchanged). An older GNU ld ignores the option with a warning.
/// docs/benchmarks.md has the figures.
fn pack_relative_relocations() {
    let target = std::env::var("TARGET").unwrap_or_default();
    if target.contains("linux-gnu") {
        println!("cargo:rustc-link-arg-bins=-Wl,-z,pack-relative-relocs");
    }
}

#[path = "src/command_names.rs"]
mod kindred_app_commands;
