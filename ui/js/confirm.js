// A confirmation asked in the page, for actions that cannot be undone
// (delete for good, empty the trash, delete older backups). A modal
// <dialog>: Escape and "Keep" answer no; focus starts on the safe choice.

import { h } from './dom.js';

/**
 * Asks `question` and resolves to whether the user chose `yes_label`.
 * @param {string} title
 * @param {string} question
 * @param {string} yes_label
 * @param {string} [no_label]
 * @returns {Promise<boolean>}
 */
function confirm_dialog(title, question, yes_label, no_label = 'Keep it') {
  return new Promise((resolve) => {
    const no = /** @type {HTMLButtonElement} */ (h('button', { type: 'button', class: 'secondary', id: 'confirm-no' }, no_label));
    const yes = /** @type {HTMLButtonElement} */ (h('button', { type: 'button', class: 'danger', id: 'confirm-yes' }, yes_label));
    const dialog = /** @type {HTMLDialogElement} */ (h('dialog', { id: 'confirm-dialog', 'aria-labelledby': 'confirm-title', 'aria-describedby': 'confirm-question' },
      h('h2', { id: 'confirm-title' }, title),
      h('p', { id: 'confirm-question' }, question),
      h('div', { class: 'actions' }, no, yes)));
    /** @param {boolean} answer */
    const done = (answer) => {
      dialog.close();
      dialog.remove();
      resolve(answer);
    };
    no.addEventListener('click', () => done(false));
    yes.addEventListener('click', () => done(true));
    dialog.addEventListener('cancel', (ev) => {
      ev.preventDefault();
      done(false);
    });
    document.body.append(dialog);
    dialog.showModal();
    no.focus();
  });
}

export { confirm_dialog };
