import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IOS_LEVELS, ios_circles, overlap_fraction, ios_words } from './ios.js';

test('seven pictures, from apart to almost one', () => {
  assert.deepEqual([...IOS_LEVELS], [1, 2, 3, 4, 5, 6, 7]);
  const overlaps = IOS_LEVELS.map((n) => {
    const c = ios_circles(n);
    return overlap_fraction(c.distance, c.r);
  });
  assert.equal(overlaps[0], 0, 'level 1: the circles do not touch');
  for (let i = 1; i < overlaps.length; i += 1) {
    assert.ok(overlaps[i] > overlaps[i - 1], `level ${i + 1} overlaps more than level ${i}`);
  }
  assert.ok(overlaps[1] > 0 && overlaps[1] < 0.05, 'level 2 barely overlaps');
  assert.ok(overlaps[6] > 0.7 && overlaps[6] < 0.95, `level 7 almost one: ${overlaps[6]}`);
});

test('the circles stay inside their picture and are centred', () => {
  for (const n of IOS_LEVELS) {
    const { r, self, other } = ios_circles(n, { width: 100, height: 56 });
    assert.ok(self.cx - r >= 0 && other.cx + r <= 100, `level ${n} fits`);
    assert.ok(self.cy - r >= 0 && self.cy + r <= 56);
    assert.ok(Math.abs((self.cx + other.cx) / 2 - 50) < 0.01);
    assert.ok(self.cx < other.cx, 'you on the left');
  }
});

test('out-of-range levels are clamped, and the lens area is exact at the ends', () => {
  assert.deepEqual(ios_circles(0), ios_circles(1));
  assert.deepEqual(ios_circles(9), ios_circles(7));
  assert.equal(overlap_fraction(0, 10), 1);
  assert.equal(overlap_fraction(20, 10), 0);
  // Centres one radius apart: a known lens, 2/3 − √3/(2π) of a circle.
  assert.ok(Math.abs(overlap_fraction(10, 10) - (2 / 3 - Math.sqrt(3) / (2 * Math.PI))) < 1e-12);
});

test('an answer in words; none is never zero', () => {
  assert.equal(ios_words(1), '1 of 7 — apart');
  assert.equal(ios_words(7), '7 of 7 — almost completely overlapping');
  assert.equal(ios_words(null), 'not yet reflected');
  assert.equal(ios_words(0), 'not yet reflected');
});
