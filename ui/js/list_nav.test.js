import { test } from 'node:test';
import assert from 'node:assert/strict';
import { move_selection } from './list_nav.js';

test('arrows move and wrap', () => {
  assert.equal(move_selection(-1, 3, 'ArrowDown'), 0);
  assert.equal(move_selection(2, 3, 'ArrowDown'), 0);
  assert.equal(move_selection(0, 3, 'ArrowUp'), 2);
  assert.equal(move_selection(-1, 3, 'ArrowUp'), 2);
  assert.equal(move_selection(1, 3, 'Home'), 0);
  assert.equal(move_selection(1, 3, 'End'), 2);
});

test('an empty list selects nothing; a shrunk list clamps', () => {
  assert.equal(move_selection(2, 0, 'ArrowDown'), -1);
  assert.equal(move_selection(5, 3, 'x'), 2);
});
