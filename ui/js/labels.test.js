import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PROXIMITIES } from './gen/contract.js';
import { PROXIMITY, DIMENSIONS, proximity_label, kind_label, duration_words } from './labels.js';

test('proximity comes in the core\'s values and order, each with words', () => {
  assert.deepEqual(PROXIMITY.map((p) => p.value), [...PROXIMITIES]);
  assert.equal(PROXIMITY[0].value, 'far-away', 'farthest first');
  for (const p of PROXIMITY) assert.ok(p.label, p.value);
  assert.equal(proximity_label('lives-with-me'), 'Lives with me');
  assert.equal(proximity_label(null), 'Not set');
});

test('kinds and durations in words', () => {
  assert.equal(kind_label('note'), 'Note');
  assert.equal(kind_label('checkin'), 'Check-in');
  assert.equal(kind_label('x'), 'Item');
  assert.equal(kind_label('toString'), 'Item');
  assert.equal(duration_words(600), '10 minutes');
  assert.equal(duration_words(60), '1 minute');
  assert.equal(duration_words(5400), '1 hour 30 minutes');
  assert.equal(duration_words(7200), '2 hours');
  assert.equal(duration_words(3), '3 seconds');
});

// That the keys are exactly the core's check-in fields is the type
// check's job (`Record<keyof Dimensions, string>` in labels.js).
test('the check-in has seven distinct questions', () => {
  assert.equal(DIMENSIONS.length, 7);
  assert.equal(new Set(DIMENSIONS.map((d) => d.key)).size, 7);
  assert.equal(new Set(DIMENSIONS.map((d) => d.label)).size, 7);
  assert.equal(DIMENSIONS[0].key, 'seen');
});
