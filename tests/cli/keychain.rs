//! The real Secret Service: gnome-keyring-daemon on a private D-Bus session
//! per command, with the keyring stored in the test's own XDG_DATA_HOME.

use crate::util::*;

/// How the D-Bus session around a script is set up.
#[derive(Clone, Copy)]
enum Session {
    /// gnome-keyring-daemon running with the login keyring unlocked.
    Unlocked,
    /// gnome-keyring-daemon running with the keyring locked (no password
    /// given, no display for the unlock prompt, so the prompt is dismissed).
    Locked,
    /// A session bus on which no Secret Service can be started.
    NoProvider,
    /// No session bus at all.
    NoBus,
}

/// A session bus on which no service can be started on demand.
const NO_SERVICES_BUS: &str = include_str!("../dbus-no-services.conf");

/// Runs `script` (bash; `$K` is kindred) inside the given session.
fn in_session(env: &Env, session: Session, script: &str) -> Out {
    let file = env.path("script.sh");
    std::fs::write(&file, format!("set -u\n{script}\n")).unwrap();
    let f = file.display();
    let wrapped = match session {
        Session::Unlocked => format!(
            r#"dbus-run-session -- bash -c 'printf %s test-keyring-pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null && exec bash "$0"' "{f}""#
        ),
        Session::Locked => format!(
            r#"dbus-run-session -- bash -c 'gnome-keyring-daemon --start --components=secrets >/dev/null && exec bash "$0"' "{f}""#
        ),
        Session::NoProvider => {
            let conf = env.path("no-services-bus.conf");
            std::fs::write(&conf, NO_SERVICES_BUS).unwrap();
            format!(
                r#"dbus-run-session --config-file="{}" -- bash "{f}""#,
                conf.display()
            )
        }
        Session::NoBus => format!(r#"bash "{f}""#),
    };
    env.sh(&wrapped)
}

/// A vault remembered on this device; returns its id.
fn remembered_vault(env: &Env) -> String {
    let out = in_session(env, Session::Unlocked, r#""$K" init --remember --json"#);
    assert_eq!(out.code, 0, "{out:?}");
    let v = out.json();
    assert_eq!(v["remembered"], true, "{out:?}");
    v["vault_id"].as_str().unwrap().to_owned()
}

#[test]
fn stores_finds_and_deletes_the_unlock_secret() {
    let env = Env::new();
    let id = remembered_vault(&env);
    // The secret is in the keyring under service "kindred", account = vault id,
    // and it is not the passphrase.
    let out = in_session(
        &env,
        Session::Unlocked,
        &format!(r#"secret-tool lookup service kindred username {id}"#),
    );
    assert_eq!(out.code, 0, "{out:?}");
    assert!(out.stdout.starts_with("kindred-device/1:"), "{out:?}");
    assert!(!out.stdout.contains(PASSPHRASE));

    // No passphrase anywhere: the keychain unlocks.
    let out = in_session(
        &env,
        Session::Unlocked,
        r#"unset KINDRED_PASSPHRASE; echo "from the keychain" | "$K" write && "$K" entries"#,
    );
    assert_eq!(out.code, 0, "{out:?}");
    assert!(out.stdout.contains("from the keychain"), "{out:?}");
    // (dbus-daemon may print its own warnings; Kindred says nothing.)
    assert!(
        !out.stderr.contains("keychain") && !out.stderr.contains("passphrase"),
        "{out:?}"
    );

    // Forget: the entry is deleted and the passphrase is needed again.
    let out = in_session(
        &env,
        Session::Unlocked,
        &format!(
            r#""$K" keychain forget && secret-tool lookup service kindred username {id}; echo "lookup=$?"; unset KINDRED_PASSPHRASE; "$K" entries; echo "entries=$?""#
        ),
    );
    assert!(
        out.stdout.contains("lookup=1"),
        "the entry is gone: {out:?}"
    );
    assert!(out.stdout.contains("entries=11"), "{out:?}");
}

#[test]
fn without_a_bus_the_passphrase_is_used_with_a_clear_message() {
    let env = Env::new();
    remembered_vault(&env);
    let out = in_session(&env, Session::NoBus, r#""$K" entries --json"#);
    assert_eq!(out.code, 0, "{out:?}");
    assert!(out.stderr.contains("no D-Bus session bus"), "{out:?}");
    let out = in_session(
        &env,
        Session::NoBus,
        r#"unset KINDRED_PASSPHRASE; "$K" entries"#,
    );
    assert_eq!(out.code, 11, "{out:?}");
    assert!(out.stderr.contains("no D-Bus session bus"), "{out:?}");
    assert!(out.stderr.contains("A passphrase is needed"), "{out:?}");
}

#[test]
fn without_a_provider_the_passphrase_is_used_with_a_clear_message() {
    let env = Env::new();
    remembered_vault(&env);
    let out = in_session(&env, Session::NoProvider, r#""$K" entries --json"#);
    assert_eq!(out.code, 0, "{out:?}");
    assert!(
        out.stderr.contains("No system keychain is running"),
        "{out:?}"
    );
}

#[test]
fn a_locked_keychain_falls_back_to_the_passphrase() {
    let env = Env::new();
    remembered_vault(&env);
    let out = in_session(&env, Session::Locked, r#""$K" entries --json"#);
    assert_eq!(out.code, 0, "{out:?}");
    assert!(
        out.stderr.contains("The system keychain is locked"),
        "{out:?}"
    );
    let out = in_session(
        &env,
        Session::Locked,
        r#"unset KINDRED_PASSPHRASE; "$K" entries"#,
    );
    assert_eq!(out.code, 11, "{out:?}");
}

#[test]
fn a_missing_or_stale_entry_asks_for_the_passphrase() {
    let env = Env::new();
    let id = remembered_vault(&env);
    let out = in_session(
        &env,
        Session::Unlocked,
        &format!(r#"secret-tool clear service kindred username {id} && "$K" entries --json"#),
    );
    assert_eq!(out.code, 0, "{out:?}");
    assert!(
        out.stderr.contains("does not remember the passphrase"),
        "{out:?}"
    );

    let out = in_session(
        &env,
        Session::Unlocked,
        &format!(
            r#"printf %s "kindred-device/1:0000:AAAA" | secret-tool store --label=x service kindred username {id} && "$K" entries --json"#
        ),
    );
    assert_eq!(out.code, 0, "{out:?}");
    assert!(
        out.stderr.contains("no longer matches this vault"),
        "{out:?}"
    );
}

#[test]
fn remember_without_a_keychain_is_exit_6_and_changes_nothing() {
    let env = Env::new();
    env.init();
    let before = snapshot(&env.vault());
    let out = in_session(&env, Session::NoBus, r#""$K" keychain remember"#);
    assert_eq!(out.code, 6, "{out:?}");
    assert!(out.stderr.contains("no D-Bus session bus"), "{out:?}");
    assert!(
        out.stderr.contains("nothing was stored in its place"),
        "{out:?}"
    );
    assert_eq!(snapshot(&env.vault()), before);
}
