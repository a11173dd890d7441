//! Reflection: check-ins with the circles and the proximity/depth map,
//! and the Today screen (prompt of the day, who to reach out to).

use kindred_core::model::Proximity;
use serde_json::Value;

use crate::util::{person, run, unlock_with_passphrase, Sandbox, ENTER, RIGHT};

#[test]
fn checkin_with_the_circles_moves_them_on_the_map() {
    run(|| async {
        let sb = Sandbox::new()?;
        let mut theo = 0;
        sb.seed(|v| {
            theo = person(v, "Theo Brandt", "colleague", Proximity::MostDays)?;
            Ok(())
        })?;
        let app = sb.launch().await?;
        unlock_with_passphrase(&app).await?;

        // No check-in yet: beside the map, not on it, and never "0".
        app.click("button[data-view=map]").await?;
        app.wait_text("#not-reflected", "Theo Brandt").await?;
        let dots = app
            .js("return document.querySelectorAll('#map-chart .dot').length;")
            .await?;
        assert_eq!(dots, Value::from(0));
        app.screenshot("15-map-not-yet-reflected").await?;

        app.click("#not-reflected button[data-person-id]").await?;
        app.wait_text("#depth-value", "Not yet reflected").await?;
        app.wait_text("#ios-value", "not yet reflected").await?;
        app.click("#checkin-open").await?;
        for q in [
            "seen",
            "heard",
            "understood",
            "safe",
            "trust",
            "they_showed_up",
            "i_showed_up",
        ] {
            app.click(&format!("label[for=q-{q}-2]")).await?;
        }
        // The circles are a radio group: a click chooses, arrow keys move.
        app.click("label[for=ios-2]").await?;
        app.js("document.querySelector('#ios-2').focus(); return null;")
            .await?;
        app.keys(RIGHT).await?;
        app.wait_js(
            "the arrow key chose the next picture",
            "document.querySelector('#ios-3').checked && !document.querySelector('#ios-2').checked",
        )
        .await?;
        let group = app
            .js("const r = document.querySelectorAll('#ios-scale input[type=radio][name=ios]'); return [r.length, document.querySelector('#ios-scale legend').textContent, document.querySelectorAll('#ios-scale svg circle').length];")
            .await?;
        assert_eq!(group[0], Value::from(7), "seven pictures to choose from");
        assert!(group[1].as_str().is_some_and(|l| l.contains("Theo Brandt")));
        assert_eq!(
            group[2],
            Value::from(14),
            "each picture is a pair of circles"
        );
        app.type_into(
            "#checkin-note",
            "Every day side by side, and I still don't know him.",
        )
        .await?;
        app.screenshot("16-checkin-circles").await?;
        app.click("#save-checkin").await?;
        // Seven answers of 2: (2 − 1) × 25 = 25.
        app.wait_text("#toasts", "now 25 of 100").await?;
        app.wait_text("#depth-value", "25").await?;
        app.wait_text("#ios-value", "3 of 7").await?;
        app.wait_text("#timeline", "Every day side by side").await?;

        // Near (most days) but not close (25 < 60): the illusion of proximity.
        app.click("button[data-view=map]").await?;
        let dot = format!("#map-chart .dot[data-person-id='{theo}']");
        app.wait(&dot).await?;
        let class = app
            .wait(&dot)
            .await?
            .attr("class")
            .await?
            .unwrap_or_default();
        assert!(class.contains("q-near-but-distant"), "{class}");
        assert!(app.text_of("#not-reflected").await?.is_none());
        app.wait_text("#legend-near-but-distant", "Theo Brandt")
            .await?;
        app.screenshot("17-map-near-but-distant").await?;

        // An honest conversation later: all fives. Same day, equal weight:
        // (25 + 100) / 2 = 62.5, close. The dot crosses into near and close.
        // Each dot is a link: focused, Enter opens the person.
        app.js(&format!(
            "document.querySelector({dot:?}).focus(); return null;"
        ))
        .await?;
        app.keys(ENTER).await?;
        app.wait_text("#person-title", "Theo Brandt").await?;
        app.click("#checkin-open").await?;
        for q in [
            "seen",
            "heard",
            "understood",
            "safe",
            "trust",
            "they_showed_up",
            "i_showed_up",
        ] {
            app.click(&format!("label[for=q-{q}-5]")).await?;
        }
        app.click("label[for=ios-5]").await?;
        app.click("#save-checkin").await?;
        app.wait_text("#depth-value", "63").await?;
        app.click("button[data-view=map]").await?;
        app.wait_js(
            "Theo moved into near and close",
            &format!("document.querySelector(\"{dot}\")?.classList.contains('q-near-and-close')"),
        )
        .await?;
        app.screenshot("18-map-near-and-close").await?;
        app.quit().await
    });
}

