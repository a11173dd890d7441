// Where the window stands with the vault, apart from the DOM: locked, open
// on the main screens, or open but still showing a new recovery code (right
// after the vault was created or a code was used, before "Continue").
//
// The idle timer lives in Rust and runs from the moment the vault opens, so
// activity counts in both open phases. A lock that comes while the code is
// on screen leaves the code there (it is shown only this once and the user
// may be copying it) but "Continue" then leads to the unlock screen rather
// than to main screens whose every call would fail with "locked".

/** @typedef {'locked' | 'showing_code' | 'open'} Phase */
/** @typedef {{to: 'main'} | {to: 'unlock', reason: string}} AfterCode */

class Session {
  constructor() {
    /** @type {Phase} */
    this.phase = 'locked';
    /** Why the vault locked while its code was shown, if it did.
     * @type {string | null} */
    this.locked_during_code = null;
  }

  /** The unlock or first-run screen is shown. */
  closed() {
    this.phase = 'locked';
    this.locked_during_code = null;
  }

  /** The vault opened and its new recovery code is on screen. */
  code_shown() {
    this.phase = 'showing_code';
    this.locked_during_code = null;
  }

  /** The main screens are shown. */
  opened() {
    this.phase = 'open';
    this.locked_during_code = null;
  }

  /** Whether the main screens are up (navigation, shortcuts, search). */
  get is_open() {
    return this.phase === 'open';
  }

  /** Whether the user's activity should reach the idle timer. */
  get reports_activity() {
    return this.phase === 'open' || (this.phase === 'showing_code' && this.locked_during_code === null);
  }

  /**
   * The core says the vault locked.
   * @param {string} reason
   * @returns {boolean} whether to show the unlock screen now
   */
  lock_event(reason) {
    if (this.phase === 'open') return true;
    if (this.phase === 'showing_code' && this.locked_during_code === null) this.locked_during_code = reason;
    return false;
  }

  /**
   * Where "Continue" on the recovery-code step leads.
   * @returns {AfterCode}
   */
  after_code() {
    if (this.phase === 'showing_code' && this.locked_during_code !== null) {
      return { to: 'unlock', reason: this.locked_during_code };
    }
    return { to: 'main' };
  }
}

export { Session };
