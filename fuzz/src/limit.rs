//! The harness's allocator: the system's, counting live heap bytes and
//! refusing an allocation that would take them past [`LIMIT`]. Rust then
//! aborts with "memory allocation of N bytes failed", which AFL++ saves as
//! a crash and `cargo xtask fuzz` counts as an allocation over the limit
//! when it replays it. (SQLite's own allocations are not counted here;
//! AFL++'s memory limit, `-m`, bounds the whole process.)

// A global allocator is an `unsafe impl`: each method only forwards to
// `System` with the caller's own arguments, under the caller's contract.
#![allow(unsafe_code)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

/// Most live heap the harness allows: 512 MiB.
pub const LIMIT: usize = 512 * 1024 * 1024;

/// The system allocator with a limit on live bytes.
#[derive(Debug)]
pub struct Limited {
    live: AtomicUsize,
    limit: usize,
}

impl Limited {
    /// An allocator allowing `limit` live bytes.
    pub const fn new(limit: usize) -> Self {
        Self {
            live: AtomicUsize::new(0),
            limit,
        }
    }

    /// Reserves `size` more live bytes; false when that passes the limit.
    fn take(&self, size: usize) -> bool {
        let before = self.live.fetch_add(size, Ordering::Relaxed);
        if before.saturating_add(size) > self.limit {
            self.live.fetch_sub(size, Ordering::Relaxed);
            return false;
        }
        true
    }
}

unsafe impl GlobalAlloc for Limited {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if !self.take(layout.size()) {
            return std::ptr::null_mut();
        }
        let p = unsafe { System.alloc(layout) };
        if p.is_null() {
            self.live.fetch_sub(layout.size(), Ordering::Relaxed);
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if !self.take(layout.size()) {
            return std::ptr::null_mut();
        }
        let p = unsafe { System.alloc_zeroed(layout) };
        if p.is_null() {
            self.live.fetch_sub(layout.size(), Ordering::Relaxed);
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        self.live.fetch_sub(layout.size(), Ordering::Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let old = layout.size();
        if new_size > old && !self.take(new_size - old) {
            return std::ptr::null_mut();
        }
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if p.is_null() {
            if new_size > old {
                self.live.fetch_sub(new_size - old, Ordering::Relaxed);
            }
        } else if new_size < old {
            self.live.fetch_sub(old - new_size, Ordering::Relaxed);
        }
        p
    }
}
