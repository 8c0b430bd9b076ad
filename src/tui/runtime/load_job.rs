//! One load of the org for the console: discover the org, reopen its saved marks and snapshot
//! (shown at once), load it fresh from the API with progress, classify off the UI task,
//! save the new snapshot; or, with a CSV source, read the export off the UI task instead (no
//! snapshot either way). Every outcome becomes a `Msg` tagged with the load's generation.

use super::services::{NO_KEY, Services};
use crate::api;
use crate::directory::{Directory, DirectoryIndex, Exclusions, Marks, Policy, Warnings};
use crate::import;
use crate::report::thousands;
use crate::store::{CacheRead, MarksStore, SnapshotCache};
use crate::tui::app::{Origin, Prepared};
use crate::tui::event::Msg;
use crate::tui::failure::Failure;
use crate::warn::warnings_of;
use chrono::Utc;
use std::path::PathBuf;
use std::sync::Arc;
use tokio::sync::mpsc;
use tokio::task::spawn_blocking;

/// How many unreadable rows of a CSV export the status line spells out; the rest are counted.
const CSV_PROBLEMS_SHOWN: usize = 3;

/// A load's owned inputs.
pub(crate) struct LoadJob {
    pub(crate) services: Arc<Services>,
    pub(crate) msgs: mpsc::UnboundedSender<Msg>,
    pub(crate) generation: u64,
    pub(crate) policy: Policy,
    pub(crate) exclusions: Exclusions,
    pub(crate) exclusions_revision: u64,
}

impl LoadJob {
    fn send(&self, msg: Msg) {
        // The console owns the receiver for the whole session; once it is gone nobody is left to tell.
        let _delivered = self.msgs.send(msg).is_ok();
    }

    pub(crate) async fn run(self, with_cache: bool) {
        if let Err(error) = self.load(with_cache).await {
            self.send(Msg::LoadFailed {
                generation: self.generation,
                error,
            });
        }
    }

    async fn load(&self, with_cache: bool) -> Result<(), Failure> {
        let services = &self.services;
        if let Some(path) = &services.csv_source {
            return self.read_csv(path.clone()).await;
        }
        let client = services.client()?;
        let org_id = match &services.org_id {
            Some(org_id) => org_id.clone(),
            None => client.discover_org().await?,
        };
        let saved_marks = self.saved_marks(org_id.as_str()).await;
        if with_cache {
            self.open_snapshot(org_id.as_str(), saved_marks.clone()).await?;
        }
        let msgs = self.msgs.clone();
        let generation = self.generation;
        let progress = move |progress| {
            let _delivered = msgs.send(Msg::LoadProgressed { generation, progress }).is_ok();
        };
        let outcome = api::load_directory(client, org_id.as_str(), &services.load_options, &progress).await?;
        let mut summary = format!(
            "loaded {} users with {} requests in {:.1} s",
            thousands(outcome.directory.users.len() as u64),
            thousands(outcome.stats.requests),
            outcome.stats.duration.as_secs_f64()
        );
        let unasked = outcome.stats.activity.skipped;
        if unasked > 0 {
            // Said, not hidden: these users' activity stays unknown, so they wait in review.
            summary = format!(
                "{summary} · activity of {} users not looked up (request budget): they wait in \
                 review as activity unknown",
                thousands(unasked as u64)
            );
        }
        let directory = Arc::new(outcome.directory);
        let origin = Origin::Live {
            loaded_at: directory.loaded_at,
        };
        let data = self.prepare(Arc::clone(&directory), origin, saved_marks).await?;
        self.send(Msg::DirectoryLoaded {
            generation,
            data,
            summary,
        });
        let cache = SnapshotCache::new(&services.paths);
        let saved = spawn_blocking(move || cache.save(&directory, Utc::now())).await;
        let failure = match saved {
            Ok(Ok(_path)) => return Ok(()),
            Ok(Err(error)) => Failure::from(error),
            Err(error) => Failure::from_join(&error),
        };
        self.send(Msg::SnapshotSaveFailed {
            error: failure.context("snapshot not saved (the next start cannot show data at once)"),
        });
        Ok(())
    }

