// A progress bar with words that follows the shell's `work-progress`
// events for one task while some work runs.

import { on_progress } from './ipc.js';
import { percent, upgrade_words } from './format.js';
import { h, mount } from './dom.js';

const STAGE_WORDS = {
  snapshot: 'Copying your vault…',
  write: 'Writing the encrypted backup…',
  verify: 'Checking it, byte by byte…',
  restore: 'Putting it in place…',
  read: 'Reading the file…',
  import: 'Importing…',
};

/**
 * A progress bar with words, and a way to run work while it follows the
 * shell's `work-progress` events for one task.
 */
function progress_bar() {
  const bar = /** @type {HTMLProgressElement} */ (h('progress', { max: '100', value: '0' }));
  const words = h('span', { class: 'progress-words' });
  const el = h('div', { class: 'progress', role: 'status', hidden: true }, words, bar);
  return {
    el,
    /**
     * @template T
     * @param {string} task
     * @param {string} start
     * @param {() => Promise<T>} work
     * @returns {Promise<T>}
     */
    async run(task, start, work) {
      el.hidden = false;
      bar.value = 0;
      mount(words, start);
      /** @type {(() => void) | null} */
      let stop = null;
      try {
        stop = await on_progress((p) => {
          if (p.task !== task) return;
          bar.value = percent(p.done, p.total);
          mount(words, STAGE_WORDS[/** @type {keyof typeof STAGE_WORDS} */ (p.stage)] ?? start);
        });
      } catch {
        // Without events the work still runs; only the bar stays still.
      }
      try {
        return await work();
      } finally {
        stop?.();
        el.hidden = true;
      }
    },
  };
}

/**
 * Runs an unlock; meanwhile `status` follows the verified backup an update
 * of the vault's format writes first (only then are there events, task
 * `unlock`). Both windows that unlock use it.
 * @template T @param {HTMLElement} status @param {() => Promise<T>} work @returns {Promise<T>}
 */
async function showing_upgrade(status, work) {
  /** @type {(() => void) | null} */
  let stop = null;
  try {
    stop = await on_progress((p) => {
      if (p.task === 'unlock') mount(status, upgrade_words(p.stage, p.done, p.total));
    });
  } catch {
    // Without events the unlock still runs; the words stay as they are.
  }
  try {
    return await work();
  } finally {
    stop?.();
  }
}

export { progress_bar, showing_upgrade };
