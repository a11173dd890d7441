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

/// How many malloc arenas the app's threads share.
pub const ARENAS: i32 = 2;

/// Caps glibc's malloc arenas at [`ARENAS`], first thing in `main`, before
/// any thread: by default each thread that meets a busy arena gets one of
/// its own (up to 8 a core), and what a thread freed stays in its arena.
/// Two are plenty for a window, its IPC and two thumbnail makers, and
/// measured the photos screen at 100k entries 130 → 119 MB for the app
/// process (`cargo xtask bench --app --only scale`). Returns whether glibc
/// took the setting.
pub fn limit_arenas() -> bool {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    #[allow(unsafe_code)]
    // SAFETY: mallopt only sets a parameter of the allocator (under its
    // lock); M_ARENA_MAX with a positive count is a documented use.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, ARENAS) == 1
    }
    #[cfg(not(all(target_os = "linux", target_env = "gnu")))]
    true
}

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

    /// The number of malloc arenas, from glibc's own report.
    fn arenas() -> usize {
        #[allow(unsafe_code)]
        // SAFETY: open_memstream gives a FILE* over a buffer glibc
        // allocates; malloc_info writes to it; after fclose the buffer and
        // its size are ours to read and free.
        unsafe {
            let mut buf: *mut libc::c_char = std::ptr::null_mut();
            let mut len: libc::size_t = 0;
            let f = libc::open_memstream(&mut buf, &mut len);
            assert!(!f.is_null());
            assert_eq!(libc::malloc_info(0, f), 0);
            libc::fclose(f);
            let xml = std::slice::from_raw_parts(buf as *const u8, len);
            let n = String::from_utf8_lossy(xml).matches("<heap nr=").count();
            libc::free(buf.cast());
            n
        }
    }

    /// Eight threads allocating at once, each holding its blocks until all
    /// are done: without a cap, glibc gives most of them an arena.
    fn busy_threads() {
        let start = std::sync::Arc::new(std::sync::Barrier::new(8));
        let end = std::sync::Arc::new(std::sync::Barrier::new(8));
        let threads: Vec<_> = (0..8)
            .map(|_| {
                let (start, end) = (start.clone(), end.clone());
                std::thread::spawn(move || {
                    start.wait();
                    let held: Vec<Vec<u8>> = (0..20_000).map(|i| vec![1u8; 16 + i % 512]).collect();
                    end.wait();
                    drop(held);
                })
            })
            .collect();
        for t in threads {
            let _ = t.join();
        }
    }

    /// Run alone in a fresh process by [`arenas_are_capped`] (in the
    /// whole suite other tests' threads have made arenas already).
    #[test]
    fn arenas_in_a_fresh_process() {
        let Ok(capped) = std::env::var("KINDRED_ARENA_CHILD") else {
            return;
        };
        if capped == "1" {
            assert!(super::limit_arenas());
        }
        busy_threads();
        println!("arenas={}", arenas());
    }

    /// Runs the test `name` of this binary alone in a fresh process, with
    /// `key` set to `value`, and returns what follows `tag` in
    /// what it printed (up to the next space).
    fn in_fresh_process(name: &str, key: &str, value: &str, tag: &str) -> Result<String, String> {
        let me = std::env::current_exe().map_err(|e| e.to_string())?;
        let out = std::process::Command::new(me)
            .args(["--exact", name, "--nocapture", "--test-threads=1"])
            .env(key, value)
            .output()
            .map_err(|e| e.to_string())?;
        let text = String::from_utf8_lossy(&out.stdout);
        if !out.status.success() {
            return Err(text.into_owned());
        }
        // The line may follow the harness's "test … ... " on the same line.
        text.split(tag)
            .nth(1)
            .and_then(|rest| rest.split_whitespace().next())
            .map(str::to_owned)
            .ok_or_else(|| format!("no {tag} in {text}"))
    }

    fn arenas_in_child(capped: bool) -> Result<usize, String> {
        let n = in_fresh_process(
            "memory::tests::arenas_in_a_fresh_process",
            "KINDRED_ARENA_CHILD",
            if capped { "1" } else { "0" },
            "arenas=",
        )?;
        n.parse().map_err(|_| format!("arenas={n}"))
    }

    #[test]
    fn arenas_are_capped() -> Result<(), String> {
        let capped = arenas_in_child(true)?;
        assert!(
            capped <= super::ARENAS as usize,
            "{capped} arenas with the cap of {}",
            super::ARENAS
        );
        // Control: the same threads without the cap make more, so the
        // check above can tell.
        let free = arenas_in_child(false)?;
        assert!(
            free > capped,
            "{free} arenas without the cap, {capped} with it"
        );
        Ok(())
    }

    /// Run alone in a fresh process by [`freed_memory_goes_back_to_the_system`]:
    /// RSS is the whole process's, and in the suite other tests allocate
    /// and free beside it.
    #[test]
    fn trim_in_a_fresh_process() {
        if std::env::var("KINDRED_TRIM_CHILD").is_err() {
            return;
        }
        // 256 MB in blocks the allocator keeps in its arena (under the
        // size it hands to mmap), written to, then every other one freed:
        // 128 MB of holes between blocks still in use, which the allocator
        // never trims on its own.
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
        println!("rss={before},{after}");
    }

    #[test]
    fn freed_memory_goes_back_to_the_system() -> Result<(), String> {
        let pair = in_fresh_process(
            "memory::tests::trim_in_a_fresh_process",
            "KINDRED_TRIM_CHILD",
            "1",
            "rss=",
        )?;
        let rss: Vec<u64> = pair.split(',').filter_map(|n| n.parse().ok()).collect();
        let [before, after] = rss[..] else {
            return Err(format!("rss={pair}"));
        };
        assert!(
            before > after + 100 * 1024,
            "RSS {before} KiB before, {after} KiB after: less than 100 MB given back"
        );
        Ok(())
    }
}
