//! The history side of batches in the console: undoing the batch under the history cursor
//! (warning runs are withdrawn, not undone), previewing the undo plan that comes back, and
//! offering to resume unfinished batches. Must not decide anything `batch` decides.

use super::{permission, show_preview};
use crate::batch::{Plan, Safeguard};
use crate::store::AuditAction;
use crate::tui::action::{Action, Mode};
use crate::tui::app::{App, Confirm, Level, Popup};
use crate::tui::batch_state::{PlanSource, RunningBatch};
use crate::tui::effect::Effect;
use crate::tui::update::key_guard::refused_by_key;
use crate::types::BatchId;

pub(super) fn undo(app: &mut App) -> Vec<Effect> {
    if app.settings.read_only {
        app.say(Level::Warning, "read-only session: undo is disabled");
        return Vec::new();
    }
    if refused_by_key(app, "undo") {
        return Vec::new();
    }
    if app.batch.running.is_some() {
        app.say(Level::Warning, "a batch is running; undo when it has finished");
        return Vec::new();
    }
    match app.batch.history.get(app.batch.history_cursor) {
        Some(entry) if entry.action == AuditAction::Withdraw => {
            let text = format!(
                "{} withdrew a warning run: it changed nothing in the org to undo (warn again with w)",
                entry.batch_id
            );
            app.say(Level::Info, text);
            Vec::new()
        }
        Some(entry) if entry.action == AuditAction::Warn => {
            let withdraw = app.settings.keymap.hint_in(Mode::History, Action::Withdraw);
            let how = withdraw.map_or_else(String::new, |key| format!("; {key} withdraws it"));
            app.say(
                Level::Info,
                format!(
                    "{} is a warning run: it changed nothing in the org to undo{how}",
                    entry.batch_id
                ),
            );
            Vec::new()
        }
        Some(entry) => vec![Effect::PlanUndo {
            batch_id: entry.batch_id.clone(),
        }],
        None => Vec::new(),
    }
}

/// The undo plan arrived: preview it like any other batch.
pub(in crate::tui::update) fn undo_planned(
    app: &mut App,
    batch_id: BatchId,
    plan: Result<Box<Plan>, String>,
) {
    match plan {
        Ok(plan) => show_preview(app, *plan, PlanSource::Undo { of: batch_id }, 0),
        Err(error) => app.say(Level::Error, format!("cannot undo batch {batch_id}: {error}")),
    }
}

/// Unfinished batches found at start: offer to resume them (not in read-only sessions).
pub(in crate::tui::update) fn unfinished_found(app: &mut App, count: usize) {
    app.batch.unfinished = count;
    if count == 0 {
        return;
    }
    if app.settings.read_only {
        app.say(
            Level::Warning,
            format!("{count} unfinished batch(es) in the journals; run `dormant resume` to complete them"),
        );
    } else if app.popup.is_none() {
        app.popup = Some(Popup::Confirm(Confirm::Resume));
    }
}

/// The admin agreed to resume: every unfinished batch of this org completes in the background.
pub(in crate::tui::update) fn resume(app: &mut App) -> Vec<Effect> {
    if refused_by_key(app, "resuming") {
        return Vec::new();
    }
    let Some(data) = &app.data else {
        return Vec::new();
    };
    app.batch.running = Some(RunningBatch::default());
    vec![Effect::ResumeUnfinished {
        safeguard: Box::new(Safeguard::new(data.index.classifier().clone()).with_permission(permission(app))),
    }]
}
