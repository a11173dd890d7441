//! The key file, `kindred.keys`, beside the database.
//!
//! Versioned JSON holding the vault id and one *slot* per way to unlock: the
//! passphrase slot and the recovery slot (Argon2id → XChaCha20-Poly1305), and
//! zero or more device slots for secrets remembered in an OS keychain (HKDF →
//! XChaCha20-Poly1305). Each slot wraps the same random data key. The file
//! holds salts, parameters, nonces and ciphertexts only: nothing derived from
//! a secret, so the file plus the database open nothing without one.
//!
//! A SHA-256 checksum over the content tells accidental damage (a flipped
//! byte, a truncated copy) apart from a wrong passphrase. It is not a
//! security measure: the AEAD tags are.

use std::path::Path;

use data_encoding::{BASE64, BASE64URL_NOPAD, HEXLOWER};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use unicode_normalization::UnicodeNormalization;
use zeroize::Zeroizing;

use crate::crypto::{
    self, kek_from_random_secret, kek_from_typed_secret, random_array, recovery, DataKey,
    KdfParams, Wrapped, KEY_LEN, NONCE_LEN, SALT_LEN,
};
use crate::error::{Error, Result};
use crate::fsutil;
use crate::keychain::KeychainError;
use crate::secret::Secret;

/// The file name inside a vault folder.
pub const FILE_NAME: &str = "kindred.keys";
/// The `format` tag every key file carries.
pub const FORMAT: &str = "kindred.keys";
/// The newest key file version this build reads and the one it writes.
pub const VERSION: u32 = 1;
/// Key files are a few KiB; anything much larger is not one.
const MAX_LEN: u64 = 1024 * 1024;
const WHAT: &str = "The key file";
const DEVICE_PREFIX: &str = "kindred-device/1";

/// A slot unlocked by something a person types.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TypedSlot {
    /// Always `argon2id`.
    pub kdf: String,
    /// Argon2id costs.
    pub params: KdfParams,
    /// Base64 salt.
    pub salt: String,
    /// Base64 nonce.
    pub nonce: String,
    /// Base64 wrapped data key.
    pub wrapped_key: String,
}

/// A slot unlocked by a random secret kept in an OS keychain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeviceSlot {
    /// Random id, also part of the keychain secret, so a stale secret is
    /// recognised as such.
    pub id: String,
    /// When "remember on this device" was turned on.
    pub created_at: String,
    /// Base64 HKDF salt.
    pub salt: String,
    /// Base64 nonce.
    pub nonce: String,
    /// Base64 wrapped data key.
    pub wrapped_key: String,
}

/// The slots of a new data key while a re-key puts it in place (see
/// `vault::rekey`): present only between "the new key is chosen" and "the
/// database is encrypted with it and these slots are the key file's own".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NextKey {
    /// The new passphrase's slot for the new key.
    pub passphrase: TypedSlot,
    /// The new recovery code's slot for the new key.
    pub recovery: TypedSlot,
}

/// The parsed key file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeyFile {
    /// Always [`FORMAT`].
    pub format: String,
    /// Format version.
    pub version: u32,
    /// Random vault id; also the keychain account name.
    pub vault_id: String,
    /// Creation time, RFC 3339.
    pub created_at: String,
    /// Unlocked by the passphrase.
    pub passphrase: TypedSlot,
    /// Unlocked by the recovery code.
    pub recovery: TypedSlot,
    /// Unlocked by secrets remembered in OS keychains.
    #[serde(default)]
    pub devices: Vec<DeviceSlot>,
    /// A re-key in progress (or interrupted): the new key's slots.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<NextKey>,
    /// `sha256:` + hex of the file's content with this field empty.
    #[serde(default)]
    pub checksum: String,
}

#[derive(Clone, Copy)]
enum SlotKind {
    Passphrase,
    Recovery,
}

impl SlotKind {
    fn name(self) -> &'static str {
        match self {
            Self::Passphrase => "passphrase",
            Self::Recovery => "recovery",
        }
    }
}

