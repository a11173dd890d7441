// People: everyone with their relationship, how often you see them, how
// close it feels and when you were last together; each opens their page
// (views/person.js).

import { api } from '../ipc.js';
import { describe_error } from '../errors.js';
import { PROXIMITY, proximity_label } from '../labels.js';
import { local_iso_date, relative_day } from '../dates.js';
import { depth_words } from '../format.js';
import { h, mount, field } from '../dom.js';
import { render_person, avatar } from './person.js';

/**
 * @typedef {import('../gen/contract.js').Person} Person
 * @typedef {import('../main.js').Ctx} Ctx
 */

/** People drawn at a time. */
const PAGE = 100;

/**
 * @param {HTMLElement} root
 * @param {Ctx} ctx
 * @param {{person_id?: number | null}} params
 */
async function render_people(root, ctx, params) {
  if (params.person_id !== undefined && params.person_id !== null) return render_person(root, ctx, params.person_id);
  /** @type {Person[]} */
  let people = [];
  /** @type {Map<number, number | null>} */
  let depth = new Map();
  try {
    const [list, map] = await Promise.all([api.list_people(), api.map()]);
    people = list;
    depth = new Map(map.map((m) => [m.id, m.depth]));
  } catch (err) {
    ctx.notify(describe_error(err));
  }
  const today = local_iso_date();

  const name = /** @type {HTMLInputElement} */ (h('input', { type: 'text', id: 'person-name', required: true, autocomplete: 'off' }));
  const relationship = /** @type {HTMLInputElement} */ (h('input', { type: 'text', id: 'person-relationship', placeholder: 'sister, old friend, colleague…' }));
  const proximity = /** @type {HTMLSelectElement} */ (h('select', { id: 'person-proximity' },
    h('option', { value: '' }, 'Not set'),
    PROXIMITY.map((p) => h('option', { value: p.value }, p.label))));
  const error = h('p', { class: 'error', role: 'alert' });
  const form = h('form', { class: 'add-person', 'aria-labelledby': 'add-person-title' },
    h('h2', { id: 'add-person-title' }, 'Add someone'),
    h('div', { class: 'row' },
      field('Name', name),
      field('Relationship', relationship),
      field('How often you see them', proximity)),
    error,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary', id: 'add-person' }, 'Add person')),
  );
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    mount(error);
    try {
      const id = await api.add_person({
        name: name.value,
        relationship: relationship.value,
        proximity: proximity.value || null,
        how_we_met: '',
        cadence_days: null,
      });
      ctx.go('people', { person_id: id });
    } catch (err) {
      mount(error, describe_error(err));
      name.focus();
    }
  });

  /** @param {Person} p */
  const card = (p) => h('li', {},
    h('button', { type: 'button', class: 'person-card', 'data-person-id': String(p.id), onclick: () => ctx.go('people', { person_id: p.id }) },
      avatar(p),
      h('span', { class: 'person-name' }, p.name),
      h('span', { class: 'person-rel' }, p.relationship || '—'),
      h('span', { class: 'person-meta' }, proximity_label(p.proximity)),
      h('span', { class: 'person-meta' }, 'Depth: ', depth_words(depth.get(p.id))),
      h('span', { class: 'person-meta' }, 'Last together: ', p.last_contact ? relative_day(p.last_contact, today) : 'nothing noted yet'),
    ));
  const list = h('ul', { class: 'people-list', id: 'people-list' }, people.slice(0, PAGE).map(card));
  let shown = Math.min(PAGE, people.length);

  mount(root, h('div', { class: 'page' },
    h('header', { class: 'page-head' }, h('h1', {}, 'People'),
      h('p', { class: 'lead' }, 'How often you see someone is not how close you are. Notice both.')),
    people.length === 0
      ? h('p', { class: 'empty' }, 'Nobody here yet. Add the people you want to reflect on.')
      : list,
    form,
  ));

  // A long list is drawn a page at a time: the next as its end comes into
  // view, or by "Show more".
  const watcher = new IntersectionObserver((seen) => {
    if (seen.some((e) => e.isIntersecting)) more();
  }, { rootMargin: '400px' });
  function more() {
    list.append(...people.slice(shown, shown + PAGE).map(card));
    shown = Math.min(shown + PAGE, people.length);
    show_more();
  }
  function show_more() {
    watcher.disconnect();
    root.querySelector('#more-people')?.parentElement?.remove();
    if (shown >= people.length) return;
    const end = h('p', { class: 'load-more' },
      h('button', { type: 'button', class: 'link small', id: 'more-people', onclick: more },
        `Show more (${people.length - shown} not shown)`));
    list.after(end);
    watcher.observe(end);
  }
  show_more();
  if (people.length === 0) name.focus();
  return { leave: async () => { watcher.disconnect(); } };
}

export { render_people };
