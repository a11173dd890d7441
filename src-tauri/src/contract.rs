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
//! Views import the typedefs (`import('../gen/contract.js').Person`) and
//! `tsc -p ui/jsconfig.json` checks them against it. When the file on disk
//! differs, the test writes the new text and fails: a developer's run fixes
//! it, a CI run with a stale file fails. [`typedefs_match_what_commands_send`]
//! checks the typedefs against real JSON, value by value.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::PathBuf;

use chrono::NaiveDate;
use kindred_core::backup::BackupReport;
use kindred_core::interchange::ImportReport;
use kindred_core::model::{Entry, EntrySummary, Kind, Note, Person, Proximity, TrashItem};
use kindred_core::reflection::{
    DailyPrompt, DepthSummary, Dimensions, ImportantDate, LoveMapItem, MapPoint, ProximityChange,
    TimelineItem, Today,
};
use kindred_core::search::SearchHit;
use kindred_core::strength::Strength;
use kindred_core::ErrorCode;
use serde_json::Value;
use tauri::{AppHandle, State};
use ts_rs::{Config, TypeVisitor, TS};

use crate::commands::{
    backup, interchange, journal, people, reflection, session, settings, ProgressEvent,
    LOCKED_EVENT, PROGRESS_EVENT,
};
use crate::error::{IpcError, IpcResult};
use crate::state::AppState;

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

/// A TypeScript type as ts-rs writes it.
#[derive(Debug, Clone, PartialEq)]
enum Ts {
    /// `string`, `number`, `boolean`, `null`, or a named type with its
    /// arguments (`Array<T>` too).
    Name(String, Vec<Ts>),
    /// `"kebab-case"`.
    Literal(String),
    /// `[A, B]`.
    Tuple(Vec<Ts>),
    /// `{ a: A, b?: B }`, with each field's docs.
    Object(Vec<Field>),
    /// `A | B`.
    Union(Vec<Ts>),
    /// `A & B` (a flattened or tagged shape).
    Both(Vec<Ts>),
}

#[derive(Debug, Clone, PartialEq)]
struct Field {
    name: String,
    optional: bool,
    ty: Ts,
    docs: Option<String>,
}

/// `type Name<T> = …;` → the parameters and the body.
fn parse_decl(decl: &str) -> (Vec<String>, Ts) {
    let rest = decl
        .trim()
        .strip_prefix("type ")
        .unwrap_or_else(|| panic!("{decl}"));
    let (head, body) = rest.split_once(" = ").unwrap_or_else(|| panic!("{decl}"));
    let params = match head.split_once('<') {
        Some((_, p)) => p
            .trim_end_matches('>')
            .split(',')
            .map(|s| s.trim().to_owned())
            .collect(),
        None => Vec::new(),
    };
    let body = body.trim().trim_end_matches(';');
    (params, parse_type(body))
}

/// Parses one type; panics (failing the test) on anything unexpected.
fn parse_type(text: &str) -> Ts {
    let mut p = Parser {
        tokens: tokenize(text),
        at: 0,
    };
    let ty = p.union();
    assert!(p.at == p.tokens.len(), "unparsed rest of {text:?}");
    ty
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Word(String),
    Str(String),
    Doc(String),
    Punct(char),
}

fn tokenize(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            c if c.is_whitespace() => {}
            '/' if text[i..].starts_with("/**") => {
                let end = i + text[i..].find("*/").unwrap_or_else(|| panic!("{text}"));
                out.push(Token::Doc(doc_text(&text[i..end + 2])));
                while chars.peek().is_some_and(|(j, _)| *j < end + 2) {
                    chars.next();
                }
            }
            '"' => {
                let mut s = String::new();
                for (_, c) in chars.by_ref() {
                    if c == '"' {
                        break;
                    }
                    s.push(c);
                }
                out.push(Token::Str(s));
            }
            c if c.is_alphanumeric() || c == '_' => {
                let mut s = String::from(c);
                while let Some((_, c)) = chars.next_if(|(_, c)| c.is_alphanumeric() || *c == '_') {
                    s.push(c);
                }
                out.push(Token::Word(s));
            }
            c => out.push(Token::Punct(c)),
        }
    }
    out
}

