// A small line of how depth moved over time: one point per check-in,
// placed by its date, 0–100 bottom to top. No DOM here.

/**
 * @typedef {Pick<import('./gen/contract.js').TrendPoint, 'at' | 'depth'>} TrendPoint
 * @typedef {{x: number, y: number, depth: number, at: string}} Spot
 */

/**
 * @param {TrendPoint[]} points oldest first
 * @param {{width?: number, height?: number, pad?: number}} [box]
 * @returns {{path: string, spots: Spot[], width: number, height: number}}
 */
function sparkline(points, box = {}) {
  const width = box.width ?? 160;
  const height = box.height ?? 40;
  const pad = box.pad ?? 4;
  const times = points.map((p) => Date.parse(p.at));
  const ok = points.filter((_, i) => !Number.isNaN(times[i]));
  const ts = times.filter((t) => !Number.isNaN(t));
  const first = Math.min(...ts);
  const span = Math.max(...ts) - first;
  /** @type {Spot[]} */
  const spots = ok.map((p, i) => {
    // All on one day (or one point): spread evenly instead.
    const share = span > 0 ? (ts[i] - first) / span : ok.length > 1 ? i / (ok.length - 1) : 0.5;
    const d = Math.min(100, Math.max(0, p.depth));
    return {
      x: round(pad + share * (width - 2 * pad)),
      y: round(pad + (1 - d / 100) * (height - 2 * pad)),
      depth: p.depth,
      at: p.at,
    };
  });
  const path = spots.length > 1
    ? spots.map((s, i) => `${i ? 'L' : 'M'}${s.x} ${s.y}`).join(' ')
    : '';
  return { path, spots, width, height };
}

/** @param {number} v */
function round(v) {
  return Math.round(v * 10) / 10;
}

export { sparkline };
