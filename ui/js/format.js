// Numbers as people read them: file sizes, depth, progress.

/**
 * @param {number} bytes
 * @returns {string} "812 bytes", "14 KB", "3.2 MB"
 */
function file_size(bytes) {
  const n = Math.max(0, Number(bytes) || 0);
  if (n < 1000) return `${n} bytes`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = n;
  let u = -1;
  while (v >= 1000 && u < units.length - 1) {
    v /= 1000;
    u += 1;
  }
  return `${v < 10 ? Math.round(v * 10) / 10 : Math.round(v)} ${units[u]}`;
}

/**
 * Depth for people: "72 of 100"; "not yet reflected" when there is none
 * (never 0).
 * @param {number | null | undefined} depth
 * @returns {string}
 */
function depth_words(depth) {
  if (depth === null || depth === undefined || Number.isNaN(depth)) return 'not yet reflected';
  return `${Math.round(depth)} of 100`;
}

/**
 * How depth moved, gently: "up 8 since", "down 5 since", "about the same".
 * @param {number | null | undefined} then
 * @param {number | null | undefined} now
 * @returns {string}
 */
function depth_change_words(then, now) {
  if (now === null || now === undefined) return 'not yet reflected';
  if (then === null || then === undefined) return `now ${Math.round(now)}; not reflected back then`;
  const d = Math.round(now - then);
  if (Math.abs(d) < 2) return `about the same (${Math.round(now)})`;
  return `${d > 0 ? 'up' : 'down'} ${Math.abs(d)}, from ${Math.round(then)} to ${Math.round(now)}`;
}

/**
 * Whole percent of work done, 0–100.
 * @param {number} done
 * @param {number} total
 * @returns {number}
 */
function percent(done, total) {
  if (!(total > 0)) return 0;
  return Math.min(100, Math.max(0, Math.floor((done * 100) / total)));
}

/**
 * What a backup file was made for, from the label Kindred puts in its
 * name (`kindred-20260314-093000-pre-restore.kbak`); null for an ordinary
 * backup.
 * @param {string} path
 * @returns {string | null}
 */
function backup_purpose(path) {
  const name = String(path ?? '').split(/[\\/]/).pop() ?? '';
  const m = /^kindred-\d{8}-\d{6}(?:-\d+)?-([a-z-]+?)(?:-\d+)?\.kbak$/.exec(name);
  if (!m) return null;
  return {
    'pre-restore': 'Safety copy, made just before a restore',
    'pre-upgrade': 'Made just before Kindred upgraded the vault',
  }[m[1]] ?? null;
}

/**
 * The first sentence of a message (a damaged file's problem, without the
 * general advice that follows it).
 * @param {string} text
 * @returns {string}
 */
function first_sentence(text) {
  const t = String(text ?? '').trim();
  const m = /^.*?[.!?](?=\s|$)/.exec(t);
  return m ? m[0] : t;
}

/**
 * What became of the vault a restore replaced, in a sentence.
 * @param {import('./gen/contract.js').Kept} kept
 */
function kept_words(kept) {
  return kept.kind === 'safety-backup'
    ? `Your vault as it was just before is saved at ${kept.path}.`
    : `Your vault as it was just before did not open with this backup's key (it was re-keyed or damaged), so its files were set aside, untouched, in ${kept.path}.`;
}

/**
 * Which secrets open the vault after a restore, in a sentence.
 * @param {import('./gen/contract.js').Secrets} secrets
 */
function secrets_words(secrets) {
  return secrets === 'current'
    ? 'Your current passphrase, recovery code and this device still open it.'
    : 'It now opens with the passphrase and recovery code that were valid when the backup was made; turn on "Remember on this device" again in Settings if you use it.';
}

/**
 * The first line of a text that has words, without Markdown's heading
 * marks: what a list shows of an entry.
 * @param {string} text
 */
function first_line(text) {
  return String(text ?? '').split('\n').map((l) => l.replace(/^#+\s*/, '').trim()).find(Boolean) ?? '';
}

const UPGRADE_STEPS = {
  snapshot: 'copying it',
  write: 'writing the encrypted backup',
  verify: 'checking the backup, byte by byte',
};

/**
 * What the unlock screen says while an update of the vault's format first
 * makes its verified backup (seconds for a large journal, once).
 * @param {string} stage @param {number} done @param {number} total
 */
function upgrade_words(stage, done, total) {
  const step = UPGRADE_STEPS[/** @type {keyof typeof UPGRADE_STEPS} */ (stage)] ?? 'backing it up';
  return `Kindred was updated. Before it changes your vault’s format it makes a verified backup: `
    + `${step}, ${percent(done, total)}%. This happens once.`;
}

export { first_line, file_size, depth_words, depth_change_words, percent, backup_purpose, first_sentence, kept_words, secrets_words, upgrade_words };