struct Parser {
    tokens: Vec<Token>,
    at: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.at)
    }

    fn next(&mut self) -> Token {
        let t = self.tokens.get(self.at).cloned();
        self.at += 1;
        t.unwrap_or_else(|| panic!("the type ends early: {:?}", self.tokens))
    }

    fn eat(&mut self, c: char) -> bool {
        let yes = self.peek() == Some(&Token::Punct(c));
        if yes {
            self.at += 1;
        }
        yes
    }

    fn expect(&mut self, c: char) {
        assert!(
            self.eat(c),
            "expected {c:?} at {:?}",
            &self.tokens[self.at..]
        );
    }

    fn union(&mut self) -> Ts {
        let mut alts = vec![self.both()];
        while self.eat('|') {
            alts.push(self.both());
        }
        if alts.len() == 1 {
            alts.remove(0)
        } else {
            Ts::Union(alts)
        }
    }

    fn both(&mut self) -> Ts {
        let mut parts = vec![self.primary()];
        while self.eat('&') {
            parts.push(self.primary());
        }
        if parts.len() == 1 {
            parts.remove(0)
        } else {
            Ts::Both(parts)
        }
    }

    fn primary(&mut self) -> Ts {
        match self.next() {
            Token::Punct('(') => {
                let t = self.union();
                self.expect(')');
                t
            }
            Token::Punct('[') => {
                let mut items = Vec::new();
                while !self.eat(']') {
                    items.push(self.union());
                    self.eat(',');
                }
                Ts::Tuple(items)
            }
            Token::Punct('{') => self.object(),
            Token::Str(s) => Ts::Literal(s),
            Token::Word(w) => {
                let mut args = Vec::new();
                if self.eat('<') {
                    while !self.eat('>') {
                        args.push(self.union());
                        self.eat(',');
                    }
                }
                Ts::Name(w, args)
            }
            t => panic!("unexpected {t:?} in {:?}", self.tokens),
        }
    }

    fn object(&mut self) -> Ts {
        let mut fields = Vec::new();
        loop {
            let docs = match self.peek() {
                Some(Token::Doc(d)) => {
                    let d = d.clone();
                    self.at += 1;
                    Some(d)
                }
                _ => None,
            };
            if self.eat('}') {
                return Ts::Object(fields);
            }
            let name = match self.next() {
                Token::Word(w) | Token::Str(w) => w,
                t => panic!("a field name, not {t:?}"),
            };
            let optional = self.eat('?');
            self.expect(':');
            let ty = self.union();
            self.eat(',');
            fields.push(Field {
                name,
                optional,
                ty,
                docs,
            });
        }
    }
}

/// The text of a `/** … */` comment, as one paragraph.
fn doc_text(comment: &str) -> String {
    let inner = comment
        .trim()
        .trim_start_matches("/**")
        .trim_end_matches("*/");
    let words: Vec<&str> = inner
        .lines()
        .map(|l| l.trim().trim_start_matches('*').trim())
        .filter(|l| !l.is_empty())
        .collect();
    // A doc line must not end the JSDoc block or start a tag.
    words.join(" ").replace("*/", "* /").replace('@', "(at)")
}

/// How the contract writes a type, on one line.
fn render(ty: &Ts) -> String {
    match ty {
        Ts::Name(n, args) if args.is_empty() => n.clone(),
        Ts::Name(n, args) => format!("{n}<{}>", join(args, ", ")),
        Ts::Literal(s) => quote(s),
        Ts::Tuple(items) => format!("[{}]", join(items, ", ")),
        Ts::Object(fields) if fields.is_empty() => "Record<string, never>".into(),
        Ts::Object(fields) => {
            let fields: Vec<String> = fields
                .iter()
                .map(|f| {
                    let q = if f.optional { "?" } else { "" };
                    format!("{}{q}: {}", key(&f.name), render(&f.ty))
                })
                .collect();
            format!("{{ {} }}", fields.join(", "))
        }
        Ts::Union(alts) => join(alts, " | "),
        Ts::Both(parts) => parts
            .iter()
            .map(|p| match p {
                Ts::Union(_) => format!("({})", render(p)),
                _ => render(p),
            })
            .collect::<Vec<_>>()
            .join(" & "),
    }
}

fn join(items: &[Ts], sep: &str) -> String {
    items.iter().map(render).collect::<Vec<_>>().join(sep)
}

fn quote(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|e| panic!("{e}"))
}

/// A field name, quoted unless it is a plain identifier.
fn key(name: &str) -> String {
    let plain = name.chars().all(|c| c.is_alphanumeric() || c == '_')
        && !name.starts_with(|c: char| c.is_ascii_digit());
    if plain {
        name.to_owned()
    } else {
        quote(name)
    }
}

/// A JSDoc block: its lines, each under ` * `.
fn block(lines: &[String]) -> String {
    let mut out = String::from("/**\n");
    for l in lines {
        if l.is_empty() {
            out.push_str(" *\n");
        } else {
            let _ = writeln!(out, " * {l}");
        }
    }
    out.push_str(" */\n");
    out
}

/// Longest line of the generated file, past ` * `, where words allow.
const WIDTH: usize = 76;

