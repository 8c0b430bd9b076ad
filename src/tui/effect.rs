//! `Effect`: a command `update` asks the runtime to carry out off the UI task. Carries owned
//! inputs, so the effect never reads `App`. Must not be executed here.

use crate::batch::{BatchReport, Plan, Safeguard};
use crate::directory::{DirectoryIndex, Exclusion, Exclusions, Marks, Policy, SortKey};
use crate::types::{BatchCap, BatchId, OrgId};
use crate::warn::WarningRun;
use chrono::{DateTime, Utc};

/// One piece of background work; its result comes back as a `Msg`.
#[derive(Debug, Clone)]
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
    SaveMarks { org_id: OrgId, marks: Marks },
    /// Read the profile's filter history (once, at start).
    LoadFilterHistory,
    /// Replace the profile's filter history file with `filters`, oldest first (the latest
    /// request wins; earlier unsaved ones are skipped).
    SaveFilterHistory { filters: Vec<String> },
    /// Add exclusions (with their reasons and dates) to the profile's persisted allowlist.
    SaveExclusions { added: Vec<Exclusion> },
    /// Read the allowlist page's entries: the profile's file and the config's allowlist (after
    /// every exclusion already asked to be saved).
    ReadAllowlist,
    /// Remove the exclusion `shown` from the profile's file, if it is still there as shown.
    RemoveExclusion { shown: Exclusion },
    /// Give the exclusion `shown` a new `reason`, if it is still in the file as shown.
    EditExclusionReason { shown: Exclusion, reason: String },
    /// Carry out a confirmed plan: journal first, then each account re-read, re-checked by
    /// `safeguard` and changed once; progress and the end come back as messages.
    Commit {
        plan: Box<Plan>,
        safeguard: Box<Safeguard>,
        cap: BatchCap,
    },
    /// Complete every unfinished batch in the journals (resume after a crash).
    ResumeUnfinished { safeguard: Box<Safeguard> },
    /// Stop the running batch after the account in flight.
    CancelBatch,
    /// Count the unfinished batches in the journals.
    FindUnfinished,
    /// Read the batch history.
    LoadHistory,
    /// Build the plan that reverses batch `batch_id` (from its journal).
    PlanUndo { batch_id: BatchId },
    /// Write every outcome of `report` as CSV and JSON next to its journal.
    ExportResults { report: Box<BatchReport> },
    /// Write `rows` of `index` (the view on screen, in its order) as CSV and JSON through the
    /// report's renderer, under the data folder's `exports/`, named by `at`. `filter` (as typed,
    /// valid) and `sort` are the view's, for the message.
    ExportView {
        index: Box<DirectoryIndex>,
        rows: Vec<u32>,
        filter: String,
        sort: SortKey,
        at: DateTime<Utc>,
    },
    /// Write the `IdP` handoff CSV of the synced users `report` changed, next to its journal.
    WriteHandoff { report: Box<BatchReport> },
    /// Record a warning run in the profile's warnings file, write its notices CSV and an audit line.
    RecordWarnings {
        run: Box<WarningRun>,
        org_id: OrgId,
        org_name: String,
    },
    /// Withdraw warning run `run`: its records leave the warnings file, the audit log says so
    /// (`org` is logged when the run's own audit line is missing).
    WithdrawWarnings {
        run: BatchId,
        org_id: OrgId,
        org_name: String,
    },
}
