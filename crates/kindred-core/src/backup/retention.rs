//! Which backups to keep, like restic's `forget --keep-*` policy, and the
//! rotation that deletes the rest.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::blobs;
use super::format::{list_folder, BackupInfo};
use crate::clock::Clock;
use crate::crypto::DataKey;
use crate::error::{Error, Result};
use crate::fsutil;

/// How many backups to keep, like restic's `forget --keep-*`: the newest
/// `last`, plus the newest of each of the last `daily` days, `weekly` ISO
/// weeks and `monthly` months that have one. A backup kept by any rule stays.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "contract", derive(ts_rs::TS))]
pub struct Retention {
    /// Most recent backups kept regardless of date.
    pub last: u32,
    /// Days with a backup kept (the newest of each day).
    pub daily: u32,
    /// ISO weeks kept.
    pub weekly: u32,
    /// Months kept.
    pub monthly: u32,
}

impl Default for Retention {
    fn default() -> Self {
        Self {
            last: 5,
            daily: 7,
            weekly: 4,
            monthly: 12,
        }
    }
}

/// Which of `times` to keep under `policy` (indexes into `times`). Days,
/// weeks and months are the user's, as `date_of` tells them (restic too
/// buckets in local time).
pub fn to_keep(
    times: &[DateTime<Utc>],
    policy: Retention,
    date_of: &dyn Fn(DateTime<Utc>) -> chrono::NaiveDate,
) -> Vec<usize> {
    use chrono::Datelike;
    let mut order: Vec<usize> = (0..times.len()).collect();
    order.sort_by(|&a, &b| times[b].cmp(&times[a]));
    let mut keep = vec![false; times.len()];
    for &i in order.iter().take(policy.last as usize) {
        keep[i] = true;
    }
    let mut bucketed = |limit: u32, bucket: &dyn Fn(chrono::NaiveDate) -> (i32, u32)| {
        let mut seen: Vec<(i32, u32)> = Vec::new();
        for &i in &order {
            if seen.len() >= limit as usize {
                break;
            }
            let b = bucket(date_of(times[i]));
            if !seen.contains(&b) {
                seen.push(b);
                keep[i] = true;
            }
        }
    };
    bucketed(policy.daily, &|t| (t.year(), t.ordinal()));
    bucketed(policy.weekly, &|t| {
        let w = t.iso_week();
        (w.year(), w.week())
    });
    bucketed(policy.monthly, &|t| (t.year(), t.month()));
    (0..times.len()).filter(|&i| keep[i]).collect()
}

/// One rotation of one folder.
#[derive(Clone, Copy)]
pub(crate) struct Rotation<'a> {
    /// The folder.
    pub folder: &'a Path,
    /// Whose backups to rotate.
    pub vault_id: &'a str,
    /// A backup counts only once its sealed manifest opens with this key.
    pub data_key: &'a DataKey,
    /// What to keep.
    pub policy: Retention,
    /// The backup just written, which is never deleted.
    pub just_written: &'a Path,
    /// Now (backups dated later are left alone: a clock that was wrong),
    /// and the user's calendar days.
    pub clock: &'a dyn Clock,
}

impl std::fmt::Debug for Rotation<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Rotation")
            .field("folder", &self.folder)
            .field("policy", &self.policy)
            .finish_non_exhaustive()
    }
}

/// A backup a little in the future is still counted: clocks of two
/// machines sharing a drive differ by seconds, not days.
const CLOCK_SKEW: chrono::Duration = chrono::Duration::minutes(10);

/// Deletes the backups of the vault in the folder that the policy does not
/// keep; returns the deleted paths. Only backups whose sealed manifest
/// opens with the vault's key count (a forged or foreign header with this
/// vault's id is neither counted nor deleted), as do only backups dated up
/// to now; damaged files, other vaults' backups and the backup just written
/// are never touched.
pub(crate) fn rotate(r: &Rotation<'_>) -> Result<Vec<PathBuf>> {
    let mut infos: Vec<BackupInfo> = Vec::new();
    // The blobs each backup of this key needs, by backup.
    let mut needs: Vec<(PathBuf, Vec<String>)> = Vec::new();
    for found in list_folder(r.folder)? {
        let Ok((info, header)) = found.read else {
            continue;
        };
        if info.vault_id != r.vault_id {
            continue;
        }
        let Ok(manifest) = header.open_manifest(r.data_key) else {
            continue;
        };
        needs.push((
            info.path.clone(),
            manifest.blobs.into_iter().map(|b| b.name).collect(),
        ));
        if info.created_at > r.clock.now() + CLOCK_SKEW {
            continue;
        }
        infos.push(info);
    }
    let times: Vec<DateTime<Utc>> = infos.iter().map(|i| i.created_at).collect();
    let keep = to_keep(&times, r.policy, &|t| r.clock.date_of(t));
    let mut deleted = Vec::new();
    for (i, info) in infos.iter().enumerate() {
        if !keep.contains(&i) && info.path != r.just_written {
            match fs::remove_file(&info.path) {
                Ok(()) => deleted.push(info.path.clone()),
                // Deleted meanwhile (by hand): what rotation wanted.
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(Error::io("delete an old backup", &e)),
            }
        }
    }
    if !deleted.is_empty() {
        fsutil::sync_dir(r.folder).map_err(|e| Error::io("delete an old backup", &e))?;
    }
    // Attachments no backup of this key still lists go too (and scratch
    // files an interrupted backup left).
    let keep: BTreeSet<String> = needs
        .into_iter()
        .filter(|(p, _)| !deleted.contains(p))
        .flat_map(|(_, names)| names)
        .collect();
    blobs::collect_garbage(&blobs::folder(r.folder, r.vault_id, r.data_key)?, &keep)?;
    Ok(deleted)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn t(d: i64, h: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 1, 1, h, 0, 0).unwrap() + chrono::Duration::days(d)
    }

    #[test]
    fn keep_last_only() {
        let times: Vec<_> = (0..10).map(|d| t(d, 12)).collect();
        let p = Retention {
            last: 3,
            daily: 0,
            weekly: 0,
            monthly: 0,
        };
        assert_eq!(to_keep(&times, p, &|t| t.date_naive()), vec![7, 8, 9]);
    }

    #[test]
    fn daily_keeps_the_newest_of_each_day() {
        let times = vec![t(0, 9), t(0, 18), t(1, 9), t(1, 10), t(2, 8)];
        let p = Retention {
            last: 0,
            daily: 2,
            weekly: 0,
            monthly: 0,
        };
        assert_eq!(to_keep(&times, p, &|t| t.date_naive()), vec![3, 4]);
    }

    #[test]
    fn days_are_the_users_own() {
        // In UTC−7: 8 pm on day −1, 2 am on day 0, 8 pm on day 0.
        let times = vec![t(0, 3), t(0, 9), t(1, 3)];
        let p = Retention {
            last: 0,
            daily: 2,
            weekly: 0,
            monthly: 0,
        };
        let west = chrono::FixedOffset::west_opt(7 * 3600).unwrap();
        let local = |t: DateTime<Utc>| t.with_timezone(&west).date_naive();
        assert_eq!(to_keep(&times, p, &local), vec![0, 2]);
        assert_eq!(to_keep(&times, p, &|t| t.date_naive()), vec![1, 2]);
    }
}
