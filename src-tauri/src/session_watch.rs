//! Locks when the desktop session locks or the machine is about to sleep,
//! as D-Bus announces it:
//!
//! - `org.freedesktop.login1.Manager.PrepareForSleep(true)` (system bus);
//! - `org.freedesktop.login1.Session.Lock` (system bus; any session of
//!   the machine: an extra lock costs only a passphrase);
//! - `org.freedesktop.ScreenSaver.ActiveChanged(true)` and GNOME's
//!   `org.gnome.ScreenSaver.ActiveChanged(true)` (session bus).
//!
//! Each signal has a listening thread; a bus that is not there (no system
//! bus in a sandbox) leaves the others working. Test builds listen for the
//! login1 signals on the session bus too, so the end-to-end suite can send
//! them on its private `dbus-run-session` bus.

use tauri::AppHandle;
use zbus::blocking::{Connection, MessageIterator};

use crate::commands::session::lock_now;

/// Which bus a signal comes on.
#[derive(Debug, Clone, Copy)]
enum Bus {
    Session,
    System,
}

/// One signal that locks: where, which, and the lock reason it gives.
#[derive(Debug, Clone, Copy)]
struct Watch {
    bus: Bus,
    interface: &'static str,
    member: &'static str,
    /// Whether the signal carries a boolean that must be `true` (sleeping,
    /// screen saver active); `false` ones (waking up) do not lock.
    has_flag: bool,
    reason: &'static str,
}

const WATCHES: &[Watch] = &[
    Watch {
        bus: Bus::System,
        interface: "org.freedesktop.login1.Manager",
        member: "PrepareForSleep",
        has_flag: true,
        reason: "suspend",
    },
    Watch {
        bus: Bus::System,
        interface: "org.freedesktop.login1.Session",
        member: "Lock",
        has_flag: false,
        reason: "screen",
    },
    Watch {
        bus: Bus::Session,
        interface: "org.freedesktop.ScreenSaver",
        member: "ActiveChanged",
        has_flag: true,
        reason: "screen",
    },
    Watch {
        bus: Bus::Session,
        interface: "org.gnome.ScreenSaver",
        member: "ActiveChanged",
        has_flag: true,
        reason: "screen",
    },
];

/// Starts the listening threads.
pub fn start(app: &AppHandle) {
    for w in WATCHES {
        let bus = match w.bus {
            // Test builds: the suite's private bus stands in for both.
            Bus::System if cfg!(feature = "e2e") => Bus::Session,
            b => b,
        };
        let app = app.clone();
        let w = *w;
        let _ = std::thread::Builder::new()
            .name(format!("lock-on-{}", w.member))
            .spawn(move || listen(&app, bus, w));
    }
}

fn listen(app: &AppHandle, bus: Bus, w: Watch) {
    let conn = match bus {
        Bus::Session => Connection::session(),
        Bus::System => Connection::system(),
    };
    let Ok(conn) = conn else {
        return; // no such bus here: nothing to listen to
    };
    let rule = format!(
        "type='signal',interface='{}',member='{}'",
        w.interface, w.member
    );
    let Ok(messages) = MessageIterator::for_match_rule(rule.as_str(), &conn, None) else {
        return;
    };
    for msg in messages.flatten() {
        let locks = !w.has_flag || msg.body().deserialize::<bool>().unwrap_or(false);
        if locks {
            lock_now(app, w.reason);
        }
    }
}
