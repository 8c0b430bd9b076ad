//! What the headless batch commands share: their error type and exit codes, the confirmation
//! prompt, the progress line, the final summary, plan files, and the commit's setup (rules,
//! store, Ctrl-C). Wiring and terminal I/O only; every decision is `batch`'s.

use super::report::ReportError;
use super::settings::GlobalArgs;
use super::target::{Target, TargetError};
use crate::api::convert;
use crate::batch::{
    AccessTargetError, ApiGateway, BatchEnd, BatchReport, BatchStore, CancelToken, CommitError,
    CommitProgress, ConfirmBy, HistoryError, Outcome, Plan, PlanError, Preview, ReadOnly, Safeguard,
    UndoError, write_results_csv, write_results_json,
};
use crate::directory::{Classifier, DataSource, Directory, Interner, Org, escape_controls};
use crate::store::{FileError, PathsError, atomic};
use chrono::Utc;
use std::fmt;
use std::io::{self, BufRead as _, IsTerminal as _, Write as _};
use std::path::{Path, PathBuf};
use thiserror::Error;

/// Exit code: the batch finished with failures, was cancelled, or stopped early.
pub const EXIT_PARTIAL: u8 = 3;
/// Exit code: nothing was done because dormant refused (not confirmed, over the cap, wrong org,
/// another run holds the org, the plan ran before).
pub const EXIT_REFUSED: u8 = 4;
/// Largest plan file read.
const PLAN_READ_LIMIT: u64 = 512 << 20;

