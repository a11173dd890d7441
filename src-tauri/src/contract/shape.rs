//! The typedefs against real JSON: a check of a value against a type as
//! the page will read it, used on what the commands send and on what the
//! page sends, and shown not to be vacuous.

use std::collections::BTreeSet;

use chrono::Datelike;

use super::ts::{parse_type, render, Field, Ts};
use super::*;

/// Checks `value` against `ty`, as the page will read it; `env` binds the
/// parameters of a generic type.
pub(super) fn check(
    types: &Types,
    ty: &Ts,
    value: &Value,
    env: &BTreeMap<String, Ts>,
) -> Result<(), String> {
    let fail = || Err(format!("{value} is not {}", render(ty)));
    match ty {
        Ts::Name(n, args) => match (n.as_str(), value) {
            ("string", Value::String(_))
            | ("number", Value::Number(_))
            | ("boolean", Value::Bool(_))
            | ("null", Value::Null) => Ok(()),
            ("string" | "number" | "boolean" | "null", _) => fail(),
            ("Array", Value::Array(items)) => items
                .iter()
                .try_for_each(|v| check(types, &args[0], v, env)),
            ("Array", _) => fail(),
            (n, _) if env.contains_key(n) => check(types, &env[n], value, env),
            (n, _) => {
                let d = types.decls.get(n).ok_or(format!("no type {n}"))?;
                let bound = d.params.iter().cloned().zip(args.iter().cloned()).collect();
                check(types, &d.body, value, &bound)
            }
        },
        Ts::Literal(s) if value.as_str() == Some(s) => Ok(()),
        Ts::Literal(_) => fail(),
        Ts::Tuple(items) => match value {
            Value::Array(vs) if vs.len() == items.len() => items
                .iter()
                .zip(vs)
                .try_for_each(|(t, v)| check(types, t, v, env)),
            _ => fail(),
        },
        Ts::Object(_) | Ts::Both(_) => {
            let fields = fields_of(types, ty, env).ok_or(format!("{} is no object", render(ty)))?;
            let Value::Object(map) = value else {
                return fail();
            };
            for f in &fields {
                match map.get(&f.name) {
                    Some(v) => {
                        check(types, &f.ty, v, env).map_err(|e| format!("{}: {e}", f.name))?
                    }
                    None if f.optional => {}
                    None => return Err(format!("{value} has no {}", f.name)),
                }
            }
            match map.keys().find(|k| !fields.iter().any(|f| f.name == **k)) {
                Some(extra) => Err(format!("{extra} is not in {}", render(ty))),
                None => Ok(()),
            }
        }
        Ts::Union(alts) => {
            let errors: Vec<String> = alts
                .iter()
                .filter_map(|a| check(types, a, value, env).err())
                .collect();
            if errors.len() < alts.len() {
                Ok(())
            } else {
                Err(errors.join("; or "))
            }
        }
    }
}

/// The fields of an object type, an intersection merged (serde's flatten).
fn fields_of(types: &Types, ty: &Ts, env: &BTreeMap<String, Ts>) -> Option<Vec<Field>> {
    match ty {
        Ts::Object(fields) => Some(fields.clone()),
        Ts::Both(parts) => {
            let mut all = Vec::new();
            for p in parts {
                all.extend(fields_of(types, p, env)?);
            }
            Some(all)
        }
        Ts::Name(n, _) if env.contains_key(n) => fields_of(types, &env[n], env),
        Ts::Name(n, args) => {
            let d = types.decls.get(n)?;
            let bound = d.params.iter().cloned().zip(args.iter().cloned()).collect();
            fields_of(types, &d.body, &bound)
        }
        _ => None,
    }
}

