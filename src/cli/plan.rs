//! `dormant plan`: loads the org, selects users with `--filter`, builds the plan (each user's
//! action or refusal), writes it as JSON for `dormant apply`, prints the preview, and optionally
//! the `IdP` handoff CSV. Changes nothing in the org. Wiring only.

use super::batch_ui::{BatchCommandError, say};
use super::report::load_from;
use super::settings::{ApiArgs, GlobalArgs};
use super::target::{self, TargetError};
use crate::batch::{
    AccessTarget, BatchAction, Plan, PlanError, PlanOptions, Preview, parse_include_lane, write_idp_handoff,
};
use crate::directory::Lane;
use crate::report::{Selection, SelectionError, check_syntax};
use crate::store::atomic;
use crate::types::BatchCap;
use chrono::Utc;
use clap::{Args, ValueEnum};
use std::path::PathBuf;

/// The destructive actions a plan may carry (restore and enable come from `dormant undo`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PlannedAction {
    /// Suspend access (frees every seat, reversible): works for every account kind.
    Suspend,
    /// Deactivate the account (managed, non-synced accounts only).
    Deactivate,
    /// Free one product's idle seats (--product, optionally --site) by removing the user from the
    /// groups that grant them; the account and its other seats stay.
    RemoveAccess,
}

/// Flags of `dormant plan`.
#[derive(Debug, Args)]
pub struct PlanArgs {
    /// Users to act on, e.g. "lane:ready idle:>180" (`dormant report --help` shows the grammar).
    #[arg(long, value_name = "EXPR", required_unless_present = "view")]
    filter: Option<String>,
    /// Act on the users of the view NAME (`[views.NAME]` in the config, or a built-in one:
    /// cleanup-ready, never-active, unmanaged-idle, warned-and-due); not with --filter.
    #[arg(long, value_name = "NAME", conflicts_with = "filter")]
    view: Option<String>,
    #[arg(long, value_enum, default_value_t = PlannedAction::Suspend)]
    action: PlannedAction,
    /// The product whose idle seats remove-access frees, as the query language names it (jira,
    /// conf, jsm, bb, or the key the API reports).
    #[arg(long, value_name = "KEY", required_if_eq("action", "remove-access"))]
    product: Option<String>,
    /// Only the seats on this site of the product (its name, host or resource id); default: all
    /// its sites.
    #[arg(long, value_name = "NAME", requires = "product")]
    site: Option<String>,
    /// Most users the batch may act on (1 to 100000; default 500); raising it is always explicit.
    #[arg(long, value_name = "N")]
    cap: Option<BatchCap>,
    /// Message deactivated users see at login (deactivate only).
    #[arg(long, value_name = "TEXT")]
    message: Option<String>,
    /// Also act on users of these lanes (review, active; comma-separated), which are refused by
    /// default: the preview lists them in a section of their own, the plan records the choice.
    #[arg(long, value_name = "LANES", value_delimiter = ',', value_parser = parse_include_lane)]
    include_lane: Vec<Lane>,
    /// Where to write the plan (JSON), for `dormant apply`.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    output: PathBuf,
    /// Also write the identity-provider handoff CSV (the synced users in the plan) to FILE.
    #[arg(long, value_name = "FILE")]
    idp_handoff: Option<PathBuf>,
    #[command(flatten)]
    api: ApiArgs,
}

/// The cap from `--cap`, else the profile's (`cap` in the config; 500 when unset). Both were
/// checked against the one rule of [`BatchCap`] when read.
#[must_use]
pub fn cap_from(flag: Option<BatchCap>, profile: BatchCap) -> BatchCap {
    flag.unwrap_or(profile)
}

pub async fn run(args: PlanArgs, global: &GlobalArgs) -> Result<(), BatchCommandError> {
    check_syntax(args.filter.as_deref(), None).map_err(|error| filter_error(&error))?;
    let target = target::resolve(global, &args.api, None).await?;
    // Plan and warn have no --sort: a view's order is not theirs (README, "Views").
    let (filter, _) = target
        .settings
        .selection_text(args.view.as_deref(), args.filter.clone(), None)
        .map_err(TargetError::from)?;
    let action = match args.action {
        PlannedAction::Suspend => BatchAction::Suspend,
        PlannedAction::Deactivate => BatchAction::Deactivate,
        PlannedAction::RemoveAccess => BatchAction::RemoveAccess,
    };
    if args.product.is_some() && action != BatchAction::RemoveAccess {
        return Err(PlanError::AccessTargetWithoutRemoveAccess.into());
    }
    let mut options = PlanOptions {
        action,
        cap: cap_from(args.cap, target.settings.cap()),
        message: args.message.clone(),
        include_lanes: args.include_lane.clone(),
        permission: target.settings.permission(),
        access: None,
    };
    // A read-only profile is refused before the org is loaded (`Plan::build` refuses it too).
    options.permission.check()?;
    let directory = load_from(&target.client, &target.org_id, &target.settings.paths).await?;
    let index = target.settings.index(directory);
    let (policy, _) = target.settings.triage_rules();
    if let Some(product) = &args.product {
        options.access = Some(AccessTarget::resolve(&index, product, args.site.as_deref())?);
    }
    let selection =
        Selection::parse(&index, filter.as_deref(), None).map_err(|error| filter_error(&error))?;
    let accounts = selection
        .rows(&index)
        .into_iter()
        .map(|row| index.user(row).account_id.clone());
    let now = Utc::now();
    let plan = Plan::build(&index, accounts, &options, now)?;
    let json = serde_json::to_vec_pretty(&plan).map_err(|error| BatchCommandError::PlanFile {
        path: args.output.clone(),
        reason: error.to_string(),
    })?;
    atomic::write(&args.output, &json)?;
    eprint!("{}", Preview::of(&plan, &policy.prices, 0, now));
    if let Some(path) = &args.idp_handoff {
        let mut rows = 0;
        atomic::write_with(path, |out| {
            rows = write_idp_handoff(&plan, out).map_err(std::io::Error::other)?;
            Ok(())
        })?;
        say(format_args!(
            "IdP handoff: {rows} user(s) written to {}",
            path.display()
        ));
    }
    say(format_args!(
        "plan written to {}; review it, then run `dormant apply {}`",
        args.output.display(),
        args.output.display()
    ));
    Ok(())
}

fn filter_error(error: &SelectionError) -> BatchCommandError {
    BatchCommandError::Filter(error.to_string())
}
