//! A batch's results as files: every account's outcome as CSV (for spreadsheets, formulas
//! defused) or JSON (for scripts). Writes to any `io::Write`; must not choose where.

use super::outcome::{Outcome, UserOutcome};
use crate::report::defuse_formula;
use std::io;

/// Columns of the results CSV, in order.
pub const RESULT_COLUMNS: [&str; 7] = ["account_id", "name", "email", "action", "result", "detail", "at"];

/// One row per account, in the order given.
pub fn write_results_csv(outcomes: &[UserOutcome], out: impl io::Write) -> Result<(), csv::Error> {
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record(RESULT_COLUMNS)?;
    for outcome in outcomes {
        let (result, detail) = match &outcome.outcome {
            Outcome::Succeeded { .. } => ("succeeded", outcome.outcome.to_string()),
            Outcome::Skipped { skip } => ("skipped", skip.to_string()),
            Outcome::Refused { refusal } => ("refused", refusal.to_string()),
            Outcome::Failed { error } => ("failed", error.clone()),
            Outcome::AlreadyDoneElsewhere { .. } => ("already_done_elsewhere", outcome.outcome.to_string()),
        };
        writer.write_record([
            outcome.account_id.as_str(),
            defuse_formula(&outcome.name).as_ref(),
            defuse_formula(outcome.email.as_deref().unwrap_or_default()).as_ref(),
            outcome.action.as_str(),
            result,
            defuse_formula(&detail).as_ref(),
            &outcome.at.to_rfc3339(),
        ])?;
    }
    writer.flush()?;
    Ok(())
}

/// A JSON array of the outcomes, each with its `result` tag.
pub fn write_results_json(outcomes: &[UserOutcome], mut out: impl io::Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut out, outcomes).map_err(io::Error::other)?;
    writeln!(out)
}
