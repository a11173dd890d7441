// The map's geometry: proximity along x (far away on the left, lives with
// me on the right), depth up y (0 at the bottom, 100 at the top), the four
// quadrants split where the core says near and close begin, and dots
// spread so that people in the same place stay readable. No DOM here.

import { PROXIMITY } from './labels.js';

/**
 * @typedef {{width: number, height: number, top: number, right: number, bottom: number, left: number}} Frame
 * @typedef {import('./gen/contract.js').MapPoint} MapPoint
 * @typedef {import('./gen/contract.js').Quadrant} Quadrant
 * @typedef {MapPoint & {x: number, y: number}} Placed
 */

/** The chart's box and the margins kept for the axes. */
const FRAME = Object.freeze({ width: 640, height: 440, top: 20, right: 12, bottom: 64, left: 56 });

/**
 * The proximity columns, farthest first (x order); looked up by any
 * string, so an unknown value has no column.
 * @type {ReadonlyArray<string>}
 */
const COLUMNS = PROXIMITY.map((p) => p.value);

/** @param {Frame} f */
function plot_width(f) {
  return f.width - f.left - f.right;
}

/** @param {Frame} f */
function plot_height(f) {
  return f.height - f.top - f.bottom;
}

/**
 * The centre of a proximity's column; null for an unknown one.
 * @param {string | null} proximity
 * @param {Frame} [f]
 * @returns {number | null}
 */
function x_of(proximity, f = FRAME) {
  const i = proximity === null ? -1 : COLUMNS.indexOf(proximity);
  if (i < 0) return null;
  return f.left + ((i + 0.5) * plot_width(f)) / COLUMNS.length;
}

/**
 * Depth 0–100 to a height (100 at the top); null for no depth.
 * @param {number | null} depth
 * @param {Frame} [f]
 * @returns {number | null}
 */
function y_of(depth, f = FRAME) {
  if (depth === null || depth === undefined || Number.isNaN(depth)) return null;
  const d = Math.min(100, Math.max(0, depth));
  return f.top + (1 - d / 100) * plot_height(f);
}

/**
 * The four quadrants as rectangles: near starts at the column of
 * `near_from`, close at depth `close_at`.
 * @param {string} near_from
 * @param {number} close_at
 * @param {Frame} [f]
 * @returns {{quadrant: Quadrant, x: number, y: number, width: number, height: number}[]}
 */
function quadrant_rects(near_from, close_at, f = FRAME) {
  const split_x = f.left + (COLUMNS.indexOf(near_from) * plot_width(f)) / COLUMNS.length;
  const split_y = /** @type {number} */ (y_of(close_at, f));
  const left = { x: f.left, width: split_x - f.left };
  const right = { x: split_x, width: f.left + plot_width(f) - split_x };
  const top = { y: f.top, height: split_y - f.top };
  const bottom = { y: split_y, height: f.top + plot_height(f) - split_y };
  return [
    { quadrant: 'far-but-close', ...left, ...top },
    { quadrant: 'near-and-close', ...right, ...top },
    { quadrant: 'far-and-distant', ...left, ...bottom },
    { quadrant: 'near-but-distant', ...right, ...bottom },
  ];
}

/**
 * Places everyone who has both a proximity and a depth; lists the rest.
 * Dots closer than `gap` in the same column are spread sideways, within
 * the column, in a stable order (by depth, then name).
 * @param {MapPoint[]} points
 * @param {{frame?: Frame, gap?: number}} [opts]
 * @returns {{placed: Placed[], not_reflected: MapPoint[], no_proximity: MapPoint[]}}
 */
function place_people(points, opts = {}) {
  const f = opts.frame ?? FRAME;
  const gap = opts.gap ?? 22;
  /** @type {Placed[]} */
  const placed = [];
  /** @type {MapPoint[]} */
  const not_reflected = [];
  /** @type {MapPoint[]} */
  const no_proximity = [];
  for (const p of points) {
    const x = x_of(p.proximity, f);
    const y = y_of(p.depth, f);
    if (y === null) not_reflected.push(p);
    else if (x === null) no_proximity.push(p);
    else placed.push({ ...p, x, y });
  }
  const column_width = plot_width(f) / COLUMNS.length;
  for (const column of COLUMNS) {
    const here = placed
      .filter((p) => p.proximity === column)
      .sort((a, b) => a.y - b.y || a.name.localeCompare(b.name) || a.id - b.id);
    /** @type {Placed[][]} */
    const clusters = [];
    for (const p of here) {
      const last = clusters[clusters.length - 1];
      if (last && p.y - last[last.length - 1].y < gap) last.push(p);
      else clusters.push([p]);
    }
    for (const cluster of clusters) {
      if (cluster.length < 2) continue;
      const step = Math.min(gap, (column_width * 0.8) / (cluster.length - 1));
      cluster.forEach((p, i) => {
        p.x += (i - (cluster.length - 1) / 2) * step;
      });
    }
  }
  return { placed, not_reflected, no_proximity };
}

/**
 * Axis ticks: the proximity columns and depth every 20.
 * @param {Frame} [f]
 */
function ticks(f = FRAME) {
  return {
    x: PROXIMITY.map((p) => ({ label: p.label, x: /** @type {number} */ (x_of(p.value, f)) })),
    y: [0, 20, 40, 60, 80, 100].map((d) => ({ label: String(d), y: /** @type {number} */ (y_of(d, f)) })),
  };
}

export { FRAME, COLUMNS, x_of, y_of, quadrant_rects, place_people, ticks };
