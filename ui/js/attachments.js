// The files attached to the open entry. Pictures are drawn from the
// kindred-blob: scheme, which the shell answers only while the vault is
// unlocked and never lets WebKit cache; other files are shown by name and
// size, to save a copy. Files come from the native dialog, from a drop on
// the window (the shell keeps the paths) or from a paste (the bytes).
// Removing one sends it to the trash, with an undo.

import { api } from './ipc.js';
import { describe_error } from './errors.js';
import { h, mount } from './dom.js';

/**
 * @typedef {import('./gen/contract.js').Attachment} Attachment
 * @typedef {import('./main.js').Ctx['notify']} Notify
 */

/**
 * The address the window loads attachment `id` from: the original, or a
 * thumbnail (made in memory and stored encrypted the first time).
 * @param {number} id
 * @param {boolean} [thumb]
 */
function blob_url(id, thumb = false) {
  return `kindred-blob://localhost/${id}${thumb ? '/thumb' : ''}`;
}

/**
 * "2.4 MB", "310 KB", "12 bytes".
 * @param {number} bytes
 */
function size_label(bytes) {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} byte${bytes === 1 ? '' : 's'}`;
}

/** Media types the window draws as pictures. */
const SHOWN = ['image/jpeg', 'image/png', 'image/gif', 'image/webp'];

/**
 * A file read as base64, without its data-URL prefix.
 * @param {Blob} file
 * @returns {Promise<string>}
 */
function base64_of(file) {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onerror = () => reject(r.error);
    r.onload = () => resolve(String(r.result).replace(/^data:[^,]*,/, ''));
    r.readAsDataURL(file);
  });
}

/**
 * @param {{ notify: Notify, entry_id: () => Promise<number | null> }} opts
 *   `entry_id` saves the entry if it is new and returns its id (null when
 *   there is nothing to save yet).
 */
function create_attachments(opts) {
  /** @type {Attachment[]} */
  let items = [];
  const list = h('ul', { class: 'attachments', id: 'entry-attachments', 'aria-label': 'Attached files' });
  const attach_btn = h('button', { type: 'button', id: 'attach-files', class: 'secondary small', onclick: () => void pick() }, 'Attach files…');
  const hint = h('span', { class: 'hint' }, 'or drop files here, or paste a picture');
  const el = h('section', { class: 'attachments-box', 'aria-label': 'Attachments' }, list, h('div', { class: 'attach-bar' }, attach_btn, hint));

  function draw() {
    mount(list, ...items.map((a) => {
      const picture = SHOWN.includes(a.mime);
      return h('li', { class: picture ? 'attachment picture' : 'attachment file', 'data-id': String(a.id) },
        picture
          ? h('button', { type: 'button', class: 'picture-open', 'aria-label': `Show ${a.name}`, onclick: () => show_picture(a) },
            h('img', { loading: 'lazy', src: blob_url(a.id, true), alt: a.name }))
          : h('span', { class: 'file-icon', 'aria-hidden': 'true' }, (a.name.split('.').pop() ?? '').slice(0, 4).toUpperCase() || 'FILE'),
        h('span', { class: 'attachment-name', title: a.name }, a.name),
        h('span', { class: 'attachment-size' }, size_label(a.bytes)),
        h('span', { class: 'attachment-actions' },
          h('button', { type: 'button', class: 'link small', 'aria-label': `Save a copy of ${a.name}`, onclick: () => void save(a) }, 'Save…'),
          h('button', { type: 'button', class: 'link small danger', 'aria-label': `Remove ${a.name}`, onclick: () => void remove(a) }, 'Remove')));
    }));
    list.hidden = items.length === 0;
  }

  /**
   * The picture at full size, in a dialog (Escape or a click closes it).
   * @param {Attachment} a
   */
  function show_picture(a) {
    const close = () => { dialog.close(); dialog.remove(); };
    const dialog = /** @type {HTMLDialogElement} */ (h('dialog', { class: 'picture-dialog', 'aria-label': a.name, onclick: close },
      h('img', { src: blob_url(a.id), alt: a.name }),
      h('p', { class: 'picture-caption' }, a.name, ' · ', size_label(a.bytes))));
    dialog.addEventListener('close', () => dialog.remove());
    document.body.append(dialog);
    dialog.showModal();
  }

  /** @param {Attachment[]} attachments */
  function show(attachments) {
    items = [...attachments];
    draw();
  }

  /** @param {(entry_id: number) => Promise<Attachment[]>} adding */
  async function add(adding) {
    const id = await opts.entry_id();
    if (id === null) {
      opts.notify('Write something first: files are attached to a saved entry.');
      return;
    }
    try {
      const added = await adding(id);
      if (!added.length) return;
      items = [...items, ...added];
      draw();
      opts.notify(added.length === 1 ? `Attached ${added[0].name}.` : `Attached ${added.length} files.`);
    } catch (err) {
      opts.notify(describe_error(err));
    }
  }

  async function pick() {
    await add((id) => api.attach_picked(id));
  }

  /** Attaches what was just dropped on the window. */
  async function dropped() {
    await add((id) => api.attach_dropped(id));
  }

  /** @param {File[]} files pasted files */
  async function pasted(files) {
    await add(async (id) => {
      const out = [];
      for (const f of files) {
        const name = f.name || `pasted.${(f.type.split('/')[1] ?? 'bin').replace(/[^a-z0-9]/g, '')}`;
        out.push(await api.attach_pasted(id, name, await base64_of(f)));
      }
      return out;
    });
  }

  /** Attaches the picture on the system clipboard, if there is one. */
  async function from_clipboard() {
    await add(async (id) => {
      const a = await api.attach_clipboard(id);
      return a ? [a] : [];
    });
  }

  /** @param {Attachment} a */
  async function save(a) {
    try {
      const where = await api.save_attachment(a.id);
      if (where) opts.notify(`Saved a copy of ${a.name}, not encrypted, to ${where}.`);
    } catch (err) {
      opts.notify(describe_error(err));
    }
  }

  /** @param {Attachment} a */
  async function remove(a) {
    try {
      await api.trash_attachment(a.id);
      items = items.filter((x) => x.id !== a.id);
      draw();
      opts.notify(`${a.name} moved to the trash.`, {
        label: 'Undo',
        run: async () => {
          await api.restore_attachment(a.id);
          items = [...items, a].sort((x, y) => x.id - y.id);
          draw();
        },
      });
    } catch (err) {
      opts.notify(describe_error(err));
    }
  }

  draw();
  return { el, show, dropped, pasted, from_clipboard };
}

export { blob_url, create_attachments, size_label };
