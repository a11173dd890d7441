// Settings, "On the desktop": the tray, the quick-entry key combination
// (none until chosen), keeping Kindred in the tray when its window closes,
// and starting at login (off by default). These live outside the vault,
// since the shortcut works while it is locked; none of them is a secret.

import { api } from '../ipc.js';
import { describe_error } from '../errors.js';
import { combo_of } from '../shortcut.js';
import { h, mount } from '../dom.js';

/**
 * The card; filled in once the shell answers.
 * @param {import('../main.js').Ctx} ctx
 * @returns {HTMLElement}
 */
function desktop_card(ctx) {
  const card = h('section', { class: 'card', id: 'desktop-card', 'aria-labelledby': 'desktop-title' },
    h('h2', { id: 'desktop-title' }, 'On the desktop'));
  api.desktop_settings().then((d) => fill(card, d, ctx), (err) => {
    card.append(h('p', { role: 'alert' }, describe_error(err)));
  });
  return card;
}

/**
 * @param {HTMLElement} card
 * @param {import('../gen/contract.js').DesktopSettings} d
 * @param {import('../main.js').Ctx} ctx
 */
function fill(card, d, ctx) {
  const shown = h('kbd', { id: 'quick-shortcut' });
  const state = h('p', { class: 'hint', id: 'shortcut-state', role: 'status' });
  const choose = /** @type {HTMLButtonElement} */ (
    h('button', { type: 'button', class: 'secondary', id: 'choose-shortcut' }, 'Choose a combination…'));
  const clear = /** @type {HTMLButtonElement} */ (
    h('button', { type: 'button', class: 'secondary', id: 'clear-shortcut' }, 'Turn off'));
  /** @param {string | null} combo */
  const show = (combo) => {
    mount(shown, combo ?? 'none');
    clear.hidden = combo === null;
    mount(state, combo
      ? `Press ${combo} anywhere to write a quick entry, even while Kindred is locked (it asks for your passphrase first).`
      : 'No combination yet: quick entry opens from the tray.');
  };
  show(d.quick_shortcut);
  if (d.quick_shortcut && !d.shortcut_listening) {
    mount(state, `Kindred could not listen for ${d.quick_shortcut} when it started: another program holds it. Choose another combination.`);
  }

  let capturing = false;
  const stop = () => {
    capturing = false;
    choose.textContent = 'Choose a combination…';
    choose.removeAttribute('aria-pressed');
  };
  choose.addEventListener('click', () => {
    capturing = true;
    choose.textContent = 'Press the keys now (Esc cancels)';
    choose.setAttribute('aria-pressed', 'true');
  });
  choose.addEventListener('blur', stop);
  choose.addEventListener('keydown', async (ev) => {
    if (!capturing) return;
    // The keys are the user's choice, not the window's shortcuts.
    ev.preventDefault();
    ev.stopPropagation();
    if (ev.key === 'Escape' && !ev.ctrlKey && !ev.altKey && !ev.metaKey) {
      stop();
      return;
    }
    const r = combo_of(ev);
    if ('wait' in r) return;
    if ('error' in r) {
      mount(state, r.error);
      return;
    }
    stop();
    try {
      await api.set_quick_shortcut(r.combo);
      show(r.combo);
    } catch (err) {
      mount(state, describe_error(err));
    }
  });
  clear.addEventListener('click', async () => {
    try {
      await api.set_quick_shortcut(null);
      show(null);
      choose.focus();
    } catch (err) {
      ctx.notify(describe_error(err));
    }
  });

  /**
   * A switch that the shell must accept; refused, it goes back and says why.
   * @param {HTMLInputElement} box
   * @param {(on: boolean) => Promise<unknown>} set
   */
  const switch_to = (box, set) => box.addEventListener('change', async () => {
    try {
      await set(box.checked);
    } catch (err) {
      box.checked = !box.checked;
      ctx.notify(describe_error(err));
    }
  });
  const to_tray = /** @type {HTMLInputElement} */ (
    h('input', { type: 'checkbox', id: 'close-to-tray', checked: d.close_to_tray, disabled: !d.tray }));
  switch_to(to_tray, api.set_close_to_tray);
  const login = /** @type {HTMLInputElement} */ (
    h('input', { type: 'checkbox', id: 'autostart', checked: d.autostart }));
  switch_to(login, api.set_autostart);

  card.append(
    h('p', { id: 'tray-state' }, d.tray
      ? 'Kindred’s icon in the tray has Open, Quick entry, Lock and Quit.'
      : 'This desktop shows no tray icon (on GNOME, the AppIndicator extension adds one), so closing the window quits Kindred.'),
    h('div', { class: 'field' },
      h('p', { id: 'shortcut-label' }, h('strong', {}, 'Quick entry shortcut: '), shown),
      h('div', { class: 'actions' }, choose, clear),
      state),
    h('div', { class: 'check' }, to_tray, h('label', { for: 'close-to-tray' }, 'Keep Kindred in the tray when its window is closed'),
      h('p', { class: 'hint' }, 'Reminders and the shortcut work only while Kindred is running. Auto-lock still applies.')),
    h('div', { class: 'check' }, login, h('label', { for: 'autostart' }, 'Start Kindred when I log in'),
      h('p', { class: 'hint' }, 'It starts locked, in the tray when there is one.')));
}

export { desktop_card };
