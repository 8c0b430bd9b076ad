//! dormant: find and clean up idle paid seats in an Atlassian Cloud organization.
//!
//! Module map and rules: see the README's architecture section. Dependencies point one way
//! (any module may use `types`, `test_hooks` and the private `open_enum` helper; `types`, like
//! `directory`, depends on nothing of ours):
//!
//! - `cli` wires everything: `api`, `batch`, `directory`, `import`, `report`, `sim`, `store`,
//!   `tui`, `warn`.
//! - `tui → api, batch, directory, import, report, store, warn`.
//! - `warn → batch, directory, report, store`; `batch → api, directory, report, store` (`api`
//!   only in `ApiGateway`, behind the `Gateway` trait).
//! - `api → directory`: `api::load` converts and merges each page into a `directory::Directory`
//!   as it arrives, rather than returning wire records, so a big org's load never holds every
//!   page at once.
//! - `sim → api` (the shared wire types and `api::assumptions`, never the client: clients reach
//!   the simulator through HTTP). `api` and `sim` never import `store`.
//! - `import → directory, store`; `report → directory`; `store → directory`.
//! - `directory` depends on nothing of ours.

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
pub mod types;
pub mod warn;
