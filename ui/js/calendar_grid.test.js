import { test } from 'node:test';
import assert from 'node:assert/strict';
import { add_months, first_weekday, month_weeks, moved, usable_locale, weekday } from './calendar_grid.js';

test('weeks start where the locale starts them', () => {
  assert.equal(first_weekday('en-US'), 7);
  assert.equal(first_weekday('de-DE'), 1);
  assert.equal(first_weekday('en-GB'), 1);
  assert.equal(first_weekday('ar-EG'), 6);
  // Odd or bare tags still get an answer.
  assert.equal(first_weekday('en_US.UTF-8'), 7);
  assert.equal(first_weekday('??'), 1);
  assert.equal(first_weekday('fr'), 1);
});

test('a month is whole weeks from its first day to its last', () => {
  // June 2026 begins on a Monday and ends on a Tuesday.
  assert.equal(weekday('2026-06-01'), 1);
  const monday = month_weeks(2026, 6, 1);
  assert.equal(monday.length, 5);
  assert.equal(monday[0][0].date, '2026-06-01');
  assert.equal(monday[4][6].date, '2026-07-05');
  assert.equal(monday[4][1].in_month, true);
  assert.equal(monday[4][2].in_month, false);
  const sunday = month_weeks(2026, 6, 7);
  assert.equal(sunday[0][0].date, '2026-05-31');
  assert.equal(sunday[0][0].in_month, false);
  assert.equal(sunday.length, 5);
  // February 2027 on Mondays is exactly four weeks; 2026's, starting on
  // a Sunday, takes five.
  assert.equal(month_weeks(2027, 2, 1).length, 4);
  assert.equal(month_weeks(2026, 2, 1).length, 5);
  for (const w of month_weeks(2024, 2, 7)) assert.equal(w.length, 7);
  assert.equal(month_weeks(2024, 2, 7).flat().filter((d) => d.in_month).length, 29);
});

test('keys move by day, week, month and year, and to the week ends', () => {
  assert.equal(moved('2026-06-01', { key: 'ArrowLeft' }, 1), '2026-05-31');
  assert.equal(moved('2026-06-30', { key: 'ArrowRight' }, 1), '2026-07-01');
  assert.equal(moved('2026-06-03', { key: 'ArrowUp' }, 1), '2026-05-27');
  assert.equal(moved('2026-12-29', { key: 'ArrowDown' }, 1), '2027-01-05');
  assert.equal(moved('2026-01-31', { key: 'PageDown' }, 1), '2026-02-28');
  assert.equal(moved('2024-03-31', { key: 'PageUp' }, 1), '2024-02-29');
  assert.equal(moved('2024-02-29', { key: 'PageDown', shiftKey: true }, 1), '2025-02-28');
  assert.equal(moved('2026-01-15', { key: 'PageUp', shiftKey: true }, 1), '2025-01-15');
  // Wednesday 3 June 2026: its week from Monday, or from Sunday.
  assert.equal(moved('2026-06-03', { key: 'Home' }, 1), '2026-06-01');
  assert.equal(moved('2026-06-03', { key: 'End' }, 1), '2026-06-07');
  assert.equal(moved('2026-06-03', { key: 'Home' }, 7), '2026-05-31');
  assert.equal(moved('2026-06-03', { key: 'End' }, 7), '2026-06-06');
  assert.equal(moved('2026-06-03', { key: 'a' }, 1), null);
  assert.equal(add_months('2026-12-10', 1), '2027-01-10');
  assert.equal(add_months('2026-01-10', -1), '2025-12-10');
});

test('a bare system locale still formats dates', () => {
  assert.equal(usable_locale('de-DE'), 'de-DE');
  assert.equal(usable_locale('en_GB.UTF-8'), 'en-GB');
  for (const odd of ['c', 'C', 'POSIX', '', undefined, '??']) {
    const l = usable_locale(odd);
    assert.doesNotThrow(() => new Intl.DateTimeFormat(l).format(new Date()), String(odd));
    assert.notEqual(l.toLowerCase(), 'c');
  }
});
