//! Runs `Effect`s on tokio with owned inputs and reports every outcome as a `Msg`: loads (snapshot
//! first, then the API), index building off the UI task, and saves (marks coalesced, latest wins).
//! Must not touch `App`.

use super::batch_job::BatchJob;
use crate::api::{Client, LoadOptions};
use crate::batch::CancelToken;
use crate::directory::{Exclusion, Marks};
use crate::store::{AllowlistFile, MarksStore, Paths};
use crate::tui::effect::Effect;
use crate::tui::event::Msg;
use crate::types::OrgId;
use crate::warn::{Template, WarnStore};
use chrono::Utc;
use std::path::PathBuf;
use std::sync::Arc;
use tokio::sync::{mpsc, watch};
use tokio::task::JoinHandle;

/// What the console's effects run against: the API client, the org, and where files live.
#[derive(Debug, Clone)]
pub struct Services {
    /// `None` when no key is available (a `--from-csv` session, then read-only): loads from the
    /// API and batches fail with [`NO_KEY`] instead of running.
    pub client: Option<Client>,
    /// Read the org from this Atlassian "Export users" CSV instead of the API (`--from-csv`).
    pub csv_source: Option<PathBuf>,
    /// The org to load; discovered from the key when it sees exactly one.
    pub org_id: Option<OrgId>,
    pub paths: Paths,
    /// Where the console's exclusions (`x`) are kept: the profile's persisted allowlist.
    pub allowlist: AllowlistFile,
    /// Who runs batches, for journals and the audit log (how the key was supplied).
    pub operator: String,
    pub load_options: LoadOptions,
    /// Where warnings (`w`) are recorded, and read again by every load to classify with.
    pub warn_store: WarnStore,
    /// The notices template (the config's `warning_template`, else the shipped one).
    pub warning_template: Template,
}

/// Why nothing can reach the API in a session without a key.
pub(crate) const NO_KEY: &str = "no API key is available, so this session is read-only: set \
     DORMANT_API_KEY or run `dormant login`, then restart dormant to act on users";

impl Services {
    /// The API client, or why there is none.
    pub(crate) fn client(&self) -> Result<&Client, String> {
        self.client.as_ref().ok_or_else(|| NO_KEY.to_owned())
    }
}

/// One session's background work (public so tests can run effects without a terminal).
pub struct Executor {
    services: Arc<Services>,
    msgs: mpsc::UnboundedSender<Msg>,
    load: Option<JoinHandle<()>>,
    /// The running commit or resume, and how to stop it between accounts.
    batch: Option<(JoinHandle<()>, CancelToken)>,
    marks: watch::Sender<Option<(OrgId, Marks)>>,
    marks_writer: JoinHandle<()>,
    exclusions: mpsc::UnboundedSender<Vec<Exclusion>>,
    exclusions_writer: JoinHandle<()>,
}

impl Executor {
    /// What this session's effects run against.
    pub(crate) fn services(&self) -> &Services {
        &self.services
    }

