//! Re-keying: the database re-encrypted under a fresh random data key, so
//! an old key file (in any older backup) with an old passphrase opens
//! nothing live. `recover` always re-keys; a passphrase change may.
//!
//! Crash-safe in four steps, each durable before the next:
//! 1. The key file gains `next`: the new key wrapped by the new passphrase
//!    and a new recovery code. The current slots stay.
//! 2. `sqlcipher_export` writes the whole database, encrypted with the new
//!    key, to `kindred.db.rekey`, which is then checked.
//! 3. That file is renamed over `kindred.db`.
//! 4. `next` becomes the key file's own slots (device slots, which wrap the
//!    old key, go).
//!
//! A kill before 3 leaves the old database: the old secrets open it and the
//! next unlock undoes steps 1–2. A kill after 3 leaves the new database:
//! the new secrets open it (through `next`) and the next unlock does step 4.
//! Either the old or the new secret always opens the vault, never neither.
//! The whole re-key holds the vault folder exclusively: nothing else can
//! write to the old database while it is being copied.

use std::fs;
use std::path::{Path, PathBuf};

use rusqlite::Connection;
use zeroize::Zeroizing;

use super::{Unlock, Vault};
use crate::backup::table_counts;
use crate::blobs::{BlobId, BlobStore};
use crate::crypto::{self, recovery, DataKey};
use crate::error::{Error, Result};
use crate::fsutil;
use crate::keyfile::KeyFile;
use crate::layout;
use crate::secret::Secret;
use crate::store::{self, OpenMode};

/// The re-encrypted copy, beside the database until it replaces it.
fn rekey_path(dir: &Path) -> PathBuf {
    let mut p = layout::db_path(dir).into_os_string();
    p.push(".rekey");
    PathBuf::from(p)
}

fn remove_rekey_files(dir: &Path) {
    let base = rekey_path(dir);
    for suffix in ["", "-journal", "-wal", "-shm"] {
        let mut p = base.clone().into_os_string();
        p.push(suffix);
        let _ = fs::remove_file(PathBuf::from(p));
    }
}

impl Vault {
    /// Re-encrypts the vault under a fresh data key that `new_passphrase`
    /// and a new recovery code (returned, to show once) unlock. Device slots
    /// go with the old key: remember the device again afterwards. Fails with
    /// `VaultBusy`, changing nothing, while another program has the vault
    /// open.
    pub(crate) fn rekey(&mut self, new_passphrase: &Secret<String>) -> Result<Secret<String>> {
        // Hold the folder alone for the whole re-key (see the module doc).
        if self._lock.try_lock().is_err() {
            // A failed conversion may have dropped the shared lock: take it
            // back before saying so.
            let _ = self._lock.try_lock_shared();
            return Err(Error::VaultBusy);
        }
        let result = self.rekey_locked(new_passphrase);
        if result.is_err() {
            self.undo_pending_rekey();
        }
        // Back to a shared hold, like every open handle.
        self._lock
            .lock_shared()
            .map_err(|e| Error::io("lock the vault", &e))?;
        result
    }

