import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { PROXIMITY, DIMENSIONS, proximity_label, kind_label, duration_words } from './labels.js';

test('proximity values are the core\'s names', () => {
  const src = readFileSync(new URL('../../crates/kindred-core/src/model.rs', import.meta.url), 'utf8');
  for (const p of PROXIMITY) assert.ok(src.includes(`=> "${p.value}"`), p.value);
  assert.equal(PROXIMITY.length, 6);
  assert.equal(proximity_label('lives-with-me'), 'Lives with me');
  assert.equal(proximity_label(null), 'Not set');
});

test('kinds and durations in words', () => {
  assert.equal(kind_label('note'), 'Note');
  assert.equal(kind_label('checkin'), 'Check-in');
  assert.equal(kind_label('x'), 'Item');
  assert.equal(duration_words(600), '10 minutes');
  assert.equal(duration_words(60), '1 minute');
  assert.equal(duration_words(5400), '1 hour 30 minutes');
  assert.equal(duration_words(7200), '2 hours');
  assert.equal(duration_words(3), '3 seconds');
});

test('the check-in questions are the core\'s seven fields, in order', () => {
  const src = readFileSync(new URL('../../crates/kindred-core/src/reflection/depth.rs', import.meta.url), 'utf8');
  const body = src.slice(src.indexOf('pub struct Dimensions'), src.indexOf('impl Dimensions'));
  const fields = [...body.matchAll(/pub (\w+): Option<u8>/g)].map((m) => m[1]);
  assert.deepEqual(DIMENSIONS.map((d) => d.key), fields);
  assert.equal(new Set(DIMENSIONS.map((d) => d.label)).size, 7);
});
