// The app shell: decides between first run, unlock and the main window,
// routes between views, and owns the keyboard shortcuts, toasts and the
// lock. Views render from what the core returns; nothing is cached while
// locked (locking empties the page).

import { api, on_locked } from './ipc.js';
import { describe_error } from './errors.js';
import { throttle } from './throttle.js';
import { h, mount, $ } from './dom.js';
import { render_setup } from './views/setup.js';
import { render_unlock } from './views/unlock.js';
import { render_journal } from './views/journal.js';
import { render_people } from './views/people.js';
import { render_trash } from './views/trash.js';
import { render_settings } from './views/settings.js';
import { open_search } from './views/search.js';

/**
 * @typedef {'journal' | 'people' | 'trash' | 'settings'} ViewName
 * @typedef {{label: string, run: () => Promise<void> | void}} ToastAction
 * @typedef {{
 *   go: (view: ViewName, params?: Record<string, number>) => void,
 *   notify: (text: string, action?: ToastAction) => void,
 * }} Ctx
 * @typedef {{leave?: () => Promise<void>, new_entry?: () => Promise<void>}} ViewHandle
 */

const VIEWS = {
  journal: render_journal,
  people: render_people,
  trash: render_trash,
  settings: render_settings,
};

const NAV = /** @type {const} */ ([
  ['journal', 'Journal', 'Ctrl+1'],
  ['people', 'People', 'Ctrl+2'],
  ['trash', 'Trash', 'Ctrl+3'],
  ['settings', 'Settings', 'Ctrl+,'],
]);

const SHORTCUTS = [
  ['Ctrl+K', 'Search'],
  ['Ctrl+N', 'New entry'],
  ['Ctrl+L', 'Lock now'],
  ['Ctrl+1 … 3', 'Journal, People, Trash'],
  ['Ctrl+,', 'Settings'],
  ['Esc', 'Close search'],
];

const root = $('#app');
const toasts = $('#toasts');
let unlocked = false;
/** @type {ViewHandle} */
let view = {};
/** @type {ViewName} */
let view_name = 'journal';
/** @type {(() => void) | null} */
let close_search = null;
let nav_seq = 0;

/** @type {Ctx} */
const ctx = {
  go: (name, params = {}) => void go(name, params),
  notify,
};

/**
 * A short message at the bottom of the window, optionally with an action
 * such as Undo.
 * @param {string} text
 * @param {ToastAction} [action]
 */
function notify(text, action) {
  const toast = h('div', { class: 'toast' }, h('span', {}, text));
  const remove = () => toast.remove();
  if (action) {
    toast.append(h('button', {
      type: 'button',
      class: 'link',
      onclick: async () => {
        remove();
        try {
          await action.run();
        } catch (err) {
          notify(describe_error(/** @type {any} */ (err)));
        }
      },
    }, action.label));
  }
  toast.append(h('button', { type: 'button', class: 'close', 'aria-label': 'Dismiss', onclick: remove }, '×'));
  toasts.append(toast);
  setTimeout(remove, action ? 10000 : 6000);
}

/**
 * @param {ViewName} name
 * @param {Record<string, number>} params
 */
async function go(name, params = {}) {
  if (!unlocked) return;
  const mine = ++nav_seq;
  try {
    await view.leave?.();
  } catch {
    // The editor already showed why it could not save.
  }
  if (mine !== nav_seq || !unlocked) return;
  view_name = name;
  const content = $('#content');
  for (const b of document.querySelectorAll('.nav button[data-view]')) {
    if (/** @type {HTMLElement} */ (b).dataset.view === name) b.setAttribute('aria-current', 'page');
    else b.removeAttribute('aria-current');
  }
  view = {};
  const handle = await VIEWS[name](content, ctx, params);
  if (mine === nav_seq) view = handle ?? {};
  content.scrollTop = 0;
}

