//! The `dormant` binary: parses the command line and hands over to `dormant::cli`.

use clap::Parser;

fn main() {
    let _cli = dormant::cli::Cli::parse();
}
