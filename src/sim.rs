//! The Atlassian-compatible simulator served over loopback HTTP. Client code must reach it only
//! through HTTP, never by calling into this module.

mod auth;
pub mod config;
mod faults;
pub mod generate;
pub mod model;
mod rate_limit;
mod rng;
pub mod server;
pub mod stats;

pub use config::{Faults, RestrictedKey, RestrictedKind, SimConfig, SimConfigError};
pub use server::{SimError, SimHandle, start_with_router};
pub use stats::StatsSnapshot;
