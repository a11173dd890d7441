//! The window opens where it was left, but never off screen.
//! `tauri-plugin-window-state` writes its size, position and maximised
//! state down in the app's config folder; [`restore`] reads that back and
//! [`fit`]s it onto the monitors there are now, before the window is
//! shown. (The plugin's own restore places a window whenever the saved
//! rectangle touches a monitor, so one that touched it by a few pixels,
//! or was larger than the monitor it now opens on, would open mostly out
//! of reach.)

use tauri::{Manager, PhysicalPosition, PhysicalSize};

/// A rectangle in physical pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rect {
    pub x: i32,
    pub y: i32,
    pub w: u32,
    pub h: u32,
}

/// How much of the window must be on a monitor to stay where it is: a
/// good part of its title bar, enough to grab it.
const GRAB_W: i64 = 200;
const GRAB_H: i64 = 80;

fn overlap(a: Rect, b: Rect) -> (i64, i64) {
    let w = (i64::from(a.x) + i64::from(a.w)).min(i64::from(b.x) + i64::from(b.w))
        - i64::from(a.x).max(i64::from(b.x));
    let h = (i64::from(a.y) + i64::from(a.h)).min(i64::from(b.y) + i64::from(b.h))
        - i64::from(a.y).max(i64::from(b.y));
    (w.max(0), h.max(0))
}

/// Where `window` should be, given the monitors: `None` when it is fine
/// as it is. A window larger than its monitor is shrunk to fit it; one
/// too little on any monitor goes to the middle of the one it overlaps
/// most, or of the first; one that only sticks out is moved in.
pub fn fit(window: Rect, monitors: &[Rect]) -> Option<Rect> {
    let (_, best) = monitors.iter().copied().enumerate().max_by_key(|(i, m)| {
        let (w, h) = overlap(window, *m);
        (w * h, std::cmp::Reverse(*i))
    })?;
    let (ow, oh) = overlap(window, best);
    let mut out = window;
    out.w = out.w.min(best.w);
    out.h = out.h.min(best.h);
    if ow < GRAB_W.min(i64::from(out.w)) || oh < GRAB_H.min(i64::from(out.h)) {
        // Out of reach: the middle of the monitor.
        out.x = best.x + ((best.w - out.w) / 2) as i32;
        out.y = best.y + ((best.h - out.h) / 2) as i32;
    } else {
        // Sticking out: moved in, each side at most to the monitor's edge.
        let max_x = i64::from(best.x) + i64::from(best.w) - i64::from(out.w);
        let max_y = i64::from(best.y) + i64::from(best.h) - i64::from(out.h);
        out.x = i64::from(out.x).clamp(i64::from(best.x), max_x) as i32;
        out.y = i64::from(out.y).clamp(i64::from(best.y), max_y) as i32;
    }
    (out != window).then_some(out)
}

/// The main window's place as the plugin wrote it down (its file, its
/// field names): the inner size, the outer position, and before it was
/// maximised, where it was.
#[derive(Debug, serde::Deserialize)]
struct Saved {
    width: u32,
    height: u32,
    x: i32,
    y: i32,
    #[serde(default)]
    prev_x: i32,
    #[serde(default)]
    prev_y: i32,
    #[serde(default)]
    maximized: bool,
}

fn saved(window: &tauri::WebviewWindow) -> Option<Saved> {
    let file = window
        .app_handle()
        .path()
        .app_config_dir()
        .ok()?
        .join(tauri_plugin_window_state::DEFAULT_FILENAME);
    let all: std::collections::HashMap<String, Saved> =
        serde_json::from_slice(&std::fs::read(file).ok()?).ok()?;
    all.into_iter()
        .find(|(label, _)| label == window.label())
        .map(|(_, s)| s)
        .filter(|s| s.width > 0 && s.height > 0)
}

