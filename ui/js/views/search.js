// Search (Ctrl+K): results as you type across entries, notes and people,
// with the matching words highlighted. Snippets arrive from the core as
// parts `{text, match}` and are rendered as text nodes inside <mark>.

import { api } from '../ipc.js';
import { describe_error } from '../errors.js';
import { move_selection } from '../list_nav.js';
import { as_you_type } from '../search_query.js';
import { kind_label } from '../labels.js';
import { long_date } from '../dates.js';
import { h, mount } from '../dom.js';

/**
 * @typedef {import('../gen/contract.js').SearchHit} Hit
 * @typedef {import('../main.js').Ctx} Ctx
 */

/**
 * Opens the search dialog over the current view.
 * @param {Ctx} ctx
 * @returns {() => void} closes it
 */
function open_search(ctx) {
  const previous = /** @type {HTMLElement | null} */ (document.activeElement);
  const input = /** @type {HTMLInputElement} */ (h('input', {
    type: 'search', id: 'search-input', autocomplete: 'off', spellcheck: 'false',
    placeholder: 'Search entries, notes, people and moments', role: 'combobox',
    'aria-controls': 'search-results', 'aria-expanded': 'false', 'aria-label': 'Search',
  }));
  const results = h('ul', { id: 'search-results', role: 'listbox', 'aria-label': 'Results' });
  const status = h('p', { class: 'status', role: 'status' });
  const panel = h('div', { class: 'search-panel', role: 'dialog', 'aria-modal': 'true', 'aria-label': 'Search' },
    input, status, results,
    h('p', { class: 'hint' }, '↑ ↓ to move, Enter to open, Esc to close.'));
  const overlay = h('div', { class: 'overlay', id: 'search' }, panel);
  /** @type {Hit[]} */
  let hits = [];
  let selected = -1;
  let seq = 0;

  function close() {
    overlay.remove();
    document.removeEventListener('keydown', on_key, true);
    previous?.focus?.();
  }

  /** @param {Hit} hit */
  function open(hit) {
    close();
    if (hit.kind === 'entry') ctx.go('journal', { entry_id: hit.id });
    else if (hit.person_id !== null) ctx.go('people', { person_id: hit.person_id });
  }

  function draw() {
    input.setAttribute('aria-expanded', String(hits.length > 0));
    mount(results, hits.map((hit, i) => h('li', {
      role: 'option',
      id: `hit-${i}`,
      class: 'hit',
      'aria-selected': String(i === selected),
      onclick: () => open(hit),
    },
    h('span', { class: `badge ${hit.kind}` }, kind_label(hit.kind)),
    h('span', { class: 'hit-title' }, hit.title || 'Untitled'),
    hit.date ? h('span', { class: 'hit-date' }, long_date(hit.date)) : null,
    h('span', { class: 'snippet' }, hit.snippet.map((p) => (p.match ? h('mark', {}, p.text) : p.text))),
    )));
    if (selected >= 0) {
      input.setAttribute('aria-activedescendant', `hit-${selected}`);
      document.getElementById(`hit-${selected}`)?.scrollIntoView({ block: 'nearest' });
    } else input.removeAttribute('aria-activedescendant');
  }

  async function run() {
    const mine = ++seq;
    const q = input.value;
    if (!q.trim()) {
      hits = [];
      selected = -1;
      mount(status);
      draw();
      return;
    }
    try {
      const found = await api.search(as_you_type(q));
      if (mine !== seq) return;
      hits = found;
      selected = hits.length ? 0 : -1;
      mount(status, hits.length ? `${hits.length} result${hits.length === 1 ? '' : 's'}` : 'Nothing found.');
      draw();
    } catch (err) {
      if (mine === seq) mount(status, describe_error(err));
    }
  }

  /** @param {KeyboardEvent} ev */
  function on_key(ev) {
    if (ev.key === 'Escape') {
      ev.preventDefault();
      ev.stopPropagation();
      close();
    } else if (['ArrowDown', 'ArrowUp'].includes(ev.key)) {
      ev.preventDefault();
      selected = move_selection(selected, hits.length, ev.key);
      draw();
    } else if (ev.key === 'Tab') {
      // The dialog is modal: focus stays in the search field.
      ev.preventDefault();
      input.focus();
    } else if (ev.key === 'Enter' && selected >= 0) {
      ev.preventDefault();
      open(hits[selected]);
    }
  }

  input.addEventListener('input', () => void run());
  overlay.addEventListener('mousedown', (ev) => { if (ev.target === overlay) close(); });
  document.addEventListener('keydown', on_key, true);
  document.body.append(overlay);
  input.focus();
  return close;
}

export { open_search };
