import { test } from 'node:test';
import assert from 'node:assert/strict';
import { create_autosaver } from './autosave.js';

/** Timers that only fire when told to. */
function fake_timers() {
  /** @type {Map<number, () => void>} */
  const pending = new Map();
  let next = 1;
  return {
    set: (/** @type {() => void} */ f) => {
      const id = next++;
      pending.set(id, f);
      return id;
    },
    clear: (/** @type {any} */ id) => pending.delete(id),
    fire() {
      const fs = [...pending.values()];
      pending.clear();
      fs.forEach((f) => f());
    },
    get count() {
      return pending.size;
    },
  };
}

const tick = () => new Promise((r) => setImmediate(r));

test('a burst of changes saves once, after the quiet time', async () => {
  const timers = fake_timers();
  const states = [];
  let saves = 0;
  const a = create_autosaver({ save: async () => { saves++; }, timers, on_state: (s) => states.push(s) });
  a.changed();
  a.changed();
  a.changed();
  assert.equal(timers.count, 1);
  assert.equal(a.state, 'unsaved');
  timers.fire();
  await tick();
  assert.equal(saves, 1);
  assert.equal(a.state, 'saved');
  assert.deepEqual(states.slice(-2), ['saving', 'saved']);
});

test('a change during a save is saved afterwards', async () => {
  const timers = fake_timers();
  /** @type {() => void} */
  let release = () => {};
  let saves = 0;
  const a = create_autosaver({
    save: () => { saves++; return new Promise((r) => { release = r; }); },
    timers,
  });
  a.changed();
  timers.fire();
  await tick();
  assert.equal(a.state, 'saving');
  a.changed();
  release();
  await tick();
  await tick();
  assert.equal(a.state, 'unsaved');
  timers.fire();
  await tick();
  release();
  await tick();
  assert.equal(saves, 2);
  assert.equal(a.state, 'saved');
});

test('a failed save says so and keeps the changes unsaved', async () => {
  const timers = fake_timers();
  let fail = true;
  let err_seen = null;
  const a = create_autosaver({
    save: async () => { if (fail) throw new Error('disk full'); },
    timers,
    on_state: (s, e) => { if (s === 'error') err_seen = e; },
  });
  a.changed();
  await a.flush();
  assert.equal(a.state, 'error');
  assert.ok(err_seen);
  assert.equal(a.dirty, true);
  fail = false;
  await a.flush();
  assert.equal(a.state, 'saved');
  assert.equal(a.dirty, false);
});

test('flush saves at once; nothing to save does nothing', async () => {
  const timers = fake_timers();
  let saves = 0;
  const a = create_autosaver({ save: async () => { saves++; }, timers });
  await a.flush();
  assert.equal(saves, 0);
  a.changed();
  await a.flush();
  assert.equal(saves, 1);
  assert.equal(timers.count, 0);
});

test('cancel drops pending changes', async () => {
  const timers = fake_timers();
  let saves = 0;
  const a = create_autosaver({ save: async () => { saves++; }, timers });
  a.changed();
  a.cancel();
  await a.flush();
  assert.equal(saves, 0);
  assert.equal(a.state, 'saved');
});
