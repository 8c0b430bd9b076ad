//! Undo: a plan that restores (or re-enables) every account a finished batch changed, or adds
//! back exactly the group memberships a remove-access batch removed, run through the same
//! preview → journal → commit machinery. Pure: from a journal to a plan.

use super::journal::JournalContents;
use super::outcome::Outcome;
use super::plan::{PLAN_FORMAT, Plan, PlanEntry};
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
    let entries: Vec<_> = if original.action.changes_memberships() {
        membership_entries(journal)
    } else {
        original
            .entries
            .iter()
            .filter(|entry| {
                matches!(
                    journal.outcomes.get(&entry.account_id),
                    Some((_, Outcome::Succeeded { .. }))
                )
            })
            .map(|entry| restorative(entry.clone()))
            .collect()
    };
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
        access: original.access.clone(),
        confirmed: None,
        entries,
    })
}

/// Sections sort who is taken away from; a restore gives back what the batch took.
fn restorative(mut entry: PlanEntry) -> PlanEntry {
    entry.refusal = None;
    entry.section = None;
    entry.lane_reasons.clear();
    entry
}

/// Remove access: every account the batch took out of at least one group, with exactly the
/// groups its journal records it removed, whatever the account's outcome (a batch interrupted
/// or refused half-way through an account still removed what it recorded).
fn membership_entries(journal: &JournalContents) -> Vec<PlanEntry> {
    journal
        .plan
        .entries
        .iter()
        .filter_map(|entry| {
            let removed = journal.memberships.get(&entry.account_id)?;
            let mut entry = restorative(entry.clone());
            entry
                .memberships
                .retain(|membership| removed.contains(&membership.group_id));
            (!entry.memberships.is_empty()).then_some(entry)
        })
        .collect()
}
