//! The Atlassian-compatible simulator served over loopback HTTP. Client code must reach it only
//! through HTTP, never by calling into this module.

pub mod generate;
pub mod model;
mod rng;
