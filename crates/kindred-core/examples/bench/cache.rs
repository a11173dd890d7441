//! What SQLCipher's page cache buys and costs at this size. Each cache
//! size runs in a process of its own (this bench again, with
//! `BENCH_CACHE_PROBE` set), so no size inherits another's memory: a
//! passphrase unlock (an empty cache, the file in the OS's cache), the
//! journal's first page and every search once (cold, as after unlock),
//! then the searches again (warm), and how much the process's own memory
//! grew over all that (`RssAnon`, which holds the decrypted pages kept).

use std::path::Path;
use std::process::Command;
use std::sync::Arc;

use kindred_core::clock::SystemClock;
use kindred_core::store::entries::ListFilter;
use kindred_core::{search, Secret, Unlock, Vault};

use super::{ms, pct, search_times, time, PASSPHRASE};

/// The sizes tried, in KiB; the last is the one Kindred uses.
const SIZES_KIB: [i64; 5] = [2 * 1024, 8 * 1024, 16 * 1024, 32 * 1024, 64 * 1024];

/// Set to a vault folder: this process is one size's probe.
pub const PROBE: &str = "BENCH_CACHE_PROBE";
const KIB: &str = "BENCH_CACHE_KIB";
const QUERIES: &str = "BENCH_CACHE_QUERIES";

pub fn figures(vdir: &Path, queries: &[String]) {
    println!(
        "\n| page cache per connection | journal page + every search, cold | search p50 / p95, warm | the process's own memory, grown by |\n|---|---|---|---|"
    );
    let list = vdir.with_extension("queries");
    std::fs::write(&list, queries.join("\n")).unwrap();
    for kib in SIZES_KIB {
        let out = Command::new(std::env::current_exe().unwrap())
            .env(PROBE, vdir)
            .env(KIB, kib.to_string())
            .env(QUERIES, &list)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "the cache probe failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let mark = if kib == SIZES_KIB[SIZES_KIB.len() - 1] {
            " (Kindred's)"
        } else {
            ""
        };
        print!(
            "| {} MiB{mark} {}",
            kib / 1024,
            String::from_utf8_lossy(&out.stdout)
        );
    }
    let _ = std::fs::remove_file(&list);
}

/// One size, in this process: prints the rest of its table row.
pub fn probe(vdir: &Path) {
    let kib: i64 = std::env::var(KIB).unwrap().parse().unwrap();
    let queries: Vec<String> = std::fs::read_to_string(std::env::var(QUERIES).unwrap())
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect();
    let v = Vault::unlock(
        vdir,
        Unlock::Passphrase(&Secret::new(PASSPHRASE.into())),
        Arc::new(SystemClock),
    )
    .unwrap();
    v.connection()
        .pragma_update(None, "cache_size", -kib)
        .unwrap();
    let before = rss_anon_kib();
    let (cold, ()) = time(|| {
        let page = v
            .journal()
            .list(&ListFilter {
                limit: Some(100),
                ..ListFilter::default()
            })
            .unwrap();
        std::hint::black_box(page);
        for q in &queries {
            std::hint::black_box(search::search(v.connection(), q, 20).unwrap());
        }
    });
    let mut warm = search_times(v.connection(), &queries, 3);
    let grown = rss_anon_kib() - before;
    println!(
        "| {} | {} / {} | {:.1} MB |",
        ms(cold),
        ms(pct(&mut warm, 0.5)),
        ms(pct(&mut warm, 0.95)),
        grown as f64 * 1024.0 / 1e6
    );
}

/// The process's resident anonymous memory (heap and the like), in KiB.
fn rss_anon_kib() -> i64 {
    std::fs::read_to_string("/proc/self/status")
        .unwrap()
        .lines()
        .find_map(|l| l.strip_prefix("RssAnon:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap()
}
