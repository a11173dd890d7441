// The core's words for reflection (kinds of moment, love-map topics,
// themes, the map's quadrants and thresholds), asked for once: they are
// the same for every vault and hold nothing personal.

import { api } from './ipc.js';

/** @typedef {import('./gen/contract.js').Vocabulary} Vocabulary */

/** @type {Promise<Vocabulary> | null} */
let cached = null;

/** @returns {Promise<Vocabulary>} */
function vocabulary() {
  if (!cached) {
    cached = api.vocabulary();
    cached.catch(() => { cached = null; });
  }
  return cached;
}

/**
 * The label of `value` in a word list, or the value itself.
 * @param {ReadonlyArray<{value: string, label: string}>} words
 * @param {string} value
 * @returns {string}
 */
function word(words, value) {
  return words.find((w) => w.value === value)?.label ?? value;
}

/**
 * Prompt and on-this-day text carries names inside Unicode isolates
 * (U+2068 … U+2069) so a right-to-left name cannot reorder the sentence
 * around it. Shown as a text node they are kept; for a one-line title
 * they are dropped.
 * @param {string} text
 * @returns {string}
 */
function plain(text) {
  return String(text ?? '').replace(/[\u2066-\u2069]/g, '');
}

export { vocabulary, word, plain };
