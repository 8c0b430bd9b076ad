//! Resume: completes a batch interrupted before it finished (killed, key revoked, an outcome
//! that could not be confirmed), from its journal alone, under the org's lock. Accounts with an
//! outcome are never acted on again; accounts `started` without one are re-read before anything
//! is sent. Must not decide anything the commit engine does not decide the same way.

use super::action::CancelToken;
use super::check::Safeguard;
use super::commit::{BatchReport, CommitError, CommitProgress, CommitSettings, Run, blocking, lock_org};
use super::gateway::Gateway;
use super::history::BatchStore;
use super::journal::{JournalContents, JournalRecord, JournalSink, JournalWriter, read_journal};
use super::lock::OrgLock;
use chrono::Utc;

/// Completes an unfinished batch from its journal: takes the org's lock (refusing at once when
/// another run holds it), then goes on like `resume_locked`.
pub async fn resume<G: Gateway + Clone>(
    gateway: &G,
    contents: JournalContents,
    safeguard: &Safeguard,
    store: &BatchStore,
    settings: &CommitSettings,
    progress: impl Fn(CommitProgress) + Send + Sync + 'static,
    cancel: &CancelToken,
) -> Result<BatchReport, CommitError> {
    safeguard.check_permission()?;
    let lock = lock_org(store, &contents.plan.org_id, Some(&contents.batch_id)).await?;
    resume_locked(
        lock, gateway, contents, safeguard, store, settings, progress, cancel,
    )
    .await
}

/// `resume` under the org's lock the caller took. The journal is read again under the lock, so
/// what another run wrote before it let go is never acted on twice.
// The engine's whole input; bundling it in a struct would only rename these arguments.
#[allow(clippy::too_many_arguments)]
pub async fn resume_locked<G: Gateway + Clone>(
    mut lock: OrgLock,
    gateway: &G,
    contents: JournalContents,
    safeguard: &Safeguard,
    store: &BatchStore,
    settings: &CommitSettings,
    progress: impl Fn(CommitProgress) + Send + Sync + 'static,
    cancel: &CancelToken,
) -> Result<BatchReport, CommitError> {
    if *lock.org_id() != contents.plan.org_id {
        return Err(CommitError::WrongOrg {
            plan_org: contents.plan.org_id,
            target_org: lock.org_id().to_owned(),
        });
    }
    // A read-only profile is refused before the journal is touched.
    let safeguard = &safeguard.admit_resumed(&contents.plan)?;
    let path = contents.path;
    let (lock, contents, writer) = blocking(move || {
        let contents = read_journal(&path).map_err(super::history::HistoryError::from)?;
        if contents.finished.is_some() {
            return Err(CommitError::AlreadyFinished(contents.batch_id));
        }
        lock.hold_for(&contents.batch_id)?;
        let writer = JournalWriter::reopen(&contents.path, contents.complete_len)?;
        Ok((lock, contents, writer))
    })
    .await?;
    let journal = JournalSink::start(writer)?;
    journal.append(&JournalRecord::Resumed { at: Utc::now() }).await?;
    let run = Run {
        batch_id: contents.batch_id,
        operator: contents.operator,
        started_at: contents.started_at,
        plan: contents.plan,
        prior: contents.outcomes,
        in_doubt: contents.in_doubt,
        memberships: contents.memberships,
    };
    run.execute(
        lock, gateway, journal, safeguard, store, settings, progress, cancel,
    )
    .await
}