/// `head` followed by `words`, wrapped at [`WIDTH`]; later lines indented.
fn wrap(head: &str, words: &str) -> Vec<String> {
    let mut lines = vec![head.to_owned()];
    for word in words.split_whitespace() {
        let Some(line) = lines.last_mut() else {
            break;
        };
        if line.is_empty() {
            line.push_str(word);
        } else if line.len() + 1 + word.len() <= WIDTH {
            line.push(' ');
            line.push_str(word);
        } else {
            let indent = if head.is_empty() { "" } else { "  " };
            lines.push(format!("{indent}{word}"));
        }
    }
    lines
}

/// One named type as a JSDoc typedef: an object type with a `@property`
/// per field (and its docs), anything else on its own lines.
fn typedef(name: &str, d: &Decl) -> String {
    let mut lines: Vec<String> = d.docs.iter().flat_map(|docs| wrap("", docs)).collect();
    lines.extend(d.params.iter().map(|p| format!("@template {p}")));
    match &d.body {
        Ts::Object(fields) if !fields.is_empty() => {
            lines.push(format!("@typedef {{object}} {name}"));
            for f in fields {
                let field = if f.optional {
                    format!("[{}]", f.name)
                } else {
                    f.name.clone()
                };
                let head = format!("@property {{{}}} {field}", render(&f.ty));
                lines.extend(wrap(&head, f.docs.as_deref().unwrap_or_default()));
            }
        }
        Ts::Union(alts) if render(&d.body).len() > 80 => {
            lines.push("@typedef {(".into());
            lines.extend(alts.iter().map(|a| format!("  | {}", render(a))));
            lines.push(format!(")}} {name}"));
        }
        body => lines.push(format!("@typedef {{{}}} {name}", render(body))),
    }
    block(&lines)
}

/// Tauri's name for an argument: `person_id` → `personId`.
fn camel(name: &str) -> String {
    let mut out = String::new();
    for (i, part) in name.split('_').enumerate() {
        let mut cs = part.chars();
        match (i, cs.next()) {
            (0, Some(c)) => out.push(c),
            (_, Some(c)) => out.extend(c.to_uppercase()),
            (_, None) => {}
        }
        out.push_str(cs.as_str());
    }
    out
}

/// A frozen array of strings, for the page to read at run time.
fn constant(name: &str, doc: &str, ty: &str, values: &[String]) -> String {
    let mut out = block(&[doc.to_owned(), format!("@type {{ReadonlyArray<{ty}>}}")]);
    let _ = writeln!(out, "const {name} = Object.freeze([");
    for v in values {
        let _ = writeln!(out, "  {},", quote(v));
    }
    out.push_str("]);\n");
    out
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
        "// Generated by the `contract_js_is_fresh` test in src-tauri/src/contract.rs\n\
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

/// Checks `value` against `ty`, as the page will read it; `env` binds the
/// parameters of a generic type.
fn check(types: &Types, ty: &Ts, value: &Value, env: &BTreeMap<String, Ts>) -> Result<(), String> {
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
        ("list_trash", json(&v.trash().list().unwrap())),
        ("list_people", json(&v.people().list(false).unwrap())),
        ("get_person", json(&v.people().get(pid).unwrap())),
        ("list_notes", json(&v.people().notes(pid).unwrap())),
        ("search", json(&v.search("swimming", 40).unwrap())),
        (
            "vocabulary",
            json(&tauri::async_runtime::block_on(reflection::vocabulary()).unwrap()),
        ),
        ("today", json(&r.today().unwrap())),
        ("prompt_for", json(&r.prompt_for(pid).unwrap())),
        ("depth", json(&r.depth(pid).unwrap())),
        ("map", json(&r.map().unwrap())),
        (
            "proximity_history",
            json(&r.proximity_history(pid).unwrap()),
        ),
        ("love_map", json(&r.love_map(pid).unwrap())),
        ("important_dates", json(&r.important_dates(pid).unwrap())),
        ("timeline", json(&r.timeline(pid).unwrap())),
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
        .and_then(|(_, t)| t.as_array())
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
    accepts::<journal::EntryInput>(&mut types, date);
    let person = serde_json::json!({
        "name": "Ines", "relationship": "", "proximity": "most-days", "how_we_met": "", "cadence_days": null,
    });
    accepts::<people::PersonInput>(&mut types, person);
    let checkin = serde_json::json!({
        "seen": 3, "heard": null, "understood": null, "safe": null, "trust": 4,
        "they_showed_up": null, "i_showed_up": 5, "ios": null, "note": "",
    });
    accepts::<reflection::CheckinInput>(&mut types, checkin);
    let settings = serde_json::json!({
        "primary": "/b", "secondary": null, "retention": { "last": 3, "daily": 7, "weekly": 4, "monthly": 12 },
    });
    accepts::<backup::SettingsInput>(&mut types, settings);
    accepts::<backup::SecretKind>(&mut types, "recovery-code".into());
    accepts::<interchange::Format>(&mut types, "markdown".into());
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
