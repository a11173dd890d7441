//! kill -9 of the app while it autosaves: the editor keeps typing new
//! versions of an entry through its own input events and autosaver; at a
//! random moment the app is killed. Afterwards the vault passes both
//! integrity checks, the entry is a whole version (never a mix), no older
//! than the last one the window showed as saved, and no temp or scratch
//! file is left once the vault is opened again.
//!
//! `KINDRED_CRASH_TRIALS` sets the trials (default 3 here; `cargo xtask
//! crash` runs 50). Prints a `kill-series:` line.

use std::time::Duration;

use crate::util::{entry, open_journal, run_for, unlock_with_passphrase, Sandbox};

fn trials() -> usize {
    std::env::var("KINDRED_CRASH_TRIALS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(3)
}

/// Version `k` of the entry's body, as the page types it.
fn version(k: u64) -> String {
    format!(
        "Autosave\nversion {k} {}",
        "the kettle sang on the stove. ".repeat((k % 40) as usize)
    )
}

/// Starts typing versions after `base` in the page, without waiting: each
/// is typed, then autosaved; `window.__acked` is the last one the page saw
/// saved.
fn type_on(base: u64) -> String {
    format!(
        "const body = document.querySelector('#entry-body');
  const state = document.querySelector('.save-state');
  window.__acked = {base};
  (async () => {{
    for (let k = {base} + 1; ; k++) {{
      body.value = 'Autosave\\nversion ' + k + ' ' + 'the kettle sang on the stove. '.repeat(k % 40);
      body.dispatchEvent(new Event('input', {{ bubbles: true }}));
      while (state.dataset.state !== 'saved') await new Promise((ok) => setTimeout(ok, 5));
      window.__acked = k;
    }}
  }})();
  return true;"
    )
}

#[test]
fn kill_9_during_autosave_loses_no_acknowledged_save() {
    let n = trials();
    run_for(Duration::from_secs(120 + 60 * n as u64), || async move {
        let sb = Sandbox::new()?;
        let mut id = 0;
        sb.seed(|v| {
            id = entry(v, "Autosave", &version(0), vec![])?;
            Ok(())
        })?;
        let seed = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)?
            .as_nanos() as u64;
        println!("kill autosave: seed {seed}");
        let mut rng = seed | 1;
        let (mut mid, mut kept_before) = (0, 0);
        for trial in 0..n {
            let app = sb.launch().await?;
            unlock_with_passphrase(&app).await?;
            open_journal(&app).await?;
            app.click_xpath("//*[contains(@class,'entry-item')][.//*[text()='Autosave']]")
                .await?;
            app.wait_js(
                "entry open",
                "document.querySelector('#entry-title').value === 'Autosave'",
            )
            .await?;
            app.js(&type_on(kept_before)).await?;
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            tokio::time::sleep(Duration::from_millis(300 + rng % 2700)).await;
            let acked = app
                .js("return window.__acked;")
                .await?
                .as_u64()
                .unwrap_or(0);
            app.kill_9().await?;

            let v = sb.open()?;
            v.check_integrity()?;
            let body = v.journal().get(id)?.body;
            let kept: u64 = body
                .strip_prefix("Autosave\nversion ")
                .and_then(|r| r.split(' ').next())
                .and_then(|k| k.parse().ok())
                .ok_or(format!(
                    "trial {trial} (seed {seed}): not a version: {body:.40}"
                ))?;
            assert_eq!(
                body,
                version(kept),
                "trial {trial} (seed {seed}): a whole version"
            );
            assert!(
                kept >= acked,
                "trial {trial} (seed {seed}): version {kept} kept, {acked} was shown saved"
            );
            if kept > acked {
                mid += 1; // a save went through after the last look
            }
            kept_before = kept;
            assert_eq!(
                v.journal().list(&Default::default())?.len(),
                1,
                "no stray entry"
            );
            drop(v);
            let left: Vec<String> = std::fs::read_dir(sb.vault())?
                .flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.starts_with(".kindred-scratch-") || n.contains(".tmp-"))
                .collect();
            assert!(
                left.is_empty(),
                "trial {trial}: left after the next open: {left:?}"
            );
        }
        assert!(
            kept_before > 0,
            "no save went through; the test tested nothing"
        );
        println!(
            "kill-series: autosave in the app: {n} trials, {mid} with a save after the last look, {kept_before} versions kept in all"
        );
        Ok(())
    });
}
