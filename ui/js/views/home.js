// Today: the first screen after unlocking. A prompt to reflect on, the
// people it may be time to reach out to (only those with a rhythm set, only
// once it has been a while, and never as a score), this day in earlier
// years, and the latest entries.

import { api } from '../ipc.js';
import { describe_error } from '../errors.js';
import { vocabulary, word } from '../vocabulary.js';
import { ago_words, cadence_words, in_days_words, long_date, day_of_year, local_iso_date, relative_day } from '../dates.js';
import { depth_change_words, first_line } from '../format.js';
import { kind_label } from '../labels.js';
import { h, mount } from '../dom.js';

/**
 * @typedef {import('../gen/contract.js').DailyPrompt} Prompt
 * @typedef {import('../gen/contract.js').ReachOut} ReachOut
 * @typedef {import('../gen/contract.js').OnThisDay} OnThisDay
 * @typedef {import('../gen/contract.js').Today} Today
 * @typedef {import('../gen/contract.js').Vocabulary} Vocabulary
 * @typedef {import('../main.js').Ctx} Ctx
 */

/**
 * @param {HTMLElement} root
 * @param {Ctx} ctx
 */
async function render_home(root, ctx) {
  /** @type {Today} */
  let today;
  /** @type {Vocabulary} */
  let words;
  try {
    [today, words] = await Promise.all([api.today(), vocabulary()]);
  } catch (err) {
    mount(root, h('div', { class: 'page', id: 'home' }, h('h1', {}, 'Today'),
      h('p', { role: 'alert' }, describe_error(err))));
    return {};
  }
  const date = today.date || local_iso_date();

  mount(root, h('div', { class: 'page home', id: 'home' },
    h('header', { class: 'page-head' },
      h('p', { class: 'eyebrow' }, long_date(date)),
      h('h1', {}, 'Today')),
    prompt_card(today.prompt, words, ctx),
    h('div', { class: 'home-grid' },
      h('section', { 'aria-labelledby': 'reach-title', id: 'reach-out' },
        h('h2', { id: 'reach-title' }, 'Perhaps reach out'),
        today.reach_out.length === 0
          ? h('p', { class: 'empty' }, 'Nobody is past the rhythm you chose. Set one on a person’s page (“check in about every N days”) if you would like a gentle nudge.')
          : h('ul', { class: 'reach-list' }, today.reach_out.map((r) => reach_card(r, date, words, ctx)))),
      h('div', { class: 'home-side' },
        h('section', { 'aria-labelledby': 'otd-title', id: 'on-this-day' },
          h('h2', { id: 'otd-title' }, 'On this day'),
          today.on_this_day.length === 0
            ? h('p', { class: 'empty' }, 'Nothing from this day in earlier years yet.')
            : h('ul', { class: 'otd-list' }, today.on_this_day.map((o) => otd_item(o, ctx)))),
        h('section', { 'aria-labelledby': 'recent-title', id: 'recent-entries' },
          h('h2', { id: 'recent-title' }, 'Recent entries'),
          today.recent_entries.length === 0
            ? h('p', { class: 'empty' }, 'No entries yet. ', h('button', { type: 'button', class: 'link', onclick: () => ctx.go('journal') }, 'Write the first one'), '.')
            : h('ul', { class: 'mention-list' }, today.recent_entries.map((e) => h('li', {},
              h('button', { type: 'button', class: 'entry-item', 'data-entry-id': String(e.id), onclick: () => ctx.go('journal', { entry_id: e.id }) },
                h('span', { class: 'entry-date' }, relative_day(e.date, date)),
                h('span', { class: 'entry-title' }, e.title || first_line(e.excerpt) || 'Untitled')))))),
      )),
  ));
  return {};
}

/**
 * @param {Prompt} prompt
 * @param {Vocabulary} words
 * @param {Ctx} ctx
 */
