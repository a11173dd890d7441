// The calendar: a month with each day marked by what happened on it
// (entries, check-ins, moments), and the chosen day beside it, with a way
// to write for that day. A grid of buttons with one tab stop: the arrow
// keys move by day and week, Page Up and Page Down by month (with Shift,
// by year), Home and End to the ends of the week. Weeks start, and dates
// read, as the system locale has them.

import { api } from '../ipc.js';
import { describe_error } from '../errors.js';
import { local_iso_date } from '../dates.js';
import { h, mount } from '../dom.js';
import { first_line } from '../format.js';
import { add_months, first_weekday, month_weeks, moved, usable_locale } from '../calendar_grid.js';

/**
 * @typedef {import('../gen/contract.js').CalendarDay} CalendarDay
 * @typedef {import('../gen/contract.js').CalendarDayDetail} CalendarDayDetail
 */

/** @param {number} n @param {string} one @param {string} many */
const count = (n, one, many) => `${n} ${n === 1 ? one : many}`;

/** What a day holds, in words ("2 entries, 1 check-in"). @param {CalendarDay | undefined} d */
function marks_words(d) {
  if (!d) return 'nothing written';
  const parts = [];
  if (d.entries) parts.push(count(d.entries, 'entry', 'entries'));
  if (d.checkins) parts.push(count(d.checkins, 'check-in', 'check-ins'));
  if (d.moments) parts.push(count(d.moments, 'moment', 'moments'));
  return parts.join(', ') || 'nothing written';
}

/**
 * @param {HTMLElement} root
 * @param {import('../main.js').Ctx} ctx
 * @param {import('../main.js').Params} params `date`: the day to show
 */
