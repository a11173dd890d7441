// Plain words for every error code the core can send (see
// crates/kindred-core/src/error.rs). The UI switches on `code`, never on
// the text; for codes whose core message is already specific (which field,
// which limit) that message is shown instead.

/** @type {Record<string, string>} */
const WORDS = {
  WrongPassphrase:
    "That passphrase doesn't open this vault. Check Caps Lock and try again, or use your recovery code.",
  WrongRecoveryCode:
    "That recovery code doesn't match this vault. Check it for typos; dashes and capitals don't matter.",
  VaultMissing: 'There is no Kindred vault where one was expected.',
  VaultExists: 'A vault already exists here. It was left untouched.',
  VaultLocked: 'Kindred is locked. Unlock it to carry on.',
  VaultBusy:
    'Another Kindred program is writing to your vault right now. Nothing was changed; try again in a moment.',
  KeychainUnavailable:
    "The system keychain can't be reached, so Kindred can't unlock by itself. Enter your passphrase instead.",
  KeychainLocked: 'The system keychain is locked. Unlock it, or enter your passphrase.',
  KeychainEntryMissing: "This device doesn't remember your passphrase. Enter it to unlock.",
  KeychainEntryStale:
    "The passphrase remembered on this device no longer matches this vault. Enter your passphrase, then turn on \"Remember on this device\" again in Settings.",
  CorruptFile:
    'A vault file is damaged, so Kindred stopped before changing anything. Restore it from a backup if this keeps happening.',
  UnsupportedVersion:
    'This vault was written by a newer Kindred. Update Kindred to open it; nothing was changed.',
  ExcessiveWork:
    'The key file asks for far more work than Kindred ever uses, so it may have been tampered with. Nothing was opened.',
  DiskFull: 'The disk is full. Nothing half-written was kept; free some space and try again.',
  NotFound: 'That item is no longer there. It may be in the trash.',
  Ambiguous: 'More than one person matches that name.',
  InvalidInput: 'That was not accepted; nothing was saved.',
  WeakPassphrase: 'That passphrase is too short to protect your vault.',
  NotEncrypted: "This build of Kindred can't encrypt, so it refuses to write anything.",
  PassphraseRequired: 'Kindred needs your passphrase to continue.',
  Io: "Kindred couldn't read or write one of its files. Nothing was changed.",
  Internal: 'Something went wrong inside Kindred. Your saved writing is safe; try again or restart the app.',
};

/** Codes whose core message names the exact problem, so it is shown as is. */
const SPECIFIC = new Set(['InvalidInput', 'WeakPassphrase', 'CorruptFile', 'Io', 'Ambiguous']);

/**
 * The sentence to show for an error.
 * @param {{code?: string, message?: string}} err
 * @returns {string}
 */
function describe_error(err) {
  const code = err && typeof err.code === 'string' ? err.code : 'Internal';
  const message = err && typeof err.message === 'string' ? err.message.trim() : '';
  if (SPECIFIC.has(code) && message) return message;
  return WORDS[code] ?? (message || WORDS.Internal);
}

/** Every code this module has words for. */
const KNOWN_CODES = Object.freeze(Object.keys(WORDS));

export { describe_error, KNOWN_CODES };
