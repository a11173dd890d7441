//! A good desktop citizen: the window opens where it was left and never
//! out of reach, and spell check follows the setting, read back from
//! WebKit itself, its dictionaries loaded only once an editor is focused.
//!
//! The window is moved and sized from outside, the way a window manager
//! or a user's drag would (xdotool on the virtual display), and its place
//! read back the same way.

use std::path::Path;
use std::process::Command;

use crate::util::{choose_passphrase, unlock_with_passphrase, App, Sandbox, R};

/// Where test builds keep the window's state (the plugin's file in the
/// app's config folder; the test identifier from src-tauri/src/main.rs).
fn state_file(sb: &Sandbox) -> std::path::PathBuf {
    sb.path()
        .join("config/app.kindred.desktop.test/.window-state.json")
}

/// The app window's X id: the visible top-level window titled Kindred.
fn window_id() -> R<String> {
    let out = Command::new("xdotool")
        .args(["search", "--onlyvisible", "--name", "^Kindred$"])
        .output()?;
    let ids = String::from_utf8(out.stdout)?;
    ids.lines()
        .next()
        .map(str::to_owned)
        .ok_or_else(|| "no visible window titled Kindred".into())
}

/// The window's (x, y, width, height) as X sees it.
fn geometry() -> R<(i32, i32, u32, u32)> {
    let out = Command::new("xdotool")
        .args(["getwindowgeometry", "--shell", &window_id()?])
        .output()?;
    let text = String::from_utf8(out.stdout)?;
    let get = |k: &str| -> R<i64> {
        text.lines()
            .find_map(|l| l.strip_prefix(&format!("{k}=")))
            .and_then(|v| v.trim().parse().ok())
            .ok_or_else(|| format!("xdotool gave no {k}: {text}").into())
    };
    Ok((
        get("X")? as i32,
        get("Y")? as i32,
        get("WIDTH")? as u32,
        get("HEIGHT")? as u32,
    ))
}

