// The only module that touches window.__TAURI__. Every command goes through
// `call`, which turns the shell's `{code, message}` errors into KindredError
// so views can switch on `err.code`. What each command takes and returns,
// and what each event carries, is the generated contract (gen/contract.js,
// written from the Rust types by a test in src-tauri/src/contract/mod.rs).

/**
 * @typedef {import('./gen/contract.js').Commands} Commands
 * @typedef {import('./gen/contract.js').CommandName} CommandName
 * @typedef {import('./gen/contract.js').Events} Events
 * @typedef {import('./gen/contract.js').EntryInput} EntryInput
 * @typedef {import('./gen/contract.js').PersonInput} PersonInput
 * @typedef {import('./gen/contract.js').CheckinInput} CheckinInput
 * @typedef {import('./gen/contract.js').SettingsInput} SettingsInput
 * @typedef {import('./gen/contract.js').SecretKind} SecretKind
 * @typedef {import('./gen/contract.js').Format} Format
 * @typedef {import('./gen/contract.js').Kind} Kind
 */

class KindredError extends Error {
  /**
   * @param {string} code    stable code from the core, e.g. "WrongPassphrase"
   * @param {string} message the core's plain-words text
   */
  constructor(code, message) {
    super(message);
    this.name = 'KindredError';
    this.code = code;
  }
}

/**
 * Whatever the bridge rejected with, as a KindredError.
 * @param {unknown} raw
 * @returns {KindredError}
 */
function to_error(raw) {
  if (raw instanceof KindredError) return raw;
  if (raw !== null && typeof raw === 'object') {
    const r = /** @type {{code?: unknown, message?: unknown}} */ (raw);
    if (typeof r.code === 'string') {
      return new KindredError(r.code, typeof r.message === 'string' ? r.message : '');
    }
  }
  // The bridge itself failed (a command missing from the capability, …).
  return new KindredError('Internal', typeof raw === 'string' ? raw : 'The app bridge failed.');
}

/** @returns {TauriGlobal} */
function bridge() {
  const t = globalThis.__TAURI__;
  if (!t || !t.core) throw new KindredError('Internal', 'The app bridge is missing.');
  return t;
}

/**
 * Runs a command. Argument names are camelCase at this level (Tauri's
 * convention); fields inside objects keep the Rust struct's snake_case.
 * @template {CommandName} K
 * @param {K} cmd
 * @param {Commands[K]['args']} args
 * @returns {Promise<Commands[K]['result']>}
 */
async function call(cmd, args) {
  try {
    // The shell answers with what the contract says this command returns.
    return /** @type {Commands[K]['result']} */ (await bridge().core.invoke(cmd, args));
  } catch (raw) {
    throw to_error(raw);
  }
}

/**
 * Calls `handler(payload)` for each event `name` until the returned
 * function is called.
 * @template {keyof Events} E
 * @param {E} name
 * @param {(payload: Events[E]) => void} handler
 * @returns {Promise<() => void>}
 */
async function listen(name, handler) {
  return bridge().event.listen(name, (/** @type {TauriEvent<Events[E]>} */ e) => handler(e.payload));
}

/**
 * Calls `handler(reason)` whenever the shell locks the vault ("manual" or
 * "idle").
 * @param {(reason: Events['vault-locked']) => void} handler
 */
async function on_locked(handler) {
  return listen('vault-locked', handler);
}

/**
 * Calls `handler({task, stage, done, total})` for each progress report of
 * long work (backup, verify, restore, import) until the returned function
 * is called.
 * @param {(p: Events['work-progress']) => void} handler
 * @returns {Promise<() => void>}
 */
async function on_progress(handler) {
  return listen('work-progress', handler);
}

/**
 * Calls `handler(count)` whenever files are dropped on the window (their
 * paths stay in the shell; `api.attach_dropped` attaches them).
 * @param {(count: Events['files-dropped']) => void} handler
 * @returns {Promise<() => void>}
 */
async function on_dropped(handler) {
  return listen('files-dropped', handler);
}

/**
 * Calls `handler()` whenever the tray asks the window to lock (as Ctrl+L
 * does: what is being typed is saved first).
 * @param {() => void} handler
 * @returns {Promise<() => void>}
 */
async function on_lock_request(handler) {
  return listen('lock-requested', () => handler());
}

/**
 * Calls `handler()` when the quick-entry window's close button is pressed.
 * @param {() => void} handler
 * @returns {Promise<() => void>}
 */
async function on_quick_close(handler) {
  return listen('quick-close-requested', () => handler());
}

/**
 * Calls `handler()` when quick entry unlocked the vault.
 * @param {() => void} handler
 * @returns {Promise<() => void>}
 */
async function on_unlocked_elsewhere(handler) {
  return listen('vault-unlocked-elsewhere', () => handler());
}

