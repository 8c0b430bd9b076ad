//! `dormant` with no subcommand: the triage console against the configured profile's org. Wiring
//! only: settings (config, profile, key, org) come from `cli::settings`, the console itself from
//! `tui::runtime`. With nothing set up yet it explains the first steps instead.

use super::settings::{ApiArgs, GlobalArgs, Settings as RunSettings, SettingsError};
use crate::api::LoadOptions;
use crate::directory::{Exclusions, Policy};
use crate::store::Operator;
use crate::tui::runtime::{self, ConsoleError, Services};
use crate::tui::{Keymap, KeymapError, Settings, Theme};
use crate::types::BatchCap;
use crate::warn::WarnStore;
use clap::Args;
use std::io::Write as _;
use std::path::PathBuf;
use thiserror::Error;

/// Flags of the console (`dormant` without a subcommand).
#[derive(Debug, Args, Default)]
pub struct ConsoleArgs {
    #[command(flatten)]
    api: ApiArgs,
    /// Browse, filter and exclude only: no key can mark users (also `read_only = true` in a profile).
    #[arg(long)]
    read_only: bool,
    /// Read the org from Atlassian's admin "Export users" CSV instead of the API; without an API
    /// key the console is read-only (committing always re-reads every user from the API).
    #[arg(long, value_name = "FILE")]
    from_csv: Option<PathBuf>,
}

/// Why the console did not start or stopped with an error.
#[derive(Debug, Error)]
pub enum ConsoleCommandError {
    #[error(transparent)]
    Settings(#[from] SettingsError),
    #[error("{}: {source}", path.display())]
    Keymap {
        path: PathBuf,
        #[source]
        source: KeymapError,
    },
    #[error(transparent)]
    Console(#[from] ConsoleError),
    /// The warning template named in the config is unusable.
    #[error(transparent)]
    Warn(#[from] Box<super::warn::WarnCommandError>),
}

impl ConsoleCommandError {
    #[must_use]
    pub fn is_usage(&self) -> bool {
        match self {
            Self::Settings(error) => error.is_usage(),
            Self::Keymap { .. } => true,
            Self::Console(_) => false,
            Self::Warn(error) => error.exit_code() == 2,
        }
    }
}

/// What a console session needs besides its services.
pub(crate) struct ConsoleSetup<'a> {
    pub keys: &'a crate::store::config::KeyTable,
    pub policy: Policy,
    pub exclusions: Exclusions,
    pub read_only: bool,
    pub marks_survive_exit: bool,
    pub label: String,
    /// The profile's batch cap (validated 1 to 100,000 by the config).
    pub cap: BatchCap,
    /// Every view (built in and `[views.NAME]`), for the view picker.
    pub views: std::collections::BTreeMap<String, crate::store::config::SavedView>,
}

/// The console's settings: the keymap with the config's `[keys]` applied (and every dangerous key
/// dropped when read-only), the profile's policy and exclusions.
pub(crate) fn console_settings(setup: ConsoleSetup<'_>) -> Result<Settings, KeymapError> {
    let keymap = Keymap::with_overrides(setup.keys)?;
    Ok(Settings {
        keymap: if setup.read_only {
            keymap.without_dangerous()
        } else {
            keymap
        },
        policy: setup.policy,
        exclusions: setup.exclusions,
        read_only: setup.read_only,
        marks_survive_exit: setup.marks_survive_exit,
        label: setup.label,
        theme: Theme::from_env(),
        cap: setup.cap,
        views: setup.views,
    })
}

/// Runs the console until the admin quits.
pub async fn run(args: ConsoleArgs, global: &GlobalArgs) -> Result<(), ConsoleCommandError> {
    let run_settings = RunSettings::load(global, &args.api)?;
    if args.from_csv.is_none() && super::first_run::is_first_run_now(&run_settings.config) {
        let mut stdout = std::io::stdout().lock();
        if write!(stdout, "{}", super::first_run::message()).is_err() {
            // Stdout is closed: there is nobody to explain the first steps to.
        }
        return Ok(());
    }
    // The key and org are resolved before the screen opens, so their errors print plainly. An
    // export needs no key: without one the session is read-only and says why.
    let connection = match run_settings.api_key().await {
        Ok(key) => Some(run_settings.connect(key).await?),
        Err(error) if args.from_csv.is_some() => {
            tracing::warn!("--from-csv without an API key, read-only: {error}");
            None
        }
        Err(error) => return Err(error.into()),
    };
    let (policy, exclusions) = run_settings.triage_rules();
    let settings = console_settings(ConsoleSetup {
        keys: run_settings.keys(),
        policy,
        exclusions,
        read_only: args.read_only || run_settings.read_only() || connection.is_none(),
        marks_survive_exit: true,
        label: run_settings
            .org_id
            .as_ref()
            .map_or_else(|| run_settings.profile.name.to_string(), ToString::to_string),
        cap: run_settings.cap(),
        views: run_settings.config.views().clone(),
    })
    .map_err(|source| ConsoleCommandError::Keymap {
        path: run_settings.config.path().to_path_buf(),
        source,
    })?;
    let org_id = match &connection {
        Some(connection) => connection.org_id.clone(),
        // An export names no org: marks of a keyless session are kept under a placeholder.
        None => run_settings
            .org_id
            .clone()
            .unwrap_or_else(crate::import::unknown_org_id),
    };
    let services = Services {
        operator: Operator::current(
            run_settings.profile.name.as_str(),
            connection.as_ref().map_or_else(
                || "read-only, no API key".to_owned(),
                |connection| format!("org API key from {}", connection.key_source),
            ),
        )
        .to_string(),
        client: connection.map(|connection| connection.client),
        csv_source: args.from_csv,
        org_id: Some(org_id),
        paths: run_settings.paths.clone(),
        allowlist: run_settings.allowlist_file.clone(),
        config_path: run_settings.config.path().to_path_buf(),
        load_options: LoadOptions::default(),
        warn_store: WarnStore::new(&run_settings.paths, &run_settings.profile.name),
        warning_template: super::warn::template_of(&run_settings).map_err(Box::new)?,
    };
    runtime::run(settings, services).await?;
    Ok(())
}