function prompt_card(prompt, words, ctx) {
  const about = prompt.person;
  return h('section', { class: 'card prompt-card', 'aria-labelledby': 'prompt-title', id: 'prompt' },
    h('h2', { id: 'prompt-title', class: 'eyebrow' }, 'A question for today · ', word(words.themes, prompt.theme)),
    // The name sits inside isolates; as a text node they keep a
    // right-to-left name from reordering the sentence.
    h('p', { class: 'prompt-text', id: 'prompt-text' }, prompt.text),
    h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'primary', id: 'answer-prompt', onclick: () => answer(prompt, ctx) }, 'Answer in your journal'),
      about
        ? h('button', { type: 'button', class: 'link', onclick: () => ctx.go('people', { person_id: about.id }) }, 'About ', about.name)
        : null));
}

/**
 * Opens a new entry that answers the prompt, linked to it and its person.
 * @param {Prompt} prompt
 * @param {Ctx} ctx
 */
function answer(prompt, ctx) {
  ctx.go('journal', {
    prompt_id: prompt.id,
    prompt_text: prompt.text,
    person_id: prompt.person ? prompt.person.id : null,
  });
}

/**
 * @param {ReachOut} r
 * @param {string} today
 * @param {Vocabulary} words
 * @param {Ctx} ctx
 */
function reach_card(r, today, words, ctx) {
  const when = r.last_contact
    ? `Last together ${ago_words(r.days_since)}`
    : 'Nothing noted together yet';
  const context = [
    r.last_moment
      ? h('li', {}, h('span', { class: 'ctx-label' }, 'Last moment: '),
        word(words.moment_kinds, r.last_moment.kind), ', ', relative_day(r.last_moment.date, today),
        r.last_moment.note ? [' — ', h('q', {}, r.last_moment.note)] : null)
      : null,
    r.last_note ? h('li', {}, h('span', { class: 'ctx-label' }, 'Last note: '), h('q', {}, r.last_note)) : null,
    r.stale_love_map.length
      ? h('li', {}, h('span', { class: 'ctx-label' }, 'You may not know any more: '),
        r.stale_love_map.map((t) => word(words.topics, t).replace(/^What/, 'what')).join('; '))
      : null,
    r.next_date
      ? h('li', {}, h('span', { class: 'ctx-label' }, 'Coming up: '),
        r.next_date.label, ', ', in_days_words(r.next_date.in_days), ' (', day_of_year(Number(r.next_date.date.slice(5, 7)), Number(r.next_date.date.slice(8, 10))), ')')
      : null,
  ].filter(Boolean);
  return h('li', { class: 'reach-card', 'data-person-id': String(r.person.id) },
    h('div', { class: 'reach-head' },
      h('button', { type: 'button', class: 'link person-link', onclick: () => ctx.go('people', { person_id: r.person.id }) }, r.person.name)),
    h('p', { class: 'reach-when' }, when, h('span', { class: 'hint' }, ' · you wanted to be in touch ', cadence_words(r.cadence_days))),
    context.length ? h('ul', { class: 'reach-context' }, context) : null);
}

/**
 * @param {OnThisDay} o
 * @param {Ctx} ctx
 */
function otd_item(o, ctx) {
  const open = () => {
    if (o.kind === 'entry') ctx.go('journal', { entry_id: o.id });
    else if (o.people[0]) ctx.go('people', { person_id: o.people[0].person.id });
  };
  return h('li', { class: 'otd' },
    h('span', { class: 'entry-date' }, o.years_ago === 1 ? 'A year ago' : `${o.years_ago} years ago`, ' · ', kind_label(o.kind)),
    h('button', { type: 'button', class: 'link otd-summary', onclick: open }, o.summary || 'Untitled'),
    o.people.length
      ? h('ul', { class: 'otd-people' }, o.people.map((p) => h('li', {},
        h('strong', {}, p.person.name), ': depth ', depth_change_words(p.then, p.now))))
      : null);
}


export { render_home };
