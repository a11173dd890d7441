//! Shared fixtures: a temp-dir vault with a fixed clock, and the raw scan.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{TimeZone, Utc};
use kindred_core::clock::{Clock, FixedClock};
use kindred_core::{Created, Secret, Vault};

pub const PASSPHRASE: &str = "a quiet harbour at dawn";

pub fn pass(s: &str) -> Secret<String> {
    Secret::new(s.to_owned())
}

pub fn clock() -> Arc<FixedClock> {
    Arc::new(FixedClock::new(
        Utc.with_ymd_and_hms(2026, 3, 14, 9, 30, 0).unwrap(),
    ))
}

/// A new vault in its own temp dir.
pub struct TestVault {
    pub tmp: tempfile::TempDir,
    pub created: Option<Created>,
}

impl TestVault {
    pub fn new() -> Self {
        let tmp = tempfile::tempdir().unwrap();
        let clock: Arc<dyn Clock> = clock();
        let created = Vault::create(&tmp.path().join("vault"), &pass(PASSPHRASE), clock).unwrap();
        Self {
            tmp,
            created: Some(created),
        }
    }

    pub fn dir(&self) -> PathBuf {
        self.tmp.path().join("vault")
    }

    pub fn vault(&self) -> &Vault {
        &self.created.as_ref().unwrap().vault
    }

    pub fn vault_mut(&mut self) -> &mut Vault {
        &mut self.created.as_mut().unwrap().vault
    }

    pub fn recovery_code(&self) -> String {
        self.created
            .as_ref()
            .unwrap()
            .recovery_code
            .expose_secret()
            .clone()
    }

    /// Locks (drops the unlocked vault), keeping the files.
    pub fn lock(&mut self) {
        self.created.take();
    }
}

/// Every file under `dir`, with its bytes.
pub fn all_files(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if let Ok(bytes) = std::fs::read(&p) {
                out.push((p, bytes));
            }
        }
    }
    out
}

/// Which of `needles` occur in any file under `dir` (as UTF-8 bytes).
pub fn found_in(dir: &Path, needles: &[&str]) -> Vec<String> {
    let files = all_files(dir);
    needles
        .iter()
        .filter(|n| {
            files
                .iter()
                .any(|(_, b)| b.windows(n.len()).any(|w| w == n.as_bytes()))
        })
        .map(|n| n.to_string())
        .collect()
}

/// Byte-for-byte snapshot of a folder.
pub fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files = all_files(dir);
    files.sort();
    files
}
