//! The commit engine's inputs and outputs: how a run is set up, the progress it reports after
//! every outcome, and how it ended. Data only.

use crate::batch::action::BatchAction;
use crate::batch::outcome::{Counts, UserOutcome};
use crate::batch::plan::PlanEntry;
use crate::types::{BatchCap, BatchId};
use std::path::PathBuf;
use std::time::Duration;

/// Requests in flight at once by default: enough to keep the rate budget busy, few enough that
/// a cancel stops quickly.
pub const DEFAULT_CONCURRENCY: usize = 4;
/// Upper bound on `CommitSettings::concurrency`.
pub const MAX_CONCURRENCY: usize = 16;

/// How a commit runs.
#[derive(Debug, Clone)]
pub struct CommitSettings {
    /// Destructive plans acting on more accounts are refused outright.
    pub cap: BatchCap,
    pub concurrency: usize,
    /// Who runs it, for the journal and the audit log.
    pub operator: String,
}

impl Default for CommitSettings {
    fn default() -> Self {
        Self {
            cap: BatchCap::DEFAULT,
            concurrency: DEFAULT_CONCURRENCY,
            operator: "unknown".to_owned(),
        }
    }
}

/// A snapshot of a running commit, sent after every outcome.
#[derive(Debug, Clone, PartialEq)]
pub struct CommitProgress {
    pub batch_id: BatchId,
    pub action: BatchAction,
    pub counts: Counts,
    /// Accounts settled per minute in this run.
    pub per_minute: f64,
    pub elapsed: Duration,
    /// The outcome that triggered this report.
    pub latest: Option<UserOutcome>,
}

/// How a commit run ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BatchEnd {
    /// Every account has an outcome; the batch is in the audit log.
    Completed,
    /// Cancelled: accounts without an outcome were never touched; in the audit log.
    Cancelled,
    /// Stopped early (unusable key, journal not writable, an outcome that could not be
    /// confirmed): the journal stays unfinished and `resume` completes it.
    Interrupted { reason: String },
}

/// The result of a commit or resume run.
#[derive(Debug, Clone)]
pub struct BatchReport {
    pub batch_id: BatchId,
    pub journal: PathBuf,
    pub action: BatchAction,
    pub end: BatchEnd,
    pub counts: Counts,
    /// Every account with an outcome (earlier runs included), in plan order.
    pub outcomes: Vec<UserOutcome>,
    /// The plan's entries: what the preview listed of each account (results files, `IdP` handoff).
    pub entries: Vec<PlanEntry>,
    /// Problems that did not change the outcome (e.g. the audit log could not be appended).
    pub warnings: Vec<String>,
    /// Remove or restore access: the groups each account left (or rejoined) by this batch,
    /// earlier runs included, in journal order.
    pub memberships: std::collections::HashMap<crate::directory::AccountId, Vec<crate::directory::GroupId>>,
}
