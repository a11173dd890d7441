// Settings: auto-lock, remember on this device, passphrase, where the
// vault lives, and what Kindred does to keep it private.

import { api } from '../ipc.js';
import { describe_error } from '../errors.js';
import { duration_words } from '../labels.js';
import { h, mount, field } from '../dom.js';
import { confirm_dialog } from '../confirm.js';
import { passphrase_with_meter } from './setup.js';
import { desktop_card } from './settings_desktop.js';

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
    // What WebKit checks with is shown below: its dictionaries loaded first.
    await api.need_spell_check().catch(() => {});
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

  const after_lock = /** @type {HTMLInputElement} */ (h('input', { type: 'checkbox', id: 'keychain-after-lock', checked: s.keychain_after_lock }));
  after_lock.addEventListener('change', async () => {
    try {
      await api.set_keychain_after_lock(after_lock.checked);
      ctx.notify(after_lock.checked
        ? 'This device may now unlock Kindred after a lock too, without your passphrase.'
        : 'After a lock, Kindred asks for your passphrase again.');
    } catch (err) {
      after_lock.checked = !after_lock.checked;
      ctx.notify(describe_error(err));
    }
  });

  const spell = /** @type {HTMLInputElement} */ (h('input', { type: 'checkbox', id: 'spell-check', checked: s.spell_check.on }));
  const spell_state = h('p', { class: 'hint', id: 'spell-check-state' });
  /** @param {import('../gen/contract.js').SpellCheck} sc what WebKit reports */
  const show_spell = (sc) => {
    spell.checked = sc.on;
    spell_state.replaceChildren(!sc.on
      ? 'Off: misspelled words are not underlined.'
      : sc.languages.length
        ? `Misspelled words are underlined in the editor and notes, in ${sc.languages.join(', ')}. The dictionaries come from your system.`
        : `On, but no dictionary for ${sc.wanted.join(', ')} is installed on this system (on Debian and Ubuntu, a hunspell package such as hunspell-en-us).`);
  };
  show_spell(s.spell_check);
  spell.addEventListener('change', async () => {
    try {
      await api.set_spell_check(spell.checked);
      show_spell((await api.get_settings()).spell_check);
    } catch (err) {
      spell.checked = !spell.checked;
      ctx.notify(describe_error(err));
    }
  });

  // Reminders: both off until chosen; saved as they change.
  const r = s.reminders;
  const evening_on = /** @type {HTMLInputElement} */ (h('input', { type: 'checkbox', id: 'reminder-evening', checked: r.evening !== null }));
  const evening_at = /** @type {HTMLInputElement} */ (h('input', { type: 'time', id: 'reminder-evening-time', value: r.evening ?? '20:30', 'aria-label': 'Time of the evening nudge' }));
  const weekly_on = /** @type {HTMLInputElement} */ (h('input', { type: 'checkbox', id: 'reminder-weekly', checked: r.weekly !== null }));
  const day_names = new Intl.DateTimeFormat(undefined, { weekday: 'long' });
  const weekly_day = /** @type {HTMLSelectElement} */ (h('select', { id: 'reminder-weekly-day', 'aria-label': 'Day of the weekly reminder' },
    [1, 2, 3, 4, 5, 6, 7].map((d) => h('option', { value: String(d) },
      // 5 January 2026 was a Monday.
      day_names.format(new Date(2026, 0, 4 + d, 12))))));
  weekly_day.value = String(r.weekly?.[0] ?? 7);
  const weekly_at = /** @type {HTMLInputElement} */ (h('input', { type: 'time', id: 'reminder-weekly-time', value: r.weekly?.[1] ?? '18:00', 'aria-label': 'Time of the weekly reminder' }));
  const names = /** @type {HTMLInputElement} */ (h('input', { type: 'checkbox', id: 'reminder-names', checked: r.names }));
  const save_reminders = async () => {
    try {
      await api.set_reminders(
        evening_on.checked ? evening_at.value : null,
        weekly_on.checked ? Number(weekly_day.value) : null,
        weekly_on.checked ? weekly_at.value : null,
        names.checked);
      ctx.notify('Reminders saved.');
    } catch (err) {
      ctx.notify(describe_error(err));
    }
  };
  for (const el of [evening_on, evening_at, weekly_on, weekly_day, weekly_at, names]) el.addEventListener('change', () => void save_reminders());

  const current = /** @type {HTMLInputElement} */ (h('input', { type: 'password', id: 'current-passphrase', autocomplete: 'current-password' }));
  const next = passphrase_with_meter('New passphrase', 'next-passphrase');
  const again = /** @type {HTMLInputElement} */ (h('input', { type: 'password', name: 'confirm-next-passphrase', autocomplete: 'new-password' }));
  const new_key = /** @type {HTMLInputElement} */ (h('input', { type: 'checkbox', id: 'new-key' }));
  const pw_error = h('p', { class: 'error', role: 'alert' });
  /** Where a new recovery code appears, once. */
  const code_slot = h('div', {});
  const pw_form = h('form', { class: 'stack', novalidate: true },
    field('Current passphrase', current), next.el, field('Type the new passphrase again', again),
    h('div', { class: 'check' }, new_key,
      h('label', { for: 'new-key' }, 'Also re-encrypt everything with a new key (use this if your passphrase may be known)'),
      h('p', { class: 'hint' }, 'A plain change re-locks the same key, so an old copy of the key file and the old passphrase would still open today’s journal. A new key makes every old copy useless here, and gives you a new recovery code. It takes a moment for a large journal.')),
    pw_error,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary', id: 'change-passphrase' }, 'Change passphrase')));
  pw_form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    mount(pw_error);
    if (next.input.value !== again.value) return void mount(pw_error, "The two new passphrases don't match.");
    if (!(await next.acceptable())) return void mount(pw_error, 'That passphrase would be easy to guess. Add another word or two.');
    const rekey = new_key.checked;
    const go = /** @type {HTMLButtonElement} */ (pw_form.querySelector('#change-passphrase'));
    go.disabled = true;
    if (rekey) mount(pw_error, 'Re-encrypting everything under a new key…');
    try {
      const done = await api.change_passphrase(current.value, next.input.value, rekey);
      for (const el of [current, next.input, again]) el.value = '';
      new_key.checked = false;
      next.input.dispatchEvent(new Event('input'));
      mount(pw_error);
      if (done.recovery_code) {
        show_rekeyed(done.recovery_code, done.remember_error);
      } else {
        ctx.notify('Passphrase changed. Your recovery code still works.');
      }
    } catch (err) {
      mount(pw_error, describe_error(err));
    } finally {
      go.disabled = false;
    }
  });

  /**
   * After a re-key: the new recovery code, once, and what older backups
   * still open, with the way to retire them.
   * @param {string} code
   * @param {import('../gen/contract.js').IpcError | null | undefined} remember_error
   */
  function show_rekeyed(code, remember_error) {
    const fresh = /** @type {HTMLButtonElement} */ (h('button', { type: 'button', class: 'secondary', id: 'fresh-backup' }, 'Make a fresh backup and delete the older ones'));
    fresh.addEventListener('click', async () => {
      const yes = await confirm_dialog('Delete the older backups?',
        'Kindred will make a fresh backup under the new key, check it, and then delete every older backup of this journal in its backup folders. Older backups cannot be restored after that.',
        'Back up and delete older ones');
      if (!yes) return;
      fresh.disabled = true;
      try {
        const r = await api.backup_and_delete_older();
        ctx.notify(`Made a fresh backup and deleted ${r.deleted.length} older backup${r.deleted.length === 1 ? '' : 's'}.`);
      } catch (err) {
        fresh.disabled = false;
        ctx.notify(describe_error(err));
      }
    });
    mount(code_slot, h('div', { class: 'notice stack', id: 'rekeyed', role: 'status' },
      h('p', {}, h('strong', {}, 'Passphrase changed and everything re-encrypted under a new key.'),
        ' The old passphrase, the old recovery code and any old copy of the key file no longer open your journal here.'),
      remember_error ? h('p', {}, 'This device could not remember your journal again: ', describe_error(remember_error)) : null,
      h('p', {}, 'Your new recovery code — store it now, it is shown only this once:'),
      h('p', { class: 'recovery-code', id: 'new-recovery-code', tabindex: '0', 'aria-label': 'New recovery code' }, code),
      h('p', {}, 'Older backups still open with the passphrase and recovery code that were valid when each was made.'),
      h('div', { class: 'actions' }, fresh)));
    show_code();
  }

  /** Brings a new code into view and focus, for eyes and screen readers. */
  function show_code() {
    const el = /** @type {HTMLElement | null} */ (code_slot.querySelector('#new-recovery-code'));
    el?.scrollIntoView({ block: 'center' });
    el?.focus();
  }

  const code_pass = /** @type {HTMLInputElement} */ (h('input', { type: 'password', id: 'code-passphrase', autocomplete: 'current-password' }));
  const code_error = h('p', { class: 'error', role: 'alert' });
  const code_form = h('form', { class: 'stack', novalidate: true },
    h('p', {}, 'Lost your recovery code, or did not get to store it? Make a new one; the old one stops working.'),
    field('Your passphrase', code_pass), code_error,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'secondary', id: 'make-recovery-code' }, 'Make a new recovery code')));
  code_form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    mount(code_error);
    try {
      const code = await api.new_recovery_code(code_pass.value);
      code_pass.value = '';
      mount(code_slot, h('div', { class: 'notice stack', role: 'status' },
        h('p', {}, 'Your new recovery code — store it now, it is shown only this once:'),
        h('p', { class: 'recovery-code', id: 'new-recovery-code', tabindex: '0', 'aria-label': 'New recovery code' }, code)));
      show_code();
    } catch (err) {
      mount(code_error, describe_error(err));
    }
  });

  mount(root, h('div', { class: 'page settings' },
    h('header', { class: 'page-head' }, h('h1', {}, 'Settings')),
    h('section', { class: 'card', 'aria-labelledby': 'lock-title' },
      h('h2', { id: 'lock-title' }, 'Locking'),
      field('Lock after this long without activity', auto_lock, 'When Kindred locks, it forgets its keys and shows only the unlock screen. Ctrl+L locks at once.'),
      h('div', { class: 'check' }, remember, h('label', { for: 'remember-device' }, 'Remember on this device'),
        h('p', { class: 'hint' }, 'Keeps an unlock key in your system keychain (never your passphrase itself), so Kindred opens by itself when it starts.')),
      h('div', { class: 'check' }, after_lock, h('label', { for: 'keychain-after-lock' }, 'After a lock, this device may unlock it'),
        h('p', { class: 'hint' }, 'Off: after Kindred locks (idle, Ctrl+L, screen lock, sleep), only your passphrase or recovery code opens it. On: one click on this device does, so a lock then protects only against someone who cannot use your desktop account.'))),
    h('section', { class: 'card', 'aria-labelledby': 'writing-title' },
      h('h2', { id: 'writing-title' }, 'Writing'),
      h('div', { class: 'check' }, spell, h('label', { for: 'spell-check' }, 'Check spelling'), spell_state)),
    h('section', { class: 'card', 'aria-labelledby': 'reminders-title' },
      h('h2', { id: 'reminders-title' }, 'Gentle reminders'),
      h('div', { class: 'check' }, evening_on, h('label', { for: 'reminder-evening' }, 'An evening nudge to write'),
        h('p', { class: 'hint' }, 'Skipped on days you have already written. ', evening_at)),
      h('div', { class: 'check' }, weekly_on, h('label', { for: 'reminder-weekly' }, 'Once a week, people you might reach out to'),
        h('p', { class: 'hint' }, 'Those past the rhythm you chose for them. ', weekly_day, ' ', weekly_at)),
      h('div', { class: 'check' }, names, h('label', { for: 'reminder-names' }, 'Show names in notifications'),
        h('p', { class: 'hint' }, 'Off: a notification says how many people, not who. Anyone who can see your screen can read a notification.')),
      h('p', { class: 'hint', id: 'reminders-when' }, 'Reminders appear as desktop notifications only while Kindred is running, once it has been unlocked. They never contain what you wrote, and nothing is counted: no streaks, no days missed.')),
    desktop_card(ctx),
    h('section', { class: 'card', 'aria-labelledby': 'pw-title' }, h('h2', { id: 'pw-title' }, 'Passphrase and recovery code'),
      pw_form, code_slot, code_form),
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
