//! The Atlassian-compatible simulator served over loopback HTTP. Client code must reach it only
//! through HTTP, never by calling into this module.

mod auth;
pub mod clock;
pub mod config;
pub mod cursor;
pub mod errors;
mod faults;
pub mod generate;
pub mod model;
mod rate_limit;
mod rng;
pub mod routes;
pub mod server;
pub mod state;
pub mod stats;
pub mod wire;

pub use config::{Faults, RestrictedKey, RestrictedKind, SimConfig, SimConfigError, UserLimit};
pub use server::{SimHandle, SimStartError, start, start_with_org, start_with_router};
pub use stats::StatsSnapshot;
