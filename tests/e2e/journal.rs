//! The journal: search across everything, the trash and undo, and the
//! Markdown preview.

use kindred_core::model::Proximity;
use serde_json::Value;

use crate::util::{
    entry, open_journal, person, run, unlock_with_passphrase, Sandbox, CTRL, DOWN, ENTER, RELEASE,
    UP,
};

#[test]
fn search_finds_a_planted_word() {
    run(|| async {
        let sb = Sandbox::new()?;
        sb.seed(|v| {
            let sam = person(v, "Sam Okafor", "brother", Proximity::Monthly)?;
            entry(
                v,
                "Sunday",
                "Baked bread with <b>Sam</b>; the quillwort by the pond was in flower.",
                vec![sam],
            )?;
            entry(v, "Monday", "Nothing much happened.", vec![])?;
            v.people()
                .add_note(sam, "He mentioned the quillwort too.")?;
            Ok(())
        })?;
        let app = sb.launch().await?;
        unlock_with_passphrase(&app).await?;
        app.keys(&format!("{CTRL}k{RELEASE}")).await?;
        app.wait("#search-input").await?;
        app.keys("quillwort").await?;
        app.wait_text("#search-results", "Sunday").await?;
        let marks = app
            .js("return Array.from(document.querySelectorAll('#search-results mark')).map(m => m.textContent.toLowerCase());")
            .await?;
        let marks: Vec<String> = serde_json::from_value(marks)?;
        assert!(
            marks.len() >= 2,
            "entry and note both highlighted: {marks:?}"
        );
        assert!(marks.iter().all(|m| m == "quillwort"), "{marks:?}");
        // User text is shown as text: the <b> in the entry is not markup.
        let bold = app
            .js("return document.querySelectorAll('#search-results b').length;")
            .await?;
        assert_eq!(bold, Value::from(0));
        app.wait_text("#search-results", "<b>Sam</b>").await?;
        app.screenshot("07-search").await?;

        // Keyboard: the first hit is selected; Down moves; Enter opens.
        let first_kind = app
            .js("return document.querySelector('#search-results [aria-selected=true] .badge').textContent;")
            .await?;
        assert!(first_kind.is_string());
        app.keys(DOWN).await?;
        app.wait_js(
            "the second hit selected",
            "document.querySelector('#hit-1')?.getAttribute('aria-selected') === 'true'",
        )
        .await?;
        app.keys(UP).await?;
        app.wait_js(
            "back on the first hit",
            "document.querySelector('#hit-0')?.getAttribute('aria-selected') === 'true'",
        )
        .await?;
        let idx = app
            .js("return Array.from(document.querySelectorAll('#search-results .hit')).findIndex(li => li.querySelector('.badge.entry'));")
            .await?
            .as_u64()
            .ok_or("no entry among the hits")?;
        app.keys(&DOWN.repeat(usize::try_from(idx)?)).await?;
        app.keys(ENTER).await?;
        app.wait_js("search closed", "!document.querySelector('#search')")
            .await?;
        app.wait_js(
            "an entry opened",
            "document.querySelector('#entry-body')?.value.includes('quillwort')",
        )
        .await?;
        app.quit().await
    });
}

#[test]
fn trash_and_undo() {
    run(|| async {
        let sb = Sandbox::new()?;
        sb.seed(|v| entry(v, "Keep me", "An entry to delete and bring back.", vec![]).map(drop))?;
        let app = sb.launch().await?;
        unlock_with_passphrase(&app).await?;
        app.click(".entry-item[data-entry-id]").await?;
        app.wait_js(
            "entry open",
            "document.querySelector('#entry-title').value === 'Keep me'",
        )
        .await?;
        app.click(".editor-bar .danger").await?;
        app.wait_text(".toast", "moved to the trash").await?;
        app.wait_js(
            "entry gone from the list",
            "!document.querySelector('.entry-list').textContent.includes('Keep me')",
        )
        .await?;
        app.screenshot("11-trash-undo").await?;
        app.click(".toast button.link").await?;
        app.wait_text(".entry-list", "Keep me").await?;
        app.wait_js(
            "restored entry open",
            "document.querySelector('#entry-title').value === 'Keep me'",
        )
        .await?;
        // Trashed again, it waits in the Trash view until restored there.
        app.click("#trash-entry").await?;
        app.wait_text(".toast", "moved to the trash").await?;
        app.keys(&format!("{CTRL}6{RELEASE}")).await?;
        app.wait_text(".trash-list", "Keep me").await?;
        app.click(".trash-list button").await?;
        app.wait_text("#toasts", "Entry restored").await?;
        app.click("button[data-view=journal]").await?;
        app.wait_text(".entry-list", "Keep me").await?;
        app.quit().await
    });
}

