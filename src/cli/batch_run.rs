//! The commit flow `dormant apply` and `dormant undo` share: the org's lock first (a second run
//! is refused before any request), a plan that ran before is refused, the plan's org must be the
//! target's, the preview goes to stderr and is confirmed, then the plan is committed under the
//! lock with the journal, the re-checking safeguard, Ctrl-C between accounts and a progress line.
//! Wiring only.

use super::batch_ui::{self, BatchCommandError};
use super::target::Target;
use crate::batch::{
    BatchStore, CommitError, CommitSettings, Confirmed, ListLength, OrgLock, Plan, Preview, commit_locked,
    refuse_if_applied, user_list,
};
use crate::types::OrgId;
use chrono::Utc;
use clap::ValueEnum;
use std::io::{self, IsTerminal as _, Write as _};
use std::path::Path;

/// Takes the org's lock and refuses a plan that ran before, before anything else is done (on a
/// blocking thread: both touch files).
pub async fn lock_for(plan: &Plan, store: &BatchStore) -> Result<OrgLock, BatchCommandError> {
    let (plan, store, dir) = (plan.clone(), store.clone(), store.journals_dir().to_path_buf());
    tokio::task::spawn_blocking(move || {
        let lock = store.lock_org(&plan.org_id, None).map_err(CommitError::from)?;
        refuse_if_applied(&store, &plan)?;
        Ok(lock)
    })
    .await
    .unwrap_or_else(|error| match error.try_into_panic() {
        Ok(panic) => std::panic::resume_unwind(panic),
        Err(error) => Err(BatchCommandError::File(crate::store::FileError::Io {
            action: "lock the org in",
            path: dir,
            reason: std::io::Error::other(error.to_string()),
        })),
    })
}

/// Refuses to act when the key's org is not the org the plan was made for.
pub fn check_org(plan_org: &OrgId, target: &Target) -> Result<(), BatchCommandError> {
    if target.org_id == *plan_org {
        return Ok(());
    }
    Err(CommitError::WrongOrg {
        plan_org: plan_org.clone(),
        target_org: target.org_id.clone(),
    }
    .into())
}

/// `--list`: how much of the per-user list `apply` and `undo` print.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListArg {
    /// Every user.
    All,
    /// The first users of each group, then how many more.
    First,
}

/// Users of each group `--list first` prints.
pub const LIST_FIRST: usize = 10;

/// Prints who is in the plan (stdout: every user when it is not a terminal, the first of each
/// group when it is, unless `--list` says), then the preview (stderr), and asks (typing the count
/// above 20 users; `yes` skips the question).
pub fn preview_and_confirm(
    plan: &Plan,
    target: &Target,
    yes: bool,
    list: Option<ListArg>,
) -> Result<(), BatchCommandError> {
    // Refused before asking anything; the commit engine refuses a read-only profile as well.
    target.settings.permission().check()?;
    let list = list.unwrap_or(if io::stdout().is_terminal() {
        ListArg::First
    } else {
        ListArg::All
    });
    let length = match list {
        ListArg::All => ListLength::All,
        ListArg::First => ListLength::First(LIST_FIRST),
    };
    let text = user_list(
        plan,
        length,
        "pass --list all to list everyone (or pipe the output to less)",
    );
    let mut out = io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(BatchCommandError::Write)?;
    drop(out);
    let (policy, _) = target.settings.triage_rules();
    let preview = Preview::of(plan, &policy.prices, 0, Utc::now());
    eprint!("{preview}");
    batch_ui::confirm(&preview, yes)
}

/// Commits `plan` under `lock` acting on the `confirmed` sections, writes the results file when asked, and reports how it ended.
pub async fn commit_confirmed(
    lock: OrgLock,
    target: &Target,
    plan: Plan,
    store: &BatchStore,
    settings: &CommitSettings,
    confirmed: Confirmed,
    results: Option<&Path>,
) -> Result<(), BatchCommandError> {
    let safeguard = batch_ui::safeguard(&plan, target).await?.confirming(confirmed);
    let cancel = batch_ui::cancel_on_ctrl_c();
    let report = commit_locked(
        lock,
        &batch_ui::gateway(target),
        plan,
        &safeguard,
        store,
        settings,
        batch_ui::progress_printer(),
        &cancel,
    )
    .await?;
    if let Some(path) = results {
        batch_ui::write_results(&report, path)?;
    }
    batch_ui::finish(&report)
}
