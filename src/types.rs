//! The values every layer passes around: org ids, batch ids, the batch cap and secrets. One type
//! per concept, each with its rule, so `store`, `api`, `batch`, `sim` and `tui` agree on it.
//! A leaf: depends on nothing of dormant's, does no I/O and decides no policy.

mod batch_cap;
mod batch_id;
mod org_id;
mod secret;

pub use batch_cap::{BatchCap, BatchCapError};
pub use batch_id::BatchId;
pub use org_id::OrgId;
pub use secret::Secret;
