// The trash: everything deleted stays here until restored.

import { api } from '../ipc.js';
import { describe_error } from '../errors.js';
import { kind_label } from '../labels.js';
import { local_iso_date, relative_day } from '../dates.js';
import { h, mount } from '../dom.js';
import { confirm_dialog } from '../confirm.js';

/**
 * @typedef {import('../gen/contract.js').TrashItem} TrashItem
 * @typedef {import('../gen/contract.js').TrashCursor} TrashCursor
 * @typedef {import('../gen/contract.js').Kind} Kind
 */

/** Items per page: the trash can hold a whole deleted import. */
const PAGE = 100;

/** @type {Readonly<Record<Kind, (id: number) => Promise<null>>>} */
const RESTORE = Object.freeze({
  entry: api.restore_entry,
  note: api.restore_note,
  person: api.restore_person,
  moment: api.restore_moment,
  checkin: api.restore_checkin,
  attachment: api.restore_attachment,
});

/**
 * @param {HTMLElement} root
 * @param {import('../main.js').Ctx} ctx
 */
async function render_trash(root, ctx) {
  /** The items loaded so far, most recently deleted first. */
  /** @type {TrashItem[]} */
  let items = [];
  /** @type {TrashCursor | null} */
  let next = null;
  let total = 0;
  let loading = false;
  try {
    const page = await api.list_trash({ limit: PAGE });
    ({ items, next, total } = page);
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
    const n = total;
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
      : h('ul', { class: 'trash-list', id: 'trash-list' }, items.map(row)),
  ));

  /** @param {TrashItem} item */
  function row(item) {
    return h('li', {},
      h('span', { class: `badge ${item.kind}` }, kind_label(item.kind)),
      h('span', { class: 'trash-label' }, item.label || 'Untitled'),
      h('span', { class: 'hint' }, 'deleted ', relative_day(item.deleted_at.slice(0, 10), today)),
      item.kind in RESTORE
        ? h('button', { type: 'button', class: 'secondary small', onclick: () => restore(item) }, 'Restore')
        : h('span', { class: 'hint' }, 'Restore with the kindred command'),
      h('button', { type: 'button', class: 'danger small purge', 'aria-label': `Delete “${item.label || 'Untitled'}” for good`, onclick: () => purge(item) }, 'Delete for good'));
  }

  /** Appends the next page (only its rows are drawn). */
  async function load_more() {
    if (!next || loading) return;
    loading = true;
    try {
      const page = await api.list_trash({ limit: PAGE, after: next });
      items = items.concat(page.items);
      next = page.next;
      total = page.total;
      root.querySelector('#trash-list')?.append(...page.items.map(row));
      show_more();
    } catch (err) {
      ctx.notify(describe_error(err));
    } finally {
      loading = false;
    }
  }

  /** Loads the next page when the end of the list comes into view. */
  const watcher = new IntersectionObserver((seen) => {
    if (seen.some((e) => e.isIntersecting)) void load_more();
  }, { rootMargin: '400px' });

  /** "Show more" at the end while there is more. */
  function show_more() {
    watcher.disconnect();
    root.querySelector('.load-more')?.remove();
    if (!next) return;
    const end = h('p', { class: 'load-more' },
      h('button', { type: 'button', class: 'link small', id: 'more-trash', onclick: () => void load_more() },
        `Show more (${total - items.length} not shown)`));
    root.querySelector('#trash-list')?.after(end);
    watcher.observe(end);
  }
  show_more();
  return { leave: async () => { watcher.disconnect(); } };
}

export { render_trash };
