//! Command-line definitions and the wiring of each command. No business logic lives here.

use clap::Parser;

/// dormant: find and clean up idle paid seats in an Atlassian Cloud organization.
#[derive(Debug, Parser)]
#[command(name = "dormant", version, about)]
pub struct Cli {}
