import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe_error, KNOWN_CODES } from './errors.js';

test('every error code the core defines has plain words', () => {
  const src = readFileSync(new URL('../../crates/kindred-core/src/error.rs', import.meta.url), 'utf8');
  const body = src.slice(src.indexOf('pub enum ErrorCode'), src.indexOf('impl ErrorCode'));
  const codes = [...body.matchAll(/^\s{4}([A-Z][A-Za-z]+),$/gm)].map((m) => m[1]);
  assert.ok(codes.length >= 20, `parsed ${codes.length} codes`);
  for (const code of codes) assert.ok(KNOWN_CODES.includes(code), `${code} has no words`);
});

test('wrong passphrase is explained without jargon', () => {
  const text = describe_error({ code: 'WrongPassphrase', message: 'core text' });
  assert.match(text, /passphrase doesn't open/);
  assert.match(text, /recovery code/);
});

test('keychain codes lead back to the passphrase', () => {
  for (const code of ['KeychainUnavailable', 'KeychainLocked', 'KeychainEntryMissing', 'KeychainEntryStale']) {
    assert.match(describe_error({ code, message: '' }), /passphrase/i, code);
  }
});

test('specific codes show the core message', () => {
  const msg = 'A person needs a name; nothing was saved.';
  assert.equal(describe_error({ code: 'InvalidInput', message: msg }), msg);
  assert.match(describe_error({ code: 'InvalidInput', message: '' }), /not accepted/);
});

test('unknown or missing codes fall back safely', () => {
  assert.equal(describe_error({ code: 'SomethingNew', message: 'Detail.' }), 'Detail.');
  assert.match(describe_error({}), /inside Kindred/);
  assert.match(describe_error(/** @type {any} */ (null)), /inside Kindred/);
});
