// Backups: every backup with its date, size and whether it was verified
// here; back up now; verify one; restore one (into a new folder, or in
// place of this vault after a safety backup); where backups go and how
// many are kept. Then export (plaintext, after an explicit yes) and import.
// Long work shows its progress as the shell reports it.

import { api } from '../ipc.js';
import { progress_bar } from '../progress.js';
import { describe_error } from '../errors.js';
import { date_time, relative_time } from '../dates.js';
import { backup_purpose, file_size, first_sentence, kept_words, secrets_words } from '../format.js';
import { h, mount, field } from '../dom.js';
import { with_chooser } from '../choose.js';

/**
 * @typedef {import('../gen/contract.js').BackupInfo} BackupInfo
 * @typedef {import('../gen/contract.js').ListedBackup} Listed
 * @typedef {import('../gen/contract.js').Retention} Retention
 * @typedef {import('../gen/contract.js').BackupSettings} Settings
 * @typedef {import('../gen/contract.js').Overview} Overview
 * @typedef {import('../gen/contract.js').SecretKind} SecretKind
 * @typedef {import('../main.js').Ctx} Ctx
 */

/**
 * @param {HTMLElement} root
 * @param {Ctx} ctx
 * @param {{notice?: string | null}} [params]
 */
async function render_backups(root, ctx, params = {}) {
  /** @type {Overview} */
  let o;
  try {
    o = await api.backup_overview();
  } catch (err) {
    mount(root, h('div', { class: 'page' }, h('h1', {}, 'Backups'), h('p', { role: 'alert' }, describe_error(err))));
    return {};
  }
  let busy = false;
  /** Draws the screen again with a notice, unless the user has moved on. */
  const redraw = async (/** @type {string | null} */ notice = null) => {
    if (!page.isConnected) {
      if (notice) ctx.notify(notice);
      return;
    }
    await render_backups(root, ctx, { notice });
  };

  // Back up now.
  const now_progress = progress_bar();
  const now_result = h('div', { class: 'result', id: 'backup-result', role: 'status' });
  const now_button = /** @type {HTMLButtonElement} */ (h('button', {
    type: 'button', class: 'primary', id: 'backup-now',
    onclick: async () => {
      if (busy) return;
      busy = true;
      now_button.disabled = true;
      mount(now_result);
      try {
        const report = await now_progress.run('backup', 'Starting…', () => api.backup_now());
        ctx.backup_done(new Date().toISOString());
        const copies = ['no copy', 'one copy', 'two copies'][report.written.length] ?? `${report.written.length} copies`;
        const lines = [`Backed up and verified: ${copies}.`];
        for (const [folder, why] of report.skipped) lines.push(`Skipped ${folder}: ${why}.`);
        if (report.rotated.length) lines.push(`${report.rotated.length} older backup${report.rotated.length === 1 ? '' : 's'} removed, as the keep rules say.`);
        busy = false;
        await redraw(lines.join(' '));
      } catch (err) {
        mount(now_result, h('p', { class: 'error' }, `The backup did not finish. ${describe_error(err)} Your vault itself is unchanged.`));
      } finally {
        busy = false;
        now_button.disabled = false;
      }
    },
  }, 'Back up now'));

  const restore_panel = h('div', { id: 'restore-slot' });

  /** @param {Listed} b */
  const row = (b) => {
    const name = b.path.split('/').pop() ?? b.path;
    const folder = b.path.slice(0, b.path.length - name.length - 1);
    const purpose = backup_purpose(b.path);
    const info = b.info;
    const state = b.problem
      ? h('span', { class: 'state damaged' }, 'Damaged: ', first_sentence(b.problem),
        h('span', { class: 'hint' }, ' It cannot be restored; your vault and the other backups are not affected.'))
      : b.verified_at
        ? h('span', { class: 'state verified' }, 'Verified ', relative_time(b.verified_at))
        : h('span', { class: 'state' }, 'Not checked here yet');
    const verify_progress = progress_bar();
    const verify = async () => {
      if (busy) return;
      busy = true;
      try {
        await verify_progress.run('verify', 'Checking…', () => api.verify_backup(b.path));
        busy = false;
        await redraw(`The backup from ${b.info ? date_time(b.info.created_at) : name} is intact: every byte checks out.`);
      } catch (err) {
        ctx.notify(`That backup did not pass. ${describe_error(err)}`);
      } finally {
        busy = false;
      }
    };
    return h('li', { class: `backup-row${b.problem ? ' damaged' : ''}`, 'data-path': b.path },
      h('div', { class: 'backup-main' },
        h('span', { class: 'backup-date' }, b.info ? date_time(b.info.created_at) : name),
        purpose ? h('span', { class: 'backup-purpose' }, purpose) : null,
        h('span', { class: 'hint' }, b.info ? `${relative_time(b.info.created_at)} · ${file_size(b.info.size)}` : 'unreadable'),
        h('span', { class: 'backup-path', title: b.path }, folder)),
      state,
      h('div', { class: 'backup-actions' },
        b.problem ? null : h('button', { type: 'button', class: 'secondary small verify', onclick: verify }, 'Verify'),
        b.problem || !info ? null : h('button', {
          type: 'button', class: 'secondary small restore',
          onclick: () => mount(restore_panel, restore_form(b.path, info)),
        }, 'Restore…')),
      verify_progress.el);
  };

  /**
   * @param {string} path
   * @param {BackupInfo} info
   */
  function restore_form(path, info) {
    const when = date_time(info.created_at);
    const where_new = /** @type {HTMLInputElement} */ (h('input', { type: 'radio', name: 'restore-where', id: 'restore-new', value: 'new', checked: true }));
    const where_replace = /** @type {HTMLInputElement} */ (h('input', { type: 'radio', name: 'restore-where', id: 'restore-replace', value: 'replace' }));
    const folder = /** @type {HTMLInputElement} */ (h('input', { type: 'text', id: 'restore-folder', placeholder: '/home/you/kindred-restored', autocomplete: 'off', spellcheck: 'false' }));
    const with_pass = /** @type {HTMLInputElement} */ (h('input', { type: 'radio', name: 'restore-secret-kind', id: 'secret-passphrase', value: 'passphrase', checked: true }));
    const with_code = /** @type {HTMLInputElement} */ (h('input', { type: 'radio', name: 'restore-secret-kind', id: 'secret-recovery', value: 'recovery-code' }));
    const secret = /** @type {HTMLInputElement} */ (h('input', { type: 'password', id: 'restore-secret', autocomplete: 'off' }));
    const secret_label = h('label', { for: 'restore-secret' });
    const replace_warning = h('p', { class: 'notice', id: 'replace-warning', hidden: true },
      'Kindred will lock this vault, make a verified safety backup of it exactly as it is now, then put the backup from ', when,
      ' in its place. Anything written since then stays only in that safety backup, which you can restore the same way.');
    const folder_field = field('Restore into this new folder', with_chooser(folder, 'restore-folder'), 'It must not hold a vault yet. This vault is not touched.');
    const error = h('p', { class: 'error', role: 'alert', id: 'restore-error' });
    const progress = progress_bar();
    const go = /** @type {HTMLButtonElement} */ (h('button', { type: 'submit', class: 'primary', id: 'restore-go' }, 'Restore'));
    const sync = () => {
      const replace = where_replace.checked;
      folder_field.hidden = replace;
      replace_warning.hidden = !replace;
      mount(go, replace ? 'Lock, keep a safety backup, and replace this vault' : 'Restore into the new folder');
      mount(secret_label, with_code.checked
        ? `The recovery code that was valid on ${when}`
        : `The passphrase that was valid on ${when}`);
    };
    for (const r of [where_new, where_replace, with_pass, with_code]) r.addEventListener('change', sync);
    sync();
    const form = h('form', { class: 'card restore-panel', id: 'restore-panel', 'aria-labelledby': 'restore-title', novalidate: true },
      h('h2', { id: 'restore-title' }, 'Restore the backup from ', when),
      h('fieldset', { class: 'choices' }, h('legend', {}, 'Where to'),
        h('div', { class: 'check' }, where_new, h('label', { for: 'restore-new' }, 'Into a new folder'),
          h('p', { class: 'hint' }, 'Look inside an old backup without changing anything here.')),
        h('div', { class: 'check' }, where_replace, h('label', { for: 'restore-replace' }, 'Replace this vault'),
          h('p', { class: 'hint' }, 'Go back to how everything was on ', when, '.'))),
      folder_field,
      replace_warning,
      h('fieldset', { class: 'choices inline' }, h('legend', {}, 'Open it with'),
        h('div', { class: 'check' }, with_pass, h('label', { for: 'secret-passphrase' }, 'Passphrase')),
        h('div', { class: 'check' }, with_code, h('label', { for: 'secret-recovery' }, 'Recovery code'))),
      h('div', { class: 'field' }, secret_label, secret,
        h('p', { class: 'hint' }, 'A backup keeps the locks it was made with: it opens with the passphrase or recovery code valid on that day, even if you have changed it since.')),
      error,
      progress.el,
      h('div', { class: 'actions' }, go,
        h('button', { type: 'button', class: 'secondary', onclick: () => mount(restore_panel) }, 'Cancel')));
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      if (busy) return;
      mount(error);
      if (!secret.value) {
        mount(error, with_code.checked ? 'Enter the recovery code.' : 'Enter the passphrase.');
        secret.focus();
        return;
      }
      /** @type {SecretKind} */
      const kind = with_code.checked ? 'recovery-code' : 'passphrase';
      busy = true;
      go.disabled = true;
      try {
        if (where_replace.checked) {
          const done = await progress.run('restore', 'Checking the backup and your secret…', () => api.restore_replacing(path, kind, secret.value));
          secret.value = '';
          if (!done.unlocked) {
            ctx.relock('restored');
            return;
          }
          busy = false;
          await redraw(`Restored the backup from ${when}. ${kept_words(done.kept)} ${secrets_words(done.secrets)}`);
        } else {
          const dir = await progress.run('restore', 'Checking the backup and your secret…', () => api.restore_to_folder(path, folder.value, kind, secret.value));
          secret.value = '';
          mount(error);
          mount(restore_panel, h('div', { class: 'card notice-card', id: 'restore-done', role: 'status' },
            h('p', {}, 'Restored into ', h('code', {}, dir), '. It opens with the same passphrase or recovery code.'),
            h('p', { class: 'hint' }, 'To look inside, start Kindred with KINDRED_VAULT set to that folder, or use kindred --vault with the command-line tool.')));
        }
      } catch (err) {
        mount(error, describe_error(err));
        // A failure after the vault was locked leaves it locked.
        try {
          const s = await api.status();
          if (s.state !== 'unlocked') ctx.relock('manual');
        } catch {
          ctx.relock('manual');
        }
      } finally {
        busy = false;
        go.disabled = false;
      }
    });
    queueMicrotask(() => form.scrollIntoView({ block: 'nearest' }));
    return form;
  }

  const page = h('div', { class: 'page backups-page', id: 'backups-page' },
    h('header', { class: 'page-head' },
      h('h1', {}, 'Backups'),
      h('p', { class: 'lead' }, 'Encrypted copies of your vault, checked after writing. They stay on this machine unless you move them.')),
    params.notice ? h('p', { class: 'notice', id: 'backups-notice', role: 'status' }, params.notice) : null,
    h('section', { class: 'card', 'aria-labelledby': 'now-title' },
      h('h2', { id: 'now-title' }, 'Last backup: ', h('span', { id: 'last-backup' }, o.last_backup_at ? `${relative_time(o.last_backup_at)} (${date_time(o.last_backup_at)})` : 'none yet')),
      h('p', { class: 'hint' }, 'Kindred also backs up by itself after you unlock, when the last backup is more than a day old.'),
      h('div', { class: 'actions' }, now_button),
      now_progress.el,
      now_result),
    h('section', { 'aria-labelledby': 'list-title' },
      h('h2', { id: 'list-title' }, 'Your backups'),
      o.backups.length === 0
        ? h('p', { class: 'empty' }, 'No backups yet.')
        : h('ul', { class: 'backup-list', id: 'backup-list' }, o.backups.map(row)),
      restore_panel),
    settings_form(o.settings, () => redraw('Backup settings saved.')),
    export_form(),
    import_form(),
  );
  mount(root, page);
  return {};
}

