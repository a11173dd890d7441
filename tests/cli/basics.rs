//! The everyday commands and their output shapes.

use crate::util::*;

#[test]
fn init_prints_the_recovery_code_once_and_write_prints_the_id() {
    let env = Env::new();
    let out = env.run(&["init"]).ok();
    let code = out.stdout.trim();
    assert_eq!(code.len(), 39, "{out:?}");
    assert!(code
        .chars()
        .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-'));
    assert!(out.stderr.contains("shown once"), "{out:?}");
    let out = env.run_in(&["write", "--title", "Hello"], b"first").ok();
    assert_eq!(out.stdout, "1\n");
    let out = env.run_in(&["write", "--json"], b"second").ok();
    assert_eq!(out.json(), serde_json::json!({ "id": 2 }));
}

/// The suites make their vaults at Argon2id's least cost (a knob only
/// debug builds have); without it, `init` writes the real cost, and with
/// it, the least, so the knob is what keeps the suites fast.
#[test]
fn init_gives_a_new_vault_full_cost_argon2id() {
    use kindred_core::crypto::{KdfParams, WEAK_KDF_FOR_TESTS};
    let slots = |weak: bool| -> Vec<KdfParams> {
        let env = Env::new();
        let mut cmd = env.cmd();
        if !weak {
            cmd.env_remove(WEAK_KDF_FOR_TESTS);
        }
        assert_eq!(run(cmd.arg("init"), None).code, 0);
        let keys = std::fs::read(kindred_core::layout::keys_path(&env.vault())).unwrap();
        let keys: serde_json::Value = serde_json::from_slice(&keys).unwrap();
        ["passphrase", "recovery"]
            .iter()
            .map(|slot| serde_json::from_value(keys[slot]["params"].clone()).unwrap())
            .collect()
    };
    assert_eq!(slots(false), [KdfParams::DEFAULT; 2]);
    assert_eq!(
        KdfParams::DEFAULT,
        KdfParams {
            m_kib: 128 * 1024,
            t: 3,
            p: 1
        }
    );
    assert_eq!(slots(true), [KdfParams::TEST_ONLY_WEAK; 2]);
}

#[test]
fn init_json_shape() {
    let env = Env::new();
    let v = env.run(&["init", "--json"]).ok().json();
    let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(keys, ["recovery_code", "remembered", "vault", "vault_id"]);
    assert_eq!(v["remembered"], false);
}

#[test]
fn entries_lists_every_entry_unless_limited() {
    let env = Env::new();
    env.init();
    for i in 0..23 {
        env.write(
            &format!("entry {i}"),
            &["--date", &format!("2026-02-{:02}", i + 1)],
        );
    }
    let all = env.run(&["entries", "--json"]).ok().json();
    let all = all.as_array().unwrap();
    assert_eq!(all.len(), 23);
    assert_eq!(all[0]["date"], "2026-02-23", "newest first");
    let keys: Vec<&str> = all[0]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "date",
            "excerpt",
            "id",
            "people",
            "pictures",
            "tags",
            "title",
            "updated_at"
        ]
    );
    let some = env.run(&["entries", "--limit", "5", "--json"]).ok().json();
    assert_eq!(some.as_array().unwrap().len(), 5);
    let text = env.run(&["entries"]).ok().stdout;
    assert_eq!(text.lines().count(), 23);
}

#[test]
fn odd_text_round_trips_byte_for_byte() {
    let env = Env::new();
    env.init();
    let big: String = "0123456789abcdef\n".repeat(10 * 1024 * 1024 / 17 + 1);
    assert!(big.len() >= 10 * 1024 * 1024);
    let samples: Vec<String> = vec![
        "emoji 👩‍👩‍👧 🙂 🇳🇿".into(),
        "RTL שלום עולם · مرحبا بالعالم".into(),
        "combining e\u{301} a\u{308}\u{323} Z\u{335}\u{321}".into(),
        "CRLF\r\nno trailing newline".into(),
        "\n\n  leading and trailing whitespace \n\n".into(),
        big,
    ];
    for s in &samples {
        let id = env.write(s, &["--title", "odd"]);
        let out = env.run(&["show", &id.to_string(), "--raw"]).ok();
        assert!(out.stdout == *s, "{} byte sample changed", s.len());
        if s.len() < 1000 {
            let v = env.run(&["show", &id.to_string(), "--json"]).ok().json();
            assert_eq!(v["body"], s.as_str());
        }
    }
    let title = "Ümlaut 🙂 عنوان";
    let id = env.write("x", &["--title", title]);
    let v = env.run(&["show", &id.to_string(), "--json"]).ok().json();
    assert_eq!(v["title"], title);
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    let env = Env::new();
    env.init();
    let id = env.write(&"many lines\n".repeat(100_000), &[]);
    let out = env.sh(&format!(
        "set -o pipefail; \"$K\" show {id} --raw | head -c 10 >/dev/null"
    ));
    assert_eq!(out.code, 0, "{out:?}");
    assert!(out.stderr.is_empty(), "{out:?}");
}