    fn rekey_locked(&mut self, new_passphrase: &Secret<String>) -> Result<Secret<String>> {
        let next_key = crypto::new_data_key()?;
        let code = recovery::generate()?;
        self.update_keyfile(|kf, _| kf.prepare_next(&next_key, new_passphrase, &code))?;
        let expected = self.keyfile.next.clone();

        let copy = rekey_path(&self.dir);
        remove_rekey_files(&self.dir);
        export(&self.conn, &copy, &next_key)?;
        let old_blobs = reseal_blobs(&self.dir, &copy, &self.data_key, &next_key)?;
        check_copy(&self.conn, &copy, &next_key)?;

        // Close the old database (its WAL emptied into it and removed), so
        // no frame of it can ever meet the new file.
        store::scrub_wal(&self.conn)?;
        self.close_connection()?;
        for p in layout::db_files(&self.dir).into_iter().skip(1) {
            let _ = fs::remove_file(p);
        }
        let replaced = fs::rename(&copy, layout::db_path(&self.dir))
            .map_err(|e| Error::io("put the re-encrypted database in place", &e))
            .and_then(|()| {
                fsutil::sync_dir(&self.dir)
                    .map_err(|e| Error::io("put the re-encrypted database in place", &e))
            });
        if let Err(e) = replaced {
            // Still the old database: open it again and report.
            self.conn = store::open(
                &layout::db_path(&self.dir),
                &self.data_key,
                OpenMode::Existing,
            )?;
            return Err(e);
        }
        // From here the new key opens the database, whatever happens next.
        self.data_key = next_key;
        self.conn = store::open(
            &layout::db_path(&self.dir),
            &self.data_key,
            OpenMode::Existing,
        )?;
        // The old key's blobs: nothing names them now (a kill before this
        // leaves them for the sweep at a later unlock).
        let _ = crate::attachments::drop_unreferenced(&self.conn, &self.dir, &old_blobs);
        self.update_keyfile(|kf, _| {
            if kf.next != expected {
                return Err(Error::Internal(
                    "the key file changed during a re-key".into(),
                ));
            }
            kf.promote_next();
            Ok(())
        })?;
        Ok(code)
    }

    /// After a failed re-key: if the database still opens with the key in
    /// hand, the new key's slots and copy are dropped. Otherwise they stay
    /// for the next unlock to settle.
    fn undo_pending_rekey(&mut self) {
        if store::open(
            &layout::db_path(&self.dir),
            &self.data_key,
            OpenMode::Existing,
        )
        .is_err()
        {
            return;
        }
        remove_rekey_files(&self.dir);
        let _ = self.update_keyfile(|kf, _| {
            kf.next = None;
            Ok(())
        });
    }

    /// Closes the database connection, leaving a closed placeholder until a
    /// new one is opened. The placeholder is an in-memory database that is
    /// never written to.
    fn close_connection(&mut self) -> Result<()> {
        #[allow(clippy::disallowed_methods)] // a placeholder, never a vault
        let placeholder = Connection::open_in_memory()?;
        let old = std::mem::replace(&mut self.conn, placeholder);
        old.close().map_err(|(_, e)| Error::from(e))
    }
}

/// Writes the whole database, encrypted with `key`, to a new file at `to`.
fn export(conn: &Connection, to: &Path, key: &DataKey) -> Result<()> {
    let to_str = to
        .to_str()
        .ok_or_else(|| Error::invalid("The vault folder's path is not valid UTF-8."))?;
    // ATTACH opens with the connection's own flags, which do not include
    // "create" for a vault opened as existing: make the (empty, owner-only)
    // file first; SQLite takes an empty file for an empty database.
    fsutil::create_private(to).map_err(|e| Error::io("write the re-encrypted database", &e))?;
    let hex = Zeroizing::new(data_encoding::HEXLOWER.encode(key.expose_secret()));
    let raw = Zeroizing::new(format!("x'{}'", hex.as_str()));
    conn.execute("ATTACH DATABASE ?1 AS rekey KEY ?2", [to_str, raw.as_str()])?;
    let exported = (|| -> Result<()> {
        conn.query_row("SELECT sqlcipher_export('rekey')", [], |_| Ok(()))?;
        let version = store::current_version(conn)?;
        conn.execute_batch(&format!("PRAGMA rekey.user_version = {version}"))?;
        Ok(())
    })();
    conn.execute("DETACH DATABASE rekey", [])?;
    exported?;
    let f = fs::File::open(to).map_err(|e| Error::io("write the re-encrypted database", &e))?;
    f.sync_all()
        .map_err(|e| Error::io("write the re-encrypted database", &e))
}

