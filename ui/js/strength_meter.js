// Words and a level for zxcvbn's 0–4 score (computed in Rust, see
// crates/kindred-core/src/strength.rs).

const LABELS = ['Very weak', 'Weak', 'Fair', 'Strong', 'Very strong'];

/**
 * @param {number} score 0..4
 * @param {number} length characters typed
 * @returns {{label: string, level: number, acceptable: boolean}}
 */
function strength_label(score, length) {
  if (!length) return { label: '', level: 0, acceptable: false };
  const level = Math.max(0, Math.min(4, Math.round(Number(score) || 0)));
  return { label: LABELS[level], level, acceptable: level >= 2 && length >= 8 };
}

export { strength_label };
