import { test } from 'node:test';
import assert from 'node:assert/strict';
import { file_size, depth_words, depth_change_words, percent, backup_purpose, first_sentence, kept_words, secrets_words, upgrade_words } from './format.js';

test('file sizes', () => {
  assert.equal(file_size(812), '812 bytes');
  assert.equal(file_size(14_200), '14 KB');
  assert.equal(file_size(3_240_000), '3.2 MB');
  assert.equal(file_size(-1), '0 bytes');
});

test('depth is a number out of 100, or not yet reflected — never 0', () => {
  assert.equal(depth_words(71.6), '72 of 100');
  assert.equal(depth_words(0), '0 of 100');
  assert.equal(depth_words(null), 'not yet reflected');
  assert.equal(depth_words(undefined), 'not yet reflected');
});

test('depth change since a day in the past', () => {
  assert.equal(depth_change_words(55, 72), 'up 17, from 55 to 72');
  assert.equal(depth_change_words(80, 70), 'down 10, from 80 to 70');
  assert.equal(depth_change_words(60, 60.9), 'about the same (61)');
  assert.equal(depth_change_words(null, 60), 'now 60; not reflected back then');
  assert.equal(depth_change_words(60, null), 'not yet reflected');
});

test('progress in whole percent', () => {
  assert.equal(percent(1, 3), 33);
  assert.equal(percent(5, 0), 0);
  assert.equal(percent(12, 10), 100);
});

test('what a backup was made for, from its name', () => {
  assert.equal(backup_purpose('/v/backups/kindred-20260314-093000-pre-restore.kbak'), 'Safety copy, made just before a restore');
  assert.equal(backup_purpose('kindred-20260314-093000-pre-upgrade.kbak'), 'Made just before Kindred upgraded the vault');
  assert.equal(backup_purpose('/v/backups/kindred-20260314-093000.kbak'), null);
  assert.equal(backup_purpose('kindred-20260314-093000-2.kbak'), null);
  assert.equal(backup_purpose('notes.txt'), null);
});

test('a damaged file\'s problem, in its first sentence', () => {
  assert.equal(first_sentence('The backup file is damaged (its header is impossibly large). Nothing was changed.'),
    'The backup file is damaged (its header is impossibly large).');
  assert.equal(first_sentence('No full stop'), 'No full stop');
  assert.equal(first_sentence('Version 1.2 is newer. Update.'), 'Version 1.2 is newer.');
});

test('a restore says what became of the vault and which secrets open it', () => {
  assert.match(kept_words({ kind: 'safety-backup', path: '/b/k.kbak' }), /saved at \/b\/k\.kbak\./);
  assert.match(kept_words({ kind: 'set-aside', path: '/v/set-aside-1' }), /set aside, untouched, in \/v\/set-aside-1\./);
  assert.match(secrets_words('current'), /current passphrase/);
  assert.match(secrets_words('backups'), /valid when the backup was made/);
});

test('an upgrade at unlock says what it is doing, and how far', () => {
  assert.equal(
    upgrade_words('write', 1, 4),
    'Kindred was updated. Before it changes your vault’s format it makes a verified backup: '
      + 'writing the encrypted backup, 25%. This happens once.',
  );
  assert.match(upgrade_words('verify', 10, 10), /checking the backup, byte by byte, 100%/);
  assert.match(upgrade_words('snapshot', 0, 0), /copying it, 0%/);
  assert.match(upgrade_words('something-new', 1, 2), /backing it up, 50%/);
});
