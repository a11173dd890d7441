//! What the trust features cost at this size: listing 20 backups (the
//! Backups screen) and a save made meanwhile, re-encrypting under a new key,
//! and SQLCipher's `cipher_memory_security` on search and saves.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use kindred_core::backup::no_progress;
use kindred_core::model::EntryDraft;
use kindred_core::{Secret, Vault};

use super::{ms, pct, time, Text, PASSPHRASE};

/// Saves `count` entries through the mutex the app keeps its vault in.
fn saves(v: &Mutex<Vault>, count: usize, seed: u64) -> Vec<Duration> {
    let mut text = Text::new(seed);
    (0..count)
        .map(|_| {
            let (title, body) = text.entry();
            let draft = EntryDraft {
                title,
                body,
                ..EntryDraft::default()
            };
            time(|| v.lock().unwrap().journal().write(&draft).unwrap()).0
        })
        .collect()
}

pub fn figures(vault: Vault, n: usize, queries: &[String]) {
    println!("\n| trust feature at {n} entries | value |\n|---|---|");

    // The Backups screen with 20 backups of this vault: one written,
    // copied 19 times (listing reads headers only, so copies cost the
    // same as backups).
    let (d_backup, report) = time(|| vault.backups().now(&mut no_progress).unwrap());
    let first = report.written[0].clone();
    let folder = first.parent().unwrap().to_path_buf();
    for i in 0..19 {
        std::fs::copy(
            &first,
            folder.join(format!("kindred-20200101-0000{i:02}.kbak")),
        )
        .unwrap();
    }
    let size_mb = std::fs::metadata(&first).map(|m| m.len()).unwrap_or(0) as f64 / 1e6;
    let mut lists: Vec<Duration> = (0..10)
        .map(|_| time(|| assert_eq!(vault.backups().list().unwrap().len(), 20)).0)
        .collect();
    println!(
        "| one backup, written and verified ({size_mb:.0} MB) | {} |",
        ms(d_backup)
    );
    println!(
        "| list 20 backups (Backups screen) p50 / max | {} / {} |",
        ms(pct(&mut lists, 0.5)),
        ms(pct(&mut lists, 1.0))
    );

    // A save while the Backups screen lists, both through the app's mutex.
    let shared = Arc::new(Mutex::new(vault));
    let mut alone = saves(&shared, 60, 5);
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let lister = {
        let (shared, stop) = (shared.clone(), stop.clone());
        std::thread::spawn(move || {
            while !stop.load(std::sync::atomic::Ordering::SeqCst) {
                let _ = shared.lock().unwrap().backups().list().unwrap();
                std::thread::sleep(Duration::from_millis(5));
            }
        })
    };
    let mut during = saves(&shared, 60, 6);
    stop.store(true, std::sync::atomic::Ordering::SeqCst);
    lister.join().unwrap();
    println!(
        "| save p95 alone / while the Backups screen lists | {} / {} |",
        ms(pct(&mut alone, 0.95)),
        ms(pct(&mut during, 0.95))
    );
    let mut vault = Arc::try_unwrap(shared).ok().unwrap().into_inner().unwrap();

    // cipher_memory_security: SQLCipher wipes (and locks) the memory it
    // frees. Measured on the same searches and saves as above.
    let shared = Mutex::new(vault);
    let search_p95 = |v: &Mutex<Vault>| {
        let mut t = Vec::new();
        for _ in 0..6 {
            for q in queries {
                t.push(time(|| v.lock().unwrap().search(q, 20).unwrap()).0);
            }
        }
        pct(&mut t, 0.95)
    };
    let (s_off, mut w_off) = (search_p95(&shared), saves(&shared, 60, 7));
    shared
        .lock()
        .unwrap()
        .connection()
        .execute_batch("PRAGMA cipher_memory_security = ON;")
        .unwrap();
    let (s_on, mut w_on) = (search_p95(&shared), saves(&shared, 60, 8));
    shared
        .lock()
        .unwrap()
        .connection()
        .execute_batch("PRAGMA cipher_memory_security = OFF;")
        .unwrap();
    println!(
        "| cipher_memory_security: search p95 off / on | {} / {} ({:.2}×) |",
        ms(s_off),
        ms(s_on),
        s_on.as_secs_f64() / s_off.as_secs_f64()
    );
    let (w_off, w_on) = (pct(&mut w_off, 0.95), pct(&mut w_on, 0.95));
    println!(
        "| cipher_memory_security: save p95 off / on | {} / {} ({:.2}×) |",
        ms(w_off),
        ms(w_on),
        w_on.as_secs_f64() / w_off.as_secs_f64()
    );
    vault = shared.into_inner().unwrap();

    // Re-encrypting everything under a new key (three Argon2id derivations
    // included: the current passphrase checked, the new one and a new
    // recovery code wrapped).
    let (d_rekey, _code) = time(|| {
        vault
            .change_passphrase_with_new_key(
                &Secret::new(PASSPHRASE.into()),
                &Secret::new("a new benchmark passphrase, also public".into()),
            )
            .unwrap()
    });
    println!(
        "| re-encrypt under a new key (passphrase change --new-key) | {} |",
        ms(d_rekey)
    );
}
