// The Inclusion of Other in Self scale (Aron, Aron & Smollan 1992): seven
// pictures of two circles, "you" and the other person, from apart to
// almost one. This module only does the geometry; the check-in form draws
// the pictures and makes them a radio group.

/** Answers run from 1 (apart) to 7 (almost one). */
const IOS_LEVELS = Object.freeze([1, 2, 3, 4, 5, 6, 7]);

/** Distance between the centres, in diameters, at level 1 and level 7. */
const APART = 1.12;
const ALMOST_ONE = 0.18;

/** Words for each picture, for screen readers and the answer shown. */
const IOS_WORDS = Object.freeze([
  'apart',
  'just touching',
  'a little overlap',
  'some overlap',
  'about half overlapping',
  'mostly overlapping',
  'almost completely overlapping',
]);

/**
 * The two circles of one picture, centred in a `width` × `height` box.
 * The distance between centres shrinks in equal steps from a small gap
 * (level 1) to nearly nothing (level 7).
 * @param {number} level 1–7
 * @param {{width?: number, height?: number, r?: number}} [box]
 * @returns {{r: number, self: {cx: number, cy: number}, other: {cx: number, cy: number}, distance: number}}
 */
function ios_circles(level, box = {}) {
  const n = Math.min(7, Math.max(1, Math.round(level)));
  const width = box.width ?? 100;
  const height = box.height ?? 56;
  const r = box.r ?? Math.min(height / 2 - 2, width / (2 * (1 + APART)) - 1);
  const diameters = APART - ((n - 1) * (APART - ALMOST_ONE)) / 6;
  const distance = diameters * 2 * r;
  const cx = width / 2;
  const cy = height / 2;
  return {
    r,
    distance,
    self: { cx: round(cx - distance / 2), cy },
    other: { cx: round(cx + distance / 2), cy },
  };
}

/**
 * How much of one circle the other covers, 0–1 (the lens between two
 * equal circles of radius `r` whose centres are `distance` apart).
 * @param {number} distance
 * @param {number} r
 * @returns {number}
 */
function overlap_fraction(distance, r) {
  if (distance >= 2 * r) return 0;
  if (distance <= 0) return 1;
  const x = distance / (2 * r);
  return (2 / Math.PI) * (Math.acos(x) - x * Math.sqrt(1 - x * x));
}

/**
 * The words for an answer; "not yet reflected" when there is none.
 * @param {number | null | undefined} level
 * @returns {string}
 */
function ios_words(level) {
  if (level === null || level === undefined || !IOS_LEVELS.includes(level)) return 'not yet reflected';
  return `${level} of 7 — ${IOS_WORDS[level - 1]}`;
}

/** @param {number} v */
function round(v) {
  return Math.round(v * 100) / 100;
}

export { IOS_LEVELS, ios_circles, overlap_fraction, ios_words };
