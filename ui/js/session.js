// Where the window stands with the vault, apart from the DOM: locked, open
// on the main screens, or open but still showing a new recovery code (right
// after the vault was created or a code was used, before "Continue").
//
// The idle timer lives in Rust and runs from the moment the vault opens, so
// activity counts in both open phases. A lock hides everything, the new
// recovery code too (it opens the vault); the unlock screen then says so,
// and a new code can be made in Settings.

/** @typedef {'locked' | 'showing_code' | 'open'} Phase */
/** @typedef {'unlock' | 'unlock-code-hidden' | null} OnLock  what a lock event leads to */

class Session {
  constructor() {
    /** @type {Phase} */
    this.phase = 'locked';
  }

  /** The unlock or first-run screen is shown. */
  closed() {
    this.phase = 'locked';
  }

  /** The vault opened and its new recovery code is on screen. */
  code_shown() {
    this.phase = 'showing_code';
  }

  /** The main screens are shown. */
  opened() {
    this.phase = 'open';
  }

  /** Whether the main screens are up (navigation, shortcuts, search). */
  get is_open() {
    return this.phase === 'open';
  }

  /** Whether the user's activity should reach the idle timer. */
  get reports_activity() {
    return this.phase !== 'locked';
  }

  /**
   * The core says the vault locked: the unlock screen replaces whatever is
   * up, a recovery code on screen included.
   * @returns {OnLock}
   */
  lock_event() {
    if (this.phase === 'open') return 'unlock';
    if (this.phase === 'showing_code') return 'unlock-code-hidden';
    return null;
  }
}

export { Session };
