import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  local_iso_date, long_date, month_label, relative_day, days_between, ago_words, in_days_words,
  cadence_words, relative_time, date_time, day_of_year, group_by_month,
} from './dates.js';

test('local date is formatted as YYYY-MM-DD', () => {
  assert.equal(local_iso_date(new Date(2026, 0, 5, 23, 59)), '2026-01-05');
});

test('long dates name the weekday', () => {
  assert.equal(long_date('2026-03-14'), 'Saturday 14 March 2026');
  assert.equal(long_date('nonsense'), '');
  assert.equal(month_label('2026-12-01'), 'December 2026');
});

test('relative days read naturally', () => {
  const today = '2026-03-14';
  assert.equal(relative_day('2026-03-14', today), 'today');
  assert.equal(relative_day('2026-03-13', today), 'yesterday');
  assert.equal(relative_day('2026-03-09', today), '5 days ago');
  assert.equal(relative_day('2026-02-21', today), '3 weeks ago');
  assert.equal(relative_day('2025-11-14', today), '4 months ago');
  assert.equal(relative_day('2023-01-01', today), '3 years ago');
  assert.equal(relative_day(null, today), 'never');
  assert.equal(relative_day('2026-03-15', today), 'tomorrow');
});

test('relative days cross month and leap-day boundaries', () => {
  assert.equal(relative_day('2024-02-28', '2024-03-01'), '2 days ago');
});

test('entries are grouped by month in order', () => {
  const groups = group_by_month([
    { date: '2026-03-14' },
    { date: '2026-03-02' },
    { date: '2026-02-27' },
  ]);
  assert.deepEqual(groups.map((g) => [g.label, g.items.length]), [
    ['March 2026', 2],
    ['February 2026', 1],
  ]);
  assert.deepEqual(group_by_month([]), []);
});

test('reach-out wording counts time gently', () => {
  assert.equal(ago_words(21), '3 weeks ago');
  assert.equal(ago_words(0), 'today');
  assert.equal(ago_words(400), '13 months ago');
  assert.equal(days_between('2026-02-21', '2026-03-14'), 21);
  assert.equal(days_between(null, '2026-03-14'), null);
  assert.equal(in_days_words(0), 'today');
  assert.equal(in_days_words(1), 'tomorrow');
  assert.equal(in_days_words(5), 'in 5 days');
  assert.equal(in_days_words(21), 'in 3 weeks');
});

test('cadences read as a rhythm, not a deadline', () => {
  assert.equal(cadence_words(7), 'about every week');
  assert.equal(cadence_words(14), 'about every 2 weeks');
  assert.equal(cadence_words(30), 'about every month');
  assert.equal(cadence_words(90), 'about every 3 months');
  assert.equal(cadence_words(3), 'about every 3 days');
  assert.equal(cadence_words(1), 'about every day');
  assert.equal(cadence_words(365), 'about every year');
});

test('times of day read as minutes and hours, then days', () => {
  const now = new Date(2026, 2, 14, 15, 0);
  const ago = (/** @type {number} */ ms) => new Date(now.getTime() - ms).toISOString();
  assert.equal(relative_time(ago(20 * 1000), now), 'just now');
  assert.equal(relative_time(ago(60 * 1000), now), 'a minute ago');
  assert.equal(relative_time(ago(12 * 60 * 1000), now), '12 minutes ago');
  assert.equal(relative_time(ago(3 * 3600 * 1000), now), '3 hours ago');
  assert.equal(relative_time(ago(2 * 86400 * 1000), now), '2 days ago');
  assert.equal(relative_time(null, now), 'never');
  assert.equal(date_time(new Date(2026, 2, 14, 9, 5).toISOString()), 'Saturday 14 March 2026, 09:05');
  assert.equal(day_of_year(11, 3), '3 November');
  assert.equal(day_of_year(13, 3), '');
});
