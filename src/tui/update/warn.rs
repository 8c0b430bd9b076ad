//! `w`: warn the marked users (or the cursor row) after a prompt that states the count and takes
//! the grace period. Builds the warning run from the index at the console's clock and asks the
//! runtime to record it; when it is recorded, lanes are classified again with the new warnings.
//! No I/O here.

use super::refresh_view;
use crate::directory::{GraceDays, Warning};
use crate::store::AuditAction;
use crate::tui::app::{App, Confirm, Level, LineInput, Popup};
use crate::tui::effect::Effect;
use crate::tui::failure::Failure;
use crate::tui::selection::Selection;
use crate::types::{BatchId, OrgId};
use crate::warn::{WarningRun, Withdrawal};
use std::path::Path;

/// `w`: asks first, in a prompt that says how many are warned (and how many marks the filter
/// hides), offers the visible marks or the cursor row alone, and takes the grace period in days.
pub(super) fn warn(app: &mut App) -> Vec<Effect> {
    let Some(selection) = app.selection(None) else {
        return Vec::new();
    };
    if selection.accounts.is_empty() {
        let why = match selection.refused.first() {
            Some(refused) => format!("nothing to warn: {refused}"),
            None => "nothing to warn: no row is selected".to_owned(),
        };
        app.say(Level::Warning, why);
        return Vec::new();
    }
    let days = LineInput {
        text: app.settings.policy.warning.grace.get().to_string(),
    };
    app.popup = Some(Popup::Warn { days, selection });
    Vec::new()
}

/// The grace period as typed in the warn prompt, checked like the config's `grace`.
pub(crate) fn grace_of(days: &str) -> Result<GraceDays, String> {
    days.parse::<GraceDays>()
}

/// Enter in the warn prompt: the warning run of the selection, with the grace typed, goes to the
/// runtime to be recorded. A grace that does not parse keeps the prompt open and says why.
pub(super) fn confirm(app: &mut App, selection: Selection, days: LineInput) -> Vec<Effect> {
    let grace = match grace_of(&days.text) {
        Ok(grace) => grace,
        Err(error) => {
            app.say(Level::Warning, error);
            app.popup = Some(Popup::Warn { days, selection });
            return Vec::new();
        }
    };
    let Some(data) = &app.data else {
        return Vec::new();
    };
    let rows: Vec<u32> = selection
        .accounts
        .iter()
        .filter_map(|account| data.index.row_of(account))
        .collect();
    if rows.is_empty() {
        app.say(Level::Warning, "nothing to warn: the users are no longer loaded");
        return Vec::new();
    }
    let run = WarningRun::build(&data.index, &rows, grace, app.now);
    let org = &data.index.directory().org;
    let org_name = org.name.clone();
    let org_id = match OrgId::try_from(org.id.clone()) {
        Ok(org_id) => org_id,
        Err(error) => {
            app.say(Level::Error, format!("warnings not recorded: {error}"));
            return Vec::new();
        }
    };
    let effect = Effect::RecordWarnings {
        run: Box::new(run),
        org_id,
        org_name,
    };
    app.say(Level::Info, format!("warning {} user(s)…", rows.len()));
    vec![effect]
}

/// The run is on disk: its warnings join the index's, lanes follow, and the status says where
/// the notices went.
pub(super) fn recorded(app: &mut App, run: &WarningRun, notices: &Path) {
    if let Some(data) = &mut app.data {
        let mut warnings = data.index.classifier().warnings().clone();
        for record in &run.records {
            warnings.record(
                record.account_id.clone(),
                Warning {
                    warned_at: record.warned_at,
                    deadline: record.deadline,
                },
            );
        }
        data.index.apply_warnings(warnings);
        refresh_view(app);
    }
    let deadline = run.grace.deadline_from(run.created_at).format("%Y-%m-%d");
    app.say(
        Level::Info,
        format!(
            "warned {} user(s), deadline {deadline}; notices CSV: {}",
            run.records.len(),
            notices.display()
        ),
    );
}

/// The history page's withdraw key: asks first about the selected warning run (saying that mails
/// already sent cannot be unsent); any other entry is not a warning run.
pub(super) fn ask_withdraw(app: &mut App) {
    let Some(entry) = app.batch.history.get(app.batch.history_cursor) else {
        return;
    };
    if entry.action != AuditAction::Warn {
        let text = format!(
            "{} is a {} batch, not a warning run: only warning runs can be withdrawn",
            entry.batch_id, entry.action
        );
        app.say(Level::Info, text);
        return;
    }
    let withdrawn = app.batch.history.iter().any(|later| {
        later.action == AuditAction::Withdraw && later.undo_of.as_ref() == Some(&entry.batch_id)
    });
    if withdrawn {
        let text = format!("warning run {} was already withdrawn", entry.batch_id);
        app.say(Level::Info, text);
        return;
    }
    app.popup = Some(Popup::Confirm(Confirm::Withdraw {
        run: entry.batch_id.clone(),
        warned: entry.counts.planned,
        mailed: entry.counts.succeeded,
    }));
}

/// Yes to withdrawing: the runtime removes the run's records and logs it.
pub(super) fn withdraw(app: &mut App, run: BatchId) -> Vec<Effect> {
    let Some(data) = &app.data else {
        return Vec::new();
    };
    let org = &data.index.directory().org;
    let org_name = org.name.clone();
    let org_id = match OrgId::try_from(org.id.clone()) {
        Ok(org_id) => org_id,
        Err(error) => {
            app.say(Level::Error, format!("warning run not withdrawn: {error}"));
            return Vec::new();
        }
    };
    app.say(Level::Info, format!("withdrawing warning run {run}…"));
    vec![Effect::WithdrawWarnings {
        run,
        org_id,
        org_name,
    }]
}

/// The run is withdrawn: its users' warnings leave the index (others' runs still count), the
/// lanes follow, and the history is read again.
pub(super) fn withdrawn(app: &mut App, withdrawn: Result<Box<Withdrawal>, Failure>) -> Vec<Effect> {
    let withdrawal = match withdrawn {
        Ok(withdrawal) => withdrawal,
        Err(error) => {
            app.say(Level::Error, error.text);
            return Vec::new();
        }
    };
    if let Some(data) = &mut app.data {
        data.index.apply_warnings(withdrawal.remaining.clone());
        refresh_view(app);
    }
    let (mailed, _) = withdrawal.run.delivery_counts();
    let unsent = if mailed > 0 {
        format!("; {mailed} notice(s) were already mailed and cannot be unsent")
    } else {
        String::new()
    };
    app.say(
        Level::Info,
        format!(
            "withdrew warning run {}: {} warning(s) removed{unsent}",
            withdrawal.run.batch_id,
            withdrawal.run.records.len()
        ),
    );
    vec![Effect::LoadHistory]
}
