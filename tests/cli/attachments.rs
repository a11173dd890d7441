//! `attach`, `detach`, `attachment save|restore`, `person photo`, and the
//! attachments in `show --json`, `trash`, `purge`, backups and restores.

use data_encoding::HEXLOWER;
use sha2::{Digest, Sha256};

use crate::util::*;

const PLANT: &[u8] = b"emuplantedattachmentbytes";

/// A PNG-looking file of `len` bytes with the plant inside.
fn picture(len: usize) -> Vec<u8> {
    let mut b = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut rng = Rng::new("attachment bytes");
    while b.len() < len {
        b.push(rng.below(256) as u8);
    }
    let mid = len / 2;
    b[mid..mid + PLANT.len()].copy_from_slice(PLANT);
    b
}

fn has_plant(dir: &std::path::Path) -> bool {
    snapshot(dir)
        .iter()
        .any(|(_, b)| b.windows(PLANT.len()).any(|w| w == PLANT))
}

#[test]
fn attach_show_save_detach_restore_and_purge() {
    let env = Env::new();
    env.init();
    let id = env.write("the harbour at six", &["--title", "Harbour"]);
    let bytes = picture(700_001);
    let src = env.path("harbour.png");
    std::fs::write(&src, &bytes).unwrap();
    let pdf = env.path("ticket.pdf");
    std::fs::write(&pdf, b"%PDF-1.7 a ferry ticket").unwrap();

    let out = env
        .run(&[
            "attach",
            &id.to_string(),
            src.to_str().unwrap(),
            pdf.to_str().unwrap(),
            "--json",
        ])
        .ok();
    let added = out.json()["attachments"].as_array().unwrap().clone();
    assert_eq!(added.len(), 2, "{out:?}");
    let aid = added[0]["id"].as_i64().unwrap();

    let shown = env.run(&["show", &id.to_string(), "--json"]).ok().json();
    let a = &shown["attachments"][0];
    assert_eq!(a["id"], aid);
    assert_eq!(a["name"], "harbour.png");
    assert_eq!(a["mime"], "image/png");
    assert_eq!(a["bytes"], bytes.len());
    assert_eq!(a["sha256"], HEXLOWER.encode(&Sha256::digest(&bytes)));
    assert_eq!(shown["attachments"][1]["mime"], "application/pdf");
    let text = env.run(&["show", &id.to_string()]).ok();
    assert!(text.stdout.contains("harbour.png"), "{text:?}");

    // Saving writes plaintext: it needs consent, and never overwrites.
    let to = env.path("saved.png");
    let out = env.run(&[
        "attachment",
        "save",
        &aid.to_string(),
        "--to",
        to.to_str().unwrap(),
    ]);
    assert_eq!(out.code, 10, "{out:?}");
    assert!(out.stderr.contains("--plaintext-ok"), "{out:?}");
    assert!(!to.exists());
    env.run(&[
        "attachment",
        "save",
        &aid.to_string(),
        "--to",
        to.to_str().unwrap(),
        "--plaintext-ok",
    ])
    .ok();
    assert_eq!(std::fs::read(&to).unwrap(), bytes);
    let again = env.run(&[
        "attachment",
        "save",
        &aid.to_string(),
        "--to",
        to.to_str().unwrap(),
        "--plaintext-ok",
    ]);
    assert_eq!(again.code, 10, "{again:?}");

    // Nothing of it in plaintext in the vault, the temp dir or the cache.
    std::fs::remove_file(&to).unwrap();
    std::fs::remove_file(&src).unwrap();
    assert!(!has_plant(env.tmp.path()), "planted bytes found on disk");

    // Detach → trash → restore → detach → purge.
    env.run(&["detach", &aid.to_string()]).ok();
    let trash = env.run(&["trash", "--json"]).ok().json();
    assert!(
        trash
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t["kind"] == "attachment" && t["id"] == aid),
        "{trash}"
    );
    env.run(&["attachment", "restore", &aid.to_string()]).ok();
    let shown = env.run(&["show", &id.to_string(), "--json"]).ok().json();
    assert_eq!(shown["attachments"].as_array().unwrap().len(), 2);
    env.run(&["detach", &aid.to_string()]).ok();
    env.run(&["purge", "attachment", &aid.to_string()]).ok();
    let shown = env.run(&["show", &id.to_string(), "--json"]).ok().json();
    assert_eq!(shown["attachments"].as_array().unwrap().len(), 1);
}

#[test]
fn a_missing_file_or_entry_attaches_nothing() {
    let env = Env::new();
    env.init();
    let id = env.write("x", &[]);
    let out = env.run(&[
        "attach",
        &id.to_string(),
        env.path("nope.jpg").to_str().unwrap(),
    ]);
    assert_ne!(out.code, 0, "{out:?}");
    assert!(out.stderr.contains("nope.jpg"), "{out:?}");
    let f = env.path("a.png");
    std::fs::write(&f, picture(100)).unwrap();
    let out = env.run(&["attach", "999", f.to_str().unwrap()]);
    assert_ne!(out.code, 0, "{out:?}");
    let shown = env.run(&["show", &id.to_string(), "--json"]).ok().json();
    assert_eq!(shown["attachments"], serde_json::json!([]));
}

#[test]
fn a_person_gets_a_picture_and_only_a_picture() {
    let env = Env::new();
    env.init();
    env.run(&["person", "add", "Ada Okafor"]).ok();
    let f = env.path("ada.png");
    std::fs::write(&f, picture(2_000)).unwrap();
    let out = env
        .run(&[
            "person",
            "photo",
            "Ada Okafor",
            f.to_str().unwrap(),
            "--json",
        ])
        .ok();
    assert_eq!(out.json()["mime"], "image/png");
    let pdf = env.path("cv.pdf");
    std::fs::write(&pdf, b"%PDF-1.4").unwrap();
    let out = env.run(&["person", "photo", "Ada Okafor", pdf.to_str().unwrap()]);
    assert_eq!(out.code, 10, "{out:?}");
}

#[test]
fn backups_carry_attachments_and_restores_bring_them_back() {
    let env = Env::new();
    env.init();
    let id = env.write("x", &[]);
    let bytes = picture(300_000);
    let f = env.path("p.png");
    std::fs::write(&f, &bytes).unwrap();
    env.run(&["attach", &id.to_string(), f.to_str().unwrap()])
        .ok();
    let out = env.run(&["backup", "--json"]).ok();
    let file = out.json()["written"][0].as_str().unwrap().to_owned();
    env.run(&["verify", &file]).ok();
    let to = env.path("restored");
    env.run_in(&["restore", &file, "--to", to.to_str().unwrap()], b"")
        .ok();
    let out = env
        .cmd()
        .env("KINDRED_VAULT", &to)
        .args(["show", &id.to_string(), "--json"])
        .output()
        .unwrap();
    let shown: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let aid = shown["attachments"][0]["id"].as_i64().unwrap();
    let saved = env.path("back.png");
    let out = env
        .cmd()
        .env("KINDRED_VAULT", &to)
        .args([
            "attachment",
            "save",
            &aid.to_string(),
            "--to",
            saved.to_str().unwrap(),
            "--plaintext-ok",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    assert_eq!(std::fs::read(&saved).unwrap(), bytes);
}
