//! The contract between Rust and the page, `ui/js/gen/contract.js`, made
//! from the Rust types by the test [`contract_js_is_fresh`]:
//!
//! - `ERROR_CODES` and the `ErrorCode` type: every code the core can send;
//! - `COMMANDS` and the `Commands` type: every command of
//!   [`command_names`](crate::command_names), with the arguments the page
//!   sends (camelCase, as Tauri names them; an `Option` argument may be
//!   left out) and what it resolves to. Each line of that list is checked
//!   here against the command's real signature, at compile time;
//! - the `Events` type: what each event the shell emits carries;
//! - `PROXIMITIES`: the proximity levels, farthest first;
//! - a JSDoc typedef for every named type that crosses, in either
//!   direction, as ts-rs reads it from the type and its serde attributes
//!   (`rename_all`, `tag`, `flatten`, `Option` as `| null` …).
//!
//! A field serde may leave out (`skip_serializing_if`) also needs
//! `#[serde(default)]`, or ts-rs writes it as always there; the shape test
//! refuses such JSON when its fixture leaves the field out, and
//! [`a_field_serde_may_leave_out_needs_a_default_to_be_optional`] pins the
//! rule down.
//!
//! Views import the typedefs (`import('../gen/contract.js').Person`) and
//! `tsc -p ui/jsconfig.json` checks them against it. When the file on disk
//! differs, the test writes the new text and fails: a developer's run fixes
//! it, a CI run with a stale file fails.
//!
//! - [`ts`] parses ts-rs's output and writes types back;
//! - [`jsdoc`] lays the file out;
//! - [`shape`] checks the typedefs against real JSON, value by value.

mod jsdoc;
mod shape;
mod ts;

use std::collections::BTreeMap;
use std::path::PathBuf;

use chrono::NaiveDate;
use kindred_core::backup::BackupReport;
use kindred_core::interchange::ImportReport;
use kindred_core::model::{Attachment, Entry, EntrySummary, Kind, Note, Person, Proximity};
use kindred_core::reflection::calendar::{CalendarDay, CalendarDayDetail};
use kindred_core::reflection::{
    DailyPrompt, DepthSummary, Dimensions, ImportantDate, LoveMapItem, MapPoint, ProximityChange,
    TimelineCursor, TimelineItem, TimelinePage, Today,
};
use kindred_core::search::SearchHit;
use kindred_core::strength::Strength;
use kindred_core::trash::{TrashCursor, TrashPage};
use kindred_core::ErrorCode;
use serde_json::Value;
use tauri::{AppHandle, State};
use ts_rs::{Config, TypeVisitor, TS};

use crate::commands::{
    args, backup, desktop, interchange, reflection, session, settings, ProgressEvent,
    DROPPED_EVENT, FIRST_SHOWN_EVENT, LOCKED_EVENT, LOCK_REQUEST_EVENT, PROGRESS_EVENT,
    QUICK_CLOSE_EVENT, UNLOCKED_ELSEWHERE_EVENT,
};
use crate::error::{IpcError, IpcResult};
use crate::state::AppState;
use jsdoc::{block, camel, constant, typedef, WIDTH};
use ts::{doc_text, parse_decl, quote, Ts};

/// The generated file, from the crate's folder.
const CONTRACT_JS: &str = "../ui/js/gen/contract.js";

/// One command as the page calls it.
struct Command {
    name: &'static str,
    /// Rust name, TypeScript type, whether it may be left out.
    args: Vec<(&'static str, String, bool)>,
    result: String,
}

/// The argument Tauri injects, by its name in the list (the list's own
/// `state` cannot name a local variable made here).
macro_rules! injected {
    (app, $app:ident, $state:ident) => {
        $app
    };
    (state, $app:ident, $state:ident) => {
        $state
    };
}

/// Makes [`commands`] and, for every line of the list, a function that
/// calls the real command with the listed arguments and returns the
/// listed result, so a line that no longer matches does not compile.
macro_rules! contract_commands {
    ($($module:ident :: $name:ident [$($inject:ident),*] ($($arg:ident : $ty:ty),*) -> $ret:ty;)*) => {
        /// Never run: they only have to compile.
        #[allow(dead_code, unused_variables, clippy::too_many_arguments)]
        mod signatures {
            use super::*;
            $(
                pub async fn $name(
                    app: AppHandle,
                    state: State<'_, AppState>,
                    $($arg: $ty),*
                ) -> IpcResult<$ret> {
                    crate::commands::$module::$name($(injected!($inject, app, state),)* $($arg),*).await
                }
            )*
        }

        /// Every command of the list, its types declared in `types`.
        fn commands(types: &mut Types) -> Vec<Command> {
            vec![$(Command {
                name: stringify!($name),
                args: vec![$((
                    stringify!($arg),
                    types.use_type::<$ty>(),
                    <$ty as TS>::IS_OPTION,
                )),*],
                result: types.use_type::<$ret>(),
            }),*]
        }
    };
}

commands!(contract_commands);

/// A named type the contract declares.
struct Decl {
    /// Its generic parameters (`T` of `Word<T>`).
    params: Vec<String>,
    body: Ts,
    docs: Option<String>,
    /// ts-rs's declaration, to tell two types of one name apart.
    raw: String,
}

/// The named types the contract declares, by name.
struct Types {
    cfg: Config,
    decls: BTreeMap<String, Decl>,
}

impl Types {
    fn new() -> Self {
        Self {
            cfg: Config::new().with_large_int("number"),
            decls: BTreeMap::new(),
        }
    }