/// Puts the (still hidden) main window where it was left, fitted onto
/// the monitors there are now. Done here rather than by the plugin's own
/// restore, because a hidden window does not yet report the position the
/// plugin gave it, so it could not be checked afterwards.
pub fn restore(window: &tauri::WebviewWindow) {
    let Some(s) = saved(window) else {
        return;
    };
    let (x, y) = if s.maximized {
        (s.prev_x, s.prev_y)
    } else {
        (s.x, s.y)
    };
    let was = Rect {
        x,
        y,
        w: s.width,
        h: s.height,
    };
    let monitors: Vec<Rect> = window
        .available_monitors()
        .unwrap_or_default()
        .iter()
        .map(|m| Rect {
            x: m.position().x,
            y: m.position().y,
            w: m.size().width,
            h: m.size().height,
        })
        .collect();
    let to = fit(was, &monitors).unwrap_or(was);
    let _ = window.set_size(PhysicalSize {
        width: to.w,
        height: to.h,
    });
    let _ = window.set_position(PhysicalPosition { x: to.x, y: to.y });
    if s.maximized {
        let _ = window.maximize();
    }
}

/// Writes the window's place down shortly after it last moved or changed
/// size, not only at a clean exit (the plugin's own moment): a session
/// that ends by logging out or by a crash still opens where it was left.
pub fn save_as_it_changes(window: &tauri::WebviewWindow) {
    use std::sync::mpsc;
    use std::time::Duration;
    use tauri_plugin_window_state::AppHandleExt;
    let (tx, rx) = mpsc::channel::<()>();
    let app = window.app_handle().clone();
    std::thread::spawn(move || {
        // Each change restarts the wait; half a second of quiet saves.
        while rx.recv().is_ok() {
            while rx.recv_timeout(Duration::from_millis(500)).is_ok() {}
            let _ = app.save_window_state(flags());
        }
    });
    window.on_window_event(move |event| {
        if matches!(
            event,
            tauri::WindowEvent::Moved(_) | tauri::WindowEvent::Resized(_)
        ) {
            let _ = tx.send(());
        }
    });
}

/// What is remembered: size, position and maximised (not visibility: the
/// window always shows; not decorations or full screen, never changed).
pub fn flags() -> tauri_plugin_window_state::StateFlags {
    use tauri_plugin_window_state::StateFlags;
    StateFlags::SIZE | StateFlags::POSITION | StateFlags::MAXIMIZED
}

#[cfg(test)]
mod tests {
    use super::{fit, Rect};

    const SCREEN: Rect = Rect {
        x: 0,
        y: 0,
        w: 1280,
        h: 800,
    };

    fn r(x: i32, y: i32, w: u32, h: u32) -> Rect {
        Rect { x, y, w, h }
    }

    #[test]
    fn a_window_on_screen_stays_where_it_is() {
        assert_eq!(fit(r(100, 50, 900, 600), &[SCREEN]), None);
        assert_eq!(fit(r(0, 0, 1280, 800), &[SCREEN]), None);
    }

    #[test]
    fn a_window_off_every_monitor_goes_to_the_middle_of_one() {
        assert_eq!(
            fit(r(-30_000, -30_000, 900, 600), &[SCREEN]),
            Some(r(190, 100, 900, 600))
        );
        // Touching by a few pixels is not on screen.
        assert_eq!(
            fit(r(1250, 780, 900, 600), &[SCREEN]),
            Some(r(190, 100, 900, 600))
        );
    }

    #[test]
    fn a_window_sticking_out_is_moved_in() {
        assert_eq!(
            fit(r(700, -40, 900, 600), &[SCREEN]),
            Some(r(380, 0, 900, 600))
        );
    }

    #[test]
    fn a_window_larger_than_its_monitor_is_shrunk_to_it() {
        assert_eq!(
            fit(r(0, 0, 3000, 2000), &[SCREEN]),
            Some(r(0, 0, 1280, 800))
        );
    }

    #[test]
    fn with_two_monitors_the_one_it_overlaps_most_takes_it() {
        let right = r(1280, 0, 1920, 1080);
        assert_eq!(fit(r(1400, 100, 900, 600), &[SCREEN, right]), None);
        // Left behind on a monitor that is gone: the middle of the first.
        assert_eq!(
            fit(r(9000, 100, 900, 600), &[SCREEN, right]),
            Some(r(190, 100, 900, 600))
        );
        // Mostly on the right one, sticking out below it.
        assert_eq!(
            fit(r(1500, 700, 900, 600), &[SCREEN, right]),
            Some(r(1500, 480, 900, 600))
        );
    }

    #[test]
    fn no_monitor_known_means_no_change() {
        assert_eq!(fit(r(-30_000, 0, 900, 600), &[]), None);
    }
}
