import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { COMMANDS } from './gen/contract.js';
import { to_error, KindredError, api } from './ipc.js';

test('{code, message} from the shell becomes a typed error', () => {
  const e = to_error({ code: 'WrongPassphrase', message: 'nope' });
  assert.ok(e instanceof KindredError);
  assert.ok(e instanceof Error);
  assert.equal(e.code, 'WrongPassphrase');
  assert.equal(e.message, 'nope');
});

test('anything else becomes an Internal error', () => {
  assert.equal(to_error('command not allowed').code, 'Internal');
  assert.equal(to_error('command not allowed').message, 'command not allowed');
  assert.equal(to_error(undefined).code, 'Internal');
  assert.equal(to_error({ code: 42 }).code, 'Internal');
});

test('a typed error passes through unchanged', () => {
  const e = new KindredError('DiskFull', 'full');
  assert.equal(to_error(e), e);
});

test('without the bridge, calls fail as Internal instead of throwing TypeError', async () => {
  await assert.rejects(api.status(), (e) => e instanceof KindredError && e.code === 'Internal');
});

test('the api calls exactly the commands the shell registers', () => {
  assert.ok(COMMANDS.length > 50, `${COMMANDS.length} commands`);
  assert.deepEqual(Object.keys(api).sort(), [...COMMANDS].sort());
});

test('each api function calls the command of its name', async () => {
  /** @type {string[]} */
  const invoked = [];
  const t = /** @type {{__TAURI__?: unknown}} */ (globalThis);
  t.__TAURI__ = { core: { invoke: async (/** @type {string} */ cmd) => { invoked.push(cmd); return null; } } };
  try {
    for (const [name, f] of Object.entries(api)) {
      await /** @type {(...a: unknown[]) => Promise<unknown>} */ (f)();
      assert.equal(invoked.pop(), name);
    }
  } finally {
    delete t.__TAURI__;
  }
});

/** Every .js file under ui/js except tests. */
function ui_sources() {
  const dir = new URL('./', import.meta.url);
  return readdirSync(dir, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.js') && !f.endsWith('.test.js'))
    .map((f) => ({ f, src: readFileSync(new URL(f, dir), 'utf8') }));
}

test('no other UI module touches window.__TAURI__', () => {
  const files = ui_sources();
  assert.ok(files.length > 10);
  for (const { f, src } of files) {
    if (f === 'ipc.js') continue;
    assert.ok(!src.includes('__TAURI__'), `${f} must go through ipc.js`);
  }
});

test('user text is never set as HTML; only the sanitized preview is', () => {
  for (const { f, src } of ui_sources()) {
    const uses = [...src.matchAll(/\.(innerHTML|outerHTML)\s*=|insertAdjacentHTML|document\.write/g)];
    const allowed = f.replace(/\\/g, '/') === 'views/journal.js' ? 1 : 0;
    assert.ok(uses.length <= allowed, `${f} sets HTML ${uses.length} times`);
  }
});
