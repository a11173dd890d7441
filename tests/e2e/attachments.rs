//! Attachments in the real window: a picture drawn through the
//! `kindred-blob:` scheme, one added through the (test-build) dialog seam,
//! one pasted from the system clipboard, remove and undo, a person's picture in People, and every such URL
//! failing after a lock; none of the pictures' bytes in plaintext in the
//! vault or in WebKit's cache.

use std::path::Path;

use serde_json::Value;

use crate::util::{
    entry, files_holding, open_journal, person, run, unlock_with_passphrase, Sandbox, CTRL, ESCAPE,
    RELEASE,
};
use kindred_core::model::Proximity;

/// Distinctive bytes appended to each picture (after PNG's end, where
/// decoders ignore them): the scan looks for them.
const PLANTS: [&[u8]; 2] = [b"lyrebirdplantedpicture", b"quollplantedpicture"];

fn icon(name: &str) -> std::io::Result<Vec<u8>> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../ui/icons")
            .join(name),
    )
}

/// Loads `url` as a picture in the page: "load" or "error".
async fn probe(app: &crate::util::App, url: &str) -> crate::util::R<Value> {
    app.js_async(&format!(
        "const done = arguments[arguments.length - 1];
         const i = new Image();
         i.onload = () => done('load'); i.onerror = () => done('error');
         i.src = {};",
        serde_json::to_string(url)?
    ))
    .await
}

#[test]
fn pictures_show_while_unlocked_and_never_after_a_lock() {
    run(|| async {
        let sb = Sandbox::new()?;
        let mut seeded = icon("32x32.png")?;
        seeded.extend_from_slice(PLANTS[0]);
        let mut picked = icon("128x128.png")?;
        picked.extend_from_slice(PLANTS[1]);
        // The file the dialog seam hands over lives outside the folders
        // scanned at the end.
        let outside = tempfile::tempdir()?;
        let picked_path = outside.path().join("harbour at dusk.png");
        std::fs::write(&picked_path, &picked)?;
        let mut first_id = 0;
        sb.seed(|v| {
            let e = entry(v, "The harbour", "A photo from the pier.", vec![])?;
            first_id = v.attachments()?.attach_bytes(e, "pier.png", &seeded)?.id;
            let ada = person(v, "Ada Okafor", "sister", Proximity::Weekly)?;
            v.attachments()?.set_photo_bytes(ada, "ada.png", &seeded)?;
            Ok(())
        })?;
        let app = sb
            .launch_with(&[("KINDRED_E2E_PICK", picked_path.to_str().unwrap_or_default())])
            .await?;
        unlock_with_passphrase(&app).await?;
        let url = format!("kindred-blob://localhost/{first_id}");

        open_journal(&app).await?;
        app.click(".entry-item[data-entry-id]").await?;
        app.wait_js(
            "the attached picture drawn",
            "(() => { const i = document.querySelector('#entry-attachments img'); return i && i.complete && i.naturalWidth === 32; })()",
        )
        .await?;
        // Through the dialog (the test build's seam hands over a file).
        app.click("#attach-files").await?;
        app.wait_js(
            "the picked picture drawn",
            "(() => { const i = document.querySelectorAll('#entry-attachments img'); return i.length === 2 && i[1].complete && i[1].naturalWidth === 128; })()",
        )
        .await?;
        app.wait_text("#entry-attachments", "harbour at dusk.png")
            .await?;
        app.screenshot("40-attachments").await?;
        // A tile shows a thumbnail; clicking it shows the original.
        app.click("#entry-attachments li:last-child .picture-open")
            .await?;
        app.wait_js(
            "the original in its dialog",
            "(() => { const i = document.querySelector('dialog.picture-dialog img'); return i && i.complete && i.naturalWidth === 128 && i.src.endsWith('/' + document.querySelector('#entry-attachments li:last-child').dataset.id); })()",
        )
        .await?;
        app.screenshot("42-picture-dialog").await?;
        app.keys(ESCAPE).await?;
        app.wait_js(
            "the dialog closed",
            "!document.querySelector('dialog.picture-dialog')",
        )
        .await?;

        // Remove goes to the trash; Undo brings it back.
        app.click("#entry-attachments li:last-child button.danger")
            .await?;
        app.wait_js(
            "one picture left",
            "document.querySelectorAll('#entry-attachments li').length === 1",
        )
        .await?;
        app.click_xpath("//div[contains(@class,'toast')]//button[normalize-space()='Undo']")
            .await?;
        app.wait_js(
            "the picture back",
            "document.querySelectorAll('#entry-attachments li').length === 2",
        )
        .await?;

        // Paste: a picture on the X clipboard (xclip owns the selection,
        // as a screenshot tool would), Ctrl+V in the editor's body. WebKit
        // hands the page an empty paste; the app reads the clipboard.
        let clip = outside.path().join("clip.png");
        std::fs::write(&clip, icon("256x256.png")?)?;
        let owner = std::process::Command::new("xclip")
            .args(["-selection", "clipboard", "-t", "image/png", "-i"])
            .arg(&clip)
            .status()?;
        assert!(owner.success(), "xclip could not own the clipboard");
        app.click("#entry-body").await?;
        app.keys(&format!("{CTRL}v{RELEASE}")).await?;
        app.wait_js(
            "the pasted picture drawn",
            "(() => { const i = document.querySelectorAll('#entry-attachments img'); return i.length === 3 && i[2].complete && i[2].naturalWidth > 0; })()",
        )
        .await?;
        app.wait_js(
            "nothing typed by the paste",
            "!document.querySelector('#entry-body').value.includes('png')",
        )
        .await?;

        // A person's picture in People.
        app.click("button[data-view=people]").await?;
        app.wait_js(
            "Ada's picture in People",
            "(() => { const i = document.querySelector('.avatar.has-picture img'); return i && i.complete && i.naturalWidth === 32; })()",
        )
        .await?;
        app.screenshot("41-people-pictures").await?;

        // Served now; after a lock, the same URL fails.
        assert_eq!(probe(&app, &url).await?, "load");
        app.click("#lock").await?;
        app.wait("#unlock-title").await?;
        assert_eq!(
            probe(&app, &url).await?,
            "error",
            "{url} still loads after a lock"
        );
        app.quit().await?;

        for plant in PLANTS {
            for dir in [
                sb.vault(),
                sb.path().join("cache"),
                sb.path().join("data"),
                sb.path().join("config"),
            ] {
                let hits = files_holding(&dir, plant);
                assert!(hits.is_empty(), "a picture's bytes in plaintext: {hits:?}");
            }
        }
        // Control: the scan finds them where they are in plaintext.
        assert!(!files_holding(outside.path(), PLANTS[1]).is_empty());
        Ok(())
    });
}