/// Re-seals every attachment blob under keys from `new_key`, beside the
/// old ones (new keys give new names), and renames them in the re-encrypted
/// copy; returns the old names. Until the copy replaces the database the
/// new blobs are named by nothing live, so a kill leaves only garbage for
/// the sweep.
fn reseal_blobs(
    dir: &Path,
    copy: &Path,
    old_key: &DataKey,
    new_key: &DataKey,
) -> Result<Vec<String>> {
    let c = store::open(copy, new_key, OpenMode::Existing)?;
    // Thumbnails are made again, under the new key, when next shown.
    let thumbs = store::attachments::forget_thumbs(&c)?;
    let blobs = store::attachments::every_blob(&c)?;
    if blobs.is_empty() {
        store::scrub_wal(&c)?;
        return Ok(thumbs);
    }
    let folder = crate::attachments::blobs_dir(dir);
    let old = BlobStore::new(folder.clone(), old_key)?;
    let new = BlobStore::new(folder, new_key)?;
    let tx = c.unchecked_transaction()?;
    let mut old_names = thumbs;
    for (name, sha, _) in blobs {
        let written = new.copy_from(&old, &BlobId::parse(&name)?)?;
        if written.sha256 != sha {
            return Err(Error::CorruptFile {
                what: "An attachment",
                detail: "its bytes do not match the checksum recorded when it was added".into(),
            });
        }
        store::attachments::rename_blob(&tx, &name, written.id.as_str())?;
        old_names.push(name);
    }
    tx.commit()?;
    store::scrub_wal(&c)?;
    Ok(old_names)
}

/// The copy opens with the new key, passes the integrity checks and holds
/// the same rows as the database it was made from.
fn check_copy(conn: &Connection, copy: &Path, key: &DataKey) -> Result<()> {
    let c = store::open(copy, key, OpenMode::Existing)?;
    store::check_integrity(&c)?;
    if store::current_version(&c)? != store::current_version(conn)?
        || table_counts(&c)? != table_counts(conn)?
    {
        return Err(Error::Internal(
            "the re-encrypted copy does not match the vault".into(),
        ));
    }
    store::scrub_wal(&c)?;
    Ok(())
}

/// At unlock, when the key file holds a pending re-key: finishes it when
/// the new key opens the database, undoes it when the old one does. Needs
/// the folder alone; while another program has the vault open, nothing is
/// changed and the key that opens the database is used as is.
pub(super) fn settle(
    dir: &Path,
    mut kf: KeyFile,
    how: Option<Unlock<'_>>,
    main: Result<DataKey>,
) -> Result<(KeyFile, DataKey)> {
    let opens = |key: &DataKey| store::open(&layout::db_path(dir), key, OpenMode::Existing).is_ok();
    let next = how.and_then(|how| match how {
        Unlock::Passphrase(p) => kf.unlock_next(p, false),
        Unlock::RecoveryCode(c) => kf.unlock_next(c, true),
    });
    let alone = layout::lock_exclusive(dir).ok();
    if let Ok(key) = &main {
        if opens(key) {
            if alone.is_some() {
                remove_rekey_files(dir);
                kf.next = None;
                kf.save(&layout::keys_path(dir))?;
            }
            return Ok((kf, DataKey::new(*key.expose_secret())));
        }
    }
    if let Some(key) = next {
        if opens(&key) {
            if alone.is_some() {
                kf.promote_next();
                kf.save(&layout::keys_path(dir))?;
                remove_rekey_files(dir);
            }
            return Ok((kf, key));
        }
    }
    // Neither key opens the database. When the old slots opened, the
    // database is most likely already under the new key, which only the new
    // secret opens: what was typed is the old one.
    match (main, how) {
        (Ok(_), Some(Unlock::Passphrase(_))) => Err(Error::WrongPassphrase),
        (Ok(_), Some(Unlock::RecoveryCode(_))) => Err(Error::WrongRecoveryCode),
        (Ok(key), None) => {
            store::open(&layout::db_path(dir), &key, OpenMode::Existing)?;
            Ok((kf, key))
        }
        (Err(e), _) => Err(e),
    }
}