async function render_calendar(root, ctx, params = {}) {
  const locale = usable_locale(navigator.language);
  const first_day = first_weekday(locale);
  const today = local_iso_date();
  /** The chosen day. */
  let selected = /^\d{4}-\d{2}-\d{2}$/.test(String(params.date ?? '')) ? String(params.date) : today;
  /** The month shown ("YYYY-MM") and its marked days. */
  let shown = '';
  /** @type {Map<string, CalendarDay>} */
  let days = new Map();
  let seq = 0;

  const at_noon = (/** @type {string} */ iso) => new Date(`${iso}T12:00:00`);
  const month_name = new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric' });
  const full_date = new Intl.DateTimeFormat(locale, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
  const weekday_short = new Intl.DateTimeFormat(locale, { weekday: 'short' });
  const weekday_long = new Intl.DateTimeFormat(locale, { weekday: 'long' });

  const title = h('h2', { id: 'calendar-month', 'aria-live': 'polite' });
  const grid = h('table', { class: 'calendar-grid', role: 'grid', 'aria-labelledby': 'calendar-month', id: 'calendar-grid' });
  const detail = h('section', { class: 'card calendar-day', id: 'calendar-day', 'aria-labelledby': 'calendar-day-title' });

  /** Draws the month around `selected`, loading its marks when it changed. */
  async function draw(focus = false) {
    const mine = ++seq;
    const month = selected.slice(0, 7);
    if (month !== shown) {
      const [y, m] = month.split('-').map(Number);
      try {
        const marked = await api.calendar_month(y, m);
        if (mine !== seq) return;
        days = new Map(marked.map((d) => [d.date, d]));
        shown = month;
      } catch (err) {
        ctx.notify(describe_error(err));
        return;
      }
    }
    const [y, m] = shown.split('-').map(Number);
    title.textContent = month_name.format(at_noon(`${shown}-01`));
    const weeks = month_weeks(y, m, first_day);
    mount(grid,
      h('thead', {}, h('tr', {}, weeks[0].map((c) => h('th', { scope: 'col', abbr: weekday_long.format(at_noon(c.date)) }, weekday_short.format(at_noon(c.date)))))),
      h('tbody', {}, weeks.map((week) => h('tr', {}, week.map((c) => {
        const d = days.get(c.date);
        const label = `${full_date.format(at_noon(c.date))}: ${marks_words(d)}`;
        return h('td', { role: 'gridcell', 'aria-selected': String(c.date === selected) },
          h('button', {
            type: 'button',
            class: `calendar-cell${c.in_month ? '' : ' outside'}${d ? ' has-marks' : ''}`,
            'data-date': c.date,
            tabindex: c.date === selected ? '0' : '-1',
            'aria-label': label,
            'aria-current': c.date === today ? 'date' : null,
            onclick: () => void choose(c.date, true),
          },
          h('span', { class: 'calendar-num', 'aria-hidden': 'true' }, String(Number(c.date.slice(8)))),
          h('span', { class: 'calendar-marks', 'aria-hidden': 'true' },
            d?.entries ? h('span', { class: 'mark-entry', title: count(d.entries, 'entry', 'entries') }) : null,
            d?.checkins ? h('span', { class: 'mark-checkin', title: count(d.checkins, 'check-in', 'check-ins') }) : null,
            d?.moments ? h('span', { class: 'mark-moment', title: count(d.moments, 'moment', 'moments') }) : null)));
      })))));
    if (focus) /** @type {HTMLElement | null} */ (grid.querySelector(`[data-date="${selected}"]`))?.focus();
    await show_day(mine);
  }

  /** Lists the chosen day's entries, check-ins and moments. @param {number} mine */
  async function show_day(mine) {
    /** @type {CalendarDayDetail} */
    let day;
    try {
      day = await api.calendar_day(selected);
    } catch (err) {
      ctx.notify(describe_error(err));
      return;
    }
    if (mine !== seq) return;
    const person = (/** @type {{id: number, name: string}} */ p) =>
      h('button', { type: 'button', class: 'link person-link', onclick: () => ctx.go('people', { person_id: p.id }) }, p.name);
    const empty = !day.entries.length && !day.checkins.length && !day.moments.length;
    mount(detail,
      h('h2', { id: 'calendar-day-title' }, full_date.format(at_noon(day.date))),
      empty ? h('p', { class: 'hint' }, 'Nothing written for this day.') : null,
      day.entries.length
        ? h('ul', { class: 'mention-list', 'aria-label': 'Entries' }, day.entries.map((e) => h('li', {},
          h('button', { type: 'button', class: 'entry-item', 'data-entry-id': String(e.id), onclick: () => ctx.go('journal', { entry_id: e.id }) },
            h('span', { class: 'entry-title' }, e.title || first_line(e.excerpt) || 'Untitled'),
            e.title && e.excerpt ? h('span', { class: 'entry-excerpt' }, first_line(e.excerpt)) : null))))
        : null,
      day.checkins.length
        ? h('div', { class: 'calendar-list' }, h('h3', {}, 'Check-ins'),
          h('ul', {}, day.checkins.map((c) => h('li', {}, person(c.person), c.note ? ` — ${c.note}` : ''))))
        : null,
      day.moments.length
        ? h('div', { class: 'calendar-list' }, h('h3', {}, 'Moments'),
          h('ul', {}, day.moments.map((m) => h('li', {}, `${m.label} · `, person(m.person), m.note ? ` — ${m.note}` : ''))))
        : null,
      h('button', { type: 'button', class: 'primary', id: 'calendar-write', onclick: () => ctx.go('journal', { date: day.date }) },
        'Write for this day'));
  }

  /** @param {string} date @param {boolean} focus */
  async function choose(date, focus) {
    selected = date;
    await draw(focus);
  }

  grid.addEventListener('keydown', (ev) => {
    const to = moved(selected, ev, first_day);
    if (!to) return;
    ev.preventDefault();
    void choose(to, true);
  });

  const nav = (/** @type {number} */ months, /** @type {string} */ label, /** @type {string} */ id) =>
    h('button', { type: 'button', id, onclick: () => void choose(add_months(selected, months), false) }, label);

  mount(root, h('div', { class: 'page calendar' },
    h('header', { class: 'page-head' }, h('h1', {}, 'Calendar'),
      h('p', { class: 'hint' }, 'Arrow keys move by day and week, Page Up and Page Down by month.')),
    h('div', { class: 'calendar-layout' },
      h('section', { class: 'card calendar-month', 'aria-labelledby': 'calendar-month' },
        h('div', { class: 'calendar-bar' },
          nav(-1, '‹ Previous', 'calendar-prev'), title,
          h('button', { type: 'button', id: 'calendar-today', onclick: () => void choose(today, true) }, 'Today'),
          nav(1, 'Next ›', 'calendar-next')),
        grid,
        h('p', { class: 'calendar-legend', 'aria-hidden': 'true' },
          h('span', { class: 'mark-entry' }), ' entries ',
          h('span', { class: 'mark-checkin' }), ' check-ins ',
          h('span', { class: 'mark-moment' }), ' moments')),
      detail)));
  await draw(false);
  return {};
}

export { render_calendar };
