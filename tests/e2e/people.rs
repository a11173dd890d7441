//! People: adding someone, notes and @-mentions, and their page
//! (moments, love map, rhythm, proximity history).

use kindred_core::model::Proximity;

use crate::util::{entry, person, run, unlock_with_passphrase, Sandbox, CTRL, ENTER, RELEASE};

#[test]
fn person_note_and_mention() {
    run(|| async {
        let sb = Sandbox::new()?;
        sb.seed(|_| Ok(()))?;
        let app = sb.launch().await?;
        unlock_with_passphrase(&app).await?;

        app.click("button[data-view=people]").await?;
        app.type_into("#person-name", "Maya Lin").await?;
        app.type_into("#person-relationship", "old friend").await?;
        app.wait("#person-proximity")
            .await?
            .select_by_value("far-away")
            .await?;
        app.click("#add-person").await?;
        app.wait_text("#person-title", "Maya Lin").await?;

        app.click("#note-details summary").await?;
        app.type_into("#note-body", "Loves night swimming; ask about the new job.")
            .await?;
        app.click("#add-note").await?;
        app.wait_text("#timeline", "night swimming").await?;

        app.keys(&format!("{CTRL}2{RELEASE}")).await?;
        app.click("#new-entry").await?;
        app.type_into("#entry-body", "Long call with @Maya").await?;
        // The suggestion list offers her; Enter completes the name.
        app.wait_text("#mention-suggestions", "Maya Lin").await?;
        app.keys(ENTER).await?;
        app.keys("about moving back.").await?;
        app.wait_text("#entry-people", "Maya Lin").await?;
        app.wait_text(".save-state", "Saved").await?;

        app.click("button[data-view=people]").await?;
        app.wait_text("#people-list", "Far away").await?;
        app.click(".person-card").await?;
        app.wait_text("#timeline", "Long call with @Maya Lin about moving back.")
            .await?;
        app.wait_text("#timeline", "night swimming").await?;
        app.screenshot("06-person").await?;
        app.quit().await
    });
}

#[test]
fn moment_love_map_and_rhythm_on_the_person_page() {
    run(|| async {
        let sb = Sandbox::new()?;
        sb.seed(|v| {
            let maya = person(v, "Maya Lin", "old friend", Proximity::FarAway)?;
            entry(
                v,
                "Call with Maya",
                "Two hours on the phone with @Maya Lin.",
                vec![maya],
            )?;
            v.people()
                .add_note(maya, "Starting the new job in Lisbon.")?;
            Ok(())
        })?;
        let app = sb.launch().await?;
        unlock_with_passphrase(&app).await?;
        app.click("button[data-view=people]").await?;
        app.click(".person-card").await?;
        app.wait_text("#timeline", "Call with Maya").await?;

        app.wait("#moment-kind")
            .await?
            .select_by_value("repair")
            .await?;
        app.type_into(
            "#moment-note",
            "Coffee after the argument; we both said sorry.",
        )
        .await?;
        app.click("#log-moment").await?;
        app.wait_text("#timeline", "A repair").await?;
        app.wait_text("#timeline", "Coffee after the argument")
            .await?;
        // One timeline: the moment, the note and the entry, newest first.
        let kinds = app
            .js("return Array.from(document.querySelectorAll('#timeline .tl-item')).map(li => li.dataset.type);")
            .await?;
        let kinds: Vec<String> = serde_json::from_value(kinds)?;
        for k in ["moment", "note", "entry"] {
            assert!(
                kinds.iter().any(|x| x == k),
                "{k} on the timeline: {kinds:?}"
            );
        }
        app.screenshot("19-moment-on-timeline").await?;

        // The love map: an answer with its date; empty topics say so.
        app.click("#love-map [data-topic=carrying] button").await?;
        app.type_into("#lm-carrying", "A new city and a new language.")
            .await?;
        app.click("#love-map [data-topic=carrying] button[type=submit]")
            .await?;
        app.wait_text("#love-map [data-topic=carrying]", "A new city")
            .await?;
        app.wait_text("#love-map [data-topic=carrying]", "Updated just now")
            .await?;
        app.wait_text("#love-map [data-topic=hoping]", "Not noted yet")
            .await?;

        // A rhythm and a change of proximity (people move).
        app.click("#edit-details summary").await?;
        app.wait("#edit-proximity")
            .await?
            .select_by_value("weekly")
            .await?;
        app.type_into("#edit-cadence", "14").await?;
        app.click("#save-person").await?;
        app.wait_text("#fact-cadence", "about every 2 weeks")
            .await?;
        app.wait_text("#fact-proximity", "About weekly").await?;
        app.wait_text("#proximity-history", "About weekly").await?;
        app.wait_text("#proximity-history", "Far away").await?;
        app.screenshot("20-love-map-and-rhythm").await?;

        // A moment moved to the trash comes back from the toast.
        app.click("#timeline [data-type=moment] button").await?;
        app.wait_text("#toasts", "moved to the trash").await?;
        app.wait_js(
            "the moment gone",
            "!document.querySelector('#timeline').textContent.includes('A repair')",
        )
        .await?;
        app.click(".toast button.link").await?;
        app.wait_text("#timeline", "A repair").await?;
        app.quit().await
    });
}

