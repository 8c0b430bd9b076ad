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
    init_logging(cli.is_console());
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

/// Where console sessions may log: the screen belongs to the console, so logs go to this file
/// (created 0600) or nowhere.
const LOG_FILE_VAR: &str = "DORMANT_LOG_FILE";

/// Logs go to stderr only: stdout carries machine-readable output (e.g. `dormant sim`'s JSON line).
/// A console session logs only to `DORMANT_LOG_FILE`, never over its own screen.
fn init_logging(console: bool) {
    let filter = match std::env::var("RUST_LOG") {
        Ok(directives) => EnvFilter::try_new(&directives).unwrap_or_else(|error| {
            eprintln!("dormant: ignoring RUST_LOG={directives:?} ({error}); using {DEFAULT_LOG_FILTER:?}");
            EnvFilter::new(DEFAULT_LOG_FILTER)
        }),
        Err(_) => EnvFilter::new(DEFAULT_LOG_FILTER),
    };
    let installed = if console {
        let Some(path) = std::env::var_os(LOG_FILE_VAR) else {
            return;
        };
        match open_log_file(std::path::Path::new(&path)) {
            Ok(file) => tracing_subscriber::fmt()
                .with_writer(std::sync::Mutex::new(file))
                .with_ansi(false)
                .with_env_filter(filter)
                .try_init(),
            Err(error) => {
                eprintln!(
                    "dormant: not logging to {LOG_FILE_VAR}={}: {error}",
                    std::path::Path::new(&path).display()
                );
                return;
            }
        }
    } else {
        tracing_subscriber::fmt()
            .with_writer(std::io::stderr)
            .with_ansi(std::io::stderr().is_terminal())
            .with_env_filter(filter)
            .try_init()
    };
    if let Err(error) = installed {
        eprintln!("dormant: logging is unavailable: {error}");
    }
}

/// Appends to the log file, creating it readable by the owner only.
fn open_log_file(path: &std::path::Path) -> std::io::Result<std::fs::File> {
    dormant::platform::files::private_file(std::fs::OpenOptions::new().create(true).append(true)).open(path)
}
