//! Depth: how close a relationship feels, from the user's own check-ins —
//! and where it sits against proximity.
//!
//! **Definition.** A check-in answers up to seven questions on 1–5 (felt
//! seen, heard, understood, safe to be vulnerable, trust, they showed up,
//! I showed up). Its *score* is the mean of the answered ones mapped to
//! 0–100: `(mean − 1) × 25`. A check-in with none answered (only the
//! circles, or only words) does not count. A person's *depth* at time `t`
//! is the recency-weighted mean of the scores of check-ins made up to `t`,
//! each weighted `0.5 ^ (age in days / 60)`: a check-in two months old
//! counts half as much as today's. With no scored check-in, depth is not a
//! number but "not yet reflected". The Inclusion-of-Other-in-Self answer
//! (1–7 circles) is shown beside depth, never mixed into it.
//!
//! **The map.** Near means seeing each other at least weekly (proximity
//! weekly, most days, lives with me); close means depth ≥ 60 (answers
//! averaging 3.4 or more).

use chrono::{DateTime, Utc};
use serde::Serialize;

pub use crate::model::reflection::Dimensions;

use crate::model::Proximity;

/// Half-life of a check-in's weight, in days.
pub const HALF_LIFE_DAYS: f64 = 60.0;
/// Depth at or above which a relationship counts as close on the map.
pub const CLOSE_AT: f64 = 60.0;

/// Depth at `at` from `(time, score)` pairs; only pairs at or before `at`
/// count. `None` when there are none.
pub fn depth_at(scores: &[(DateTime<Utc>, f64)], at: DateTime<Utc>) -> Option<f64> {
    let mut num = 0.0;
    let mut den = 0.0;
    for &(t, s) in scores {
        if t > at {
            continue;
        }
        let age_days = (at - t).num_seconds() as f64 / 86_400.0;
        let w = 0.5_f64.powf(age_days / HALF_LIFE_DAYS);
        num += w * s;
        den += w;
    }
    (den > 0.0).then(|| num / den)
}

/// Where a person sits on the proximity/depth map.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "contract", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum Quadrant {
    /// Near and close.
    NearAndClose,
    /// Far but close.
    FarButClose,
    /// Near but distant: the illusion of proximity.
    NearButDistant,
    /// Far and distant.
    FarAndDistant,
}

impl Quadrant {
    /// Places a person; `None` until both proximity and depth are known.
    pub fn of(proximity: Option<Proximity>, depth: Option<f64>) -> Option<Self> {
        let near = proximity? >= Proximity::Weekly;
        let close = depth? >= CLOSE_AT;
        Some(match (near, close) {
            (true, true) => Self::NearAndClose,
            (false, true) => Self::FarButClose,
            (true, false) => Self::NearButDistant,
            (false, false) => Self::FarAndDistant,
        })
    }

    /// The quadrant's name, in the product's words.
    pub fn name(self) -> &'static str {
        match self {
            Self::NearAndClose => "Near and close",
            Self::FarButClose => "Far but close",
            Self::NearButDistant => "Near but distant — the illusion of proximity",
            Self::FarAndDistant => "Far and distant",
        }
    }

    /// A gentle sentence about what it may mean.
    pub fn meaning(self) -> &'static str {
        match self {
            Self::NearAndClose => {
                "You share both time and depth. Worth tending, and worth not taking for granted."
            }
            Self::FarButClose => {
                "Distance hasn't thinned what you have. A short message may mean more than you think."
            }
            Self::NearButDistant => {
                "You are often in the same room, yet something stays unsaid. Being near is not the same as being close; one honest moment can start to change that."
            }
            Self::FarAndDistant => {
                "Neither near nor close right now. Relationships have seasons; notice whether you miss them."
            }
        }
    }

    /// All four, for legends.
    pub const ALL: [Self; 4] = [
        Self::NearAndClose,
        Self::FarButClose,
        Self::NearButDistant,
        Self::FarAndDistant,
    ];
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn day(d: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 6, 1, 12, 0, 0).unwrap() + chrono::Duration::days(d)
    }

    fn dims(v: &[u8]) -> Dimensions {
        let g = |i: usize| v.get(i).copied().filter(|x| *x > 0);
        Dimensions {
            seen: g(0),
            heard: g(1),
            understood: g(2),
            safe: g(3),
            trust: g(4),
            they_showed_up: g(5),
            i_showed_up: g(6),
        }
    }

    #[test]
    fn check_in_scores_by_hand() {
        let table: &[(&[u8], Option<f64>)] = &[
            (&[5, 5, 5, 5, 5, 5, 5], Some(100.0)),
            (&[1, 1, 1, 1, 1, 1, 1], Some(0.0)),
            (&[4, 3], Some(62.5)),                                 // mean 3.5
            (&[0, 0, 2], Some(25.0)),                              // only "understood", 2
            (&[3, 3, 3, 3, 3, 3, 4], Some(53.571_428_571_428_57)), // mean 22/7
            (&[], None),                                           // nothing answered
        ];
        for (answers, want) in table {
            let got = dims(answers).score();
            match (got, want) {
                (Some(g), Some(w)) => assert!((g - w).abs() < 1e-9, "{answers:?}: {g} != {w}"),
                (g, w) => assert_eq!(g, *w, "{answers:?}"),
            }
        }
    }

    #[test]
    fn depth_is_recency_weighted_by_hand() {
        let now = day(0);
        // Today 100, sixty days ago 0: weights 1 and 0.5 -> 100 / 1.5.
        let d = depth_at(&[(day(-60), 0.0), (now, 100.0)], now).unwrap();
        assert!((d - 66.666_666_666_666_67).abs() < 1e-9, "{d}");
        // 120 days ago 100 (weight 0.25), today 50 (weight 1): 75 / 1.25.
        let d = depth_at(&[(day(-120), 100.0), (now, 50.0)], now).unwrap();
        assert!((d - 60.0).abs() < 1e-9, "{d}");
        // One check-in: its own score, however old.
        assert_eq!(depth_at(&[(day(-400), 37.5)], now), Some(37.5));
        // Later check-ins do not count at an earlier time.
        assert_eq!(
            depth_at(&[(day(-10), 20.0), (day(5), 90.0)], now),
            Some(20.0)
        );
        assert_eq!(depth_at(&[], now), None, "not yet reflected, not zero");
        assert_eq!(depth_at(&[(day(3), 50.0)], now), None);
    }

    #[test]
    fn quadrants_by_hand() {
        use Proximity::*;
        let table = [
            (Some(Weekly), Some(66.7), Some(Quadrant::NearAndClose)),
            (Some(LivesWithMe), Some(60.0), Some(Quadrant::NearAndClose)),
            (Some(FarAway), Some(80.0), Some(Quadrant::FarButClose)),
            (Some(Monthly), Some(75.0), Some(Quadrant::FarButClose)),
            (
                Some(LivesWithMe),
                Some(30.0),
                Some(Quadrant::NearButDistant),
            ),
            (Some(MostDays), Some(59.9), Some(Quadrant::NearButDistant)),
            (
                Some(FewTimesAYear),
                Some(10.0),
                Some(Quadrant::FarAndDistant),
            ),
            (Some(Monthly), None, None),
            (None, Some(80.0), None),
        ];
        for (p, d, want) in table {
            assert_eq!(Quadrant::of(p, d), want, "{p:?} {d:?}");
        }
        assert!(Quadrant::NearButDistant
            .name()
            .contains("illusion of proximity"));
    }
}
