// People: everyone with their relationship, how often you see them and
// when you last wrote about them; a page per person with notes (newest
// first) and the entries that mention them.

import { api } from '../ipc.js';
import { describe_error } from '../errors.js';
import { PROXIMITY, proximity_label } from '../labels.js';
import { local_iso_date, long_date, relative_day } from '../dates.js';
import { h, mount, field } from '../dom.js';

/**
 * @typedef {{id: number, name: string, relationship: string, proximity: string | null, how_we_met: string, cadence_days: number | null, last_contact: string | null}} Person
 * @typedef {{id: number, person_id: number, body: string, created_at: string}} Note
 * @typedef {import('../main.js').Ctx} Ctx
 */

/**
 * @param {HTMLElement} root
 * @param {Ctx} ctx
 * @param {{person_id?: number}} params
 */
async function render_people(root, ctx, params) {
  if (params.person_id !== undefined) return render_person(root, ctx, params.person_id);
  /** @type {Person[]} */
  let people = [];
  try {
    people = /** @type {Person[]} */ (await api.list_people());
  } catch (err) {
    ctx.notify(describe_error(/** @type {any} */ (err)));
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
      const id = /** @type {number} */ (await api.add_person({
        name: name.value,
        relationship: relationship.value,
        proximity: proximity.value || null,
        how_we_met: '',
        cadence_days: null,
      }));
      ctx.go('people', { person_id: id });
    } catch (err) {
      mount(error, describe_error(/** @type {any} */ (err)));
      name.focus();
    }
  });

  mount(root, h('div', { class: 'page' },
    h('header', { class: 'page-head' }, h('h1', {}, 'People'),
      h('p', { class: 'lead' }, 'How often you see someone is not how close you are. Notice both.')),
    people.length === 0
      ? h('p', { class: 'empty' }, 'Nobody here yet. Add the people you want to reflect on.')
      : h('ul', { class: 'people-list', id: 'people-list' }, people.map((p) => h('li', {},
        h('button', { type: 'button', class: 'person-card', 'data-person-id': String(p.id), onclick: () => ctx.go('people', { person_id: p.id }) },
          h('span', { class: 'avatar', 'aria-hidden': 'true' }, initials(p.name)),
          h('span', { class: 'person-name' }, p.name),
          h('span', { class: 'person-rel' }, p.relationship || '—'),
          h('span', { class: 'person-meta' }, proximity_label(p.proximity)),
          h('span', { class: 'person-meta' }, 'Last contact: ', relative_day(p.last_contact, today)),
        )))),
    form,
  ));
  if (people.length === 0) name.focus();
  return {};
}

/**
 * @param {HTMLElement} root
 * @param {Ctx} ctx
 * @param {number} id
 */
