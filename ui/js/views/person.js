// A person's page: how close it feels (depth, its trend, the circles) and
// a check-in; how often you see each other and how that changed; a rhythm
// for reaching out; what you know of their world (the love map, stale
// answers marked); the dates that matter to them; and one timeline of
// notes, moments, check-ins and the entries that mention them.
//
// Each part draws itself and redraws alone after a change, so saving a
// moment does not jump the page back to the top.

import { api } from '../ipc.js';
import { describe_error } from '../errors.js';
import { vocabulary, word } from '../vocabulary.js';
import { PROXIMITY, proximity_label } from '../labels.js';
import { cadence_words, day_of_year, local_iso_date, long_date, relative_day, relative_time } from '../dates.js';
import { depth_words, first_line } from '../format.js';
import { ios_words } from '../ios.js';
import { h, mount, field } from '../dom.js';
import { checkin_form } from './checkin_form.js';
import { ios_picture, sparkline_picture } from './pictures.js';
import { blob_url } from '../attachments.js';

/** Timeline items per page, and the most reloaded at once after a change. */
const TIMELINE_PAGE = 100;
const TIMELINE_MAX = 500;

/**
 * @typedef {import('../gen/contract.js').Person} Person
 * @typedef {import('../gen/contract.js').DepthSummary} Depth
 * @typedef {import('../gen/contract.js').LoveMapItem} LoveMapItem
 * @typedef {import('../gen/contract.js').ImportantDate} ImportantDate
 * @typedef {import('../gen/contract.js').ProximityChange} ProximityChange
 * @typedef {import('../gen/contract.js').TimelineItem} TimelineItem
 * @typedef {import('../gen/contract.js').TimelineCursor} TimelineCursor
 * @typedef {import('../gen/contract.js').TimelinePage} TimelinePage
 * @typedef {import('../gen/contract.js').Vocabulary} Vocabulary
 * @typedef {import('../main.js').Ctx} Ctx
 */

/**
 * @param {HTMLElement} root
 * @param {Ctx} ctx
 * @param {number} id
 */
