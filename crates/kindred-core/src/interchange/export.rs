//! Exports: everything as one JSON document (the shape `import --from
//! kindred` reads back), or a folder of Markdown files with YAML front
//! matter. Both are plaintext; files are created readable by their owner
//! only, in a folder or file that must not exist yet.
//!
//! Attachments come along as files, decrypted and checked against their
//! SHA-256: beside a JSON export in a folder named after it
//! (`journal.json` → `journal-files/`), listed in its `attachments` with
//! their paths; in a Markdown export beside each entry's file
//! (`<entry>-files/`), linked from it, with each `attachment:<id>`
//! reference in the text turned into that relative link.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rusqlite::Connection;
use serde::Serialize;
use serde_json::{json, Value};

use crate::attachments::{clean_name, write_plain};
use crate::blobs::{BlobId, BlobStore};
use crate::error::{Error, Result};
use crate::fsutil;
use crate::model::Proximity;

/// What an export wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "contract", derive(ts_rs::TS))]
pub struct ExportSummary {
    /// Entries written.
    pub entries: usize,
    /// People written.
    pub people: usize,
    /// Notes written.
    pub notes: usize,
    /// Files written.
    pub files: usize,
    /// Attachments written as files (counted in `files` too).
    pub attachments: usize,
}

fn rows(conn: &Connection, sql: &str) -> Result<Vec<BTreeMap<String, Value>>> {
    let mut stmt = conn.prepare(sql)?;
    let names: Vec<String> = stmt.column_names().iter().map(|s| s.to_string()).collect();
    let rows = stmt.query_map([], |r| {
        let mut m = BTreeMap::new();
        for (i, n) in names.iter().enumerate() {
            let v = match r.get::<_, rusqlite::types::Value>(i)? {
                rusqlite::types::Value::Null => Value::Null,
                rusqlite::types::Value::Integer(x) => json!(x),
                rusqlite::types::Value::Real(x) => json!(x),
                rusqlite::types::Value::Text(t) => Value::String(t),
                rusqlite::types::Value::Blob(_) => Value::Null,
            };
            m.insert(n.clone(), v);
        }
        Ok(m)
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The whole vault as Kindred's JSON export (trash included).
fn document(conn: &Connection, exported_at: &str) -> Result<Value> {
    let people = rows(
        conn,
        "SELECT id, name, relationship, proximity, how_we_met, cadence_days, archived,
                created_at, updated_at, deleted_at FROM people ORDER BY id",
    )?
    .into_iter()
    .map(|mut p| {
        let level = p.get("proximity").and_then(Value::as_i64);
        p.insert(
            "proximity".into(),
            level
                .and_then(Proximity::from_level)
                .map_or(Value::Null, |x| Value::String(x.as_str().into())),
        );
        let archived = p.get("archived").and_then(Value::as_i64) == Some(1);
        p.insert("archived".into(), Value::Bool(archived));
        Value::Object(p.into_iter().collect())
    })
    .collect::<Vec<_>>();
    let notes = rows(
        conn,
        "SELECT id, person_id, body_md AS body, created_at, updated_at, deleted_at
         FROM notes ORDER BY id",
    )?
    .into_iter()
    .map(|n| Value::Object(n.into_iter().collect()))
    .collect::<Vec<_>>();
    let entries = rows(
        conn,
        "SELECT e.id, e.entry_date AS date, e.title, e.body_md AS body, e.mood, e.starred,
                e.time_zone, e.created_at, e.updated_at, e.deleted_at, e.source, e.source_key,
                e.prompt_id, e.pinned, e.place, e.weather,
                (SELECT json_group_array(t.name) FROM entry_tags et JOIN tags t ON t.id = et.tag_id
                  WHERE et.entry_id = e.id) AS tags,
                (SELECT json_group_array(ep.person_id) FROM entry_people ep
                  WHERE ep.entry_id = e.id) AS people
         FROM entries e ORDER BY e.id",
    )?
    .into_iter()
    .map(|mut e| {
        for k in ["tags", "people"] {
            let parsed = e
                .get(k)
                .and_then(Value::as_str)
                .and_then(|s| serde_json::from_str::<Value>(s).ok())
                .unwrap_or(json!([]));
            e.insert(k.into(), parsed);
        }
        for k in ["starred", "pinned"] {
            let on = e.get(k).and_then(Value::as_i64) == Some(1);
            e.insert(k.into(), Value::Bool(on));
        }
        Value::Object(e.into_iter().collect())
    })
    .collect::<Vec<_>>();
    let attachments = rows(
        conn,
        "SELECT id, entry_id, person_id, name, mime, bytes, sha256, created_at, deleted_at, blob
         FROM attachments ORDER BY id",
    )?
    .into_iter()
    .map(|a| Value::Object(a.into_iter().collect()))
    .collect::<Vec<_>>();
    let mut doc = json!({
        "format": super::EXPORT_FORMAT,
        "version": super::EXPORT_VERSION,
        "app_version": env!("CARGO_PKG_VERSION"),
        "exported_at": exported_at,
        "people": people,
        "notes": notes,
        "entries": entries,
    });
    for spec in super::tables::REFLECTION_TABLES {
        let cols: Vec<&str> = spec.cols.iter().map(|(c, _)| *c).collect();
        let list: Vec<Value> = rows(
            conn,
            &format!("SELECT {} FROM {} ORDER BY id", cols.join(", "), spec.name),
        )?
        .into_iter()
        .map(|r| Value::Object(r.into_iter().collect()))
        .collect();
        doc[spec.name] = Value::Array(list);
    }
    // Only when there are some: a text-only export stays readable by
    // builds from before attachments.
    if !attachments.is_empty() {
        doc["attachments"] = Value::Array(attachments);
    }
    Ok(doc)
}

/// The file name an attachment is written under: its id and its name.
fn attachment_file_name(a: &Value) -> String {
    format!(
        "{}-{}",
        a["id"].as_i64().unwrap_or(0),
        clean_name(a["name"].as_str().unwrap_or("file"))
    )
}

/// Decrypts attachment `a` (a row of the export document) to `to`.
fn write_attachment(blobs: &BlobStore, a: &Value, to: &Path) -> Result<()> {
    let blob = BlobId::parse(a["blob"].as_str().unwrap_or_default())?;
    write_plain(blobs, &blob, a["sha256"].as_str().unwrap_or_default(), to)
}

/// `text` with each `attachment:<id>` reference whose id `path_of` knows
/// turned into a link to that path (in angle brackets, so spaces are
/// fine in Markdown).
fn link_attachments(text: &str, path_of: &dyn Fn(i64) -> Option<String>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("(attachment:") {
        let after = &rest[at + "(attachment:".len()..];
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        let id = after[..digits].parse::<i64>().ok();
        match (id, after[digits..].starts_with(')')) {
            (Some(id), true) if path_of(id).is_some() => {
                out.push_str(&rest[..at]);
                out.push_str(&format!("(<{}>)", path_of(id).unwrap_or_default()));
                rest = &after[digits + 1..];
            }
            _ => {
                out.push_str(&rest[..at + 1]);
                rest = &rest[at + 1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn refuse_existing(path: &Path) -> Result<()> {
    if path.exists() {
        return Err(Error::invalid(format!(
            "{} already exists; choose a new name so nothing is overwritten.",
            path.display()
        )));
    }
    Ok(())
}

/// The folder a JSON export's attachments go in: beside it, named after
/// it (`journal.json` → `journal-files`).
fn files_folder_of(file: &Path) -> PathBuf {
    let stem = file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "export".into());
    file.with_file_name(format!("{stem}-files"))
}

/// Writes everything to `file` as JSON, and the attachments into the
/// folder beside it.
pub fn export_json(
    conn: &Connection,
    exported_at: &str,
    file: &Path,
    blobs: &BlobStore,
) -> Result<ExportSummary> {
    refuse_existing(file)?;
    let files_dir = files_folder_of(file);
    let tx = conn.unchecked_transaction()?; // one consistent read
    let mut doc = document(&tx, exported_at)?;
    drop(tx);
    let count = |k: &str| doc[k].as_array().map_or(0, Vec::len);
    let mut summary = ExportSummary {
        entries: count("entries"),
        people: count("people"),
        notes: count("notes"),
        files: 1,
        attachments: 0,
    };
    if let Some(list) = doc.get_mut("attachments").and_then(Value::as_array_mut) {
        refuse_existing(&files_dir)?;
        fsutil::create_private_dir(&files_dir)
            .map_err(|e| Error::io("create the export folder", &e))?;
        let folder_name = files_dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        for a in list.iter_mut() {
            let name = attachment_file_name(a);
            write_attachment(blobs, a, &files_dir.join(&name))?;
            if let Some(o) = a.as_object_mut() {
                o.remove("blob");
                o.insert(
                    "file".into(),
                    Value::String(format!("{folder_name}/{name}")),
                );
            }
            summary.attachments += 1;
            summary.files += 1;
        }
        fsutil::sync_dir(&files_dir).map_err(|e| Error::io("write the export", &e))?;
    }
    let mut bytes =
        serde_json::to_vec_pretty(&doc).map_err(|_| Error::Internal("export".into()))?;
    bytes.push(b'\n');
    if let Some(parent) = file.parent().filter(|p| !p.as_os_str().is_empty()) {
        fsutil::create_private_dir(parent)
            .map_err(|e| Error::io("create the export folder", &e))?;
    }
    fsutil::atomic_write(file, &bytes, "write the export")?;
    Ok(summary)
}

/// A file-name-safe slug of `s` (letters and digits kept, in any script).
fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
        if out.chars().count() >= 48 {
            break;
        }
    }
    out.trim_end_matches('-').to_owned()
}

/// YAML front matter: JSON scalars are valid YAML flow scalars.
fn front_matter(fields: &[(&str, Value)]) -> String {
    let mut s = String::from("---\n");
    for (k, v) in fields {
        s.push_str(&format!("{k}: {v}\n"));
    }
    s.push_str("---\n");
    s
}

/// Writes entries (one file each, by year) and people (one file each, with
/// their notes) into the new folder `dir`. The trash is left out.
pub fn export_markdown(conn: &Connection, dir: &Path, blobs: &BlobStore) -> Result<ExportSummary> {
    refuse_existing(dir)?;
    let tx = conn.unchecked_transaction()?;
    let doc = document(&tx, "")?;
    drop(tx);
    let io = |e: std::io::Error| Error::io("write the export", &e);
    fsutil::create_private_dir(&dir.join("entries")).map_err(io)?;
    fsutil::create_private_dir(&dir.join("people")).map_err(io)?;
    let mut summary = ExportSummary::default();
    let empty = Vec::new();
    let live = |v: &Value| v.get("deleted_at").is_none_or(Value::is_null);
    let attachments: Vec<&Value> = doc["attachments"]
        .as_array()
        .unwrap_or(&empty)
        .iter()
        .filter(|a| live(a))
        .collect();
    let people: BTreeMap<i64, &Value> = doc["people"]
        .as_array()
        .unwrap_or(&empty)
        .iter()
        .filter(|p| live(p))
        .filter_map(|p| Some((p["id"].as_i64()?, p)))
        .collect();
    for e in doc["entries"]
        .as_array()
        .unwrap_or(&empty)
        .iter()
        .filter(|e| live(e))
    {
        let date = e["date"].as_str().unwrap_or("0000-00-00");
        let title = e["title"].as_str().unwrap_or("");
        let names: Vec<Value> = e["people"]
            .as_array()
            .unwrap_or(&empty)
            .iter()
            .filter_map(|id| people.get(&id.as_i64()?).map(|p| p["name"].clone()))
            .collect();
        let head = front_matter(&[
            ("id", e["id"].clone()),
            ("date", json!(date)),
            ("title", json!(title)),
            ("tags", e["tags"].clone()),
            ("people", Value::Array(names)),
            ("starred", e["starred"].clone()),
            ("pinned", e["pinned"].clone()),
            ("place", e["place"].clone()),
            ("weather", e["weather"].clone()),
            ("time_zone", e["time_zone"].clone()),
            ("created", e["created_at"].clone()),
            ("updated", e["updated_at"].clone()),
        ]);
        let year = date.get(..4).unwrap_or("0000");
        let folder = dir.join("entries").join(year);
        fsutil::create_private_dir(&folder).map_err(io)?;
        let s = slug(title);
        let name = if s.is_empty() {
            format!("{date}-{}.md", e["id"])
        } else {
            format!("{date}-{s}-{}.md", e["id"])
        };
        let body = e["body"].as_str().unwrap_or("");
        // Its attachments, in a folder beside its file, linked from it.
        let theirs: Vec<&Value> = attachments
            .iter()
            .copied()
            .filter(|a| a["entry_id"].as_i64().is_some() && a["entry_id"] == e["id"])
            .collect();
        let mut text = format!("{head}\n{body}");
        if !theirs.is_empty() {
            let files = format!("{}-files", name.trim_end_matches(".md"));
            fsutil::create_private_dir(&folder.join(&files)).map_err(io)?;
            let mut paths: BTreeMap<i64, String> = BTreeMap::new();
            for a in &theirs {
                let file = attachment_file_name(a);
                write_attachment(blobs, a, &folder.join(&files).join(&file))?;
                paths.insert(a["id"].as_i64().unwrap_or(0), format!("{files}/{file}"));
                summary.attachments += 1;
                summary.files += 1;
            }
            text = link_attachments(&text, &|id| paths.get(&id).cloned());
            if !text.ends_with('\n') {
                text.push('\n');
            }
            text.push_str("\n## Attachments\n\n");
            for a in &theirs {
                let label = a["name"].as_str().unwrap_or("file").replace(['[', ']'], "");
                let path = &paths[&a["id"].as_i64().unwrap_or(0)];
                let image = a["mime"].as_str().unwrap_or("").starts_with("image/");
                text.push_str(&format!(
                    "{}[{label}](<{path}>)\n",
                    if image { "!" } else { "" }
                ));
            }
        }
        write_new(&folder.join(&name), text.as_bytes())?;
        summary.entries += 1;
        summary.files += 1;
    }
    let notes = doc["notes"].as_array().unwrap_or(&empty);
    for (id, p) in &people {
        let head = front_matter(&[
            ("id", json!(id)),
            ("name", p["name"].clone()),
            ("relationship", p["relationship"].clone()),
            ("proximity", p["proximity"].clone()),
            ("how_we_met", p["how_we_met"].clone()),
            ("cadence_days", p["cadence_days"].clone()),
            ("archived", p["archived"].clone()),
        ]);
        let mut text = format!("{head}\n# {}\n", p["name"].as_str().unwrap_or(""));
        // Their picture, beside their file.
        let slug_name = slug(p["name"].as_str().unwrap_or("person"));
        if let Some(photo) = attachments
            .iter()
            .filter(|a| a["person_id"].as_i64() == Some(*id))
            .max_by_key(|a| a["id"].as_i64())
        {
            let file = format!("{slug_name}-{id}-{}", attachment_file_name(photo));
            write_attachment(blobs, photo, &dir.join("people").join(&file))?;
            text.push_str(&format!(
                "\n![{}](<{file}>)\n",
                p["name"].as_str().unwrap_or("").replace(['[', ']'], "")
            ));
            summary.attachments += 1;
            summary.files += 1;
        }
        let mut theirs: Vec<&Value> = notes
            .iter()
            .filter(|n| live(n) && n["person_id"].as_i64() == Some(*id))
            .collect();
        theirs.sort_by(|a, b| b["created_at"].as_str().cmp(&a["created_at"].as_str()));
        if !theirs.is_empty() {
            text.push_str("\n## Notes\n");
        }
        for n in theirs {
            text.push_str(&format!(
                "\n### {}\n\n{}\n",
                n["created_at"]
                    .as_str()
                    .unwrap_or("")
                    .get(..10)
                    .unwrap_or(""),
                n["body"].as_str().unwrap_or("").trim_end()
            ));
            summary.notes += 1;
        }
        let name = format!("{slug_name}-{id}.md");
        write_new(&dir.join("people").join(name), text.as_bytes())?;
        summary.people += 1;
        summary.files += 1;
    }
    fsutil::sync_dir(dir).map_err(io)?;
    Ok(summary)
}

fn write_new(path: &Path, bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    let io = |e: std::io::Error| Error::io("write the export", &e);
    let mut f = fsutil::create_private(path).map_err(io)?;
    f.write_all(bytes).map_err(io)?;
    f.sync_all().map_err(io)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attachment_references_become_relative_links_and_nothing_else_changes() {
        let path_of = |id: i64| (id == 12).then(|| "e-files/12-pier photo.jpg".to_owned());
        assert_eq!(
            link_attachments(
                "![](attachment:12) ![](attachment:1) (attachment:12x) (attachment:) ![a](attachment:12)",
                &path_of
            ),
            "![](<e-files/12-pier photo.jpg>) ![](attachment:1) (attachment:12x) (attachment:) ![a](<e-files/12-pier photo.jpg>)"
        );
    }

    #[test]
    fn slugs_keep_letters_of_any_script() {
        assert_eq!(slug("River walk, at dusk!"), "river-walk-at-dusk");
        assert_eq!(slug("Zürich 🙂 שלום"), "zürich-שלום");
        assert_eq!(slug("../../etc/passwd"), "etc-passwd");
        assert_eq!(slug("🙂"), "");
    }
}
