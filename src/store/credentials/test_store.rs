//! The test-only stand-in for the OS keychain, chosen by `DORMANT_TEST_KEYCHAIN` in debug builds
//! only: tests that spawn the real binary set it so that no test depends on (or writes to) the
//! machine's keychain. Compiled out of release builds entirely (the module is
//! `cfg(debug_assertions)`), so a shipped `dormant` always uses the platform keychain. Must not
//! persist anything: the in-memory store dies with the process.
//!
//! - `DORMANT_TEST_KEYCHAIN=memory`: an empty in-memory store (`keyring_core::mock`), reported as
//!   "the injected credential store".
//! - `DORMANT_TEST_KEYCHAIN=unavailable`: no keychain at all, as on a server whose kernel keyring
//!   refuses access and which runs no D-Bus session (the `NoKeychain` error).

use super::{CredentialError, Keychain, KeychainKind};
use std::ffi::OsString;

/// The environment variable that replaces the OS keychain in debug builds.
pub const TEST_KEYCHAIN: &str = "DORMANT_TEST_KEYCHAIN";

/// The keychain `TEST_KEYCHAIN` (read by the caller) asks for; `None` when it is unset, so the
/// platform keychain is used. Any other value is an error, so a typo never falls through to the
/// real keychain.
pub(super) fn from_env(value: Option<OsString>) -> Result<Option<Keychain>, CredentialError> {
    let Some(value) = value else {
        return Ok(None);
    };
    match value.to_str() {
        Some("memory") => keyring_core::mock::Store::new()
            .map(|store| Some(Keychain::new(store, KeychainKind::Injected)))
            .map_err(|_| CredentialError::NoKeychain {
                reason: format!("the in-memory test store of {TEST_KEYCHAIN} could not be created"),
            }),
        Some("unavailable") => Err(CredentialError::NoKeychain {
            reason: format!("{TEST_KEYCHAIN}=unavailable stands in for a machine without one"),
        }),
        _ => Err(CredentialError::NoKeychain {
            reason: format!("{TEST_KEYCHAIN} must be `memory` or `unavailable` (or unset)"),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::config::ProfileName;
    use crate::types::Secret;

    #[test]
    fn unset_leaves_the_platform_keychain_in_charge() {
        assert!(from_env(None).expect("unset is fine").is_none());
    }

    #[test]
    fn memory_is_an_empty_injected_store_that_keeps_what_it_is_given() {
        let keychain = from_env(Some("memory".into()))
            .expect("memory store")
            .expect("a keychain");
        assert_eq!(keychain.kind(), KeychainKind::Injected);
        let profile: ProfileName = "acme".parse().expect("profile");
        assert_eq!(keychain.read(&profile).expect("read"), None);
        keychain.save(&profile, &Secret::new("k".into())).expect("save");
        assert!(keychain.read(&profile).expect("read").is_some());
    }

    #[test]
    fn unavailable_and_unknown_values_are_no_keychain_never_the_platform_one() {
        for value in ["unavailable", "", "file"] {
            let error = from_env(Some(value.into())).expect_err(value);
            let message = error.to_string();
            assert!(message.starts_with("no OS keychain is usable"), "{message}");
            assert!(message.contains(TEST_KEYCHAIN), "{message}");
            assert!(error.is_usage());
        }
    }
}
