// A key combination for quick entry, as the user presses it in Settings:
// the modifiers held and the key, written the way the app's shell reads it
// ("Ctrl+Alt+K"). A letter is the one the key types (`KeyboardEvent.key`):
// the shell looks a letter up in the keyboard's layout, so on AZERTY the key
// marked A is "A". Other keys go by their place (`KeyboardEvent.code`).
// Keys whose symbol differs between layouts (quote) are not offered.

/** Keys that are modifiers themselves: pressing one alone chooses nothing yet. */
const MODIFIER_CODES = new Set([
  'ControlLeft', 'ControlRight', 'AltLeft', 'AltRight', 'ShiftLeft', 'ShiftRight',
  'MetaLeft', 'MetaRight', 'OSLeft', 'OSRight', 'AltGraph', 'CapsLock', 'NumLock',
]);

/** Named keys the shell understands, from `KeyboardEvent.code`. */
const NAMED = new Map([
  ['Space', 'Space'], ['Enter', 'Enter'], ['Tab', 'Tab'], ['Backquote', 'Backquote'],
  ['Minus', 'Minus'], ['Equal', 'Equal'], ['BracketLeft', 'BracketLeft'],
  ['BracketRight', 'BracketRight'], ['Backslash', 'Backslash'], ['Semicolon', 'Semicolon'],
  ['Comma', 'Comma'], ['Period', 'Period'], ['Slash', 'Slash'],
  ['Home', 'Home'], ['End', 'End'], ['PageUp', 'PageUp'], ['PageDown', 'PageDown'],
  ['Insert', 'Insert'], ['Delete', 'Delete'], ['ArrowUp', 'Up'], ['ArrowDown', 'Down'],
  ['ArrowLeft', 'Left'], ['ArrowRight', 'Right'],
]);

/**
 * @typedef {{ctrlKey: boolean, altKey: boolean, shiftKey: boolean, metaKey: boolean, code: string, key?: string}} KeyLike
 */

/**
 * What a key press chooses: `{combo}` when it is a usable combination,
 * `{wait: true}` while only modifiers are held, `{error}` otherwise (a key
 * with no Ctrl, Alt or Super would take that key from every program).
 * @param {KeyLike} ev
 * @returns {{combo: string} | {wait: true} | {error: string}}
 */
function combo_of(ev) {
  if (MODIFIER_CODES.has(ev.code)) return { wait: true };
  const key = letter(ev.key) ?? key_name(ev.code);
  if (!key) return { error: 'Kindred cannot listen for that key. Try a letter, a digit or F1–F12.' };
  if (!ev.ctrlKey && !ev.altKey && !ev.metaKey) {
    return { error: 'Hold Ctrl, Alt or Super with the key, so it is not taken from what you type elsewhere.' };
  }
  const mods = [];
  if (ev.ctrlKey) mods.push('Ctrl');
  if (ev.altKey) mods.push('Alt');
  if (ev.shiftKey) mods.push('Shift');
  if (ev.metaKey) mods.push('Super');
  return { combo: [...mods, key].join('+') };
}

/**
 * The Latin letter a key typed, upper-cased, or null.
 * @param {string | undefined} key
 * @returns {string | null}
 */
function letter(key) {
  return key && /^[a-z]$/i.test(key) ? key.toUpperCase() : null;
}

/**
 * The shell's name for a physical key, or null when it has none.
 * @param {string} code
 * @returns {string | null}
 */
function key_name(code) {
  let m = /^Key([A-Z])$/.exec(code);
  if (m) return m[1];
  m = /^Digit([0-9])$/.exec(code);
  if (m) return m[1];
  m = /^F([1-9]|1[0-2])$/.exec(code);
  if (m) return code;
  return NAMED.get(code) ?? null;
}

export { combo_of };
