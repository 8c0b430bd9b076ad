//! `dormant resume`: finds batches interrupted before they finished and completes each: users
//! with an outcome are left alone, users started without one are re-read before anything is
//! sent again. Asks before acting (`--yes` for scripts, required without a terminal), then acts
//! only on the preview sections confirmed when the batch started. Each runs under its org's
//! lock, so a batch another run is committing is refused, not resumed. Wiring only.

use super::batch_ui::{self, BatchCommandError};
use super::settings::{ApiArgs, GlobalArgs};
use super::target;
use crate::batch::{CommitError, CommitSettings, DEFAULT_CONCURRENCY, resume_locked};
use clap::Args;
use std::io::{self, BufRead as _, IsTerminal as _};

/// Flags of `dormant resume`. The cap was checked when the batch started; it is not asked again.
#[derive(Debug, Args)]
pub struct ResumeArgs {
    /// Proceed without asking (required when stdin is not a terminal).
    #[arg(long)]
    yes: bool,
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
    // A read-only profile is refused before anything is asked (the engine refuses it too).
    target::local(global)?.permission().check()?;
    for journal in &unfinished {
        batch_ui::say(format_args!(
            "unfinished batch {}: {} of {} users, {} settled, {} to re-read first",
            journal.batch_id,
            journal.plan.action,
            journal.plan.entries.len(),
            journal.counts().settled(),
            journal.in_doubt.len()
        ));
    }
    confirm(unfinished.len(), args.yes)?;
    let mut first_failure = None;
    for journal in unfinished {
        // Before any request: a batch another run is committing is refused at once (exit 4).
        let lock = store
            .lock_org(&journal.plan.org_id, Some(&journal.batch_id))
            .map_err(CommitError::from)?;
        batch_ui::say(format_args!("resuming batch {}", journal.batch_id));
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

/// Resuming changes users: asked like `apply` asks (a script passes `--yes`; without a terminal
/// and without it, nothing is done, exit 4).
fn confirm(batches: usize, yes: bool) -> Result<(), BatchCommandError> {
    if yes {
        return Ok(());
    }
    if !io::stdin().is_terminal() {
        return Err(BatchCommandError::NotConfirmed(
            "not confirmed: stdin is not a terminal; review the unfinished batches above and pass --yes to \
             resume them"
                .into(),
        ));
    }
    eprint!("Resume {batches} unfinished batch(es)? Type yes to proceed: ");
    let mut answer = String::new();
    io::stdin()
        .lock()
        .read_line(&mut answer)
        .map_err(BatchCommandError::Write)?;
    let answer = answer.trim();
    if answer.eq_ignore_ascii_case("yes") || answer.eq_ignore_ascii_case("y") {
        Ok(())
    } else {
        Err(BatchCommandError::NotConfirmed("not confirmed".into()))
    }
}