/// The typedefs against real JSON: what the core's use cases return for a
/// vault with something of everything (the commands return exactly that),
/// the shell's own results, and arguments the page may send, which must
/// also deserialize into the command's Rust types.
#[test]
fn typedefs_match_what_commands_send() {
    use kindred_core::backup::no_progress;
    use kindred_core::backup::{Kept, Secrets};
    use kindred_core::journal::ListFilter;
    use kindred_core::model::{EntryDraft, PersonDraft};
    use kindred_core::reflection::{CheckinDraft, MomentKind, Topic};
    use kindred_core::{Error, Secret, Vault};

    let mut types = Types::new();
    let commands = commands(&mut types);
    let result_of = |name: &str| {
        let c = commands.iter().find(|c| c.name == name);
        parse_type(&c.unwrap_or_else(|| panic!("no command {name}")).result)
    };

    let tmp = tempfile::tempdir().unwrap();
    let clock = std::sync::Arc::new(kindred_core::clock::SystemClock);
    let v = Vault::create(
        &tmp.path().join("v"),
        &Secret::new("violet tractor sleeps".into()),
        clock,
    )
    .unwrap()
    .vault;
    let pid = v
        .people()
        .add(&PersonDraft {
            name: "Sam Okafor".into(),
            relationship: "brother".into(),
            proximity: Some(Proximity::Weekly),
            how_we_met: String::new(),
            cadence_days: Some(14),
        })
        .unwrap();
    let eid = v
        .journal()
        .write(&EntryDraft {
            title: "Swimming".into(),
            body: "Night swimming with @Sam Okafor.".into(),
            tags: vec!["water".into()],
            people: vec![pid],
            ..Default::default()
        })
        .unwrap();
    let gone = v
        .journal()
        .write(&EntryDraft {
            body: "to the trash".into(),
            ..Default::default()
        })
        .unwrap();
    v.journal().trash(gone).unwrap();
    v.people().add_note(pid, "Loves the sea.").unwrap();
    let r = v.reflection();
    r.add_moment(pid, MomentKind::Repair, None, "coffee")
        .unwrap();
    r.check_in(&CheckinDraft {
        person_id: pid,
        at: None,
        dims: Dimensions {
            seen: Some(4),
            trust: Some(5),
            ..Default::default()
        },
        ios: Some(5),
        note: "good talk".into(),
    })
    .unwrap();
    r.set_love_map(pid, Topic::Carrying, "a move").unwrap();
    r.add_important_date(pid, "birthday", 3, 14, None).unwrap();
    let report = v.backups().now(&mut no_progress).unwrap();
    let today = r.today().unwrap().date;

    let sent: Vec<(&str, Value)> = vec![
        (
            "status",
            json(&session::Status {
                state: session::VaultState::Locked,
                remembered: true,
            }),
        ),
        (
            "create_vault",
            json(&session::Created {
                recovery_code: "ABCD-EFGH".into(),
                remember_error: Some(IpcError::from(Error::WrongPassphrase)),
            }),
        ),
        ("unlock", json(&())),
        (
            "passphrase_strength",
            json(&kindred_core::strength::estimate(
                &Secret::new("correct horse".into()),
                &[],
            )),
        ),
        (
            "list_entries",
            json(&v.journal().list(&ListFilter::default()).unwrap()),
        ),
        ("get_entry", json(&v.journal().get(eid).unwrap())),
        ("list_tags", json(&v.journal().tags().unwrap())),
        ("list_trash", json(&v.trash().page(None, None).unwrap())),
        ("list_people", json(&v.people().list(false).unwrap())),
        ("get_person", json(&v.people().get(pid).unwrap())),
        ("list_notes", json(&v.people().notes(pid).unwrap())),
        ("search", json(&v.search("swimming", 40).unwrap())),
        (
            "vocabulary",
            json(&tauri::async_runtime::block_on(reflection::vocabulary()).unwrap()),
        ),
        ("today", json(&r.today().unwrap())),
        (
            "calendar_month",
            json(&r.calendar_month(today.year(), today.month()).unwrap()),
        ),
        ("calendar_day", json(&r.calendar_day(today).unwrap())),
        ("prompt_for", json(&r.prompt_for(pid).unwrap())),
        ("depth", json(&r.depth(pid).unwrap())),
        ("map", json(&r.map().unwrap())),
        (
            "proximity_history",
            json(&r.proximity_history(pid).unwrap()),
        ),
        ("love_map", json(&r.love_map(pid).unwrap())),
        ("important_dates", json(&r.important_dates(pid).unwrap())),
        ("timeline", json(&r.timeline(pid, None, None).unwrap())),
        (
            "backup_overview",
            json(&backup::Overview {
                settings: v.backups().settings().unwrap(),
                last_backup_at: v.backups().last_at().unwrap(),
                backups: v.backups().list().unwrap(),
            }),
        ),
        ("backup_now", json(&report)),
        ("auto_backup", json(&None::<BackupReport>)),
        (
            "restore_replacing",
            json(&backup::Replaced {
                kept: Kept::SafetyBackup("/b/x.kbak".into()),
                secrets: Secrets::Current,
                unlocked: true,
            }),
        ),
        (
            "restore_replacing",
            json(&backup::Replaced {
                kept: Kept::SetAside("/v-set-aside".into()),
                secrets: Secrets::Backups,
                unlocked: false,
            }),
        ),
        (
            "find_backups",
            json(&backup::Findable {
                vault_id: Some(v.id().to_owned()),
                folders: vec!["/v/backups".into()],
                backups: v.backups().list().unwrap(),
            }),
        ),
        (
            "restore_while_locked",
            json(&backup::RestoredLocked {
                kept: Some(Kept::SetAside("/v/set-aside-1".into())),
                secrets: Secrets::Backups,
                unlocked: true,
            }),
        ),
        (
            "restore_while_locked",
            json(&backup::RestoredLocked {
                kept: None,
                secrets: Secrets::Backups,
                unlocked: false,
            }),
        ),
        (
            "export_vault",
            json(&interchange::Exported {
                path: "/e.json".into(),
                summary: Default::default(),
            }),
        ),
        ("import_file", json(&ImportReport::default())),
        (
            "get_settings",
            json(&settings::Settings {
                auto_lock_seconds: 600,
                auto_lock_bounds: (60, 14_400),
                remembered: false,
                keychain_after_lock: false,
                vault_dir: "/v".into(),
                version: "0.1.0",
                spell_check: settings::SpellCheck {
                    on: true,
                    languages: vec!["en_US".into()],
                    wanted: vec!["en_US".into()],
                },
                reminders: crate::reminders::Reminders {
                    evening: Some("20:30".into()),
                    weekly: Some((7, "18:00".into())),
                    names: false,
                },
            }),
        ),
        (
            "desktop_settings",
            json(&desktop::DesktopSettings {
                tray: true,
                quick_shortcut: Some("Ctrl+Alt+K".into()),
                shortcut_listening: true,
                autostart: false,
                close_to_tray: false,
            }),
        ),
        (
            "set_remember",
            json(&Some(IpcError::from(Error::VaultLocked))),
        ),
        (
            "change_passphrase",
            json(&settings::PassphraseChanged {
                recovery_code: Some("ABCD-EFGH".into()),
                remember_error: None,
            }),
        ),
        ("empty_trash", json(&3_usize)),
        (
            "backup_and_delete_older",
            json(&backup::FreshStart {
                written: report.written.clone(),
                deleted: vec!["/b/old.kbak".into()],
            }),
        ),
    ];
    for (command, value) in &sent {
        check(&types, &result_of(command), value, &BTreeMap::new())
            .unwrap_or_else(|e| panic!("{command}: {e}"));
    }
    // Every shape of the tagged timeline was there to check.
    let kinds: BTreeSet<&str> = sent
        .iter()
        .find(|(c, _)| *c == "timeline")
        .and_then(|(_, t)| t["items"].as_array())
        .unwrap()
        .iter()
        .filter_map(|i| i["type"].as_str())
        .collect();
    assert_eq!(
        kinds,
        BTreeSet::from(["checkin", "entry", "moment", "note"])
    );

    // What the page sends fits the typedef, and the command reads it.
    let date =
        serde_json::json!({ "date": null, "title": "", "body": "b", "tags": [], "people": [pid] });
    accepts::<args::EntryInput>(&mut types, date);
    let person = serde_json::json!({
        "name": "Ines", "relationship": "", "proximity": "most-days", "how_we_met": "", "cadence_days": null,
    });
    accepts::<args::PersonInput>(&mut types, person);
    let checkin = serde_json::json!({
        "seen": 3, "heard": null, "understood": null, "safe": null, "trust": 4,
        "they_showed_up": null, "i_showed_up": 5, "ios": null, "note": "",
    });
    accepts::<args::CheckinInput>(&mut types, checkin);
    let settings = serde_json::json!({
        "primary": "/b", "secondary": null, "retention": { "last": 3, "daily": 7, "weekly": 4, "monthly": 12 },
    });
    accepts::<args::SettingsInput>(&mut types, settings);
    accepts::<args::SecretKind>(&mut types, "recovery-code".into());
    accepts::<args::Format>(&mut types, "markdown".into());
    accepts::<args::PageAfter>(
        &mut types,
        serde_json::json!({ "date": "2026-12-01", "id": 2 }),
    );
}

