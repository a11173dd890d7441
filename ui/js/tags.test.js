import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse_tags, format_tags } from './tags.js';

test('commas, spaces and hashes separate and are dropped', () => {
  assert.deepEqual(parse_tags('family, #walks  sunday'), ['family', 'walks', 'sunday']);
});

test('duplicates are kept once, first spelling wins', () => {
  assert.deepEqual(parse_tags('Family family #FAMILY walks'), ['Family', 'walks']);
});

test('empty input gives no tags and round-trips', () => {
  assert.deepEqual(parse_tags(''), []);
  assert.deepEqual(parse_tags(' ,, # '), []);
  assert.deepEqual(parse_tags(/** @type {any} */ (undefined)), []);
  assert.equal(format_tags(['a', 'b']), 'a, b');
  assert.deepEqual(parse_tags(format_tags(['a', 'b'])), ['a', 'b']);
});
