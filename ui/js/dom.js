// A tiny element builder. Text always goes in as text nodes, so nothing a
// user wrote is ever parsed as HTML.

/**
 * @typedef {(ev: never) => void} Listener  a listener for some event type
 * @typedef {Record<string, string | number | boolean | null | undefined | Listener>} Attrs
 * @typedef {Node | string | number | null | undefined | false} Child
 * @typedef {Child | Child[] | Child[][]} Children  a child, or lists of them (flattened)
 */

/**
 * Creates an element. Attributes starting with "on" are event listeners;
 * `true` sets a boolean attribute, `false`/null/undefined omit it.
 * @param {string} tag
 * @param {Attrs} [attrs]
 * @param {...Children} children
 * @returns {HTMLElement}
 */
function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  // `loading` before anything else: WebKit starts an image's load as its
  // `src` is set, so a lazy image that said so after its src loaded at once
  // (a timeline of 50 photos made all 50 thumbnails on opening).
  if (attrs.loading) el.setAttribute('loading', String(attrs.loading));
  for (const [k, v] of Object.entries(attrs)) {
    if (v === false || v === null || v === undefined || k === 'loading') continue;
    if (k.startsWith('on') && typeof v === 'function') {
      el.addEventListener(k.slice(2), /** @type {EventListener} */ (v));
    } else if (k === 'value') {
      /** @type {HTMLInputElement} */ (el).value = String(v);
    } else if (k === 'checked') {
      /** @type {HTMLInputElement} */ (el).checked = Boolean(v);
    } else {
      el.setAttribute(k, v === true ? '' : String(v));
    }
  }
  append(el, children);
  return el;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/**
 * Creates an SVG element; attributes as for `h` (text stays text).
 * @param {string} tag
 * @param {Attrs} [attrs]
 * @param {...Children} children
 * @returns {SVGElement}
 */
function svg(tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === false || v === null || v === undefined) continue;
    if (k.startsWith('on') && typeof v === 'function') {
      el.addEventListener(k.slice(2), /** @type {EventListener} */ (v));
    } else {
      el.setAttribute(k, v === true ? '' : String(v));
    }
  }
  append(el, children);
  return el;
}

/**
 * Appends children in order, lists flattened; text goes in as text nodes.
 * @param {Element} el
 * @param {ReadonlyArray<Children>} children
 */
function append(el, children) {
  for (const c of children) {
    if (Array.isArray(c)) append(el, c);
    else if (c !== null && c !== undefined && c !== false) {
      el.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
  }
}

/**
 * Replaces everything inside `el`.
 * @param {Element} el
 * @param {...Children} children
 */
function mount(el, ...children) {
  el.replaceChildren();
  append(el, children);
}

/** @param {string} sel @param {ParentNode} [root] @returns {HTMLElement} */
function $(sel, root = document) {
  const el = root.querySelector(sel);
  if (!el) throw new Error(`missing element ${sel}`);
  return /** @type {HTMLElement} */ (el);
}

let next_id = 0;
/** A fresh id for label/for pairs. @param {string} prefix */
function uid(prefix) {
  next_id += 1;
  return `${prefix}-${next_id}`;
}

/**
 * A labelled form field.
 * @param {string} label
 * @param {HTMLElement} control
 * @param {string} [hint]
 */
function field(label, control, hint) {
  // A path field with its "Choose…" button: the label is the input's.
  const target = /** @type {HTMLElement} */ (
    control.classList.contains('path-field')
      ? control.querySelector('input') ?? control
      : control.querySelector(':scope > .path-field > input') ?? control);
  const id = target.id || uid('f');
  target.id = id;
  const hint_el = hint ? h('p', { class: 'hint', id: `${id}-hint` }, hint) : null;
  if (hint_el) target.setAttribute('aria-describedby', hint_el.id);
  return h('div', { class: 'field' }, h('label', { for: id }, label), control, hint_el);
}

export { h, svg, mount, $, uid, field };
