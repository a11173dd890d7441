//! At a lifetime's scale: a vault of 100k entries (`KINDRED_BENCH_ENTRIES`)
//! and 1,000 people, one of them in 500 entries, timed through the real
//! window. Ignored in the suite: `cargo xtask bench --app` runs it on a
//! release build and prints its figures. Each time is taken in the page,
//! from the action (a click, a key) to two animation frames after what it
//! brings is in the document, the median of five; whole-app PSS is read
//! after each screen.

use std::time::Duration;

use kindred_core::interchange::Source;
use kindred_core::model::{EntryPatch, PersonDraft, Proximity};
use kindred_core::reflection::{CheckinDraft, Dimensions};

use crate::util::{run_for, App, Sandbox, CTRL, PASSPHRASE, R, RELEASE};

const PEOPLE: usize = 1_000;
const IN_ENTRIES: usize = 500;
const ROUNDS: usize = 5;
/// Entries of the second person, each with a photo of its own.
const WITH_PHOTOS: usize = 50;

/// A camera-sized JPEG (12 megapixels, about 2 MB), different for each
/// `n`, so no two share a blob and every thumbnail is made from scratch.
fn photo(n: usize) -> R<Vec<u8>> {
    let (w, h) = (4000u32, 3000u32);
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        let v = (x ^ y).wrapping_add(n as u32 * 37);
        image::Rgb([(x / 16) as u8, (y / 12) as u8, (v % 251) as u8])
    });
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 85).encode_image(&img)?;
    Ok(out)
}

/// Deterministic words (an LCG over syllables).
struct Words(u64);

impl Words {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }

    fn word(&mut self) -> String {
        const S: [&str; 24] = [
            "ka", "lo", "mi", "ren", "sa", "tu", "vel", "no", "ri", "an", "be", "do", "fi", "ga",
            "ho", "ju", "ki", "lu", "ma", "ne", "po", "qui", "ro", "si",
        ];
        let n = 1 + self.next() % 3;
        (0..n).map(|_| S[(self.next() % 24) as usize]).collect()
    }

    fn words(&mut self, n: usize) -> String {
        (0..n).map(|_| self.word()).collect::<Vec<_>>().join(" ")
    }
}

