//! `dormant report`: loads the org (or reopens its snapshot with `--offline`), classifies it and
//! prints every selected user to stdout as a table, CSV or JSON. Wiring only: loading lives in
//! `api`, snapshots in `store`, lanes in `directory`, rendering in `report`. Data goes to stdout,
//! everything else (progress, warnings, the snapshot's age) to stderr.

mod from_csv;
mod offline;
mod progress;

use crate::api::{self, ApiError, Client, LoadOptions};
use crate::cli::settings::{ApiArgs, GlobalArgs, Settings, SettingsError};
use crate::directory::{Directory, DirectoryIndex};
use crate::import::ImportError;
use crate::report::{self, Format, Selection, SelectionError};
use crate::store::credentials::KEY_ENV_VAR;
use crate::store::{FileError, Paths, PathsError, SnapshotCache};
use crate::types::OrgId;
use chrono::Utc;
use clap::Args;
use std::fmt;
use std::io::{self, BufWriter, IsTerminal as _, Write as _};
use std::path::{Path, PathBuf};
use thiserror::Error;

/// Flags of `dormant report`.
#[derive(Debug, Args)]
#[command(after_long_help = help_footer())]
pub struct ReportArgs {
    /// Output format: table (for people), csv or json (for scripts).
    #[arg(long, default_value_t = Format::Table)]
    format: Format,
    /// Report from the snapshot saved by the last online run, without calling the API.
    #[arg(long)]
    offline: bool,
    /// Report from Atlassian's admin "Export users" CSV instead of the API (no key needed).
    #[arg(long, value_name = "FILE", conflicts_with = "offline")]
    from_csv: Option<PathBuf>,
    /// The filter and sort of the view NAME (`[views.NAME]` in the config, or a built-in one:
    /// cleanup-ready, never-active, unmanaged-idle, warned-and-due); not with --filter or --sort.
    #[arg(long, value_name = "NAME", conflicts_with_all = ["filter", "sort"])]
    view: Option<String>,
    /// Only users matching EXPR, e.g. "lane:ready !type:admin" (--help shows the grammar).
    #[arg(long, value_name = "EXPR")]
    filter: Option<String>,
    /// Order by FIELD (name, email, last-active, idle, lane, type, status, groups, added or a
    /// product key), ascending or with :desc. Default: lane, then most days idle first.
    #[arg(long, value_name = "FIELD[:desc]")]
    sort: Option<String>,
    #[command(flatten)]
    api: ApiArgs,
}

/// The key's variable and the filter grammar, below the flags of `dormant report --help`.
fn help_footer() -> String {
    format!(
        "The org API key is read from {KEY_ENV_VAR} when set, else from the OS keychain (`dormant \
         login`); never from a flag. --offline and --from-csv need none.\n\n\
         --filter grammar:\n\n{}",
        crate::directory::QUERY_GRAMMAR
    )
}