async function render_person(root, ctx, id) {
  /** @type {Person} */
  let person;
  /** @type {Vocabulary} */
  let vocab;
  try {
    [person, vocab] = await Promise.all([api.get_person(id), vocabulary()]);
  } catch (err) {
    ctx.notify(describe_error(err));
    ctx.go('people', {});
    return {};
  }
  const today = local_iso_date();

  const facts = h('div', { class: 'person-facts', id: 'person-facts' });
  const depth_box = h('section', { class: 'card depth-card', id: 'depth-card', 'aria-labelledby': 'depth-title' });
  const timeline_list = h('div', { id: 'timeline-wrap' });
  const love_box = h('section', { class: 'side-section', id: 'love-map', 'aria-labelledby': 'love-title' });
  const dates_box = h('section', { class: 'side-section', id: 'important-dates', 'aria-labelledby': 'dates-title' });
  const history_box = h('section', { class: 'side-section', id: 'proximity-history', 'aria-labelledby': 'history-title' });
  const prompt_box = h('section', { class: 'side-section prompt-mini', id: 'person-prompt', 'aria-labelledby': 'person-prompt-title' });

  /** Reloads the person (name, proximity, last contact) and redraws the facts. */
  async function draw_facts() {
    try {
      person = await api.get_person(id);
    } catch (err) {
      ctx.notify(describe_error(err));
      return;
    }
    const title = document.getElementById('person-title');
    if (title) mount(title, person.name);
    const rel = document.getElementById('person-rel');
    if (rel) mount(rel, person.relationship || 'No relationship noted');
    mount(facts,
      h('dl', { class: 'facts' },
        h('div', {}, h('dt', {}, 'How often you see each other'), h('dd', { id: 'fact-proximity' }, proximity_label(person.proximity))),
        h('div', {}, h('dt', {}, 'Last together'), h('dd', {}, person.last_contact ? relative_day(person.last_contact, today) : 'Nothing noted yet')),
        h('div', {}, h('dt', {}, 'Rhythm'), h('dd', { id: 'fact-cadence' }, person.cadence_days ? `Check in ${cadence_words(person.cadence_days)}` : 'None set')),
        person.how_we_met ? h('div', {}, h('dt', {}, 'How you met'), h('dd', {}, person.how_we_met)) : null),
      edit_details());
  }

  function edit_details() {
    const name = /** @type {HTMLInputElement} */ (h('input', { type: 'text', id: 'edit-name', value: person.name, required: true }));
    const relationship = /** @type {HTMLInputElement} */ (h('input', { type: 'text', id: 'edit-relationship', value: person.relationship }));
    const proximity = /** @type {HTMLSelectElement} */ (h('select', { id: 'edit-proximity' },
      h('option', { value: '' }, 'Not set'),
      PROXIMITY.map((p) => h('option', { value: p.value, selected: p.value === person.proximity }, p.label))));
    const cadence = /** @type {HTMLInputElement} */ (h('input', { type: 'number', id: 'edit-cadence', min: '1', max: '3650', step: '1', inputmode: 'numeric', value: person.cadence_days ?? '' }));
    const met = /** @type {HTMLInputElement} */ (h('input', { type: 'text', id: 'edit-met', value: person.how_we_met }));
    const error = h('p', { class: 'error', role: 'alert' });
    const form = h('form', { class: 'edit-person', novalidate: true },
      h('div', { class: 'row' }, field('Name', name), field('Relationship', relationship), field('How often you see each other', proximity)),
      h('div', { class: 'row' },
        field('Check in about every … days', cadence, 'Optional. A gentle reminder on the Today screen when it has been longer; never a streak.'),
        field('How you met', met)),
      error,
      h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary', id: 'save-person' }, 'Save')));
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      mount(error);
      const days = cadence.value.trim() ? Number(cadence.value) : null;
      if (days !== null && !(Number.isInteger(days) && days >= 1)) {
        mount(error, 'The rhythm is a whole number of days, such as 14.');
        return;
      }
      try {
        await api.edit_person(id, {
          name: name.value,
          relationship: relationship.value,
          proximity: proximity.value || null,
          how_we_met: met.value,
          cadence_days: days,
        });
        ctx.notify('Saved.');
        await Promise.all([draw_facts(), draw_history()]);
      } catch (err) {
        mount(error, describe_error(err));
      }
    });
    return h('details', { class: 'edit-details', id: 'edit-details' }, h('summary', {}, 'Edit details, proximity and rhythm'), form);
  }

  async function draw_depth() {
    /** @type {Depth} */
    let d;
    try {
      d = await api.depth(id);
    } catch (err) {
      mount(depth_box, h('p', { role: 'alert' }, describe_error(err)));
      return;
    }
    const form = checkin_form({
      name: person.name,
      on_submit: async (answers) => {
        try {
          await api.check_in(id, answers);
        } catch (err) {
          throw new Error(describe_error(err));
        }
        const now = await api.depth(id);
        ctx.notify(now.depth === null
          ? 'Check-in saved.'
          : `Check-in saved. Depth with ${person.name} is now ${depth_words(now.depth)}.`);
        await Promise.all([draw_depth(), draw_timeline(), draw_facts()]);
      },
    });
    const change = d.change_90_days === null ? null
      : Math.abs(d.change_90_days) < 2 ? 'About the same as three months ago.'
        : `${d.change_90_days > 0 ? 'Up' : 'Down'} ${Math.abs(Math.round(d.change_90_days))} since three months ago.`;
    mount(depth_box,
      h('div', { class: 'depth-row' },
        h('div', { class: 'depth-figure' },
          h('h2', { id: 'depth-title' }, 'Depth'),
          d.depth === null
            ? h('p', { class: 'depth-value none', id: 'depth-value' }, 'Not yet reflected')
            : h('p', { class: 'depth-value', id: 'depth-value' }, String(Math.round(d.depth)), h('span', {}, ' of 100')),
          h('p', { class: 'hint' }, d.checkins
            ? `From ${d.checkins} check-in${d.checkins === 1 ? '' : 's'}, the latest ${relative_time(d.last_checkin)}. Recent ones count most.`
            : 'Depth comes from your check-ins: how seen, heard, understood, safe and trusting it feels, and whether you both show up.'),
          change ? h('p', { class: 'hint', id: 'depth-change' }, change) : null),
        h('figure', { class: 'trend' },
          d.trend.length
            ? sparkline_picture(d.trend, `Depth over time: ${d.trend.length} check-ins, from ${Math.round(d.trend[0].depth)} to ${Math.round(d.trend[d.trend.length - 1].depth)}`)
            : h('div', { class: 'trend-empty', 'aria-hidden': 'true' }),
          h('figcaption', {}, d.trend.length > 1 ? 'How depth moved, check-in by check-in' : d.trend.length ? 'One check-in so far' : 'No trend yet')),
        h('div', { class: 'ios-figure', id: 'ios-figure' },
          h('h3', {}, 'The circles'),
          d.ios === null ? h('div', { class: 'ios-empty', 'aria-hidden': 'true' }) : ios_picture(d.ios, { width: 84, height: 48 }),
          h('p', { id: 'ios-value' }, ios_words(d.ios)))),
      h('details', { class: 'checkin', id: 'checkin' },
        h('summary', { id: 'checkin-open' }, `Check in: how close does it feel with ${person.name}?`),
        form.form));
  }

  /** The timeline loaded so far, newest first, a page at a time. */
  /** @type {TimelineItem[]} */
  let tl_items = [];
  /** @type {TimelineCursor | null} */
  let tl_next = null;
  let tl_loading = false;

  /** Reloads the timeline from the top, as far as it had been loaded. */
  async function draw_timeline() {
    /** @type {TimelinePage} */
    let page;
    try {
      page = await api.timeline(id, { limit: Math.min(Math.max(tl_items.length, TIMELINE_PAGE), TIMELINE_MAX) });
    } catch (err) {
      mount(timeline_list, h('p', { role: 'alert' }, describe_error(err)));
      return;
    }
    tl_items = page.items;
    tl_next = page.next;
    mount(timeline_list, tl_items.length === 0
      ? h('p', { class: 'empty', id: 'timeline' }, `Nothing yet. Log a moment, add a note, or write @${person.name} in an entry.`)
      : h('ol', { class: 'timeline', id: 'timeline' }, tl_items.map((item) => timeline_item(item))));
    show_more_timeline();
  }

  /** Appends the next page of older items (only the new ones are drawn). */
  async function more_timeline() {
    if (!tl_next || tl_loading) return;
    tl_loading = true;
    try {
      const page = await api.timeline(id, { after: tl_next });
      tl_items = tl_items.concat(page.items);
      tl_next = page.next;
      timeline_list.querySelector('#timeline')?.append(...page.items.map((item) => timeline_item(item)));
      show_more_timeline();
    } catch (err) {
      ctx.notify(describe_error(err));
    } finally {
      tl_loading = false;
    }
  }

  /** Loads the next page when the end of the timeline comes into view. */
  const tl_watcher = new IntersectionObserver((seen) => {
    if (seen.some((e) => e.isIntersecting)) void more_timeline();
  }, { rootMargin: '400px' });

  /** The "Show older" button at the end while there is more. */
  function show_more_timeline() {
    tl_watcher.disconnect();
    timeline_list.querySelector('.load-more')?.remove();
    if (!tl_next) return;
    const end = h('p', { class: 'load-more' },
      h('button', { type: 'button', class: 'link small', id: 'older-timeline', onclick: () => void more_timeline() }, 'Show older'));
    timeline_list.append(end);
    tl_watcher.observe(end);
  }

  /** @param {TimelineItem} item */
  function timeline_item(item) {
    /** @param {() => Promise<unknown>} trash @param {() => Promise<unknown>} restore @param {string} what */
    const trash_button = (trash, restore, what) => h('button', {
      type: 'button', class: 'link small', 'aria-label': `Move to trash: ${what}`,
      onclick: async () => {
        try {
          await trash();
          ctx.notify(`${what[0].toUpperCase()}${what.slice(1)} moved to the trash.`, {
            label: 'Undo', run: async () => { await restore(); await Promise.all([draw_timeline(), draw_depth()]); },
          });
          await Promise.all([draw_timeline(), draw_depth(), draw_facts()]);
        } catch (err) {
          ctx.notify(describe_error(err));
        }
      },
    }, 'Move to trash');
    switch (item.type) {
      case 'note': {
        const day = long_date(item.at.slice(0, 10));
        return h('li', { class: 'tl-item', 'data-type': 'note' },
          h('div', { class: 'tl-head' }, h('span', { class: 'badge note' }, 'Note'), h('time', { datetime: item.at }, day),
            trash_button(() => api.trash_note(item.id), () => api.restore_note(item.id), `the note from ${day}`)),
          h('p', { class: 'note-body' }, item.body));
      }
      case 'moment': {
        const day = long_date(item.date);
        return h('li', { class: 'tl-item', 'data-type': 'moment' },
          h('div', { class: 'tl-head' }, h('span', { class: 'badge moment' }, 'Moment'), h('time', { datetime: item.date }, day),
            trash_button(() => api.trash_moment(item.id), () => api.restore_moment(item.id), `the moment from ${day}`)),
          h('p', { class: 'tl-title' }, word(vocab.moment_kinds, item.kind)),
          item.note ? h('p', { class: 'note-body' }, item.note) : null);
      }
      case 'checkin': {
        const day = long_date(item.at.slice(0, 10));
        return h('li', { class: 'tl-item', 'data-type': 'checkin' },
          h('div', { class: 'tl-head' }, h('span', { class: 'badge checkin' }, 'Check-in'), h('time', { datetime: item.at }, day),
            trash_button(() => api.trash_checkin(item.id), () => api.restore_checkin(item.id), `the check-in from ${day}`)),
          h('p', { class: 'tl-title' },
            item.score === null ? 'No questions answered' : `Felt ${Math.round(item.score)} of 100`,
            item.ios ? ` · circles ${item.ios} of 7` : ''),
          item.note ? h('p', { class: 'note-body' }, item.note) : null);
      }
      default: // entry
        return h('li', { class: 'tl-item', 'data-type': 'entry' },
          h('div', { class: 'tl-head' }, h('span', { class: 'badge entry' }, 'Entry'), h('time', { datetime: item.date }, long_date(item.date))),
          h('button', { type: 'button', class: 'link tl-title', onclick: () => ctx.go('journal', { entry_id: item.id }) },
            item.title || first_line(item.excerpt) || 'Untitled'),
          item.title && item.excerpt ? h('p', { class: 'tl-excerpt' }, first_line(item.excerpt)) : null,
          item.pictures.length
            ? h('div', { class: 'tl-pictures' }, item.pictures.map((pid) => h('img', { loading: 'lazy', src: blob_url(pid, true), alt: '' })))
            : null);
    }
  }

  function moment_form() {
    const kind = /** @type {HTMLSelectElement} */ (h('select', { id: 'moment-kind' },
      vocab.moment_kinds.map((k) => h('option', { value: k.value }, k.label))));
    const date = /** @type {HTMLInputElement} */ (h('input', { type: 'date', id: 'moment-date', value: today, max: today }));
    const note = /** @type {HTMLInputElement} */ (h('input', { type: 'text', id: 'moment-note', placeholder: 'A few words (optional)' }));
    const error = h('p', { class: 'error', role: 'alert' });
    const form = h('form', { class: 'moment-form', novalidate: true },
      field('What happened', kind),
      h('div', { class: 'row' }, field('When', date), field('Note', note)),
      error,
      h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary', id: 'log-moment' }, 'Log moment')));
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      mount(error);
      try {
        await api.add_moment(id, kind.value, date.value || null, note.value);
        note.value = '';
        ctx.notify(`Moment logged: ${word(vocab.moment_kinds, kind.value)}.`);
        await Promise.all([draw_timeline(), draw_facts()]);
      } catch (err) {
        mount(error, describe_error(err));
      }
    });
    return form;
  }

  function note_form() {
    const body = /** @type {HTMLTextAreaElement} */ (h('textarea', { id: 'note-body', rows: '3', placeholder: `What did you notice about ${person.name}?` }));
    const error = h('p', { class: 'error', role: 'alert' });
    const form = h('form', { class: 'add-note' },
      field(`A note about ${person.name}`, body, 'Ctrl+Enter adds the note.'),
      error,
      h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary', id: 'add-note' }, 'Add note')));
    const submit = async () => {
      mount(error);
      try {
        await api.add_note(id, body.value);
        body.value = '';
        await draw_timeline();
      } catch (err) {
        mount(error, describe_error(err));
      }
    };
    form.addEventListener('submit', (ev) => { ev.preventDefault(); void submit(); });
    body.addEventListener('keydown', (ev) => {
      if (ev.key === 'Enter' && (ev.ctrlKey || ev.metaKey)) { ev.preventDefault(); void submit(); }
    });
    return form;
  }

  async function draw_love_map() {
    /** @type {LoveMapItem[]} */
    let items;
    try {
      items = await api.love_map(id);
    } catch (err) {
      mount(love_box, h('p', { role: 'alert' }, describe_error(err)));
      return;
    }
    const stale = items.filter((i) => i.stale).length;
    mount(love_box,
      h('h2', { id: 'love-title' }, 'Their world'),
      h('p', { class: 'hint' }, stale
        ? `Answers older than ${Math.round(vocab.stale_after_days / 30)} months are marked: people change, and you may no longer know.`
        : 'What you know of their life right now. Update it as it changes.'),
      h('ul', { class: 'love-map' }, vocab.topics.map((t) => love_item(t, items.find((i) => i.topic === t.value) ?? null))));
  }

  /**
   * @param {{value: string, label: string}} topic
   * @param {LoveMapItem | null} item
   */
  function love_item(topic, item) {
    const li = h('li', { class: `lm-item${item?.stale ? ' stale' : ''}`, 'data-topic': topic.value });
    const show = () => mount(li,
      h('div', { class: 'lm-head' },
        h('h3', {}, topic.label),
        item?.stale ? h('span', { class: 'stale-mark' }, 'may be out of date') : null),
      item ? h('p', { class: 'lm-text' }, item.text) : h('p', { class: 'empty' }, 'Not noted yet.'),
      h('div', { class: 'lm-foot' },
        item ? h('span', { class: 'hint' }, 'Updated ', relative_time(item.updated_at)) : h('span'),
        h('button', { type: 'button', class: 'link small', 'aria-label': `${item ? 'Update' : 'Add'}: ${topic.label}`, onclick: edit }, item ? 'Update' : 'Add')));
    const edit = () => {
      const text = /** @type {HTMLTextAreaElement} */ (h('textarea', { rows: '2', id: `lm-${topic.value}`, 'aria-label': topic.label }));
      text.value = item?.text ?? '';
      const error = h('p', { class: 'error', role: 'alert' });
      const form = h('form', { class: 'lm-form' }, h('h3', {}, topic.label), text, error,
        h('div', { class: 'actions' },
          h('button', { type: 'submit', class: 'primary small' }, 'Save'),
          h('button', { type: 'button', class: 'secondary small', onclick: show }, 'Cancel'),
          item ? h('span', { class: 'hint' }, 'Empty clears it.') : null));
      form.addEventListener('submit', async (ev) => {
        ev.preventDefault();
        try {
          await api.set_love_map(id, topic.value, text.value);
          await draw_love_map();
          /** @type {HTMLElement | null} */ (document.querySelector(`[data-topic="${topic.value}"] button`))?.focus();
        } catch (err) {
          mount(error, describe_error(err));
        }
      });
      mount(li, form);
      text.focus();
    };
    show();
    return li;
  }

  async function draw_dates() {
    /** @type {ImportantDate[]} */
    let dates;
    try {
      dates = await api.important_dates(id);
    } catch (err) {
      mount(dates_box, h('p', { role: 'alert' }, describe_error(err)));
      return;
    }
    const label = /** @type {HTMLInputElement} */ (h('input', { type: 'text', id: 'date-label', placeholder: 'birthday, the day they moved…', maxlength: '100' }));
    const month = /** @type {HTMLSelectElement} */ (h('select', { id: 'date-month' },
      Array.from({ length: 12 }, (_, i) => h('option', { value: String(i + 1) }, day_of_year(i + 1, 1).replace(/^1 /, '')))));
    const day = /** @type {HTMLInputElement} */ (h('input', { type: 'number', id: 'date-day', min: '1', max: '31', value: '1', inputmode: 'numeric' }));
    const year = /** @type {HTMLInputElement} */ (h('input', { type: 'number', id: 'date-year', min: '1900', max: '2200', placeholder: 'optional', inputmode: 'numeric' }));
    const error = h('p', { class: 'error', role: 'alert' });
    const form = h('form', { class: 'date-form', novalidate: true },
      field('What', label),
      h('div', { class: 'row three' }, field('Day', day), field('Month', month), field('Year', year)),
      error,
      h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'secondary small', id: 'add-date' }, 'Add date')));
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      mount(error);
      try {
        await api.add_important_date(id, label.value, Number(month.value), Number(day.value), year.value.trim() ? Number(year.value) : null);
        await draw_dates();
      } catch (err) {
        mount(error, describe_error(err));
      }
    });
    mount(dates_box,
      h('h2', { id: 'dates-title' }, 'Dates that matter to them'),
      dates.length === 0
        ? h('p', { class: 'empty' }, 'None yet. The next one shows beside them when it may be time to reach out.')
        : h('ul', { class: 'date-list' }, dates.map((d) => h('li', {},
          h('span', {}, h('strong', {}, d.label), ' — ', day_of_year(d.month, d.day), d.year ? ` ${d.year}` : ''),
          h('button', {
            type: 'button', class: 'link small', 'aria-label': `Remove ${d.label}`,
            onclick: async () => {
              try {
                await api.remove_important_date(d.id);
                await draw_dates();
              } catch (err) {
                ctx.notify(describe_error(err));
              }
            },
          }, 'Remove')))),
      h('details', {}, h('summary', {}, 'Add a date'), form));
  }

  async function draw_history() {
    /** @type {ProximityChange[]} */
    let changes;
    try {
      changes = await api.proximity_history(id);
    } catch (err) {
      mount(history_box, h('p', { role: 'alert' }, describe_error(err)));
      return;
    }
    mount(history_box,
      h('h2', { id: 'history-title' }, 'How often you have seen each other'),
      changes.length === 0
        ? h('p', { class: 'empty' }, 'Not set yet.')
        : h('ol', { class: 'history-list' }, changes.map((c, i) => {
          const from = long_date(c.changed_at.slice(0, 10));
          const next = changes[i + 1];
          return h('li', {},
            h('strong', {}, proximity_label(c.proximity)),
            h('span', { class: 'hint' }, next ? ` — ${from} to ${long_date(next.changed_at.slice(0, 10))}` : ` — since ${from}`));
        }).reverse()),
      h('p', { class: 'hint' }, 'People move; how often you see someone is not how close you are.'));
  }

  async function draw_prompt() {
    try {
      const p = await api.prompt_for(id);
      mount(prompt_box,
        h('h2', { id: 'person-prompt-title' }, 'A question to sit with'),
        h('p', { class: 'prompt-text small' }, p.text),
        h('button', {
          type: 'button', class: 'secondary small', id: 'answer-person-prompt',
          onclick: () => ctx.go('journal', { prompt_id: p.id, prompt_text: p.text, person_id: id }),
        }, 'Answer in your journal'));
    } catch {
      mount(prompt_box);
    }
  }

  const trash_person = async () => {
    try {
      await api.trash_person(id);
      ctx.notify(`${person.name} moved to the trash, with their notes.`, { label: 'Undo', run: async () => { await api.restore_person(id); ctx.go('people', { person_id: id }); } });
      ctx.go('people', {});
    } catch (err) {
      ctx.notify(describe_error(err));
    }
  };

  // Their picture: chosen in the native dialog; the one it replaces waits
  // in the trash, and Undo brings it back.
  const avatar_box = h('div', { class: 'avatar-box' });
  const draw_avatar = () => mount(avatar_box,
    avatar(person, 'large'),
    h('button', { type: 'button', class: 'link small', id: 'choose-picture', onclick: () => void choose_picture() },
      person.photo_id === null ? 'Add a picture…' : 'Change picture…'));
  const choose_picture = async () => {
    const before = person.photo_id;
    try {
      const added = await api.pick_person_photo(id);
      if (!added) return;
      person = { ...person, photo_id: added.id };
      draw_avatar();
      ctx.notify(`${person.name} has a new picture.`, {
        label: 'Undo',
        run: async () => {
          await api.trash_attachment(added.id);
          if (before !== null) await api.restore_attachment(before);
          person = { ...person, photo_id: before };
          draw_avatar();
        },
      });
    } catch (err) {
      ctx.notify(describe_error(err));
    }
  };
  draw_avatar();

  mount(root, h('div', { class: 'page person-page', id: 'person-page' },
    h('p', {}, h('button', { type: 'button', class: 'link', onclick: () => ctx.go('people', {}) }, '← All people')),
    h('header', { class: 'page-head person-head' },
      avatar_box,
      h('div', {}, h('h1', { id: 'person-title' }, person.name), h('p', { class: 'lead', id: 'person-rel' }, person.relationship || 'No relationship noted'))),
    facts,
    depth_box,
    h('div', { class: 'columns' },
      h('section', { 'aria-labelledby': 'timeline-title' },
        h('h2', { id: 'timeline-title' }, 'Together, over time'),
        h('details', { class: 'log', id: 'moment-details', open: true }, h('summary', {}, 'Log a moment'), moment_form()),
        h('details', { class: 'log', id: 'note-details' }, h('summary', {}, 'Add a note'), note_form()),
        timeline_list),
      h('div', { class: 'side' }, love_box, prompt_box, dates_box, history_box)),
    h('p', { class: 'page-foot' }, h('button', { type: 'button', class: 'secondary small danger', onclick: trash_person }, `Move ${person.name} to the trash`)),
  ));
  await Promise.all([draw_facts(), draw_depth(), draw_timeline(), draw_love_map(), draw_dates(), draw_history(), draw_prompt()]);
  return { leave: async () => { tl_watcher.disconnect(); } };
}

/**
 * A person's picture, or their initials when they have none.
 * @param {{name: string, photo_id?: number | null}} p
 * @param {string} [size] '' or 'large'
 */
function avatar(p, size = '') {
  const cls = `avatar ${size}`.trim();
  return p.photo_id !== null && p.photo_id !== undefined
    ? h('span', { class: `${cls} has-picture`, 'aria-hidden': 'true' }, h('img', { src: blob_url(p.photo_id, true), alt: '' }))
    : h('span', { class: cls, 'aria-hidden': 'true' }, initials(p.name));
}

/** @param {string} name */
function initials(name) {
  return name.split(/\s+/).filter(Boolean).slice(0, 2).map((w) => [...w][0]).join('').toUpperCase();
}


export { render_person, avatar, initials };
