//! The Atlassian-compatible simulator served over loopback HTTP. Client code must reach it only
//! through HTTP, never by calling into this module.

pub mod clock;
pub mod cursor;
pub mod errors;
pub mod generate;
pub mod model;
mod rng;
pub mod routes;
pub mod state;
pub mod wire;
