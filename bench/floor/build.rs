//! Reads this crate's own `tauri.conf.json`.

fn main() {
    // Linked as the app is (see src-tauri/build.rs), so the floor stays
    // the least a window costs with the same options.
    if std::env::var("TARGET")
        .unwrap_or_default()
        .contains("linux-gnu")
    {
        println!("cargo:rustc-link-arg-bins=-Wl,-z,pack-relative-relocs");
    }
    if let Err(e) = tauri_build::try_build(tauri_build::Attributes::new()) {
        eprintln!("tauri build step failed: {e:#}");
        std::process::exit(1);
    }
}
