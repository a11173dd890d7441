// Search runs as you type, so the word being typed is a prefix: "wal"
// should already find "walk" and "walked". The core understands a
// trailing `*` on a word as a prefix (crates/kindred-core/src/search.rs).

/**
 * The query to send for what is typed so far: the last word, if it is
 * still being typed (no space or closing quote after it), becomes a prefix.
 * @param {string} typed
 * @returns {string}
 */
function as_you_type(typed) {
  const text = String(typed ?? '');
  if (!text.trim() || /[\s*"]$/.test(text)) return text;
  const quotes = (text.match(/"/g) ?? []).length;
  if (quotes % 2 === 1) return text; // inside an open phrase
  return `${text}*`;
}

export { as_you_type };