impl KeyFile {
    /// A new key file for a new vault: random id, passphrase and recovery slots.
    pub fn create(
        created_at: &str,
        data_key: &DataKey,
        passphrase: &Secret<String>,
        recovery_code: &Secret<String>,
    ) -> Result<Self> {
        let vault_id = new_vault_id()?;
        let passphrase_slot = new_typed_slot(
            &vault_id,
            SlotKind::Passphrase,
            &passphrase_bytes(passphrase),
            data_key,
        )?;
        let code = recovery::normalize(recovery_code.expose_secret())
            .ok_or_else(|| Error::Internal("generated recovery code did not parse".into()))?;
        let recovery_slot = new_typed_slot(
            &vault_id,
            SlotKind::Recovery,
            code.expose_secret().as_bytes(),
            data_key,
        )?;
        Ok(Self {
            format: FORMAT.into(),
            version: VERSION,
            vault_id,
            created_at: created_at.into(),
            passphrase: passphrase_slot,
            recovery: recovery_slot,
            devices: Vec::new(),
            next: None,
            checksum: String::new(),
        })
    }

    /// Reads and validates a key file. Errors: `VaultMissing` when absent,
    /// `CorruptFile`, `UnsupportedVersion`, `ExcessiveWork`.
    pub fn load(path: &Path) -> Result<Self> {
        let meta = std::fs::metadata(path).map_err(|e| {
            if e.kind() == std::io::ErrorKind::NotFound {
                Error::VaultMissing(display_dir(path))
            } else {
                Error::io("read the key file", &e)
            }
        })?;
        if meta.len() > MAX_LEN {
            return Err(corrupt("it is far larger than a key file can be"));
        }
        let bytes = std::fs::read(path).map_err(|e| Error::io("read the key file", &e))?;
        Self::parse(&bytes)
    }

    /// Validates key file bytes; see [`KeyFile::load`].
    pub fn parse(bytes: &[u8]) -> Result<Self> {
        let value: serde_json::Value = serde_json::from_slice(bytes)
            .map_err(|_| corrupt("it is not complete, valid JSON; it may be truncated"))?;
        if value.get("format").and_then(|f| f.as_str()) != Some(FORMAT) {
            return Err(corrupt("it is not a Kindred key file"));
        }
        let version = value
            .get("version")
            .and_then(|v| v.as_u64())
            .ok_or_else(|| corrupt("it has no format version"))?;
        if version > u64::from(VERSION) {
            return Err(Error::UnsupportedVersion {
                what: WHAT,
                found: u32::try_from(version).unwrap_or(u32::MAX),
                supported: VERSION,
            });
        }
        let file: Self = serde_json::from_value(value)
            .map_err(|_| corrupt("a field is missing or has the wrong type"))?;
        if file.version != VERSION {
            return Err(corrupt("its format version is invalid"));
        }
        if file.checksum != file.digest()? {
            return Err(corrupt("its checksum does not match its content"));
        }
        let next = file.next.iter().flat_map(|n| [&n.passphrase, &n.recovery]);
        for slot in [&file.passphrase, &file.recovery].into_iter().chain(next) {
            if slot.kdf != "argon2id" {
                return Err(corrupt("it names an unknown key-derivation function"));
            }
            slot.params.check()?;
        }
        Ok(file)
    }

    /// Writes the key file atomically (temp file, fsync, rename, fsync dir).
    pub fn save(&mut self, path: &Path) -> Result<()> {
        self.checksum = self.digest()?;
        let mut bytes = serde_json::to_vec_pretty(self)
            .map_err(|_| Error::Internal("could not encode the key file".into()))?;
        bytes.push(b'\n');
        fsutil::atomic_write(path, &bytes, "write the key file")
    }

    fn digest(&self) -> Result<String> {
        let mut body = self.clone();
        body.checksum.clear();
        let bytes = serde_json::to_vec(&body)
            .map_err(|_| Error::Internal("could not encode the key file".into()))?;
        Ok(format!(
            "sha256:{}",
            HEXLOWER.encode(&Sha256::digest(&bytes))
        ))
    }

    /// Unwraps the data key with the passphrase.
    pub fn unlock_with_passphrase(&self, passphrase: &Secret<String>) -> Result<DataKey> {
        open_typed_slot(
            &self.vault_id,
            SlotKind::Passphrase,
            &self.passphrase,
            &passphrase_bytes(passphrase),
        )?
        .ok_or(Error::WrongPassphrase)
    }

    /// Unwraps the data key with the recovery code (as typed).
    pub fn unlock_with_recovery_code(&self, code: &Secret<String>) -> Result<DataKey> {
        let code = recovery::normalize(code.expose_secret()).ok_or(Error::WrongRecoveryCode)?;
        open_typed_slot(
            &self.vault_id,
            SlotKind::Recovery,
            &self.recovery,
            code.expose_secret().as_bytes(),
        )?
        .ok_or(Error::WrongRecoveryCode)
    }

