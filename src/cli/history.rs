//! `dormant history`: every batch run on this machine (from the audit log and the journals of
//! unfinished ones), as a table or JSON on stdout. "done" counts users the batch changed,
//! "elsewhere" users it found already done by someone else; a warning run shows "warned N,
//! mailed M"; a batch undone says by which batch. Reads only.

use super::batch_ui::{self, BatchCommandError};
use crate::batch::{BatchState, HistoryEntry};
use crate::report::sanitize::sanitize_for_terminal;
use crate::store::AuditAction;
use clap::{Args, ValueEnum};
use std::io::{self, Write as _};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum HistoryFormat {
    Table,
    Json,
}

/// Flags of `dormant history`.
#[derive(Debug, Args)]
pub struct HistoryArgs {
    #[arg(long, value_enum, default_value_t = HistoryFormat::Table)]
    format: HistoryFormat,
}

pub fn run(args: &HistoryArgs, global: &super::settings::GlobalArgs) -> Result<(), BatchCommandError> {
    let entries = batch_ui::store(global)?.history()?;
    let mut out = io::stdout().lock();
    let written = match args.format {
        HistoryFormat::Json => serde_json::to_writer_pretty(&mut out, &entries)
            .map_err(io::Error::other)
            .and_then(|()| writeln!(out)),
        HistoryFormat::Table => write_table(&mut out, &entries),
    };
    written.map_err(BatchCommandError::Write)
}

fn write_table(out: &mut impl io::Write, entries: &[HistoryEntry]) -> io::Result<()> {
    writeln!(
        out,
        "{:<26} {:<17} {:<10} {:<10} {:>7} {:>5} {:>9} {:>7} {:>7} {:>6}  org",
        "batch",
        "started (UTC)",
        "action",
        "state",
        "planned",
        "done",
        "elsewhere",
        "skipped",
        "refused",
        "failed"
    )?;
    for entry in entries {
        let state = match entry.state {
            BatchState::Completed => "completed",
            BatchState::Cancelled => "cancelled",
            BatchState::Unfinished => "unfinished",
        };
        // A warning run changes nobody: its figures are who was warned and mailed, not "done".
        let counts = if entry.action == AuditAction::Warn {
            format!(" {:<46}", entry.counts_text())
        } else {
            format!(
                " {:>7} {:>5} {:>9} {:>7} {:>7} {:>6}",
                entry.counts.planned,
                entry.counts.succeeded,
                entry.counts.elsewhere,
                entry.counts.skipped,
                entry.counts.refused,
                entry.counts.failed,
            )
        };
        writeln!(
            out,
            "{:<26} {:<17} {:<10} {:<10}{counts}  {}{}",
            entry.batch_id,
            entry.started_at.format("%Y-%m-%d %H:%M"),
            entry.action,
            state,
            sanitize_for_terminal(&entry.org_name),
            relation(entry)
        )?;
    }
    Ok(())
}

/// How the batch relates to others: " · undone by X", " · undoes X" (withdrawn/withdraws for
/// warning runs); empty for a batch no other touched.
#[must_use]
pub fn relation(entry: &HistoryEntry) -> String {
    let warn = matches!(entry.action, AuditAction::Warn | AuditAction::Withdraw);
    let undoes = entry.undo_of.as_ref().map(|of| {
        let verb = if warn { "withdraws" } else { "undoes" };
        format!(" · {verb} {of}")
    });
    let undone = entry.undone_by.as_ref().map(|by| {
        let verb = if warn { "withdrawn" } else { "undone" };
        format!(" · {verb} by {by}")
    });
    [undoes, undone].into_iter().flatten().collect()
}
