//! `checkin`, `moment`, `lovemap`, `map`, `prompt`, `today`, `timeline`,
//! `person date`.

use chrono::NaiveDate;
use kindred_core::model::Proximity;
use kindred_core::reflection::{
    CheckinDraft, Dimensions, MomentKind, Quadrant, TimelineItem, Topic,
};
use kindred_core::Error;
use serde_json::json;

use crate::cli::CheckinArgs;
use crate::ctx::Ctx;
use crate::output::{self, notice};

type Result<T = ()> = std::result::Result<T, Error>;

fn depth_words(d: Option<f64>) -> String {
    d.map_or("not yet reflected".into(), |v| format!("{v:.0}/100"))
}

pub fn checkin(ctx: &Ctx, name: &str, a: CheckinArgs, as_json: bool) -> Result {
    let vault = ctx.open()?;
    let p = vault.people().resolve(name)?;
    let r = vault.reflection();
    let id = r.check_in(&CheckinDraft {
        person_id: p.id,
        at: None,
        dims: Dimensions {
            seen: a.seen,
            heard: a.heard,
            understood: a.understood,
            safe: a.safe,
            trust: a.trust,
            they_showed_up: a.they_showed_up,
            i_showed_up: a.i_showed_up,
        },
        ios: a.ios,
        note: a.note.unwrap_or_default(),
    })?;
    let depth = r.depth(p.id)?;
    if as_json {
        return output::json(&json!({ "id": id, "person": p.name, "depth": depth }));
    }
    let mut line = format!(
        "Saved check-in {id} with {}. Depth now: {}",
        p.name,
        depth_words(depth.depth)
    );
    if let Some(ios) = depth.ios {
        line.push_str(&format!("; circles: {ios} of 7"));
    }
    output::line(&format!("{line}."))
}

pub fn moment(
    ctx: &Ctx,
    name: &str,
    kind: &str,
    note: Option<String>,
    date: Option<NaiveDate>,
    as_json: bool,
) -> Result {
    let kind = MomentKind::parse(kind)?;
    let vault = ctx.open()?;
    let p = vault.people().resolve(name)?;
    let id = vault
        .reflection()
        .add_moment(p.id, kind, date, note.as_deref().unwrap_or(""))?;
    if as_json {
        return output::json(&json!({ "id": id }));
    }
    output::line(&id.to_string())
}

pub fn lovemap(
    ctx: &Ctx,
    name: &str,
    topic: Option<&str>,
    text: Option<&str>,
    as_json: bool,
) -> Result {
    let topic = topic.map(Topic::parse).transpose()?;
    if topic.is_some() && text.is_none() {
        return Err(Error::InvalidInput(
            "Give the text after the topic, e.g. `kindred lovemap Sam hoping \"a job near the sea\"` (\"\" clears it).".into(),
        ));
    }
    let vault = ctx.open()?;
    let p = vault.people().resolve(name)?;
    let r = vault.reflection();
    if let (Some(t), Some(text)) = (topic, text) {
        r.set_love_map(p.id, t, text)?;
    }
    let items = r.love_map(p.id)?;
    if as_json {
        return output::json(&json!({ "person": p.name, "items": items }));
    }
    let mut out = format!("{}'s love map\n", p.name);
    for t in Topic::ALL {
        match items.iter().find(|i| i.topic == t) {
            Some(i) => out.push_str(&format!(
                "  {}: {}{}\n",
                t.label(),
                i.text,
                if i.stale {
                    format!(
                        "  (last updated {}: do you still know?)",
                        i.updated_at.format("%Y-%m-%d")
                    )
                } else {
                    String::new()
                }
            )),
            None => out.push_str(&format!("  {}: —\n", t.label())),
        }
    }
    output::out(&out)
}

pub fn map(ctx: &Ctx, as_json: bool) -> Result {
    let vault = ctx.open()?;
    let points = vault.reflection().map()?;
    if as_json {
        return output::json(&points);
    }
    if points.is_empty() {
        notice("Nobody yet. Add someone with `kindred person add NAME`.");
    }
    let mut out = String::new();
    for q in Quadrant::ALL {
        let here: Vec<_> = points.iter().filter(|p| p.quadrant == Some(q)).collect();
        if here.is_empty() {
            continue;
        }
        out.push_str(&format!("{}\n  {}\n", q.name(), q.meaning()));
        for p in here {
            out.push_str(&format!(
                "    {:<24} {:<20} depth {}\n",
                p.name,
                p.proximity.map(Proximity::label).unwrap_or("-"),
                depth_words(p.depth)
            ));
        }
        out.push('\n');
    }
    let unplaced: Vec<_> = points.iter().filter(|p| p.quadrant.is_none()).collect();
    if !unplaced.is_empty() {
        out.push_str("Not on the map yet (set their proximity, or check in)\n");
        for p in unplaced {
            out.push_str(&format!(
                "    {:<24} {:<20} depth {}\n",
                p.name,
                p.proximity
                    .map(Proximity::label)
                    .unwrap_or("proximity not set"),
                depth_words(p.depth)
            ));
        }
    }
    output::out(&out)
}

