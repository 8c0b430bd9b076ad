//! `dormant undo BATCH_ID`: restores (or re-enables) every user a finished batch changed,
//! through the same preview, confirmation, journal and commit as any batch. Wiring only.

use super::batch_ui::{self, BatchCommandError};
use super::settings::{ApiArgs, GlobalArgs};
use super::target;
use crate::batch::{BatchId, CommitSettings, DEFAULT_CONCURRENCY, Preview, commit, undo_plan};
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
    #[command(flatten)]
    api: ApiArgs,
}

pub async fn run(args: UndoArgs, global: &GlobalArgs) -> Result<(), BatchCommandError> {
    let store = batch_ui::store(global)?;
    let journal = store.read(&args.batch_id)?;
    let plan = undo_plan(&journal, Utc::now())?;
    let target = target::resolve(global, &args.api, Some(&plan.org_id)).await?;
    if target.org_id != plan.org_id {
        return Err(crate::batch::CommitError::WrongOrg {
            plan_org: plan.org_id,
            target_org: target.org_id,
        }
        .into());
    }
    let (policy, _) = target.settings.triage_rules();
    let preview = Preview::of(&plan, &policy.prices, 0, Utc::now());
    eprint!("{preview}");
    batch_ui::confirm(&preview, args.yes)?;
    let settings = CommitSettings {
        cap: plan.cap,
        concurrency: DEFAULT_CONCURRENCY,
        operator: target.operator.clone(),
    };
    let safeguard = batch_ui::safeguard(&plan, &target).await?;
    let cancel = batch_ui::cancel_on_ctrl_c();
    let report = commit(
        &batch_ui::gateway(&target),
        plan,
        &safeguard,
        &store,
        &settings,
        batch_ui::progress_printer(),
        &cancel,
    )
    .await?;
    if let Some(path) = &args.results {
        batch_ui::write_results(&report, path)?;
    }
    batch_ui::finish(&report)
}
