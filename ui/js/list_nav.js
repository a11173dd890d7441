// Keyboard movement through a list of results (search, mention suggestions).

/**
 * The index selected after pressing `key`, wrapping around; -1 when empty.
 * @param {number} current  the selected index, or -1 for none
 * @param {number} length
 * @param {string} key      'ArrowDown' | 'ArrowUp' | 'Home' | 'End'
 * @returns {number}
 */
function move_selection(current, length, key) {
  if (length <= 0) return -1;
  switch (key) {
    case 'ArrowDown':
      return current < 0 ? 0 : (current + 1) % length;
    case 'ArrowUp':
      return current <= 0 ? length - 1 : current - 1;
    case 'Home':
      return 0;
    case 'End':
      return length - 1;
    default:
      return Math.min(Math.max(current, -1), length - 1);
  }
}

export { move_selection };