/// "Delete for good" and "Empty trash" each ask first; what they delete is
/// gone from the trash and from search, and what was not chosen stays.
#[test]
fn delete_for_good_and_empty_the_trash() {
    run(|| async {
        let sb = Sandbox::new()?;
        sb.seed(|v| {
            for (title, body) in [
                ("Gone for good", "Planted: quillwort."),
                ("Emptied", "Planted: bladderwrack."),
                ("Kept", "Planted: saxifrage."),
            ] {
                let id = entry(v, title, body, vec![])?;
                if title != "Kept" {
                    v.journal().trash(id)?;
                }
            }
            Ok(())
        })?;
        let app = sb.launch().await?;
        unlock_with_passphrase(&app).await?;
        app.keys(&format!("{CTRL}6{RELEASE}")).await?;
        app.wait_text(".trash-list", "Gone for good").await?;
        app.click_xpath("//li[contains(., 'Gone for good')]//button[contains(@class, 'purge')]")
            .await?;
        // Asked first; "Keep it" changes nothing.
        app.wait_text("#confirm-dialog", "cannot be undone").await?;
        app.screenshot("31-delete-for-good").await?;
        app.click("#confirm-no").await?;
        app.wait_text(".trash-list", "Gone for good").await?;
        app.click_xpath("//li[contains(., 'Gone for good')]//button[contains(@class, 'purge')]")
            .await?;
        app.click("#confirm-yes").await?;
        app.wait_text("#toasts", "deleted for good").await?;
        app.wait_js(
            "the item to leave the trash",
            "!document.querySelector('.trash-list').textContent.includes('Gone for good')",
        )
        .await?;
        app.click("#empty-trash").await?;
        app.wait_text("#confirm-dialog", "1 item").await?;
        app.click("#confirm-yes").await?;
        app.wait_text(".empty", "The trash is empty").await?;
        for (word, hits) in [("quillwort", 0), ("bladderwrack", 0), ("saxifrage", 1)] {
            let n = app
                .js_async(&format!("const done = arguments[0]; window.__TAURI__.core.invoke('search', {{query: '{word}'}}).then(r => done(r.length), e => done(e.code));"))
                .await?;
            assert_eq!(n, serde_json::json!(hits), "{word}");
        }
        app.quit().await
    });
}

/// The journal loads a page at a time: a long journal opens with its first
/// page, and older entries come as the list is scrolled (or by "Show
/// older entries"), in order, none twice.
#[test]
fn a_long_journal_opens_one_page_at_a_time() {
    run(|| async {
        let sb = Sandbox::new()?;
        sb.seed(|v| {
            for i in 0..230 {
                v.journal().write(&kindred_core::model::EntryDraft {
                    date: Some(
                        chrono::NaiveDate::from_ymd_opt(2020, 1, 1).unwrap_or_default()
                            + chrono::Days::new(i / 2),
                    ),
                    title: format!("Day {i:03}"),
                    body: "paged".into(),
                    ..Default::default()
                })?;
            }
            Ok(())
        })?;
        let app = sb.launch().await?;
        unlock_with_passphrase(&app).await?;
        open_journal(&app).await?;
        let count = "document.querySelectorAll('.entry-list .entry-item').length";
        app.wait_js("the first page", &format!("{count} === 100"))
            .await?;
        // Scrolled to its end, the list grows by a page.
        app.js("document.querySelector('.load-more').scrollIntoView(); return null;")
            .await?;
        app.wait_js("the second page", &format!("{count} === 200"))
            .await?;
        // The keyboard way: the button.
        app.click("#older-entries").await?;
        app.wait_js("the last page", &format!("{count} === 230"))
            .await?;
        app.wait_js(
            "no more to load",
            "!document.querySelector('#older-entries')",
        )
        .await?;
        let ids = app
            .js("return [...document.querySelectorAll('.entry-list .entry-item')].map(e => Number(e.dataset.entryId));")
            .await?;
        let ids: Vec<i64> = serde_json::from_value(ids)?;
        let mut unique = ids.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), 230, "no entry twice");
        assert_eq!(ids.first(), Some(&230), "newest first");
        app.quit().await
    });
}

