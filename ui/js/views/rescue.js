// Restore from a backup without opening the vault: from the lock screen
// (the vault may be damaged, or its passphrase lost along with the
// recovery code) or from the first-run screen (a new computer). Lists the
// backups in the usual folders, or in one the user types, and restores
// one with the passphrase or recovery code valid when it was made.

import { api } from '../ipc.js';
import { describe_error } from '../errors.js';
import { date_time } from '../dates.js';
import { file_size, kept_words, secrets_words } from '../format.js';
import { progress_bar } from '../progress.js';
import { with_chooser } from '../choose.js';
import { h, mount, field } from '../dom.js';

/**
 * @typedef {import('../gen/contract.js').Findable} Findable
 * @typedef {import('../gen/contract.js').ListedBackup} Listed
 * @typedef {import('../gen/contract.js').SecretKind} SecretKind
 */

/**
 * @param {HTMLElement} root
 * @param {{first_run: boolean, back: () => void, on_unlocked: () => void,
 *   relock: (reason: string) => void}} ctx
 *   `back`: to the screen it came from; `on_unlocked`: the vault is open;
 *   `relock`: restored, but it did not open with the secret given.
 */
async function render_rescue(root, ctx) {
  const list = h('div', { id: 'rescue-found', 'aria-live': 'polite' }, h('p', { class: 'status' }, 'Looking for backups…'));
  const folder = /** @type {HTMLInputElement} */ (h('input', {
    type: 'text', id: 'rescue-folder', placeholder: '/media/you/drive/kindred-backups', autocomplete: 'off', spellcheck: 'false',
  }));
  const look = h('button', { type: 'button', class: 'secondary', id: 'rescue-look', onclick: () => void find(folder.value) }, 'Look there');
  const with_pass = /** @type {HTMLInputElement} */ (h('input', { type: 'radio', name: 'rescue-secret-kind', id: 'rescue-passphrase', value: 'passphrase', checked: true }));
  const with_code = /** @type {HTMLInputElement} */ (h('input', { type: 'radio', name: 'rescue-secret-kind', id: 'rescue-recovery', value: 'recovery-code' }));
  const secret = /** @type {HTMLInputElement} */ (h('input', { type: 'password', id: 'rescue-secret', autocomplete: 'off' }));
  const secret_label = h('label', { for: 'rescue-secret' });
  const label_secret = () => mount(secret_label, with_code.checked ? 'Recovery code of that backup' : 'Passphrase of that backup');
  with_pass.addEventListener('change', label_secret);
  with_code.addEventListener('change', label_secret);
  label_secret();
  const error = h('p', { class: 'error', role: 'alert', id: 'rescue-error' });
  const progress = progress_bar();
  const go = /** @type {HTMLButtonElement} */ (h('button', { type: 'submit', class: 'primary', id: 'rescue-go' }, 'Restore'));
  const back = h('button', { type: 'button', class: 'secondary', id: 'rescue-back', onclick: () => ctx.back() }, 'Back');

  const form = h('form', { class: 'card rescue', 'aria-labelledby': 'rescue-title', novalidate: true },
    h('h1', { id: 'rescue-title' }, 'Restore from a backup'),
    h('p', { class: 'lead' }, ctx.first_run
      ? 'Bring back a journal from a Kindred backup (a .kbak file), for example on a new computer.'
      : 'Put a backup in place of your vault, for example when it will not open. What is there now is kept: a verified safety backup when it opens with the backup\'s key, otherwise its files are moved aside, untouched.'),
    h('fieldset', {}, h('legend', {}, 'Which backup'), list),
    field('Or look in another folder', h('div', { class: 'inline' }, with_chooser(folder, 'backup-folder'), look),
      'Type the full path, for example of a drive you back up to.'),
    h('fieldset', { class: 'choice' }, h('legend', {}, 'Unlock it with'),
      h('div', { class: 'check' }, with_pass, h('label', { for: 'rescue-passphrase' }, 'The passphrase')),
      h('div', { class: 'check' }, with_code, h('label', { for: 'rescue-recovery' }, 'The recovery code'))),
    h('p', { class: 'hint' }, 'Use the one that was valid when that backup was made.'),
    h('div', { class: 'field' }, secret_label, secret),
    error,
    progress.el,
    h('div', { class: 'actions' }, go, back));

  /** @type {Findable | null} */
  let found = null;
  let busy = false;

  /** @param {string} [typed] */
  async function find(typed) {
    mount(error);
    try {
      found = await api.find_backups(typed?.trim() ? typed : null);
    } catch (err) {
      mount(error, describe_error(err));
      return;
    }
    draw_list(found);
  }

  /** @param {Findable} f */
  function draw_list(f) {
    const usable = (/** @type {Listed} */ b) => b.info !== null && (f.vault_id === null || b.info.vault_id === f.vault_id);
    const rows = f.backups.map((b, i) => {
      const id = `rescue-backup-${i}`;
      const ok = usable(b);
      const radio = h('input', { type: 'radio', name: 'rescue-backup', id, value: b.path, disabled: !ok, 'data-path': b.path });
      const why = b.info === null
        ? h('span', { class: 'hint' }, ` — cannot be used: ${b.problem ?? 'it cannot be read'}`)
        : !ok ? h('span', { class: 'hint' }, ' — a backup of another vault') : null;
      return h('li', { class: ok ? 'rescue-row' : 'rescue-row unusable' },
        radio,
        h('label', { for: id },
          b.info ? h('strong', {}, date_time(b.info.created_at)) : h('strong', {}, 'Damaged file'),
          b.info ? ` · ${file_size(b.info.size)}` : '',
          h('span', { class: 'path' }, ` ${b.path}`),
          why));
    });
    mount(list,
      rows.length
        ? h('ul', { class: 'rescue-list', id: 'rescue-list' }, rows)
        : h('p', { class: 'empty', id: 'rescue-none' }, 'No backups found there.'),
      h('p', { class: 'hint' }, `Looked in ${f.folders.join(', ')}.`));
    const first = /** @type {HTMLInputElement | null} */ (list.querySelector('input[name="rescue-backup"]:not([disabled])'));
    if (first) first.checked = true;
  }

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    if (busy) return;
    mount(error);
    const chosen = /** @type {HTMLInputElement | null} */ (list.querySelector('input[name="rescue-backup"]:checked'));
    if (!chosen) {
      mount(error, 'Choose a backup first.');
      return;
    }
    if (!secret.value) {
      mount(error, with_code.checked ? 'Enter the recovery code.' : 'Enter the passphrase.');
      secret.focus();
      return;
    }
    /** @type {SecretKind} */
    const kind = with_code.checked ? 'recovery-code' : 'passphrase';
    busy = true;
    go.disabled = true;
    try {
      const done = await progress.run('restore', 'Checking the backup and your secret…',
        () => api.restore_while_locked(chosen.value, kind, secret.value));
      secret.value = '';
      if (!done.unlocked) {
        ctx.relock('restored');
        return;
      }
      const cont = /** @type {HTMLButtonElement} */ (h('button', { type: 'button', class: 'primary', id: 'rescue-continue', onclick: () => ctx.on_unlocked() }, 'Continue'));
      mount(root, h('div', { class: 'card narrow notice-card', id: 'rescue-done', role: 'status' },
        h('h1', {}, 'Restored'),
        h('p', {}, done.kept ? kept_words(done.kept) : 'Your journal is back from the backup.'),
        h('p', {}, secrets_words(done.secrets)),
        h('div', { class: 'actions' }, cont)));
      cont.focus();
    } catch (err) {
      mount(error, describe_error(err));
      secret.focus();
    } finally {
      busy = false;
      go.disabled = false;
    }
  });

  mount(root, form);
  await find();
  /** @type {HTMLElement | null} */ (list.querySelector('input[name="rescue-backup"]:checked'))?.focus();
}

export { render_rescue };