/// A person's timeline of 40 photos draws the pictures in view and leaves
/// the rest unloaded until they are scrolled to (`loading="lazy"` must be
/// set before `src`: WebKit starts the load as `src` is set). Each picture
/// not loaded is a thumbnail not made, decoded or held.
#[test]
fn a_timeline_loads_only_the_pictures_in_view() {
    const PHOTOS: usize = 40;
    run(|| async {
        let sb = Sandbox::new()?;
        let png = icon("128x128.png")?;
        let mut who = 0;
        sb.seed(|v| {
            who = person(v, "Noor Haddad", "friend", Proximity::Monthly)?;
            for n in 0..PHOTOS {
                let e = entry(v, &format!("Walk {n}"), "By the river.", vec![who])?;
                v.attachments()?
                    .attach_bytes(e, &format!("walk-{n}.png"), &png)?;
            }
            Ok(())
        })?;
        let app = sb.launch().await?;
        unlock_with_passphrase(&app).await?;
        app.click("button[data-view=people]").await?;
        app.click(&format!(".person-card[data-person-id=\"{who}\"]"))
            .await?;
        let pictures = "[...document.querySelectorAll('#timeline .tl-pictures img')]";
        app.wait_js(
            "the timeline's pictures in the page",
            &format!("{pictures}.length === {PHOTOS}"),
        )
        .await?;
        // The timeline is below the person's header: scrolled to, as a
        // reader would.
        app.js("document.querySelector('#timeline').scrollIntoView(); return true;")
            .await?;
        app.wait_js(
            "the timeline's pictures in view drawn",
            &format!(
                "(() => {{ const all = {pictures};
                   const seen = all.filter((i) => {{ const r = i.getBoundingClientRect();
                     return r.bottom > 0 && r.top < innerHeight; }});
                   return seen.length > 0 && seen.every((i) => i.complete && i.naturalWidth > 0); }})()"
            ),
        )
        .await?;
        // Time for any eager load to land.
        tokio::time::sleep(std::time::Duration::from_secs(2)).await;
        let far = app
            .js(&format!(
                "const all = {pictures};
                 const far = all.filter((i) => i.getBoundingClientRect().top > 3 * innerHeight);
                 return [far.length, far.filter((i) => i.naturalWidth > 0).length];"
            ))
            .await?;
        let (Some(far_away), Some(loaded)) = (far[0].as_u64(), far[1].as_u64()) else {
            return Err(format!("the page answered {far}").into());
        };
        assert!(
            far_away >= 10,
            "the timeline is too short to show lazy loading: {far_away} pictures far below"
        );
        assert_eq!(loaded, 0, "pictures far out of view were loaded");
        // Scrolled to, the last one loads.
        app.js(&format!("{pictures}.at(-1).scrollIntoView(); return true;"))
            .await?;
        app.wait_js(
            "the last picture drawn once scrolled to",
            &format!("(() => {{ const i = {pictures}.at(-1); return i.complete && i.naturalWidth > 0; }})()"),
        )
        .await?;
        app.quit().await
    });
}
