import { test } from 'node:test';
import assert from 'node:assert/strict';
import { local_iso_date, long_date, month_label, relative_day, group_by_month } from './dates.js';

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
