// The journal: entries by date on the left, the editor on the right.
// Autosaves a moment after typing stops; Markdown preview is rendered and
// sanitized in Rust; "@Name" links an entry to a person. An entry that
// answers a prompt is saved linked to the prompt and to the person it asks
// about; people linked without an @-mention stay linked until removed.
// Files attach to the open entry by the dialog, a drop or a paste.

import { api, on_dropped } from '../ipc.js';
import { create_attachments } from '../attachments.js';
import { describe_error } from '../errors.js';
import { create_autosaver } from '../autosave.js';
import { parse_tags, format_tags } from '../tags.js';
import { find_mentions } from '../mentions.js';
import { mention_suggestions } from '../mention_box.js';
import { group_by_month, local_iso_date, long_date } from '../dates.js';
import { plain } from '../vocabulary.js';
import { h, mount } from '../dom.js';
import { first_line } from '../format.js';

/**
 * @typedef {import('../gen/contract.js').PersonRef} PersonRef
 * @typedef {import('../gen/contract.js').EntrySummary} EntrySummary
 * @typedef {import('../gen/contract.js').EntryInput} EntryInput
 * @typedef {import('../main.js').Ctx} Ctx
 */

/** Entries fetched at a time; the list grows as it is scrolled. */
const PAGE = 100;
/** The most entries a refresh fetches again (what was loaded, up to this). */
const MAX_REFRESH = 500;

const SAVE_WORDS = {
  saved: 'Saved',
  unsaved: 'Unsaved changes',
  saving: 'Saving…',
  error: 'Not saved',
};

/**
 * @param {HTMLElement} root
 * @param {Ctx} ctx
 * @param {{entry_id?: number, prompt_id?: string, prompt_text?: string, person_id?: number | null, date?: string}} params
 */
