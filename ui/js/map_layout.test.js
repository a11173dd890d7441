import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FRAME, COLUMNS, x_of, y_of, quadrant_rects, place_people, ticks } from './map_layout.js';

const right_edge = FRAME.width - FRAME.right;
const bottom_edge = FRAME.height - FRAME.bottom;

test('proximity runs left to right, from far away to lives with me', () => {
  assert.deepEqual(COLUMNS, ['far-away', 'few-times-a-year', 'monthly', 'weekly', 'most-days', 'lives-with-me']);
  const xs = COLUMNS.map((c) => /** @type {number} */ (x_of(c)));
  for (let i = 1; i < xs.length; i += 1) assert.ok(xs[i] > xs[i - 1]);
  assert.ok(xs[0] > FRAME.left && xs[5] < right_edge);
  assert.equal(x_of(null), null);
  assert.equal(x_of('next door'), null);
});

test('depth runs bottom to top; none is no position, not zero', () => {
  assert.equal(y_of(100), FRAME.top);
  assert.equal(y_of(0), bottom_edge);
  assert.equal(y_of(50), (FRAME.top + bottom_edge) / 2);
  assert.equal(y_of(null), null);
  assert.equal(y_of(140), FRAME.top, 'clamped');
});

test('quadrants split at weekly and depth 60 and tile the plot', () => {
  const rects = quadrant_rects('weekly', 60);
  const by = Object.fromEntries(rects.map((r) => [r.quadrant, r]));
  const split_x = FRAME.left + (3 * (right_edge - FRAME.left)) / 6;
  assert.equal(by['far-but-close'].x + by['far-but-close'].width, split_x);
  assert.equal(by['near-and-close'].x, split_x);
  assert.equal(by['near-and-close'].height, /** @type {number} */ (y_of(60)) - FRAME.top);
  assert.equal(by['near-but-distant'].y, y_of(60));
  const area = rects.reduce((a, r) => a + r.width * r.height, 0);
  assert.ok(Math.abs(area - (right_edge - FRAME.left) * (bottom_edge - FRAME.top)) < 1e-6);
  // Monthly is far, weekly near: the dots land on the right side of the split.
  assert.ok(/** @type {number} */ (x_of('monthly')) < split_x);
  assert.ok(/** @type {number} */ (x_of('weekly')) > split_x);
});

test('people without depth or proximity are listed, not placed', () => {
  const { placed, not_reflected, no_proximity } = place_people([
    { id: 1, name: 'Maya', proximity: 'far-away', depth: 80, ios: 6, quadrant: 'far-but-close' },
    { id: 2, name: 'Theo', proximity: 'most-days', depth: null, ios: null, quadrant: null },
    { id: 3, name: 'Ines', proximity: null, depth: 40, ios: 3, quadrant: null },
    { id: 4, name: 'Zoe', proximity: null, depth: null, ios: null, quadrant: null },
  ]);
  assert.deepEqual(placed.map((p) => p.id), [1]);
  assert.deepEqual(not_reflected.map((p) => p.id), [2, 4]);
  assert.deepEqual(no_proximity.map((p) => p.id), [3]);
  assert.equal(placed[0].x, x_of('far-away'));
  assert.equal(placed[0].y, y_of(80));
});

test('people in the same place are spread apart within their column', () => {
  const same = [5, 4, 3, 2, 1].map((id) => ({ id, name: `P${id}`, proximity: 'monthly', depth: 50, ios: null, quadrant: 'far-and-distant' }));
  const { placed } = place_people(same);
  const column = (right_edge - FRAME.left) / 6;
  const centre = /** @type {number} */ (x_of('monthly'));
  const xs = placed.map((p) => p.x).sort((a, b) => a - b);
  for (let i = 1; i < xs.length; i += 1) assert.ok(xs[i] - xs[i - 1] >= 15, `spread: ${xs}`);
  for (const x of xs) assert.ok(Math.abs(x - centre) < column / 2, 'stays in its column');
  // Stable: the same input places everyone the same way.
  const again = place_people(same.slice().reverse()).placed;
  const pos = (/** @type {any[]} */ ps) => Object.fromEntries(ps.map((p) => [p.id, p.x]));
  assert.deepEqual(pos(again), pos(placed));
  // Far apart in depth: left where they are.
  const apart = place_people([
    { id: 1, name: 'A', proximity: 'weekly', depth: 90, ios: null, quadrant: null },
    { id: 2, name: 'B', proximity: 'weekly', depth: 10, ios: null, quadrant: null },
  ]).placed;
  assert.ok(apart.every((p) => p.x === x_of('weekly')));
});

test('axis ticks name every proximity and depth every 20', () => {
  const t = ticks();
  assert.equal(t.x.length, 6);
  assert.equal(t.x[0].label, 'Far away');
  assert.equal(t.x[5].label, 'Lives with me');
  assert.deepEqual(t.y.map((y) => y.label), ['0', '20', '40', '60', '80', '100']);
});
