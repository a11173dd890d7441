// Activity reports to the idle timer (which lives in Rust) are throttled:
// at most one call per interval however much the user types or moves.

/**
 * Wraps `fn` so it runs at most once per `interval` ms (leading edge).
 * @param {() => void} fn
 * @param {number} interval
 * @param {() => number} [now]
 * @returns {() => boolean} call it on every event; returns whether fn ran
 */
function throttle(fn, interval, now = () => Date.now()) {
  let last = -Infinity;
  return () => {
    const t = now();
    if (t - last < interval) return false;
    last = t;
    fn();
    return true;
  };
}

export { throttle };
