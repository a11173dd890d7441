//! Which backups to keep, like restic's `forget --keep-*` policy, and the
//! rotation that deletes the rest.

use std::fs;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::format::{list_folder, BackupInfo};
use crate::error::{Error, Result};
use crate::fsutil;

/// How many backups to keep, like restic's `forget --keep-*`: the newest
/// `last`, plus the newest of each of the last `daily` days, `weekly` ISO
/// weeks and `monthly` months that have one. A backup kept by any rule stays.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
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

/// Deletes the backups of `vault_id` in `folder` that `policy` does not
/// keep; returns the deleted paths. Damaged files and other vaults' backups
/// are never touched.
pub fn rotate(
    folder: &Path,
    vault_id: &str,
    policy: Retention,
    date_of: &dyn Fn(DateTime<Utc>) -> chrono::NaiveDate,
) -> Result<Vec<PathBuf>> {
    let infos: Vec<BackupInfo> = list_folder(folder)?
        .into_iter()
        .filter_map(|(_, r)| r.ok())
        .filter(|i| i.vault_id == vault_id)
        .collect();
    let times: Vec<DateTime<Utc>> = infos.iter().map(|i| i.created_at).collect();
    let keep = to_keep(&times, policy, date_of);
    let mut deleted = Vec::new();
    for (i, info) in infos.iter().enumerate() {
        if !keep.contains(&i) {
            fs::remove_file(&info.path).map_err(|e| Error::io("delete an old backup", &e))?;
            deleted.push(info.path.clone());
        }
    }
    if !deleted.is_empty() {
        fsutil::sync_dir(folder).map_err(|e| Error::io("delete an old backup", &e))?;
    }
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
