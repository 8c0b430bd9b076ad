//! `dormant resume`: finds batches interrupted before they finished and completes each: users
//! with an outcome are left alone, users started without one are re-read before anything is
//! sent again. No new confirmation: the batch was confirmed when it started. Each runs under its
//! org's lock, so a batch another run is committing is refused, not resumed. Wiring only.

use super::batch_ui::{self, BatchCommandError};
use super::settings::{ApiArgs, GlobalArgs};
use super::target;
use crate::batch::{CommitError, CommitSettings, DEFAULT_CONCURRENCY, resume_locked};
use clap::Args;

/// Flags of `dormant resume`. The cap was checked when the batch started; it is not asked again.
#[derive(Debug, Args)]
pub struct ResumeArgs {
    #[command(flatten)]
    api: ApiArgs,
}

pub async fn run(args: ResumeArgs, global: &GlobalArgs) -> Result<(), BatchCommandError> {
    let store = batch_ui::store(global)?;
    let unfinished = store.unfinished()?;
    if unfinished.is_empty() {
        batch_ui::say(format_args!("no unfinished batch: nothing to resume"));
        return Ok(());
    }
    let mut first_failure = None;
    for journal in unfinished {
        // Before anything else: a batch another run is committing is refused at once (exit 4).
        let lock = store
            .lock_org(&journal.plan.org_id, Some(&journal.batch_id))
            .map_err(CommitError::from)?;
        batch_ui::say(format_args!(
            "resuming batch {} ({} of {} users settled, {} to re-read first)",
            journal.batch_id,
            journal.counts().settled(),
            journal.plan.entries.len(),
            journal.in_doubt.len()
        ));
        let target = target::resolve(global, &args.api, Some(&journal.plan.org_id)).await?;
        super::batch_run::check_org(&journal.plan.org_id, &target)?;
        let settings = CommitSettings {
            cap: journal.plan.cap,
            concurrency: DEFAULT_CONCURRENCY,
            operator: journal.operator.clone(),
        };
        let safeguard = batch_ui::safeguard(&journal.plan, &target).await?;
        let cancel = batch_ui::cancel_on_ctrl_c();
        let report = resume_locked(
            lock,
            &batch_ui::gateway(&target),
            journal,
            &safeguard,
            &store,
            &settings,
            batch_ui::progress_printer(),
            &cancel,
        )
        .await?;
        if let Err(error) = batch_ui::finish(&report) {
            batch_ui::say(format_args!("{error}"));
            first_failure.get_or_insert(error);
        }
    }
    first_failure.map_or(Ok(()), Err)
}