    /// Reads the export at `path` as the org (the configured one, else a placeholder id).
    async fn read_csv(&self, path: PathBuf) -> Result<(), Failure> {
        let org = import::export_org(self.services.org_id.as_ref());
        let saved_marks = self.saved_marks(&org.id).await;
        let shown = path.display().to_string();
        let read = spawn_blocking(move || import::read_export(&path, org))
            .await
            .map_err(|error| Failure::from_join(&error).context("reading the user export failed"))??;
        let mut summary = format!(
            "read {} users from the user export {shown}",
            thousands(read.directory.users.len() as u64)
        );
        if let Some(problems) = read.problem_summary(CSV_PROBLEMS_SHOWN) {
            summary = format!("{summary} · {problems}");
        }
        if self.services.client.is_none() {
            summary = format!("{summary} · {NO_KEY}");
        }
        let origin = Origin::CsvExport {
            file_date: read.directory.loaded_at,
        };
        let data = self
            .prepare(Arc::new(read.directory), origin, saved_marks)
            .await?;
        self.send(Msg::DirectoryLoaded {
            generation: self.generation,
            data,
            summary,
        });
        Ok(())
    }

    /// The marks saved for the org by an earlier session; a file that cannot be read is reported
    /// and treated as no marks.
    async fn saved_marks(&self, org_id: &str) -> Option<Marks> {
        let store = MarksStore::marks(&self.services.paths);
        let id = org_id.to_owned();
        match spawn_blocking(move || store.load(&id)).await {
            Ok(Ok(marks)) => marks,
            Ok(Err(error)) => {
                self.warn(format!("saved marks not restored: {error}"));
                None
            }
            Err(error) => {
                self.warn(format!("saved marks not read: {error}"));
                None
            }
        }
    }

    fn warn(&self, warning: String) {
        self.send(Msg::CacheIgnored {
            generation: self.generation,
            warning,
        });
    }

    async fn open_snapshot(&self, org_id: &str, marks: Option<Marks>) -> Result<(), Failure> {
        let cache = SnapshotCache::new(&self.services.paths);
        let id = org_id.to_owned();
        match spawn_blocking(move || cache.load(&id)).await {
            Ok(CacheRead::Loaded(snapshot)) => {
                let origin = Origin::Cache {
                    saved_at: snapshot.saved_at,
                };
                let data = self.prepare(Arc::new(snapshot.directory), origin, marks).await?;
                self.send(Msg::CacheOpened {
                    generation: self.generation,
                    data,
                });
            }
            Ok(CacheRead::Ignored { warning }) => self.warn(warning),
            Ok(CacheRead::Missing) => {}
            Err(error) => self.warn(format!("the snapshot could not be read: {error}")),
        }
        Ok(())
    }

    /// The warnings recorded so far. An unreadable file is reported and counts as none, which
    /// is the safe side: with `require_warning` nobody is then cleanup-ready.
    async fn warnings(&self) -> Warnings {
        let store = self.services.warn_store.clone();
        match spawn_blocking(move || store.runs()).await {
            Ok(Ok(runs)) => warnings_of(&runs),
            Ok(Err(error)) => {
                self.warn(format!("warnings not read, lanes ignore them: {error}"));
                Warnings::default()
            }
            Err(error) => {
                self.warn(format!(
                    "warnings not read, lanes ignore them: the task failed: {error}"
                ));
                Warnings::default()
            }
        }
    }

    /// Classifies `directory` off the UI task.
    async fn prepare(
        &self,
        directory: Arc<Directory>,
        origin: Origin,
        saved_marks: Option<Marks>,
    ) -> Result<Box<Prepared>, Failure> {
        let policy = self.policy.clone();
        let exclusions = self.exclusions.clone();
        let warnings = self.warnings().await;
        // Days idle count up to the load, not to now (as in `dormant report`).
        let as_of = directory.loaded_at;
        let index = spawn_blocking(move || {
            DirectoryIndex::build_warned(directory, &policy, &exclusions, warnings, as_of)
        })
        .await
        .map_err(|error| Failure::from_join(&error).context("classifying the org failed"))?;
        Ok(Box::new(Prepared {
            index,
            origin,
            exclusions_revision: self.exclusions_revision,
            saved_marks,
        }))
    }
}
