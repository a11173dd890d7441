import { test } from 'node:test';
import assert from 'node:assert/strict';
import { blob_url, size_label } from './attachments.js';

test('sizes read as people say them', () => {
  assert.equal(size_label(0), '0 bytes');
  assert.equal(size_label(1), '1 byte');
  assert.equal(size_label(1023), '1023 bytes');
  assert.equal(size_label(1024), '1 KB');
  assert.equal(size_label(310 * 1024), '310 KB');
  assert.equal(size_label(10 * 1024 * 1024), '10.0 MB');
  assert.equal(size_label(2.5 * 1024 * 1024), '2.5 MB');
});

test('attachments load from the scheme the shell serves, by id only', () => {
  assert.equal(blob_url(42), 'kindred-blob://localhost/42');
  assert.equal(blob_url(42, true), 'kindred-blob://localhost/42/thumb');
});
