//! `Operator`: who runs a batch or a warning run, as the journal and the audit log record it: the
//! OS user, the host, the profile and where the API key came from. Reads the environment and the
//! host name only; must not read, hold or describe the key itself.

use crate::directory::escape_controls;
use std::fmt;

/// Said when the OS does not tell (no `USER`/`USERNAME`, no host name).
const UNKNOWN_USER: &str = "unknown user";
const UNKNOWN_HOST: &str = "unknown host";

/// Who acts, for the `who` of journals and audit lines. Its text is what is recorded:
/// `ada on build-01, profile acme, org API key from the keychain`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Operator {
    pub os_user: String,
    pub host: String,
    pub profile: String,
    /// Where the key came from (`org API key from the keychain`), never the key.
    pub key_source: String,
}

impl Operator {
    /// The user and host running this process, acting for `profile` with a key from `key_source`.
    #[must_use]
    pub fn current(profile: &str, key_source: impl Into<String>) -> Self {
        Self {
            os_user: Self::current_user(),
            host: Self::current_host(),
            profile: profile.to_owned(),
            key_source: key_source.into(),
        }
    }

    /// The login name from `USER` (Unix) or `USERNAME` (Windows), or `LOGNAME`.
    #[must_use]
    pub fn current_user() -> String {
        ["USER", "USERNAME", "LOGNAME"]
            .iter()
            .filter_map(std::env::var_os)
            .map(|name| name.to_string_lossy().trim().to_owned())
            .find(|name| !name.is_empty())
            .map_or_else(
                || UNKNOWN_USER.to_owned(),
                |name| escape_controls(&name).into_owned(),
            )
    }

    /// `ada on build-01`: who made a change recorded outside a batch (an allowlist entry).
    #[must_use]
    pub fn user_at_host() -> String {
        format!("{} on {}", Self::current_user(), Self::current_host())
    }

    /// The machine's host name, as the OS reports it.
    #[must_use]
    pub fn current_host() -> String {
        hostname::get()
            .ok()
            .map(|name| name.to_string_lossy().trim().to_owned())
            .filter(|name| !name.is_empty())
            .map_or_else(
                || UNKNOWN_HOST.to_owned(),
                |name| escape_controls(&name).into_owned(),
            )
    }
}

impl fmt::Display for Operator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} on {}, profile {}, {}",
            self.os_user, self.host, self.profile, self.key_source
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_the_user_the_host_the_profile_and_the_key_source() {
        let operator = Operator {
            os_user: "ada".to_owned(),
            host: "build-01".to_owned(),
            profile: "acme".to_owned(),
            key_source: "org API key from the keychain".to_owned(),
        };
        assert_eq!(
            operator.to_string(),
            "ada on build-01, profile acme, org API key from the keychain"
        );
        let current = Operator::current("acme", "org API key from the keychain");
        assert!(!current.os_user.is_empty() && !current.host.is_empty());
        assert_eq!(current.profile, "acme");
    }
}
