//! Command-line definitions and the wiring of each command. No business logic lives here.

pub mod completions;
pub mod console;
pub mod demo;
pub mod first_run;
pub mod login;
pub mod logout;
pub mod report;
pub mod settings;
pub mod sim;
pub mod status;

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
    Sim(#[from] sim::SimCommandError),
    #[error(transparent)]
    Login(#[from] login::LoginError),
    #[error(transparent)]
    Logout(#[from] logout::LogoutError),
    #[error(transparent)]
    Status(#[from] status::StatusError),
    #[error(transparent)]
    Completions(#[from] completions::CompletionsError),
}

impl CliError {
    /// 2 for settings the user can fix on the command line, 1 for everything else.
    #[must_use]
    pub fn exit_code(&self) -> u8 {
        let usage = match self {
            Self::Console(error) => error.is_usage(),
            Self::Demo(error) => error.is_usage(),
            Self::Report(error) => error.is_usage(),
            Self::Sim(error) => error.is_usage(),
            Self::Login(error) => error.is_usage(),
            Self::Logout(error) => error.is_usage(),
            Self::Status(error) => error.is_usage(),
            Self::Completions(_) => false,
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
        Some(Command::Sim(args)) => sim::run(args).await?,
        Some(Command::Login(args)) => login::run(args, &cli.global).await?,
        Some(Command::Logout(args)) => logout::run(args, &cli.global).await?,
        Some(Command::Status(args)) => status::run(args, &cli.global).await?,
        Some(Command::Completions(args)) => completions::run(&args)?,
        Some(Command::Man(args)) => completions::run_man(&args)?,
    }
    Ok(())
}