/**
 * Where backups go and how many are kept.
 * @param {Settings} s
 * @param {() => void} saved
 */
function settings_form(s, saved) {
  const primary = /** @type {HTMLInputElement} */ (h('input', { type: 'text', id: 'backup-primary', value: s.primary, spellcheck: 'false' }));
  const secondary = /** @type {HTMLInputElement} */ (h('input', { type: 'text', id: 'backup-secondary', value: s.secondary ?? '', placeholder: '/media/you/usb-drive/kindred', spellcheck: 'false' }));
  /** @param {keyof Retention} key @param {string} label */
  const keep = (key, label) => field(label, h('input', { type: 'number', id: `keep-${key}`, min: key === 'last' ? '1' : '0', max: '1000', value: s.retention[key], inputmode: 'numeric' }));
  const error = h('p', { class: 'error', role: 'alert' });
  const form = h('form', { class: 'card', id: 'backup-settings', 'aria-labelledby': 'settings-title', novalidate: true },
    h('h2', { id: 'settings-title' }, 'Where backups go'),
    field('Folder', with_chooser(primary, 'backup-folder'), 'Made if it does not exist. Type the full path, or choose it.'),
    field('Second folder (optional)', with_chooser(secondary, 'backup-folder'), 'Such as an external drive. When it is not plugged in, Kindred skips it quietly.'),
    h('h3', {}, 'How many to keep'),
    h('p', { class: 'hint' }, 'After each backup, older ones are removed unless a rule below keeps them.'),
    h('div', { class: 'row four' },
      keep('last', 'The latest'), keep('daily', 'One a day, for days'), keep('weekly', 'One a week, for weeks'), keep('monthly', 'One a month, for months')),
    error,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary', id: 'save-backup-settings' }, 'Save')));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    mount(error);
    /** @param {string} key */
    const n = (key) => Number(/** @type {HTMLInputElement} */ (form.querySelector(`#keep-${key}`)).value);
    const retention = { last: n('last'), daily: n('daily'), weekly: n('weekly'), monthly: n('monthly') };
    if (Object.values(retention).some((v) => !Number.isInteger(v) || v < 0)) {
      mount(error, 'Each number is a whole number, 0 or more.');
      return;
    }
    try {
      await api.set_backup_settings({ primary: primary.value, secondary: secondary.value.trim() || null, retention });
      saved();
    } catch (err) {
      mount(error, describe_error(err));
    }
  });
  return form;
}

