//! The `IdP` handoff: a CSV of the IdP-synced accounts a plan acts on (or a finished batch
//! changed), so the identity team removes them at the source too and the `IdP` does not
//! re-provision them; and, for remove access, every account with an idle seat only the `IdP` can
//! free, naming the groups to remove it from there. Writes to any `io::Write`; must not choose
//! where the file goes.

use super::commit::BatchReport;
use super::outcome::Outcome;
use super::plan::{Plan, PlanEntry};
use crate::report::defuse_formula;
use std::collections::HashSet;
use std::io;

/// Columns of the handoff file, in order.
pub const HANDOFF_COLUMNS: [&str; 6] = [
    "name",
    "email",
    "account_id",
    "idle_days",
    "synced_groups",
    "idp_groups_to_remove",
];

/// Writes one row per acted-on IdP-synced account (remove access: per account with idle seats
/// only the `IdP` can free, acted on or not); returns how many. Cells that a spreadsheet would run as a
/// formula are neutralised; groups are joined with `; `.
pub fn write_idp_handoff(plan: &Plan, out: impl io::Write) -> Result<usize, csv::Error> {
    let memberships = plan.action.changes_memberships();
    write_rows(
        plan.entries.iter().filter(|entry| {
            if memberships {
                !entry.idp_groups.is_empty()
            } else {
                entry.acts() && entry.idp_synced
            }
        }),
        out,
    )
}

/// The handoff of a finished batch: the IdP-synced accounts it changed (not those it skipped,
/// refused or failed on); returns how many.
pub fn write_batch_handoff(report: &BatchReport, out: impl io::Write) -> Result<usize, csv::Error> {
    let changed: HashSet<_> = report
        .outcomes
        .iter()
        .filter(|outcome| matches!(outcome.outcome, Outcome::Succeeded { .. }))
        .map(|outcome| &outcome.account_id)
        .collect();
    write_rows(
        report.entries.iter().filter(|entry| {
            if report.action.changes_memberships() {
                !entry.idp_groups.is_empty()
            } else {
                changed.contains(&entry.account_id) && entry.idp_synced
            }
        }),
        out,
    )
}

fn write_rows<'a>(
    entries: impl Iterator<Item = &'a PlanEntry>,
    out: impl io::Write,
) -> Result<usize, csv::Error> {
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record(HANDOFF_COLUMNS)?;
    let mut rows = 0;
    for entry in entries {
        let idle = entry.idle_days.map(|days| days.to_string()).unwrap_or_default();
        writer.write_record([
            defuse_formula(&entry.name).as_ref(),
            defuse_formula(entry.email.as_deref().unwrap_or_default()).as_ref(),
            entry.account_id.as_str(),
            idle.as_str(),
            defuse_formula(&entry.synced_groups.join("; ")).as_ref(),
            defuse_formula(&entry.idp_groups.join("; ")).as_ref(),
        ])?;
        rows += 1;
    }
    writer.flush()?;
    Ok(rows)
}
