//! `dormant apply PLAN`: prints the plan's preview, asks for confirmation (typing the number of
//! users above 20; `--yes` for scripts, required without a terminal), then commits it with a
//! journal, progress on stderr and Ctrl-C cancelling between actions. Wiring only.

use super::batch_ui::{self, BatchCommandError};
use super::plan::cap_from;
use super::settings::{ApiArgs, GlobalArgs};
use super::target;
use crate::batch::{CommitError, CommitSettings, DEFAULT_CONCURRENCY, MAX_CONCURRENCY, Preview, commit};
use chrono::Utc;
use clap::Args;
use std::path::PathBuf;

/// Flags of `dormant apply`.
#[derive(Debug, Args)]
pub struct ApplyArgs {
    /// The plan written by `dormant plan`.
    plan: PathBuf,
    /// Proceed without asking (required when stdin is not a terminal).
    #[arg(long)]
    yes: bool,
    /// Most users the batch may act on (default 500); must cover a plan built with a raised cap.
    #[arg(long, value_name = "N")]
    cap: Option<u32>,
    /// Requests in flight at once (1 to 16); the client paces them to the rate limit.
    #[arg(long, default_value_t = DEFAULT_CONCURRENCY, value_parser = parse_concurrency)]
    concurrency: usize,
    /// Also write every user's outcome to FILE (JSON if it ends in .json, else CSV).
    #[arg(long, value_name = "FILE")]
    results: Option<PathBuf>,
    #[command(flatten)]
    api: ApiArgs,
}

pub async fn run(args: ApplyArgs, global: &GlobalArgs) -> Result<(), BatchCommandError> {
    let plan = batch_ui::read_plan(&args.plan)?;
    let target = target::resolve(global, &args.api, Some(&plan.org_id)).await?;
    let cap = cap_from(args.cap, target.settings.cap())?;
    if target.org_id != plan.org_id {
        return Err(CommitError::WrongOrg {
            plan_org: plan.org_id,
            target_org: target.org_id,
        }
        .into());
    }
    let (policy, _) = target.settings.triage_rules();
    let preview = Preview::of(&plan, &policy.prices, 0, Utc::now());
    eprint!("{preview}");
    batch_ui::confirm(&preview, args.yes)?;
    let store = batch_ui::store(global)?;
    let settings = CommitSettings {
        cap,
        concurrency: args.concurrency,
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

fn parse_concurrency(text: &str) -> Result<usize, String> {
    match text.parse::<usize>() {
        Ok(value) if (1..=MAX_CONCURRENCY).contains(&value) => Ok(value),
        _ => Err(format!(
            "`{text}` is not a whole number from 1 to {MAX_CONCURRENCY}"
        )),
    }
}
