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
  const p = iso ? parse_iso_date(iso) : null;
  const t = parse_iso_date(today);
  if (!p || !t) return 'never';
  const days = day_number(t) - day_number(p);
  if (days < 0) return days === -1 ? 'tomorrow' : `in ${-days} days`;
  if (days === 0) return 'today';
  if (days === 1) return 'yesterday';
  if (days < 14) return `${days} days ago`;
  if (days < 60) return `${Math.floor(days / 7)} weeks ago`;
  if (days < 730) return `${Math.floor(days / 30)} months ago`;
  return `${Math.floor(days / 365)} years ago`;
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

export { local_iso_date, long_date, month_label, relative_day, group_by_month };
