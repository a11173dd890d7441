// @-mention suggestions under a textarea: typing "@Ma" lists the people
// whose names match; arrows move, Enter or Tab inserts the name, Escape
// closes the list. Used by the journal's editor and by quick entry.

import { h, mount } from './dom.js';
import { mention_at, suggest_people, insert_mention } from './mentions.js';
import { move_selection } from './list_nav.js';

/** @typedef {import('./gen/contract.js').PersonRef} PersonRef */

/**
 * Makes the suggestion list for `body` and wires it; returns the list, to
 * be placed beside the textarea.
 * @param {HTMLTextAreaElement} body
 * @param {() => PersonRef[]} people  the people known now
 * @param {() => void} changed        called after a name is inserted
 * @returns {HTMLElement}
 */
function mention_suggestions(body, people, changed) {
  const list = h('ul', { class: 'suggestions', role: 'listbox', id: 'mention-suggestions', 'aria-label': 'People to mention', hidden: true });
  let selected = -1;
  /** @type {PersonRef[]} */
  let shown = [];
  function update() {
    const m = mention_at(body.value, body.selectionStart ?? 0);
    shown = m ? suggest_people(m.query, people()) : [];
    // A complete, exact name needs no suggestion.
    if (m && shown.length === 1 && shown[0].name.toLowerCase() === m.query.toLowerCase()) shown = [];
    selected = shown.length ? 0 : -1;
    draw();
  }
  function draw() {
    list.hidden = shown.length === 0;
    // (A textarea takes no aria-expanded; the list's own visibility and
    // the active option say it.)
    mount(list, shown.map((p, i) => h('li', {
      role: 'option',
      id: `mention-${p.id}`,
      'aria-selected': String(i === selected),
      onmousedown: (/** @type {Event} */ ev) => { ev.preventDefault(); choose(p); },
    }, '@', p.name)));
    if (selected >= 0) body.setAttribute('aria-activedescendant', `mention-${shown[selected].id}`);
    else body.removeAttribute('aria-activedescendant');
  }
  /** @param {PersonRef} p */
  function choose(p) {
    const caret = body.selectionStart ?? 0;
    const m = mention_at(body.value, caret);
    if (!m) return;
    const r = insert_mention(body.value, m.start, caret, p.name);
    body.value = r.text;
    body.setSelectionRange(r.caret, r.caret);
    shown = [];
    draw();
    changed();
  }
  body.setAttribute('aria-controls', 'mention-suggestions');
  body.setAttribute('aria-autocomplete', 'list');
  body.addEventListener('keydown', (ev) => {
    if (!shown.length) return;
    if (ev.key === 'ArrowDown' || ev.key === 'ArrowUp') {
      ev.preventDefault();
      selected = move_selection(selected, shown.length, ev.key);
      draw();
    } else if (ev.key === 'Enter' || ev.key === 'Tab') {
      ev.preventDefault();
      choose(shown[Math.max(selected, 0)]);
    } else if (ev.key === 'Escape') {
      ev.stopPropagation();
      shown = [];
      draw();
    }
  });
  body.addEventListener('input', update);
  body.addEventListener('blur', () => { shown = []; draw(); });
  return list;
}

export { mention_suggestions };
