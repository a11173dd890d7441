//! `Secret<T>`: the only way key material and passphrases travel through Kindred.
//!
//! Zeroized on drop, `Debug` prints `[redacted]`, no `Clone`, no `Serialize`,
//! no `Display`. The value is read through [`Secret::expose_secret`] at the
//! point of use, which makes every such place easy to find in review.

use std::fmt;

use zeroize::Zeroize;

/// A value that must never be logged, cloned by accident or written to disk.
pub struct Secret<T: Zeroize>(T);

impl<T: Zeroize> Secret<T> {
    /// Wraps `value`; from now on it is zeroized when dropped.
    pub fn new(value: T) -> Self {
        Self(value)
    }

    /// Borrows the secret value. Call this only where the value is consumed.
    pub fn expose_secret(&self) -> &T {
        &self.0
    }
}

impl<T: Zeroize> Drop for Secret<T> {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}

impl<T: Zeroize> fmt::Debug for Secret<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

impl From<String> for Secret<String> {
    fn from(value: String) -> Self {
        Self::new(value)
    }
}

impl From<&str> for Secret<String> {
    fn from(value: &str) -> Self {
        Self::new(value.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_the_value() {
        let s = Secret::new(String::from("correct horse battery staple"));
        let shown = format!("{s:?} {:?}", Some(&s));
        assert!(!shown.contains("horse"), "{shown}");
        assert_eq!(shown, "[redacted] Some([redacted])");
    }

    #[test]
    fn expose_gives_the_value_back() {
        let s = Secret::new([7u8; 32]);
        assert_eq!(s.expose_secret(), &[7u8; 32]);
    }
}
