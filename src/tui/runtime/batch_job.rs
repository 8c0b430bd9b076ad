//! The console's batch effects: commit and resume through `batch` (journalled, paced, cancellable
//! between accounts), the history, undo plans, unfinished-batch lookups and results export. Every
//! outcome becomes a `Msg`. Must not decide anything `batch` decides.

use super::services::Services;
use crate::batch::Plan;
use crate::batch::{
    ApiGateway, BatchReport, BatchStore, CancelToken, CommitProgress, CommitSettings, DEFAULT_CONCURRENCY,
    Safeguard, commit, resume, undo_plan, write_batch_handoff, write_results_csv, write_results_json,
};
use crate::store::atomic;
use crate::tui::event::Msg;
use crate::tui::failure::{Failure, FailureKind};
use crate::types::{BatchCap, BatchId, OrgId};
use chrono::Utc;
use std::path::PathBuf;
use std::sync::Arc;
use tokio::sync::mpsc::UnboundedSender;
use tokio::task::spawn_blocking;

/// What every batch job needs.
#[derive(Clone)]
pub(crate) struct BatchJob {
    pub(crate) services: Arc<Services>,
    pub(crate) msgs: UnboundedSender<Msg>,
}

impl BatchJob {
    fn send(&self, msg: Msg) {
        // The console owns the receiver for the whole session; once it is gone nobody is left to tell.
        let _delivered = self.msgs.send(msg).is_ok();
    }

    fn store(&self) -> BatchStore {
        BatchStore::new(&self.services.paths)
    }

    async fn org_id(&self) -> Result<OrgId, Failure> {
        match &self.services.org_id {
            Some(org_id) => Ok(org_id.clone()),
            None => Ok(self.services.client()?.discover_org().await?),
        }
    }

    fn settings(&self, cap: BatchCap) -> CommitSettings {
        CommitSettings {
            cap,
            concurrency: DEFAULT_CONCURRENCY,
            operator: self.services.operator.clone(),
        }
    }

