//! The commit engine: under the org's lock (`start`), journals the plan, then for each account
//! re-reads it, re-checks every rule (`check`), sends the change once, and records the outcome
//! (appended by the journal's own thread), with bounded concurrency, progress reports and
//! cancellation between actions. `resume` runs the same engine over a journal. Must not touch
//! the terminal; the caller renders progress.

mod settings;
mod start;
mod worker;

pub use settings::{
    BatchEnd, BatchReport, CommitProgress, CommitSettings, DEFAULT_CONCURRENCY, MAX_CONCURRENCY,
};
pub(super) use start::{blocking, lock_org};
pub use start::{commit, commit_locked, refuse_if_applied};

use super::action::CancelToken;
use super::check::Safeguard;
use super::gateway::Gateway;
use super::history::{BatchStore, HistoryError};
use super::journal::{FinishState, JournalError, JournalRecord, JournalSink};
use super::lock::{LockError, OrgLock};
use super::outcome::{Counts, Outcome, UserOutcome};
use super::permission::ReadOnly;
use super::plan::{PLAN_FORMAT, Plan, RepeatedEntries};
use crate::directory::{AccountId, GroupId};
use crate::store::{AuditCounts, AuditRecord, AuditState};
use crate::types::{BatchCap, BatchId, OrgId};
use chrono::{DateTime, Utc};
use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use worker::Shared;

