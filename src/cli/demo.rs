//! `dormant demo`: the full console against a simulated org served in-process on a free loopback
//! port, with its own temporary config, cache and data directories (deleted at exit), so it never
//! touches the admin's real files or any real org.

use super::console::{ConsoleSetup, console_settings};
use super::settings::{ApiArgs, GlobalArgs, ProfileLookup, Settings as RunSettings, SettingsError};
use crate::api::{ApiError, Client, ClientConfig, LoadOptions};
use crate::sim::{SimConfig, SimStartError};
use crate::store::Paths;
use crate::tui::KeymapError;
use crate::tui::runtime::{self, ConsoleError, Services};
use crate::types::OrgId;
use crate::warn::WarnStore;
use clap::Args;
use std::io;
use thiserror::Error;

/// Flags of `dormant demo`.
#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Accounts in the simulated org.
    #[arg(long, default_value_t = 5_000, value_name = "N")]
    users: u32,
    /// Seed of the simulated org: the same seed gives the same org.
    #[arg(long, default_value_t = 42, value_name = "S")]
    seed: u64,
    /// Browse, filter and exclude only: no key can mark users.
    #[arg(long)]
    read_only: bool,
}

/// Why the demo did not start or stopped with an error.
#[derive(Debug, Error)]
pub enum DemoError {
    #[error("could not create the demo's temporary directory: {0}")]
    TempDir(#[source] io::Error),
    #[error(transparent)]
    Sim(#[from] SimStartError),
    #[error(transparent)]
    Api(#[from] ApiError),
    #[error(transparent)]
    Keymap(#[from] KeymapError),
    #[error(transparent)]
    Settings(#[from] SettingsError),
    #[error(transparent)]
    Console(#[from] ConsoleError),
    #[error(transparent)]
    Warn(#[from] Box<super::warn::WarnCommandError>),
}

impl DemoError {
    #[must_use]
    pub fn is_usage(&self) -> bool {
        matches!(self, Self::Sim(SimStartError::Config(_)))
    }
}

/// Runs the demo until the admin quits, then stops the simulator and deletes its files.
pub async fn run(args: DemoArgs) -> Result<(), DemoError> {
    let root = tempfile::Builder::new()
        .prefix("dormant-demo-")
        .tempdir()
        .map_err(DemoError::TempDir)?;
    let sim = crate::sim::start(SimConfig {
        users: args.users,
        seed: args.seed,
        ..SimConfig::default()
    })
    .await?;
    let client = Client::new(ClientConfig::new(sim.base_url.clone(), sim.key.clone()))?;
    // The shipped defaults under the temporary root: no config of the admin's is read.
    let run_settings = RunSettings::load_with(
        Paths::under(root.path()),
        &GlobalArgs::default(),
        &ApiArgs::default(),
        ProfileLookup::Existing,
    )?;
    let (policy, exclusions) = run_settings.triage_rules();
    let settings = console_settings(ConsoleSetup {
        keys: run_settings.keys(),
        policy,
        exclusions,
        read_only: args.read_only,
        marks_survive_exit: false,
        label: "demo org".to_owned(),
        cap: run_settings.cap(),
        views: run_settings.config.views().clone(),
    })?;
    // The simulator's org ids are generated UUIDs, which every org id rule accepts.
    let org_id = OrgId::try_from(sim.org_id.clone()).map_err(|_| ApiError::UnusableOrgId {
        id: sim.org_id.clone(),
    })?;
    let services = Services {
        client: Some(client),
        csv_source: None,
        org_id: Some(org_id),
        paths: run_settings.paths.clone(),
        allowlist: run_settings.allowlist_file.clone(),
        config_path: run_settings.config.path().to_path_buf(),
        operator: crate::store::Operator::current(
            run_settings.profile.name.as_str(),
            "the simulator's key (dormant demo, simulated org)",
        )
        .to_string(),
        load_options: LoadOptions::default(),
        warn_store: WarnStore::new(&run_settings.paths, &run_settings.profile.name),
        warning_template: super::warn::template_of(&run_settings).map_err(Box::new)?,
    };
    let outcome = runtime::run(settings, services).await;
    sim.shutdown().await;
    outcome?;
    Ok(())
}
