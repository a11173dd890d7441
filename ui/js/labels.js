// Words for the values the core stores as codes.

/** How often one sees someone, farthest first (the core's kebab-case names). */
const PROXIMITY = Object.freeze([
  { value: 'far-away', label: 'Far away' },
  { value: 'few-times-a-year', label: 'A few times a year' },
  { value: 'monthly', label: 'About monthly' },
  { value: 'weekly', label: 'About weekly' },
  { value: 'most-days', label: 'Most days' },
  { value: 'lives-with-me', label: 'Lives with me' },
]);

/** The seven check-in questions, in the core's field names and order. */
const DIMENSIONS = Object.freeze([
  { key: 'seen', label: 'I felt seen' },
  { key: 'heard', label: 'I felt heard' },
  { key: 'understood', label: 'I felt understood' },
  { key: 'safe', label: 'I felt safe to be vulnerable' },
  { key: 'trust', label: 'I trust them' },
  { key: 'they_showed_up', label: 'They showed up for me' },
  { key: 'i_showed_up', label: 'I showed up for them' },
]);

/**
 * @param {string | null | undefined} value
 * @returns {string}
 */
function proximity_label(value) {
  return PROXIMITY.find((p) => p.value === value)?.label ?? 'Not set';
}

/**
 * @param {string} kind "entry" | "note" | "person"
 * @returns {string}
 */
function kind_label(kind) {
  return { entry: 'Entry', note: 'Note', person: 'Person', moment: 'Moment', checkin: 'Check-in' }[kind] ?? 'Item';
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
