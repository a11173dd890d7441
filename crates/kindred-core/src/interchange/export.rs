//! Exports: everything as one JSON document (the shape `import --from
//! kindred` reads back), or a folder of Markdown files with YAML front
//! matter. Both are plaintext; files are created readable by their owner
//! only, in a folder or file that must not exist yet.

use std::collections::BTreeMap;
use std::path::Path;

use rusqlite::Connection;
use serde::Serialize;
use serde_json::{json, Value};

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
    Ok(doc)
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

/// Writes everything to `file` as JSON.
pub fn export_json(conn: &Connection, exported_at: &str, file: &Path) -> Result<ExportSummary> {
    refuse_existing(file)?;
    let tx = conn.unchecked_transaction()?; // one consistent read
    let doc = document(&tx, exported_at)?;
    drop(tx);
    let count = |k: &str| doc[k].as_array().map_or(0, Vec::len);
    let summary = ExportSummary {
        entries: count("entries"),
        people: count("people"),
        notes: count("notes"),
        files: 1,
    };
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
pub fn export_markdown(conn: &Connection, dir: &Path) -> Result<ExportSummary> {
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
        write_new(&folder.join(name), format!("{head}\n{body}").as_bytes())?;
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
        let name = format!("{}-{id}.md", slug(p["name"].as_str().unwrap_or("person")));
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
    fn slugs_keep_letters_of_any_script() {
        assert_eq!(slug("River walk, at dusk!"), "river-walk-at-dusk");
        assert_eq!(slug("Zürich 🙂 שלום"), "zürich-שלום");
        assert_eq!(slug("../../etc/passwd"), "etc-passwd");
        assert_eq!(slug("🙂"), "");
    }
}
