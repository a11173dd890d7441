//! Giving freed memory back to the system.
//!
//! glibc's allocator keeps what a thread freed in that thread's arena for
//! later use, and with many threads (one per picture request, IPC workers)
//! that adds up: making the thumbnails of 50 camera photos left the app
//! process 42 MB larger for as long as it ran (`cargo xtask bench --app`,
//! the at-scale run). [`give_back`] asks glibc to return every free page
//! of every arena (`malloc_trim`); it is called after the work that frees
//! the most: a thumbnail made, a lock (the vault's page cache), the first
//! screen drawn. The memory is free either way; this only lets the rest of
//! the system have it.

/// Returns the allocator's free pages to the system (Linux with glibc; a
/// no-op elsewhere). Takes a few milliseconds at most.
pub fn give_back() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    #[allow(unsafe_code)]
    // SAFETY: malloc_trim takes a byte count, touches only the allocator's
    // own free lists (under its locks) and is safe to call from any thread
    // at any time.
    unsafe {
        libc::malloc_trim(0);
    }
}

#[cfg(all(test, target_os = "linux", target_env = "gnu"))]
mod tests {
    use super::give_back;

    /// Resident memory of this process, in KiB.
    fn rss_kb() -> u64 {
        let statm = std::fs::read_to_string("/proc/self/statm").unwrap_or_default();
        let pages: u64 = statm
            .split_whitespace()
            .nth(1)
            .and_then(|p| p.parse().ok())
            .unwrap_or(0);
        pages * 4
    }

    #[test]
    fn freed_memory_goes_back_to_the_system() {
        // 256 MB in blocks the allocator keeps in its arena (under the
        // size it hands to mmap), written to, then every other one freed:
        // 128 MB of holes between blocks still in use, which the allocator
        // never trims on its own.
        let handle = std::thread::spawn(|| {
            let blocks: Vec<Vec<u8>> = (0..4096).map(|_| vec![1u8; 64 * 1024]).collect();
            let kept: Vec<Vec<u8>> = blocks
                .into_iter()
                .enumerate()
                .filter_map(|(i, b)| (i % 2 == 1).then_some(b))
                .collect();
            let before = rss_kb();
            give_back();
            let after = rss_kb();
            drop(kept);
            (before, after)
        });
        let (before, after) = handle.join().unwrap_or((0, 0));
        assert!(
            before > after + 100 * 1024,
            "RSS {before} KiB before, {after} KiB after: less than 100 MB given back"
        );
    }
}
