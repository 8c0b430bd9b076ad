//! Recording a warning run for the console (the run into the profile's warnings file, its
//! notices CSV beside it, and a line in the audit log) and withdrawing one; the outcome comes
//! back as a `Msg`. Runs on the blocking pool; must not touch `App`.

use super::services::Services;
use crate::store::AuditLog;
use crate::tui::event::Msg;
use crate::tui::failure::Failure;
use crate::types::{BatchId, OrgId};
use crate::warn::{WarningRun, Withdrawer, write_notices};
use chrono::Utc;
use std::path::PathBuf;
use std::sync::Arc;
use tokio::sync::mpsc;

pub(crate) async fn record(
    services: Arc<Services>,
    msgs: mpsc::UnboundedSender<Msg>,
    run: Box<WarningRun>,
    org_id: OrgId,
    org_name: String,
) {
    let recorded = tokio::task::spawn_blocking(move || write_all(&services, run, &org_id, &org_name)).await;
    let msg = match recorded {
        Ok(Ok((run, notices))) => Msg::WarningsRecorded { run, notices },
        Ok(Err(error)) => Msg::WarningsFailed { error },
        Err(error) => Msg::WarningsFailed {
            error: Failure::from_join(&error).context("warnings not recorded"),
        },
    };
    // The console owns the receiver for the whole session; once it is gone nobody is left to tell.
    let _delivered = msgs.send(msg).is_ok();
}

fn write_all(
    services: &Services,
    run: Box<WarningRun>,
    org_id: &OrgId,
    org_name: &str,
) -> Result<(Box<WarningRun>, PathBuf), Failure> {
    let store = &services.warn_store;
    store
        .save(&run)
        .map_err(|error| Failure::from(error).context("warnings not recorded"))?;
    let notices = store.notices_path(&run);
    write_notices(&notices, &run, &services.warning_template, org_name).map_err(|error| {
        Failure::from(error).context("warnings recorded, but the notices CSV was not written")
    })?;
    let audit = run.audit_record(
        &services.operator,
        (org_id, org_name),
        Utc::now(),
        store.path().to_path_buf(),
    );
    AuditLog::new(&services.paths).append(&audit).map_err(|error| {
        Failure::from(error).context("warnings recorded and notices written, but the audit log was not")
    })?;
    Ok((run, notices))
}

/// Withdraws warning run `run` (records removed, audit line written) on the blocking pool.
pub(crate) async fn withdraw(
    services: Arc<Services>,
    msgs: mpsc::UnboundedSender<Msg>,
    run: BatchId,
    org: (OrgId, String),
) {
    let done = tokio::task::spawn_blocking(move || {
        let by = Withdrawer {
            who: &services.operator,
            org: Some((&org.0, &org.1)),
            now: Utc::now(),
        };
        crate::warn::withdraw(&services.warn_store, &AuditLog::new(&services.paths), &run, by)
            .map(Box::new)
            .map_err(Failure::from)
    })
    .await;
    let msg = Msg::WarningsWithdrawn(done.unwrap_or_else(|error| {
        Err(Failure::from_join(&error).context("the warning run was not withdrawn"))
    }));
    // The console owns the receiver for the whole session; once it is gone nobody is left to tell.
    let _delivered = msgs.send(msg).is_ok();
}
