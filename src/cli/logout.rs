//! `dormant logout`: removes the profile's key from the OS keychain. Wiring only; leaves the
//! config's profile in place (it holds no secret), so a later `dormant login` reuses it.

use crate::cli::settings::{GlobalArgs, SettingsError};
use crate::store::config::{self, Config, ProfileName};
use crate::store::credentials::{self, CredentialError, KEY_ENV_VAR, Keychain, KeychainKind};
use crate::store::{Paths, PathsError};
use clap::Args;
use thiserror::Error;

/// Flags of `dormant logout` (the profile comes from the global `--profile`).
#[derive(Debug, Args)]
pub struct LogoutArgs {}

/// Why the key could not be removed.
#[derive(Debug, Error)]
pub enum LogoutError {
    #[error(transparent)]
    Settings(#[from] SettingsError),
    #[error("the key was NOT removed: {0}")]
    Keychain(#[source] CredentialError),
}

impl LogoutError {
    /// Whether the admin must change something before retrying (exit code 2).
    #[must_use]
    pub fn is_usage(&self) -> bool {
        match self {
            Self::Settings(error) => error.is_usage(),
            Self::Keychain(error) => error.is_usage(),
        }
    }
}

/// Runs `dormant logout` to completion.
pub async fn run(_args: LogoutArgs, global: &GlobalArgs) -> Result<(), LogoutError> {
    let profile = profile_name(global)?;
    let keychain = credentials::run_blocking(Keychain::platform)
        .await
        .map_err(LogoutError::Keychain)?;
    let kind = keychain.kind();
    let target = profile.clone();
    let removed = credentials::run_blocking(move || keychain.delete(&target))
        .await
        .map_err(LogoutError::Keychain)?;
    print!(
        "{}",
        describe(&profile, kind, removed, std::env::var_os(KEY_ENV_VAR).is_some())
    );
    Ok(())
}

/// The profile to log out of. Only the name is needed, so a config with an unrelated mistake
/// still names it; an unknown `--profile` is fine too (its key may outlive its table).
fn profile_name(global: &GlobalArgs) -> Result<ProfileName, SettingsError> {
    if let Some(profile) = &global.profile {
        return Ok(profile.clone());
    }
    let path = match &global.config {
        Some(path) => path.clone(),
        None => {
            config::default_path(&Paths::platform().map_err(|error: PathsError| SettingsError::Paths(error))?)
        }
    };
    Ok(Config::load(&path)
        .map_err(SettingsError::Config)?
        .profile_name(None))
}

/// What `dormant logout` prints.
#[must_use]
pub fn describe(profile: &ProfileName, keychain: KeychainKind, removed: bool, env_set: bool) -> String {
    let mut text = if removed {
        format!("Removed the key of profile {profile} from {keychain}.\n")
    } else {
        format!("No key was stored for profile {profile} in {keychain}; nothing to remove.\n")
    };
    if env_set {
        text.push_str("note: ");
        text.push_str(KEY_ENV_VAR);
        text.push_str(" is still set in this environment, and dormant would use it; unset it too.\n");
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_message_says_what_happened_and_warns_about_the_env_var() {
        let profile: ProfileName = "acme".parse().expect("name");
        let removed = describe(&profile, KeychainKind::SecretService, true, false);
        assert!(
            removed.starts_with("Removed the key of profile acme from the Secret Service"),
            "{removed}"
        );
        let absent = describe(&profile, KeychainKind::MacosKeychain, false, true);
        assert!(
            absent.contains("nothing to remove") && absent.contains(KEY_ENV_VAR),
            "{absent}"
        );
    }
}
