// The trash: everything deleted stays here until restored.

import { api } from '../ipc.js';
import { describe_error } from '../errors.js';
import { kind_label } from '../labels.js';
import { local_iso_date, relative_day } from '../dates.js';
import { h, mount } from '../dom.js';
import { confirm_dialog } from '../confirm.js';

/**
 * @typedef {import('../gen/contract.js').TrashItem} TrashItem
 * @typedef {import('../gen/contract.js').Kind} Kind
 */

/** @type {Readonly<Record<Kind, (id: number) => Promise<null>>>} */
const RESTORE = Object.freeze({
  entry: api.restore_entry,
  note: api.restore_note,
  person: api.restore_person,
  moment: api.restore_moment,
  checkin: api.restore_checkin,
});

/**
 * @param {HTMLElement} root
 * @param {import('../main.js').Ctx} ctx
 */
async function render_trash(root, ctx) {
  /** @type {TrashItem[]} */
  let items = [];
  try {
    items = await api.list_trash();
  } catch (err) {
    ctx.notify(describe_error(err));
  }
  const today = local_iso_date();
  /** @param {TrashItem} item */
  const restore = async (item) => {
    try {
      await RESTORE[item.kind](item.id);
      ctx.notify(`${kind_label(item.kind)} restored.`);
      ctx.go('trash', {});
    } catch (err) {
      ctx.notify(describe_error(err));
    }
  };
  /** @param {TrashItem} item */
  const purge = async (item) => {
    const yes = await confirm_dialog('Delete for good?',
      `“${item.label || 'Untitled'}” will be erased from your journal and its search index. This cannot be undone; backups made before now still hold it until they are rotated away.`,
      'Delete for good');
    if (!yes) return;
    try {
      await api.purge_item(item.kind, item.id);
      ctx.notify(`${kind_label(item.kind)} deleted for good.`);
      ctx.go('trash', {});
    } catch (err) {
      ctx.notify(describe_error(err));
    }
  };
  const empty = async () => {
    const n = items.length;
    const yes = await confirm_dialog('Empty the trash?',
      `${n} item${n === 1 ? '' : 's'} will be erased from your journal and its search index. This cannot be undone; backups made before now still hold them until they are rotated away.`,
      'Empty trash');
    if (!yes) return;
    try {
      const gone = await api.empty_trash();
      ctx.notify(`Deleted ${gone} item${gone === 1 ? '' : 's'} for good.`);
      ctx.go('trash', {});
    } catch (err) {
      ctx.notify(describe_error(err));
    }
  };
  mount(root, h('div', { class: 'page' },
    h('header', { class: 'page-head' }, h('h1', {}, 'Trash'),
      h('p', { class: 'lead' }, 'Nothing here is gone yet: restore anything you deleted, or delete it for good.'),
      items.length > 0
        ? h('div', { class: 'actions' }, h('button', { type: 'button', class: 'danger', id: 'empty-trash', onclick: empty }, 'Empty trash'))
        : null),
    items.length === 0
      ? h('p', { class: 'empty' }, 'The trash is empty.')
      : h('ul', { class: 'trash-list' }, items.map((item) => h('li', {},
        h('span', { class: `badge ${item.kind}` }, kind_label(item.kind)),
        h('span', { class: 'trash-label' }, item.label || 'Untitled'),
        h('span', { class: 'hint' }, 'deleted ', relative_day(item.deleted_at.slice(0, 10), today)),
        item.kind in RESTORE
          ? h('button', { type: 'button', class: 'secondary small', onclick: () => restore(item) }, 'Restore')
          : h('span', { class: 'hint' }, 'Restore with the kindred command'),
        h('button', { type: 'button', class: 'danger small purge', 'aria-label': `Delete “${item.label || 'Untitled'}” for good`, onclick: () => purge(item) }, 'Delete for good')))),
  ));
  return {};
}

export { render_trash };
