import { test } from 'node:test';
import assert from 'node:assert/strict';
import { word, plain } from './vocabulary.js';

test('codes become words; unknown codes stay as they are', () => {
  const kinds = [{ value: 'repair', label: 'A repair' }];
  assert.equal(word(kinds, 'repair'), 'A repair');
  assert.equal(word(kinds, 'other'), 'other');
});

test('isolates around names are dropped for one-line titles only', () => {
  assert.equal(plain('What is \u2068Sam\u2069 carrying right now?'), 'What is Sam carrying right now?');
  assert.equal(plain('\u2068\u05e9\u05e8\u05d4\u2069 and \u2066x\u2069'), '\u05e9\u05e8\u05d4 and x');
  assert.equal(plain(/** @type {any} */ (null)), '');
});
