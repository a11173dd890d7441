import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sparkline } from './sparkline.js';

test('points are placed by date and depth', () => {
  const s = sparkline([
    { at: '2026-01-01T12:00:00Z', depth: 0 },
    { at: '2026-01-11T12:00:00Z', depth: 100 },
    { at: '2026-01-21T12:00:00Z', depth: 50 },
  ], { width: 104, height: 44, pad: 2 });
  assert.deepEqual(s.spots.map((p) => [p.x, p.y]), [[2, 42], [52, 2], [102, 22]]);
  assert.equal(s.path, 'M2 42 L52 2 L102 22');
});

test('uneven gaps between check-ins show as uneven spacing', () => {
  const s = sparkline([
    { at: '2026-01-01T00:00:00Z', depth: 50 },
    { at: '2026-01-02T00:00:00Z', depth: 50 },
    { at: '2026-01-11T00:00:00Z', depth: 50 },
  ], { width: 100, height: 20, pad: 0 });
  assert.deepEqual(s.spots.map((p) => p.x), [0, 10, 100]);
});

test('one check-in is a dot, not a line; none is nothing', () => {
  const one = sparkline([{ at: '2026-01-01T00:00:00Z', depth: 70 }], { width: 100, height: 20, pad: 0 });
  assert.equal(one.path, '');
  assert.deepEqual(one.spots.map((p) => p.x), [50]);
  const none = sparkline([]);
  assert.equal(none.path, '');
  assert.deepEqual(none.spots, []);
  const same_time = sparkline([
    { at: '2026-01-01T00:00:00Z', depth: 10 },
    { at: '2026-01-01T00:00:00Z', depth: 90 },
  ], { width: 100, height: 20, pad: 0 });
  assert.deepEqual(same_time.spots.map((p) => p.x), [0, 100]);
});
