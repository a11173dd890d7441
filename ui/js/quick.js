// Quick entry: a small window, opened from the tray or the key combination
// chosen in Settings, that writes one entry to the journal. If the vault is
// locked it asks for the passphrase first; what is typed stays in this
// page's memory until the vault takes it (a lock meanwhile asks again and
// keeps the text). Its capability grants only unlocking, the people it
// mentions, and writing an entry.

import { api, on_locked, on_quick_close } from './ipc.js';
import { describe_error } from './errors.js';
import { find_mentions } from './mentions.js';
import { mention_suggestions } from './mention_box.js';
import { throttle } from './throttle.js';
import { showing_upgrade } from './progress.js';
import { h, mount } from './dom.js';

const root = /** @type {HTMLElement} */ (document.getElementById('quick'));

/** @type {import('./gen/contract.js').PersonRef[]} */
let people = [];

const title = /** @type {HTMLInputElement} */ (
  h('input', { type: 'text', id: 'quick-title', placeholder: 'Title (optional)', autocomplete: 'off', 'aria-label': 'Title' }));
const body = /** @type {HTMLTextAreaElement} */ (
  h('textarea', { id: 'quick-body', 'aria-label': 'Entry', spellcheck: 'true',
    placeholder: 'What happened? Type @ to mention someone.' }));
const suggestions = mention_suggestions(body, () => people, () => {});
const error = h('p', { class: 'error', id: 'quick-error', role: 'alert' });

const close = () => api.close_quick_entry().catch(() => window.close());
const written = () => body.value.trim() !== '' || title.value.trim() !== '';

/** The writing form. */
function show_writer() {
  const save = /** @type {HTMLButtonElement} */ (h('button', { type: 'submit', class: 'primary', id: 'quick-save' }, 'Save to journal'));
  const form = h('form', { class: 'quick-form', novalidate: true },
    h('h1', {}, 'Quick entry'),
    title,
    h('div', { class: 'body-wrap' }, body, suggestions),
    error,
    h('div', { class: 'actions' },
      h('span', { class: 'hint' }, 'Ctrl+Enter saves · Esc closes'),
      h('button', { type: 'button', class: 'secondary', id: 'quick-cancel', onclick: () => void leave() }, 'Cancel'),
      save));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    // One save at a time (Ctrl+Enter held or pressed twice).
    if (save.disabled) return;
    if (!written()) {
      mount(error, 'Write something first.');
      body.focus();
      return;
    }
    save.disabled = true;
    mount(error);
    try {
      // The names as they are now, for the mentions.
      people = await api.list_people();
      await api.write_entry({
        date: null, title: title.value.trim(), body: body.value, tags: [],
        people: find_mentions(body.value, people),
      });
      title.value = '';
      body.value = '';
      mount(root, h('div', { class: 'quick-done', role: 'status' }, h('h1', {}, 'Saved to your journal.')));
      setTimeout(close, 600);
    } catch (err) {
      // Kept here: nothing typed is lost when a save fails.
      save.disabled = false;
      mount(error, describe_error(err));
    }
  });
  mount(root, form);
  api.list_people().then((p) => { people = p; }).catch(() => {});
  // Spell check's dictionaries, if this vault wants them and the main
  // window had not loaded them yet.
  api.need_spell_check().catch(() => {});
  body.focus();
}

/** The passphrase, when the vault is locked. */
function show_unlock() {
  const pass = /** @type {HTMLInputElement} */ (
    h('input', { type: 'password', id: 'quick-passphrase', autocomplete: 'current-password' }));
  const go = /** @type {HTMLButtonElement} */ (h('button', { type: 'submit', class: 'primary', id: 'quick-unlock' }, 'Unlock'));
  // "Unlocking…", or what the first unlock after an update is doing.
  const status = h('p', { class: 'status', id: 'quick-status', role: 'status' });
  const form = h('form', { class: 'quick-form', novalidate: true },
    h('h1', {}, 'Quick entry'),
    h('p', {}, 'Kindred is locked. Your passphrase opens it, then you can write.'),
    h('div', { class: 'field' }, h('label', { for: 'quick-passphrase' }, 'Passphrase'), pass),
    status,
    error,
    h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'secondary', onclick: () => void leave() }, 'Cancel'), go));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    go.disabled = true;
    mount(error);
    mount(status, 'Unlocking…');
    try {
      await showing_upgrade(status, () => api.unlock(pass.value));
      pass.value = '';
      api.quick_unlocked().catch(() => {});
      show_writer();
    } catch (err) {
      go.disabled = false;
      mount(status);
      mount(error, describe_error(err));
      pass.select();
    }
  });
  mount(root, form);
  pass.focus();
}

/** Before a vault exists there is nowhere to write. */
function show_no_vault() {
  mount(root, h('div', { class: 'quick-form' },
    h('h1', {}, 'Quick entry'),
    h('p', {}, 'Kindred has no journal here yet. Set one up in Kindred’s window first.'),
    h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'secondary', onclick: () => void close() }, 'Close'),
      h('button', { type: 'button', class: 'primary', id: 'quick-open-main', onclick: () => { void api.open_main_window().then(close); } }, 'Open Kindred'))));
}

/** @type {HTMLElement | null} the "discard?" question, while it is asked */
let asking = null;

function keep_writing() {
  asking?.remove();
  asking = null;
  body.focus();
}

/** Escape or Cancel: closes, after asking if something is written. */
async function leave() {
  if (written()) {
    if (asking) return;
    const keep = h('button', { type: 'button', class: 'secondary', id: 'quick-keep', onclick: keep_writing }, 'Keep writing');
    asking = h('div', { class: 'notice quick-discard', role: 'alertdialog', 'aria-label': 'Discard this entry?' },
      h('p', {}, 'Close without saving? What you wrote here will be gone.'),
      h('div', { class: 'actions' }, keep,
        h('button', { type: 'button', class: 'danger', id: 'quick-discard', onclick: () => void close() }, 'Discard')));
    root.append(asking);
    keep.focus();
    return;
  }
  await close();
}

async function start() {
  try {
    const s = await api.status();
    if (s.state === 'new') show_no_vault();
    else if (s.state === 'locked') show_unlock();
    else show_writer();
  } catch (err) {
    mount(root, h('p', { role: 'alert' }, describe_error(err)));
  }
}

document.addEventListener('keydown', (ev) => {
  if (ev.key === 'Escape' && !ev.defaultPrevented) {
    ev.preventDefault();
    // Escape on the question answers it the safe way.
    if (asking) keep_writing();
    else void leave();
  } else if (ev.key === 'Enter' && (ev.ctrlKey || ev.metaKey) && !ev.repeat) {
    const form = root.querySelector('form');
    if (form) {
      ev.preventDefault();
      form.requestSubmit();
    }
  }
});

// Typing here is someone at the computer, for the idle lock too.
const touch = throttle(() => { api.touch().catch(() => {}); }, 15000);
document.addEventListener('keydown', () => touch(), { passive: true, capture: true });

// Locked meanwhile (idle, the tray, the main window): the text stays, the
// passphrase is asked again.
on_locked(() => show_unlock()).catch(() => {});

// The window's close button: as Escape, asking first if something is
// written.
on_quick_close(() => void leave()).catch(() => {});

void start();
