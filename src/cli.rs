//! Command-line definitions and the wiring of each command. No business logic lives here.

pub mod apply;
mod batch_ui;
pub mod history;
pub mod plan;
pub mod report;
pub mod resume;
pub mod sim;
pub mod target;
pub mod undo;

use clap::{Parser, Subcommand};
use thiserror::Error;

/// dormant: find and clean up idle paid seats in an Atlassian Cloud organization.
#[derive(Debug, Parser)]
#[command(name = "dormant", version, about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print every user with lane, reasons and activity, as a table, CSV or JSON (data on stdout).
    Report(report::ReportArgs),
    /// Select users with --filter and write a batch plan (who is acted on, who is refused, why).
    Plan(plan::PlanArgs),
    /// Preview a plan, confirm, and carry it out with a journal (exit 3 partial, 4 refused).
    Apply(apply::ApplyArgs),
    /// Complete batches interrupted before they finished.
    Resume(resume::ResumeArgs),
    /// Restore or re-enable every user a finished batch changed.
    Undo(undo::UndoArgs),
    /// List the batches run on this machine.
    History(history::HistoryArgs),
    /// Serve a simulated Atlassian org on 127.0.0.1 for demos and tests (never the real cloud).
    Sim(sim::SimArgs),
}

/// A command that failed; the message says what went wrong and how to fix it.
#[derive(Debug, Error)]
pub enum CliError {
    #[error(transparent)]
    Report(#[from] report::ReportError),
    #[error(transparent)]
    Sim(#[from] sim::SimCommandError),
    #[error(transparent)]
    Batch(#[from] batch_ui::BatchCommandError),
}

impl CliError {
    /// 2 for settings the user can fix on the command line, 3 for a batch that partly failed,
    /// 4 for a batch dormant refused to run, 1 for everything else.
    #[must_use]
    pub fn exit_code(&self) -> u8 {
        let usage = match self {
            Self::Report(error) => error.is_usage(),
            Self::Sim(error) => error.is_usage(),
            Self::Batch(error) => return error.exit_code(),
        };
        if usage { 2 } else { 1 }
    }
}

/// Runs the parsed command to completion.
pub async fn run(cli: Cli) -> Result<(), CliError> {
    match cli.command {
        Command::Report(args) => report::run(args).await?,
        Command::Sim(args) => sim::run(args).await?,
        Command::Plan(args) => plan::run(args).await?,
        Command::Apply(args) => apply::run(args).await?,
        Command::Resume(args) => resume::run(args).await?,
        Command::Undo(args) => undo::run(args).await?,
        Command::History(args) => history::run(&args)?,
    }
    Ok(())
}
