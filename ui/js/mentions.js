// @-mentions: "@Maya Lin" in an entry links it to the person named Maya Lin.
// Names may contain spaces, so matching is against the known people, longest
// name first, case-insensitively, and must end at a word boundary.

/** @typedef {import('./gen/contract.js').PersonRef} PersonRef */

const WORD_CHAR = /[\p{L}\p{N}_]/u;

/**
 * Ids of the people mentioned in `body`, in order of first mention.
 * @param {string} body
 * @param {PersonRef[]} people
 * @returns {number[]}
 */
function find_mentions(body, people) {
  const text = String(body ?? '');
  const lower = text.toLowerCase();
  const by_length = [...(people ?? [])]
    .filter((p) => p.name && p.name.trim())
    .sort((a, b) => b.name.length - a.name.length);
  /** @type {number[]} */
  const ids = [];
  let at = lower.indexOf('@');
  while (at !== -1) {
    const before = at > 0 ? text[at - 1] : '';
    if (!before || !WORD_CHAR.test(before)) {
      for (const p of by_length) {
        const name = p.name.toLowerCase();
        if (lower.startsWith(name, at + 1)) {
          const after = text[at + 1 + name.length] ?? '';
          if (!after || !WORD_CHAR.test(after)) {
            if (!ids.includes(p.id)) ids.push(p.id);
            break;
          }
        }
      }
    }
    at = lower.indexOf('@', at + 1);
  }
  return ids;
}

/**
 * The partial name being typed after an `@` just before the caret, or null.
 * `"Lunch with @Ma|"` gives `"Ma"`; stops at a line break or after 40 chars.
 * @param {string} text
 * @param {number} caret
 * @returns {{query: string, start: number} | null}
 */
function mention_at(text, caret) {
  const upto = String(text ?? '').slice(0, caret);
  const at = upto.lastIndexOf('@');
  if (at === -1) return null;
  const before = at > 0 ? upto[at - 1] : '';
  if (before && WORD_CHAR.test(before)) return null;
  const query = upto.slice(at + 1);
  if (query.length > 40 || /[\n@]/.test(query) || /^\s/.test(query)) return null;
  return { query, start: at };
}

/**
 * People whose name starts with (or has a word starting with) `query`.
 * @param {string} query
 * @param {PersonRef[]} people
 * @param {number} [limit]
 * @returns {PersonRef[]}
 */
function suggest_people(query, people, limit = 6) {
  const q = String(query ?? '').trim().toLowerCase();
  const starts = [];
  const words = [];
  for (const p of people ?? []) {
    const name = p.name.toLowerCase();
    if (name.startsWith(q)) starts.push(p);
    else if (name.split(/\s+/).some((w) => w.startsWith(q))) words.push(p);
  }
  return [...starts, ...words].slice(0, limit);
}

/**
 * Replaces the partial mention at `start..caret` with the full `@Name `.
 * @param {string} text
 * @param {number} start
 * @param {number} caret
 * @param {string} name
 * @returns {{text: string, caret: number}}
 */
function insert_mention(text, start, caret, name) {
  const inserted = `@${name} `;
  return {
    text: text.slice(0, start) + inserted + text.slice(caret),
    caret: start + inserted.length,
  };
}

export { find_mentions, mention_at, suggest_people, insert_mention };
