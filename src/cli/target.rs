//! Which org a batch command talks to, with which key and under which profile: the profile's
//! settings (`cli::settings`: config, `--profile`, `--base-url`, `--org`, key from
//! `DORMANT_API_KEY` or the keychain), with the plan's org as the fallback before asking the API.
//! The one function every batch command resolves through. Must not load or decide anything else.

use super::settings::{ApiArgs, GlobalArgs, Settings, SettingsError};
use crate::api::Client;
use crate::store::Operator;
use crate::types::OrgId;
use thiserror::Error;

/// Why no API target could be set up.
#[derive(Debug, Error)]
pub enum TargetError {
    #[error(transparent)]
    Settings(#[from] SettingsError),
    #[error(transparent)]
    Api(#[from] crate::api::ApiError),
}

impl TargetError {
    /// Whether the command line, config or environment is what needs fixing.
    #[must_use]
    pub fn is_usage(&self) -> bool {
        match self {
            Self::Settings(error) => error.is_usage(),
            Self::Api(error) => matches!(error, crate::api::ApiError::InvalidKey { .. }),
        }
    }
}

/// A client for one org, who is acting (for journals and the audit log), and the profile's
/// settings (policy, exclusions, cap, where files live).
#[derive(Debug)]
pub struct Target {
    pub client: Client,
    pub org_id: OrgId,
    /// Who acts: OS user, host, profile and how the key was supplied (`store::Operator`).
    pub operator: String,
    pub settings: Settings,
}

/// The profile's settings without any key or network: for commands that only read local files.
pub fn local(global: &GlobalArgs) -> Result<Settings, TargetError> {
    Ok(Settings::load(global, &ApiArgs::default())?)
}

/// Resolves profile, key, base URL and org. `org_fallback` (e.g. the org of a plan file) is used
/// when neither `--org`, `DORMANT_ORG_ID` nor the profile names one, before asking the API.
pub async fn resolve(
    global: &GlobalArgs,
    api: &ApiArgs,
    org_fallback: Option<&OrgId>,
) -> Result<Target, TargetError> {
    let mut settings = Settings::load(global, api)?;
    if settings.org_id.is_none() {
        settings.org_id = org_fallback.cloned();
    }
    let key = settings.api_key().await?;
    let connection = settings.connect(key).await?;
    Ok(Target {
        client: connection.client,
        org_id: connection.org_id,
        operator: Operator::current(
            settings.profile.name.as_str(),
            format!("org API key from {}", connection.key_source),
        )
        .to_string(),
        settings,
    })
}
