// The app shell: decides between first run, unlock and the main window,
// routes between views, and owns the keyboard shortcuts, toasts and the
// lock. Views render from what the core returns; nothing is cached while
// locked (locking empties the page).

import { api, on_first_shown, on_lock_request, on_locked, on_unlocked_elsewhere } from './ipc.js';
import { describe_error } from './errors.js';
import { throttle } from './throttle.js';
import { Session } from './session.js';
import { h, mount, $ } from './dom.js';
import { render_setup } from './views/setup.js';
import { render_unlock } from './views/unlock.js';
import { render_rescue } from './views/rescue.js';
import { open_search } from './views/search.js';
import { relative_time } from './dates.js';

/** When this module began to run: every module is loaded and parsed. */
const main_ms = performance.now();
/** When the app's first answer arrived (see `launch_trace` in the shell). */
let status_ms = 0;

/**
 * @typedef {'home' | 'journal' | 'calendar' | 'people' | 'map' | 'backups' | 'trash' | 'settings'} ViewName
 * @typedef {{label: string, run: () => Promise<void> | void}} ToastAction
 * @typedef {Record<string, string | number | null>} Params
 * @typedef {{
 *   go: (view: ViewName, params?: Params) => void,
 *   notify: (text: string, action?: ToastAction) => void,
 *   relock: (reason: string) => void,
 *   backup_done: (at: string) => void,
 * }} Ctx
 * @typedef {{leave?: () => Promise<void>, new_entry?: () => Promise<void>}} ViewHandle
 */

/**
 * The views behind the lock, loaded when first needed: the first screen
 * (setup or unlock) waits for none of their modules. Once it is drawn
 * they are fetched in the background, so moving between them stays
 * instant.
 */
const VIEWS = {
  home: () => import('./views/home.js').then((m) => m.render_home),
  journal: () => import('./views/journal.js').then((m) => m.render_journal),
  calendar: () => import('./views/calendar.js').then((m) => m.render_calendar),
  people: () => import('./views/people.js').then((m) => m.render_people),
  map: () => import('./views/map.js').then((m) => m.render_map),
  backups: () => import('./views/backups.js').then((m) => m.render_backups),
  trash: () => import('./views/trash.js').then((m) => m.render_trash),
  settings: () => import('./views/settings.js').then((m) => m.render_settings),
};

/** Nav items with their shortcut (Ctrl+1 … Ctrl+7; the calendar came last). */
const NAV = /** @type {const} */ ([
  ['home', 'Today', 'Ctrl+1'],
  ['journal', 'Journal', 'Ctrl+2'],
  ['calendar', 'Calendar', 'Ctrl+7'],
  ['people', 'People', 'Ctrl+3'],
  ['map', 'The map', 'Ctrl+4'],
  ['backups', 'Backups', 'Ctrl+5'],
  ['trash', 'Trash', 'Ctrl+6'],
  ['settings', 'Settings', 'Ctrl+,'],
]);

const SHORTCUTS = [
  ['Ctrl+K', 'Search'],
  ['Ctrl+N', 'New entry'],
  ['Ctrl+L', 'Lock now'],
  ['Ctrl+1 … 7', 'Today, Journal, People, The map, Backups, Trash, Calendar'],
  ['Ctrl+,', 'Settings'],
  ['Esc', 'Close search'],
];

const root = $('#app');
const toasts = $('#toasts');
const session = new Session();
/** @type {ViewHandle} */
let view = {};
/** @type {ViewName} */
let view_name = 'journal';
/** @type {(() => void) | null} */
let close_search = null;
let nav_seq = 0;
/** @type {{at?: string | null, failed?: boolean} | null} */
let backup_state = null;

