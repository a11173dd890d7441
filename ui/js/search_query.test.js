import { test } from 'node:test';
import assert from 'node:assert/strict';
import { as_you_type } from './search_query.js';

test('the word being typed becomes a prefix', () => {
  assert.equal(as_you_type('wal'), 'wal*');
  assert.equal(as_you_type('long wal'), 'long wal*');
});

test('a finished word, phrase or explicit prefix is left alone', () => {
  assert.equal(as_you_type('walk '), 'walk ');
  assert.equal(as_you_type('"long walk"'), '"long walk"');
  assert.equal(as_you_type('walk*'), 'walk*');
  assert.equal(as_you_type('"long wa'), '"long wa');
  assert.equal(as_you_type('   '), '   ');
  assert.equal(as_you_type(''), '');
});