/**
 * Export, behind an explicit "this is not encrypted".
 */
function export_form() {
  const json = /** @type {HTMLInputElement} */ (h('input', { type: 'radio', name: 'export-format', id: 'export-json', value: 'json', checked: true }));
  const md = /** @type {HTMLInputElement} */ (h('input', { type: 'radio', name: 'export-format', id: 'export-markdown', value: 'markdown' }));
  const path = /** @type {HTMLInputElement} */ (h('input', { type: 'text', id: 'export-path', autocomplete: 'off', spellcheck: 'false' }));
  const path_label = h('label', { for: 'export-path' });
  const ok = /** @type {HTMLInputElement} */ (h('input', { type: 'checkbox', id: 'export-ok' }));
  const go = /** @type {HTMLButtonElement} */ (h('button', { type: 'submit', class: 'primary', id: 'export-go', disabled: true }, 'Export'));
  const result = h('div', { class: 'result', id: 'export-result', role: 'status' });
  const sync = () => {
    go.disabled = !ok.checked;
    mount(path_label, md.checked ? 'Into this new folder' : 'As this new file');
    const chooser = /** @type {HTMLElement | null} */ (path.parentElement?.querySelector('.choose-path') ?? null);
    if (chooser) chooser.dataset.purpose = md.checked ? 'export-folder' : 'export-file';
    path.placeholder = md.checked ? '/home/you/Documents/kindred-export' : '/home/you/Documents/kindred-export.json';
  };
  for (const el of [json, md, ok]) el.addEventListener('change', sync);
  sync();
  const form = h('form', { class: 'card', id: 'export-form', 'aria-labelledby': 'export-title', novalidate: true },
    h('h2', { id: 'export-title' }, 'Export'),
    h('fieldset', { class: 'choices' }, h('legend', {}, 'Format'),
      h('div', { class: 'check' }, json, h('label', { for: 'export-json' }, 'JSON'),
        h('p', { class: 'hint' }, 'One file with everything, trash included. Kindred can import it again.')),
      h('div', { class: 'check' }, md, h('label', { for: 'export-markdown' }, 'Markdown'),
        h('p', { class: 'hint' }, 'A folder of readable files: one per entry, one per person with their notes.'))),
    h('div', { class: 'field' }, path_label, with_chooser(path, 'export-file'), h('p', { class: 'hint' }, 'Type the full path, or choose it. Kindred never overwrites anything.')),
    h('div', { class: 'check warning' }, ok,
      h('label', { for: 'export-ok' }, 'I understand the export is not encrypted'),
      h('p', { class: 'hint' }, 'Anyone who can open the file can read everything in it. Keep it somewhere safe, and delete it when you no longer need it.')),
    h('div', { class: 'actions' }, go),
    result);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    mount(result);
    if (!ok.checked) return;
    try {
      const out = await api.export_vault(md.checked ? 'markdown' : 'json', path.value, true);
      const s = out.summary;
      mount(result, h('p', { class: 'notice' },
        `Exported ${s.entries} entr${s.entries === 1 ? 'y' : 'ies'}, ${s.people} ${s.people === 1 ? 'person' : 'people'} and ${s.notes} note${s.notes === 1 ? '' : 's'}${s.attachments ? ` with ${s.attachments} attached file${s.attachments === 1 ? '' : 's'} beside ${s.attachments === 1 ? 'it' : 'them'}` : ''} to `,
        h('code', { id: 'export-where' }, out.path), '. ',
        h('strong', {}, 'It is not encrypted'), ': keep it safe, and delete it when you are done.'));
      ok.checked = false;
      sync();
    } catch (err) {
      mount(result, h('p', { class: 'error' }, describe_error(err)));
    }
  });
  return form;
}