#[test]
#[ignore = "a benchmark: `cargo xtask bench --app` runs it on a release build"]
fn at_scale() {
    run_for(Duration::from_secs(3600), || async {
        let entries: usize = std::env::var("KINDRED_BENCH_ENTRIES")
            .ok()
            .and_then(|n| n.parse().ok())
            .unwrap_or(100_000);
        let sb = Sandbox::new()?;
        let seeded = std::time::Instant::now();
        let first = std::cell::Cell::new(0);
        let photos_of = std::cell::Cell::new(0);
        sb.seed(|v| {
            let mut w = Words(7);
            let list: Vec<serde_json::Value> = (0..entries)
                .map(|i| {
                    let day = chrono::NaiveDate::from_ymd_opt(1990, 1, 1).unwrap_or_default()
                        + chrono::Days::new((i / 5) as u64);
                    serde_json::json!({
                        "title": w.words(3), "body": w.words(60), "date": day.to_string(),
                        "time": "09:00", "tags": [], "starred": false,
                    })
                })
                .collect();
            let file = sb.path().join("seed.json");
            std::fs::write(
                &file,
                serde_json::to_vec(&serde_json::json!({"tags": {}, "entries": list}))?,
            )?;
            v.import(Source::Jrnl, &file, &mut |_, _, _| {})?;
            std::fs::remove_file(&file)?;
            for i in 0..PEOPLE {
                // The one in 500 entries sorts first, so its card is on
                // People's first page.
                let name = if i == 0 {
                    "Aaron Abbott".to_owned()
                } else {
                    format!("{} {i}", w.word())
                };
                let id = v.people().add(&PersonDraft {
                    name,
                    proximity: Some(Proximity::FewTimesAYear),
                    ..PersonDraft::default()
                })?;
                let n = (i % 5) as u8 + 1;
                v.reflection().check_in(&CheckinDraft {
                    person_id: id,
                    at: None,
                    dims: Dimensions {
                        seen: Some(n),
                        heard: Some(n),
                        understood: Some(n),
                        safe: Some(n),
                        trust: Some(n),
                        they_showed_up: Some(n),
                        i_showed_up: Some(n),
                    },
                    ios: Some((i % 7) as u8 + 1),
                    note: String::new(),
                })?;
                if i == 0 {
                    first.set(id);
                }
            }
            // The first person is in 500 entries spread over the years.
            let step = (entries / IN_ENTRIES).max(1);
            for k in 0..IN_ENTRIES.min(entries) {
                v.journal().edit(
                    (1 + k * step) as i64,
                    &EntryPatch {
                        people: Some(vec![first.get()]),
                        ..EntryPatch::default()
                    },
                )?;
            }
            // The second person: 50 entries, a photo in each.
            let second = v.people().add(&PersonDraft {
                name: "Abigail Bell".into(),
                proximity: Some(Proximity::Monthly),
                ..PersonDraft::default()
            })?;
            photos_of.set(second);
            for n in 0..WITH_PHOTOS {
                let id = v.journal().write(&kindred_core::model::EntryDraft {
                    date: chrono::NaiveDate::from_ymd_opt(2024, 1, 1)
                        .map(|d| d + chrono::Days::new(n as u64 * 7)),
                    title: format!("walk {n}"),
                    body: w.words(40),
                    tags: Vec::new(),
                    people: vec![second],
                })?;
                v.attachments()?
                    .attach_bytes(id, &format!("IMG_{n:04}.jpg"), &photo(n)?)?;
            }
            // Backed up today, as a vault in daily use is: the automatic
            // backup is not due and does not run under the timings.
            v.backups().now(&mut |_, _, _| {})?;
            Ok(())
        })?;
        println!(
            "scale: {entries} entries and {PEOPLE} people made in {:.0} s",
            seeded.elapsed().as_secs_f64()
        );

        let first = first.get();
        let photos_of = photos_of.get();
        let app = sb.launch().await?;
        let mut pss = Vec::new();
        let mut rows: Vec<(String, Vec<f64>, Vec<f64>, &str)> = Vec::new();

        // Unlock to Today drawn (the passphrase, so Argon2id is in it).
        let mut t = Vec::new();
        for round in 0..ROUNDS {
            if round > 0 {
                app.keys(&format!("{CTRL}l{RELEASE}")).await?;
            }
            app.wait("input[name=passphrase]").await?;
            t.push(
                measure(
                    &app,
                    &format!(
                        "const f = document.querySelector('input[name=passphrase]'); f.value = '{PASSPHRASE}';
                         f.dispatchEvent(new Event('input', {{ bubbles: true }}));
                         f.form.requestSubmit();"
                    ),
                    "document.querySelector('#home') && !document.querySelector('#home .loading')",
                )
                .await?,
            );
        }
        pss.push(("Today", pss_now_and_settled(&app).await));
        rows.push((
            "unlock to Today drawn (passphrase, Argon2id included)".into(),
            t,
            take_waits(),
            "< 300 ms",
        ));

        // Unlock to Today drawn through this device's keychain, as the
        // issue measured it: no Argon2id, the device slot's secret comes
        // from the Secret Service. "Remember on this device" and "after a
        // lock, this device may unlock" are turned on, then each round
        // locks and clicks "Unlock with this device".
        let on = app
            .js_async(
                "const done = arguments[0]; const c = window.__TAURI__.core;
                 c.invoke('set_remember', {on: true})
                  .then(() => c.invoke('set_keychain_after_lock', {on: true}))
                  .then(() => done('on'), (e) => done(e.code));",
            )
            .await?;
        if on != "on" {
            return Err(format!("remembering this device failed: {on}").into());
        }
        let mut t = Vec::new();
        for _ in 0..ROUNDS {
            app.keys(&format!("{CTRL}l{RELEASE}")).await?;
            app.wait("#unlock-keychain").await?;
            t.push(
                measure(
                    &app,
                    "document.querySelector('#unlock-keychain').click();",
                    "document.querySelector('#home') && !document.querySelector('#home .loading')",
                )
                .await?,
            );
        }
        rows.push((
            "unlock to Today drawn (this device's keychain)".into(),
            t,
            take_waits(),
            "< 300 ms",
        ));

        // Journal: its first page drawn.
        let mut t = Vec::new();
        for _ in 0..ROUNDS {
            app.click("button[data-view=home]").await?;
            app.wait("#home").await?;
            t.push(
                measure(
                    &app,
                    "document.querySelector('button[data-view=journal]').click();",
                    "document.querySelectorAll('.entry-list .entry-item').length >= 100",
                )
                .await?,
            );
        }
        pss.push(("Journal", pss_now_and_settled(&app).await));
        rows.push(("opening Journal".into(), t, take_waits(), "< 300 ms"));

        // Search: the last key to its results shown, for three shapes.
        for (what, query) in [
            ("a common word", "ka"),
            ("two words", "kalo mi"),
            ("a phrase", "\"ka lo\""),
        ] {
            let mut t = Vec::new();
            for _ in 0..ROUNDS {
                app.keys(&format!("{CTRL}k{RELEASE}")).await?;
                app.wait("#search-input").await?;
                let q = serde_json::to_string(query)?;
                t.push(
                    measure(
                        &app,
                        &format!(
                            "const i = document.querySelector('#search-input'); i.value = {q};
                             i.dispatchEvent(new Event('input', {{ bubbles: true }}));"
                        ),
                        "/result|Nothing/.test(document.querySelector('#search .status').textContent)",
                    )
                    .await?,
                );
                app.keys("\u{E00C}").await?; // Escape
            }
            rows.push((
                format!("search, {what} (last key to results shown)"),
                t,
                take_waits(),
                "< 100 ms",
            ));
        }
        pss.push(("search", pss_now_and_settled(&app).await));

        // The map with 1,000 people.
        let mut t = Vec::new();
        for _ in 0..ROUNDS {
            app.click("button[data-view=home]").await?;
            app.wait("#home").await?;
            t.push(
                measure(
                    &app,
                    "document.querySelector('button[data-view=map]').click();",
                    "document.querySelectorAll('#map-chart .dot').length > 0",
                )
                .await?,
            );
        }
        pss.push(("map", pss_now_and_settled(&app).await));
        rows.push((
            "drawing the map (1,000 people)".into(),
            t,
            take_waits(),
            "< 300 ms",
        ));

        // People, then the person in 500 entries.
        let mut t = Vec::new();
        let mut tp = Vec::new();
        let (mut w, mut wp) = (Vec::new(), Vec::new());
        for _ in 0..ROUNDS {
            app.click("button[data-view=home]").await?;
            app.wait("#home").await?;
            tp.push(
                measure(
                    &app,
                    "document.querySelector('button[data-view=people]').click();",
                    "document.querySelectorAll('.person-card').length >= 100",
                )
                .await?,
            );
            wp.append(&mut take_waits());
            t.push(
                measure(
                    &app,
                    &format!("document.querySelector('.person-card[data-person-id=\"{first}\"]').click();"),
                    "document.querySelectorAll('#timeline .tl-item').length >= 100",
                )
                .await?,
            );
            w.append(&mut take_waits());
        }
        pss.push(("person", pss_now_and_settled(&app).await));
        rows.push((
            "opening People (1,000 people, first 100 drawn)".into(),
            tp,
            wp,
            "< 300 ms",
        ));
        rows.push(("opening a person in 500 entries".into(), t, w, "< 300 ms"));

        // A person's timeline with 50 photos, scrolled to: drawn when
        // every thumbnail in view has loaded and decoded (the others load
        // as they scroll in). The first opening makes the thumbnails from the 12 MP
        // originals and stores them; later ones read them back.
        let mut t = Vec::new();
        let mut in_view = 0.0;
        for _ in 0..ROUNDS {
            app.click("button[data-view=people]").await?;
            app.wait(&format!(".person-card[data-person-id=\"{photos_of}\"]"))
                .await?;
            t.push(
                measure(
                    &app,
                    &format!("window.__scrolled = false; document.querySelector('.person-card[data-person-id=\"{photos_of}\"]').click();"),
                    &format!("(() => {{
                        const all = [...document.querySelectorAll('#timeline .tl-pictures img')];
                        if (all.length < {WITH_PHOTOS}) return false;
                        // The timeline is below the person's header: brought
                        // into view once, as the user scrolls to it.
                        if (!window.__scrolled) {{ window.__scrolled = true; document.querySelector('#timeline').scrollIntoView(); return false; }}
                        const seen = all.filter((i) => {{ const r = i.getBoundingClientRect();
                            return r.bottom > 0 && r.top < innerHeight; }});
                        window.__in_view = seen.length;
                        return seen.length > 0 && seen.every((i) => i.complete && i.naturalWidth > 0);
                    }})()"),
                )
                .await?,
            );
            in_view = app
                .js("return window.__in_view")
                .await?
                .as_f64()
                .unwrap_or(0.0);
        }
        pss.push(("photos", pss_now_and_settled(&app).await));
        // Back on Today after every screen: what WebKit keeps of them.
        app.click("button[data-view=home]").await?;
        app.wait("#home").await?;
        pss.push((
            "Today again, after them all",
            pss_now_and_settled(&app).await,
        ));
        // Then left alone: what keeping memory down costs while idle.
        let before = app.cpu_ticks_by_process();
        tokio::time::sleep(Duration::from_secs(IDLE_S)).await;
        let rested = (app.pss_by_process_kb(), app.pss_anon_and_files_kb());
        let idle: Vec<(String, u64)> = app
            .cpu_ticks_by_process()
            .into_iter()
            .map(|(name, after)| {
                let was = before
                    .iter()
                    .find(|(n, _)| *n == name)
                    .map_or(after, |(_, t)| *t);
                // Clock ticks are 1/100 s on Linux.
                (name, after.saturating_sub(was) * 10)
            })
            .collect();
        let cold = t[0];
        let waits = take_waits();
        rows.push((
            format!("a person's timeline with {WITH_PHOTOS} photos, the {in_view:.0} in view drawn (the first opening, thumbnails made: {cold:.0} ms)"),
            t[1..].to_vec(),
            waits.get(1..).unwrap_or_default().to_vec(),
            "< 300 ms",
        ));

        println!("\n## At scale: {entries} entries, {PEOPLE} people (median of {ROUNDS})\n");
        println!("| through the real window | median | worst | of the median, the app answering | target |\n|---|---|---|---|---|");
        for (what, mut t, mut w, target) in rows {
            t.sort_by(f64::total_cmp);
            w.sort_by(f64::total_cmp);
            println!(
                "| {what} | {:.0} ms | {:.0} ms | {:.0} ms | {target} |",
                t[t.len() / 2],
                t[t.len() - 1],
                w.get(w.len() / 2).copied().unwrap_or(f64::NAN),
            );
        }
        let mb = |kb: u64| kb as f64 / 1024.0;
        let total = |each: &[(String, u64)]| each.iter().map(|(_, kb)| kb).sum::<u64>();
        let worst = |which: fn(&NowAndSettled) -> &Vec<(String, u64)>| {
            pss.iter()
                .map(|(_, both)| total(which(both)))
                .max()
                .unwrap_or(0)
        };
        println!(
            "| whole-app PSS, the vault open, worst screen: as drawn / after {SETTLE_S} s on it | {:.0} MB / {:.0} MB | | | ≤ 250 MB |\n\nPSS on each screen, as drawn and after {SETTLE_S} s on it (whole app: the app, WebKit's web and network processes):",
            mb(worst(|b| &b.0)),
            mb(worst(|b| &b.1)),
        );
        let parts = |each: &[(String, u64)]| {
            each.iter()
                .map(|(name, kb)| format!("{name} {:.0}", mb(*kb)))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let kinds = |each: &[(String, u64, u64)]| {
            each.iter()
                .map(|(name, anon, files)| format!("{name} {:.0} / {:.0}", mb(*anon), mb(*files)))
                .collect::<Vec<_>>()
                .join(", ")
        };
        for (screen, (now, settled, made_of)) in &pss {
            println!(
                "- {screen}: {:.0} MB ({}), then {:.0} MB ({}; own memory / mapped files: {})",
                mb(total(now)),
                parts(now),
                mb(total(settled)),
                parts(settled),
                kinds(made_of),
            );
        }
        println!(
            "- Today again, then left alone {IDLE_S} s more: {:.0} MB ({}; own memory / mapped files: {})",
            mb(total(&rested.0)),
            parts(&rested.0),
            kinds(&rested.1),
        );
        println!(
            "- CPU time while left alone on Today for {IDLE_S} s after them all: {}",
            idle.iter()
                .map(|(name, ms)| format!("{name} {ms} ms"))
                .collect::<Vec<_>>()
                .join(", ")
        );
        app.quit().await
    });
}

