import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Session } from './session.js';

test('a locked window reports no activity and ignores lock events', () => {
  const s = new Session();
  assert.equal(s.reports_activity, false);
  assert.equal(s.is_open, false);
  assert.equal(s.lock_event(), null);
});

test('while the recovery code is shown, activity keeps the vault open', () => {
  const s = new Session();
  s.code_shown();
  assert.equal(s.reports_activity, true);
  assert.equal(s.is_open, false, 'no shortcuts or navigation yet');
});

test('a lock during the recovery-code step hides the code and says so', () => {
  const s = new Session();
  s.code_shown();
  assert.equal(s.lock_event(), 'unlock-code-hidden');
  s.closed();
  assert.equal(s.reports_activity, false, 'a locked vault is not touched');
  assert.equal(s.lock_event(), null, 'a second event changes nothing');
});

test('on the main screens a lock event shows the unlock screen', () => {
  const s = new Session();
  s.opened();
  assert.equal(s.is_open, true);
  assert.equal(s.reports_activity, true);
  assert.equal(s.lock_event(), 'unlock');
  s.closed();
  assert.equal(s.reports_activity, false);
});
