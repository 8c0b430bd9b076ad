//! `dormant undo BATCH_ID`: restores (or re-enables) every user a finished batch changed,
//! through the same preview, confirmation, journal and commit as any batch. Wiring only.

use super::batch_run::{self, ListArg};
use super::batch_ui::{self, BatchCommandError};
use super::settings::{ApiArgs, GlobalArgs};
use super::target;
use crate::batch::{CommitSettings, Confirmed, DEFAULT_CONCURRENCY, undo_plan};
use crate::types::BatchId;
use chrono::Utc;
use clap::Args;
use std::path::PathBuf;

/// Flags of `dormant undo`.
#[derive(Debug, Args)]
pub struct UndoArgs {
    /// The batch to undo (`dormant history` lists them).
    #[arg(value_parser = BatchId::parse)]
    batch_id: BatchId,
    /// Proceed without asking (required when stdin is not a terminal).
    #[arg(long)]
    yes: bool,
    /// Also write every user's outcome to FILE (JSON if it ends in .json, else CSV).
    #[arg(long, value_name = "FILE")]
    results: Option<PathBuf>,
    /// How much of the per-user list to print on stdout: all (the default when stdout is not a
    /// terminal) or first (the first users of each group, the default on a terminal).
    #[arg(long, value_enum, value_name = "HOW")]
    list: Option<ListArg>,
    #[command(flatten)]
    api: ApiArgs,
}

pub async fn run(args: UndoArgs, global: &GlobalArgs) -> Result<(), BatchCommandError> {
    let store = batch_ui::store(global)?;
    let journal = store.read(&args.batch_id)?;
    let plan = undo_plan(&journal, Utc::now())?;
    // A read-only profile is refused before the org is locked (the engine refuses it too).
    target::local(global)?.permission().check()?;
    let lock = batch_run::lock_for(&plan, &store).await?;
    let target = target::resolve(global, &args.api, Some(&plan.org_id)).await?;
    batch_run::check_org(&plan.org_id, &target)?;
    batch_run::preview_and_confirm(&plan, &target, args.yes, args.list)?;
    let settings = CommitSettings {
        cap: plan.cap,
        concurrency: DEFAULT_CONCURRENCY,
        operator: target.operator.clone(),
    };
    // An undo gives back what a batch took: it has no collateral section to accept.
    batch_run::commit_confirmed(
        lock,
        &target,
        plan,
        &store,
        &settings,
        Confirmed::all(),
        args.results.as_deref(),
    )
    .await
}
