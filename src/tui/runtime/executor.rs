//! Runs `Effect`s on tokio with owned inputs and reports every outcome as a `Msg`: loads (snapshot
//! first, then the API), index building off the UI task, batches, exports and saves (marks
//! coalesced, latest wins). Every task lives in the executor's one [`Jobs`] set, which `finish`
//! drains. Must not touch `App`.

use super::batch_job::BatchJob;
use super::jobs::{DRAIN_WAIT, Finished, Job, Jobs};
use super::services::Services;
use super::writers::{AllowlistOp, read_filter_history, write_exclusions, write_filter_history, write_marks};
use crate::batch::CancelToken;
use crate::directory::Marks;
use crate::store::{FilterHistoryFile, MarksStore};
use crate::tui::effect::Effect;
use crate::tui::event::Msg;
use crate::tui::failure::{Failure, FailureKind};
use crate::types::OrgId;
use std::future::Future;
use std::sync::Arc;
use tokio::sync::{mpsc, watch};
use tokio::task::AbortHandle;

/// One session's background work (public so tests can run effects without a terminal).
pub struct Executor {
    services: Arc<Services>,
    msgs: mpsc::UnboundedSender<Msg>,
    jobs: Jobs,
    /// The running load, stopped when a newer one is asked for.
    load: Option<AbortHandle>,
    /// How to stop the running commit or resume between accounts.
    batch: Option<CancelToken>,
    marks: watch::Sender<Option<(OrgId, Marks)>>,
    exclusions: mpsc::UnboundedSender<AllowlistOp>,
    filter_history: watch::Sender<Option<Vec<String>>>,
}

impl Executor {
    /// What this session's effects run against.
    pub(crate) fn services(&self) -> &Services {
        &self.services
    }

    #[must_use]
    pub fn new(services: Services, msgs: mpsc::UnboundedSender<Msg>) -> Executor {
        let services = Arc::new(services);
        let mut jobs = Jobs::new(msgs.clone());
        let (marks, latest) = watch::channel(None);
        let store = MarksStore::marks(&services.paths);
        jobs.spawn(Job::MarksWriter, write_marks(store, latest, msgs.clone()));
        let (exclusions, queue) = mpsc::unbounded_channel();
        let allowlist = services.allowlist.clone();
        jobs.spawn(
            Job::ExclusionsWriter,
            write_exclusions(allowlist, services.config_path.clone(), queue, msgs.clone()),
        );
        let (filter_history, latest) = watch::channel(None);
        jobs.spawn(
            Job::FilterHistoryWriter,
            write_filter_history(history_file(&services), latest, msgs.clone()),
        );
        Executor {
            services,
            msgs,
            jobs,
            load: None,
            batch: None,
            marks,
            exclusions,
            filter_history,
        }
    }

