//! dormant: find and clean up idle paid seats in an Atlassian Cloud organization.
//!
//! Module map and rules: see the README's architecture section. Dependencies point one way:
//! `cli → api, sim, store, directory, import`; `api → directory, store`; `import → directory,
//! store`; `tui → import`; `directory` depends on nothing of ours.

pub mod api;
pub mod batch;
pub mod cli;
pub mod directory;
pub mod import;
mod open_enum;
pub mod platform;
pub mod report;
pub mod sim;
pub mod store;
pub mod test_hooks;
pub mod tui;
pub mod warn;
