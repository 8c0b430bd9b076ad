//! `Jobs`: the one `JoinSet` every background task of the console runs in. A job that panics is
//! reported as its own failure message; closing the console drains the set with a bounded wait
//! and names whatever had to be stopped. Must not decide what a job does.

use super::caught::Caught;
use crate::tui::event::Msg;
use crate::tui::failure::{Failure, FailureKind};
use crate::types::BatchId;
use std::collections::HashMap;
use std::future::Future;
use std::time::Duration;
use tokio::sync::mpsc::UnboundedSender;
use tokio::task::{AbortHandle, Id, JoinError, JoinSet};
use tokio::time::Instant;

/// How long closing the console waits for exports, records and saves still running.
pub(crate) const DRAIN_WAIT: Duration = Duration::from_secs(10);
/// How long it waits for a cancelled batch to stop after the account in flight. Past this the
/// batch is stopped where it is: its journal then records that account as started without an
/// outcome, which `dormant resume` re-reads from the server before anything else.
pub(crate) const BATCH_STOP_WAIT: Duration = Duration::from_mins(5);

/// A kind of background job, by the message that reports its failure.
#[derive(Debug, Clone)]
pub(crate) enum Job {
    Load {
        generation: u64,
    },
    /// A commit or a resume.
    Batch,
    FindUnfinished,
    History,
    Undo {
        batch_id: BatchId,
    },
    Export,
    ViewExport,
    Handoff,
    Warnings,
    Withdraw,
    MarksWriter,
    ExclusionsWriter,
    FilterHistoryLoad,
    FilterHistoryWriter,
}

impl Job {
    /// What the job is, for the log and the lines printed after the console closed.
    pub(crate) fn name(&self) -> &'static str {
        match self {
            Job::Load { .. } => "load of the org",
            Job::Batch => "batch",
            Job::FindUnfinished => "look-up of unfinished batches",
            Job::History => "read of the batch history",
            Job::Undo { .. } => "undo plan",
            Job::Export => "results export",
            Job::ViewExport => "view export",
            Job::Handoff => "IdP handoff",
            Job::Warnings => "warning record",
            Job::Withdraw => "withdrawal of a warning run",
            Job::MarksWriter => "marks writer",
            Job::ExclusionsWriter => "exclusions writer",
            Job::FilterHistoryLoad => "read of the filter history",
            Job::FilterHistoryWriter => "filter history writer",
        }
    }

    /// The message saying this job ended with `error` instead of its result.
    pub(crate) fn failed(self, error: Failure) -> Msg {
        match self {
            Job::Load { generation } => Msg::LoadFailed { generation, error },
            Job::Batch => Msg::CommitFinished(Err(error)),
            Job::FindUnfinished => Msg::UnfinishedFound(Err(error)),
            Job::History => Msg::HistoryLoaded(Err(error)),
            Job::Undo { batch_id } => Msg::UndoPlanned {
                batch_id,
                plan: Err(error),
            },
            Job::Export => Msg::ResultsExported(Err(error)),
            Job::ViewExport => Msg::ViewExported(Err(error)),
            Job::Handoff => Msg::HandoffWritten(Err(error)),
            Job::Warnings => Msg::WarningsFailed { error },
            Job::Withdraw => Msg::WarningsWithdrawn(Err(error)),
            Job::MarksWriter => Msg::MarksSaveFailed { error },
            Job::ExclusionsWriter => Msg::ExclusionsSaveFailed { error },
            Job::FilterHistoryLoad => Msg::FilterHistoryLoaded(Err(error)),
            Job::FilterHistoryWriter => Msg::FilterHistorySaveFailed { error },
        }
    }
}

/// What closing the console left undone.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Finished {
    /// Jobs still running when the wait ran out, stopped where they were (by [`Job::name`]).
    pub abandoned: Vec<&'static str>,
}