function show_main() {
  unlocked = true;
  const nav = h('nav', { class: 'nav', 'aria-label': 'Main' },
    h('div', { class: 'brand' }, h('span', { class: 'brand-mark', 'aria-hidden': 'true' }), 'Kindred'),
    h('ul', {}, NAV.map(([name, label, keys]) => h('li', {},
      h('button', { type: 'button', 'data-view': name, onclick: () => go(name), title: keys }, label)))),
    h('button', { type: 'button', class: 'nav-search', id: 'open-search', onclick: () => show_search(), title: 'Ctrl+K' },
      'Search', h('kbd', {}, 'Ctrl K')),
    h('div', { class: 'spacer' }),
    h('button', { type: 'button', class: 'lock-btn', id: 'lock', onclick: () => lock_now() }, 'Lock', h('kbd', {}, 'Ctrl L')),
    h('details', { class: 'shortcuts' }, h('summary', {}, 'Keyboard shortcuts'),
      h('dl', {}, SHORTCUTS.map(([k, what]) => [h('dt', {}, h('kbd', {}, k)), h('dd', {}, what)]))),
  );
  mount(root, h('div', { class: 'shell' }, nav, h('main', { id: 'content', tabindex: '-1' })));
  void go('journal');
}

/**
 * Shows the unlock (or first-run) screen; empties the page first so
 * nothing of the journal stays in the DOM.
 * @param {{auto: boolean, reason?: string}} how
 */
async function show_locked(how) {
  unlocked = false;
  view = {};
  close_search?.();
  close_search = null;
  mount(root);
  mount(toasts);
  /** @type {{state: string, remembered: boolean}} */
  let status;
  try {
    status = /** @type {any} */ (await api.status());
  } catch (err) {
    mount(root, h('div', { class: 'card narrow' }, h('h1', {}, 'Kindred cannot open your vault'),
      h('p', { role: 'alert' }, describe_error(/** @type {any} */ (err)))));
    return;
  }
  const screen = h('div', { class: 'center' });
  mount(root, screen);
  if (status.state === 'unlocked') show_main();
  else if (status.state === 'new') render_setup(screen, { on_done: show_main });
  else render_unlock(screen, { remembered: status.remembered, auto: how.auto, reason: how.reason, on_unlocked: show_main });
}

async function lock_now() {
  try {
    await view.leave?.();
  } catch {
    // Shown by the editor; locking goes ahead — the vault keeps what was saved.
  }
  try {
    await api.lock();
  } finally {
    await show_locked({ auto: false, reason: 'manual' });
  }
}

function show_search() {
  if (!unlocked || close_search) return;
  const close = open_search(ctx);
  close_search = () => close();
  // Forget the handle once the dialog is gone, however it closed.
  const watch = new MutationObserver(() => {
    if (!document.getElementById('search')) {
      close_search = null;
      watch.disconnect();
    }
  });
  watch.observe(document.body, { childList: true });
}

document.addEventListener('keydown', (ev) => {
  if (!unlocked || !(ev.ctrlKey || ev.metaKey) || ev.altKey) return;
  const key = ev.key.toLowerCase();
  /** @type {(() => void) | undefined} */
  const action = {
    k: show_search,
    l: () => void lock_now(),
    n: () => {
      if (view_name === 'journal' && view.new_entry) void view.new_entry();
      else void go('journal');
    },
    1: () => void go('journal'),
    2: () => void go('people'),
    3: () => void go('trash'),
    ',': () => void go('settings'),
  }[key];
  if (action) {
    ev.preventDefault();
    action();
  }
});

// The idle timer lives in Rust; the page only says that someone is there.
const report_activity = throttle(() => {
  if (unlocked) api.touch().catch(() => {});
}, 15000);
for (const type of ['keydown', 'pointerdown', 'pointermove', 'wheel']) {
  document.addEventListener(type, report_activity, { passive: true, capture: true });
}

on_locked((reason) => {
  if (unlocked) void show_locked({ auto: false, reason });
}).catch(() => {});

void show_locked({ auto: true });
