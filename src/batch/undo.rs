//! Undo: a plan that restores (or re-enables) every account a finished batch changed, run
//! through the same preview → journal → commit machinery. Pure: from a journal to a plan.

use super::journal::JournalContents;
use super::outcome::Outcome;
use super::plan::{PLAN_FORMAT, Plan};
use crate::types::BatchId;
use chrono::{DateTime, Utc};

/// Why a batch cannot be undone (yet).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UndoError {
    #[error("batch {0} is unfinished: run `dormant resume` first, then undo it")]
    Unfinished(BatchId),
    #[error("batch {0} undid another batch; plan a new batch instead of undoing an undo")]
    UndoOfUndo(BatchId),
    #[error("batch {0} changed nobody, so there is nothing to undo")]
    NothingChanged(BatchId),
}

/// The plan reversing every success of the batch in `journal`, in its plan order. Accounts it
/// skipped, refused or failed on were not changed and are left out.
pub fn undo_plan(journal: &JournalContents, now: DateTime<Utc>) -> Result<Plan, UndoError> {
    if journal.finished.is_none() {
        return Err(UndoError::Unfinished(journal.batch_id.clone()));
    }
    let original = &journal.plan;
    if original.undo_of.is_some() || !original.action.is_destructive() {
        return Err(UndoError::UndoOfUndo(journal.batch_id.clone()));
    }
    let entries: Vec<_> = original
        .entries
        .iter()
        .filter(|entry| {
            matches!(
                journal.outcomes.get(&entry.account_id),
                Some((_, Outcome::Succeeded { .. }))
            )
        })
        .map(|entry| {
            let mut entry = entry.clone();
            entry.refusal = None;
            // Sections sort who is taken away from; a restore gives back what the batch took.
            entry.section = None;
            entry.lane_reasons.clear();
            entry
        })
        .collect();
    if entries.is_empty() {
        return Err(UndoError::NothingChanged(journal.batch_id.clone()));
    }
    Ok(Plan {
        format: PLAN_FORMAT,
        org_id: original.org_id.clone(),
        org_name: original.org_name.clone(),
        action: original.action.reverse(),
        message: None,
        created_at: now,
        data_loaded_at: now,
        cap: original.cap,
        undo_of: Some(journal.batch_id.clone()),
        include_lanes: Vec::new(),
        confirmed: None,
        entries,
    })
}