    /// Unwraps the data key with a secret remembered in a keychain.
    pub fn unlock_with_device_secret(&self, stored: &Secret<String>) -> Result<DataKey> {
        let stale = || Error::Keychain(KeychainError::EntryStale);
        let mut parts = stored.expose_secret().splitn(3, ':');
        let (Some(DEVICE_PREFIX), Some(id), Some(secret_b64)) =
            (parts.next(), parts.next(), parts.next())
        else {
            return Err(stale());
        };
        let slot = self.devices.iter().find(|d| d.id == id).ok_or_else(stale)?;
        let secret = Zeroizing::new(
            BASE64URL_NOPAD
                .decode(secret_b64.as_bytes())
                .map_err(|_| stale())?,
        );
        let salt: [u8; SALT_LEN] = decode_fixed(&slot.salt)?;
        let wrapped = Wrapped {
            nonce: decode_fixed(&slot.nonce)?,
            ciphertext: decode(&slot.wrapped_key)?,
        };
        let aad = device_aad(&self.vault_id, &slot.id);
        let kek = kek_from_random_secret(&secret, &salt, aad.as_bytes())?;
        crypto::unwrap(&kek, &wrapped, aad.as_bytes()).ok_or_else(stale)
    }

    /// Re-wraps the data key under a new passphrase (new salt, current
    /// parameters). The database is not touched.
    pub fn set_passphrase(&mut self, data_key: &DataKey, new: &Secret<String>) -> Result<()> {
        self.passphrase = new_typed_slot(
            &self.vault_id,
            SlotKind::Passphrase,
            &passphrase_bytes(new),
            data_key,
        )?;
        Ok(())
    }

    /// Replaces the recovery slot with one for `code`.
    pub fn set_recovery_code(&mut self, data_key: &DataKey, code: &Secret<String>) -> Result<()> {
        let code = recovery::normalize(code.expose_secret())
            .ok_or_else(|| Error::Internal("generated recovery code did not parse".into()))?;
        self.recovery = new_typed_slot(
            &self.vault_id,
            SlotKind::Recovery,
            code.expose_secret().as_bytes(),
            data_key,
        )?;
        Ok(())
    }

    /// Adds a device slot and returns the secret to keep in the keychain.
    /// Earlier device slots are replaced: one device, one remembered secret.
    pub fn add_device(&mut self, data_key: &DataKey, created_at: &str) -> Result<Secret<String>> {
        let id = HEXLOWER.encode(&random_array::<8>()?);
        let secret = Zeroizing::new(random_array::<KEY_LEN>()?);
        let salt = random_array::<SALT_LEN>()?;
        let aad = device_aad(&self.vault_id, &id);
        let kek = kek_from_random_secret(secret.as_ref(), &salt, aad.as_bytes())?;
        let wrapped = crypto::wrap(&kek, data_key, aad.as_bytes())?;
        self.devices = vec![DeviceSlot {
            id: id.clone(),
            created_at: created_at.into(),
            salt: BASE64.encode(&salt),
            nonce: BASE64.encode(&wrapped.nonce),
            wrapped_key: BASE64.encode(&wrapped.ciphertext),
        }];
        Ok(Secret::new(format!(
            "{DEVICE_PREFIX}:{id}:{}",
            BASE64URL_NOPAD.encode(secret.as_ref())
        )))
    }

    /// Records the slots of `next_key` for a re-key: the new passphrase and
    /// the new recovery code each wrap it. The current slots stay, so the
    /// current secrets open the vault until the re-key is done.
    pub fn prepare_next(
        &mut self,
        next_key: &DataKey,
        passphrase: &Secret<String>,
        code: &Secret<String>,
    ) -> Result<()> {
        let code = recovery::normalize(code.expose_secret())
            .ok_or_else(|| Error::Internal("generated recovery code did not parse".into()))?;
        self.next = Some(NextKey {
            passphrase: new_typed_slot(
                &self.vault_id,
                SlotKind::Passphrase,
                &passphrase_bytes(passphrase),
                next_key,
            )?,
            recovery: new_typed_slot(
                &self.vault_id,
                SlotKind::Recovery,
                code.expose_secret().as_bytes(),
                next_key,
            )?,
        });
        Ok(())
    }

    /// Unwraps the re-key's new data key with what was typed (the new
    /// passphrase or the new recovery code), when a re-key is pending.
    pub fn unlock_next(&self, typed: &Secret<String>, is_recovery_code: bool) -> Option<DataKey> {
        let next = self.next.as_ref()?;
        if is_recovery_code {
            let code = recovery::normalize(typed.expose_secret())?;
            open_typed_slot(
                &self.vault_id,
                SlotKind::Recovery,
                &next.recovery,
                code.expose_secret().as_bytes(),
            )
            .ok()
            .flatten()
        } else {
            open_typed_slot(
                &self.vault_id,
                SlotKind::Passphrase,
                &next.passphrase,
                &passphrase_bytes(typed),
            )
            .ok()
            .flatten()
        }
    }