/// Seconds left alone on Today at the end, for the CPU time it costs.
const IDLE_S: u64 = 20;

/// Seconds on a screen before its memory is taken again: what a person
/// reading it sees, once WebKit's collector and scavenger have run.
const SETTLE_S: u64 = 5;

/// PSS by process (name, KiB) as a screen is drawn, and after
/// [`SETTLE_S`] seconds on it, then what the settled PSS is made of by
/// process (name, own memory, mapped files, KiB).
type NowAndSettled = (
    Vec<(String, u64)>,
    Vec<(String, u64)>,
    Vec<(String, u64, u64)>,
);

/// Whole-app PSS by process as the screen is drawn, then after
/// [`SETTLE_S`] seconds on it with nothing done.
async fn pss_now_and_settled(app: &App) -> NowAndSettled {
    let now = app.pss_by_process_kb();
    tokio::time::sleep(Duration::from_secs(SETTLE_S)).await;
    (now, app.pss_by_process_kb(), app.pss_anon_and_files_kb())
}

/// Runs `act` in the page and returns the ms until `ready` holds and two
/// animation frames have passed (what it brought is drawn). The time the
/// page spent waiting for the app's answers in it (the union of its calls,
/// from sending to the answer) is kept for [`take_waits`]: the rest is the
/// page's own work, WebKit's layout and painting included.
async fn measure(app: &App, act: &str, ready: &str) -> R<f64> {
    let script = format!(
        "const done = arguments[arguments.length - 1];
         const calls = [];
         const t = window.__TAURI__;
         if (!t.__timed) {{
           const core = t.core;
           window.__TAURI__ = {{ ...t, __timed: true, core: {{ ...core, invoke: (cmd, args, o) => {{
             const s = performance.now();
             const p = core.invoke(cmd, args, o);
             p.then(() => window.__calls?.push([s, performance.now()]), () => window.__calls?.push([s, performance.now()]));
             return p;
           }} }} }};
         }}
         window.__calls = calls;
         const t0 = performance.now();
         {act}
         const check = () => {{
           let ok = false;
           try {{ ok = !!({ready}); }} catch (e) {{}}
           if (ok) requestAnimationFrame(() => requestAnimationFrame(() => {{
             const end = performance.now();
             let wait = 0, upto = t0;
             for (const [s, e] of calls.filter((c) => c[0] < end).sort((a, b) => a[0] - b[0])) {{
               const from = Math.max(s, upto), to = Math.min(e, end);
               if (to > from) {{ wait += to - from; upto = to; }}
             }}
             window.__calls = null;
             done([end - t0, wait]);
           }}));
           else requestAnimationFrame(check);
         }};
         check();"
    );
    let v = app
        .js_async(&script)
        .await
        .map_err(|e| format!("waiting for {ready}: {e}"))?;
    let (Some(total), Some(wait)) = (v[0].as_f64(), v[1].as_f64()) else {
        return Err(format!("the page answered {v} instead of two times").into());
    };
    WAITS.with(|w| w.borrow_mut().push(wait));
    Ok(total)
}

thread_local! {
    /// What [`measure`] found the page waiting for the app, since the last
    /// [`take_waits`].
    static WAITS: std::cell::RefCell<Vec<f64>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// The waits measured since the last call, in order.
fn take_waits() -> Vec<f64> {
    WAITS.with(|w| std::mem::take(&mut *w.borrow_mut()))
}
