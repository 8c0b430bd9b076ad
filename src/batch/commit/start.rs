//! Starting a new batch: the plan's checks, the org's lock (one batch per org at a time), the
//! refusal of a plan that ran before, and the journal header, all before the first request. The
//! file work runs on a blocking thread, never on a tokio worker.

use super::{BatchReport, CommitError, CommitProgress, CommitSettings, Run};
use crate::batch::action::CancelToken;
use crate::batch::check::Safeguard;
use crate::batch::gateway::Gateway;
use crate::batch::history::BatchStore;
use crate::batch::identity::PlanId;
use crate::batch::journal::{JOURNAL_FORMAT, JournalError, JournalRecord, JournalSink, JournalWriter};
use crate::batch::lock::OrgLock;
use crate::batch::plan::{PLAN_FORMAT, Plan};
use crate::types::{BatchId, OrgId};
use chrono::Utc;
use std::collections::{HashMap, HashSet};

/// Starts a new batch: takes the org's lock (refusing at once when another run holds it),
/// checks the plan, writes the journal header, and runs it.
pub async fn commit<G: Gateway + Clone>(
    gateway: &G,
    plan: Plan,
    safeguard: &Safeguard,
    store: &BatchStore,
    settings: &CommitSettings,
    progress: impl Fn(CommitProgress) + Send + Sync + 'static,
    cancel: &CancelToken,
) -> Result<BatchReport, CommitError> {
    safeguard.check_permission()?;
    let lock = lock_org(store, &plan.org_id, None).await?;
    commit_locked(lock, gateway, plan, safeguard, store, settings, progress, cancel).await
}

/// `commit` under a lock the caller took earlier (`BatchStore::lock_org`), so that a second run
/// is refused before the caller's own preview, confirmation or requests.
// The engine's whole input; bundling it in a struct would only rename these arguments.
#[allow(clippy::too_many_arguments)]
pub async fn commit_locked<G: Gateway + Clone>(
    mut lock: OrgLock,
    gateway: &G,
    plan: Plan,
    safeguard: &Safeguard,
    store: &BatchStore,
    settings: &CommitSettings,
    progress: impl Fn(CommitProgress) + Send + Sync + 'static,
    cancel: &CancelToken,
) -> Result<BatchReport, CommitError> {
    let mut plan = plan;
    // Read-only profiles stop here; the confirmed sections are journalled with the plan.
    let safeguard = &safeguard.admit_new(&mut plan)?;
    if plan.format != PLAN_FORMAT {
        return Err(CommitError::PlanFormat { found: plan.format });
    }
    if *lock.org_id() != plan.org_id {
        return Err(CommitError::WrongOrg {
            plan_org: plan.org_id,
            target_org: lock.org_id().to_owned(),
        });
    }
    let acting = plan.acting().count();
    if plan.action.is_destructive() && acting > settings.cap.get() {
        return Err(CommitError::OverCap {
            acting,
            cap: settings.cap,
        });
    }
    plan.check_repeats()?;
    let plan_id = PlanId::of(&plan);
    let started_at = Utc::now();
    let batch_id = BatchId::new(started_at);
    let header = JournalRecord::Header {
        format: JOURNAL_FORMAT,
        batch_id: batch_id.clone(),
        operator: settings.operator.clone(),
        started_at,
        plan_id: Some(plan_id.clone()),
        plan: plan.clone(),
    };
    let journals = store.clone();
    let id = batch_id.clone();
    let (lock, writer) = blocking(move || {
        // Under the lock, so two runs of one plan cannot both pass this check.
        refuse_applied(&journals, &plan_id)?;
        lock.hold_for(&id)?;
        let writer = JournalWriter::create(journals.journals_dir(), &header, &id)?;
        Ok((lock, writer))
    })
    .await?;
    let journal = JournalSink::start(writer)?;
    let run = Run {
        batch_id,
        operator: settings.operator.clone(),
        started_at,
        plan,
        prior: HashMap::new(),
        in_doubt: HashSet::new(),
        memberships: HashMap::new(),
    };
    run.execute(
        lock, gateway, journal, safeguard, store, settings, progress, cancel,
    )
    .await
}

/// Refuses a plan that was started before (finished, cancelled or unfinished): a plan runs
/// once. `commit_locked` checks it under the lock; callers may ask first, before a preview.
pub fn refuse_if_applied(store: &BatchStore, plan: &Plan) -> Result<(), CommitError> {
    refuse_applied(store, &PlanId::of(plan))
}

fn refuse_applied(store: &BatchStore, plan_id: &PlanId) -> Result<(), CommitError> {
    match store.applied(plan_id)? {
        None => Ok(()),
        Some(earlier) => Err(CommitError::AlreadyApplied {
            done: earlier.counts().succeeded,
            batch_id: earlier.batch_id,
            started_at: earlier.started_at,
            unfinished: earlier.finished.is_none(),
            undo_of: earlier.plan.undo_of,
        }),
    }
}

/// Takes `org`'s lock off the tokio workers, refusing at once when another run holds it.
pub(in crate::batch) async fn lock_org(
    store: &BatchStore,
    org: &OrgId,
    batch: Option<&BatchId>,
) -> Result<OrgLock, CommitError> {
    let (store, org, batch) = (store.clone(), org.clone(), batch.cloned());
    blocking(move || store.lock_org(&org, batch.as_ref()).map_err(CommitError::from)).await
}

/// Runs file work (locks, journal headers, fsyncs) off the tokio workers.
pub(in crate::batch) async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, CommitError> + Send + 'static,
) -> Result<T, CommitError> {
    match tokio::task::spawn_blocking(work).await {
        Ok(result) => result,
        Err(error) if error.is_panic() => std::panic::resume_unwind(error.into_panic()),
        Err(_) => Err(CommitError::Journal(JournalError::WriterStopped)),
    }
}