async function render_journal(root, ctx, params) {
  /** The entries loaded so far, newest first (pages of PAGE).
   * @type {EntrySummary[]} */
  let entries = [];
  /** Whether older entries may remain to be loaded. */
  let more = false;
  let loading = false;
  /** @type {PersonRef[]} */
  let people = [];
  /** @type {number | null} */
  let current_id = null;
  let preview_on = false;
  /**
   * People linked to the open entry without an at-mention.
   * @type {number[]}
   */
  let pinned = [];
  /** The prompt the new entry answers, until it is first saved. @type {string | null} */
  let answering = null;

  const list = h('nav', { class: 'entry-list', 'aria-label': 'Entries' });
  const save_state = h('span', { class: 'save-state', role: 'status', 'data-state': 'saved' }, 'Saved');
  const date = /** @type {HTMLInputElement} */ (h('input', { type: 'date', id: 'entry-date', 'aria-label': 'Date of the entry' }));
  const title = /** @type {HTMLInputElement} */ (
    h('input', { type: 'text', id: 'entry-title', class: 'title-input', placeholder: 'Title (optional)', 'aria-label': 'Title', maxlength: '500' })
  );
  const body = /** @type {HTMLTextAreaElement} */ (
    h('textarea', { id: 'entry-body', 'aria-label': 'Entry', placeholder: 'What is on your mind? Type @ to mention someone.', spellcheck: 'true' })
  );
  const tags = /** @type {HTMLInputElement} */ (
    h('input', { type: 'text', id: 'entry-tags', placeholder: 'family, walks', autocomplete: 'off' })
  );
  const preview = h('div', { class: 'preview prose', id: 'entry-preview', hidden: true, tabindex: '0', 'aria-label': 'Preview' });
  const mentioned = h('p', { class: 'mentioned', id: 'entry-people', 'aria-live': 'polite' });
  const answer_note = h('p', { class: 'answer-note', id: 'answer-note', hidden: true });
  /** What an imported entry kept: its star, a pin, the place and weather. */
  const meta = h('p', { class: 'entry-meta', id: 'entry-meta', hidden: true });
  const preview_btn = h('button', { type: 'button', id: 'preview-toggle', class: 'secondary small', 'aria-pressed': 'false', onclick: () => toggle_preview() }, 'Preview');
  const trash_btn = /** @type {HTMLButtonElement} */ (
    h('button', { type: 'button', id: 'trash-entry', class: 'secondary small danger', onclick: () => trash_current() }, 'Move to trash')
  );

  const files = create_attachments({
    notify: ctx.notify,
    entry_id: async () => {
      await autosaver.flush();
      return current_id;
    },
  });

  const autosaver = create_autosaver({
    save: save_now,
    on_state: (s, err) => {
      save_state.dataset.state = s;
      mount(save_state, SAVE_WORDS[s]);
      if (s === 'error') ctx.notify(`Not saved. ${describe_error(err)}`);
    },
  });

  /** @returns {EntryInput} */
  function payload() {
    return {
      date: date.value || local_iso_date(),
      title: title.value.replace(/[\r\n]+/g, ' '),
      body: body.value,
      tags: parse_tags(tags.value),
      people: [...new Set([...find_mentions(body.value, people), ...pinned])],
    };
  }

  async function save_now() {
    const p = payload();
    if (current_id === null) {
      if (!p.title.trim() && !p.body.trim()) return;
      if (answering !== null && !p.body.trim()) return; // the prompt alone is not an answer
      current_id = answering !== null
        ? await api.write_answer(p, answering)
        : await api.write_entry(p);
      answering = null;
      trash_btn.disabled = false;
    } else {
      await api.edit_entry(current_id, p);
    }
    await refresh_list();
  }

  function changed() {
    show_mentions();
    autosaver.changed();
  }

  /** Reloads the list from the top, as far as it had been loaded. */
  async function refresh_list() {
    const want = Math.min(Math.max(entries.length, PAGE), MAX_REFRESH);
    entries = await api.list_entries({ limit: want });
    more = entries.length === want;
    draw_list();
  }

  /** Appends the next page of older entries. */
  async function load_more() {
    if (!more || loading) return;
    const last = entries[entries.length - 1];
    if (!last) return;
    loading = true;
    try {
      const page = await api.list_entries({ limit: PAGE, after: { date: last.date, id: last.id } });
      entries = entries.concat(page);
      more = page.length === PAGE;
      draw_list();
    } catch (err) {
      ctx.notify(describe_error(err));
    } finally {
      loading = false;
    }
  }

  /** Loads the next page when the end of the list comes into view. */
  const watcher = new IntersectionObserver((seen) => {
    if (seen.some((e) => e.isIntersecting)) void load_more();
  }, { root: list, rootMargin: '400px' });

  function draw_list() {
    const groups = group_by_month(entries);
    mount(list,
      h('div', { class: 'list-head' },
        h('h1', {}, 'Journal'),
        h('button', { type: 'button', class: 'primary small', id: 'new-entry', onclick: () => open_entry(null), title: 'Ctrl+N' }, 'New entry')),
      entries.length === 0
        ? h('p', { class: 'empty' }, 'No entries yet. Whatever you write is saved as you go.')
        : groups.map((g) => h('section', { class: 'month' },
          h('h2', {}, g.label),
          h('ul', {}, g.items.map((e) => h('li', {},
            h('button', {
              type: 'button',
              class: 'entry-item',
              'aria-current': e.id === current_id ? 'true' : false,
              'data-entry-id': String(e.id),
              onclick: () => open_entry(e.id),
            },
            h('span', { class: 'entry-date' }, long_date(e.date)),
            h('span', { class: 'entry-title' }, e.title || first_line(e.excerpt) || 'Untitled'),
            e.title ? h('span', { class: 'entry-excerpt' }, first_line(e.excerpt)) : null,
            ))))),
        ),
      more
        ? h('p', { class: 'load-more' },
          h('button', { type: 'button', class: 'link small', id: 'older-entries', onclick: () => void load_more() }, 'Show older entries'))
        : null,
    );
    watcher.disconnect();
    const end = list.querySelector('.load-more');
    if (end) watcher.observe(end);
  }

  /**
   * The header line of what an entry kept from where it came from.
   * @param {import('../gen/contract.js').Entry | null} e
   */
  function show_meta(e) {
    const parts = [];
    if (e?.starred) parts.push(h('span', { class: 'meta-star' }, '★ Starred'));
    if (e?.pinned) parts.push(h('span', {}, 'Pinned'));
    if (e?.place) parts.push(h('span', { class: 'meta-place' }, e.place));
    if (e?.weather) parts.push(h('span', { class: 'meta-weather' }, e.weather));
    mount(meta, ...parts.flatMap((p, i) => (i ? [' · ', p] : [p])));
    meta.hidden = parts.length === 0;
  }

  /**
   * @param {number | null} id
   * @param {string | null} [on] for a new entry: its date (from the calendar)
   */
  async function open_entry(id, on = null) {
    await autosaver.flush();
    autosaver.cancel();
    set_preview(false);
    answering = null;
    pinned = [];
    answer_note.hidden = true;
    show_meta(null);
    files.show([]);
    if (id === null) {
      current_id = null;
      date.value = on ?? local_iso_date();
      title.value = '';
      body.value = '';
      tags.value = '';
      trash_btn.disabled = true;
    } else {
      try {
        const e = await api.get_entry(id);
        current_id = e.id;
        date.value = e.date;
        title.value = e.title;
        body.value = e.body;
        tags.value = format_tags(e.tags);
        show_meta(e);
        files.show(e.attachments);
        const mentioned_ids = find_mentions(e.body, people);
        pinned = e.people.map((p) => p.id).filter((pid) => !mentioned_ids.includes(pid));
        trash_btn.disabled = false;
      } catch (err) {
        ctx.notify(describe_error(err));
        return open_entry(null);
      }
    }
    show_mentions();
    draw_list();
    body.focus();
  }

  /**
   * Opens a new entry answering a prompt: the prompt is its title, and
   * the person it asks about is linked.
   * @param {string} prompt_id
   * @param {string} prompt_text
   * @param {number | null} person_id
   */
  async function open_answer(prompt_id, prompt_text, person_id) {
    await open_entry(null);
    answering = prompt_id;
    title.value = plain(prompt_text).slice(0, 500);
    pinned = person_id !== null && people.some((p) => p.id === person_id) ? [person_id] : [];
    // The prompt in full (the title may be cut short); names keep their
    // isolates as a text node.
    mount(answer_note, h('q', { class: 'answer-prompt' }, prompt_text), ' — whatever you write is saved as your answer',
      pinned.length ? ', linked to the person it is about' : '', '.');
    answer_note.hidden = false;
    show_mentions();
    body.focus();
  }

  function show_mentions() {
    const ids = find_mentions(body.value, people);
    /** @param {number} id */
    const name_of = (id) => people.find((p) => p.id === id)?.name;
    const names = ids.map(name_of).filter(Boolean);
    const linked = pinned.filter((id) => !ids.includes(id) && name_of(id));
    mount(mentioned,
      names.length
        ? ['Mentions: ', ...names.flatMap((n, i) => [i ? ', ' : '', h('strong', {}, String(n))])]
        : linked.length || !people.length ? '' : 'Type @ and a name to link this entry to someone.',
      linked.length
        ? [names.length ? ' · ' : '', 'Linked to: ', ...linked.flatMap((id, i) => [i ? ', ' : '',
          h('strong', {}, String(name_of(id))),
          h('button', {
            type: 'button', class: 'link small unlink', 'aria-label': `Unlink ${name_of(id)}`,
            onclick: () => { pinned = pinned.filter((p) => p !== id); show_mentions(); autosaver.changed(); },
          }, '×')])]
        : null);
  }

  /** @param {boolean} on */
  function set_preview(on) {
    preview_on = on;
    preview_btn.setAttribute('aria-pressed', String(on));
    mount(preview_btn, on ? 'Write' : 'Preview');
    body.hidden = on;
    preview.hidden = !on;
  }

  async function toggle_preview() {
    if (preview_on) {
      set_preview(false);
      body.focus();
      return;
    }
    try {
      const html = await api.render_markdown(body.value);
      // The only HTML the UI ever inserts: pulldown-cmark output after
      // ammonia's allow-list (kindred_core::markdown), never raw user text.
      preview.innerHTML = html;
      set_preview(true);
      preview.focus();
    } catch (err) {
      ctx.notify(describe_error(err));
    }
  }

  async function trash_current() {
    if (current_id === null) return;
    const id = current_id;
    autosaver.cancel();
    try {
      await api.trash_entry(id);
      ctx.notify('Entry moved to the trash.', {
        label: 'Undo',
        run: async () => {
          await api.restore_entry(id);
          await refresh_list();
          await open_entry(id);
        },
      });
      current_id = null;
      await refresh_list();
      await open_entry(null);
    } catch (err) {
      ctx.notify(describe_error(err));
    }
  }

  // @-mention suggestions (typing after a name is a change as well).
  const suggestions = mention_suggestions(body, () => people, changed);
  body.addEventListener('input', changed);
  for (const el of [title, tags, date]) el.addEventListener('input', changed);

  const editor = h('section', { class: 'editor', 'aria-label': 'Editor' },
    h('div', { class: 'editor-bar' }, date, save_state, h('span', { class: 'spacer' }), preview_btn, trash_btn),
    answer_note,
    meta,
    title,
    h('div', { class: 'body-wrap' }, body, preview, suggestions),
    mentioned,
    h('div', { class: 'field inline' }, h('label', { for: 'entry-tags' }, 'Tags'), tags),
    files.el,
  );
  // A pasted picture (a screenshot, a copied photo) is attached, not typed.
  // Where the paste carries files they are sent; WebKitGTK gives the page
  // none for a picture (the paste has no types at all), so then the app
  // reads the clipboard itself. A paste of text is left alone.
  body.addEventListener('paste', (ev) => {
    const pasted = [...(ev.clipboardData?.files ?? [])];
    if (pasted.length) {
      ev.preventDefault();
      void files.pasted(pasted);
      return;
    }
    const types = [...(ev.clipboardData?.types ?? [])];
    if (!types.some((t) => t.startsWith('text/'))) void files.from_clipboard();
  });
  // Files dropped on the window are attached to the open entry.
  const stop_drops = await on_dropped(() => void files.dropped());
  // Load before showing the editor: words typed into it while the lists
  // were still loading would be saved, then cleared by opening the entry.
  try {
    [entries, people] = await Promise.all([api.list_entries({ limit: PAGE }), api.list_people()]);
    more = entries.length === PAGE;
  } catch (err) {
    ctx.notify(describe_error(err));
  }
  mount(root, h('div', { class: 'journal' }, list, editor));
  if (params.prompt_id) await open_answer(params.prompt_id, params.prompt_text ?? '', params.person_id ?? null);
  else if (typeof params.date === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(params.date)) await open_entry(null, params.date);
  else await open_entry(params.entry_id ?? null);

  return {
    leave: () => {
      watcher.disconnect();
      stop_drops();
      return autosaver.flush();
    },
    new_entry: () => open_entry(null),
  };
}


export { render_journal };
