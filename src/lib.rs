//! dormant: find and clean up idle paid seats in an Atlassian Cloud organization.
//!
//! Module map and rules: see the README's architecture section. Dependencies point one way:
//! - `cli` → everything below it;
//! - `tui` → `batch`, `warn`, `import`, `api`, `store`, `report`;
//! - `batch` → `api` (only in `ApiGateway`, behind the `Gateway` trait), `store`, `directory`,
//!   `report`;
//! - `warn` → `store`, `directory`, `report`; `import` → `store`, `directory`;
//! - `store`, `api` and `report` → `directory`; `sim` → `api` (wire types only: clients reach the
//!   simulator through HTTP). `api` and `sim` never import `store`.
//!
//! Every layer may import `types` (org and batch ids, the batch cap, `Secret`), which, like
//! `directory`, depends on nothing of ours. `open_enum` and `test_hooks` are helpers any layer
//! may use.

pub mod api;
pub mod batch;
pub mod cli;
pub mod directory;
pub mod import;
mod open_enum;
pub mod report;
pub mod sim;
pub mod store;
pub mod test_hooks;
pub mod tui;
pub mod types;
pub mod warn;
