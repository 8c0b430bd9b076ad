//! Command-line definitions and the wiring of each command. No business logic lives here.

pub mod apply;
mod batch_run;
mod batch_ui;
pub mod completions;
pub mod console;
pub mod demo;
pub mod first_run;
pub mod history;
pub mod login;
pub mod logout;
pub mod plan;
pub mod report;
pub mod resume;
pub mod settings;
pub mod sim;
pub mod status;
pub mod summary;
pub mod target;
pub mod undo;
pub mod warn;

/// The plan-file reader `dormant apply` uses, public for the fuzz suite (`tests/reliability/fuzz`).
pub use batch_ui::{BatchCommandError, read_plan};

use clap::{Parser, Subcommand};
use thiserror::Error;

/// dormant: find and clean up idle paid seats in an Atlassian Cloud organization.
///
/// Without a command, opens the triage console on the configured org. New here? Run `dormant demo`.
#[derive(Debug, Parser)]
#[command(name = "dormant", version, about)]
pub struct Cli {
    #[command(flatten)]
    pub global: settings::GlobalArgs,
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub console: console::ConsoleArgs,
}

impl Cli {
    /// Whether this run draws a full-screen console (so nothing else may write to the terminal).
    #[must_use]
    pub fn is_console(&self) -> bool {
        matches!(self.command, None | Some(Command::Demo(_)))
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Try the console on a simulated org (in-process, temporary files; never a real org).
    Demo(demo::DemoArgs),
    /// Print every user with lane, reasons and activity, as a table, CSV or JSON (data on stdout).
    Report(report::ReportArgs),
    /// Write a summary for whoever pays (seats, estimated spend, idle seats, savings, the last
    /// quarter, what is pending) as Markdown or one self-contained HTML page.
    Summary(summary::SummaryArgs),
    /// Select users with --filter and write a batch plan (who is acted on, who is refused, why).
    Plan(plan::PlanArgs),
    /// Preview a plan, confirm, and carry it out with a journal (exit 3 partial, 4 refused).
    Apply(apply::ApplyArgs),
    /// Complete batches interrupted before they finished.
    Resume(resume::ResumeArgs),
    /// Restore or re-enable every user a finished batch changed.
    Undo(undo::UndoArgs),
    /// Record a warning (with a deadline) for users selected with --filter, write the notices CSV,
    /// and with --send mail each notice through the configured SMTP server; `--withdraw RUN_ID`
    /// takes a warning run back.
    Warn(warn::WarnArgs),
    /// List the batches run on this machine.
    History(history::HistoryArgs),
    /// Serve a simulated Atlassian org on 127.0.0.1 for demos and tests (never the real cloud).
    Sim(sim::SimArgs),
    /// Verify an org API key and keep it in the OS keychain for a profile (read from a hidden
    /// prompt, or from stdin when piped).
    Login(login::LoginArgs),
    /// Remove the profile's key from the OS keychain.
    Logout(logout::LogoutArgs),
    /// Show the profile, org and where the key lives, and check that the key still works.
    Status(status::StatusArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell) to stdout.
    Completions(completions::CompletionsArgs),
    /// Print the man page (roff) to stdout.
    Man(completions::ManArgs),
}

/// A command that failed; the message says what went wrong and how to fix it.
#[derive(Debug, Error)]
pub enum CliError {
    #[error(transparent)]
    Console(#[from] console::ConsoleCommandError),
    #[error(transparent)]
    Demo(#[from] demo::DemoError),
    #[error(transparent)]
    Report(#[from] report::ReportError),
    #[error(transparent)]
    Summary(#[from] summary::SummaryError),
    #[error(transparent)]
    Sim(#[from] sim::SimCommandError),
    #[error(transparent)]
    Login(#[from] login::LoginError),
    #[error(transparent)]
    Logout(#[from] logout::LogoutError),
    #[error(transparent)]
    Status(#[from] status::StatusError),
    #[error(transparent)]
    Completions(#[from] completions::CompletionsError),
    #[error(transparent)]
    Batch(#[from] batch_ui::BatchCommandError),
    #[error(transparent)]
    Warn(#[from] warn::WarnCommandError),
}

impl CliError {
    /// 2 for settings the user can fix on the command line, 3 for a batch that partly failed,
    /// 4 for a batch dormant refused to run, 1 for everything else.
    #[must_use]
    pub fn exit_code(&self) -> u8 {
        let usage = match self {
            Self::Console(error) => error.is_usage(),
            Self::Demo(error) => error.is_usage(),
            Self::Report(error) => error.is_usage(),
            Self::Summary(error) => error.is_usage(),
            Self::Sim(error) => error.is_usage(),
            Self::Login(error) => error.is_usage(),
            Self::Logout(error) => error.is_usage(),
            Self::Status(error) => error.is_usage(),
            Self::Completions(_) => false,
            Self::Batch(error) => return error.exit_code(),
            Self::Warn(error) => return error.exit_code(),
        };
        if usage { 2 } else { 1 }
    }
}

/// Runs the parsed command to completion.
pub async fn run(cli: Cli) -> Result<(), CliError> {
    match cli.command {
        None => console::run(cli.console, &cli.global).await?,
        Some(Command::Demo(args)) => demo::run(args).await?,
        Some(Command::Report(args)) => report::run(args, &cli.global).await?,
        Some(Command::Summary(args)) => summary::run(args, &cli.global).await?,
        Some(Command::Sim(args)) => sim::run(args).await?,
        Some(Command::Login(args)) => login::run(args, &cli.global).await?,
        Some(Command::Logout(args)) => logout::run(args, &cli.global).await?,
        Some(Command::Status(args)) => status::run(args, &cli.global).await?,
        Some(Command::Completions(args)) => completions::run(&args)?,
        Some(Command::Man(args)) => completions::run_man(&args)?,
        Some(Command::Plan(args)) => plan::run(args, &cli.global).await?,
        Some(Command::Apply(args)) => apply::run(args, &cli.global).await?,
        Some(Command::Resume(args)) => resume::run(args, &cli.global).await?,
        Some(Command::Undo(args)) => undo::run(args, &cli.global).await?,
        Some(Command::History(args)) => history::run(&args, &cli.global)?,
        Some(Command::Warn(args)) => warn::run(args, &cli.global).await?,
    }
    Ok(())
}