/**
 * Calls `handler()` when the window is first shown after a start in the
 * tray.
 * @param {() => void} handler
 * @returns {Promise<() => void>}
 */
async function on_first_shown(handler) {
  return listen('window-first-shown', () => handler());
}

const api = {
  // session
  status: () => call('status', {}),
  create_vault: (/** @type {string} */ passphrase, /** @type {boolean} */ remember) =>
    call('create_vault', { passphrase, remember }),
  unlock: (/** @type {string} */ passphrase) => call('unlock', { passphrase }),
  unlock_with_keychain: () => call('unlock_with_keychain', {}),
  recover: (/** @type {string} */ recoveryCode, /** @type {string} */ newPassphrase) =>
    call('recover', { recoveryCode, newPassphrase }),
  lock: () => call('lock', {}),
  touch: () => call('touch', {}),
  drawn: (/** @type {Commands['drawn']['args']['marks']} */ marks) => call('drawn', { marks }),
  passphrase_strength: (/** @type {string} */ passphrase) =>
    call('passphrase_strength', { passphrase }),
  // journal
  list_entries: (/** @type {Commands['list_entries']['args']} */ filter = {}) =>
    call('list_entries', filter),
  get_entry: (/** @type {number} */ id) => call('get_entry', { id }),
  write_entry: (/** @type {EntryInput} */ entry) => call('write_entry', { entry }),
  write_answer: (/** @type {EntryInput} */ entry, /** @type {string} */ promptId) =>
    call('write_answer', { entry, promptId }),
  edit_entry: (/** @type {number} */ id, /** @type {EntryInput} */ entry) =>
    call('edit_entry', { id, entry }),
  trash_entry: (/** @type {number} */ id) => call('trash_entry', { id }),
  restore_entry: (/** @type {number} */ id) => call('restore_entry', { id }),
  list_tags: () => call('list_tags', {}),
  render_markdown: (/** @type {string} */ text) => call('render_markdown', { text }),
  list_trash: (/** @type {Commands['list_trash']['args']} */ page = {}) => call('list_trash', page),
  purge_item: (/** @type {Kind} */ kind, /** @type {number} */ id) => call('purge_item', { kind, id }),
  empty_trash: () => call('empty_trash', {}),
  // attachments
  attach_picked: (/** @type {number} */ entryId) => call('attach_picked', { entryId }),
  attach_dropped: (/** @type {number} */ entryId) => call('attach_dropped', { entryId }),
  attach_pasted: (/** @type {number} */ entryId, /** @type {string} */ name, /** @type {string} */ data) =>
    call('attach_pasted', { entryId, name, data }),
  attach_clipboard: (/** @type {number} */ entryId) => call('attach_clipboard', { entryId }),
  trash_attachment: (/** @type {number} */ id) => call('trash_attachment', { id }),
  restore_attachment: (/** @type {number} */ id) => call('restore_attachment', { id }),
  save_attachment: (/** @type {number} */ id) => call('save_attachment', { id }),
  pick_person_photo: (/** @type {number} */ personId) => call('pick_person_photo', { personId }),
  choose_path: (/** @type {Commands['choose_path']['args']['purpose']} */ purpose) => call('choose_path', { purpose }),
  // people
  list_people: () => call('list_people', {}),
  get_person: (/** @type {number} */ id) => call('get_person', { id }),
  add_person: (/** @type {PersonInput} */ person) => call('add_person', { person }),
  edit_person: (/** @type {number} */ id, /** @type {PersonInput} */ person) =>
    call('edit_person', { id, person }),
  trash_person: (/** @type {number} */ id) => call('trash_person', { id }),
  restore_person: (/** @type {number} */ id) => call('restore_person', { id }),
  list_notes: (/** @type {number} */ personId) => call('list_notes', { personId }),
  add_note: (/** @type {number} */ personId, /** @type {string} */ body) =>
    call('add_note', { personId, body }),
  trash_note: (/** @type {number} */ id) => call('trash_note', { id }),
  restore_note: (/** @type {number} */ id) => call('restore_note', { id }),
  // search
  search: (/** @type {string} */ query) => call('search', { query }),
  // reflection
  vocabulary: () => call('vocabulary', {}),
  today: () => call('today', {}),
  prompt_for: (/** @type {number} */ personId) => call('prompt_for', { personId }),
  check_in: (/** @type {number} */ personId, /** @type {CheckinInput} */ checkin) =>
    call('check_in', { personId, checkin }),
  depth: (/** @type {number} */ personId) => call('depth', { personId }),
  map: () => call('map', {}),
  proximity_history: (/** @type {number} */ personId) => call('proximity_history', { personId }),
  add_moment: (/** @type {number} */ personId, /** @type {string} */ kind,
    /** @type {string | null} */ date, /** @type {string} */ note) =>
    call('add_moment', { personId, kind, date, note }),
  trash_moment: (/** @type {number} */ id) => call('trash_moment', { id }),
  restore_moment: (/** @type {number} */ id) => call('restore_moment', { id }),
  trash_checkin: (/** @type {number} */ id) => call('trash_checkin', { id }),
  restore_checkin: (/** @type {number} */ id) => call('restore_checkin', { id }),
  love_map: (/** @type {number} */ personId) => call('love_map', { personId }),
  set_love_map: (/** @type {number} */ personId, /** @type {string} */ topic, /** @type {string} */ text) =>
    call('set_love_map', { personId, topic, text }),
  important_dates: (/** @type {number} */ personId) => call('important_dates', { personId }),
  add_important_date: (/** @type {number} */ personId, /** @type {string} */ label,
    /** @type {number} */ month, /** @type {number} */ day, /** @type {number | null} */ year) =>
    call('add_important_date', { personId, label, month, day, year }),
  remove_important_date: (/** @type {number} */ id) => call('remove_important_date', { id }),
  timeline: (/** @type {number} */ personId,
    /** @type {Omit<Commands['timeline']['args'], 'personId'>} */ page = {}) =>
    call('timeline', { personId, ...page }),
  // backups
  backup_overview: () => call('backup_overview', {}),
  set_backup_settings: (/** @type {SettingsInput} */ settings) => call('set_backup_settings', { settings }),
  backup_now: () => call('backup_now', {}),
  backup_and_delete_older: () => call('backup_and_delete_older', {}),
  auto_backup: () => call('auto_backup', {}),
  verify_backup: (/** @type {string} */ path) => call('verify_backup', { path }),
  restore_to_folder: (/** @type {string} */ path, /** @type {string} */ folder,
    /** @type {SecretKind} */ kind, /** @type {string} */ secret) =>
    call('restore_to_folder', { path, folder, kind, secret }),
  restore_replacing: (/** @type {string} */ path, /** @type {SecretKind} */ kind, /** @type {string} */ secret) =>
    call('restore_replacing', { path, kind, secret }),
  find_backups: (/** @type {string | null} */ folder = null) => call('find_backups', { folder }),
  restore_while_locked: (/** @type {string} */ path, /** @type {SecretKind} */ kind, /** @type {string} */ secret) =>
    call('restore_while_locked', { path, kind, secret }),
  // export and import
  export_vault: (/** @type {Format} */ format, /** @type {string} */ path,
    /** @type {boolean} */ plaintextOk) => call('export_vault', { format, path, plaintextOk }),
  import_file: (/** @type {string} */ source, /** @type {string} */ path) =>
    call('import_file', { source, path }),
  // settings
  get_settings: () => call('get_settings', {}),
  set_auto_lock: (/** @type {number} */ seconds) => call('set_auto_lock', { seconds }),
  set_remember: (/** @type {boolean} */ on) => call('set_remember', { on }),
  set_keychain_after_lock: (/** @type {boolean} */ on) => call('set_keychain_after_lock', { on }),
  change_passphrase: (/** @type {string} */ current, /** @type {string} */ next, newKey = false) =>
    call('change_passphrase', { current, new: next, newKey }),
  new_recovery_code: (/** @type {string} */ passphrase) => call('new_recovery_code', { passphrase }),
  set_spell_check: (/** @type {boolean} */ on) => call('set_spell_check', { on }),
  need_spell_check: () => call('need_spell_check', {}),
  set_reminders: (/** @type {string | null} */ evening, /** @type {number | null} */ weeklyDay,
    /** @type {string | null} */ weeklyTime, /** @type {boolean} */ names) =>
    call('set_reminders', { evening, weeklyDay, weeklyTime, names }),
  // the calendar
  calendar_month: (/** @type {number} */ year, /** @type {number} */ month) => call('calendar_month', { year, month }),
  calendar_day: (/** @type {string} */ date) => call('calendar_day', { date }),
  // the desktop: tray, quick entry, start at login
  desktop_settings: () => call('desktop_settings', {}),
  set_quick_shortcut: (/** @type {string | null} */ shortcut) => call('set_quick_shortcut', { shortcut }),
  set_autostart: (/** @type {boolean} */ on) => call('set_autostart', { on }),
  set_close_to_tray: (/** @type {boolean} */ on) => call('set_close_to_tray', { on }),
  close_quick_entry: () => call('close_quick_entry', {}),
  open_main_window: () => call('open_main_window', {}),
  quick_unlocked: () => call('quick_unlocked', {}),
};

export {
  api, call, on_dropped, on_first_shown, on_lock_request, on_locked, on_progress, on_quick_close,
  on_unlocked_elsewhere, to_error, KindredError,
};
