// The map: everyone placed by how often you see them (across) and how
// close it feels (up), in four quadrants named in the product's words.
// Closeness is depth, not proximity; the map makes the gap visible.
// Each dot is a link to the person (Tab reaches them, Enter opens).

import { api } from '../ipc.js';
import { describe_error } from '../errors.js';
import { vocabulary } from '../vocabulary.js';
import { proximity_label } from '../labels.js';
import { depth_words } from '../format.js';
import { ios_words } from '../ios.js';
import { FRAME, quadrant_rects, place_people, ticks } from '../map_layout.js';
import { h, svg, mount } from '../dom.js';
import { blob_url } from '../attachments.js';

/**
 * @typedef {import('../gen/contract.js').MapPoint} MapPoint
 * @typedef {import('../gen/contract.js').Vocabulary} Vocabulary
 * @typedef {import('../main.js').Ctx} Ctx
 */

/** Above this many people on the map, names show only on hover and focus. */
const CROWDED = 40;

/**
 * @param {HTMLElement} root
 * @param {Ctx} ctx
 */
async function render_map(root, ctx) {
  /** @type {MapPoint[]} */
  let points;
  /** @type {Vocabulary} */
  let vocab;
  try {
    [points, vocab] = await Promise.all([api.map(), vocabulary()]);
  } catch (err) {
    mount(root, h('div', { class: 'page' }, h('h1', {}, 'The map'), h('p', { role: 'alert' }, describe_error(err))));
    return {};
  }
  const { placed, not_reflected, no_proximity } = place_people(points);
  const names = Object.fromEntries(vocab.quadrants.map((q) => [q.value, q]));
  /** @param {number} id */
  const open = (id) => ctx.go('people', { person_id: id });

  const f = FRAME;
  const t = ticks(f);
  const plot_bottom = f.height - f.bottom;
  const plot_right = f.width - f.right;
  const rects = quadrant_rects(vocab.near_from, vocab.close_at, f);

  // Crowded, names overlap into noise: one name and one ring, moved to the
  // dot under the pointer or the keyboard focus, stand for a name and a
  // ring on every dot (1,000 people: 2 elements each instead of 5).
  const crowded = placed.length > CROWDED;
  const chart = svg('svg', {
    class: crowded ? 'map-chart crowded' : 'map-chart', id: 'map-chart', viewBox: `0 0 ${f.width} ${f.height}`, role: 'group',
    'aria-labelledby': 'map-title', 'aria-describedby': 'map-desc',
  },
  svg('title', {}, 'People by proximity and depth'),
  rects.map((r) => svg('g', { class: `quadrant q-${r.quadrant}` },
    svg('rect', { x: r.x, y: r.y, width: r.width, height: r.height }),
    quadrant_label(names[r.quadrant]?.name ?? r.quadrant, r))),
  // Axes and grid.
  t.y.map((y) => svg('g', { class: 'tick' },
    svg('line', { x1: f.left, x2: plot_right, y1: y.y, y2: y.y, class: 'grid' }),
    svg('text', { x: f.left - 8, y: y.y + 4, 'text-anchor': 'end' }, y.label))),
  t.x.map((x) => svg('text', { class: 'tick x-tick', x: x.x, y: plot_bottom + 18, 'text-anchor': 'middle' }, two_lines(x.label, x.x))),
  svg('text', { class: 'axis-title', x: (f.left + plot_right) / 2, y: f.height - 6, 'text-anchor': 'middle' }, 'How often you see each other →'),
  svg('text', { class: 'axis-title', x: 14, y: (f.top + plot_bottom) / 2, 'text-anchor': 'middle', transform: `rotate(-90 14 ${(f.top + plot_bottom) / 2})` }, 'Depth: how close it feels →'),
  svg('line', { class: 'axis', x1: f.left, x2: f.left, y1: f.top, y2: plot_bottom }),
  svg('line', { class: 'axis', x1: f.left, x2: plot_right, y1: plot_bottom, y2: plot_bottom }),
  // People.
  placed.map((p) => {
    const label = `${p.name}: ${proximity_label(p.proximity).toLowerCase()}, depth ${depth_words(p.depth)}${p.ios ? `, circles ${ios_words(p.ios)}` : ''}. ${names[p.quadrant ?? '']?.name ?? ''}.`;
    return svg('g', { class: `dot q-${p.quadrant}`, role: 'link', tabindex: '0', 'aria-label': label, 'data-person-id': String(p.id) },
      crowded ? null : [svg('title', {}, label), svg('circle', { class: 'ring', cx: p.x, cy: p.y, r: 11 })],
      p.photo_id !== undefined
        ? [svg('clipPath', { id: `map-clip-${p.id}` }, svg('circle', { cx: p.x, cy: p.y, r: 9 })),
          svg('image', {
            class: 'point-picture', href: blob_url(p.photo_id, true), x: p.x - 9, y: p.y - 9, width: 18, height: 18,
            preserveAspectRatio: 'xMidYMid slice', 'clip-path': `url(#map-clip-${p.id})`,
          })]
        : svg('circle', { class: 'point', cx: p.x, cy: p.y, r: 6 }),
      crowded ? null : name_label(p, f, plot_right));
  }));

  // One listener each for every dot: a click or Enter opens the person.
  const placed_by_id = new Map(placed.map((p) => [String(p.id), p]));
  /** @param {Event} ev */
  const dot_of = (ev) => /** @type {Element} */ (ev.target).closest('.dot');
  /** @param {Element | null} dot */
  const person_of = (dot) => placed_by_id.get(dot?.getAttribute('data-person-id') ?? '');
  chart.addEventListener('click', (ev) => {
    const p = person_of(dot_of(ev));
    if (p) open(p.id);
  });
  chart.addEventListener('keydown', (/** @type {KeyboardEvent} */ ev) => {
    if (ev.key !== 'Enter' && ev.key !== ' ') return;
    const p = person_of(dot_of(ev));
    if (p) {
      ev.preventDefault();
      open(p.id);
    }
  });
  if (crowded) {
    const ring = svg('circle', { class: 'ring shared', r: 11, cx: -50, cy: -50, 'aria-hidden': 'true' });
    const name = svg('text', { class: 'dot-name shared', 'aria-hidden': 'true' });
    chart.append(ring, name);
    /** The dot with the keyboard focus, and the one under the pointer. */
    let focused = /** @type {Element | null} */ (null);
    let pointed = /** @type {Element | null} */ (null);
    const show = () => {
      const dot = pointed ?? focused;
      const p = person_of(dot);
      ring.classList.toggle('focused', dot !== null && dot === focused);
      ring.classList.toggle('shown', p !== undefined);
      name.classList.toggle('shown', p !== undefined);
      if (!p) return;
      ring.setAttribute('cx', String(p.x));
      ring.setAttribute('cy', String(p.y));
      const at = name_place(p, f, plot_right);
      name.setAttribute('x', String(at.x));
      name.setAttribute('y', String(at.y));
      name.setAttribute('text-anchor', at.anchor);
      name.textContent = short_name(p.name);
    };
    chart.addEventListener('focusin', (ev) => { focused = dot_of(ev); show(); });
    chart.addEventListener('focusout', () => { focused = null; show(); });
    chart.addEventListener('mouseover', (ev) => { pointed = dot_of(ev); show(); });
    chart.addEventListener('mouseleave', () => { pointed = null; show(); });
  }

  /** @param {MapPoint[]} list @param {string} id @param {string} title @param {string} hint */
  const side_list = (list, id, title, hint) => (list.length === 0 ? null : h('section', { class: 'side-section', id, 'aria-labelledby': `${id}-title` },
    h('h2', { id: `${id}-title` }, title, ' ', h('span', { class: 'count' }, `(${list.length})`)),
    h('p', { class: 'hint' }, hint),
    h('ul', { class: 'plain-list' }, list.map((p) => h('li', {},
      h('button', { type: 'button', class: 'link', 'data-person-id': String(p.id), onclick: () => open(p.id) }, p.name),
      h('span', { class: 'hint' }, ' — ', id === 'not-reflected' ? proximity_label(p.proximity).toLowerCase() : `depth ${depth_words(p.depth)}`))))));

  mount(root, h('div', { class: 'page map-page', id: 'map-page' },
    h('header', { class: 'page-head' },
      h('h1', { id: 'map-title' }, 'The map'),
      h('p', { class: 'lead', id: 'map-desc' }, 'Across: how often you see each other. Up: how close it feels, from your check-ins. Being near is not the same as being close.')),
    h('div', { class: not_reflected.length + no_proximity.length ? 'map-layout' : 'map-layout alone' },
      h('figure', { class: 'map-figure' },
        placed.length ? chart : h('div', { class: 'map-empty' }, chart,
          h('p', { class: 'empty' }, 'Nobody is on the map yet: a person appears once they have a proximity and a check-in.')),
        h('figcaption', { class: 'hint' }, 'Tab moves between people; Enter opens their page. Close means depth ', String(vocab.close_at), ' or more; near means seeing each other about weekly or more often.')),
      h('div', { class: 'map-side' },
        side_list(not_reflected, 'not-reflected', 'Not yet reflected', 'No check-in yet, so no depth: a check-in on their page places them.'),
        side_list(no_proximity, 'no-proximity', 'No proximity set', 'Set how often you see each other on their page.'),
        points.length === 0
          ? h('p', { class: 'empty' }, 'Add people on the People screen to see them here.')
          : null)),
    h('section', { class: 'quadrant-legend', 'aria-labelledby': 'legend-title' },
      h('h2', { id: 'legend-title' }, 'What each corner may mean'),
      h('ul', { class: 'legend-list' }, ['near-and-close', 'far-but-close', 'near-but-distant', 'far-and-distant'].map((q) => {
        const here = placed.filter((p) => p.quadrant === q);
        return h('li', { class: `legend-item q-${q}`, id: `legend-${q}` },
          h('h3', {}, h('span', { class: 'swatch', 'aria-hidden': 'true' }), names[q]?.name ?? q),
          h('p', {}, names[q]?.meaning ?? ''),
          h('p', { class: 'hint' }, here.length ? here.map((p) => p.name).join(', ') : 'Nobody here right now.'));
      }))),
  ));
  return {};
}

