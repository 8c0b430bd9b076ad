//! The console's save queues, each one long-lived job: marks and the filter history (coalesced,
//! the latest request wins) and exclusions (every batch, in order). Each outcome comes back as a `Msg`. Must not
//! touch `App`.

use crate::directory::{Exclusion, Marks};
use crate::store::{AllowlistFile, FilterHistoryFile, MarksStore};
use crate::tui::event::Msg;
use crate::tui::failure::Failure;
use crate::types::OrgId;
use chrono::Utc;
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

/// Adds exclusions to the allowlist file one batch at a time, in the order they were made.
pub(super) async fn write_exclusions(
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
                error: Failure::from(error).context("exclusions not saved"),
            },
            Err(error) => Msg::ExclusionsSaveFailed {
                error: Failure::from_join(&error).context("exclusions not saved: the save task failed"),
            },
        };
        if msgs.send(msg).is_err() {
            tracing::debug!("exclusions saved after the console closed");
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
