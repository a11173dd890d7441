// Dates as people say them. Entry dates are local calendar dates
// ("2026-03-14"); timestamps are RFC 3339 UTC.

const MONTHS = [
  'January', 'February', 'March', 'April', 'May', 'June',
  'July', 'August', 'September', 'October', 'November', 'December',
];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/**
 * Today's local date as YYYY-MM-DD.
 * @param {Date} [now]
 * @returns {string}
 */
function local_iso_date(now = new Date()) {
  const y = now.getFullYear();
  const m = String(now.getMonth() + 1).padStart(2, '0');
  const d = String(now.getDate()).padStart(2, '0');
  return `${y}-${m}-${d}`;
}

/**
 * @param {string} iso YYYY-MM-DD
 * @returns {{y: number, m: number, d: number} | null}
 */
function parse_iso_date(iso) {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(String(iso ?? ''));
  if (!m) return null;
  return { y: Number(m[1]), m: Number(m[2]), d: Number(m[3]) };
}

/** Days since 1970-01-01 for a calendar date (no time zone involved). */
function day_number(/** @type {{y: number, m: number, d: number}} */ p) {
  return Math.floor(Date.UTC(p.y, p.m - 1, p.d) / 86400000);
}

/**
 * "Saturday 14 March 2026".
 * @param {string} iso
 * @returns {string}
 */
function long_date(iso) {
  const p = parse_iso_date(iso);
  if (!p) return '';
  const weekday = DAYS[new Date(Date.UTC(p.y, p.m - 1, p.d)).getUTCDay()];
  return `${weekday} ${p.d} ${MONTHS[p.m - 1]} ${p.y}`;
}

/**
 * "March 2026", for grouping entries.
 * @param {string} iso
 * @returns {string}
 */
function month_label(iso) {
  const p = parse_iso_date(iso);
  return p ? `${MONTHS[p.m - 1]} ${p.y}` : '';
}

/**
 * How long ago a date was, in words: "today", "yesterday", "5 days ago",
 * "3 weeks ago", "4 months ago", "2 years ago"; "never" for none.
 * @param {string | null | undefined} iso
 * @param {string} today YYYY-MM-DD
 * @returns {string}
 */
function relative_day(iso, today) {
  const days = days_between(iso, today);
  return days === null ? 'never' : ago_words(days);
}

/**
 * Days from the date `iso` to `today` (negative when `iso` is later);
 * null when either is not a date.
 * @param {string | null | undefined} iso
 * @param {string} today
 * @returns {number | null}
 */
function days_between(iso, today) {
  const p = iso ? parse_iso_date(iso) : null;
  const t = parse_iso_date(today);
  if (!p || !t) return null;
  return day_number(t) - day_number(p);
}

/**
 * A number of days ago, in words ("3 weeks ago").
 * @param {number} days
 * @returns {string}
 */
function ago_words(days) {
  if (days < 0) return days === -1 ? 'tomorrow' : `in ${-days} days`;
  if (days === 0) return 'today';
  if (days === 1) return 'yesterday';
  if (days < 14) return `${days} days ago`;
  if (days < 60) return `${Math.floor(days / 7)} weeks ago`;
  if (days < 730) return `${Math.floor(days / 30)} months ago`;
  return `${Math.floor(days / 365)} years ago`;
}

/**
 * How far off a coming day is: "today", "tomorrow", "in 5 days".
 * @param {number} days
 * @returns {string}
 */
function in_days_words(days) {
  if (days <= 0) return 'today';
  if (days === 1) return 'tomorrow';
  if (days < 14) return `in ${days} days`;
  if (days < 60) return `in ${Math.round(days / 7)} weeks`;
  return `in ${Math.round(days / 30)} months`;
}

/**
 * A gentle rhythm: 7 → "about every week", 14 → "about every 2 weeks",
 * 30 → "about every month", 3 → "about every 3 days".
 * @param {number} days
 * @returns {string}
 */
function cadence_words(days) {
  const n = Math.max(1, Math.round(days));
  /** @param {number} k @param {string} unit */
  const every = (k, unit) => (k === 1 ? `about every ${unit}` : `about every ${k} ${unit}s`);
  if (n % 365 === 0) return every(n / 365, 'year');
  if (n % 30 === 0) return every(n / 30, 'month');
  if (n % 7 === 0) return every(n / 7, 'week');
  return every(n, 'day');
}

/**
 * How long ago a moment was (an RFC 3339 time): "just now", "12 minutes
 * ago", "3 hours ago", then days as `relative_day` says them.
 * @param {string | null | undefined} iso
 * @param {Date} [now]
 * @returns {string}
 */
function relative_time(iso, now = new Date()) {
  const t = iso ? Date.parse(iso) : NaN;
  if (Number.isNaN(t)) return 'never';
  const minutes = Math.floor((now.getTime() - t) / 60000);
  if (minutes < 1) return 'just now';
  if (minutes < 60) return minutes === 1 ? 'a minute ago' : `${minutes} minutes ago`;
  if (minutes < 12 * 60) {
    const hours = Math.floor(minutes / 60);
    return hours === 1 ? 'an hour ago' : `${hours} hours ago`;
  }
  return relative_day(local_iso_date(new Date(t)), local_iso_date(now));
}

/**
 * A time as a local date and hour: "Saturday 14 March 2026, 09:05".
 * @param {string} iso RFC 3339
 * @returns {string}
 */
function date_time(iso) {
  const t = new Date(iso);
  if (Number.isNaN(t.getTime())) return '';
  const hh = String(t.getHours()).padStart(2, '0');
  const mm = String(t.getMinutes()).padStart(2, '0');
  return `${long_date(local_iso_date(t))}, ${hh}:${mm}`;
}

/**
 * "14 March" (a day in the year, for important dates).
 * @param {number} month 1–12
 * @param {number} day
 * @returns {string}
 */
function day_of_year(month, day) {
  return MONTHS[month - 1] ? `${day} ${MONTHS[month - 1]}` : '';
}

/**
 * Groups items that carry a `date` into months, keeping their order.
 * @template {{date: string}} T
 * @param {T[]} items
 * @returns {{label: string, items: T[]}[]}
 */
function group_by_month(items) {
  /** @type {{label: string, items: T[]}[]} */
  const groups = [];
  for (const item of items ?? []) {
    const label = month_label(item.date);
    const last = groups[groups.length - 1];
    if (last && last.label === label) last.items.push(item);
    else groups.push({ label, items: [item] });
  }
  return groups;
}

export {
  local_iso_date, long_date, month_label, relative_day, days_between, ago_words, in_days_words,
  cadence_words, relative_time, date_time, day_of_year, group_by_month,
};
