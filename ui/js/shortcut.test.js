import { test } from 'node:test';
import assert from 'node:assert/strict';
import { combo_of } from './shortcut.js';

const press = (code, mods = {}) =>
  ({ ctrlKey: false, altKey: false, shiftKey: false, metaKey: false, code, ...mods });

test('a letter, digit or function key with Ctrl, Alt or Super is a combination', () => {
  assert.deepEqual(combo_of(press('KeyK', { ctrlKey: true, altKey: true })), { combo: 'Ctrl+Alt+K' });
  assert.deepEqual(combo_of(press('Digit7', { metaKey: true, shiftKey: true })), { combo: 'Shift+Super+7' });
  assert.deepEqual(combo_of(press('F12', { altKey: true })), { combo: 'Alt+F12' });
  assert.deepEqual(combo_of(press('Space', { ctrlKey: true })), { combo: 'Ctrl+Space' });
  assert.deepEqual(combo_of(press('ArrowUp', { ctrlKey: true, shiftKey: true })), { combo: 'Ctrl+Shift+Up' });
});

test('modifiers alone wait for the key', () => {
  for (const code of ['ControlLeft', 'AltRight', 'ShiftLeft', 'MetaLeft']) {
    assert.deepEqual(combo_of(press(code, { ctrlKey: true })), { wait: true });
  }
});

test('a key without Ctrl, Alt or Super, or one the shell cannot name, is refused', () => {
  assert.ok('error' in combo_of(press('KeyK')));
  assert.ok('error' in combo_of(press('KeyK', { shiftKey: true })));
  assert.ok('error' in combo_of(press('F13', { ctrlKey: true })));
  assert.ok('error' in combo_of(press('IntlRo', { ctrlKey: true })));
  assert.ok('error' in combo_of(press('', { ctrlKey: true })));
});
