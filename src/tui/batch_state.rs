//! What the console knows about batches: the plan waiting for confirmation with its preview, the
//! running commit's progress, the last results, the history list and unfinished batches. Plain
//! data; `update` changes it, `render` reads it.

use super::selection::Scope;
use crate::batch::{BatchAction, BatchReport, CommitProgress, HistoryEntry, Plan, Preview};
use crate::types::BatchId;

/// Where a pending plan came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlanSource {
    /// The marked users (or the cursor row), as far as `scope` takes them: the preview shows
    /// exactly the accounts the scope chose.
    Marks { scope: Scope },
    /// Reversing the batch with this id.
    Undo { of: BatchId },
}

/// A plan shown in the preview, not yet confirmed.
#[derive(Debug, Clone)]
pub struct PendingBatch {
    pub plan: Plan,
    pub preview: Preview,
    pub source: PlanSource,
}

/// A commit or resume running in the background.
#[derive(Debug, Clone, Default)]
pub struct RunningBatch {
    /// The latest progress report (none before the first account settles).
    pub progress: Option<CommitProgress>,
    /// Accounts the run will act on, for the header before the first report.
    pub planned: usize,
    /// Cancel was asked: the run stops after the account in flight.
    pub cancelling: bool,
}

/// The console's batch state.
#[derive(Debug, Clone)]
pub struct BatchUi {
    /// The action a plan from marks gets (Tab in the preview switches it).
    pub action: BatchAction,
    pub pending: Option<PendingBatch>,
    pub running: Option<RunningBatch>,
    pub results: Option<BatchReport>,
    pub results_scroll: u16,
    pub history: Vec<HistoryEntry>,
    pub history_cursor: usize,
    /// Unfinished batches found in the journals at start (checked once, after the first data).
    pub unfinished: usize,
    pub unfinished_checked: bool,
    /// Quit as soon as the running batch has stopped.
    pub quit_when_stopped: bool,
}

impl Default for BatchUi {
    fn default() -> Self {
        Self {
            action: BatchAction::Suspend,
            pending: None,
            running: None,
            results: None,
            results_scroll: 0,
            history: Vec::new(),
            history_cursor: 0,
            unfinished: 0,
            unfinished_checked: false,
            quit_when_stopped: false,
        }
    }
}