/// Why a commit did not start (or could not record its end).
#[derive(Debug, thiserror::Error)]
pub enum CommitError {
    #[error(
        "plan format {found} is not the {PLAN_FORMAT} this version reads; build the plan again with this dormant"
    )]
    PlanFormat { found: u32 },
    #[error(
        "the plan acts on {acting} users, more than the batch cap of {cap}: split it, or raise the cap \
         explicitly (--cap N)"
    )]
    OverCap { acting: usize, cap: BatchCap },
    #[error(
        "the plan is for org {:?} but the key is used with org {:?}; use the matching --org",
        plan_org.as_str(),
        target_org.as_str()
    )]
    WrongOrg { plan_org: OrgId, target_org: OrgId },
    #[error("batch {0} is already finished; nothing to resume")]
    AlreadyFinished(BatchId),
    /// Another run holds the org (one batch per org at a time): nothing was sent.
    #[error(transparent)]
    Busy(#[from] LockError),
    /// The plan was started before, as `batch_id`: a plan is never started twice.
    #[error("{}", already_applied(batch_id, *started_at, *unfinished, undo_of.as_ref(), *done))]
    AlreadyApplied {
        batch_id: BatchId,
        started_at: DateTime<Utc>,
        unfinished: bool,
        undo_of: Option<BatchId>,
        /// Users that earlier run changed (so far, when unfinished).
        done: usize,
    },
    /// The journals could not be searched for an earlier run of the plan.
    #[error("could not check whether this plan was applied before, so nothing was sent: {0}")]
    History(#[from] HistoryError),
    #[error("could not write the batch journal, so nothing was changed after that point: {0}")]
    Journal(#[from] JournalError),
    #[error(transparent)]
    ReadOnly(#[from] ReadOnly),
    /// The plan lists an account twice (a hand edit): refused whole, nothing sent.
    #[error(transparent)]
    Repeated(#[from] RepeatedEntries),
}

impl CommitError {
    /// Whether dormant refused before sending anything (another run holds the org, the plan ran
    /// before, over the cap, wrong org, a read-only profile): the headless commands exit 4 on these.
    #[must_use]
    pub fn is_refusal(&self) -> bool {
        matches!(
            self,
            Self::OverCap { .. }
                | Self::WrongOrg { .. }
                | Self::AlreadyApplied { .. }
                | Self::Busy(LockError::Busy(_))
                | Self::ReadOnly(_)
                | Self::Repeated(_)
        )
    }
}

fn already_applied(
    batch_id: &BatchId,
    started_at: DateTime<Utc>,
    unfinished: bool,
    undo_of: Option<&BatchId>,
    done: usize,
) -> String {
    let on = started_at.format("%Y-%m-%d %H:%M UTC");
    match (undo_of, unfinished) {
        (Some(undone), false) => format!(
            "batch {undone} was already undone by batch {batch_id} on {on}: {done} done; nothing to \
             confirm; `dormant history` shows it"
        ),
        (Some(undone), true) => format!(
            "batch {undone} is being undone by batch {batch_id} (started {on}, unfinished); run \
             `dormant resume` to complete it"
        ),
        (None, false) => format!(
            "this plan was already applied as batch {batch_id} on {on}: {done} done; nothing to \
             confirm: a plan runs once; build a new one with `dormant plan` to act on these users again"
        ),
        (None, true) => format!(
            "this plan is already being applied as batch {batch_id} (started {on}, unfinished); run \
             `dormant resume` to complete it"
        ),
    }
}

/// One run over a batch (the first, or a resume).
pub(super) struct Run {
    pub(super) batch_id: BatchId,
    pub(super) operator: String,
    pub(super) started_at: chrono::DateTime<Utc>,
    pub(super) plan: Plan,
    /// Outcomes recorded by earlier runs: never acted on again.
    pub(super) prior: HashMap<AccountId, (chrono::DateTime<Utc>, Outcome)>,
    /// `started` without an outcome in an earlier run: re-read before anything is sent.
    pub(super) in_doubt: HashSet<AccountId>,
    /// Memberships earlier runs journalled as changed (remove or restore access).
    pub(super) memberships: HashMap<AccountId, Vec<GroupId>>,
}

impl Run {
    // The engine's whole input; bundling it in a struct would only rename these arguments.
    #[allow(clippy::too_many_arguments)]
    pub(super) async fn execute<G: Gateway + Clone>(
        mut self,
        lock: OrgLock,
        gateway: &G,
        journal: JournalSink,
        safeguard: &Safeguard,
        store: &BatchStore,
        settings: &CommitSettings,
        progress: impl Fn(CommitProgress) + Send + Sync + 'static,
        cancel: &CancelToken,
    ) -> Result<BatchReport, CommitError> {
        let journal_path = journal.path().to_path_buf();
        let mut counts = Counts {
            planned: self.plan.entries.len(),
            ..Counts::default()
        };
        for (_, outcome) in self.prior.values() {
            counts.add(outcome);
        }
        let mut plan_refusals = Vec::new();
        let mut queue = Vec::new();
        for (position, entry) in self.plan.entries.iter().enumerate() {
            if self.prior.contains_key(&entry.account_id) {
                continue;
            }
            match &entry.refusal {
                Some(refusal) => plan_refusals.push((position, refusal.clone())),
                None => queue.push(position),
            }
        }
        let shared = Arc::new(Shared::new(
            gateway.clone(),
            safeguard.clone(),
            self.batch_id.clone(),
            Arc::new(self.plan.clone()),
            journal,
            counts,
            std::mem::take(&mut self.in_doubt),
            std::mem::take(&mut self.memberships),
            Box::new(progress),
            cancel.clone(),
        ));
        for (position, refusal) in plan_refusals {
            shared
                .settle_planned_refusal(position, Outcome::Refused { refusal })
                .await;
        }
        shared.enqueue(&queue, gateway.read_batch_limit());
        let workers = settings.concurrency.clamp(1, MAX_CONCURRENCY);
        let mut tasks = tokio::task::JoinSet::new();
        for _ in 0..workers {
            tasks.spawn(worker::run(Arc::clone(&shared)));
        }
        let mut warnings = Vec::new();
        while let Some(joined) = tasks.join_next().await {
            if let Err(error) = joined {
                shared.stop(format!("a worker stopped unexpectedly: {error}"));
            }
        }
        let (counts, plan, end) = shared.finish(cancel.is_cancelled());
        if let Some(warning) = self
            .record_end(&shared, store, &plan, &end, counts, &journal_path)
            .await?
        {
            warnings.push(warning);
        }
        // Held until the batch's end is on disk: the next run of this org starts after it.
        drop(lock);
        let mut outcomes: HashMap<AccountId, (chrono::DateTime<Utc>, Outcome)> =
            std::mem::take(&mut self.prior);
        outcomes.extend(shared.take_outcomes());
        let memberships = shared.take_memberships();
        let outcomes = plan
            .entries
            .iter()
            .filter_map(|entry| {
                outcomes
                    .remove(&entry.account_id)
                    .map(|(at, outcome)| UserOutcome {
                        account_id: entry.account_id.clone(),
                        name: entry.name.clone(),
                        email: entry.email.clone(),
                        action: plan.action,
                        outcome,
                        at,
                    })
            })
            .collect();
        Ok(BatchReport {
            batch_id: self.batch_id,
            journal: journal_path,
            action: plan.action,
            end,
            counts,
            outcomes,
            entries: plan.entries.clone(),
            warnings,
            memberships,
        })
    }

    /// Journals `finished` and appends the audit record, unless the run was interrupted (then
    /// the journal stays open for `resume`). Returns a warning when only the audit log failed.
    async fn record_end<G: Gateway>(
        &self,
        shared: &Shared<G>,
        store: &BatchStore,
        plan: &Plan,
        end: &BatchEnd,
        counts: Counts,
        journal_path: &std::path::Path,
    ) -> Result<Option<String>, CommitError> {
        let state = match end {
            BatchEnd::Completed => FinishState::Completed,
            BatchEnd::Cancelled => FinishState::Cancelled,
            BatchEnd::Interrupted { .. } => return Ok(None),
        };
        let finished_at = Utc::now();
        shared
            .append(&JournalRecord::Finished {
                at: finished_at,
                state,
                counts,
            })
            .await?;
        let record = AuditRecord {
            batch_id: self.batch_id.clone(),
            who: self.operator.clone(),
            started_at: self.started_at,
            finished_at,
            org_id: plan.org_id.clone(),
            org_name: plan.org_name.clone(),
            action: plan.action.into(),
            counts: AuditCounts {
                planned: counts.planned,
                succeeded: counts.succeeded,
                skipped: counts.skipped,
                refused: counts.refused,
                failed: counts.failed,
                elsewhere: counts.elsewhere,
            },
            state: match state {
                FinishState::Completed => AuditState::Completed,
                FinishState::Cancelled => AuditState::Cancelled,
            },
            journal: journal_path.to_path_buf(),
            undo_of: plan.undo_of.clone(),
        };
        Ok(store
            .audit()
            .append(&record)
            .err()
            .map(|error| format!("the batch finished but could not be added to the audit log: {error}")))
    }
}
