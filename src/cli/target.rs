//! Which org a command talks to and with which key: `DORMANT_API_KEY`, `--base-url` /
//! `DORMANT_BASE_URL`, `--org` / `DORMANT_ORG_ID` (discovered when the key sees one org). The one
//! function every online command resolves through, so switching to saved profiles changes one
//! place. Must not load or decide anything beyond that.

use crate::api::{self, ApiError, Client, ClientConfig, DEFAULT_BASE_URL};
use crate::store::Secret;
use clap::Args;
use std::ffi::OsString;
use thiserror::Error;

/// The only place the API key is read from (never a flag: command lines are visible to other
/// local users and land in shell history).
pub const KEY_VAR: &str = "DORMANT_API_KEY";

/// Flags naming the API and org, shared by every online command.
#[derive(Debug, Clone, Args)]
pub struct TargetArgs {
    /// API base URL (https, or http to this machine only).
    #[arg(long, env = "DORMANT_BASE_URL", value_name = "URL")]
    pub base_url: Option<String>,
    /// Organization id: the UUID after /o/ in the admin console's address. Discovered from the
    /// key when it sees exactly one org.
    #[arg(long = "org", env = "DORMANT_ORG_ID", value_name = "ORG_ID")]
    pub org: Option<String>,
}

/// Why no API target could be set up.
#[derive(Debug, Error)]
pub enum TargetError {
    #[error(
        "{KEY_VAR} is not set: create an org API key at admin.atlassian.com → Settings → API keys, then \
         `export {KEY_VAR}=<key>` (logging in through the OS keychain comes in a later version)"
    )]
    MissingKey,
    #[error("{KEY_VAR} is not valid UTF-8: paste the key again exactly as admin.atlassian.com shows it")]
    KeyNotUnicode,
    #[error(transparent)]
    Api(#[from] ApiError),
}

impl TargetError {
    /// Whether the command line or environment is what needs fixing.
    #[must_use]
    pub fn is_usage(&self) -> bool {
        match self {
            Self::MissingKey | Self::KeyNotUnicode => true,
            Self::Api(error) => matches!(
                error,
                ApiError::InvalidBaseUrl { .. }
                    | ApiError::InvalidKey { .. }
                    | ApiError::NoOrgVisible
                    | ApiError::SeveralOrgs { .. }
            ),
        }
    }
}

/// A client for one org, and who is acting (for journals and the audit log).
#[derive(Debug, Clone)]
pub struct Target {
    pub client: Client,
    pub org_id: String,
    /// The key's label or the admin's email when known; otherwise how the key was supplied.
    pub operator: String,
}

/// Resolves key, base URL and org. `org_fallback` (e.g. the org of a plan file) is used when
/// neither `--org` nor `DORMANT_ORG_ID` is given, before asking the API.
pub async fn resolve(args: &TargetArgs, org_fallback: Option<&str>) -> Result<Target, TargetError> {
    let key = key_from(std::env::var_os(KEY_VAR))?;
    let base_url = api::parse_base_url(args.base_url.as_deref().unwrap_or(DEFAULT_BASE_URL))?;
    let client = Client::new(ClientConfig::new(base_url, key))?;
    let org_id = match args.org.as_deref().or(org_fallback) {
        Some(org) => org.to_owned(),
        None => client.discover_org().await?,
    };
    Ok(Target {
        client,
        org_id,
        operator: format!("org API key from {KEY_VAR}"),
    })
}

/// The key from an environment value, wrapped at once so it can never be printed.
pub fn key_from(value: Option<OsString>) -> Result<Secret, TargetError> {
    let value = value.ok_or(TargetError::MissingKey)?;
    let key = Secret::new(value.into_string().map_err(|_| TargetError::KeyNotUnicode)?);
    if key.is_empty() {
        return Err(TargetError::MissingKey);
    }
    Ok(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_comes_only_from_a_non_empty_environment_value() {
        assert!(matches!(key_from(None), Err(TargetError::MissingKey)));
        assert!(matches!(
            key_from(Some(OsString::from("  "))),
            Err(TargetError::MissingKey)
        ));
        let key = key_from(Some(OsString::from("s3cret-value"))).expect("key");
        assert_eq!(key.expose(), "s3cret-value");
        assert!(!format!("{key:?}").contains("s3cret"));
        assert!(TargetError::MissingKey.is_usage());
    }
}
