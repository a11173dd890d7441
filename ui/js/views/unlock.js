// The unlock screen: this device's keychain (tried by itself when the app
// starts), the passphrase, or the recovery code.

import { api } from '../ipc.js';
import { describe_error } from '../errors.js';
import { showing_upgrade } from '../progress.js';
import { h, mount, field } from '../dom.js';
import { recovery_step, passphrase_with_meter } from './setup.js';

/**
 * @param {HTMLElement} root
 * @param {{remembered: boolean, auto: boolean, reason?: string, code_hidden?: boolean,
 *   on_unlocked: () => void, code_shown: () => void, code_done: () => void,
 *   rescue: () => void}} ctx
 *   `remembered`: this device may unlock now (at the app's start, or after
 *   a lock with the user's opt-in); `code_hidden`: a lock hid a new
 *   recovery code; after a recovery code was used, `code_shown` as the new
 *   code appears, `code_done` on "Continue"; `rescue` opens "Restore from
 *   a backup".
 */
function render_unlock(root, ctx) {
  const status = h('p', { class: 'status', role: 'status' });
  const error = h('p', { class: 'error', role: 'alert', id: 'unlock-error' });
  const input = /** @type {HTMLInputElement} */ (
    h('input', { type: 'password', name: 'passphrase', autocomplete: 'current-password', 'aria-describedby': 'unlock-error' })
  );
  const submit = /** @type {HTMLButtonElement} */ (h('button', { class: 'primary', type: 'submit' }, 'Unlock'));
  const keychain = ctx.remembered
    ? h('button', { type: 'button', class: 'secondary', id: 'unlock-keychain', onclick: () => try_keychain() }, 'Unlock with this device')
    : null;
  const reason = {
    idle: 'Kindred locked itself after a while without activity.',
    manual: 'Kindred is locked.',
    screen: 'Kindred locked when your screen locked.',
    suspend: 'Kindred locked as the computer was about to go to sleep.',
    restored: 'The backup is in place. Unlock with the passphrase (or recovery code) that was valid when that backup was made.',
  }[ctx.reason ?? ''] ?? 'Welcome back.';
  const after_lock = ctx.reason && ctx.reason !== 'restored' && !ctx.remembered
    ? h('p', { class: 'hint' }, 'After a lock, only your passphrase or recovery code opens Kindred.')
    : null;
  const notice = ctx.code_hidden
    ? h('p', { class: 'notice', id: 'unlock-notice', role: 'status' },
      'Your new recovery code was hidden when Kindred locked, because it opens your vault. If you did not store it, make a new one in Settings once you are in.')
    : null;

  const form = h('form', { class: 'card narrow', 'aria-labelledby': 'unlock-title', novalidate: true },
    h('div', { class: 'lock-mark', 'aria-hidden': 'true' }),
    h('h1', { id: 'unlock-title' }, 'Unlock your journal'),
    h('p', { class: 'lead' }, reason),
    notice,
    after_lock,
    status,
    field('Passphrase', input),
    error,
    h('div', { class: 'actions' }, submit, keychain),
    h('p', { class: 'aside' },
      h('button', { type: 'button', class: 'link', id: 'use-recovery', onclick: () => show_recovery() }, 'Forgot your passphrase? Use your recovery code')),
    h('p', { class: 'aside' },
      h('button', { type: 'button', class: 'link', id: 'open-rescue', onclick: () => ctx.rescue() }, 'Vault will not open? Restore from a backup')),
  );

  // Set once the vault is open, by whichever way came first: a keychain
  // still waiting on its own prompt must not act after the passphrase did.
  let opened = false;

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    if (opened) return;
    mount(error);
    if (!input.value) {
      mount(error, 'Enter your passphrase.');
      input.focus();
      return;
    }
    busy(true, 'Unlocking…');
    try {
      await showing_upgrade(status, () => api.unlock(input.value));
      input.value = '';
      opened = true;
      ctx.on_unlocked();
    } catch (err) {
      busy(false);
      mount(error, describe_error(err), damaged(err)
        ? h('span', {}, ' ', h('button', { type: 'button', class: 'link', id: 'error-rescue', onclick: () => ctx.rescue() }, 'Restore from a backup'))
        : null);
      input.select();
      input.focus();
    }
  });

  /** Whether `err` says the vault's files are damaged. @param {unknown} err */
  function damaged(err) {
    const code = err !== null && typeof err === 'object' && 'code' in err ? err.code : null;
    return code === 'CorruptFile' || code === 'UnsupportedVersion' || code === 'ExcessiveWork';
  }

  /** @param {boolean} on @param {string} [text] */
  function busy(on, text = '') {
    submit.disabled = on;
    if (keychain) /** @type {HTMLButtonElement} */ (keychain).disabled = on;
    mount(status, text);
  }

  // The passphrase stays usable meanwhile: a locked keychain may wait on
  // its own unlock prompt for as long as the user leaves it.
  async function try_keychain() {
    mount(error);
    if (keychain) /** @type {HTMLButtonElement} */ (keychain).disabled = true;
    mount(status, 'Unlocking with this device’s keychain… You can also type your passphrase.');
    try {
      await showing_upgrade(status, () => api.unlock_with_keychain());
      if (opened) return;
      opened = true;
      ctx.on_unlocked();
    } catch (err) {
      if (opened) return;
      if (keychain) /** @type {HTMLButtonElement} */ (keychain).disabled = false;
      mount(status);
      mount(error, describe_error(err));
      input.focus();
    }
  }

  function show_recovery() {
    const code = /** @type {HTMLInputElement} */ (
      h('input', { type: 'text', name: 'recovery', autocomplete: 'off', spellcheck: 'false', class: 'mono' })
    );
    const pass = passphrase_with_meter('New passphrase', 'new-passphrase');
    const again = /** @type {HTMLInputElement} */ (h('input', { type: 'password', name: 'confirm-new-passphrase', autocomplete: 'new-password' }));
    const rerror = h('p', { class: 'error', role: 'alert' });
    const go = /** @type {HTMLButtonElement} */ (h('button', { class: 'primary', type: 'submit', id: 'recover' }, 'Unlock and set new passphrase'));
    const rform = h('form', { class: 'card narrow', 'aria-labelledby': 'recover-title', novalidate: true },
      h('h1', { id: 'recover-title' }, 'Use your recovery code'),
      h('p', {}, 'Enter the recovery code you stored when you created your journal, and choose a new passphrase. You will get a new recovery code; the old one stops working.'),
      field('Recovery code', code),
      pass.el,
      field('Type the new passphrase again', again),
      rerror,
      h('div', { class: 'actions' }, go,
        h('button', { type: 'button', class: 'secondary', onclick: () => render_unlock(root, ctx) }, 'Back')),
    );
    rform.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      mount(rerror);
      if (pass.input.value !== again.value) {
        mount(rerror, "The two passphrases don't match.");
        return;
      }
      if (!(await pass.acceptable())) {
        mount(rerror, 'That passphrase would be easy to guess. Add another word or two.');
        return;
      }
      go.disabled = true;
      try {
        const created = await api.recover(code.value, pass.input.value);
        ctx.code_shown();
        mount(root, recovery_step(created.recovery_code, ctx.code_done));
      } catch (err) {
        go.disabled = false;
        mount(rerror, describe_error(err));
      }
    });
    mount(root, rform);
    code.focus();
  }

  mount(root, form);
  if (ctx.auto && ctx.remembered) void try_keychain();
  input.focus();
}

export { render_unlock };
