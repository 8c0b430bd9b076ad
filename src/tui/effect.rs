//! `Effect`: a command `update` asks the runtime to carry out off the UI task. Carries owned
//! inputs, so the effect never reads `App`. Must not be executed here.

use crate::directory::{Exclusion, Exclusions, Marks, Policy};

/// One piece of background work; its result comes back as a `Msg`.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Load the org (first showing the saved snapshot when `with_cache`), classify it with these
    /// rules, and report progress and the result under `generation`.
    LoadDirectory {
        generation: u64,
        with_cache: bool,
        policy: Box<Policy>,
        exclusions: Exclusions,
        exclusions_revision: u64,
    },
    /// Persist the marks of `org_id` (the latest request wins; earlier unsaved ones are skipped).
    SaveMarks { org_id: String, marks: Marks },
    /// Add exclusions (with their reasons and dates) to the profile's persisted allowlist.
    SaveExclusions { added: Vec<Exclusion> },
}
