//! The console's two save queues, each one long-lived job: marks (coalesced, the latest request
//! wins) and exclusions (every batch, in order). Each outcome comes back as a `Msg`. Must not
//! touch `App`.

use crate::directory::{Exclusion, Marks};
use crate::store::{AllowlistFile, MarksStore};
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