/// Why a batch command did not fully succeed.
#[derive(Debug, Error)]
pub enum BatchCommandError {
    #[error(transparent)]
    Target(#[from] TargetError),
    #[error(transparent)]
    Load(#[from] ReportError),
    #[error(transparent)]
    Paths(#[from] PathsError),
    #[error("--filter: {0}")]
    Filter(String),
    #[error(transparent)]
    AccessTarget(#[from] AccessTargetError),
    #[error(transparent)]
    Plan(#[from] PlanError),
    #[error(transparent)]
    ReadOnly(#[from] ReadOnly),
    #[error("could not read the plan {}: {reason}", path.display())]
    PlanFile { path: PathBuf, reason: String },
    #[error(transparent)]
    File(#[from] FileError),
    #[error("could not write the IdP handoff CSV: {0}")]
    Handoff(#[source] csv::Error),
    #[error(transparent)]
    Commit(#[from] CommitError),
    #[error(transparent)]
    History(#[from] HistoryError),
    #[error(transparent)]
    Undo(#[from] UndoError),
    #[error("{0}; nothing was changed")]
    NotConfirmed(String),
    #[error("batch {batch_id}: {summary}; details in {}", journal.display())]
    Partial {
        batch_id: String,
        summary: String,
        journal: PathBuf,
    },
    #[error("could not write to stdout: {0}")]
    Write(#[source] io::Error),
}

impl BatchCommandError {
    /// 2 usage, 3 partial failure, 4 refusal, 1 anything else.
    #[must_use]
    pub fn exit_code(&self) -> u8 {
        match self {
            Self::Target(error) if error.is_usage() => 2,
            Self::Load(error) if error.is_usage() => 2,
            Self::Filter(_) | Self::AccessTarget(_) => 2,
            Self::Partial { .. } => EXIT_PARTIAL,
            Self::NotConfirmed(_)
            | Self::Plan(_)
            | Self::ReadOnly(_)
            | Self::Undo(_)
            | Self::History(HistoryError::WarningRun(_)) => EXIT_REFUSED,
            Self::Commit(error) if error.is_refusal() => EXIT_REFUSED,
            _ => 1,
        }
    }
}

/// The batch store of the profile's data directory.
pub fn store(global: &GlobalArgs) -> Result<BatchStore, BatchCommandError> {
    Ok(BatchStore::new(&super::target::local(global)?.paths))
}

/// The protection rules the commit re-checks: the same policy and exclusions as the report.
/// Allowlisted groups are resolved against the org's group list, read only when the allowlist
/// names groups.
pub async fn safeguard(plan: &Plan, target: &Target) -> Result<Safeguard, BatchCommandError> {
    let (policy, exclusions) = target.settings.triage_rules();
    let groups = if policy.allowlist.groups.is_empty() {
        Vec::new()
    } else {
        let mut interner = Interner::default();
        crate::api::load::all_groups(&target.client, target.org_id.as_str())
            .await
            .map_err(TargetError::Api)?
            .into_iter()
            .map(|record| convert::group(record, &mut interner))
            .collect()
    };
    let directory = Directory {
        org: Org {
            id: plan.org_id.to_string(),
            name: plan.org_name.clone(),
        },
        directories: Vec::new(),
        domains: Vec::new(),
        groups,
        sites: Vec::new(),
        users: Vec::new(),
        loaded_at: Utc::now(),
        source: DataSource::Api {
            base_url: target.client.base_url().to_string(),
        },
    };
    // The warnings recorded so far, so `require_warning` is re-checked as the plan checked it.
    // Headless, confirming means confirming every section the preview printed (`confirm`).
    Ok(Safeguard::new(
        Classifier::new(&directory, &policy, &exclusions, Utc::now())
            .with_warnings(target.settings.warnings.clone()),
    )
    .with_permission(target.settings.permission()))
}

pub fn gateway(target: &Target) -> ApiGateway {
    ApiGateway::new(target.client.clone(), target.org_id.clone())
}

/// Reads a plan file.
pub fn read_plan(path: &Path) -> Result<Plan, BatchCommandError> {
    let bytes = atomic::read_bounded(path, PLAN_READ_LIMIT)?;
    let plan: Plan = serde_json::from_slice(&bytes).map_err(|error| BatchCommandError::PlanFile {
        path: path.to_path_buf(),
        reason: format!(
            "{}; is it a plan written by `dormant plan`?",
            escape_controls(&error.to_string())
        ),
    })?;
    // Refused before its preview: every figure would count a repeated user twice.
    plan.check_repeats().map_err(PlanError::from)?;
    Ok(plan)
}

/// Asks for confirmation on the terminal, per `preview.confirm_by`. Without a terminal (and
/// without `--yes`), refuses: a script must say yes explicitly.
pub fn confirm(preview: &Preview, yes: bool) -> Result<(), BatchCommandError> {
    let count = match preview.confirm_by {
        ConfirmBy::Nothing => return Err(BatchCommandError::NotConfirmed("the plan acts on nobody".into())),
        _ if yes => return Ok(()),
        ConfirmBy::Yes => None,
        ConfirmBy::TypingCount(count) => Some(count),
    };
    if !io::stdin().is_terminal() {
        return Err(BatchCommandError::NotConfirmed(
            "not confirmed: stdin is not a terminal; review the preview and pass --yes to proceed".into(),
        ));
    }
    let question = match count {
        Some(count) => format!(
            "Type the number of users ({count}) to {} them, anything else to stop: ",
            preview.action
        ),
        None => format!("{} these users? Type yes to proceed: ", preview.action),
    };
    eprint!("{question}");
    let mut answer = String::new();
    io::stdin()
        .lock()
        .read_line(&mut answer)
        .map_err(BatchCommandError::Write)?;
    let answer = answer.trim();
    let confirmed = match count {
        Some(count) => answer == count.to_string(),
        None => answer.eq_ignore_ascii_case("yes") || answer.eq_ignore_ascii_case("y"),
    };
    if confirmed {
        Ok(())
    } else {
        Err(BatchCommandError::NotConfirmed("not confirmed".into()))
    }
}

/// A token cancelled by Ctrl-C: the current request finishes and is recorded, nothing new starts.
pub fn cancel_on_ctrl_c() -> CancelToken {
    let cancel = CancelToken::new();
    let token = cancel.clone();
    tokio::spawn(async move {
        if tokio::signal::ctrl_c().await.is_ok() {
            say(format_args!(
                "cancelling: the request in flight finishes and is recorded, nothing new starts"
            ));
            token.cancel();
        }
    });
    cancel
}

/// Progress on stderr: a line rewritten in place on a terminal, nothing otherwise.
pub fn progress_printer() -> impl Fn(CommitProgress) + Send + Sync + 'static {
    let interactive = io::stderr().is_terminal();
    move |progress: CommitProgress| {
        if interactive {
            let mut stderr = io::stderr().lock();
            // A failed progress write is not worth stopping a batch for; stderr has nowhere else.
            let _ = write!(
                stderr,
                "\r\x1b[2K{}: {} ({:.0}/min)",
                progress.action, progress.counts, progress.per_minute
            );
            let _ = stderr.flush();
        }
    }
}

/// Prints the outcome summary to stderr; `Err(Partial)` unless every account settled cleanly.
pub fn finish(report: &BatchReport) -> Result<(), BatchCommandError> {
    if io::stderr().is_terminal() {
        eprintln!();
    }
    for warning in &report.warnings {
        say(format_args!("warning: {warning}"));
    }
    for outcome in &report.outcomes {
        if matches!(outcome.outcome, Outcome::Failed { .. }) {
            say(format_args!(
                "{} ({}): {}",
                outcome.name, outcome.account_id, outcome.outcome
            ));
        }
    }
    let summary = report.counts.to_string();
    let partial = |summary: String| BatchCommandError::Partial {
        batch_id: report.batch_id.to_string(),
        summary,
        journal: report.journal.clone(),
    };
    match &report.end {
        BatchEnd::Completed if report.counts.failed == 0 => {
            // An undo cannot itself be undone: only a suspend or deactivate gets the advice.
            let undo = if report.action.is_destructive() {
                format!(" (undo with `dormant undo {}`)", report.batch_id)
            } else {
                String::new()
            };
            say(format_args!(
                "batch {} {}: {summary}{undo}",
                report.batch_id,
                report.action.done()
            ));
            Ok(())
        }
        BatchEnd::Completed => Err(partial(summary)),
        BatchEnd::Cancelled => Err(partial(format!("cancelled: {summary}"))),
        BatchEnd::Interrupted { reason } => Err(partial(format!(
            "stopped early ({reason}): {summary}; run `dormant resume` to complete it"
        ))),
    }
}

/// Writes every account's outcome to `path`: JSON when it ends in `.json`, CSV otherwise.
pub fn write_results(report: &BatchReport, path: &Path) -> Result<(), BatchCommandError> {
    let json = path
        .extension()
        .is_some_and(|ext| ext.eq_ignore_ascii_case("json"));
    atomic::write_with(path, |out| {
        if json {
            write_results_json(&report.outcomes, &report.entries, &report.memberships, out)
        } else {
            write_results_csv(&report.outcomes, &report.entries, &report.memberships, out)
                .map_err(io::Error::other)
        }
    })?;
    say(format_args!(
        "results of every user written to {}",
        path.display()
    ));
    Ok(())
}

/// One line on stderr, prefixed like every other message of dormant.
pub fn say(message: fmt::Arguments<'_>) {
    let mut stderr = io::stderr().lock();
    if writeln!(stderr, "dormant: {message}").is_err() {
        // Stderr is closed or full: there is no other channel for this line.
    }
}