    #[allow(clippy::too_many_lines)] // a dispatcher: one short arm per effect, nothing else
    pub fn run(&mut self, effect: Effect) {
        match effect {
            Effect::LoadDirectory {
                generation,
                with_cache,
                policy,
                exclusions,
                exclusions_revision,
            } => {
                // Only reads happen in a load, so the superseded one can stop mid-request.
                if let Some(previous) = self.load.take() {
                    previous.abort();
                }
                let job = super::load_job::LoadJob {
                    services: Arc::clone(&self.services),
                    msgs: self.msgs.clone(),
                    generation,
                    policy: *policy,
                    exclusions,
                    exclusions_revision,
                };
                self.load = Some(self.spawn(Job::Load { generation }, job.run(with_cache)));
            }
            Effect::Commit { plan, safeguard, cap } => {
                let cancel = CancelToken::new();
                let job = self.batch_job().commit(*plan, *safeguard, cap, cancel.clone());
                self.spawn(Job::Batch, job);
                self.batch = Some(cancel);
            }
            Effect::ResumeUnfinished { safeguard } => {
                let cancel = CancelToken::new();
                let job = self.batch_job().resume_all(*safeguard, cancel.clone());
                self.spawn(Job::Batch, job);
                self.batch = Some(cancel);
            }
            Effect::CancelBatch => {
                if let Some(cancel) = &self.batch {
                    cancel.cancel();
                }
            }
            Effect::FindUnfinished => {
                self.spawn(Job::FindUnfinished, self.batch_job().find_unfinished());
            }
            Effect::LoadHistory => {
                self.spawn(Job::History, self.batch_job().load_history());
            }
            Effect::PlanUndo { batch_id } => {
                let job = self.batch_job().plan_undo(batch_id.clone());
                self.spawn(Job::Undo { batch_id }, job);
            }
            Effect::ExportResults { report } => {
                self.spawn(Job::Export, self.batch_job().export(*report));
            }
            Effect::ExportView { index, rows, at, .. } => {
                let dir = super::view_export::exports_dir(&self.services.paths);
                let job = super::view_export::write(dir, *index, rows, at, self.msgs.clone());
                self.spawn(Job::ViewExport, job);
            }
            Effect::WriteHandoff { report } => {
                self.spawn(Job::Handoff, self.batch_job().handoff(*report));
            }
            Effect::RecordWarnings {
                run,
                org_id,
                org_name,
            } => {
                let job = super::warn_job::record(
                    Arc::clone(&self.services),
                    self.msgs.clone(),
                    run,
                    org_id,
                    org_name,
                );
                self.spawn(Job::Warnings, job);
            }
            Effect::WithdrawWarnings {
                run,
                org_id,
                org_name,
            } => {
                let job = super::warn_job::withdraw(
                    Arc::clone(&self.services),
                    self.msgs.clone(),
                    run,
                    (org_id, org_name),
                );
                self.spawn(Job::Withdraw, job);
            }
            Effect::LoadFilterHistory => {
                let job = read_filter_history(history_file(&self.services), self.msgs.clone());
                self.spawn(Job::FilterHistoryLoad, job);
            }
            Effect::SaveFilterHistory { filters } => {
                self.filter_history.send_replace(Some(filters));
            }
            Effect::SaveMarks { org_id, marks } => {
                self.marks.send_replace(Some((org_id, marks)));
            }
            Effect::SaveExclusions { added } => self.allowlist(AllowlistOp::Add(added)),
            Effect::ReadAllowlist => self.allowlist(AllowlistOp::Read),
            Effect::RemoveExclusion { shown } => self.allowlist(AllowlistOp::Remove { shown }),
            Effect::EditExclusionReason { shown, reason } => {
                self.allowlist(AllowlistOp::EditReason { shown, reason });
            }
        }
    }

    /// Hands `op` to the allowlist worker (saves, reads and changes run one at a time, in order).
    fn allowlist(&self, op: AllowlistOp) {
        if self.exclusions.send(op).is_err() {
            self.report(Msg::ExclusionsSaveFailed {
                error: Failure::new(
                    FailureKind::Bug,
                    "the allowlist writer stopped; restart dormant to save or change exclusions",
                ),
            });
        }
    }

    fn spawn(&mut self, job: Job, work: impl Future<Output = ()> + Send + 'static) -> AbortHandle {
        self.jobs.spawn(job, work)
    }

    fn batch_job(&self) -> BatchJob {
        BatchJob {
            services: Arc::clone(&self.services),
            msgs: self.msgs.clone(),
        }
    }

    fn report(&self, msg: Msg) {
        // The UI owns the receiver for the whole session; after it is gone nobody can be told.
        let _delivered = self.msgs.send(msg).is_ok();
    }

    /// Stops loading, stops a running batch between accounts (never mid-request: its journal
    /// stays exact), closes the save queues, and waits for every job: exports, warning records
    /// and saves already asked for complete and send their messages. A job still running after
    /// the bounded wait is stopped, logged, and named in the result.
    pub async fn finish(self) -> Finished {
        let Executor {
            jobs,
            load,
            batch,
            marks,
            exclusions,
            filter_history,
            ..
        } = self;
        if let Some(load) = load {
            load.abort();
        }
        if let Some(cancel) = batch {
            cancel.cancel();
        }
        drop(marks);
        drop(exclusions);
        drop(filter_history);
        jobs.drain(DRAIN_WAIT).await
    }
}

/// The filter history of the session's profile (beside its allowlist, in the data directory).
fn history_file(services: &Services) -> FilterHistoryFile {
    FilterHistoryFile::new(&services.paths, services.allowlist.profile())
}