#[test]
fn today_shows_the_prompt_and_who_to_reach_out_to() {
    run(|| async {
        let sb = Sandbox::new()?;
        let mut prompt = String::new();
        let mut ruth_prompt = String::new();
        sb.seed(|v| {
            let ruth = v.people().add(&kindred_core::model::PersonDraft {
                name: "Ruth Adler".into(),
                relationship: "grandmother".into(),
                proximity: Some(Proximity::FewTimesAYear),
                cadence_days: Some(7),
                ..Default::default()
            })?;
            let month_ago = chrono::Local::now().date_naive() - chrono::Duration::days(30);
            v.reflection().add_moment(
                ruth,
                kindred_core::reflection::MomentKind::TheyShowedUp,
                Some(month_ago),
                "She sent a card for no reason.",
            )?;
            v.reflection().set_love_map(
                ruth,
                kindred_core::reflection::Topic::Hoping,
                "To see the sea again.",
            )?;
            person(v, "Sam Okafor", "brother", Proximity::Weekly)?;
            // Chosen once a day and kept: the app shows this one.
            prompt = v.reflection().prompt_of_the_day()?.text;
            ruth_prompt = v.reflection().prompt_for(ruth)?.id;
            Ok(())
        })?;
        let app = sb.launch().await?;
        unlock_with_passphrase(&app).await?;
        app.wait_text("#prompt-text", &prompt).await?;
        app.wait_text("#reach-out", "Ruth Adler").await?;
        app.wait_text("#reach-out", "Last together 4 weeks ago")
            .await?;
        app.wait_text("#reach-out", "about every week").await?;
        app.wait_text("#reach-out", "She sent a card for no reason.")
            .await?;
        // Sam has no rhythm: never listed. No streaks, no guilt.
        let reach = app.text_of("#reach-out").await?.unwrap_or_default();
        assert!(!reach.contains("Sam Okafor"));
        for word in ["overdue", "streak", "missed", "failed", "behind"] {
            assert!(
                !reach.to_lowercase().contains(word),
                "{word:?} in {reach:?}"
            );
        }
        app.screenshot("21-today").await?;

        // Answering the prompt opens a new entry with the prompt as title.
        app.click("#answer-prompt").await?;
        app.wait("#answer-note:not([hidden])").await?;
        let title = app
            .js("return document.querySelector('#entry-title').value;")
            .await?;
        let title = title.as_str().unwrap_or_default().to_owned();
        assert!(
            !title.is_empty() && !title.contains('\u{2068}'),
            "{title:?}"
        );
        assert!(prompt
            .replace(['\u{2068}', '\u{2069}'], "")
            .contains(&title));

        // A prompt about one person links the answer to them.
        app.click("button[data-view=people]").await?;
        app.click_xpath("//button[contains(@class, 'person-card')][contains(., 'Ruth Adler')]")
            .await?;
        app.click("#answer-person-prompt").await?;
        app.wait_text("#entry-people", "Linked to: Ruth Adler")
            .await?;
        app.type_into("#entry-body", "She listens better than anyone: lavender.")
            .await?;
        app.wait_text(".save-state", "Saved").await?;
        app.screenshot("22-answer").await?;
        app.click("button[data-view=people]").await?;
        app.click_xpath("//button[contains(@class, 'person-card')][contains(., 'Ruth Adler')]")
            .await?;
        app.wait_text("#timeline", "lavender").await?;
        // The answer is saved linked to its prompt (as the export shows).
        let out = sb.path().join("answers.json");
        let done = app
            .js_async(&format!("const done = arguments[0]; window.__TAURI__.core.invoke('export_vault', {{format: 'json', path: {:?}, plaintextOk: true}}).then(() => done('ok'), e => done(e.code));", out.display().to_string()))
            .await?;
        assert_eq!(done, Value::String("ok".into()));
        let export: Value = serde_json::from_str(&std::fs::read_to_string(&out)?)?;
        let answer = export["entries"]
            .as_array()
            .and_then(|es| {
                es.iter()
                    .find(|e| e["body"].as_str().is_some_and(|b| b.contains("lavender")))
            })
            .ok_or("the answer is in the export")?;
        assert_eq!(answer["prompt_id"], Value::String(ruth_prompt.clone()));
        app.quit().await
    });
}

/// A crowded map (over 40 people) shows each name on hover and focus only
/// (one name and one ring, moved to the dot), and its dots still open
/// their person by Enter and by a click:
/// 41 names on one chart would overlap into noise.
#[test]
fn a_crowded_map_names_a_person_on_focus() {
    run(|| async {
        let sb = Sandbox::new()?;
        sb.seed(|v| {
            for i in 0..41 {
                let id = person(v, &format!("Person {i}"), "friend", Proximity::Monthly)?;
                v.reflection()
                    .check_in(&kindred_core::reflection::CheckinDraft {
                        person_id: id,
                        dims: kindred_core::reflection::Dimensions {
                            seen: Some(1 + (i % 5) as u8),
                            ..Default::default()
                        },
                        ..Default::default()
                    })?;
            }
            Ok(())
        })?;
        let app = sb.launch().await?;
        unlock_with_passphrase(&app).await?;
        app.click("button[data-view=map]").await?;
        app.wait("#map-chart.crowded .dot").await?;
        let shown = "return [...document.querySelectorAll('#map-chart .dot-name')].filter((t) => getComputedStyle(t).display !== 'none').map((t) => t.textContent);";
        assert_eq!(
            app.js(shown).await?,
            serde_json::json!([]),
            "no names at rest"
        );
        // The first dot in the document: whose it is, from its label.
        let first = app
            .js("const d = document.querySelector('#map-chart .dot'); d.focus(); return d.getAttribute('aria-label').split(':')[0];")
            .await?;
        let named = app.js(shown).await?;
        assert_eq!(named, serde_json::json!([first]), "their name on focus");
        assert_eq!(
            app.js("return document.querySelector('#map-chart .ring.shared').classList.contains('focused');")
                .await?,
            serde_json::json!(true),
            "the focus ring on the focused dot"
        );
        app.screenshot("16-map-crowded").await?;
        // Enter opens the focused person; a click opens the one clicked.
        app.keys(crate::util::ENTER).await?;
        app.wait_text("#person-title", first.as_str().unwrap_or("?"))
            .await?;
        app.click("button[data-view=map]").await?;
        app.wait("#map-chart.crowded .dot").await?;
        let last = app
            .js("const d = [...document.querySelectorAll('#map-chart .dot')].pop(); return d.getAttribute('aria-label').split(':')[0];")
            .await?;
        app.click("#map-chart .dot:last-of-type .point").await?;
        app.wait_text("#person-title", last.as_str().unwrap_or("?"))
            .await?;
        app.quit().await
    });
}
