//! Key derivation, key wrapping and recovery codes.
//!
//! - Passphrases and recovery codes go through Argon2id (memory-hard, random
//!   salt) to a key-encryption key (KEK).
//! - The device secret kept in the OS keychain is 32 random bytes, so it needs
//!   no stretching: HKDF-SHA256 with a random salt turns it into a KEK.
//! - A KEK wraps the vault's data key with XChaCha20-Poly1305 (random 192-bit
//!   nonce, so nonces never need bookkeeping); the associated data binds the
//!   wrapped key to its vault and slot, so slots cannot be swapped between
//!   vaults or between slot kinds.
//!
//! No KDF output is ever returned unwrapped or written anywhere.

use argon2::{Algorithm, Argon2, Params, Version};
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use hkdf::Hkdf;
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use zeroize::Zeroizing;

use crate::error::{Error, Result};
use crate::secret::Secret;

/// Length of the data key and of every key-encryption key.
pub const KEY_LEN: usize = 32;
/// Length of an XChaCha20-Poly1305 nonce.
pub const NONCE_LEN: usize = 24;
/// Length of a KDF salt.
pub const SALT_LEN: usize = 16;

/// The vault's data key: what SQLCipher is keyed with.
pub type DataKey = Secret<[u8; KEY_LEN]>;

/// The environment variable with which a debug build's new slots get
/// [`KdfParams::TEST_ONLY_WEAK`]; compiled out of release builds.
pub const WEAK_KDF_FOR_TESTS: &str = "KINDRED_TEST_WEAK_KDF";

/// Argon2id cost parameters, stored in the key file next to each slot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct KdfParams {
    /// Memory in KiB.
    pub m_kib: u32,
    /// Passes over memory.
    pub t: u32,
    /// Lanes.
    pub p: u32,
}

impl KdfParams {
    /// What new slots get: 128 MiB, 3 passes, 1 lane. Measured ~0.4 s per
    /// derivation on this project's 2-core reference machine (release).
    pub const DEFAULT: Self = Self {
        m_kib: 128 * 1024,
        t: 3,
        p: 1,
    };

    /// What new slots get in a debug build run by Kindred's own tests with
    /// [`WEAK_KDF_FOR_TESTS`] set: the least Argon2id allows for one lane
    /// (8 MiB, 1 pass). The suites create and unlock thousands of vaults;
    /// at full cost, Argon2id was two thirds of the CLI tests' time.
    pub const TEST_ONLY_WEAK: Self = Self {
        m_kib: 8 * 1024,
        t: 1,
        p: 1,
    };

    /// The parameters for a new slot: [`Self::DEFAULT`], always, in a
    /// release build. A debug build honours [`WEAK_KDF_FOR_TESTS`]`=1`,
    /// which the test suites set, with [`Self::TEST_ONLY_WEAK`]. Either way
    /// the slot records its parameters (and authenticates them), so a vault
    /// opens with what it was made with; nothing ever lowers an existing
    /// slot's cost.
    pub fn for_new_slot() -> Self {
        #[cfg(debug_assertions)]
        if std::env::var_os(WEAK_KDF_FOR_TESTS).is_some_and(|v| v == "1") {
            return Self::TEST_ONLY_WEAK;
        }
        Self::DEFAULT
    }

    /// Upper bounds a key file may ask for: 8× the default memory, 10× the
    /// passes. Anything beyond is refused before any work is done, so a
    /// crafted key file cannot make unlocking hang or exhaust memory.
    pub const MAX: Self = Self {
        m_kib: 1024 * 1024,
        t: 30,
        p: 16,
    };

    /// Refuses parameters outside what Kindred writes or can run safely.
    pub fn check(&self) -> Result<()> {
        let too_much = |detail: String| Err(Error::ExcessiveWork { detail });
        if self.m_kib > Self::MAX.m_kib {
            return too_much(format!("{} MiB of memory", self.m_kib / 1024));
        }
        if self.t > Self::MAX.t {
            return too_much(format!("{} passes", self.t));
        }
        if self.p > Self::MAX.p {
            return too_much(format!("{} lanes", self.p));
        }
        if self.t == 0 || self.p == 0 || self.m_kib < 8 * self.p {
            return Err(Error::CorruptFile {
                what: "The key file",
                detail: "its key-derivation parameters are invalid".into(),
            });
        }
        Ok(())
    }
}

