//! Stopping long work when the vault locks. Each vault handle has a
//! [`Cancel`]; cancelling it interrupts every SQLite statement running on
//! the connections it watches (SQLite's `sqlite3_interrupt`) and makes the
//! long loops of backups and verification stop at their next step. The work
//! then fails with `VaultLocked` and leaves nothing half-written behind.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

use rusqlite::{Connection, InterruptHandle};

use crate::error::{Error, Result};

/// A cancellation switch shared between a vault handle and whoever may
/// lock it (the app's lock, from another thread).
#[derive(Default)]
pub struct Cancel {
    cancelled: AtomicBool,
    interrupts: Mutex<Vec<InterruptHandle>>,
}

impl std::fmt::Debug for Cancel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Cancel")
            .field("cancelled", &self.is_cancelled())
            .finish_non_exhaustive()
    }
}

impl Cancel {
    /// Stops the work: running statements are interrupted, later steps
    /// refuse to start.
    pub fn cancel(&self) {
        self.cancelled.store(true, Ordering::SeqCst);
        let handles = match self.interrupts.lock() {
            Ok(h) => h,
            Err(poisoned) => poisoned.into_inner(),
        };
        for h in handles.iter() {
            h.interrupt();
        }
    }

    /// Whether [`Cancel::cancel`] was called.
    pub fn is_cancelled(&self) -> bool {
        self.cancelled.load(Ordering::SeqCst)
    }

    /// `Err(VaultLocked)` once cancelled: long loops call this each step.
    pub(crate) fn check(&self) -> Result<()> {
        if self.is_cancelled() {
            Err(Error::VaultLocked)
        } else {
            Ok(())
        }
    }

    /// Interrupts `conn`'s statements too when cancelled (at once, if it
    /// already is).
    pub(crate) fn watch(&self, conn: &Connection) {
        let handle = conn.get_interrupt_handle();
        if self.is_cancelled() {
            handle.interrupt();
        }
        match self.interrupts.lock() {
            Ok(mut h) => h.push(handle),
            Err(poisoned) => poisoned.into_inner().push(handle),
        }
    }
}