/// A person mentioned in years of entries: their page opens with the
/// first page of the timeline, older items come as it is scrolled (or by
/// "Show older"), in order, none twice; a change reloads as far as it was
/// read.
#[test]
fn a_long_timeline_opens_one_page_at_a_time() {
    run(|| async {
        let sb = Sandbox::new()?;
        sb.seed(|v| {
            let maya = person(v, "Maya Lin", "old friend", Proximity::FarAway)?;
            for i in 0..230u64 {
                v.journal().write(&kindred_core::model::EntryDraft {
                    date: Some(
                        chrono::NaiveDate::from_ymd_opt(2020, 1, 1).unwrap_or_default()
                            + chrono::Days::new(i / 2),
                    ),
                    title: format!("Day {i:03}"),
                    body: "with @Maya".into(),
                    people: vec![maya],
                    ..Default::default()
                })?;
            }
            v.people().add_note(maya, "The newest thing: a note.")?;
            Ok(())
        })?;
        let app = sb.launch().await?;
        unlock_with_passphrase(&app).await?;
        app.click("button[data-view=people]").await?;
        app.click(".person-card").await?;
        let count = "document.querySelectorAll('#timeline .tl-item').length";
        app.wait_js("the first page", &format!("{count} === 100"))
            .await?;
        app.js(
            "document.querySelector('#timeline-wrap .load-more').scrollIntoView(); return null;",
        )
        .await?;
        app.wait_js("the second page", &format!("{count} === 200"))
            .await?;
        app.click("#older-timeline").await?;
        app.wait_js("the last page", &format!("{count} === 231"))
            .await?;
        app.wait_js(
            "no more to load",
            "!document.querySelector('#older-timeline')",
        )
        .await?;
        let titles = app
            .js("return [...document.querySelectorAll('#timeline .tl-item')].map(e => e.querySelector('.tl-title, .note-body').textContent);")
            .await?;
        let titles: Vec<String> = serde_json::from_value(titles)?;
        assert_eq!(titles[0], "The newest thing: a note.");
        assert_eq!(titles[1], "Day 229", "then the entries, newest first");
        assert_eq!(titles[230], "Day 000");
        let mut unique = titles.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), 231, "nothing twice");
        // The note to the trash: the timeline reloads, still all of it.
        app.click("#timeline .tl-item[data-type=note] button")
            .await?;
        app.wait_js(
            "reloaded without the note",
            &format!(
                "{count} === 230 && !document.querySelector('#timeline .tl-item[data-type=note]')"
            ),
        )
        .await?;
        app.quit().await
    });
}

/// A long list of people is drawn a page at a time: the rest comes as it
/// is scrolled (or by "Show more"), everyone once.
#[test]
fn a_long_list_of_people_is_drawn_a_page_at_a_time() {
    run(|| async {
        let sb = Sandbox::new()?;
        sb.seed(|v| {
            for i in 0..230 {
                person(
                    v,
                    &format!("Person {i:03}"),
                    "friend",
                    Proximity::FewTimesAYear,
                )?;
            }
            Ok(())
        })?;
        let app = sb.launch().await?;
        unlock_with_passphrase(&app).await?;
        app.click("button[data-view=people]").await?;
        let count = "document.querySelectorAll('#people-list .person-card').length";
        app.wait_js("the first page", &format!("{count} === 100"))
            .await?;
        app.wait_text("#more-people", "130 not shown").await?;
        app.js("document.querySelector('#more-people').scrollIntoView(); return null;")
            .await?;
        app.wait_js("the second page", &format!("{count} === 200"))
            .await?;
        // The button itself. (WebDriver's click first scrolls it into view,
        // where it loads the rest by itself, and the click then lands on
        // whatever took its place: a race of the test, not of the app.)
        app.js("document.querySelector('#more-people').click(); return null;")
            .await?;
        app.wait_js("everyone", &format!("{count} === 230")).await?;
        app.wait_js("no more to show", "!document.querySelector('#more-people')")
            .await?;
        let names = app
            .js("return [...document.querySelectorAll('#people-list .person-name')].map(e => e.textContent);")
            .await?;
        let mut names: Vec<String> = serde_json::from_value(names)?;
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), 230, "everyone once");
        app.quit().await
    });
}