pub fn prompt(ctx: &Ctx, person: Option<&str>, as_json: bool) -> Result {
    let vault = ctx.open()?;
    let r = vault.reflection();
    let p = match person {
        Some(name) => r.prompt_for(vault.people().resolve(name)?.id)?,
        None => r.prompt_of_the_day()?,
    };
    if as_json {
        return output::json(&p);
    }
    output::line(&plain(&p.text))?;
    notice(&format!(
        "Answer it with: kindred write --prompt {}{}",
        p.id,
        p.person
            .as_ref()
            .map(|x| format!(" --person '#{}'", x.id))
            .unwrap_or_default()
    ));
    Ok(())
}

pub fn today(ctx: &Ctx, as_json: bool) -> Result {
    let vault = ctx.open()?;
    let t = vault.reflection().today()?;
    if as_json {
        return output::json(&t);
    }
    let mut out = format!(
        "{}\n\n{}\n",
        t.date.format("%A, %-d %B %Y"),
        plain(&t.prompt.text)
    );
    if !t.reach_out.is_empty() {
        out.push_str("\nReach out\n");
        for r in &t.reach_out {
            out.push_str(&format!(
                "  {} — last together {} days ago (you hoped for about every {})\n",
                r.person.name, r.days_since, r.cadence_days
            ));
            if let Some(m) = &r.last_moment {
                out.push_str(&format!(
                    "      last moment: {} ({})\n",
                    m.kind.label(),
                    m.date
                ));
            }
            if let Some(d) = &r.next_date {
                out.push_str(&format!(
                    "      {} in {} days ({})\n",
                    d.label, d.in_days, d.date
                ));
            }
            if !r.stale_love_map.is_empty() {
                let topics: Vec<&str> = r.stale_love_map.iter().map(|t| t.as_str()).collect();
                out.push_str(&format!(
                    "      you may be out of date on: {}\n",
                    topics.join(", ")
                ));
            }
        }
    }
    if !t.on_this_day.is_empty() {
        out.push_str("\nOn this day\n");
        for o in &t.on_this_day {
            out.push_str(&format!(
                "  {} ({} years ago): {}\n",
                o.date, o.years_ago, o.summary
            ));
            for p in &o.people {
                out.push_str(&format!(
                    "      {}: depth then {}, now {}\n",
                    p.person.name,
                    depth_words(p.then),
                    depth_words(p.now)
                ));
            }
        }
    }
    if !t.recent_entries.is_empty() {
        out.push_str("\nRecent entries\n");
        for e in &t.recent_entries {
            out.push_str(&format!("  {:>6}  {}  {}\n", e.id, e.date, e.title));
        }
    }
    output::out(&out)
}

pub fn timeline(ctx: &Ctx, name: &str, as_json: bool) -> Result {
    let vault = ctx.open()?;
    let p = vault.people().resolve(name)?;
    // The whole timeline, page by page.
    let mut items = Vec::new();
    let mut after = None;
    loop {
        let page = vault
            .reflection()
            .timeline(p.id, Some(500), after.as_ref())?;
        items.extend(page.items);
        match page.next {
            Some(next) => after = Some(next),
            None => break,
        }
    }
    if as_json {
        return output::json(&items);
    }
    let mut out = String::new();
    for i in &items {
        let line = match i {
            TimelineItem::Note { at, body, .. } => {
                format!("{}  note     {}", at.format("%Y-%m-%d"), one_line(body))
            }
            TimelineItem::Moment(m) => format!(
                "{}  moment   {}{}",
                m.date,
                m.kind.label(),
                if m.note.is_empty() {
                    String::new()
                } else {
                    format!(": {}", one_line(&m.note))
                }
            ),
            TimelineItem::Checkin(c) => format!(
                "{}  check-in {}{}",
                c.at.format("%Y-%m-%d"),
                c.score
                    .map_or("(circles only)".into(), |s| format!("{s:.0}/100")),
                if c.note.is_empty() {
                    String::new()
                } else {
                    format!(": {}", one_line(&c.note))
                }
            ),
            TimelineItem::Entry(e) => format!(
                "{}  entry    {}",
                e.date,
                if e.title.is_empty() {
                    one_line(&e.excerpt)
                } else {
                    e.title.clone()
                }
            ),
        };
        out.push_str(&line);
        out.push('\n');
    }
    output::out(&out)
}

/// Terminals handle bidirectional isolates poorly; the UI keeps them.
fn plain(s: &str) -> String {
    s.replace(['\u{2068}', '\u{2069}'], "")
}

fn one_line(s: &str) -> String {
    let l = s.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    l.chars().take(80).collect()
}

pub fn important_date(ctx: &Ctx, name: &str, label: &str, on: &str) -> Result {
    let bad = || {
        Error::InvalidInput("Write the date as MM-DD, or YYYY-MM-DD when the year is known.".into())
    };
    let parts: Vec<&str> = on.trim().split('-').collect();
    let (year, month, day) = match parts.as_slice() {
        [m, d] => (
            None,
            m.parse().map_err(|_| bad())?,
            d.parse().map_err(|_| bad())?,
        ),
        [y, m, d] => (
            Some(y.parse().map_err(|_| bad())?),
            m.parse().map_err(|_| bad())?,
            d.parse().map_err(|_| bad())?,
        ),
        _ => return Err(bad()),
    };
    let vault = ctx.open()?;
    let p = vault.people().resolve(name)?;
    vault
        .reflection()
        .add_important_date(p.id, label, month, day, year)?;
    notice(&format!("Saved {label} for {}.", p.name));
    Ok(())
}
