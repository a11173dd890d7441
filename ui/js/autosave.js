// Autosave for the editor: saves a moment after the last change, never two
// saves at once, and says where it stands ("saved", "unsaved", "saving",
// "error") so the UI can show it.

/** @typedef {'saved' | 'unsaved' | 'saving' | 'error'} SaveState */

/**
 * @typedef {object} AutosaveOptions
 * @property {() => Promise<void>} save   writes the editor's current content
 * @property {number} [delay]             quiet time before saving, in ms
 * @property {(s: SaveState, err?: unknown) => void} [on_state]
 * @property {{set: (f: () => void, ms: number) => unknown, clear: (t: unknown) => void}} [timers]
 */

/**
 * @param {AutosaveOptions} options
 */
function create_autosaver({ save, delay = 600, on_state = () => {}, timers }) {
  const t = timers ?? {
    set: (f, ms) => setTimeout(f, ms),
    clear: (h) => clearTimeout(/** @type {ReturnType<typeof setTimeout>} */ (h)),
  };
  /** @type {SaveState} */
  let state = 'saved';
  let dirty = false;
  /** @type {unknown} */
  let timer = null;
  /** @type {Promise<void> | null} */
  let running = null;

  /** @param {SaveState} s @param {unknown} [err] */
  function set_state(s, err) {
    state = s;
    on_state(s, err);
  }

  async function run() {
    if (timer !== null) {
      t.clear(timer);
      timer = null;
    }
    if (running) {
      await running;
      if (!dirty) return;
    }
    if (!dirty) return;
    dirty = false;
    set_state('saving');
    running = (async () => {
      try {
        await save();
        set_state(dirty ? 'unsaved' : 'saved');
      } catch (err) {
        dirty = true;
        set_state('error', err);
      }
    })();
    try {
      await running;
    } finally {
      running = null;
    }
    if (dirty && state !== 'error') schedule();
  }

  function schedule() {
    if (timer !== null) t.clear(timer);
    timer = t.set(() => {
      timer = null;
      void run();
    }, delay);
  }

  return {
    /** The editor changed. */
    changed() {
      dirty = true;
      if (state !== 'saving') set_state('unsaved');
      schedule();
    },
    /** Saves now if anything is unsaved (before switching entries, locking …). */
    flush: () => run(),
    /** Forgets pending changes without saving (the entry went to the trash). */
    cancel() {
      if (timer !== null) t.clear(timer);
      timer = null;
      dirty = false;
      set_state('saved');
    },
    /** @returns {SaveState} */
    get state() {
      return state;
    },
    /** Whether there are changes not yet saved. */
    get dirty() {
      return dirty || state === 'saving';
    },
  };
}

export { create_autosaver };
