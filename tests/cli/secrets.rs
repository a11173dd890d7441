//! Passphrase change, recovery, and where secrets are read from.

use crate::util::*;

#[test]
fn passphrase_change_retires_the_old_one() {
    let env = Env::new();
    let code = env.init();
    let id = env.write("kept", &[]);
    let out = run(
        env.cmd()
            .env("KINDRED_NEW_PASSPHRASE", "a brand new passphrase")
            .args(["passphrase", "change"]),
        None,
    );
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(env.run(&["entries"]).code, 3, "old passphrase fails");
    let out = run(
        env.cmd()
            .env("KINDRED_PASSPHRASE", "a brand new passphrase")
            .args(["show", &id.to_string(), "--raw"]),
        None,
    );
    assert_eq!(out.stdout, "kept");
    // The recovery code still works after a change.
    let out = run(
        env.cmd()
            .env_remove("KINDRED_PASSPHRASE")
            .env("KINDRED_RECOVERY_CODE", &code)
            .env("KINDRED_NEW_PASSPHRASE", "third passphrase here")
            .args(["recover", "--json"]),
        None,
    );
    assert_eq!(out.code, 0, "{out:?}");
    let new_code = out.json()["recovery_code"].as_str().unwrap().to_owned();
    assert_ne!(new_code, code, "a used recovery code is replaced");
    let out = run(
        env.cmd()
            .env("KINDRED_PASSPHRASE", "third passphrase here")
            .args(["show", &id.to_string(), "--raw"]),
        None,
    );
    assert_eq!(out.stdout, "kept");
    // The used code is retired.
    let out = run(
        env.cmd()
            .env("KINDRED_RECOVERY_CODE", &code)
            .env("KINDRED_NEW_PASSPHRASE", "fourth passphrase here")
            .arg("recover"),
        None,
    );
    assert_eq!(out.code, 3, "{out:?}");
    assert!(
        out.stderr.contains("recovery code does not unlock"),
        "{out:?}"
    );
}

#[test]
fn passphrase_change_with_the_wrong_current_one_changes_nothing() {
    let env = Env::new();
    env.init();
    let before = snapshot(&env.vault());
    let out = run(
        env.cmd()
            .env("KINDRED_PASSPHRASE", "not it at all")
            .env("KINDRED_NEW_PASSPHRASE", "a brand new passphrase")
            .args(["passphrase", "change"]),
        None,
    );
    assert_eq!(out.code, 3, "{out:?}");
    assert_eq!(snapshot(&env.vault()), before);
}

#[test]
fn passphrase_file_is_read_without_its_newline() {
    let env = Env::new();
    env.init();
    let f = env.path("pass.txt");
    std::fs::write(&f, format!("{PASSPHRASE}\n")).unwrap();
    let out = run(
        env.cmd().env_remove("KINDRED_PASSPHRASE").args([
            "--passphrase-file",
            f.to_str().unwrap(),
            "entries",
        ]),
        None,
    );
    assert_eq!(out.code, 0, "{out:?}");
    let out = run(
        env.cmd().env_remove("KINDRED_PASSPHRASE").args([
            "--passphrase-file",
            "/nonexistent/file",
            "entries",
        ]),
        None,
    );
    assert_eq!(out.code, 10, "{out:?}");
    assert!(
        out.stderr.contains("Could not read the passphrase file"),
        "{out:?}"
    );
}

#[test]
fn no_secret_appears_in_any_output() {
    let env = Env::new();
    let code = env.init();
    let mut outputs = Vec::new();
    for args in [
        &["entries"][..],
        &["status", "--json"],
        &["show", "1"],
        &["search", "x"],
    ] {
        let o = env.run(args);
        outputs.push(o.stdout + &o.stderr);
    }
    let wrong = run(
        env.cmd()
            .env("KINDRED_PASSPHRASE", "wrong wrong wrong")
            .arg("entries"),
        None,
    );
    outputs.push(wrong.stdout + &wrong.stderr);
    for o in outputs {
        assert!(
            !o.contains(PASSPHRASE) && !o.contains("wrong wrong") && !o.contains(&code),
            "{o}"
        );
    }
}