/// Why `dormant report` printed no report.
#[derive(Debug, Error)]
pub enum ReportError {
    /// Only a missing key or an API failure is avoided by `--offline`: config, profile and file
    /// errors stop it the same way, so they get no such advice.
    #[error("{error}{hint}", error = .0, hint = offline_hint(.0))]
    Settings(#[from] SettingsError),
    #[error(transparent)]
    Selection(#[from] SelectionError),
    #[error(transparent)]
    Api(#[from] ApiError),
    #[error(transparent)]
    Paths(#[from] PathsError),
    #[error(transparent)]
    Import(#[from] ImportError),
    #[error("could not list the saved snapshots: {0}")]
    ListSnapshots(#[source] FileError),
    #[error(
        "no snapshot is saved{}: run `dormant report` once without --offline to load the org from the \
         API and save one",
        org.as_ref().map(|org| format!(" for org {org:?}")).unwrap_or_default()
    )]
    NoSnapshot { org: Option<String> },
    #[error("{warning}; run `dormant report` once without --offline to replace it")]
    UnusableSnapshot { warning: String },
    #[error(
        "snapshots of {} orgs are saved: {}; choose one with --org or DORMANT_ORG_ID",
        orgs.len(),
        orgs.join(", ")
    )]
    SeveralSnapshots { orgs: Vec<String> },
    #[error("could not write the report to stdout: {0}")]
    Write(#[source] io::Error),
}

/// The advice to fall back on the snapshot, for the errors `--offline` does not meet.
fn offline_hint(error: &SettingsError) -> &'static str {
    match error {
        SettingsError::Credentials(_) | SettingsError::Api(_) => {
            "; or add --offline to report from the last saved snapshot"
        }
        _ => "",
    }
}

impl ReportError {
    /// Whether the command line or environment is what needs fixing (exit code 2).
    #[must_use]
    pub fn is_usage(&self) -> bool {
        match self {
            Self::Selection(_)
            | Self::SeveralSnapshots { .. }
            | Self::Import(ImportError::NotAnExport { .. } | ImportError::Empty { .. }) => true,
            Self::Settings(error) => error.is_usage(),
            Self::Api(error) => matches!(
                error,
                ApiError::InvalidBaseUrl { .. }
                    | ApiError::InvalidKey { .. }
                    | ApiError::NoOrgVisible
                    | ApiError::SeveralOrgs { .. }
            ),
            Self::Paths(_)
            | Self::Import(_)
            | Self::ListSnapshots(_)
            | Self::NoSnapshot { .. }
            | Self::UnusableSnapshot { .. }
            | Self::Write(_) => false,
        }
    }
}

/// Runs `dormant report` to completion.
pub async fn run(args: ReportArgs, global: &GlobalArgs) -> Result<(), ReportError> {
    // A typo in --filter or --sort fails now, not after loading a large org.
    report::check_syntax(args.filter.as_deref(), args.sort.as_deref())?;
    // Profile, policy and persisted exclusions come from the config, flags override.
    let settings = Settings::load(global, &args.api)?;
    let (filter, sort) = settings.selection_text(args.view.as_deref(), args.filter, args.sort)?;
    let directory = load_directory(&settings, args.from_csv.as_deref(), args.offline).await?;
    let index = settings.index(directory);
    let selection = Selection::parse(&index, filter.as_deref(), sort.as_deref())?;
    write_report(&index, &selection, args.format)
}

/// The org as `report` (and `summary`) read it: from Atlassian's CSV export, from the saved
/// snapshot (`offline`), or from the API, saving a new snapshot.
pub(crate) async fn load_directory(
    settings: &Settings,
    from_csv: Option<&Path>,
    offline: bool,
) -> Result<Directory, ReportError> {
    if let Some(path) = from_csv {
        Ok(from_csv::read(path, settings.org_id.as_ref())?)
    } else if offline {
        offline::reopen(settings.org_id.as_ref())
    } else {
        load_online(settings).await
    }
}

async fn load_online(settings: &Settings) -> Result<Directory, ReportError> {
    let key = settings.api_key().await?;
    let connection = settings.connect(key).await?;
    load_from(&connection.client, &connection.org_id, &settings.paths).await
}

/// Loads the org with a progress line on stderr and saves its snapshot (also `dormant plan`).
pub(crate) async fn load_from(
    client: &Client,
    org_id: &OrgId,
    paths: &Paths,
) -> Result<Directory, ReportError> {
    let interactive = io::stderr().is_terminal();
    let line = progress::ProgressLine::new(interactive);
    let outcome = api::load_directory(client, org_id.as_str(), &LoadOptions::default(), &|event| {
        line.show(&event);
    })
    .await;
    line.clear();
    let outcome = outcome?;
    if interactive {
        say(format_args!("{}", progress::summary(&outcome)));
    }
    let unasked = outcome.stats.activity.skipped;
    if interactive && unasked > 0 {
        // Said, not hidden (scripts read it in the data: lane review, reason activity unknown): these users' activity stays unknown, so they are listed as review.
        let per = LoadOptions::default().users_per_request;
        say(format_args!(
            "note: the activity of {unasked} users was not looked up (a load makes at most one \
             request per {per} users); they are in lane review as activity unknown"
        ));
    }
    save_snapshot(paths, &outcome.directory);
    Ok(outcome.directory)
}

/// Saves the snapshot `--offline` reopens. A failure costs only `--offline`, so it is a warning.
fn save_snapshot(paths: &Paths, directory: &Directory) {
    let saved = SnapshotCache::new(paths)
        .save(directory, Utc::now())
        .map_err(|error| error.to_string());
    if let Err(reason) = saved {
        say(format_args!(
            "warning: could not save the snapshot for --offline ({reason}); the report itself is unaffected"
        ));
    }
}

/// Renders to stdout through one buffered, locked writer. A reader that stops early (`| head`)
/// is a normal end, not an error.
fn write_report(index: &DirectoryIndex, selection: &Selection, format: Format) -> Result<(), ReportError> {
    let mut out = BufWriter::with_capacity(64 * 1024, io::stdout().lock());
    let written = report::render(index, selection, format, &mut out).and_then(|()| out.flush());
    match written {
        Err(error) if error.kind() == io::ErrorKind::BrokenPipe => {
            // Nothing more can reach the closed pipe; dropping must not retry the flush loudly.
            drop(out.into_parts());
            Ok(())
        }
        result => result.map_err(ReportError::Write),
    }
}

/// One line on stderr, prefixed like every other message of dormant. Stderr is where a failure
/// to write it would be reported, so such a failure is deliberately not reported anywhere.
fn say(message: fmt::Arguments<'_>) {
    let mut stderr = io::stderr().lock();
    if writeln!(stderr, "dormant: {message}").is_err() {
        // Stderr is closed or full: there is no other channel for this line.
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_fixable_settings_are_usage_errors() {
        assert!(ReportError::SeveralSnapshots { orgs: vec![] }.is_usage());
        assert!(ReportError::Api(ApiError::NoOrgVisible).is_usage());
        assert!(!ReportError::NoSnapshot { org: None }.is_usage());
        assert!(!ReportError::Api(ApiError::Interrupted).is_usage());
        assert!(!ReportError::Write(io::Error::other("disk full")).is_usage());
    }
}