/**
 * A quadrant's name in its outer corner; a long name ("Near but distant —
 * the illusion of proximity") goes on two lines.
 * @param {string} name
 * @param {{quadrant: import('../gen/contract.js').Quadrant, x: number, y: number, width: number, height: number}} r
 */
function quadrant_label(name, r) {
  const right = r.quadrant.startsWith('near');
  const top = r.quadrant.endsWith('close');
  const x = right ? r.x + r.width - 10 : r.x + 10;
  const y = top ? r.y + 20 : r.y + r.height - (name.includes(' — ') ? 26 : 10);
  const [first, second] = name.split(' — ');
  return svg('text', { class: 'q-name', x, y, 'text-anchor': right ? 'end' : 'start' },
    svg('tspan', { x, dy: 0 }, first),
    second ? svg('tspan', { x, dy: 16, class: 'q-sub' }, second) : null);
}

/**
 * An axis label on at most two lines.
 * @param {string} label
 * @param {number} x
 */
function two_lines(label, x) {
  const words = label.split(' ');
  if (words.length < 3) return label;
  const half = Math.ceil(words.length / 2);
  return [svg('tspan', { x, dy: 0 }, words.slice(0, half).join(' ')), svg('tspan', { x, dy: 14 }, words.slice(half).join(' '))];
}

/**
 * Where a dot's name goes: beside it, towards the middle of the chart.
 * @param {{x: number, y: number}} p
 * @param {import('../map_layout.js').Frame} f
 * @param {number} plot_right
 */
function name_place(p, f, plot_right) {
  const right_side = p.x > (f.left + plot_right) / 2;
  return { x: right_side ? p.x - 10 : p.x + 10, y: p.y - 9, anchor: right_side ? 'end' : 'start' };
}

/**
 * A dot's own name (a map that is not crowded).
 * @param {{x: number, y: number, name: string}} p
 * @param {import('../map_layout.js').Frame} f
 * @param {number} plot_right
 */
function name_label(p, f, plot_right) {
  const at = name_place(p, f, plot_right);
  return svg('text', { class: 'dot-name', x: at.x, y: at.y, 'text-anchor': at.anchor }, short_name(p.name));
}

/** First name, or the whole name when short. @param {string} name */
function short_name(name) {
  return name.length <= 14 ? name : name.split(/\s+/)[0].slice(0, 14);
}

export { render_map };
