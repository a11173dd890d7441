// Tags as typed in the editor's tag field: "family, #walks  sunday".

/**
 * Splits a tag field into tags: commas or whitespace separate, a leading
 * `#` is dropped, duplicates (ignoring case) are kept once, in order.
 * @param {string} text
 * @returns {string[]}
 */
function parse_tags(text) {
  /** @type {string[]} */
  const out = [];
  const seen = new Set();
  for (const raw of String(text ?? '').split(/[,\s]+/)) {
    const tag = raw.replace(/^#+/, '').trim();
    if (!tag) continue;
    const key = tag.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(tag);
  }
  return out;
}

/**
 * The field text for a list of tags.
 * @param {string[]} tags
 * @returns {string}
 */
function format_tags(tags) {
  return (tags ?? []).join(', ');
}

export { parse_tags, format_tags };