fn json<T: serde::Serialize + ?Sized>(value: &T) -> Value {
    serde_json::to_value(value).unwrap()
}

/// `value` fits `T`'s typedef, and serde reads it as a `T`.
fn accepts<T: TS + serde::de::DeserializeOwned + 'static>(types: &mut Types, value: Value) {
    let ty = parse_type(&types.use_type::<T>());
    check(types, &ty, &value, &BTreeMap::new()).unwrap_or_else(|e| panic!("{e}"));
    if let Err(e) = serde_json::from_value::<T>(value.clone()) {
        panic!("{value} fits {} but does not deserialize: {e}", render(&ty));
    }
}

/// The shape check is not vacuous: renamed, missing, extra, mistyped and
/// mis-tagged values fail.
#[test]
fn the_shape_check_refuses_what_the_page_would_misread() {
    let mut types = Types::new();
    let snippet = parse_type(&types.use_type::<kindred_core::search::SnippetPart>());
    let timeline = parse_type(&types.use_type::<TimelineItem>());
    let proximity = parse_type(&types.use_type::<Proximity>());
    let none = BTreeMap::new();
    let fits = |ty: &Ts, v: Value| check(&types, ty, &v, &none);
    assert!(fits(&snippet, serde_json::json!({ "text": "a", "match": true })).is_ok());
    for wrong in [
        serde_json::json!({ "text": "a", "is_match": true }),
        serde_json::json!({ "text": "a" }),
        serde_json::json!({ "text": "a", "match": true, "extra": 1 }),
        serde_json::json!({ "text": 1, "match": true }),
        serde_json::json!([]),
    ] {
        assert!(fits(&snippet, wrong.clone()).is_err(), "{wrong}");
    }
    let note =
        serde_json::json!({ "type": "note", "id": 1, "at": "2026-03-14T09:00:00Z", "body": "b" });
    assert!(fits(&timeline, note).is_ok());
    let mistagged = serde_json::json!({ "type": "Note", "id": 1, "at": "x", "body": "b" });
    assert!(fits(&timeline, mistagged).is_err());
    assert!(fits(&proximity, "lives-with-me".into()).is_ok());
    assert!(fits(&proximity, "LivesWithMe".into()).is_err());
}
