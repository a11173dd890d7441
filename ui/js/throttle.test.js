import { test } from 'node:test';
import assert from 'node:assert/strict';
import { throttle } from './throttle.js';

test('runs at most once per interval', () => {
  let t = 0;
  let calls = 0;
  const f = throttle(() => { calls++; }, 1000, () => t);
  assert.equal(f(), true);
  t = 500;
  assert.equal(f(), false);
  t = 999;
  f();
  assert.equal(calls, 1);
  t = 1000;
  assert.equal(f(), true);
  assert.equal(calls, 2);
});