/// A data key encrypted under some key-encryption key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wrapped {
    /// Random nonce used for this wrap.
    pub nonce: [u8; NONCE_LEN],
    /// Ciphertext plus 16-byte tag.
    pub ciphertext: Vec<u8>,
}

/// Fills a fresh array with OS randomness.
pub fn random_array<const N: usize>() -> Result<[u8; N]> {
    let mut out = [0u8; N];
    getrandom::fill(&mut out).map_err(|_| Error::Internal("the OS random source failed".into()))?;
    Ok(out)
}

/// Makes a new random data key.
pub fn new_data_key() -> Result<DataKey> {
    Ok(Secret::new(random_array::<KEY_LEN>()?))
}

/// Argon2id over a secret typed by a person (passphrase or recovery code).
pub fn kek_from_typed_secret(
    secret: &[u8],
    salt: &[u8; SALT_LEN],
    params: KdfParams,
) -> Result<Secret<[u8; KEY_LEN]>> {
    params.check()?;
    let argon_params =
        Params::new(params.m_kib, params.t, params.p, Some(KEY_LEN)).map_err(|_| {
            Error::CorruptFile {
                what: "The key file",
                detail: "its key-derivation parameters are invalid".into(),
            }
        })?;
    let argon = Argon2::new(Algorithm::Argon2id, Version::V0x13, argon_params);
    let mut tmp = Zeroizing::new([0u8; KEY_LEN]);
    argon
        .hash_password_into(secret, salt, tmp.as_mut())
        .map_err(|_| Error::Internal("key derivation failed".into()))?;
    Ok(Secret::new(*tmp))
}

/// HKDF-SHA256 over a high-entropy random secret (the device secret).
pub fn kek_from_random_secret(
    secret: &[u8],
    salt: &[u8; SALT_LEN],
    info: &[u8],
) -> Result<Secret<[u8; KEY_LEN]>> {
    let hk = Hkdf::<Sha256>::new(Some(salt), secret);
    let mut tmp = Zeroizing::new([0u8; KEY_LEN]);
    hk.expand(info, tmp.as_mut())
        .map_err(|_| Error::Internal("key derivation failed".into()))?;
    Ok(Secret::new(*tmp))
}

/// A key for one purpose, derived from the data key with HKDF-SHA256 and a
/// label (`info`), so no key is used for two jobs (SQLCipher pages, backup
/// manifests, …).
pub fn subkey(data_key: &DataKey, info: &[u8]) -> Result<Secret<[u8; KEY_LEN]>> {
    let hk = Hkdf::<Sha256>::new(None, data_key.expose_secret());
    let mut tmp = Zeroizing::new([0u8; KEY_LEN]);
    hk.expand(info, tmp.as_mut())
        .map_err(|_| Error::Internal("key derivation failed".into()))?;
    Ok(Secret::new(*tmp))
}

/// Encrypts the data key under `kek`, bound to `aad`.
pub fn wrap(kek: &Secret<[u8; KEY_LEN]>, data_key: &DataKey, aad: &[u8]) -> Result<Wrapped> {
    let cipher = XChaCha20Poly1305::new(kek.expose_secret().into());
    let nonce = random_array::<NONCE_LEN>()?;
    let ciphertext = cipher
        .encrypt(
            XNonce::from_slice(&nonce),
            Payload {
                msg: data_key.expose_secret(),
                aad,
            },
        )
        .map_err(|_| Error::Internal("key wrapping failed".into()))?;
    Ok(Wrapped { nonce, ciphertext })
}

/// Decrypts a wrapped data key; `None` when the KEK or the data is wrong
/// (the two cannot be told apart, by design of the AEAD).
pub fn unwrap(kek: &Secret<[u8; KEY_LEN]>, wrapped: &Wrapped, aad: &[u8]) -> Option<DataKey> {
    let cipher = XChaCha20Poly1305::new(kek.expose_secret().into());
    let plain = Zeroizing::new(
        cipher
            .decrypt(
                XNonce::from_slice(&wrapped.nonce),
                Payload {
                    msg: &wrapped.ciphertext,
                    aad,
                },
            )
            .ok()?,
    );
    let key: [u8; KEY_LEN] = plain.as_slice().try_into().ok()?;
    Some(Secret::new(key))
}