/** @type {Ctx} */
const ctx = {
  go: (name, params = {}) => void go(name, params),
  notify,
  relock: (reason) => void show_locked({ auto: false, reason }),
  backup_done: (at) => show_backup_state({ at }),
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
          notify(describe_error(err));
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
 * @param {Params} params
 */
async function go(name, params = {}) {
  if (!session.is_open) return;
  const mine = ++nav_seq;
  try {
    await view.leave?.();
  } catch {
    // The editor already showed why it could not save.
  }
  if (mine !== nav_seq || !session.is_open) return;
  view_name = name;
  const content = $('#content');
  for (const b of document.querySelectorAll('.nav button[data-view]')) {
    if (/** @type {HTMLElement} */ (b).dataset.view === name) b.setAttribute('aria-current', 'page');
    else b.removeAttribute('aria-current');
  }
  view = {};
  // Each view draws into its own place: one still loading when another
  // was chosen (a slow Today, then a quick click on Journal) draws into a
  // place no longer shown, never over the view chosen after it.
  const place = h('div', { class: 'view-place' });
  mount(content, place);
  const render = await VIEWS[name]();
  const handle = await render(place, ctx, params);
  if (mine !== nav_seq) {
    void (/** @type {ViewHandle | undefined} */ (handle))?.leave?.().catch(() => {});
    return;
  }
  view = handle ?? {};
  content.scrollTop = 0;
  // "Backed up 2 hours ago" stays true as time passes.
  if (backup_state) show_backup_state(backup_state);
}

function show_main() {
  session.opened();
  spell_asked = false;
  const nav = h('nav', { class: 'nav', 'aria-label': 'Main' },
    h('div', { class: 'brand' }, h('span', { class: 'brand-mark', 'aria-hidden': 'true' }), 'Kindred'),
    h('ul', {}, NAV.map(([name, label, keys]) => h('li', {},
      h('button', { type: 'button', 'data-view': name, onclick: () => go(name), title: keys }, label)))),
    h('button', { type: 'button', class: 'nav-search', id: 'open-search', onclick: () => show_search(), title: 'Ctrl+K' },
      'Search', h('kbd', {}, 'Ctrl K')),
    h('div', { class: 'spacer' }),
    h('p', { class: 'backup-state', id: 'backup-state', role: 'status' }),
    h('button', { type: 'button', class: 'lock-btn', id: 'lock', onclick: () => lock_now() }, 'Lock', h('kbd', {}, 'Ctrl L')),
    h('details', { class: 'shortcuts' }, h('summary', {}, 'Keyboard shortcuts'),
      h('dl', {}, SHORTCUTS.map(([k, what]) => [h('dt', {}, h('kbd', {}, k)), h('dd', {}, what)]))),
  );
  mount(root, h('div', { class: 'shell' }, nav, h('main', { id: 'content', tabindex: '-1' })));
  void go('home').then(auto_backup);
}

/**
 * The daily backup, once the first screen is drawn: quietly in the
 * background, said in one calm line under the nav; a failure never stops
 * anything (the Backups screen explains and offers to try again).
 */
async function auto_backup() {
  if (!session.is_open) return;
  try {
    const report = await api.auto_backup();
    if (report) show_backup_state({ at: new Date().toISOString() });
    else {
      const o = await api.backup_overview();
      show_backup_state({ at: o.last_backup_at });
    }
  } catch {
    show_backup_state({ failed: true });
  }
}

/**
 * @param {{at?: string | null, failed?: boolean}} s
 */
function show_backup_state(s) {
  backup_state = s;
  const el = document.getElementById('backup-state');
  if (!el) return;
  if (s.failed) {
    mount(el, 'Today’s backup did not run. Your vault is fine; ',
      h('button', { type: 'button', class: 'link small', onclick: () => go('backups') }, 'see Backups'), '.');
  } else {
    mount(el, s.at ? `Backed up ${relative_time(s.at)}` : 'Not backed up yet');
  }
}

/**
 * Shows the unlock (or first-run) screen; empties the page first so
 * nothing of the journal stays in the DOM.
 * @param {{auto: boolean, reason?: string, code_hidden?: boolean}} how
 */
async function show_locked(how) {
  session.closed();
  backup_state = null;
  view = {};
  close_search?.();
  close_search = null;
  mount(root);
  mount(toasts);
  /** @type {import('./gen/contract.js').Status} */
  let status;
  try {
    status = await api.status();
    status_ms ||= performance.now();
  } catch (err) {
    mount(root, h('div', { class: 'card narrow' }, h('h1', {}, 'Kindred cannot open your vault'),
      h('p', { role: 'alert' }, describe_error(err))));
    return;
  }
  const screen = h('main', { class: 'center' });
  mount(root, screen);
  const code_step = { code_shown: () => session.code_shown(), code_done: show_main };
  const first = () => {
    if (status.state === 'new') render_setup(screen, { ...code_step, rescue });
    else render_unlock(screen, {
      remembered: status.remembered, auto: how.auto, reason: how.reason,
      code_hidden: how.code_hidden === true, on_unlocked: show_main, ...code_step, rescue,
    });
  };
  const rescue = () => void render_rescue(screen, {
    first_run: status.state === 'new',
    back: () => { how = { ...how, auto: false }; first(); },
    on_unlocked: show_main,
    relock: (reason) => void show_locked({ auto: false, reason }),
  });
  if (status.state === 'unlocked') show_main();
  else first();
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
  if (!session.is_open || close_search) return;
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
  if (!session.is_open || !(ev.ctrlKey || ev.metaKey) || ev.altKey) return;
  const key = ev.key.toLowerCase();
  /** @type {(() => void) | undefined} */
  const action = {
    k: show_search,
    l: () => void lock_now(),
    n: () => {
      if (view_name === 'journal' && view.new_entry) void view.new_entry();
      else void go('journal');
    },
    1: () => void go('home'),
    2: () => void go('journal'),
    3: () => void go('people'),
    4: () => void go('map'),
    5: () => void go('backups'),
    6: () => void go('trash'),
    7: () => void go('calendar'),
    ',': () => void go('settings'),
  }[key];
  if (action) {
    ev.preventDefault();
    action();
  }
});