async function render_person(root, ctx, id) {
  /** @type {Person} */
  let person;
  /** @type {Note[]} */
  let notes;
  /** @type {{id: number, date: string, title: string, excerpt: string}[]} */
  let entries;
  try {
    [person, notes, entries] = /** @type {[Person, Note[], any[]]} */ (await Promise.all([
      api.get_person(id), api.list_notes(id), api.list_entries({ personId: id }),
    ]));
  } catch (err) {
    ctx.notify(describe_error(/** @type {any} */ (err)));
    ctx.go('people', {});
    return {};
  }
  const today = local_iso_date();
  const note_body = /** @type {HTMLTextAreaElement} */ (h('textarea', { id: 'note-body', rows: '3', placeholder: `What did you notice about ${person.name}?` }));
  const note_error = h('p', { class: 'error', role: 'alert' });
  const note_form = h('form', { class: 'add-note' },
    field(`Add a note about ${person.name}`, note_body, 'Ctrl+Enter adds the note.'),
    note_error,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary', id: 'add-note' }, 'Add note')),
  );
  const submit_note = async () => {
    mount(note_error);
    try {
      await api.add_note(id, note_body.value);
      ctx.go('people', { person_id: id });
    } catch (err) {
      mount(note_error, describe_error(/** @type {any} */ (err)));
    }
  };
  note_form.addEventListener('submit', (ev) => { ev.preventDefault(); void submit_note(); });
  note_body.addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter' && (ev.ctrlKey || ev.metaKey)) { ev.preventDefault(); void submit_note(); }
  });

  /** @param {Note} n */
  const trash_note = async (n) => {
    try {
      await api.trash_note(n.id);
      ctx.notify('Note moved to the trash.', { label: 'Undo', run: async () => { await api.restore_note(n.id); ctx.go('people', { person_id: id }); } });
      ctx.go('people', { person_id: id });
    } catch (err) {
      ctx.notify(describe_error(/** @type {any} */ (err)));
    }
  };
  const trash_person = async () => {
    try {
      await api.trash_person(id);
      ctx.notify(`${person.name} moved to the trash, with their notes.`, { label: 'Undo', run: async () => { await api.restore_person(id); ctx.go('people', { person_id: id }); } });
      ctx.go('people', {});
    } catch (err) {
      ctx.notify(describe_error(/** @type {any} */ (err)));
    }
  };

  mount(root, h('div', { class: 'page person-page' },
    h('p', {}, h('button', { type: 'button', class: 'link', onclick: () => ctx.go('people', {}) }, '← All people')),
    h('header', { class: 'page-head person-head' },
      h('span', { class: 'avatar large', 'aria-hidden': 'true' }, initials(person.name)),
      h('div', {}, h('h1', { id: 'person-title' }, person.name), h('p', { class: 'lead' }, person.relationship || 'No relationship noted'))),
    h('dl', { class: 'facts' },
      h('div', {}, h('dt', {}, 'How often you see each other'), h('dd', {}, proximity_label(person.proximity))),
      h('div', {}, h('dt', {}, 'Last contact'), h('dd', {}, relative_day(person.last_contact, today))),
      person.how_we_met ? h('div', {}, h('dt', {}, 'How you met'), h('dd', {}, person.how_we_met)) : null,
    ),
    h('div', { class: 'columns' },
      h('section', { 'aria-labelledby': 'notes-title' },
        h('h2', { id: 'notes-title' }, 'Notes'),
        note_form,
        notes.length === 0
          ? h('p', { class: 'empty' }, 'No notes yet.')
          : h('ul', { class: 'notes', id: 'notes' }, notes.map((n) => h('li', { class: 'note' },
            h('div', { class: 'note-head' },
              h('time', { datetime: n.created_at }, long_date(n.created_at.slice(0, 10))),
              h('button', { type: 'button', class: 'link small', onclick: () => trash_note(n), 'aria-label': `Move note from ${long_date(n.created_at.slice(0, 10))} to the trash` }, 'Move to trash')),
            h('p', { class: 'note-body' }, n.body))))),
      h('section', { 'aria-labelledby': 'mentions-title' },
        h('h2', { id: 'mentions-title' }, `Entries that mention ${person.name}`),
        entries.length === 0
          ? h('p', { class: 'empty' }, `Write @${person.name} in an entry to link it here.`)
          : h('ul', { class: 'mention-list', id: 'person-entries' }, entries.map((e) => h('li', {},
            h('button', { type: 'button', class: 'entry-item', onclick: () => ctx.go('journal', { entry_id: e.id }) },
              h('span', { class: 'entry-date' }, long_date(e.date)),
              h('span', { class: 'entry-title' }, e.title || e.excerpt.split('\n')[0] || 'Untitled'),
              e.title ? h('span', { class: 'entry-excerpt' }, e.excerpt.split('\n')[0]) : null)))),
      )),
    h('p', { class: 'page-foot' }, h('button', { type: 'button', class: 'secondary small danger', onclick: trash_person }, `Move ${person.name} to the trash`)),
  ));
  return {};
}

/** @param {string} name */
function initials(name) {
  return name.split(/\s+/).filter(Boolean).slice(0, 2).map((w) => [...w][0]).join('').toUpperCase();
}

export { render_people };
