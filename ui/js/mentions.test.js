import { test } from 'node:test';
import assert from 'node:assert/strict';
import { find_mentions, mention_at, suggest_people, insert_mention } from './mentions.js';

const people = [
  { id: 1, name: 'Maya' },
  { id: 2, name: 'Maya Lin' },
  { id: 3, name: 'Sam' },
  { id: 4, name: 'Élodie' },
];

test('longest matching name wins', () => {
  assert.deepEqual(find_mentions('Coffee with @Maya Lin today', people), [2]);
  assert.deepEqual(find_mentions('Coffee with @Maya today', people), [1]);
});

test('names end at a word boundary and match any case', () => {
  assert.deepEqual(find_mentions('@samuel was there', people), []);
  assert.deepEqual(find_mentions('Called @sam.', people), [3]);
  assert.deepEqual(find_mentions('@élodie, then @Sam and @sam again', people), [4, 3]);
});

test('an e-mail address is not a mention', () => {
  assert.deepEqual(find_mentions('write to maya@sam.org', people), []);
});

test('no people or no @ means no mentions', () => {
  assert.deepEqual(find_mentions('nothing here', people), []);
  assert.deepEqual(find_mentions('@Sam', []), []);
});

test('the partial mention before the caret is found', () => {
  const text = 'Lunch with @Ma';
  assert.deepEqual(mention_at(text, text.length), { query: 'Ma', start: 11 });
  assert.deepEqual(mention_at('@', 1), { query: '', start: 0 });
  assert.equal(mention_at('no mention', 10), null);
  assert.equal(mention_at('mail@ex', 7), null);
  assert.equal(mention_at('@Sam\nnext', 9), null);
});

test('suggestions prefer names that start with the query', () => {
  const got = suggest_people('li', [...people, { id: 5, name: 'Lina' }]).map((p) => p.id);
  assert.deepEqual(got, [5, 2]);
  assert.equal(suggest_people('', people).length, 4);
});

test('inserting a mention completes the name and moves the caret', () => {
  const r = insert_mention('Lunch with @Ma and tea', 11, 14, 'Maya Lin');
  assert.equal(r.text, 'Lunch with @Maya Lin  and tea');
  assert.equal(r.caret, 'Lunch with @Maya Lin '.length);
});