struct Running {
    name: &'static str,
    abort: AbortHandle,
    /// A batch, given [`BATCH_STOP_WAIT`] to stop between accounts.
    batch: bool,
}

/// The session's background tasks.
pub(crate) struct Jobs {
    set: JoinSet<()>,
    running: HashMap<Id, Running>,
    msgs: UnboundedSender<Msg>,
}

impl Jobs {
    pub(crate) fn new(msgs: UnboundedSender<Msg>) -> Jobs {
        Jobs {
            set: JoinSet::new(),
            running: HashMap::new(),
            msgs,
        }
    }

    /// Runs `work` as `job`. A panic in it becomes `job`'s failure message.
    pub(crate) fn spawn(&mut self, job: Job, work: impl Future<Output = ()> + Send + 'static) -> AbortHandle {
        self.reap();
        let name = job.name();
        let batch = matches!(job, Job::Batch);
        let msgs = self.msgs.clone();
        let abort = self.set.spawn(async move {
            if let Err(payload) = Caught::new(work).await {
                let said = payload
                    .downcast_ref::<&str>()
                    .copied()
                    .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
                    .unwrap_or("(no message)");
                tracing::error!("the {name} task panicked: {said}");
                let failure = Failure::new(
                    FailureKind::Bug,
                    format!(
                        "the {name} stopped unexpectedly (a dormant bug: please report it; run with \
                         DORMANT_LOG_FILE set for the details)"
                    ),
                );
                // Once the console is gone nobody is left to tell; the log has it.
                let _delivered = msgs.send(job.failed(failure)).is_ok();
            }
        });
        self.running.insert(
            abort.id(),
            Running {
                name,
                abort: abort.clone(),
                batch,
            },
        );
        abort
    }

    /// Forgets the jobs that have ended, so a long session does not accumulate them.
    fn reap(&mut self) {
        while let Some(done) = self.set.try_join_next_with_id() {
            self.settle(done);
        }
    }

    fn settle(&mut self, done: Result<(Id, ()), JoinError>) {
        match done {
            Ok((id, ())) => {
                self.running.remove(&id);
            }
            Err(error) => {
                let name = self
                    .running
                    .remove(&error.id())
                    .map_or("background", |running| running.name);
                // Cancelled: a superseded load, or a job stopped at the deadline (named there).
                if error.is_panic() {
                    tracing::error!("the {name} task panicked outside its guard: {error}");
                }
            }
        }
    }

    /// Waits for every job to end: `wait` for most, [`BATCH_STOP_WAIT`] for a batch (which the
    /// caller has cancelled). Whatever is still running then is stopped, logged and returned.
    pub(crate) async fn drain(mut self, wait: Duration) -> Finished {
        let mut finished = Finished::default();
        let started = Instant::now();
        let mut batch_waited = false;
        loop {
            let batch_running = self.running.values().any(|running| running.batch);
            let others_running = self.running.values().any(|running| !running.batch);
            let deadline = if others_running {
                started + wait
            } else {
                started + BATCH_STOP_WAIT
            };
            if batch_running && !others_running && !batch_waited {
                batch_waited = true;
                tracing::info!("waiting for the batch to stop after the account in flight");
            }
            match tokio::time::timeout_at(deadline, self.set.join_next_with_id()).await {
                Ok(Some(done)) => self.settle(done),
                Ok(None) => break,
                Err(_elapsed) => finished.abandoned.extend(self.stop_late(others_running)),
            }
        }
        finished
    }

    /// Stops the jobs whose wait ran out: all but a batch while others run, else the batch.
    fn stop_late(&mut self, others: bool) -> Vec<&'static str> {
        let mut late = Vec::new();
        self.running.retain(|_, running| {
            let stop = running.batch != others;
            if stop {
                running.abort.abort();
                late.push(running.name);
            }
            !stop
        });
        for name in &late {
            tracing::warn!("the {name} was still running when the console closed and was stopped");
        }
        late
    }
}

#[cfg(test)]
mod tests;