    /// Declares `T` and every named type it mentions; returns how the
    /// contract writes `T` (`Array<EntrySummary>`, `number` …).
    fn use_type<T: TS + 'static + ?Sized>(&mut self) -> String {
        self.visit::<T>();
        T::name(&self.cfg)
    }
}

impl TypeVisitor for Types {
    fn visit<T: TS + 'static + ?Sized>(&mut self) {
        if T::output_path().is_some() {
            let name = T::ident(&self.cfg);
            let raw = T::decl(&self.cfg);
            if let Some(seen) = self.decls.get(&name) {
                assert_eq!(seen.raw, raw, "two different types are called {name}");
                return;
            }
            let (params, body) = parse_decl(&raw);
            let docs = T::docs().map(|d| doc_text(&d));
            self.decls.insert(
                name,
                Decl {
                    params,
                    body,
                    docs,
                    raw,
                },
            );
        }
        T::visit_dependencies(self);
        T::visit_generics(self);
    }
}

/// The whole file.
fn contract_js() -> String {
    let mut types = Types::new();
    types.use_type::<ErrorCode>();
    let commands = commands(&mut types);
    let progress = types.use_type::<ProgressEvent>();
    let locked = types.use_type::<&'static str>();
    let proximity = types.use_type::<Proximity>();
    // Flattened into Checkin, and named on its own for the check-in form.
    types.use_type::<Dimensions>();

    let mut out = String::from(
        "// Generated by the `contract_js_is_fresh` test in src-tauri/src/contract/mod.rs\n\
         // (`cargo test -p kindred-app --bins contract`) from the Rust types and\n\
         // the command list in src-tauri/src/command_names.rs. Do not edit: change\n\
         // the Rust side, run the test, and commit what it writes.\n\
         //\n\
         // Every error code, command, event and type that crosses between Rust and\n\
         // the page. Views import the types, e.g.\n\
         // `/** @typedef {import('../gen/contract.js').Person} Person */`.\n\n",
    );

    let mut lines = vec![
        "Every command the page can call (through ui/js/ipc.js): the arguments".to_owned(),
        "it sends, named as Tauri names them (camelCase; one that may be null".to_owned(),
        "may also be left out), and what the command resolves to.".to_owned(),
        "@typedef {{".to_owned(),
    ];
    for c in &commands {
        let args: Vec<String> = c
            .args
            .iter()
            .map(|(n, ty, optional)| {
                format!("{}{}: {ty}", camel(n), if *optional { "?" } else { "" })
            })
            .collect();
        let args = if args.is_empty() {
            "Record<string, never>".to_owned()
        } else {
            format!("{{ {} }}", args.join(", "))
        };
        let line = format!("  {}: {{ args: {args}, result: {} }},", c.name, c.result);
        if line.len() <= WIDTH {
            lines.push(line);
        } else {
            lines.push(format!("  {}: {{", c.name));
            lines.push(format!("    args: {args},"));
            lines.push(format!("    result: {},", c.result));
            lines.push("  },".into());
        }
    }
    lines.push("}} Commands".into());
    out.push_str(&block(&lines));
    out.push_str("\n/** @typedef {keyof Commands} CommandName */\n\n");

    out.push_str(&block(&[
        "What each event the shell emits carries.".into(),
        "@typedef {{".into(),
        format!("  {}: {locked},", quote(LOCKED_EVENT)),
        format!("  {}: {progress},", quote(PROGRESS_EVENT)),
        format!("  {}: number,", quote(DROPPED_EVENT)),
        format!("  {}: null,", quote(LOCK_REQUEST_EVENT)),
        format!("  {}: null,", quote(QUICK_CLOSE_EVENT)),
        format!("  {}: null,", quote(UNLOCKED_ELSEWHERE_EVENT)),
        format!("  {}: null,", quote(FIRST_SHOWN_EVENT)),
        "}} Events".into(),
    ]));
    out.push('\n');

    for (name, decl) in &types.decls {
        out.push_str(&typedef(name, decl));
        out.push('\n');
    }

    let codes: Vec<String> = ErrorCode::ALL
        .iter()
        .map(|c| c.as_str().to_owned())
        .collect();
    out.push_str(&constant(
        "ERROR_CODES",
        "Every error code the core can send.",
        "ErrorCode",
        &codes,
    ));
    out.push('\n');
    let names: Vec<String> = commands.iter().map(|c| c.name.to_owned()).collect();
    out.push_str(&constant(
        "COMMANDS",
        "Every command, in the order of the list.",
        "CommandName",
        &names,
    ));
    out.push('\n');
    let levels: Vec<String> = Proximity::ALL.iter().map(wire).collect();
    out.push_str(&constant(
        "PROXIMITIES",
        "How often one sees someone, farthest first.",
        &proximity,
        &levels,
    ));
    out.push_str("\nexport { COMMANDS, ERROR_CODES, PROXIMITIES };\n");
    out
}