#[test]
fn edit_trash_restore_purge() {
    let env = Env::new();
    env.init();
    let id = env.write("draft", &["--title", "Before", "--tag", "one"]);
    env.run(&["edit", &id.to_string(), "--title", "After", "--tag", "two"])
        .ok();
    env.run_in(&["edit", &id.to_string(), "--stdin"], b"final text")
        .ok();
    let v = env.run(&["show", &id.to_string(), "--json"]).ok().json();
    assert_eq!(
        (v["title"].as_str(), v["body"].as_str()),
        (Some("After"), Some("final text"))
    );
    assert_eq!(v["tags"], serde_json::json!(["one", "two"]));
    let out = env.run(&["delete", &id.to_string()]).ok();
    assert!(
        out.stderr.contains("restore-entry"),
        "says how to undo: {out:?}"
    );
    assert_eq!(
        env.run(&["entries", "--json"]).ok().json(),
        serde_json::json!([])
    );
    let trash = env.run(&["trash", "--json"]).ok().json();
    assert_eq!(trash[0]["kind"], "entry");
    assert_eq!(trash[0]["id"], id);
    env.run(&["restore-entry", &id.to_string()]).ok();
    assert_eq!(
        env.run(&["entries", "--json"])
            .ok()
            .json()
            .as_array()
            .unwrap()
            .len(),
        1
    );
    env.run(&["delete", &id.to_string()]).ok();
    let out = env.run(&["empty-trash"]);
    assert_eq!(out.code, 10, "needs --yes: {out:?}");
    env.run(&["empty-trash", "--yes"]).ok();
    assert_eq!(
        env.run(&["trash", "--json"]).ok().json(),
        serde_json::json!([])
    );
    assert_eq!(env.run(&["show", &id.to_string()]).code, 9);
}

#[test]
fn people_notes_and_mentions() {
    let env = Env::new();
    env.init();
    let out = env
        .run(&[
            "person",
            "add",
            "Noor Haddad",
            "--relationship",
            "old friend",
            "--proximity",
            "far-away",
            "--met",
            "first day of school",
            "--cadence",
            "21",
            "--json",
        ])
        .ok();
    let pid = out.json()["id"].as_i64().unwrap();
    env.run_in(&["note", "noor haddad"], b"Starting a new job in March")
        .ok();
    env.run_in(&["note", &format!("#{pid}")], b"Loves long phone calls")
        .ok();
    let eid = env.write("Called Noor for an hour", &["--person", "Noor Haddad"]);
    let people = env.run(&["people", "--json"]).ok().json();
    let p = &people[0];
    assert_eq!(p["name"], "Noor Haddad");
    assert_eq!(p["proximity"], "far-away");
    assert_eq!(p["cadence_days"], 21);
    assert!(p["last_contact"].is_string());
    let notes = env.run(&["notes", "Noor Haddad", "--json"]).ok().json();
    assert_eq!(notes[0]["body"], "Loves long phone calls", "newest first");
    let shown = env
        .run(&["person", "show", "Noor Haddad", "--json"])
        .ok()
        .json();
    assert_eq!(shown["entries"][0]["id"], eid);
    assert_eq!(shown["notes"].as_array().unwrap().len(), 2);
    let entries = env
        .run(&["entries", "--person", "Noor Haddad", "--json"])
        .ok()
        .json();
    assert_eq!(entries[0]["people"][0]["name"], "Noor Haddad");
    env.run(&[
        "person",
        "edit",
        "Noor Haddad",
        "--proximity",
        "weekly",
        "--name",
        "Noor H.",
    ])
    .ok();
    let p = env
        .run(&["person", "show", "Noor H.", "--json"])
        .ok()
        .json();
    assert_eq!(p["person"]["proximity"], "weekly");
}

#[test]
fn search_finds_folded_words_and_never_errors() {
    let env = Env::new();
    env.init();
    let id = env.write(
        "Coffee at a Café in Zürich with an old friend",
        &["--title", "Travel"],
    );
    let hits = env.run(&["search", "cafe", "zurich", "--json"]).ok().json();
    assert_eq!(hits[0]["kind"], "entry");
    assert_eq!(hits[0]["id"], id);
    let parts = hits[0]["snippet"].as_array().unwrap();
    let matched: Vec<&str> = parts
        .iter()
        .filter(|p| p["match"] == true)
        .map(|p| p["text"].as_str().unwrap())
        .collect();
    assert_eq!(matched, ["Café", "Zürich"]);
    for q in [
        "\"",
        "NEAR(",
        "a OR",
        "*",
        "title:x",
        "'; DROP TABLE entries;--",
        "🙂",
        "((",
    ] {
        let out = env.run(&["search", q, "--json"]);
        assert_eq!(out.code, 0, "{q:?}: {out:?}");
        assert!(out.json().is_array());
    }
    assert_eq!(
        env.run(&["entries", "--json"])
            .ok()
            .json()
            .as_array()
            .unwrap()
            .len(),
        1
    );
}

/// What the packages install: the man page and completions, written from
/// the command line's own definition, with no vault needed.
#[test]
fn generate_writes_the_man_page_and_completions() {
    let env = Env::new();
    let man = env.run(&["generate", "man"]).ok();
    assert!(man.stdout.contains(".TH kindred 1"), "{man:?}");
    for command in ["backup", "import", "checkin", "restore"] {
        assert!(man.stdout.contains(command), "the man page names {command}");
    }
    for (shell, says) in [
        ("bash", "complete -F"),
        ("zsh", "#compdef kindred"),
        ("fish", "complete -c kindred"),
    ] {
        let out = env.run(&["generate", shell]).ok();
        assert!(out.stdout.contains(says), "{shell}: {out:?}");
    }
    assert!(!env.vault().exists(), "generating made no vault");
    let help = env.run(&["--help"]).ok();
    assert!(
        !help.stdout.contains("generate"),
        "a packager's command, hidden"
    );
}