/// Recovery codes: 160 random bits as 8 groups of 4 base32 characters,
/// e.g. `K7QM-2XWA-…`. Typed input is normalised (case, dashes, spaces, and
/// the look-alikes 0/O, 1/I, 8/B) before use.
pub mod recovery {
    use data_encoding::BASE32_NOPAD;

    use super::*;

    /// Number of random bytes in a recovery code.
    const BYTES: usize = 20;

    /// Makes a new recovery code, formatted for display.
    pub fn generate() -> Result<Secret<String>> {
        let raw = Zeroizing::new(random_array::<BYTES>()?);
        let encoded = Zeroizing::new(BASE32_NOPAD.encode(raw.as_ref()));
        let mut out = String::with_capacity(40);
        for (i, c) in encoded.chars().enumerate() {
            if i > 0 && i % 4 == 0 {
                out.push('-');
            }
            out.push(c);
        }
        Ok(Secret::new(out))
    }

    /// The canonical form a recovery code is derived from, or `None` when the
    /// text cannot be a recovery code at all.
    pub fn normalize(typed: &str) -> Option<Secret<String>> {
        let mut out = String::with_capacity(32);
        for c in typed.chars() {
            match c {
                '-' | ' ' | '\t' | '\n' | '\r' => continue,
                '0' => out.push('O'),
                '1' => out.push('I'),
                '8' => out.push('B'),
                c if c.is_ascii_alphabetic() => out.push(c.to_ascii_uppercase()),
                '2'..='7' => out.push(c),
                _ => return None,
            }
        }
        let valid = out.len() == 32 && BASE32_NOPAD.decode(out.as_bytes()).is_ok();
        let secret = Secret::new(out);
        valid.then_some(secret)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FAST: KdfParams = KdfParams {
        m_kib: 64,
        t: 1,
        p: 1,
    };

    #[test]
    fn wrap_unwrap_round_trip_and_aad_binding() {
        let dk = new_data_key().unwrap();
        let kek = kek_from_typed_secret(b"pass", &[1; SALT_LEN], FAST).unwrap();
        let w = wrap(&kek, &dk, b"vault-a|passphrase").unwrap();
        let back = unwrap(&kek, &w, b"vault-a|passphrase").unwrap();
        assert_eq!(back.expose_secret(), dk.expose_secret());
        assert!(unwrap(&kek, &w, b"vault-b|passphrase").is_none());
        let other = kek_from_typed_secret(b"pasS", &[1; SALT_LEN], FAST).unwrap();
        assert!(unwrap(&other, &w, b"vault-a|passphrase").is_none());
        let mut flipped = w.clone();
        flipped.ciphertext[3] ^= 1;
        assert!(unwrap(&kek, &flipped, b"vault-a|passphrase").is_none());
    }

    #[test]
    fn salt_changes_the_kek() {
        let a = kek_from_typed_secret(b"pass", &[1; SALT_LEN], FAST).unwrap();
        let b = kek_from_typed_secret(b"pass", &[2; SALT_LEN], FAST).unwrap();
        assert_ne!(a.expose_secret(), b.expose_secret());
    }

    #[test]
    fn excessive_params_are_refused_before_any_work() {
        let huge = KdfParams {
            m_kib: 64 * 1024 * 1024,
            t: 1,
            p: 1,
        };
        let err = kek_from_typed_secret(b"x", &[0; SALT_LEN], huge).unwrap_err();
        assert_eq!(err.code(), crate::ErrorCode::ExcessiveWork);
        let slow = KdfParams {
            m_kib: 64,
            t: 1000,
            p: 1,
        };
        assert_eq!(
            slow.check().unwrap_err().code(),
            crate::ErrorCode::ExcessiveWork
        );
        assert!(KdfParams::DEFAULT.check().is_ok());
    }

    #[test]
    fn recovery_codes_normalise() {
        let code = recovery::generate().unwrap();
        let shown = code.expose_secret().clone();
        assert_eq!(shown.len(), 39, "{}", shown.len());
        let canonical = recovery::normalize(&shown).unwrap();
        let sloppy = shown.to_lowercase().replace('-', " ");
        assert_eq!(
            recovery::normalize(&sloppy).unwrap().expose_secret(),
            canonical.expose_secret()
        );
        assert!(recovery::normalize("not a code").is_none());
        assert!(recovery::normalize("").is_none());
        assert_ne!(
            recovery::generate().unwrap().expose_secret(),
            code.expose_secret()
        );
    }
}