/// How serde writes a unit variant.
fn wire(value: &impl serde::Serialize) -> String {
    match serde_json::to_value(value) {
        Ok(Value::String(s)) => s,
        other => panic!("not a string: {other:?}"),
    }
}

fn contract_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(CONTRACT_JS)
}

#[test]
fn contract_js_is_fresh() {
    let text = contract_js();
    let path = contract_path();
    let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
    if on_disk != text {
        std::fs::write(&path, &text).unwrap();
        panic!("contract.js was stale; it has been regenerated, commit it");
    }
}

/// The list, the names and the codes agree with what they are made from.
#[test]
fn the_contract_lists_every_command_and_error_code() {
    let mut types = Types::new();
    let names: Vec<&str> = commands(&mut types).iter().map(|c| c.name).collect();
    assert_eq!(names, crate::command_names::ALL);
    // ErrorCode::ALL is every variant: the derived union has the same ones.
    types.use_type::<ErrorCode>();
    let union = match &types.decls["ErrorCode"].body {
        Ts::Union(alts) => alts.clone(),
        other => panic!("{other:?}"),
    };
    let codes: Vec<Ts> = ErrorCode::ALL
        .iter()
        .map(|c| Ts::Literal(c.as_str().into()))
        .collect();
    assert_eq!(union, codes);
    assert_eq!(camel("plaintext_ok"), "plaintextOk");
    assert_eq!(camel("new"), "new");
    assert_eq!(camel("recovery_code"), "recoveryCode");
}

/// A field serde may leave out is optional in the contract only when it
/// also has `#[serde(default)]` (ts-rs's rule: the same shape then reads
/// and writes). This pins that down, with the shape check refusing the
/// other, so a skipped field without a default cannot slip past the
/// shape test unnoticed.
#[test]
fn a_field_serde_may_leave_out_needs_a_default_to_be_optional() {
    #[derive(serde::Serialize, TS)]
    struct Probe {
        #[serde(skip_serializing_if = "Option::is_none", default)]
        with_default: Option<u8>,
        #[serde(skip_serializing_if = "Option::is_none")]
        without: Option<u8>,
    }
    let mut types = Types::new();
    let probe = ts::parse_type(&types.use_type::<Probe>());
    let fields = match &types.decls["Probe"].body {
        Ts::Object(fields) => fields.clone(),
        other => panic!("{other:?}"),
    };
    let optional: Vec<(&str, bool)> = fields
        .iter()
        .map(|f| (f.name.as_str(), f.optional))
        .collect();
    assert_eq!(optional, [("with_default", true), ("without", false)]);
    // What serde writes for `None`s: the shape check refuses it while
    // `without` lacks its default, as the page would misread it.
    let sent = serde_json::to_value(Probe {
        with_default: None,
        without: None,
    })
    .unwrap();
    assert_eq!(sent, serde_json::json!({}));
    let none = BTreeMap::new();
    assert!(shape::check(&types, &probe, &sent, &none).is_err());
    let with_both = serde_json::json!({ "without": null });
    assert!(shape::check(&types, &probe, &with_both, &none).is_ok());
}