/**
 * Import from jrnl, Day One or a Kindred export, with progress and what
 * happened.
 */
function import_form() {
  const source = /** @type {HTMLSelectElement} */ (h('select', { id: 'import-source' },
    h('option', { value: 'jrnl' }, 'jrnl (its JSON export)'),
    h('option', { value: 'dayone' }, 'Day One (JSON, or the export .zip)'),
    h('option', { value: 'kindred' }, 'Kindred (a JSON export)')));
  const path = /** @type {HTMLInputElement} */ (h('input', { type: 'text', id: 'import-path', placeholder: '/home/you/Downloads/journal.json', autocomplete: 'off', spellcheck: 'false' }));
  const go = /** @type {HTMLButtonElement} */ (h('button', { type: 'submit', class: 'primary', id: 'import-go' }, 'Import'));
  const progress = progress_bar();
  const result = h('div', { class: 'result', id: 'import-result', role: 'status' });
  const form = h('form', { class: 'card', id: 'import-form', 'aria-labelledby': 'import-title', novalidate: true },
    h('h2', { id: 'import-title' }, 'Import'),
    h('p', { class: 'hint' }, 'All or nothing: if anything in the file is wrong, nothing is imported. Entries already here are skipped, so importing twice is safe.'),
    h('div', { class: 'row two' }, field('From', source), field('File', with_chooser(path, 'import-file'))),
    h('div', { class: 'actions' }, go),
    progress.el,
    result);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    mount(result);
    go.disabled = true;
    try {
      const r = await progress.run('import', 'Reading the file…', () => api.import_file(source.value, path.value));
      const lines = [`Imported ${r.entries} entr${r.entries === 1 ? 'y' : 'ies'}${r.people ? `, ${r.people} ${r.people === 1 ? 'person' : 'people'}` : ''}${r.notes ? `, ${r.notes} note${r.notes === 1 ? '' : 's'}` : ''}.`];
      if (r.duplicates) lines.push(`${r.duplicates} already here ${r.duplicates === 1 ? 'was' : 'were'} skipped.`);
      const f = r.fallbacks;
      if (f.no_uuid) lines.push(`${f.no_uuid} ${f.no_uuid === 1 ? 'entry had' : 'entries had'} no id and will be known by date and text.`);
      if (f.time_zones) lines.push(`${f.time_zones} ${f.time_zones === 1 ? 'entry had' : 'entries had'} a time zone that is not known; the offset in its time gave the day.`);
      if (f.null_values) lines.push(`${f.null_values} "(null)" value${f.null_values === 1 ? ' was' : 's were'} taken as empty.`);
      if (r.media) lines.push(`${r.media} photo${r.media === 1 ? '' : 's'} or other file${r.media === 1 ? ' was' : 's were'} attached.`);
      if (r.media_missing) lines.push(`${r.media_missing} photo${r.media_missing === 1 ? '' : 's'} or other file${r.media_missing === 1 ? ' the entries refer to is' : 's the entries refer to are'} not in the file and ${r.media_missing === 1 ? 'was' : 'were'} not attached (import the export's .zip to bring them).`);
      mount(result, h('p', { class: 'notice' }, lines.join(' ')));
    } catch (err) {
      mount(result, h('p', { class: 'error' }, describe_error(err)));
    } finally {
      go.disabled = false;
    }
  });
  return form;
}

export { render_backups };
