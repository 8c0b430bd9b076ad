//! A batch's results as files: every account's outcome with what the preview listed of them
//! (section, lane, days idle, seats, whether the `IdP` syncs them and its groups), as CSV (for
//! spreadsheets, formulas defused) or JSON (for scripts). Writes to any `io::Write`; must not
//! choose where.

use super::access::LostSeat;
use super::outcome::{Outcome, UserOutcome};
use super::plan::PlanEntry;
use super::section::Section;
use crate::directory::{AccountId, GroupId, Lane, ProductKey};
use crate::report::defuse_formula;
use serde::Serialize;
use std::collections::HashMap;
use std::io;

/// Columns of the results CSV, in order.
pub const RESULT_COLUMNS: [&str; 15] = [
    "account_id",
    "name",
    "email",
    "action",
    "result",
    "detail",
    "at",
    "section",
    "lane",
    "idle_days",
    "products",
    "synced",
    "synced_groups",
    "memberships_changed",
    "seats_lost",
];

/// One account of the results: its outcome and the plan's entry for it (`None` only for an
/// outcome of an account the plan does not list).
#[derive(Debug, Serialize)]
struct ResultRow<'a> {
    #[serde(flatten)]
    outcome: &'a UserOutcome,
    section: Option<Section>,
    lane: Option<Lane>,
    idle_days: Option<u32>,
    products: &'a [ProductKey],
    synced: bool,
    synced_groups: &'a [String],
    /// Remove or restore access: the groups this batch took the account out of (or back into).
    memberships_changed: Vec<String>,
    /// Remove access: the seats the plan said the account loses.
    seats_lost: Vec<String>,
}

fn rows<'a>(
    outcomes: &'a [UserOutcome],
    entries: &'a [PlanEntry],
    memberships: &'a Memberships,
) -> Vec<ResultRow<'a>> {
    let by_account: HashMap<&AccountId, &PlanEntry> =
        entries.iter().map(|entry| (&entry.account_id, entry)).collect();
    outcomes
        .iter()
        .map(|outcome| {
            let entry = by_account.get(&outcome.account_id);
            ResultRow {
                outcome,
                section: entry.and_then(|entry| entry.section),
                lane: entry.and_then(|entry| entry.lane),
                idle_days: entry.and_then(|entry| entry.idle_days),
                products: entry.map_or(&[], |entry| entry.seats.as_slice()),
                synced: entry.is_some_and(|entry| entry.idp_synced),
                synced_groups: entry.map_or(&[], |entry| entry.synced_groups.as_slice()),
                memberships_changed: memberships
                    .get(&outcome.account_id)
                    .map(|groups| {
                        groups
                            .iter()
                            .map(|group| {
                                entry
                                    .and_then(|entry| entry.memberships.iter().find(|m| &m.group_id == group))
                                    .map_or_else(|| group.to_string(), |m| m.group_name.clone())
                            })
                            .collect()
                    })
                    .unwrap_or_default(),
                seats_lost: entry.map_or_else(Vec::new, |entry| {
                    entry.seats_lost.iter().map(LostSeat::describe).collect()
                }),
            }
        })
        .collect()
}

/// The groups each account left (or rejoined), as `BatchReport::memberships`.
pub type Memberships = HashMap<AccountId, Vec<GroupId>>;

/// One row per account, in the order of `outcomes`; `entries` are the plan's, `memberships` the
/// groups the batch changed per account.
pub fn write_results_csv(
    outcomes: &[UserOutcome],
    entries: &[PlanEntry],
    memberships: &Memberships,
    out: impl io::Write,
) -> Result<(), csv::Error> {
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record(RESULT_COLUMNS)?;
    for row in rows(outcomes, entries, memberships) {
        let outcome = row.outcome;
        let (result, detail) = match &outcome.outcome {
            Outcome::Succeeded { .. } => ("succeeded", outcome.outcome.to_string()),
            Outcome::Skipped { skip } => ("skipped", skip.to_string()),
            Outcome::Refused { refusal } => ("refused", refusal.to_string()),
            Outcome::Failed { error } => ("failed", error.clone()),
            Outcome::AlreadyDoneElsewhere { .. } => ("already_done_elsewhere", outcome.outcome.to_string()),
        };
        let products: Vec<&str> = row.products.iter().map(ProductKey::as_str).collect();
        writer.write_record([
            outcome.account_id.as_str(),
            defuse_formula(&outcome.name).as_ref(),
            defuse_formula(outcome.email.as_deref().unwrap_or_default()).as_ref(),
            outcome.action.as_str(),
            result,
            defuse_formula(&detail).as_ref(),
            &outcome.at.to_rfc3339(),
            row.section.map(Section::label).unwrap_or_default(),
            row.lane.map(Lane::query_name).unwrap_or_default(),
            &row.idle_days.map(|days| days.to_string()).unwrap_or_default(),
            defuse_formula(&products.join("; ")).as_ref(),
            if row.synced { "true" } else { "false" },
            defuse_formula(&row.synced_groups.join("; ")).as_ref(),
            defuse_formula(&row.memberships_changed.join("; ")).as_ref(),
            defuse_formula(&row.seats_lost.join("; ")).as_ref(),
        ])?;
    }
    writer.flush()?;
    Ok(())
}

/// A JSON array of the outcomes, each with its `result` tag and the plan's view of the account.
pub fn write_results_json(
    outcomes: &[UserOutcome],
    entries: &[PlanEntry],
    memberships: &Memberships,
    mut out: impl io::Write,
) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut out, &rows(outcomes, entries, memberships))
        .map_err(io::Error::other)?;
    writeln!(out)
}
