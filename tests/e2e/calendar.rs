//! The calendar in the real window: days marked by what happened on them,
//! the chosen day listed beside, every move by keyboard (arrows by day and
//! week, Page Up and Page Down by month, Home and End to the week's ends),
//! and an entry written for a day chosen there.

use chrono::{Datelike, Days, Local, Months, NaiveDate};
use kindred_core::model::{EntryDraft, Proximity};
use kindred_core::reflection::{CheckinDraft, Dimensions, MomentKind};

use crate::util::{person, run, unlock_with_passphrase, App, Sandbox, CTRL, R, RELEASE};

const LEFT: &str = "\u{E012}";
const UP: &str = "\u{E013}";
const RIGHT: &str = "\u{E014}";
const DOWN: &str = "\u{E015}";
const PAGE_UP: &str = "\u{E00E}";
const PAGE_DOWN: &str = "\u{E00F}";
const HOME: &str = "\u{E011}";
const END: &str = "\u{E010}";

/// Waits until `date` is the chosen day, focused, with its day listed.
async fn chosen(app: &App, date: NaiveDate) -> R {
    app.wait_js(
        &format!("{date} chosen"),
        &format!(
            "(() => {{ const b = document.querySelector('td[aria-selected=true] button');
                return b && b.dataset.date === '{date}' && document.activeElement === b
                  && /{}/.test(document.querySelector('#calendar-day-title').textContent); }})()",
            date.year()
        ),
    )
    .await
}

#[test]
fn the_calendar_marks_days_and_moves_by_keyboard() {
    run(|| async {
        let sb = Sandbox::new()?;
        let today = Local::now().date_naive();
        let month_ago = today
            .checked_sub_months(Months::new(1))
            .ok_or("no month before")?;
        // A day of this month with nothing on it, to write for.
        let free = if today.day() > 1 {
            today - Days::new(1)
        } else {
            today + Days::new(1)
        };
        sb.seed(|v| {
            let kit = person(v, "Kit Moreau", "friend", Proximity::Weekly)?;
            v.journal().write(&EntryDraft {
                title: "Harbour walk".into(),
                body: "Out along the pier.".into(),
                people: vec![kit],
                ..EntryDraft::default()
            })?;
            v.journal().write(&EntryDraft {
                date: Some(month_ago),
                title: "A month ago".into(),
                body: "Rain all day.".into(),
                ..EntryDraft::default()
            })?;
            v.reflection()
                .add_moment(kit, MomentKind::TheyShowedUp, None, "brought soup")?;
            v.reflection().check_in(&CheckinDraft {
                person_id: kit,
                at: None,
                dims: Dimensions {
                    seen: Some(4),
                    ..Dimensions::default()
                },
                ios: None,
                note: "long talk".into(),
            })?;
            Ok(())
        })?;
        let app = sb.launch().await?;
        unlock_with_passphrase(&app).await?;
        app.wait("#home").await?;
        app.keys(&format!("{CTRL}7{RELEASE}")).await?;
        app.wait("#calendar-grid").await?;

        // Today: marked with all three, listed beside.
        let cell = format!("button[data-date='{today}']");
        app.wait_js(
            "today's marks",
            &format!(
                "(() => {{ const b = document.querySelector(\"{cell}\");
                    return b && /1 entry, 1 check-in, 1 moment/.test(b.getAttribute('aria-label'))
                      && b.querySelectorAll('.calendar-marks span').length === 3
                      && b.getAttribute('aria-current') === 'date'; }})()"
            ),
        )
        .await?;
        app.wait_text("#calendar-day", "Harbour walk").await?;
        app.wait_text("#calendar-day", "Kit Moreau — long talk")
            .await?;
        app.wait_text("#calendar-day", "They showed up").await?;
        app.screenshot("60-calendar").await?;

        // Keyboard only from here: the chosen day is the one tab stop.
        app.click(&cell).await?;
        chosen(&app, today).await?;
        app.keys(PAGE_UP).await?;
        chosen(&app, month_ago).await?;
        app.wait_text("#calendar-day", "A month ago").await?;
        app.keys(PAGE_DOWN).await?;
        chosen(&app, today).await?;
        app.keys(RIGHT).await?;
        chosen(&app, today + Days::new(1)).await?;
        app.keys(DOWN).await?;
        chosen(&app, today + Days::new(8)).await?;
        app.keys(UP).await?;
        chosen(&app, today + Days::new(1)).await?;
        app.keys(LEFT).await?;
        chosen(&app, today).await?;
        // Home and End: the first and last cells of the week's row.
        app.keys(HOME).await?;
        app.wait_js(
            "the week's first day",
            "(() => { const td = document.querySelector('td[aria-selected=true]');
                return td && !td.previousElementSibling && document.activeElement === td.firstElementChild; })()",
        )
        .await?;
        app.keys(END).await?;
        app.wait_js(
            "the week's last day",
            "(() => { const td = document.querySelector('td[aria-selected=true]');
                return td && !td.nextElementSibling && document.activeElement === td.firstElementChild; })()",
        )
        .await?;
        let tabbable: i64 = app
            .js("return document.querySelectorAll('#calendar-grid button[tabindex=\"0\"]').length")
            .await?
            .as_i64()
            .unwrap_or(0);
        assert_eq!(tabbable, 1, "one tab stop in the grid");

        // Write for a free day of this month, chosen there.
        app.click(&format!("button[data-date='{free}']")).await?;
        chosen(&app, free).await?;
        app.wait_text("#calendar-day", "Nothing written").await?;
        app.click("#calendar-write").await?;
        app.wait_js(
            "a new entry for that day",
            &format!("document.querySelector('#entry-date').value === '{free}'"),
        )
        .await?;
        app.type_into("#entry-body", "Written from the calendar.")
            .await?;
        app.wait_text(".save-state", "Saved").await?;
        app.keys(&format!("{CTRL}7{RELEASE}")).await?;
        app.wait_js(
            "the day now marked",
            &format!(
                "(() => {{ const b = document.querySelector(\"button[data-date='{free}']\");
                    return b && /1 entry/.test(b.getAttribute('aria-label')); }})()"
            ),
        )
        .await?;
        app.quit().await
    });
}
