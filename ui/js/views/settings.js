// Settings: auto-lock, remember on this device, passphrase, where the
// vault lives, and what Kindred does to keep it private.

import { api } from '../ipc.js';
import { describe_error } from '../errors.js';
import { duration_words } from '../labels.js';
import { h, mount, field } from '../dom.js';
import { passphrase_with_meter } from './setup.js';

/** Auto-lock choices, in minutes. */
const CHOICES = [1, 2, 5, 10, 15, 30, 60, 120, 240];

/**
 * @param {HTMLElement} root
 * @param {import('../main.js').Ctx} ctx
 */
async function render_settings(root, ctx) {
  /** @type {import('../gen/contract.js').Settings} */
  let s;
  try {
    s = await api.get_settings();
  } catch (err) {
    ctx.notify(describe_error(err));
    return {};
  }

  const seconds = CHOICES.map((m) => m * 60);
  if (!seconds.includes(s.auto_lock_seconds)) seconds.push(s.auto_lock_seconds);
  seconds.sort((a, b) => a - b);
  const auto_lock = /** @type {HTMLSelectElement} */ (h('select', { id: 'auto-lock' },
    seconds.map((sec) => h('option', { value: String(sec), selected: sec === s.auto_lock_seconds }, duration_words(sec)))));
  auto_lock.addEventListener('change', async () => {
    try {
      await api.set_auto_lock(Number(auto_lock.value));
      ctx.notify(`Kindred now locks after ${duration_words(Number(auto_lock.value))} without activity.`);
    } catch (err) {
      ctx.notify(describe_error(err));
    }
  });

  const remember = /** @type {HTMLInputElement} */ (h('input', { type: 'checkbox', id: 'remember-device', checked: s.remembered }));
  remember.addEventListener('change', async () => {
    try {
      const warning = await api.set_remember(remember.checked);
      ctx.notify(remember.checked
        ? 'This device now remembers your vault in the system keychain.'
        : warning
          ? `This device no longer unlocks by itself, but the keychain entry could not be removed. ${describe_error(warning)}`
          : 'This device no longer remembers your vault. You will be asked for your passphrase.');
    } catch (err) {
      remember.checked = !remember.checked;
      ctx.notify(describe_error(err));
    }
  });

  const current = /** @type {HTMLInputElement} */ (h('input', { type: 'password', id: 'current-passphrase', autocomplete: 'current-password' }));
  const next = passphrase_with_meter('New passphrase', 'next-passphrase');
  const again = /** @type {HTMLInputElement} */ (h('input', { type: 'password', name: 'confirm-next-passphrase', autocomplete: 'new-password' }));
  const pw_error = h('p', { class: 'error', role: 'alert' });
  const pw_form = h('form', { class: 'stack', novalidate: true },
    field('Current passphrase', current), next.el, field('Type the new passphrase again', again), pw_error,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary', id: 'change-passphrase' }, 'Change passphrase')));
  pw_form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    mount(pw_error);
    if (next.input.value !== again.value) return void mount(pw_error, "The two new passphrases don't match.");
    if (!next.acceptable) return void mount(pw_error, 'That passphrase would be easy to guess. Add another word or two.');
    try {
      await api.change_passphrase(current.value, next.input.value);
      for (const el of [current, next.input, again]) el.value = '';
      next.input.dispatchEvent(new Event('input'));
      ctx.notify('Passphrase changed. Your recovery code still works.');
    } catch (err) {
      mount(pw_error, describe_error(err));
    }
  });

  mount(root, h('div', { class: 'page settings' },
    h('header', { class: 'page-head' }, h('h1', {}, 'Settings')),
    h('section', { class: 'card', 'aria-labelledby': 'lock-title' },
      h('h2', { id: 'lock-title' }, 'Locking'),
      field('Lock after this long without activity', auto_lock, 'When Kindred locks, it forgets its keys and shows only the unlock screen. Ctrl+L locks at once.'),
      h('div', { class: 'check' }, remember, h('label', { for: 'remember-device' }, 'Remember on this device'),
        h('p', { class: 'hint' }, 'Keeps an unlock key in your system keychain (never your passphrase itself), so Kindred can open without typing.'))),
    h('section', { class: 'card', 'aria-labelledby': 'pw-title' }, h('h2', { id: 'pw-title' }, 'Change passphrase'), pw_form),
    h('section', { class: 'card', 'aria-labelledby': 'where-title' },
      h('h2', { id: 'where-title' }, 'Where your vault lives'),
      h('p', {}, h('code', { id: 'vault-dir' }, s.vault_dir)),
      h('p', { class: 'hint' }, 'Two files: kindred.db (your writing, encrypted) and kindred.keys (the locked keys). Neither opens without your passphrase or recovery code.'),
      h('p', {}, 'Encrypted backups, restoring, export and import are on the ',
        h('button', { type: 'button', class: 'link', id: 'go-backups', onclick: () => ctx.go('backups') }, 'Backups screen'), ' (Ctrl+5).')),
    h('section', { class: 'card', 'aria-labelledby': 'about-title' },
      h('h2', { id: 'about-title' }, 'About Kindred ', s.version),
      h('ul', { class: 'facts-list' },
        h('li', {}, 'Everything is encrypted on disk (SQLCipher) with a key that only your passphrase, your recovery code or this device’s keychain can unlock.'),
        h('li', {}, 'Nothing is sent anywhere: Kindred has no network code, and the window cannot load anything from the internet.'),
        h('li', {}, 'Your passphrase is never stored. Kindred locks itself after ', duration_words(s.auto_lock_seconds), ' without activity.'),
        h('li', {}, 'Deleted things go to the trash first, so nothing is lost by accident.'))),
  ));
  return {};
}

export { render_settings };