    /// Ends a re-key: the new key's slots become the key file's own and
    /// device slots (which wrap the old key) go. Returns whether there was
    /// a re-key to end.
    pub fn promote_next(&mut self) -> bool {
        let Some(next) = self.next.take() else {
            return false;
        };
        self.passphrase = next.passphrase;
        self.recovery = next.recovery;
        self.devices.clear();
        true
    }

    /// Removes every device slot: remembered secrets stop working.
    pub fn clear_devices(&mut self) {
        self.devices.clear();
    }
}

/// The folder a key file path lives in, for messages.
fn display_dir(path: &Path) -> String {
    path.parent().unwrap_or(path).display().to_string()
}

fn corrupt(detail: &str) -> Error {
    Error::CorruptFile {
        what: WHAT,
        detail: detail.into(),
    }
}

fn new_vault_id() -> Result<String> {
    let b = random_array::<16>()?;
    let h = HEXLOWER.encode(&b);
    Ok(format!(
        "{}-{}-{}-{}-{}",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    ))
}

/// Passphrases are NFC-normalised so the same words typed on systems that
/// compose accents differently unlock the same vault.
fn passphrase_bytes(p: &Secret<String>) -> Zeroizing<Vec<u8>> {
    Zeroizing::new(p.expose_secret().nfc().collect::<String>().into_bytes())
}

fn typed_aad(vault_id: &str, kind: SlotKind, params: KdfParams) -> String {
    format!(
        "{FORMAT}/{VERSION}|{vault_id}|{}|argon2id|{}|{}|{}",
        kind.name(),
        params.m_kib,
        params.t,
        params.p
    )
}

fn device_aad(vault_id: &str, slot_id: &str) -> String {
    format!("{FORMAT}/{VERSION}|{vault_id}|device|{slot_id}")
}

fn new_typed_slot(
    vault_id: &str,
    kind: SlotKind,
    secret: &[u8],
    data_key: &DataKey,
) -> Result<TypedSlot> {
    let params = KdfParams::for_new_slot();
    let salt = random_array::<SALT_LEN>()?;
    let kek = kek_from_typed_secret(secret, &salt, params)?;
    let wrapped = crypto::wrap(&kek, data_key, typed_aad(vault_id, kind, params).as_bytes())?;
    Ok(TypedSlot {
        kdf: "argon2id".into(),
        params,
        salt: BASE64.encode(&salt),
        nonce: BASE64.encode(&wrapped.nonce),
        wrapped_key: BASE64.encode(&wrapped.ciphertext),
    })
}

fn open_typed_slot(
    vault_id: &str,
    kind: SlotKind,
    slot: &TypedSlot,
    secret: &[u8],
) -> Result<Option<DataKey>> {
    let salt: [u8; SALT_LEN] = decode_fixed(&slot.salt)?;
    let wrapped = Wrapped {
        nonce: decode_fixed::<NONCE_LEN>(&slot.nonce)?,
        ciphertext: decode(&slot.wrapped_key)?,
    };
    let kek = kek_from_typed_secret(secret, &salt, slot.params)?;
    let aad = typed_aad(vault_id, kind, slot.params);
    Ok(crypto::unwrap(&kek, &wrapped, aad.as_bytes()))
}

fn decode(b64: &str) -> Result<Vec<u8>> {
    BASE64
        .decode(b64.as_bytes())
        .map_err(|_| corrupt("a key field is not valid base64"))
}

