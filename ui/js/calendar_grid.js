// The calendar's arithmetic, free of the page: which weekday a week starts
// on in the user's locale, the weeks of a month, and where a key moves the
// selected day. Dates are local calendar dates, "YYYY-MM-DD".

/**
 * Regions whose weeks start on Sunday, or Saturday, where the runtime
 * cannot say (`Intl.Locale` week info is newer than some WebKits). From
 * CLDR's weekData; every other region starts on Monday.
 */
const SUNDAY = new Set(['AG', 'AS', 'BD', 'BR', 'BS', 'BT', 'BW', 'BZ', 'CA', 'CN', 'CO', 'DM', 'DO', 'ET', 'GT', 'GU', 'HK', 'HN', 'ID', 'IL', 'IN', 'JM', 'JP', 'KE', 'KH', 'KR', 'LA', 'MH', 'MM', 'MO', 'MT', 'MX', 'MZ', 'NI', 'NP', 'PA', 'PE', 'PH', 'PK', 'PR', 'PT', 'PY', 'SA', 'SG', 'SV', 'TH', 'TT', 'TW', 'UM', 'US', 'VE', 'VI', 'WS', 'YE', 'ZA', 'ZW']);
const SATURDAY = new Set(['AE', 'AF', 'BH', 'DJ', 'DZ', 'EG', 'IQ', 'IR', 'JO', 'KW', 'LY', 'OM', 'QA', 'SD', 'SY']);

/**
 * A locale tag the `Intl` formatters accept: `tag` when it is one, else
 * the runtime's own ("C" or "POSIX" from a bare system are not).
 * @param {string | undefined} tag such as navigator.language
 * @returns {string}
 */
function usable_locale(tag) {
  try {
    const [canonical] = Intl.getCanonicalLocales(String(tag ?? '').replace(/_/g, '-').replace(/[.@].*$/, ''));
    if (canonical && !/^(c|posix)$/i.test(canonical)) return canonical;
  } catch {
    // Not a locale tag.
  }
  return new Intl.DateTimeFormat().resolvedOptions().locale;
}

/**
 * The first day of the week in `locale`: 1 Monday … 7 Sunday (ISO).
 * @param {string} locale a BCP 47 tag such as "en-US" or "de-DE"
 * @returns {number}
 */
function first_weekday(locale) {
  try {
    const l = /** @type {any} */ (new Intl.Locale(locale));
    const info = typeof l.getWeekInfo === 'function' ? l.getWeekInfo() : l.weekInfo;
    if (info && Number.isInteger(info.firstDay) && info.firstDay >= 1 && info.firstDay <= 7) return info.firstDay;
  } catch {
    // An odd tag: fall through to the table with what can be read of it.
  }
  const region = (/[-_]([A-Za-z]{2})(?:[-_.@]|$)/.exec(String(locale)) ?? [])[1]?.toUpperCase() ?? '';
  if (SUNDAY.has(region)) return 7;
  if (SATURDAY.has(region)) return 6;
  return 1;
}

/** @param {string} iso @returns {Date} noon UTC of that day */
function utc(iso) {
  const [y, m, d] = iso.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d, 12));
}

/** @param {Date} t @returns {string} */
function iso_of(t) {
  return t.toISOString().slice(0, 10);
}

/**
 * `iso` moved by `days`.
 * @param {string} iso
 * @param {number} days
 */
function add_days(iso, days) {
  const t = utc(iso);
  t.setUTCDate(t.getUTCDate() + days);
  return iso_of(t);
}

/**
 * The same day `months` later, or the month's last day when it is
 * shorter (31 January + 1 month is 28 or 29 February).
 * @param {string} iso
 * @param {number} months
 */
function add_months(iso, months) {
  const [y, m, d] = iso.split('-').map(Number);
  const index = y * 12 + (m - 1) + months;
  const ny = Math.floor(index / 12);
  const nm = index - ny * 12 + 1;
  const last = new Date(Date.UTC(ny, nm, 0)).getUTCDate();
  return `${String(ny).padStart(4, '0')}-${String(nm).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/** ISO weekday of a date: 1 Monday … 7 Sunday. @param {string} iso */
function weekday(iso) {
  return utc(iso).getUTCDay() || 7;
}

/**
 * The weeks shown for a month: whole weeks from the one holding its first
 * day to the one holding its last, each seven days from `first_day`.
 * @param {number} year
 * @param {number} month 1–12
 * @param {number} first_day 1 Monday … 7 Sunday
 * @returns {{date: string, in_month: boolean}[][]}
 */
function month_weeks(year, month, first_day) {
  const first = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-01`;
  const last = add_days(add_months(first, 1), -1);
  let day = add_days(first, -((weekday(first) - first_day + 7) % 7));
  /** @type {{date: string, in_month: boolean}[][]} */
  const weeks = [];
  while (day <= last) {
    const week = [];
    for (let i = 0; i < 7; i++) {
      week.push({ date: day, in_month: day.slice(0, 7) === first.slice(0, 7) });
      day = add_days(day, 1);
    }
    weeks.push(week);
  }
  return weeks;
}

/**
 * Where a key moves the selected day, or null for other keys: arrows by
 * day and week, Page Up/Down by month (with Shift, by year), Home and End
 * to the week's first and last day.
 * @param {string} iso
 * @param {{key: string, shiftKey?: boolean}} ev
 * @param {number} first_day 1 Monday … 7 Sunday
 * @returns {string | null}
 */
function moved(iso, ev, first_day) {
  const back = (weekday(iso) - first_day + 7) % 7;
  switch (ev.key) {
    case 'ArrowLeft': return add_days(iso, -1);
    case 'ArrowRight': return add_days(iso, 1);
    case 'ArrowUp': return add_days(iso, -7);
    case 'ArrowDown': return add_days(iso, 7);
    case 'PageUp': return add_months(iso, ev.shiftKey ? -12 : -1);
    case 'PageDown': return add_months(iso, ev.shiftKey ? 12 : 1);
    case 'Home': return add_days(iso, -back);
    case 'End': return add_days(iso, 6 - back);
    default: return null;
  }
}

export { add_days, add_months, first_weekday, month_weeks, moved, usable_locale, weekday };
