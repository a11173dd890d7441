// The check-in form: seven questions on 1–5, the circles (Inclusion of
// Other in Self, seven pictures to choose from) and a reflection. Every
// answer is optional. Each question is a native radio group inside a
// fieldset, so arrow keys move between answers and screen readers announce
// "radio, 3 of 7"; the circle pictures are the labels of their radios.

import { DIMENSIONS } from '../labels.js';
import { IOS_LEVELS, ios_words } from '../ios.js';
import { h, field } from '../dom.js';
import { ios_picture } from './pictures.js';

/** @typedef {import('../gen/contract.js').CheckinInput} CheckinInput */

const SCALE = [1, 2, 3, 4, 5];

/**
 * @param {{name: string, on_submit: (answers: CheckinInput) => Promise<void>}} opts
 * @returns {{form: HTMLFormElement, reset: () => void}}
 */
function checkin_form(opts) {
  const form = /** @type {HTMLFormElement} */ (h('form', { class: 'checkin-form', id: 'checkin-form', novalidate: true }));
  const note = /** @type {HTMLTextAreaElement} */ (h('textarea', { id: 'checkin-note', rows: '3', placeholder: `What stayed with you about ${opts.name}?` }));
  const error = h('p', { class: 'error', role: 'alert' });
  const submit = /** @type {HTMLButtonElement} */ (h('button', { type: 'submit', class: 'primary', id: 'save-checkin' }, 'Save check-in'));

  const questions = DIMENSIONS.map((d) => scale_group(d.key, d.label));
  const ios = h('fieldset', { class: 'ios-scale', id: 'ios-scale' },
    h('legend', {}, `Which picture best describes you and ${opts.name}?`),
    h('p', { class: 'hint' }, 'The left circle is you, the right one is them. Use the arrow keys to move between pictures.'),
    h('div', { class: 'ios-choices' }, IOS_LEVELS.map((n) => {
      const id = `ios-${n}`;
      return h('span', { class: 'ios-option' },
        h('input', { type: 'radio', name: 'ios', value: String(n), id, class: 'visually-hidden' }),
        h('label', { for: id, class: 'ios-choice', title: ios_words(n) },
          ios_picture(n, { width: 84, height: 48 }),
          h('span', { class: 'ios-num', 'aria-hidden': 'true' }, String(n)),
          h('span', { class: 'visually-hidden' }, ios_words(n))));
    })),
    clear_button('ios', 'the circles'));

  form.append(
    h('p', { class: 'hint' }, 'Answer what you can; skip the rest. 1 is “not at all”, 5 is “completely”.'),
    h('div', { class: 'scales' }, questions),
    ios,
    field('Reflection (optional)', note),
    error,
    h('div', { class: 'actions' }, submit));

  /** @param {string} name */
  function value_of(name) {
    const el = /** @type {HTMLInputElement | null} */ (form.querySelector(`input[name="${name}"]:checked`));
    return el ? Number(el.value) : null;
  }

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    error.replaceChildren();
    /** @type {CheckinInput} */
    const answers = {
      seen: null, heard: null, understood: null, safe: null, trust: null, they_showed_up: null, i_showed_up: null,
      ios: value_of('ios'),
      note: note.value,
    };
    for (const d of DIMENSIONS) answers[d.key] = value_of(d.key);
    const answered = DIMENSIONS.some((d) => answers[d.key] !== null) || answers.ios !== null || answers.note.trim() !== '';
    if (!answered) {
      error.append('Answer at least one question, choose a picture or write a few words.');
      return;
    }
    submit.disabled = true;
    try {
      await opts.on_submit(answers);
    } catch (err) {
      error.append(err instanceof Error ? err.message : String(err));
    } finally {
      submit.disabled = false;
    }
  });

  return {
    form,
    reset: () => {
      form.reset();
      error.replaceChildren();
    },
  };
}

/**
 * One 1–5 question.
 * @param {string} name
 * @param {string} label
 */
function scale_group(name, label) {
  return h('fieldset', { class: 'scale', 'data-question': name },
    h('legend', {}, label),
    h('div', { class: 'scale-choices' },
      h('span', { class: 'scale-end', 'aria-hidden': 'true' }, 'not at all'),
      SCALE.map((n) => {
        const id = `q-${name}-${n}`;
        return h('span', { class: 'scale-option' },
          h('input', { type: 'radio', name, value: String(n), id, class: 'visually-hidden' }),
          h('label', { for: id, class: 'scale-choice' }, String(n),
            n === 1 ? h('span', { class: 'visually-hidden' }, ' (not at all)') : null,
            n === 5 ? h('span', { class: 'visually-hidden' }, ' (completely)') : null));
      }),
      h('span', { class: 'scale-end', 'aria-hidden': 'true' }, 'completely'),
      clear_button(name, label)));
}

/**
 * Unanswers a question (radios cannot be unchecked by themselves).
 * @param {string} name
 * @param {string} what
 */
function clear_button(name, what) {
  return h('button', {
    type: 'button',
    class: 'link small clear-answer',
    'aria-label': `Clear the answer to ${what}`,
    onclick: (/** @type {Event} */ ev) => {
      const form = /** @type {HTMLElement} */ (ev.currentTarget).closest('form');
      for (const el of form?.querySelectorAll(`input[name="${name}"]`) ?? []) /** @type {HTMLInputElement} */ (el).checked = false;
    },
  }, 'clear');
}

export { checkin_form };
