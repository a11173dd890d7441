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

test('a letter is the one the key types, on any layout', () => {
  // AZERTY: the key in QWERTY's Q place types "a".
  assert.deepEqual(combo_of(press('KeyQ', { ctrlKey: true, altKey: true, key: 'a' })), { combo: 'Ctrl+Alt+A' });
  // QWERTZ: the key in QWERTY's Y place types "z"; with Shift, "Z".
  assert.deepEqual(combo_of(press('KeyY', { altKey: true, shiftKey: true, key: 'Z' })), { combo: 'Alt+Shift+Z' });
  // A digit row symbol is not a letter: the key's place decides.
  assert.deepEqual(combo_of(press('Digit1', { ctrlKey: true, key: '&' })), { combo: 'Ctrl+1' });
  // A non-Latin letter: the key's place.
  assert.deepEqual(combo_of(press('KeyA', { ctrlKey: true, key: 'ф' })), { combo: 'Ctrl+A' });
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
  assert.ok('error' in combo_of(press('Quote', { ctrlKey: true, key: "'" })));
  assert.ok('error' in combo_of(press('', { ctrlKey: true })));
});
