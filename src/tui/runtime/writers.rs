//! The console's save queues, each one long-lived job: marks and the filter history (coalesced,
//! the latest request wins) and the allowlist (exclusions added, the allowlist page's reads and
//! changes, in order). Each outcome comes back as a `Msg`. Must not touch `App`.

use crate::directory::{Exclusion, Marks};
use crate::store::allowlist_file::{AllowlistListing, Applied};
use crate::store::{AllowlistFile, AllowlistFileError, FilterHistoryFile, MarksStore, Operator};
use crate::tui::event::{AllowlistEdit, Msg};
use crate::tui::failure::Failure;
use crate::types::OrgId;
use chrono::Utc;
use std::path::{Path, PathBuf};
use tokio::sync::{mpsc, watch};

/// Saves the latest marks whenever they change, until the sender is dropped.
pub(super) async fn write_marks(
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
                error: Failure::from(error),
            },
            Err(error) => Msg::MarksSaveFailed {
                error: Failure::from_join(&error).context("the save task failed"),
            },
        };
        if msgs.send(msg).is_err() {
            tracing::debug!("marks saved after the console closed");
        }
    }
}

/// One request to the allowlist worker; all of them run one at a time, in the order asked, so a
/// removal never races an exclusion being saved and no entry is lost.
#[derive(Debug)]
pub(super) enum AllowlistOp {
    Add(Vec<Exclusion>),
    Read,
    Remove { shown: Exclusion },
    EditReason { shown: Exclusion, reason: String },
}

/// Works through the allowlist requests in order: saves exclusions (recording who added them),
/// reads the allowlist page's entries (with the config's, from `config`), removes and re-reasons.
pub(super) async fn write_exclusions(
    store: AllowlistFile,
    config: PathBuf,
    mut queue: mpsc::UnboundedReceiver<AllowlistOp>,
    msgs: mpsc::UnboundedSender<Msg>,
) {
    while let Some(op) = queue.recv().await {
        let store = store.clone();
        let config = config.clone();
        let done = tokio::task::spawn_blocking(move || allowlist_op(&store, &config, op)).await;
        let msg = done.unwrap_or_else(|error| Msg::ExclusionsSaveFailed {
            error: Failure::from_join(&error).context("the allowlist was not changed: the task failed"),
        });
        if msgs.send(msg).is_err() {
            tracing::debug!("allowlist changed after the console closed");
        }
    }
}

/// Saves the latest filter history whenever it changes, until the sender is dropped.
pub(super) async fn write_filter_history(
    file: FilterHistoryFile,
    mut latest: watch::Receiver<Option<Vec<String>>>,
    msgs: mpsc::UnboundedSender<Msg>,
) {
    while latest.changed().await.is_ok() {
        let Some(filters) = latest.borrow_and_update().clone() else {
            continue;
        };
        let file = file.clone();
        let saved = tokio::task::spawn_blocking(move || file.save(&filters)).await;
        let error = match saved {
            Ok(Ok(())) => continue,
            Ok(Err(error)) => Failure::from(error),
            Err(error) => Failure::from_join(&error).context("the save task failed"),
        };
        if msgs.send(Msg::FilterHistorySaveFailed { error }).is_err() {
            tracing::debug!("the filter history failed to save after the console closed");
        }
    }
}

/// Reads the filter history once and sends it (or why it cannot be read).
pub(super) async fn read_filter_history(file: FilterHistoryFile, msgs: mpsc::UnboundedSender<Msg>) {
    let read = tokio::task::spawn_blocking(move || file.load()).await;
    let loaded = match read {
        Ok(loaded) => loaded.map_err(Failure::from),
        Err(error) => Err(Failure::from_join(&error).context("the read task failed")),
    };
    if msgs.send(Msg::FilterHistoryLoaded(loaded)).is_err() {
        tracing::debug!("the filter history arrived after the console closed");
    }
}

fn allowlist_op(store: &AllowlistFile, config: &Path, op: AllowlistOp) -> Msg {
    let by = Operator::user_at_host();
    let listing = || {
        AllowlistListing::read(store, config)
            .map(Box::new)
            .map_err(|error| Failure::from(error).context("the allowlist cannot be read"))
    };
    let changed = |result: Result<Applied, AllowlistFileError>, what: &str| {
        let result = result
            .map(|applied| AllowlistEdit {
                before: applied.before.exclusion,
                after: applied.after.map(|entry| entry.exclusion),
                unlogged: applied
                    .unlogged
                    .map(|error| Failure::from(error).context("the change is saved but not logged")),
            })
            .map_err(|error| Failure::from(error).context(what));
        Msg::AllowlistChanged {
            result,
            listing: listing().ok(),
        }
    };
    match op {
        AllowlistOp::Add(added) => {
            let count = added.len();
            match store.add_all(&added, Some(&by)) {
                Ok(_all) => Msg::ExclusionsSaved { count },
                Err(error) => Msg::ExclusionsSaveFailed {
                    error: Failure::from(error).context("exclusions not saved"),
                },
            }
        }
        AllowlistOp::Read => Msg::AllowlistRead(listing()),
        AllowlistOp::Remove { shown } => changed(store.remove_shown(&shown, Some(&by)), "not removed"),
        AllowlistOp::EditReason { shown, reason } => changed(
            store.edit_reason(&shown, &reason, Some(&by)),
            "reason not changed",
        ),
    }
}
