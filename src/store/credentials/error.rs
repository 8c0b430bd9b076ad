//! `CredentialError`: every way the key could not be read, saved or deleted, saying which
//! keychain, what to do (unlock it, log in, or use `DORMANT_API_KEY`). Must never carry key bytes:
//! keychain errors are described by kind, never by their own `Display` when that could show data.

use super::{KEY_ENV_VAR, KEYCHAIN_SERVICE, KeychainKind};
use crate::store::config::ProfileName;

/// Why no usable key came out of (or went into) the keychain.
#[derive(Debug, thiserror::Error)]
pub enum CredentialError {
    #[error(
        "no OS keychain is usable: {reason}. Fix: start a desktop session (or `dbus-run-session`) with an \
         unlocked keyring such as gnome-keyring, or set {KEY_ENV_VAR} for this run; dormant never keeps \
         the key in a file"
    )]
    NoKeychain { reason: String },

    #[error(
        "{keychain} is locked or refused access ({reason}); could not {action} it for profile {profile}. \
         Fix: {}, or set {KEY_ENV_VAR} for this run",
        unlock_hint(*keychain)
    )]
    Locked {
        action: &'static str,
        keychain: KeychainKind,
        profile: ProfileName,
        reason: String,
    },

    #[error(
        "could not {action} {keychain} for profile {profile}: {reason}{}. Fix: check that the keychain \
         works (e.g. `secret-tool search service {KEYCHAIN_SERVICE}` on Linux), or set {KEY_ENV_VAR} for \
         this run",
        fallback_note(fallback.as_deref())
    )]
    Platform {
        action: &'static str,
        keychain: KeychainKind,
        profile: ProfileName,
        reason: String,
        fallback: Option<String>,
    },

    #[error(
        "the key stored for profile {profile} in {keychain} is not text; run `dormant login --profile \
         {profile}` to store it again"
    )]
    Corrupt {
        keychain: KeychainKind,
        profile: ProfileName,
    },

    #[error(
        "{count} entries in {keychain} match service {KEYCHAIN_SERVICE:?} and user {profile:?}; remove all \
         but one (Linux: `secret-tool clear service {KEYCHAIN_SERVICE} username {profile}`, then \
         `dormant login --profile {profile}`)"
    )]
    Ambiguous {
        keychain: KeychainKind,
        profile: ProfileName,
        count: usize,
    },

    #[error(
        "no API key is stored for profile {profile} in {keychain}: create an org API key at \
         admin.atlassian.com → Settings → API keys, then run `dormant login --profile {profile}`, or set \
         {KEY_ENV_VAR}"
    )]
    NotStored {
        profile: ProfileName,
        keychain: KeychainKind,
    },

    #[error("{KEY_ENV_VAR} is set but empty: unset it to use the keychain, or set it to the org API key")]
    EnvEmpty,

    #[error("{KEY_ENV_VAR} is not valid UTF-8: paste the key again exactly as admin.atlassian.com shows it")]
    EnvNotUnicode,

    #[error("the keychain call did not finish: {0}")]
    TaskFailed(String),
}

impl CredentialError {
    /// Classifies a `keyring_core` error without ever formatting data it may carry (the
    /// `BadEncoding` / `BadDataFormat` variants hold the stored bytes; `Ambiguous` holds entries).
    pub(super) fn from_store(
        action: &'static str,
        keychain: KeychainKind,
        fallback: Option<&str>,
        profile: &ProfileName,
        error: &keyring_core::Error,
    ) -> Self {
        use keyring_core::Error as Store;
        let profile = profile.clone();
        let platform = |reason: String| Self::Platform {
            action,
            keychain,
            profile: profile.clone(),
            reason,
            fallback: fallback.map(str::to_owned),
        };
        // The kernel keyring is only the fallback for a missing Secret Service: when it fails too,
        // no keychain is usable, and the fix is the Secret Service's (or the env var).
        if keychain == KeychainKind::KernelKeyring
            && let Store::NoStorageAccess(reason) | Store::PlatformFailure(reason) = error
        {
            return Self::NoKeychain {
                reason: format!(
                    "the Secret Service is unavailable ({}) and the kernel keyring refused to {action} it \
                     ({reason})",
                    fallback.unwrap_or("no D-Bus session")
                ),
            };
        }
        match error {
            Store::NoStorageAccess(reason) => Self::Locked {
                action,
                keychain,
                profile,
                reason: reason.to_string(),
            },
            Store::PlatformFailure(reason) => platform(reason.to_string()),
            Store::BadEncoding(_) | Store::BadDataFormat(..) => Self::Corrupt { keychain, profile },
            Store::Ambiguous(entries) => Self::Ambiguous {
                keychain,
                profile,
                count: entries.len(),
            },
            Store::NoEntry => Self::NotStored { profile, keychain },
            Store::BadStoreFormat(reason) => platform(format!("the keychain's data is malformed: {reason}")),
            Store::TooLong(attribute, limit) => platform(format!(
                "{attribute} is longer than the keychain's limit of {limit}"
            )),
            Store::Invalid(attribute, reason) => platform(format!("invalid {attribute}: {reason}")),
            Store::NoDefaultStore => platform("no credential store was set up".to_owned()),
            Store::NotSupportedByStore(reason) => platform(format!("not supported: {reason}")),
            // `keyring_core::Error` is non-exhaustive: name the kind, never the payload.
            _ => platform("an unrecognised keychain error".to_owned()),
        }
    }

    /// True when the fix is on the user's side (log in, unlock, set the variable), not a fault.
    #[must_use]
    pub fn is_usage(&self) -> bool {
        matches!(
            self,
            Self::NoKeychain { .. }
                | Self::Locked { .. }
                | Self::NotStored { .. }
                | Self::EnvEmpty
                | Self::EnvNotUnicode
        )
    }
}

fn unlock_hint(keychain: KeychainKind) -> &'static str {
    match keychain {
        KeychainKind::SecretService => {
            "unlock the keyring (log in to the desktop session, or run `gnome-keyring-daemon --unlock` \
             and type the keyring password)"
        }
        KeychainKind::MacosKeychain => "unlock the login keychain in Keychain Access",
        KeychainKind::WindowsCredentialManager => "log in to Windows as this user",
        KeychainKind::KernelKeyring | KeychainKind::Injected => "check that this session may use the keyring",
    }
}

fn fallback_note(fallback: Option<&str>) -> String {
    fallback
        .map(|reason| format!(" (used because the Secret Service is unavailable: {reason})"))
        .unwrap_or_default()
}