#[test]
fn markdown_preview_is_safe_and_tags_are_kept() {
    run(|| async {
        let sb = Sandbox::new()?;
        sb.seed(|_| Ok(()))?;
        let app = sb.launch().await?;
        unlock_with_passphrase(&app).await?;
        open_journal(&app).await?;
        app.type_into("#entry-title", "Preview").await?;
        app.type_into(
            "#entry-body",
            "Some **bold** words.\n\n<script>window.pwned = 1</script>\n\n<img src=x onerror=\"window.pwned = 2\">",
        )
        .await?;
        app.type_into("#entry-tags", "family, #walks").await?;
        app.wait_text(".save-state", "Saved").await?;
        app.click("#preview-toggle").await?;
        app.wait_text("#entry-preview strong", "bold").await?;
        let unsafe_nodes = app
            .js("return document.querySelectorAll('#entry-preview script, #entry-preview img, #entry-preview [onerror]').length + (window.pwned ? 100 : 0);")
            .await?;
        assert_eq!(
            unsafe_nodes,
            Value::from(0),
            "the preview ran or kept markup"
        );
        app.wait_text("#entry-preview", "<script>").await?;
        app.screenshot("14-preview").await?;

        app.click("#new-entry").await?;
        app.click(".entry-item[data-entry-id]").await?;
        app.wait_js(
            "tags kept",
            "document.querySelector('#entry-tags').value === 'family, walks'",
        )
        .await?;
        app.quit().await
    });
}

/// A trash holding a deleted import: it opens with its first page, the
/// rest comes as it is scrolled (or by "Show more"), none twice, and
/// emptying it counts everything in it, not only what is drawn.
#[test]
fn a_full_trash_opens_one_page_at_a_time() {
    run(|| async {
        let sb = Sandbox::new()?;
        sb.seed(|v| {
            for i in 0..230 {
                let id = entry(v, &format!("Deleted {i:03}"), "gone", vec![])?;
                v.journal().trash(id)?;
            }
            Ok(())
        })?;
        let app = sb.launch().await?;
        unlock_with_passphrase(&app).await?;
        app.keys(&format!("{CTRL}6{RELEASE}")).await?;
        let count = "document.querySelectorAll('#trash-list li').length";
        app.wait_js("the first page", &format!("{count} === 100"))
            .await?;
        app.wait_text("#more-trash", "130 not shown").await?;
        app.js("document.querySelector('.load-more').scrollIntoView(); return null;")
            .await?;
        app.wait_js("the second page", &format!("{count} === 200"))
            .await?;
        app.click("#more-trash").await?;
        app.wait_js("the last page", &format!("{count} === 230"))
            .await?;
        app.wait_js("no more to load", "!document.querySelector('#more-trash')")
            .await?;
        let labels = app
            .js("return [...document.querySelectorAll('#trash-list .trash-label')].map(e => e.textContent);")
            .await?;
        let mut labels: Vec<String> = serde_json::from_value(labels)?;
        labels.sort_unstable();
        labels.dedup();
        assert_eq!(labels.len(), 230, "nothing twice");
        app.js("window.scrollTo(0, 0); return null;").await?;
        app.click("#empty-trash").await?;
        app.wait_text("#confirm-dialog", "230 items").await?;
        app.click("#confirm-yes").await?;
        app.wait_text(".empty", "The trash is empty").await?;
        app.quit().await
    });
}

/// A view still loading when another is chosen never draws over it: Today
/// (slow with many people) clicked, then Journal at once, leaves Journal
/// shown once Today's data has come.
#[test]
fn a_slow_view_never_draws_over_the_one_chosen_after_it() {
    run(|| async {
        let sb = Sandbox::new()?;
        sb.seed(|v| {
            for i in 0..400 {
                v.people().add(&kindred_core::model::PersonDraft {
                    name: format!("Person {i:03}"),
                    ..Default::default()
                })?;
            }
            Ok(())
        })?;
        let app = sb.launch().await?;
        unlock_with_passphrase(&app).await?;
        for _ in 0..5 {
            app.js("document.querySelector('button[data-view=home]').click();
                    document.querySelector('button[data-view=journal]').click();
                    return null;")
                .await?;
            app.wait("#entry-body").await?;
            // Long enough for Today's three reads to have answered.
            tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
            let shown = app
                .js("return [!!document.querySelector('#entry-body'), !!document.querySelector('#home')];")
                .await?;
            assert_eq!(shown, serde_json::json!([true, false]), "Journal stays");
        }
        app.quit().await
    });
}
