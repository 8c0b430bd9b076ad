//! `dormant` with no subcommand: the triage console against the configured org. Wiring only:
//! resolves key, base URL and org, then hands over to `tui::runtime`.

use super::report::{ReportError, api_key};
use crate::api::{self, ApiError, Client, ClientConfig, DEFAULT_BASE_URL, LoadOptions};
use crate::directory::{Exclusions, Policy};
use crate::store::{Paths, PathsError};
use crate::tui::runtime::{self, ConsoleError, Services};
use crate::tui::{Keymap, KeymapError, Settings, Theme};
use clap::Args;
use thiserror::Error;

/// Flags of the console (`dormant` without a subcommand).
#[derive(Debug, Args, Default)]
pub struct ConsoleArgs {
    /// API base URL (https, or http to this machine only).
    #[arg(long, env = "DORMANT_BASE_URL", value_name = "URL")]
    base_url: Option<String>,
    /// Organization id (the UUID after /o/ in the admin console's address); discovered from the
    /// key when it sees exactly one org.
    #[arg(long = "org", env = "DORMANT_ORG_ID", value_name = "ORG_ID")]
    org: Option<String>,
    /// Browse, filter and exclude only: no key can mark users.
    #[arg(long)]
    read_only: bool,
}

/// Why the console did not start or stopped with an error.
#[derive(Debug, Error)]
pub enum ConsoleCommandError {
    #[error(transparent)]
    Settings(#[from] ReportError),
    #[error(transparent)]
    Api(#[from] ApiError),
    #[error(transparent)]
    Paths(#[from] PathsError),
    #[error(transparent)]
    Keymap(#[from] KeymapError),
    #[error(transparent)]
    Console(#[from] ConsoleError),
}

impl ConsoleCommandError {
    #[must_use]
    pub fn is_usage(&self) -> bool {
        match self {
            Self::Settings(error) => error.is_usage(),
            Self::Api(error) => matches!(
                error,
                ApiError::InvalidBaseUrl { .. } | ApiError::InvalidKey { .. }
            ),
            Self::Keymap(_) => true,
            Self::Paths(_) | Self::Console(_) => false,
        }
    }
}

/// The console's settings for a session: shipped keymap and policy (config comes later).
pub(crate) fn settings(
    read_only: bool,
    marks_survive_exit: bool,
    label: String,
) -> Result<Settings, KeymapError> {
    let keymap = Keymap::defaults()?;
    Ok(Settings {
        keymap: if read_only {
            keymap.without_dangerous()
        } else {
            keymap
        },
        policy: Policy::default(),
        exclusions: Exclusions::default(),
        read_only,
        marks_survive_exit,
        label,
        theme: Theme::from_env(),
    })
}

/// Runs the console until the admin quits.
pub async fn run(args: ConsoleArgs) -> Result<(), ConsoleCommandError> {
    let key = api_key()?;
    let base_url = api::parse_base_url(args.base_url.as_deref().unwrap_or(DEFAULT_BASE_URL))?;
    let client = Client::new(ClientConfig::new(base_url, key))?;
    let label = args.org.clone().unwrap_or_else(|| "your org".to_owned());
    let settings = settings(args.read_only, true, label)?;
    let services = Services {
        client,
        org_id: args.org,
        paths: Paths::platform()?,
        load_options: LoadOptions::default(),
    };
    runtime::run(settings, services).await?;
    Ok(())
}
