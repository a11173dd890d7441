// Words for the values the core stores as codes. Which codes there are,
// and the order of proximity, come from the generated contract; the type
// check makes sure every code has its words.

import { PROXIMITIES } from './gen/contract.js';

/**
 * @typedef {import('./gen/contract.js').Proximity} Proximity
 * @typedef {import('./gen/contract.js').Dimensions} Dimensions
 * @typedef {import('./gen/contract.js').Kind} Kind
 */

/** @type {Readonly<Record<Proximity, string>>} */
const PROXIMITY_WORDS = Object.freeze({
  'far-away': 'Far away',
  'few-times-a-year': 'A few times a year',
  monthly: 'About monthly',
  weekly: 'About weekly',
  'most-days': 'Most days',
  'lives-with-me': 'Lives with me',
});

/** How often one sees someone, farthest first (the core's order). */
const PROXIMITY = Object.freeze(PROXIMITIES.map((value) => Object.freeze({ value, label: PROXIMITY_WORDS[value] })));

/** @type {Readonly<Record<keyof Dimensions, string>>} */
const QUESTIONS = Object.freeze({
  seen: 'I felt seen',
  heard: 'I felt heard',
  understood: 'I felt understood',
  safe: 'I felt safe to be vulnerable',
  trust: 'I trust them',
  they_showed_up: 'They showed up for me',
  i_showed_up: 'I showed up for them',
});

/** The seven check-in questions, by the core's field names, in the form's order. */
const DIMENSIONS = Object.freeze(
  /** @type {(keyof Dimensions)[]} */ (Object.keys(QUESTIONS)).map((key) => Object.freeze({ key, label: QUESTIONS[key] })),
);

/**
 * @param {string | null | undefined} value
 * @returns {string}
 */
function proximity_label(value) {
  return PROXIMITY.find((p) => p.value === value)?.label ?? 'Not set';
}

/** @type {Readonly<Record<Kind, string>>} */
const KINDS = Object.freeze({ entry: 'Entry', note: 'Note', person: 'Person', moment: 'Moment', checkin: 'Check-in', attachment: 'Attachment' });

/**
 * @param {string} kind a Kind ("entry", "note" …)
 * @returns {string}
 */
function kind_label(kind) {
  return Object.hasOwn(KINDS, kind) ? KINDS[/** @type {Kind} */ (kind)] : 'Item';
}

/**
 * Minutes in words: 1 → "1 minute", 90 → "1 hour 30 minutes".
 * @param {number} seconds
 * @returns {string}
 */
function duration_words(seconds) {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} second${s === 1 ? '' : 's'}`;
  const minutes = Math.round(s / 60);
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  const parts = [];
  if (hours) parts.push(`${hours} hour${hours === 1 ? '' : 's'}`);
  if (rest) parts.push(`${rest} minute${rest === 1 ? '' : 's'}`);
  return parts.join(' ');
}

export { PROXIMITY, DIMENSIONS, proximity_label, kind_label, duration_words };
