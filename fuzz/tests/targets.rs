//! The fuzz targets as plain tests, on every `cargo test`:
//!
//! - every seed in `corpus/` and every input in `regressions/` (crashes the
//!   fuzzer found, kept after their fix) passes every property;
//! - the IPC target's table is exactly the app's commands with their
//!   signatures (read from `src-tauri/src/commands/` with syn), so it
//!   cannot drift from what the window can invoke;
//! - the byte-level entry points the harness uses read as the file paths
//!   do, on the fixtures and on damaged copies of them.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use kindred_core::backup::{self, BackupSecret};
use kindred_core::interchange::{import_bytes, import_file, Source};
use kindred_core::Secret;
use kindred_fuzz::targets::ipc::COMMANDS;
use kindred_fuzz::{command_names, db, TARGETS};
use quote::ToTokens;

fn here(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut out: Vec<PathBuf> = rd.map(|e| e.unwrap().path()).collect();
    out.sort();
    out
}

#[test]
fn every_seed_and_every_past_crash_passes_every_property() {
    let mut failed = Vec::new();
    let mut ran = 0;
    for t in TARGETS {
        let seeds = files(&here("corpus").join(t.name));
        assert!(
            !seeds.is_empty(),
            "target {} has no seeds in corpus/",
            t.name
        );
        let past = files(&here("regressions").join(t.name));
        for f in seeds.iter().chain(&past) {
            let data = std::fs::read(f).unwrap();
            let run = t.run;
            if std::panic::catch_unwind(|| run(&data)).is_err() {
                failed.push(format!("{}: {}", t.name, f.display()));
            }
            ran += 1;
        }
    }
    assert!(
        failed.is_empty(),
        "properties fail on:\n{}",
        failed.join("\n")
    );
    assert!(ran > 60, "{ran} inputs");
}

/// Name → (argument, type) of every `#[tauri::command]` in the app.
fn app_commands() -> BTreeMap<String, Vec<(String, String)>> {
    let mut out = BTreeMap::new();
    for f in files(&here("../src-tauri/src/commands")) {
        let file = syn::parse_file(&std::fs::read_to_string(&f).unwrap()).unwrap();
        for item in file.items {
            let syn::Item::Fn(func) = item else { continue };
            let is_command = func.attrs.iter().any(|a| {
                let path = a.path().to_token_stream().to_string().replace(' ', "");
                path == "tauri::command"
            });
            if !is_command {
                continue;
            }
            let mut args = Vec::new();
            for input in &func.sig.inputs {
                let syn::FnArg::Typed(arg) = input else {
                    continue;
                };
                let ty = arg.ty.to_token_stream().to_string().replace(' ', "");
                // What Tauri injects rather than decodes.
                if ty.starts_with("State<") || ty == "AppHandle" {
                    continue;
                }
                let name = arg.pat.to_token_stream().to_string();
                args.push((name, ty));
            }
            out.insert(func.sig.ident.to_string(), args);
        }
    }
    out
}

#[test]
fn the_ipc_target_decodes_exactly_the_apps_commands() {
    let app = app_commands();
    let ours: BTreeMap<String, Vec<(String, String)>> = COMMANDS
        .iter()
        .map(|c| {
            let args = c
                .args
                .iter()
                .map(|(n, t)| ((*n).to_owned(), t.replace(' ', "")))
                .collect();
            (c.name.to_owned(), args)
        })
        .collect();
    assert_eq!(
        ours, app,
        "fuzz/src/targets/ipc.rs against the app's commands"
    );
    let mut listed: Vec<&str> = command_names::ALL.to_vec();
    listed.sort_unstable();
    let found: Vec<&str> = app.keys().map(String::as_str).collect();
    assert_eq!(found, listed, "every registered command was found");
}

fn fixture(rel: &str) -> PathBuf {
    here("../crates/kindred-core/tests/fixtures").join(rel)
}

/// Damaged copies of a file: truncated at a few places, a byte flipped in
/// the header and in the body, a byte added.
fn damaged(bytes: &[u8]) -> Vec<Vec<u8>> {
    let mut out = vec![bytes.to_vec(), Vec::new()];
    for cut in [1, 17, 21, 300, bytes.len() / 2, bytes.len() - 1] {
        out.push(bytes[..cut.min(bytes.len())].to_vec());
    }
    for at in [3, 40, bytes.len() / 2, bytes.len() - 5] {
        let mut b = bytes.to_vec();
        b[at] ^= 0x20;
        out.push(b);
    }
    let mut longer = bytes.to_vec();
    longer.push(0);
    out.push(longer);
    out
}

#[test]
fn backup_bytes_read_as_backup_files_do() {
    let dir = tempfile::tempdir().unwrap();
    let wrong = Secret::new("not the passphrase".to_owned());
    let original = std::fs::read(fixture("backups/v1-schema4.kbak")).unwrap();
    for (i, bytes) in damaged(&original).into_iter().enumerate() {
        let path = dir.path().join(format!("{i}.kbak"));
        std::fs::write(&path, &bytes).unwrap();
        // From the file: the listing, then what verification reads first
        // (the header and trailing checksum, before any key is tried).
        let from_file = backup::inspect(&path)
            .map_err(|e| e.to_string())
            .and_then(|info| {
                match backup::verify_with_secret(
                    &path,
                    BackupSecret::Passphrase(&wrong),
                    &mut backup::no_progress,
                ) {
                    Err(e) if e.code() == kindred_core::ErrorCode::CorruptFile => {
                        Err(e.to_string())
                    }
                    _ => Ok(info),
                }
            });
        let from_bytes = backup::inspect_bytes(&bytes).map_err(|e| e.to_string());
        match (from_file, from_bytes) {
            (Ok(a), Ok(b)) => {
                assert_eq!(
                    (a.created_at, a.size, a.vault_id),
                    (b.created_at, b.size, b.vault_id)
                );
            }
            (a, b) => assert_eq!(a.map(drop), b.map(drop), "copy {i}"),
        }
    }
}

#[test]
fn import_bytes_read_as_import_files_do() {
    let dir = tempfile::tempdir().unwrap();
    let mut inputs: Vec<PathBuf> = files(&fixture("import"))
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    inputs.extend(files(&here("corpus/import-dayone")));
    inputs.extend(files(&here("corpus/import-kindred")));
    let mut n = 0;
    for input in inputs {
        let original = std::fs::read(&input).unwrap();
        for (i, bytes) in [original.clone(), original[..original.len() / 2].to_vec()]
            .into_iter()
            .enumerate()
        {
            let path = dir.path().join(format!("{n}"));
            std::fs::write(&path, &bytes).unwrap();
            for source in [Source::Jrnl, Source::DayOne, Source::Kindred] {
                let (a, b) = (db::fresh(), db::fresh());
                let from_file = import_file(&a, source, &path, None, &mut |_, _, _| {})
                    .map_err(|e| e.to_string());
                let from_bytes = import_bytes(&b, source, &bytes).map_err(|e| e.to_string());
                assert_eq!(
                    from_file,
                    from_bytes,
                    "{} ({i}) as {source:?}",
                    input.display()
                );
                assert_eq!(db::read_back(&a), db::read_back(&b));
            }
            n += 1;
        }
    }
    assert!(n > 20, "{n} files");
}
