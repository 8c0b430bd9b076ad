//! The `dormant` binary: parses the command line, sets up logging and the runtime, hands over
//! to `dormant::cli`, and turns the outcome into an exit code. No logic beyond that.

use std::io::IsTerminal as _;
use std::process::ExitCode;

use clap::Parser;
use tracing_subscriber::EnvFilter;

/// Logging when `RUST_LOG` is unset: our own request log and warnings from everything else.
const DEFAULT_LOG_FILTER: &str = "warn,dormant=info";

fn main() -> ExitCode {
    let cli = dormant::cli::Cli::parse();
    init_logging();
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("dormant: could not start the async runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(dormant::cli::run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("dormant: {error}");
            ExitCode::from(error.exit_code())
        }
    }
}

/// Logs go to stderr only: stdout carries machine-readable output (e.g. `dormant sim`'s JSON line).
fn init_logging() {
    let filter = match std::env::var("RUST_LOG") {
        Ok(directives) => EnvFilter::try_new(&directives).unwrap_or_else(|error| {
            eprintln!("dormant: ignoring RUST_LOG={directives:?} ({error}); using {DEFAULT_LOG_FILTER:?}");
            EnvFilter::new(DEFAULT_LOG_FILTER)
        }),
        Err(_) => EnvFilter::new(DEFAULT_LOG_FILTER),
    };
    let installed = tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .with_env_filter(filter)
        .try_init();
    if let Err(error) = installed {
        eprintln!("dormant: logging is unavailable: {error}");
    }
}
