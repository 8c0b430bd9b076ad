//! Where batches live on disk and what happened to them: the journal directory, the audit log,
//! unfinished batches (for resume) and the history listing (audit log plus unfinished journals).
//! Reads only; writing is the journal's and the engine's.

use super::identity::PlanId;
use super::journal::{
    FinishState, JOURNAL_EXTENSION, JournalContents, JournalReadError, journal_path, read_journal,
    read_plan_id,
};
use super::lock::{LockError, OrgLock};
use super::outcome::Counts;
use crate::store::{AuditAction, AuditError, AuditLog, AuditState, Paths};
use crate::types::{BatchId, OrgId};
use chrono::{DateTime, Utc};
use serde::Serialize;
use std::path::{Path, PathBuf};

/// Name of the journal directory inside the data directory.
pub const JOURNALS_DIR: &str = "batches";

/// A failure listing batches.
#[derive(Debug, thiserror::Error)]
pub enum HistoryError {
    #[error(transparent)]
    Journal(#[from] JournalReadError),
    #[error(transparent)]
    Audit(#[from] AuditError),
    #[error("could not list the batch journals in {}: {reason}", dir.display())]
    List { dir: PathBuf, reason: std::io::Error },
    #[error("no batch {0} is recorded on this machine; `dormant history` lists the batches")]
    Unknown(BatchId),
    #[error(
        "{0} is a warning run: warnings change nothing in the org, so there is nothing to undo \
         (the warnings stay recorded; a later warning replaces them)"
    )]
    WarningRun(BatchId),
}

/// The journal directory and audit log of one data directory.
#[derive(Debug, Clone)]
pub struct BatchStore {
    journals: PathBuf,
    audit: AuditLog,
}

/// Where a listed batch stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BatchState {
    Completed,
    Cancelled,
    /// Interrupted: `dormant resume` completes it.
    Unfinished,
}

/// One row of `dormant history`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HistoryEntry {
    pub batch_id: BatchId,
    pub started_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
    pub who: String,
    pub org_id: OrgId,
    pub org_name: String,
    pub action: AuditAction,
    pub counts: Counts,
    pub state: BatchState,
    pub journal: PathBuf,
    pub undo_of: Option<BatchId>,
    /// The batch that undid this one (or withdrew this warning run), completed or still
    /// unfinished; an undo the admin cancelled does not count.
    pub undone_by: Option<BatchId>,
}

impl HistoryEntry {
    /// "warned 30, mailed 12" for a warning run (planned = warned, succeeded = mailed);
    /// "12 done, 3 skipped, …" for a batch.
    #[must_use]
    pub fn counts_text(&self) -> String {
        let counts = &self.counts;
        if self.action == AuditAction::Warn {
            let failed = if counts.failed > 0 {
                format!(", {} not delivered", counts.failed)
            } else {
                String::new()
            };
            return format!("warned {}, mailed {}{failed}", counts.planned, counts.succeeded);
        }
        counts.to_string()
    }
}

impl BatchStore {
    #[must_use]
    pub fn new(paths: &Paths) -> Self {
        Self {
            journals: paths.data_dir().join(JOURNALS_DIR),
            audit: AuditLog::new(paths),
        }
    }

    #[must_use]
    pub fn journals_dir(&self) -> &Path {
        &self.journals
    }

    #[must_use]
    pub fn audit(&self) -> &AuditLog {
        &self.audit
    }

    /// The journal of one batch.
    pub fn read(&self, batch_id: &BatchId) -> Result<JournalContents, HistoryError> {
        let path = journal_path(&self.journals, batch_id);
        match read_journal(&path) {
            Err(JournalReadError::File(error)) if error.is_not_found() => {
                // Warning runs are in the audit log but have no journal: say what they are.
                let warning_run = self.history().is_ok_and(|entries| {
                    entries
                        .iter()
                        .any(|entry| entry.batch_id == *batch_id && entry.action == AuditAction::Warn)
                });
                Err(if warning_run {
                    HistoryError::WarningRun(batch_id.clone())
                } else {
                    HistoryError::Unknown(batch_id.clone())
                })
            }
            other => Ok(other?),
        }
    }

    /// Every journal, oldest first.
    pub fn journals(&self) -> Result<Vec<JournalContents>, HistoryError> {
        self.journal_paths()?
            .iter()
            .map(|path| read_journal(path).map_err(HistoryError::from))
            .collect()
    }

