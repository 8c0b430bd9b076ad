//! Resume: completes a batch interrupted before it finished (killed, key revoked, an outcome
//! that could not be confirmed), from its journal alone. Accounts with an outcome are never acted
//! on again; accounts `started` without one are re-read before anything is sent. Must not decide
//! anything the commit engine does not decide the same way.

use super::action::CancelToken;
use super::check::Safeguard;
use super::commit::{BatchReport, CommitError, CommitProgress, CommitSettings, Run};
use super::gateway::Gateway;
use super::history::BatchStore;
use super::journal::{JournalContents, JournalRecord, JournalWriter};
use chrono::Utc;

/// Completes an unfinished batch from its journal: accounts with an outcome are left alone,
/// accounts `started` without one are re-read before anything is sent again.
pub async fn resume<G: Gateway + Clone>(
    gateway: &G,
    contents: JournalContents,
    safeguard: &Safeguard,
    store: &BatchStore,
    settings: &CommitSettings,
    progress: impl Fn(CommitProgress) + Send + Sync + 'static,
    cancel: &CancelToken,
) -> Result<BatchReport, CommitError> {
    if contents.finished.is_some() {
        return Err(CommitError::AlreadyFinished(contents.batch_id));
    }
    let safeguard = &safeguard.admit_resumed(&contents.plan)?;
    let mut writer = JournalWriter::reopen(&contents.path, contents.complete_len)?;
    writer.append(&JournalRecord::Resumed { at: Utc::now() })?;
    let run = Run {
        batch_id: contents.batch_id,
        operator: contents.operator,
        started_at: contents.started_at,
        plan: contents.plan,
        prior: contents.outcomes,
        in_doubt: contents.in_doubt,
    };
    run.execute(gateway, writer, safeguard, store, settings, progress, cancel)
        .await
}
