// "Choose…" beside a path field: the native dialog, opened by the shell,
// fills the field. Typing the path stays possible (keyboard users, and
// paths the dialog cannot reach); the command that uses the path checks
// it either way.

import { api } from './ipc.js';
import { describe_error } from './errors.js';
import { h } from './dom.js';

/**
 * @typedef {import('./gen/contract.js').PathPurpose} PathPurpose
 */

/**
 * The field with a "Choose…" button after it.
 * @param {HTMLInputElement} input
 * @param {PathPurpose} purpose
 * @param {(text: string) => void} [notify] where a failure is told
 * @returns {HTMLElement}
 */
function with_chooser(input, purpose, notify) {
  const button = h('button', {
    type: 'button', class: 'secondary small choose-path', 'data-purpose': purpose,
    'aria-label': `Choose ${input.labels?.[0]?.textContent ?? 'a path'} in a dialog`,
    onclick: async (/** @type {MouseEvent} */ ev) => {
      try {
        // The purpose can change with the form (an export's format).
        const now = /** @type {HTMLElement} */ (ev.currentTarget).dataset.purpose ?? purpose;
        const picked = await api.choose_path(/** @type {PathPurpose} */ (now));
        if (picked === null) return;
        input.value = picked;
        input.dispatchEvent(new Event('input', { bubbles: true }));
        input.focus();
      } catch (err) {
        notify?.(describe_error(err));
      }
    },
  }, 'Choose…');
  return h('span', { class: 'path-field' }, input, button);
}

export { with_chooser };