/// Waits until the window's geometry satisfies `ok`.
async fn wait_geometry(
    what: &str,
    ok: impl Fn((i32, i32, u32, u32)) -> bool,
) -> R<(i32, i32, u32, u32)> {
    let start = std::time::Instant::now();
    loop {
        let g = geometry()?;
        if ok(g) {
            return Ok(g);
        }
        if start.elapsed() > std::time::Duration::from_secs(10) {
            return Err(format!("{what}: the window is at {g:?}").into());
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

/// The main window's place as the state file has it.
fn saved(sb: &Sandbox) -> Option<(i32, i32, u32, u32)> {
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(state_file(sb)).ok()?).ok()?;
    let m = &v["main"];
    Some((
        i32::try_from(m["x"].as_i64()?).ok()?,
        i32::try_from(m["y"].as_i64()?).ok()?,
        u32::try_from(m["width"].as_u64()?).ok()?,
        u32::try_from(m["height"].as_u64()?).ok()?,
    ))
}

fn write_state(file: &Path, x: i32, y: i32, w: u32, h: u32) -> R {
    std::fs::write(
        file,
        serde_json::to_vec(&serde_json::json!({"main": {
            "width": w, "height": h, "x": x, "y": y, "prev_x": x, "prev_y": y,
            "maximized": false, "visible": true, "decorated": true, "fullscreen": false,
        }}))?,
    )?;
    Ok(())
}

async fn first_screen(app: &App) -> R {
    app.wait("#setup-title, #unlock-title").await?;
    Ok(())
}

#[test]
fn the_window_opens_where_it_was_left_and_never_out_of_reach() {
    crate::util::run(|| async {
        let sb = Sandbox::new()?;
        // The screen is 1280×800 (xtask's Xvfb); the first window 1120×740.
        let app = sb.launch().await?;
        first_screen(&app).await?;
        wait_geometry("the first size", |(_, _, w, h)| (w, h) == (1120, 740)).await?;
        // Moved and resized as a user would, then quit.
        let id = window_id()?;
        let moved = Command::new("xdotool")
            .args([
                "windowsize",
                &id,
                "900",
                "640",
                "windowmove",
                &id,
                "120",
                "60",
            ])
            .status()?;
        assert!(moved.success(), "xdotool could not move the window");
        wait_geometry("moved", |g| g == (120, 60, 900, 640)).await?;
        // Written down while it runs (not only at a clean exit).
        let start = std::time::Instant::now();
        while saved(&sb) != Some((120, 60, 900, 640)) {
            if start.elapsed() > std::time::Duration::from_secs(10) {
                return Err(
                    format!("the window's place was not written down: {:?}", saved(&sb)).into(),
                );
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        app.quit().await?;

        // Where it was left.
        let app = sb.launch().await?;
        first_screen(&app).await?;
        wait_geometry("where it was left", |g| g == (120, 60, 900, 640)).await?;
        app.quit().await?;

        // Left touching the screen by a corner (a monitor since unplugged,
        // a resolution since lowered): in the middle, whole.
        write_state(&state_file(&sb), 1250, 780, 900, 600)?;
        let app = sb.launch().await?;
        first_screen(&app).await?;
        wait_geometry("brought on screen", |g| g == (190, 100, 900, 600)).await?;
        app.quit().await?;

        // Larger than the screen, far off it: shrunk to the screen, on it.
        write_state(&state_file(&sb), -30_000, -30_000, 3000, 2000)?;
        let app = sb.launch().await?;
        first_screen(&app).await?;
        wait_geometry("fitted to the screen", |(x, y, w, h)| {
            x >= 0 && y >= 0 && w <= 1280 && h <= 800 && x + w as i32 <= 1280 && y + h as i32 <= 800
        })
        .await?;
        app.quit().await
    });
}

/// What the renderer variable reads in the web process of a launch with
/// `extra` in its environment, and the web process's PSS (KiB) once its
/// first screen has settled.
async fn web_process_of_a_launch(sb: &Sandbox, extra: &[(&str, &str)]) -> R<(Option<String>, u64)> {
    let app = sb.launch_with(extra).await?;
    app.wait("input[name=passphrase]").await?;
    tokio::time::sleep(std::time::Duration::from_secs(3)).await;
    let web = |name: &str| name.starts_with("WebKitWebProces");
    let env = app.env_of_processes(RENDERER_OFF);
    let value = env
        .iter()
        .find(|(name, _)| web(name))
        .ok_or_else(|| format!("no web process among {env:?}"))?
        .1
        .clone();
    let kb = app
        .pss_by_process_kb()
        .into_iter()
        .find(|(name, _)| web(name))
        .map_or(0, |(_, kb)| kb);
    app.quit().await?;
    Ok((value, kb))
}

/// The variable that turns WebKitGTK's DMA-BUF renderer off.
const RENDERER_OFF: &str = "WEBKIT_DISABLE_DMABUF_RENDERER";

/// The page is painted on the CPU: the app turns WebKitGTK's DMA-BUF
/// renderer off for its own processes (the suite sets nothing), unless the
/// user's environment says otherwise. On this virtual display GL is drawn
/// in software, where the renderer costs the web process about twice the
/// memory: the two launches are compared by it as well.
#[test]
fn the_page_is_painted_on_the_cpu_unless_the_user_chose_otherwise() {
    crate::util::run(|| async {
        let sb = Sandbox::new()?;
        assert!(
            std::env::var_os(RENDERER_OFF).is_none(),
            "the suite set {RENDERER_OFF}"
        );
        let (ours, ours_kb) = web_process_of_a_launch(&sb, &[]).await?;
        assert_eq!(
            ours.as_deref(),
            Some("1"),
            "the web process runs with WebKit's default renderer"
        );
        let (theirs, theirs_kb) = web_process_of_a_launch(&sb, &[(RENDERER_OFF, "0")]).await?;
        assert_eq!(
            theirs.as_deref(),
            Some("0"),
            "the user's own choice was overridden"
        );
        assert!(
            ours_kb * 5 < theirs_kb * 4,
            "web process {ours_kb} KiB painted on the CPU, {theirs_kb} KiB with the DMA-BUF renderer"
        );
        Ok(())
    });
}

#[test]
fn spell_check_follows_the_setting_and_is_read_back_from_webkit() {
    crate::util::run(|| async {
        let sb = Sandbox::new()?;
        let app = sb.launch().await?;
        choose_passphrase(&app).await?;
        app.click("#remember").await?; // off: this vault asks for its passphrase
        app.click("form button[type=submit]").await?;
        app.click("#stored-code").await?;
        app.click(".card button.primary").await?;
        app.wait("#home").await?;
        // Unlocked and only reading, no dictionary is loaded (WebKit's own
        // report, not the page's)...
        let webkit = "window.__TAURI__.core.invoke('get_settings').then(s => JSON.stringify([s.spell_check.on, s.spell_check.languages]))";
        let now = app
            .js_async(&format!(
                "const done = arguments[0]; {webkit}.then(done, e => done(String(e.code)));"
            ))
            .await?;
        assert_eq!(
            now.as_str(),
            Some("[false,[]]"),
            "dictionaries loaded at unlock"
        );
        // ...until an editor takes the focus.
        app.click("button[data-view=journal]").await?;
        app.click("#entry-body").await?;
        app.wait_js_async(
            "spell check on as the editor took the focus",
            &format!("{webkit}.then(s => s === '[true,[\"en_US\"]]')"),
        )
        .await?;
        app.click("button[data-view=settings]").await?;
        // On by default, in the locale's language, with its dictionary
        // found (the set-up installs hunspell-en-us; the suite's locale is
        // C or English). The words come from what WebKit reports.
        let spell = app.wait("#spell-check").await?;
        assert_eq!(spell.prop("checked").await?.as_deref(), Some("true"));
        app.wait_text(
            "#spell-check-state",
            "underlined in the editor and notes, in en_US",
        )
        .await?;
        app.screenshot("50-settings-spell-check").await?;
        // Off, and WebKit says so.
        spell.click().await?;
        app.wait_text("#spell-check-state", "Off").await?;
        app.quit().await?;

        // The vault remembers it: after a restart (WebKit starts with it
        // on), unlocking turns it off again.
        let app = sb.launch().await?;
        unlock_with_passphrase(&app).await?;
        app.click("button[data-view=settings]").await?;
        let spell = app.wait("#spell-check").await?;
        app.wait_text("#spell-check-state", "Off").await?;
        assert_eq!(spell.prop("checked").await?.as_deref(), Some("false"));
        spell.click().await?;
        app.wait_text("#spell-check-state", "en_US").await?;
        app.quit().await
    });
}