    /// The batch that ran (or runs) the plan `plan_id`, if any did; a batch the admin cancelled
    /// does not count, so its plan can be applied again for the users it did not reach. Reads
    /// each journal's header only; a journal that cannot be read is an error, since the plan may
    /// be the one it holds.
    pub fn applied(&self, plan_id: &PlanId) -> Result<Option<JournalContents>, HistoryError> {
        for path in self.journal_paths()? {
            let (_, found) = read_plan_id(&path)?;
            if &found != plan_id {
                continue;
            }
            let journal = read_journal(&path)?;
            let cancelled = journal
                .finished
                .is_some_and(|(_, state, _)| state == FinishState::Cancelled);
            if !cancelled {
                return Ok(Some(journal));
            }
        }
        Ok(None)
    }

    /// Takes the lock of `org_id` (one batch per org at a time on this machine), naming
    /// `batch_id` as its holder when the batch already has one.
    pub fn lock_org(&self, org_id: &OrgId, batch_id: Option<&BatchId>) -> Result<OrgLock, LockError> {
        OrgLock::acquire(&self.journals, org_id, batch_id)
    }

    /// The journal files, sorted by name (which sorts by start time).
    fn journal_paths(&self) -> Result<Vec<PathBuf>, HistoryError> {
        let listing = match std::fs::read_dir(&self.journals) {
            Ok(listing) => listing,
            Err(reason) if reason.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(reason) => {
                return Err(HistoryError::List {
                    dir: self.journals.clone(),
                    reason,
                });
            }
        };
        let mut paths = Vec::new();
        for item in listing {
            let path = item
                .map_err(|reason| HistoryError::List {
                    dir: self.journals.clone(),
                    reason,
                })?
                .path();
            if path.extension().is_some_and(|ext| ext == JOURNAL_EXTENSION) {
                paths.push(path);
            }
        }
        paths.sort();
        Ok(paths)
    }

    /// Batches that were interrupted before they finished, oldest first.
    pub fn unfinished(&self) -> Result<Vec<JournalContents>, HistoryError> {
        Ok(self
            .journals()?
            .into_iter()
            .filter(|journal| journal.finished.is_none())
            .collect())
    }

    /// Finished batches from the audit log and unfinished ones from their journals, oldest first.
    pub fn history(&self) -> Result<Vec<HistoryEntry>, HistoryError> {
        let mut entries: Vec<HistoryEntry> = self
            .audit
            .read_all()?
            .into_iter()
            .map(|record| HistoryEntry {
                batch_id: record.batch_id,
                started_at: record.started_at,
                finished_at: Some(record.finished_at),
                who: record.who,
                org_id: record.org_id,
                org_name: record.org_name,
                action: record.action,
                counts: Counts {
                    planned: record.counts.planned,
                    succeeded: record.counts.succeeded,
                    skipped: record.counts.skipped,
                    refused: record.counts.refused,
                    failed: record.counts.failed,
                    elsewhere: record.counts.elsewhere,
                },
                state: match record.state {
                    AuditState::Completed => BatchState::Completed,
                    AuditState::Cancelled => BatchState::Cancelled,
                },
                journal: record.journal,
                undo_of: record.undo_of,
                undone_by: None,
            })
            .collect();
        for journal in self.unfinished()? {
            entries.push(HistoryEntry {
                batch_id: journal.batch_id.clone(),
                started_at: journal.started_at,
                finished_at: None,
                who: journal.operator.clone(),
                org_id: journal.plan.org_id.clone(),
                org_name: journal.plan.org_name.clone(),
                action: journal.plan.action.into(),
                counts: journal.counts(),
                state: BatchState::Unfinished,
                journal: journal.path.clone(),
                undo_of: journal.plan.undo_of.clone(),
                undone_by: None,
            });
        }
        entries.sort_by(|a, b| a.started_at.cmp(&b.started_at).then(a.batch_id.cmp(&b.batch_id)));
        mark_undone(&mut entries);
        Ok(entries)
    }
}

/// Marks each batch undone (or warning run withdrawn) with the batch that did it; a cancelled
/// undo leaves the batch as it was marked (it may run again).
fn mark_undone(entries: &mut [HistoryEntry]) {
    let undoers: Vec<(BatchId, BatchId)> = entries
        .iter()
        .filter(|entry| entry.state != BatchState::Cancelled)
        .filter_map(|entry| Some((entry.undo_of.clone()?, entry.batch_id.clone())))
        .collect();
    for (undone, by) in undoers {
        if let Some(entry) = entries.iter_mut().find(|entry| entry.batch_id == undone) {
            entry.undone_by = Some(by);
        }
    }
}
