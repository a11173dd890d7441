//! How hard a new passphrase would be to guess, for feedback while it is
//! typed. zxcvbn estimates guesses from patterns (dictionary words, dates,
//! keyboard walks, repeats) rather than counting character classes.
//!
//! The estimate is advice; the rule that refuses a passphrase is
//! `vault::check_new_passphrase`, which uses this same estimate.

use serde::Serialize;

use crate::secret::Secret;

/// Longest input estimated; zxcvbn's work grows with length and anything
/// this long is strong anyway.
const MAX_CHARS: usize = 256;

/// The estimate shown beside a new passphrase.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "contract", derive(ts_rs::TS))]
pub struct Strength {
    /// 0 (guessed at once) to 4 (very hard to guess).
    pub score: u8,
    /// The main problem, in plain words, if there is one.
    pub warning: Option<String>,
    /// What would make it stronger.
    pub suggestions: Vec<String>,
    /// How long an offline attack on a slow hash would take, in words.
    pub crack_time: String,
}

/// Estimates `passphrase`, penalising the words in `user_inputs` (such as
/// the app's name).
pub fn estimate(passphrase: &Secret<String>, user_inputs: &[&str]) -> Strength {
    let text: String = passphrase.expose_secret().chars().take(MAX_CHARS).collect();
    let text = Secret::new(text);
    if text.expose_secret().is_empty() {
        return Strength {
            score: 0,
            warning: None,
            suggestions: Vec::new(),
            crack_time: "instantly".into(),
        };
    }
    let entropy = zxcvbn::zxcvbn(text.expose_secret(), user_inputs);
    let feedback = entropy.feedback();
    Strength {
        score: u8::from(entropy.score()),
        warning: feedback.and_then(|f| f.warning()).map(|w| w.to_string()),
        suggestions: feedback
            .map(|f| f.suggestions().iter().map(ToString::to_string).collect())
            .unwrap_or_default(),
        crack_time: entropy
            .crack_times()
            .offline_slow_hashing_1e4_per_second()
            .to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn score(p: &str) -> u8 {
        estimate(&Secret::new(p.to_owned()), &["kindred"]).score
    }

    #[test]
    fn common_passwords_score_low() {
        assert!(score("password") <= 1);
        assert!(score("qwertyuiop") <= 1);
        assert!(score("kindred2024") <= 2);
    }

    #[test]
    fn unrelated_words_score_high() {
        assert_eq!(score("violet tractor sleeps under marble"), 4);
    }

    #[test]
    fn weak_ones_come_with_advice() {
        let s = estimate(&Secret::new("password".into()), &[]);
        assert!(s.warning.is_some() || !s.suggestions.is_empty());
    }

    #[test]
    fn empty_is_zero_without_advice() {
        let s = estimate(&Secret::new(String::new()), &[]);
        assert_eq!(s.score, 0);
        assert!(s.suggestions.is_empty());
    }
}
