// What the UI shows for an error: a short heading per code, then the
// core's own message, which is the one source of what happened, whether
// the data is safe and what to do next (crates/kindred-core/src/error.rs).
// The UI switches on `code`, never on the text; the codes come from the
// generated contract, so a code without a heading fails the type check.

/** @typedef {import('./gen/contract.js').ErrorCode} ErrorCode */

/** @type {Readonly<Record<ErrorCode, string>>} */
const HEADINGS = Object.freeze({
  WrongPassphrase: 'Wrong passphrase',
  WrongRecoveryCode: 'Wrong recovery code',
  VaultMissing: 'No vault there',
  VaultExists: 'A vault is already there',
  VaultLocked: 'Locked',
  VaultBusy: 'Vault busy',
  KeychainUnavailable: 'Keychain unavailable',
  KeychainLocked: 'Keychain locked',
  KeychainEntryMissing: 'Not remembered on this device',
  KeychainEntryStale: 'Remembered unlock out of date',
  CorruptFile: 'Damaged file',
  UnsupportedVersion: 'Needs a newer Kindred',
  ExcessiveWork: 'Suspicious key file',
  DiskFull: 'Disk full',
  NotFound: 'Not found',
  Ambiguous: 'More than one match',
  InvalidInput: 'Not accepted',
  WeakPassphrase: 'Passphrase too weak',
  NotEncrypted: 'No encryption',
  PassphraseRequired: 'Passphrase needed',
  Io: 'Could not read or write',
  Internal: 'Internal error',
});

/** For a code this build does not know (a newer core). */
const UNKNOWN_HEADING = 'Something went wrong';

/** For an error that arrives without words (the app bridge failed …). */
const NO_MESSAGE = 'Nothing already saved was lost. Try again, or restart Kindred.';

/**
 * @param {string} code
 * @returns {code is ErrorCode}
 */
function is_error_code(code) {
  return Object.hasOwn(HEADINGS, code);
}

/**
 * The parts of an error as the UI shows them.
 * @param {unknown} err  a KindredError, an `{code, message}` from the
 *   shell, or anything else that was thrown
 * @returns {{code: string, heading: string, message: string}}
 */
function explain_error(err) {
  const e = err !== null && typeof err === 'object'
    ? /** @type {{code?: unknown, message?: unknown}} */ (err)
    : {};
  const code = typeof e.code === 'string' ? e.code : 'Internal';
  const message = typeof e.message === 'string' ? e.message.trim() : '';
  return {
    code,
    heading: is_error_code(code) ? HEADINGS[code] : UNKNOWN_HEADING,
    message: message || NO_MESSAGE,
  };
}

/**
 * An error as one line of text: its heading, then the core's message.
 * @param {unknown} err
 * @returns {string}
 */
function describe_error(err) {
  const { heading, message } = explain_error(err);
  return `${heading}: ${message}`;
}

export { HEADINGS, explain_error, describe_error };