    #[must_use]
    pub fn new(services: Services, msgs: mpsc::UnboundedSender<Msg>) -> Executor {
        let services = Arc::new(services);
        let (marks, latest) = watch::channel(None);
        let marks_writer = tokio::spawn(write_marks(
            MarksStore::marks(&services.paths),
            latest,
            msgs.clone(),
        ));
        let (exclusions, queue) = mpsc::unbounded_channel();
        let exclusions_writer =
            tokio::spawn(write_exclusions(services.allowlist.clone(), queue, msgs.clone()));
        Executor {
            services,
            msgs,
            load: None,
            batch: None,
            marks,
            marks_writer,
            exclusions,
            exclusions_writer,
        }
    }

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
                self.load = Some(tokio::spawn(job.run(with_cache)));
            }
            Effect::Commit { plan, safeguard, cap } => {
                let cancel = CancelToken::new();
                let job = self.batch_job().commit(*plan, *safeguard, cap, cancel.clone());
                self.batch = Some((tokio::spawn(job), cancel));
            }
            Effect::ResumeUnfinished { safeguard } => {
                let cancel = CancelToken::new();
                let job = self.batch_job().resume_all(*safeguard, cancel.clone());
                self.batch = Some((tokio::spawn(job), cancel));
            }
            Effect::CancelBatch => {
                if let Some((_, cancel)) = &self.batch {
                    cancel.cancel();
                }
            }
            Effect::FindUnfinished => drop(tokio::spawn(self.batch_job().find_unfinished())),
            Effect::LoadHistory => drop(tokio::spawn(self.batch_job().load_history())),
            Effect::PlanUndo { batch_id } => drop(tokio::spawn(self.batch_job().plan_undo(batch_id))),
            Effect::ExportResults { report } => drop(tokio::spawn(self.batch_job().export(*report))),
            Effect::RecordWarnings {
                run,
                org_id,
                org_name,
            } => drop(tokio::spawn(super::warn_job::record(
                Arc::clone(&self.services),
                self.msgs.clone(),
                run,
                org_id,
                org_name,
            ))),
            Effect::WithdrawWarnings {
                run,
                org_id,
                org_name,
            } => drop(tokio::spawn(super::warn_job::withdraw(
                Arc::clone(&self.services),
                self.msgs.clone(),
                run,
                (org_id, org_name),
            ))),
            Effect::SaveMarks { org_id, marks } => {
                self.marks.send_replace(Some((org_id, marks)));
            }
            Effect::SaveExclusions { added } => {
                if self.exclusions.send(added).is_err() {
                    self.report(Msg::ExclusionsSaveFailed {
                        error: "the exclusions writer stopped; restart dormant to save exclusions".to_owned(),
                    });
                }
            }
        }
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
    /// stays exact), and waits until every requested save is on disk.
    pub async fn finish(self) {
        if let Some(load) = self.load {
            load.abort();
        }
        if let Some((batch, cancel)) = self.batch {
            cancel.cancel();
            if let Err(error) = batch.await {
                tracing::error!("the batch task failed at exit: {error}");
            }
        }
        drop(self.marks);
        drop(self.exclusions);
        for writer in [self.marks_writer, self.exclusions_writer] {
            if let Err(error) = writer.await {
                tracing::error!("a save task failed at exit: {error}");
            }
        }
    }
}

async fn write_marks(
    store: MarksStore,
    mut latest: watch::Receiver<Option<(OrgId, Marks)>>,
    msgs: mpsc::UnboundedSender<Msg>,
) {
    while latest.changed().await.is_ok() {
        let Some((org_id, marks)) = latest.borrow_and_update().clone() else {
            continue;
        };
        let store = store.clone();
        let saved =
            tokio::task::spawn_blocking(move || store.save(org_id.as_str(), &marks, Utc::now())).await;
        let msg = match saved {
            Ok(Ok(_path)) => Msg::MarksSaved,
            Ok(Err(error)) => Msg::MarksSaveFailed {
                error: error.to_string(),
            },
            Err(error) => Msg::MarksSaveFailed {
                error: format!("the save task failed: {error}"),
            },
        };
        if msgs.send(msg).is_err() {
            tracing::debug!("marks saved after the console closed");
        }
    }
}

/// Adds exclusions to the allowlist file one batch at a time, in the order they were made.
async fn write_exclusions(
    store: AllowlistFile,
    mut queue: mpsc::UnboundedReceiver<Vec<Exclusion>>,
    msgs: mpsc::UnboundedSender<Msg>,
) {
    while let Some(added) = queue.recv().await {
        let store = store.clone();
        let count = added.len();
        let saved = tokio::task::spawn_blocking(move || store.add_all(&added)).await;
        let msg = match saved {
            Ok(Ok(_all)) => Msg::ExclusionsSaved { count },
            Ok(Err(error)) => Msg::ExclusionsSaveFailed {
                error: format!("exclusions not saved: {error}"),
            },
            Err(error) => Msg::ExclusionsSaveFailed {
                error: format!("exclusions not saved: the save task failed: {error}"),
            },
        };
        if msgs.send(msg).is_err() {
            tracing::debug!("exclusions saved after the console closed");
        }
    }
}
