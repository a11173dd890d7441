// First run: choose a passphrase (with a strength estimate), see the
// recovery code once, choose whether this device remembers the vault.

import { api } from '../ipc.js';
import { describe_error } from '../errors.js';
import { strength_label } from '../strength_meter.js';
import { h, mount, field } from '../dom.js';

/**
 * A passphrase field with a live strength meter.
 * @param {string} label
 * @param {string} name
 */
function passphrase_with_meter(label, name) {
  const input = /** @type {HTMLInputElement} */ (
    h('input', { type: 'password', name, autocomplete: 'new-password', required: true, spellcheck: 'false' })
  );
  const bar = h('div', { class: 'meter-bar', 'data-level': '0' });
  const words = h('p', { class: 'meter-words', id: `${name}-strength` });
  const advice = h('ul', { class: 'meter-advice' });
  const meter = h('div', { class: 'meter', 'aria-live': 'polite' }, h('div', { class: 'meter-track', 'aria-hidden': 'true' }, bar), words, advice);
  input.setAttribute('aria-describedby', words.id);
  let acceptable = false;
  /** The value `acceptable` was worked out for. */
  let judged = '';
  let seq = 0;
  input.addEventListener('input', async () => {
    const mine = ++seq;
    const value = input.value;
    if (!value) {
      acceptable = false;
      bar.dataset.level = '0';
      mount(words);
      mount(advice);
      return;
    }
    try {
      const s = await api.passphrase_strength(value);
      if (mine !== seq) return;
      const verdict = strength_label(s.score, [...value].length);
      acceptable = verdict.acceptable;
      judged = value;
      bar.dataset.level = String(verdict.level + 1);
      mount(words, h('strong', {}, verdict.label), ` — would take ${s.crack_time} to guess.`);
      const tips = [s.warning, ...s.suggestions].filter(Boolean);
      if ([...value].length < 8) tips.unshift('Use at least 8 characters.');
      mount(advice, tips.map((t) => h('li', {}, t)));
    } catch {
      if (mine === seq) mount(words, 'Strength could not be estimated.');
    }
  });
  return {
    el: h('div', {}, field(label, input), meter),
    input,
    /**
     * Whether the passphrase now in the field is strong enough: the meter's
     * verdict, or, when the meter has not caught up with the typing (a
     * busy machine, a fast Enter), one worked out now.
     * @returns {Promise<boolean>}
     */
    async acceptable() {
      const value = input.value;
      if (value === judged) return acceptable;
      try {
        const s = await api.passphrase_strength(value);
        return strength_label(s.score, [...value].length).acceptable;
      } catch {
        return false;
      }
    },
  };
}

/**
 * The one time the recovery code is shown.
 * @param {string} code
 * @param {() => void} on_continue
 */
function recovery_step(code, on_continue) {
  const confirm = /** @type {HTMLInputElement} */ (h('input', { type: 'checkbox', id: 'stored-code' }));
  const go = /** @type {HTMLButtonElement} */ (
    h('button', { class: 'primary', type: 'button', disabled: true, onclick: on_continue }, 'Continue to my journal')
  );
  confirm.addEventListener('change', () => {
    go.disabled = !confirm.checked;
  });
  return h('section', { class: 'card narrow', 'aria-labelledby': 'recovery-title' },
    h('h1', { id: 'recovery-title' }, 'Your recovery code'),
    h('p', {}, 'If you ever forget your passphrase, this code is the only other way into your journal. Kindred will not show it again and cannot recover it for you.'),
    h('p', { class: 'recovery-code', id: 'recovery-code', tabindex: '0', 'aria-label': 'Recovery code' }, code),
    h('p', { class: 'hint' }, 'Write it on paper or keep it in a password manager — somewhere other than this computer.'),
    h('div', { class: 'check' }, confirm, h('label', { for: 'stored-code' }, 'I have stored my recovery code somewhere safe')),
    h('div', { class: 'actions' }, go),
  );
}

/**
 * @param {HTMLElement} root
 * @param {{code_shown: () => void, code_done: () => void, rescue: () => void}} ctx
 *   the vault is open from the moment the code is shown; `code_done` is
 *   "Continue"; `rescue` opens "Restore from a backup".
 */
function render_setup(root, ctx) {
  const pass = passphrase_with_meter('Passphrase', 'passphrase');
  const again = /** @type {HTMLInputElement} */ (
    h('input', { type: 'password', name: 'confirm', autocomplete: 'new-password', required: true })
  );
  const remember = /** @type {HTMLInputElement} */ (h('input', { type: 'checkbox', id: 'remember', checked: true }));
  const error = h('p', { class: 'error', role: 'alert' });
  const submit = /** @type {HTMLButtonElement} */ (h('button', { class: 'primary', type: 'submit' }, 'Create my journal'));
  const form = h('form', { class: 'card narrow', 'aria-labelledby': 'setup-title', novalidate: true },
    h('h1', { id: 'setup-title' }, 'Welcome to Kindred'),
    h('p', { class: 'lead' }, 'A private place to reflect on the people who matter. Everything you write is encrypted on this computer and never sent anywhere.'),
    h('p', {}, 'Choose a passphrase. A few unrelated words you can remember work well.'),
    pass.el,
    field('Type it again', again),
    h('div', { class: 'check' }, remember, h('label', { for: 'remember' }, 'Remember on this device'),
      h('p', { class: 'hint' }, 'Keeps an unlock key in your system keychain so Kindred opens by itself when it starts. Anyone who can use your desktop account can then open it at start; after Kindred locks, it always asks for your passphrase. You can change this later in Settings.')),
    error,
    h('div', { class: 'actions' }, submit),
    h('p', { class: 'aside' },
      h('button', { type: 'button', class: 'link', id: 'open-rescue', onclick: () => ctx.rescue() }, 'Have a backup? Restore your journal from it')),
  );
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    mount(error);
    if ([...pass.input.value].length < 8) {
      mount(error, 'Choose a passphrase of at least 8 characters.');
      pass.input.focus();
      return;
    }
    if (pass.input.value !== again.value) {
      mount(error, "The two passphrases don't match. Type them again.");
      again.focus();
      return;
    }
    if (!(await pass.acceptable())) {
      mount(error, 'That passphrase would be easy to guess. Add another word or two.');
      pass.input.focus();
      return;
    }
    submit.disabled = true;
    mount(submit, 'Creating…');
    try {
      const created = await api.create_vault(pass.input.value, remember.checked);
      pass.input.value = '';
      again.value = '';
      ctx.code_shown();
      const step = recovery_step(created.recovery_code, ctx.code_done);
      if (created.remember_error) {
        step.insertBefore(
          h('p', { class: 'notice', role: 'status' }, 'Your journal was created, but this device could not remember it. ', describe_error(created.remember_error)),
          step.children[1],
        );
      }
      mount(root, step);
      /** @type {HTMLElement} */ (step.querySelector('#recovery-code')).focus();
    } catch (err) {
      mount(error, describe_error(err));
      submit.disabled = false;
      mount(submit, 'Create my journal');
    }
  });
  mount(root, form);
  pass.input.focus();
}

export { render_setup, recovery_step, passphrase_with_meter };