    fn progress(&self) -> impl Fn(CommitProgress) + Send + Sync + 'static {
        let msgs = self.msgs.clone();
        move |progress| {
            let _delivered = msgs.send(Msg::CommitProgressed(Box::new(progress))).is_ok();
        }
    }

    /// The gateway to the org's API; fails without a key (a read-only `--from-csv` session).
    async fn gateway(&self) -> Result<ApiGateway, Failure> {
        let client = self.services.client()?.clone();
        Ok(ApiGateway::new(client, self.org_id().await?))
    }

    /// Commits a confirmed plan.
    pub(crate) async fn commit(self, plan: Plan, safeguard: Safeguard, cap: BatchCap, cancel: CancelToken) {
        let result = match self.gateway().await {
            Ok(gateway) => commit(
                &gateway,
                plan,
                &safeguard,
                &self.store(),
                &self.settings(cap),
                self.progress(),
                &cancel,
            )
            .await
            .map(Box::new)
            .map_err(Failure::from),
            Err(error) => Err(error),
        };
        self.send(Msg::CommitFinished(result));
    }

    /// Completes every unfinished batch of this org, one after the other; the last one's report
    /// carries a line about each earlier one.
    pub(crate) async fn resume_all(self, safeguard: Safeguard, cancel: CancelToken) {
        let result = self.resume_each(&safeguard, &cancel).await;
        self.send(Msg::CommitFinished(result));
    }

    async fn resume_each(
        &self,
        safeguard: &Safeguard,
        cancel: &CancelToken,
    ) -> Result<Box<BatchReport>, Failure> {
        let gateway = self.gateway().await?;
        let org_id = gateway.org_id().clone();
        let store = self.store();
        let reader = store.clone();
        let unfinished = spawn_blocking(move || reader.unfinished())
            .await
            .map_err(|error| Failure::from_join(&error))??;
        let (ours, others): (Vec<_>, Vec<_>) = unfinished
            .into_iter()
            .partition(|journal| journal.plan.org_id == org_id);
        let mut notes: Vec<String> = others
            .iter()
            .map(|journal| {
                format!(
                    "batch {} is for org {}: complete it with `dormant resume` under that org's profile",
                    journal.batch_id, journal.plan.org_id
                )
            })
            .collect();
        let mut last: Option<BatchReport> = None;
        for journal in ours {
            if cancel.is_cancelled() {
                break;
            }
            let settings = self.settings(journal.plan.cap);
            let report = resume(
                &gateway,
                journal,
                safeguard,
                &store,
                &settings,
                self.progress(),
                cancel,
            )
            .await?;
            if let Some(earlier) = last.replace(report) {
                notes.push(format!(
                    "batch {} also resumed: {} done, {} skipped, {} refused, {} failed",
                    earlier.batch_id,
                    earlier.counts.succeeded,
                    earlier.counts.skipped,
                    earlier.counts.refused,
                    earlier.counts.failed
                ));
            }
        }
        let mut report = last.ok_or_else(|| {
            let text = if notes.is_empty() {
                "no unfinished batch is left".to_owned()
            } else {
                notes.join("; ")
            };
            Failure::new(FailureKind::NotFound, text)
        })?;
        report.warnings.extend(notes);
        Ok(Box::new(report))
    }

    /// Counts the unfinished batches (of this org when it is known).
    pub(crate) async fn find_unfinished(self) {
        let store = self.store();
        let org = self.services.org_id.clone();
        let found = spawn_blocking(move || store.unfinished())
            .await
            .map_err(|error| Failure::from_join(&error))
            .and_then(|read| read.map_err(Failure::from))
            .map(|journals| {
                journals
                    .iter()
                    .filter(|journal| org.as_ref().is_none_or(|org| &journal.plan.org_id == org))
                    .count()
            });
        self.send(Msg::UnfinishedFound(found));
    }

    pub(crate) async fn load_history(self) {
        let store = self.store();
        let history = spawn_blocking(move || store.history())
            .await
            .map_err(|error| Failure::from_join(&error))
            .and_then(|read| read.map_err(Failure::from));
        self.send(Msg::HistoryLoaded(history));
    }

    /// The plan reversing `batch_id`, from its journal.
    pub(crate) async fn plan_undo(self, batch_id: BatchId) {
        let store = self.store();
        let id = batch_id.clone();
        let plan = spawn_blocking(move || -> Result<Plan, Failure> {
            let journal = store.read(&id)?;
            Ok(undo_plan(&journal, Utc::now())?)
        })
        .await
        .map_err(|error| Failure::from_join(&error))
        .and_then(|plan| plan.map(Box::new));
        self.send(Msg::UndoPlanned { batch_id, plan });
    }

    /// Writes the outcomes as `<journal>.results.csv` and `.json` (0600, atomically).
    pub(crate) async fn export(self, report: BatchReport) {
        let written = spawn_blocking(move || -> Result<Vec<PathBuf>, Failure> {
            let csv = report.journal.with_extension("results.csv");
            let json = report.journal.with_extension("results.json");
            atomic::write_with(&csv, |out| {
                write_results_csv(&report.outcomes, &report.entries, &report.memberships, out).map_err(csv_io)
            })?;
            atomic::write_with(&json, |out| {
                write_results_json(&report.outcomes, &report.entries, &report.memberships, out)
            })?;
            Ok(vec![csv, json])
        })
        .await
        .map_err(|error| Failure::from_join(&error))
        .and_then(|written| written);
        self.send(Msg::ResultsExported(written));
    }
}

impl BatchJob {
    /// Writes the `IdP` handoff of the synced users `report` changed as
    /// `<journal>.idp-handoff.csv` (0600, atomically).
    pub(crate) async fn handoff(self, report: BatchReport) {
        let written = spawn_blocking(move || -> Result<(PathBuf, usize), Failure> {
            let path = report.journal.with_extension("idp-handoff.csv");
            let mut rows = 0;
            atomic::write_with(&path, |out| {
                rows = write_batch_handoff(&report, out).map_err(csv_io)?;
                Ok(())
            })?;
            Ok((path, rows))
        })
        .await
        .map_err(|error| Failure::from_join(&error))
        .and_then(|written| written);
        self.send(Msg::HandoffWritten(written));
    }
}

/// A CSV writer's error as the I/O error under it when there is one, so a full disk is told as such.
fn csv_io(error: csv::Error) -> std::io::Error {
    match error.kind() {
        csv::ErrorKind::Io(io) => std::io::Error::new(io.kind(), error),
        _ => std::io::Error::other(error),
    }
}
