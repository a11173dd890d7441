//! How the generated file is laid out: JSDoc blocks, typedefs with a
//! `@property` per field, wrapped docs, frozen constants.

use std::fmt::Write as _;

use super::ts::{quote, render, Ts};
use super::Decl;

/// A JSDoc block: its lines, each under ` * `.
pub(super) fn block(lines: &[String]) -> String {
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
pub(super) const WIDTH: usize = 76;

/// `head` followed by `words`, wrapped at [`WIDTH`]; later lines indented.
pub(super) fn wrap(head: &str, words: &str) -> Vec<String> {
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
pub(super) fn typedef(name: &str, d: &Decl) -> String {
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
pub(super) fn camel(name: &str) -> String {
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
pub(super) fn constant(name: &str, doc: &str, ty: &str, values: &[String]) -> String {
    let mut out = block(&[doc.to_owned(), format!("@type {{ReadonlyArray<{ty}>}}")]);
    let _ = writeln!(out, "const {name} = Object.freeze([");
    for v in values {
        let _ = writeln!(out, "  {},", quote(v));
    }
    out.push_str("]);\n");
    out
}
