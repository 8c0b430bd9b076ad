//! Withdrawing a warning run: its records leave the warnings file (one atomic rewrite), the audit
//! log gets a line naming the run, and the warnings that stay are handed back for classifying.
//! Mails already sent cannot be unsent; the caller says so. Must not touch the terminal.

use super::record::{WarningRun, warnings_of};
use super::store::{WarnStore, WarnStoreError};
use crate::directory::Warnings;
use crate::store::{AuditAction, AuditCounts, AuditError, AuditLog, AuditRecord, AuditState};
use crate::types::{BatchId, OrgId};
use chrono::{DateTime, Utc};

/// Why a warning run was not withdrawn (or withdrawn without its audit line).
#[derive(Debug, thiserror::Error)]
pub enum WithdrawError {
    #[error(
        "warning run {run} was already withdrawn on {at}; `dormant history` lists the runs and \
         their withdrawals",
        at = at.format("%Y-%m-%d %H:%M UTC")
    )]
    AlreadyWithdrawn { run: BatchId, at: DateTime<Utc> },
    #[error(
        "no warning run {0} is in the warnings file; `dormant history` lists the warning runs \
         (action \"warn\")"
    )]
    UnknownRun(BatchId),
    #[error(
        "warning run {0} has no line in the audit log naming its org, and no org is configured; \
         pass --org ORG_ID so the withdrawal can be logged (nothing was removed)"
    )]
    NoOrg(BatchId),
    #[error(transparent)]
    Store(WarnStoreError),
    #[error("could not read the audit log (nothing was removed): {0}")]
    ReadAudit(#[source] AuditError),
    #[error("warning run {run} was withdrawn, but the audit log was not written: {source}")]
    Audit {
        run: BatchId,
        #[source]
        source: AuditError,
    },
}

impl WithdrawError {
    /// 2 when the command line names no run it can withdraw, 4 when the run is already gone.
    #[must_use]
    pub fn exit_code(&self) -> u8 {
        match self {
            Self::UnknownRun(_) | Self::NoOrg(_) => 2,
            Self::AlreadyWithdrawn { .. } => 4,
            Self::Store(_) | Self::ReadAudit(_) | Self::Audit { .. } => 1,
        }
    }
}

/// A withdrawn run: its records (for "N warned, M mailed"), the audit line written, and the
/// warnings of the runs that stay (the classifier's new input).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Withdrawal {
    pub run: WarningRun,
    pub audit: AuditRecord,
    pub remaining: Warnings,
}

/// Who withdraws, and the org to log when the run's own audit line is missing.
#[derive(Debug, Clone, Copy)]
pub struct Withdrawer<'a> {
    pub who: &'a str,
    pub org: Option<(&'a OrgId, &'a str)>,
    pub now: DateTime<Utc>,
}

/// Removes run `run_id` from `store` and logs it in `audit`. Checks everything it can before
/// removing: the run is there, not already withdrawn, and its org is known for the log.
pub fn withdraw(
    store: &WarnStore,
    audit: &AuditLog,
    run_id: &BatchId,
    by: Withdrawer<'_>,
) -> Result<Withdrawal, WithdrawError> {
    let logged = audit.read_all().map_err(WithdrawError::ReadAudit)?;
    if let Some(earlier) = logged
        .iter()
        .find(|record| record.action == AuditAction::Withdraw && record.undo_of.as_ref() == Some(run_id))
    {
        let known = store.runs().map_err(WithdrawError::Store)?;
        if !known.iter().any(|run| run.batch_id == *run_id) {
            return Err(WithdrawError::AlreadyWithdrawn {
                run: run_id.clone(),
                at: earlier.finished_at,
            });
        }
    }
    let org = logged
        .iter()
        .find(|record| record.action == AuditAction::Warn && record.batch_id == *run_id)
        .map(|record| (record.org_id.clone(), record.org_name.clone()))
        .or_else(|| by.org.map(|(id, name)| (id.clone(), name.to_owned())));
    let (removed, remaining) = match store.remove(run_id) {
        Ok(removed) => removed,
        Err(WarnStoreError::UnknownRun(run)) => return Err(WithdrawError::UnknownRun(run)),
        Err(error) => return Err(WithdrawError::Store(error)),
    };
    let Some((org_id, org_name)) = org else {
        // Put it back: a withdrawal is only done with its audit line.
        store.save(&removed).map_err(WithdrawError::Store)?;
        return Err(WithdrawError::NoOrg(run_id.clone()));
    };
    let record = AuditRecord {
        batch_id: BatchId::new(by.now),
        who: by.who.to_owned(),
        started_at: by.now,
        finished_at: by.now,
        org_id,
        org_name,
        action: AuditAction::Withdraw,
        counts: AuditCounts {
            planned: removed.records.len(),
            succeeded: removed.records.len(),
            ..AuditCounts::default()
        },
        state: AuditState::Completed,
        journal: store.path().to_path_buf(),
        undo_of: Some(run_id.clone()),
    };
    audit.append(&record).map_err(|source| WithdrawError::Audit {
        run: run_id.clone(),
        source,
    })?;
    Ok(Withdrawal {
        run: removed,
        audit: record,
        remaining: warnings_of(&remaining),
    })
}
