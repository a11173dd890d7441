import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ERROR_CODES } from './gen/contract.js';
import { HEADINGS, explain_error, describe_error } from './errors.js';

test('every error code the core defines has a heading, and only those', () => {
  assert.ok(ERROR_CODES.length >= 20, `${ERROR_CODES.length} codes`);
  assert.deepEqual(Object.keys(HEADINGS).sort(), [...ERROR_CODES].sort());
});

test('headings are short: the core message says the rest', () => {
  for (const [code, heading] of Object.entries(HEADINGS)) {
    assert.ok(heading.length <= 32, `${code}: ${heading}`);
    assert.ok(!/[.!?]$/.test(heading), `${code} heading is not a sentence: ${heading}`);
  }
});

test('the core message is shown as it is, after the heading', () => {
  const message = 'That passphrase does not unlock this vault. Nothing was changed; try again, or use your recovery code.';
  assert.deepEqual(explain_error({ code: 'WrongPassphrase', message }), {
    code: 'WrongPassphrase',
    heading: 'Wrong passphrase',
    message,
  });
  assert.equal(describe_error({ code: 'WrongPassphrase', message }), `Wrong passphrase: ${message}`);
});

test('no words of the UI contradict the core: a missing backup is just not found', () => {
  const message = 'There is no backup file at /media/usb/kindred-20260314-093000.kbak.';
  assert.equal(describe_error({ code: 'NotFound', message }), `Not found: ${message}`);
  assert.ok(!/trash/i.test(describe_error({ code: 'NotFound', message })));
  const newer = 'The backup file has format version 3, but this Kindred understands up to 1. Update Kindred to open it; nothing was changed.';
  assert.match(describe_error({ code: 'UnsupportedVersion', message: newer }), /^Needs a newer Kindred: The backup file /);
});

test('unknown codes, missing words and odd values fall back safely', () => {
  assert.equal(describe_error({ code: 'SomethingNew', message: 'Detail.' }), 'Something went wrong: Detail.');
  assert.match(describe_error({ code: 'DiskFull', message: '  ' }), /^Disk full: Nothing already saved was lost/);
  assert.match(describe_error({}), /^Internal error: /);
  assert.match(describe_error(null), /^Internal error: /);
  assert.match(describe_error('a string'), /^Internal error: /);
  assert.equal(explain_error({ code: 'toString', message: 'x' }).heading, 'Something went wrong');
});
