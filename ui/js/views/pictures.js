// Small SVG pictures drawn from the pure geometry modules: the circles of
// the Inclusion-of-Other-in-Self scale and the depth sparkline. Colours
// come from CSS classes, so both themes apply.

import { ios_circles } from '../ios.js';
import { sparkline } from '../sparkline.js';
import { long_date } from '../dates.js';
import { svg } from '../dom.js';

/**
 * Two circles, "you" (left) and the other person (right), at a level 1–7.
 * Decorative: the caller gives the words.
 * @param {number} level
 * @param {{width?: number, height?: number}} [size]
 * @returns {SVGElement}
 */
function ios_picture(level, size = {}) {
  const width = size.width ?? 100;
  const height = size.height ?? 56;
  const c = ios_circles(level, { width, height });
  return svg('svg', { class: 'ios-pic', viewBox: `0 0 ${width} ${height}`, width, height, 'aria-hidden': 'true', focusable: 'false' },
    svg('circle', { class: 'ios-self', cx: c.self.cx, cy: c.self.cy, r: c.r }),
    svg('circle', { class: 'ios-other', cx: c.other.cx, cy: c.other.cy, r: c.r }));
}

/**
 * The depth trend as a small line with a dot per check-in; the last dot
 * is larger. Each dot has a tooltip with its date and depth.
 * @param {{at: string, depth: number}[]} trend oldest first
 * @param {string} label what the picture shows, for screen readers
 * @returns {SVGElement}
 */
function sparkline_picture(trend, label) {
  const width = 180;
  const height = 48;
  const s = sparkline(trend, { width, height, pad: 5 });
  const last = s.spots.length - 1;
  return svg('svg', { class: 'sparkline', viewBox: `0 0 ${width} ${height}`, width, height, role: 'img', 'aria-label': label },
    svg('line', { class: 'spark-mid', x1: 0, x2: width, y1: height / 2, y2: height / 2 }),
    s.path ? svg('path', { class: 'spark-line', d: s.path }) : null,
    s.spots.map((p, i) => svg('circle', { class: i === last ? 'spark-dot last' : 'spark-dot', cx: p.x, cy: p.y, r: i === last ? 3.5 : 2.2 },
      svg('title', {}, `${long_date(p.at.slice(0, 10))}: ${Math.round(p.depth)}`))));
}

export { ios_picture, sparkline_picture };
