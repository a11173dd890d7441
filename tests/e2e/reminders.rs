//! Gentle reminders in the real app: both off by default; turned on in
//! Settings, they come as desktop notifications, recorded here by a
//! stand-in `org.freedesktop.Notifications` on the suite's private session
//! bus (every `Notify` call, its summary and body). The evening nudge
//! never quotes the journal and is skipped on a day already written; the
//! weekly digest names people only when allowed.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::{Datelike, Local};
use kindred_core::model::{PersonDraft, Proximity};

use crate::util::{entry, run, unlock_with_passphrase, App, Sandbox, R};

/// What the stand-in notification server was asked to show.
#[derive(Clone, Default)]
struct Recorder(Arc<Mutex<Vec<(String, String)>>>);

#[zbus::interface(name = "org.freedesktop.Notifications")]
impl Recorder {
    #[allow(clippy::too_many_arguments)]
    fn notify(
        &self,
        _app_name: String,
        _replaces_id: u32,
        _app_icon: String,
        summary: String,
        body: String,
        _actions: Vec<String>,
        _hints: HashMap<String, zbus::zvariant::OwnedValue>,
        _expire_timeout: i32,
    ) -> u32 {
        let mut seen = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        seen.push((summary, body));
        u32::try_from(seen.len()).unwrap_or(u32::MAX)
    }

    fn get_capabilities(&self) -> Vec<String> {
        vec!["body".into()]
    }

    fn get_server_information(&self) -> (String, String, String, String) {
        (
            "recorder".into(),
            "kindred-e2e".into(),
            "1".into(),
            "1.2".into(),
        )
    }

    fn close_notification(&self, _id: u32) {}
}

impl Recorder {
    fn bodies(&self) -> Vec<String> {
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .iter()
            .map(|(_, b)| b.clone())
            .collect()
    }

    /// Waits for `n` notifications in all.
    async fn wait_for(&self, n: usize, what: &str) -> R<Vec<String>> {
        let start = Instant::now();
        loop {
            let b = self.bodies();
            if b.len() >= n {
                return Ok(b);
            }
            if start.elapsed() > Duration::from_secs(20) {
                return Err(format!("{what}: notifications so far: {b:?}").into());
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }
}

/// Maya Lin, past her rhythm: one day, and the last time together a
/// month back (a person with no contact counts from the day they were
/// added, which is today).
fn past_her_rhythm(v: &kindred_core::Vault) -> R {
    let maya = v.people().add(&PersonDraft {
        name: "Maya Lin".into(),
        proximity: Some(Proximity::FarAway),
        cadence_days: Some(1),
        ..PersonDraft::default()
    })?;
    v.reflection().add_moment(
        maya,
        kindred_core::reflection::MomentKind::TheyShowedUp,
        Local::now()
            .date_naive()
            .checked_sub_days(chrono::Days::new(30)),
        "",
    )?;
    Ok(())
}

/// Serves the recorder on the session bus for as long as it is kept.
fn serve(r: &Recorder) -> R<zbus::blocking::Connection> {
    Ok(zbus::blocking::connection::Builder::session()?
        .name("org.freedesktop.Notifications")?
        .serve_at("/org/freedesktop/Notifications", r.clone())?
        .build()?)
}

/// Sets the reminders through Settings, as the user would: the evening
/// nudge and the weekly digest both due now (this minute, today).
async fn turn_on_now(app: &App, names: bool) -> R {
    let now = Local::now();
    let hhmm = now.format("%H:%M").to_string();
    app.click("button[data-view=settings]").await?;
    app.wait("#reminder-evening").await?;
    let set = format!(
        "const v = (id, val) => {{ const e = document.getElementById(id); e.value = val; }};
         v('reminder-evening-time', '{hhmm}'); v('reminder-weekly-time', '{hhmm}');
         v('reminder-weekly-day', '{}');
         return null;",
        now.weekday().number_from_monday()
    );
    app.js(&set).await?;
    app.click("#reminder-evening").await?;
    // Each click saves, and the weekly digest can go out as soon as it is
    // on: names are allowed first, so it is never sent without them.
    if names {
        app.click("#reminder-names").await?;
    }
    app.click("#reminder-weekly").await?;
    app.wait_text("#toasts", "Reminders saved").await?;
    Ok(())
}

#[test]
fn reminders_are_off_until_chosen_and_say_nothing_private() {
    run(|| async {
        // Near midnight a reminder set for "now" would run into the next
        // day under the test; wait that minute out.
        while Local::now().format("%H:%M").to_string() == "23:59" {
            tokio::time::sleep(Duration::from_secs(5)).await;
        }
        let recorder = Recorder::default();
        let _server = serve(&recorder)?;
        let sb = Sandbox::new()?;
        sb.seed(past_her_rhythm)?;
        let app = sb.launch().await?;
        unlock_with_passphrase(&app).await?;
        // Off by default: nothing comes.
        app.click("button[data-view=settings]").await?;
        let evening = app.wait("#reminder-evening").await?;
        assert_eq!(evening.prop("checked").await?.as_deref(), Some("false"));
        app.wait_text("#reminders-when", "only while Kindred is running")
            .await?;
        tokio::time::sleep(Duration::from_secs(3)).await;
        assert!(recorder.bodies().is_empty(), "{:?}", recorder.bodies());

        turn_on_now(&app, false).await?;
        let bodies = recorder
            .wait_for(2, "the evening nudge and the digest")
            .await?;
        assert!(
            bodies.iter().any(|b| b.contains("your journal is here")),
            "{bodies:?}"
        );
        let digest = bodies
            .iter()
            .find(|b| b.contains("reach out"))
            .ok_or_else(|| format!("no digest: {bodies:?}"))?;
        assert!(
            !digest.contains("Maya"),
            "a name without the opt-in: {digest}"
        );
        assert!(digest.contains("someone you care about"), "{digest}");
        app.js("document.querySelector('#reminders-title').scrollIntoView({ block: 'start' }); return null;")
            .await?;
        app.screenshot("70-settings-reminders").await?;
        // Once a day: no second nudge.
        tokio::time::sleep(Duration::from_secs(3)).await;
        assert_eq!(recorder.bodies().len(), 2, "{:?}", recorder.bodies());
        app.quit().await?;

        // A day already written: no nudge; with names allowed, the digest
        // names her, and never quotes the entry.
        let recorder2 = Recorder::default();
        drop(_server);
        let _server = serve(&recorder2)?;
        let sb = Sandbox::new()?;
        sb.seed(|v| {
            past_her_rhythm(v)?;
            entry(v, "Today", "The secret word is quince.", vec![])?;
            Ok(())
        })?;
        let app = sb.launch().await?;
        unlock_with_passphrase(&app).await?;
        turn_on_now(&app, true).await?;
        let bodies = recorder2.wait_for(1, "the digest").await?;
        tokio::time::sleep(Duration::from_secs(3)).await;
        let bodies = if recorder2.bodies().len() > bodies.len() {
            recorder2.bodies()
        } else {
            bodies
        };
        assert_eq!(bodies.len(), 1, "no nudge on a day written: {bodies:?}");
        assert!(bodies[0].contains("Maya Lin"), "{bodies:?}");
        assert!(
            bodies.iter().all(|b| !b.contains("quince")),
            "journal text in a notification: {bodies:?}"
        );
        app.quit().await
    });
}
