//! Reflection: the home screen, check-ins and depth, the map, moments,
//! love maps, important dates, prompts and a person's timeline.

use chrono::NaiveDate;
use kindred_core::model::Proximity;
use kindred_core::reflection::calendar::{CalendarDay, CalendarDayDetail};
use kindred_core::reflection::{
    self, DailyPrompt, DepthSummary, ImportantDate, LoveMapItem, MapPoint, MomentKind,
    ProximityChange, Quadrant, Theme, TimelineCursor, TimelinePage, Today, Topic,
};
use serde::Serialize;
use tauri::State;

use super::args::CheckinInput;
use crate::error::IpcResult;
use crate::state::AppState;

/// A value the core stores as a code, with its words.
#[derive(Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Word<T> {
    /// The code, as the core serializes it.
    pub value: T,
    /// Words for people.
    pub label: &'static str,
}

/// A quadrant of the map with its name and gentle sentence.
#[derive(Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct QuadrantWords {
    /// The code (`near-and-close` …).
    pub value: Quadrant,
    /// Its name, in the product's words.
    pub name: &'static str,
    /// What it may mean.
    pub meaning: &'static str,
}

/// The core's words for reflection, so the UI never keeps a second copy.
#[derive(Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Vocabulary {
    /// Kinds of moment.
    pub moment_kinds: Vec<Word<&'static str>>,
    /// Love-map topics, in display order.
    pub topics: Vec<Word<Topic>>,
    /// Prompt themes.
    pub themes: Vec<Word<Theme>>,
    /// The map's quadrants.
    pub quadrants: Vec<QuadrantWords>,
    /// Depth at or above which the map counts someone as close.
    pub close_at: f64,
    /// The farthest proximity that still counts as near.
    pub near_from: Proximity,
    /// Love-map items older than this many days are marked.
    pub stale_after_days: i64,
}

#[tauri::command]
pub async fn vocabulary() -> IpcResult<Vocabulary> {
    Ok(Vocabulary {
        moment_kinds: MomentKind::ALL
            .iter()
            .map(|k| Word {
                value: k.as_str(),
                label: k.label(),
            })
            .collect(),
        topics: Topic::ALL
            .iter()
            .map(|t| Word {
                value: *t,
                label: t.label(),
            })
            .collect(),
        themes: Theme::ALL
            .iter()
            .map(|t| Word {
                value: *t,
                label: t.label(),
            })
            .collect(),
        quadrants: Quadrant::ALL
            .iter()
            .map(|q| QuadrantWords {
                value: *q,
                name: q.name(),
                meaning: q.meaning(),
            })
            .collect(),
        close_at: reflection::depth::CLOSE_AT,
        near_from: Proximity::Weekly,
        stale_after_days: reflection::STALE_AFTER_DAYS,
    })
}

#[tauri::command]
pub async fn today(state: State<'_, AppState>) -> IpcResult<Today> {
    state.with_vault(|v| v.reflection().today())
}

#[tauri::command]
pub async fn prompt_for(state: State<'_, AppState>, person_id: i64) -> IpcResult<DailyPrompt> {
    state.with_vault(|v| v.reflection().prompt_for(person_id))
}

#[tauri::command]
pub async fn check_in(
    state: State<'_, AppState>,
    person_id: i64,
    checkin: CheckinInput,
) -> IpcResult<i64> {
    let draft = checkin.draft(person_id);
    state.with_vault(|v| v.reflection().check_in(&draft))
}

#[tauri::command]
pub async fn depth(state: State<'_, AppState>, person_id: i64) -> IpcResult<DepthSummary> {
    state.with_vault(|v| v.reflection().depth(person_id))
}

#[tauri::command]
pub async fn map(state: State<'_, AppState>) -> IpcResult<Vec<MapPoint>> {
    state.with_vault(|v| v.reflection().map())
}

#[tauri::command]
pub async fn proximity_history(
    state: State<'_, AppState>,
    person_id: i64,
) -> IpcResult<Vec<ProximityChange>> {
    state.with_vault(|v| v.reflection().proximity_history(person_id))
}

#[tauri::command]
pub async fn add_moment(
    state: State<'_, AppState>,
    person_id: i64,
    kind: String,
    date: Option<NaiveDate>,
    note: String,
) -> IpcResult<i64> {
    let kind = MomentKind::parse(&kind)?;
    state.with_vault(|v| v.reflection().add_moment(person_id, kind, date, &note))
}

#[tauri::command]
pub async fn trash_moment(state: State<'_, AppState>, id: i64) -> IpcResult<()> {
    state.with_vault(|v| v.reflection().trash_moment(id))
}

#[tauri::command]
pub async fn restore_moment(state: State<'_, AppState>, id: i64) -> IpcResult<()> {
    state.with_vault(|v| v.reflection().restore_moment(id))
}

#[tauri::command]
pub async fn trash_checkin(state: State<'_, AppState>, id: i64) -> IpcResult<()> {
    state.with_vault(|v| v.reflection().trash_checkin(id))
}

#[tauri::command]
pub async fn restore_checkin(state: State<'_, AppState>, id: i64) -> IpcResult<()> {
    state.with_vault(|v| v.reflection().restore_checkin(id))
}

#[tauri::command]
pub async fn love_map(state: State<'_, AppState>, person_id: i64) -> IpcResult<Vec<LoveMapItem>> {
    state.with_vault(|v| v.reflection().love_map(person_id))
}

#[tauri::command]
pub async fn set_love_map(
    state: State<'_, AppState>,
    person_id: i64,
    topic: String,
    text: String,
) -> IpcResult<()> {
    let topic = Topic::parse(&topic)?;
    state.with_vault(|v| v.reflection().set_love_map(person_id, topic, &text))
}

#[tauri::command]
pub async fn important_dates(
    state: State<'_, AppState>,
    person_id: i64,
) -> IpcResult<Vec<ImportantDate>> {
    state.with_vault(|v| v.reflection().important_dates(person_id))
}

#[tauri::command]
pub async fn add_important_date(
    state: State<'_, AppState>,
    person_id: i64,
    label: String,
    month: u32,
    day: u32,
    year: Option<i32>,
) -> IpcResult<i64> {
    state.with_vault(|v| {
        v.reflection()
            .add_important_date(person_id, &label, month, day, year)
    })
}

#[tauri::command]
pub async fn remove_important_date(state: State<'_, AppState>, id: i64) -> IpcResult<()> {
    state.with_vault(|v| v.reflection().remove_important_date(id))
}

/// The days of a month with something on them: entries, check-ins and
/// moments, counted.
#[tauri::command]
pub async fn calendar_month(
    state: State<'_, AppState>,
    year: i32,
    month: u32,
) -> IpcResult<Vec<CalendarDay>> {
    state.with_vault(|v| v.reflection().calendar_month(year, month))
}

/// One day in full: its entries, check-ins and moments.
#[tauri::command]
pub async fn calendar_day(
    state: State<'_, AppState>,
    date: NaiveDate,
) -> IpcResult<CalendarDayDetail> {
    state.with_vault(|v| v.reflection().calendar_day(date))
}

/// A page of a person's timeline: `limit` items (default 100, at most 500)
/// after `after`, the `next` of the page before.
#[tauri::command]
pub async fn timeline(
    state: State<'_, AppState>,
    person_id: i64,
    limit: Option<u32>,
    after: Option<TimelineCursor>,
) -> IpcResult<TimelinePage> {
    state.with_vault(|v| v.reflection().timeline(person_id, limit, after.as_ref()))
}