// The idle timer lives in Rust; the page only says that someone is there,
// also while a new recovery code is shown (the vault is open then). Only
// reports count against the throttle, so typing on the locked screens does
// not delay the first one.
const touch = throttle(() => {
  api.touch().catch(() => {});
}, 15000);
const report_activity = () => {
  if (session.reports_activity) touch();
};
for (const type of ['keydown', 'pointerdown', 'pointermove', 'wheel']) {
  document.addEventListener(type, report_activity, { passive: true, capture: true });
}

// Spell check's dictionaries are loaded the first time an editor takes
// the focus, not at unlock: reading the journal never pays for them.
// Asked once a session (Settings' switch loads them itself).
let spell_asked = false;
document.addEventListener('focusin', (ev) => {
  const t = ev.target;
  if (spell_asked || !session.is_open || !(t instanceof HTMLElement)) return;
  if (t instanceof HTMLTextAreaElement || t.isContentEditable) {
    spell_asked = true;
    api.need_spell_check().catch(() => { spell_asked = false; });
  }
});

// The tray's Lock: as Ctrl+L, saving what is being typed first.
on_lock_request(() => {
  if (session.is_open) void lock_now();
}).catch(() => {});

// Quick entry unlocked the vault: the unlock screen here gives way too
// (not a recovery code on screen, which is already an open vault).
on_unlocked_elsewhere(() => {
  if (session.phase === 'locked') void show_locked({ auto: false });
}).catch(() => {});

// Started in the tray, the keychain waited for the window: shown now, the
// unlock screen tries it as at any start.
on_first_shown(() => {
  if (session.phase === 'locked') void show_locked({ auto: true });
}).catch(() => {});

on_locked((reason) => {
  const next = session.lock_event();
  if (next) void show_locked({ auto: false, reason, code_hidden: next === 'unlock-code-hidden' });
}).catch(() => {});

// The first screen is drawn two frames after it was rendered: the app
// notes it (printed only when its launch trace is on).
void show_locked({ auto: true }).then(() => {
  requestAnimationFrame(() => requestAnimationFrame(() => {
    api.drawn({ mainMs: main_ms, statusMs: status_ms, drawnMs: performance.now() }).catch(() => {});
    // The views behind the lock, fetched while the user types.
    for (const load of Object.values(VIEWS)) load().catch(() => {});
  }));
});
