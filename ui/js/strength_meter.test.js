import { test } from 'node:test';
import assert from 'node:assert/strict';
import { strength_label } from './strength_meter.js';

test('scores map to words and a verdict', () => {
  assert.deepEqual(strength_label(0, 0), { label: '', level: 0, acceptable: false });
  assert.equal(strength_label(1, 10).acceptable, false);
  assert.equal(strength_label(2, 10).label, 'Fair');
  assert.equal(strength_label(2, 10).acceptable, true);
  assert.equal(strength_label(4, 7).acceptable, false);
  assert.equal(strength_label(9, 12).label, 'Very strong');
});
