//! `Secret`: a string that never prints itself. Exposed only where an HTTP header is built (and
//! where the keychain or the mail login stores or sends it). Must not implement `Display`.

use std::fmt;

/// A credential. `Debug` is redacted and there is no `Display`, so it cannot reach a log,
/// a panic message or an error by accident.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    #[must_use]
    pub fn new(value: String) -> Self {
        Self(value)
    }

    /// The raw value. Call only where it leaves the process on purpose (the `Authorization` header).
    #[must_use]
    pub fn expose(&self) -> &str {
        &self.0
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.0.trim().is_empty()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_the_value() {
        let secret = Secret::new("s3cr3t-key-value".into());
        let shown = format!("{secret:?} {:?}", Some(&secret));
        assert!(!shown.contains("s3cr3t"), "{shown}");
        assert_eq!(secret.expose(), "s3cr3t-key-value");
    }
}