fn decode_fixed<const N: usize>(b64: &str) -> Result<[u8; N]> {
    decode(b64)?
        .try_into()
        .map_err(|_| corrupt("a key field has the wrong length"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crypto::new_data_key;
    use crate::ErrorCode;

    fn sample() -> (KeyFile, DataKey, Secret<String>) {
        let dk = new_data_key().unwrap();
        let code = recovery::generate().unwrap();
        let kf = KeyFile::create(
            "2026-01-01T00:00:00Z",
            &dk,
            &"hunter2 hunter2".into(),
            &code,
        )
        .unwrap();
        (kf, dk, code)
    }

    #[test]
    fn passphrase_recovery_and_device_slots_unwrap_the_same_key() {
        let (mut kf, dk, code) = sample();
        let a = kf
            .unlock_with_passphrase(&"hunter2 hunter2".into())
            .unwrap();
        let b = kf.unlock_with_recovery_code(&code).unwrap();
        let secret = kf.add_device(&dk, "2026-01-01T00:00:00Z").unwrap();
        let c = kf.unlock_with_device_secret(&secret).unwrap();
        for k in [&a, &b, &c] {
            assert_eq!(k.expose_secret(), dk.expose_secret());
        }
        assert_eq!(
            kf.unlock_with_passphrase(&"hunter3 hunter3".into())
                .unwrap_err()
                .code(),
            ErrorCode::WrongPassphrase
        );
    }

    #[test]
    fn nfc_and_nfd_passphrases_are_the_same() {
        let dk = new_data_key().unwrap();
        let code = recovery::generate().unwrap();
        let nfc = "caf\u{e9} au lait";
        let nfd = "cafe\u{301} au lait";
        let kf = KeyFile::create("t", &dk, &nfc.into(), &code).unwrap();
        assert!(kf.unlock_with_passphrase(&nfd.into()).is_ok());
    }

    #[test]
    fn replaced_device_secret_is_stale() {
        let (mut kf, dk, _) = sample();
        let old = kf.add_device(&dk, "t").unwrap();
        let _new = kf.add_device(&dk, "t").unwrap();
        let err = kf.unlock_with_device_secret(&old).unwrap_err();
        assert_eq!(err.code(), ErrorCode::KeychainEntryStale);
        let err = kf.unlock_with_device_secret(&"garbage".into()).unwrap_err();
        assert_eq!(err.code(), ErrorCode::KeychainEntryStale);
    }

    #[test]
    fn save_load_round_trip() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join(FILE_NAME);
        let (mut kf, _, _) = sample();
        kf.save(&p).unwrap();
        assert_eq!(KeyFile::load(&p).unwrap(), kf);
    }

    /// The peer-app flaw DESIGN.md §3 names: a KDF output stored beside the
    /// wrapped key. No 32-byte window of the saved file, nor of any field
    /// decoded from it, works as the key-encryption key of any slot.
    #[test]
    fn no_window_of_the_file_unwraps_a_slot() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join(FILE_NAME);
        let (mut kf, dk, _) = sample();
        kf.add_device(&dk, "t").unwrap();
        kf.save(&p).unwrap();
        let raw = std::fs::read(&p).unwrap();
        let mut blobs = vec![raw.clone()];
        // Tokens between quotes, and between `$` and `,` inside them (a PHC
        // string such as `$argon2id$v=19$m=…$salt$hash` holds its hash in
        // unpadded base64).
        let text = String::from_utf8(raw).unwrap();
        for token in text.split(['"', '$', ',']) {
            for decoded in [
                BASE64.decode(token.as_bytes()).ok(),
                data_encoding::BASE64_NOPAD.decode(token.as_bytes()).ok(),
                BASE64URL_NOPAD.decode(token.as_bytes()).ok(),
                HEXLOWER
                    .decode(token.trim_start_matches("sha256:").as_bytes())
                    .ok(),
            ]
            .into_iter()
            .flatten()
            {
                blobs.push(decoded);
            }
        }
        let slots: Vec<(Wrapped, String)> = [
            (
                &kf.passphrase,
                typed_aad(&kf.vault_id, SlotKind::Passphrase, kf.passphrase.params),
            ),
            (
                &kf.recovery,
                typed_aad(&kf.vault_id, SlotKind::Recovery, kf.recovery.params),
            ),
        ]
        .into_iter()
        .map(|(s, aad)| {
            let w = Wrapped {
                nonce: decode_fixed(&s.nonce).unwrap(),
                ciphertext: decode(&s.wrapped_key).unwrap(),
            };
            (w, aad)
        })
        .chain(kf.devices.iter().map(|d| {
            let w = Wrapped {
                nonce: decode_fixed(&d.nonce).unwrap(),
                ciphertext: decode(&d.wrapped_key).unwrap(),
            };
            (w, device_aad(&kf.vault_id, &d.id))
        }))
        .collect();
        let mut tried = 0;
        for blob in &blobs {
            for w in blob.windows(KEY_LEN) {
                let kek = Secret::new(<[u8; KEY_LEN]>::try_from(w).unwrap());
                for (wrapped, aad) in &slots {
                    assert!(crypto::unwrap(&kek, wrapped, aad.as_bytes()).is_none());
                    tried += 1;
                }
            }
        }
        assert!(tried > 1000, "{tried}");
    }
}
