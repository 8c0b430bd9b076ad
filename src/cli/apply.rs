//! `dormant apply PLAN`: prints the plan's preview, asks for confirmation (typing the number of
//! users above 20; `--yes` for scripts, required without a terminal), then commits it with a
//! journal, progress on stderr and Ctrl-C cancelling between actions. Refused at once (exit 4)
//! when another run holds the org or the plan ran before. Wiring only.

use super::batch_run::{self, ListArg};
use super::batch_ui::{self, BatchCommandError};
use super::plan::cap_from;
use super::settings::{ApiArgs, GlobalArgs};
use super::target;
use crate::batch::{CommitSettings, Confirmed, DEFAULT_CONCURRENCY, MAX_CONCURRENCY};
use crate::types::BatchCap;
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
    /// Most users the batch may act on (1 to 100000; default 500); must cover a plan built with a
    /// raised cap.
    #[arg(long, value_name = "N")]
    cap: Option<BatchCap>,
    /// Requests in flight at once (1 to 16); the client paces them to the rate limit.
    #[arg(long, default_value_t = DEFAULT_CONCURRENCY, value_parser = parse_concurrency)]
    concurrency: usize,
    /// Remove access: also act on the users who would lose a seat nobody chose (a removed group
    /// grants another product or site too); without it they are refused.
    #[arg(long)]
    accept_collateral: bool,
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

pub async fn run(args: ApplyArgs, global: &GlobalArgs) -> Result<(), BatchCommandError> {
    let plan = batch_ui::read_plan(&args.plan)?;
    let store = batch_ui::store(global)?;
    // A read-only profile is refused before the org is locked (the engine refuses it too).
    target::local(global)?.permission().check()?;
    let lock = batch_run::lock_for(&plan, &store).await?;
    let target = target::resolve(global, &args.api, Some(&plan.org_id)).await?;
    let cap = cap_from(args.cap, target.settings.cap());
    batch_run::check_org(&plan.org_id, &target)?;
    batch_run::preview_and_confirm(&plan, &target, args.yes, args.list)?;
    let settings = CommitSettings {
        cap,
        concurrency: args.concurrency,
        operator: target.operator.clone(),
    };
    let confirmed = if args.accept_collateral {
        Confirmed::all()
    } else {
        Confirmed::all_but_collateral()
    };
    batch_run::commit_confirmed(
        lock,
        &target,
        plan,
        &store,
        &settings,
        confirmed,
        args.results.as_deref(),
    )
    .await
}

fn parse_concurrency(text: &str) -> Result<usize, String> {
    match text.parse::<usize>() {
        Ok(value) if (1..=MAX_CONCURRENCY).contains(&value) => Ok(value),
        _ => Err(format!(
            "`{text}` is not a whole number from 1 to {MAX_CONCURRENCY}"
        )),
    }
}
