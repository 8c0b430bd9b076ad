//! Batches in the console: the preview (`p`), confirming (typing the count above 20 users),
//! commit progress, results, history and undo, and resuming unfinished batches. The plan and every
//! safety rule come from `batch`; this only moves between screens and asks for effects.

use super::key_guard::refused_by_key;
use super::load::save_marks;
use super::preview_page;

mod history;

use crate::batch::{
    AccessTarget, BatchAction, BatchEnd, Outcome, Permission, Plan, PlanOptions, Preview, ReadOnly,
    Safeguard, Section, TYPED_CONFIRMATION_ABOVE,
};
use crate::directory::Lane;
use crate::tui::action::{Action, Mode};
use crate::tui::app::{App, Confirm, Level, LineInput, Popup, Screen};
use crate::tui::batch_state::{PendingBatch, PlanSource, RunningBatch};
use crate::tui::effect::Effect;
use crate::tui::selection::Scope;
use history::undo;
pub(super) use history::{resume, undo_planned, unfinished_found};

/// Preview: plans the marked users (or the cursor row) with the chosen action and shows the preview.
pub(super) fn preview(app: &mut App) {
    preview_scoped(app, None);
}

/// Plans what `scope` chooses (the default when `None`: every mark, or the cursor row).
fn preview_scoped(app: &mut App, scope: Option<Scope>) {
    if app.batch.running.is_some() {
        app.say(
            Level::Warning,
            "a batch is running; its progress is in the header",
        );
        return;
    }
    let (Some(data), Some(selection)) = (&app.data, app.selection(scope)) else {
        return;
    };
    // Marked users of lane review or active are planned (their lane included), but in a section
    // of their own that confirming leaves alone until the admin includes it on the preview page.
    // Remove access judges seat by seat: it includes no lane.
    let access = (app.batch.action == BatchAction::RemoveAccess)
        .then(|| app.batch.access.clone())
        .flatten();
    let options = PlanOptions {
        action: app.batch.action,
        cap: app.settings.cap,
        message: None,
        include_lanes: if access.is_some() {
            Vec::new()
        } else {
            vec![Lane::NeedsReview, Lane::Active]
        },
        permission: permission(app),
        access,
    };
    match Plan::build(&data.index, selection.chosen.clone(), &options, app.now) {
        Ok(plan) => show_preview(
            app,
            plan,
            PlanSource::Marks {
                scope: selection.scope,
            },
            selection.hidden_chosen,
        ),
        Err(error) => app.say(Level::Error, format!("no plan: {error}")),
    }
}

/// `hidden`: the planned accounts the filter hides (the preview says so).
pub(super) fn show_preview(app: &mut App, plan: Plan, source: PlanSource, hidden: usize) {
    let preview = Preview::of(&plan, &app.settings.policy.prices, hidden, app.now);
    app.batch.pending = Some(PendingBatch {
        plan,
        preview,
        source,
        included: Vec::new(),
        lines: Vec::new(),
        scroll: 0,
        scope_summary: Vec::new(),
        scope_next: None,
    });
    app.screen = Screen::Preview;
    preview_page::rebuild(app);
}

/// The preview's switch key: the same batch for the next set of accounts (all marks, the
/// visible ones, the cursor row alone).
fn switch_scope(app: &mut App) {
    let Some(PlanSource::Marks { scope }) = app.batch.pending.as_ref().map(|p| p.source.clone()) else {
        return;
    };
    let Some(selection) = app.selection(Some(scope)) else {
        return;
    };
    if selection.can_switch() {
        preview_scoped(app, Some(selection.next_scope()));
    } else {
        app.say(
            Level::Info,
            format!("nothing else to choose: {}", selection.describe()),
        );
    }
}

/// An action of the preview, results or history page's own keys.
pub(super) fn on_page_action(app: &mut App, mode: Mode, action: Action) -> Vec<Effect> {
    match (mode, action) {
        (Mode::Preview, Action::Confirm) => confirm(app),
        (Mode::Preview, Action::SwitchAction) => switch_action(app),
        (Mode::Preview, Action::SwitchScope) => switch_scope(app),
        (Mode::Preview, Action::IncludeNotReady) => preview_page::toggle(app, Section::NotCleanupReady),
        (Mode::Preview, Action::IncludeWarned) => preview_page::toggle(app, Section::GracePeriod),
        (Mode::Preview, Action::IncludeCollateral) => preview_page::toggle(app, Section::Collateral),
        (
            Mode::Preview,
            action @ (Action::MoveDown
            | Action::MoveUp
            | Action::PageDown
            | Action::PageUp
            | Action::GoTop
            | Action::GoBottom),
        ) => preview_page::scroll(app, action),
        (Mode::Results, Action::Export) => return export(app),
        (Mode::Results, Action::WriteHandoff) => {
            if let Some(report) = &app.batch.results {
                return vec![Effect::WriteHandoff {
                    report: Box::new(report.clone()),
                }];
            }
        }
        (Mode::Results, Action::MoveDown) => {
            app.batch.results_scroll = app.batch.results_scroll.saturating_add(1);
        }
        (Mode::Results, Action::MoveUp) => {
            app.batch.results_scroll = app.batch.results_scroll.saturating_sub(1);
        }
        (Mode::History, Action::MoveDown) => {
            let last = app.batch.history.len().saturating_sub(1);
            app.batch.history_cursor = (app.batch.history_cursor + 1).min(last);
        }
        (Mode::History, Action::MoveUp) => {
            app.batch.history_cursor = app.batch.history_cursor.saturating_sub(1);
        }
        (Mode::History, Action::Undo) => return undo(app),
        (Mode::History, Action::Withdraw) => super::warn::ask_withdraw(app),
        _ => {}
    }
    Vec::new()
}

/// Switches a plan from marks to the next action: suspend, deactivate, then remove access for
/// each product of the org in turn (every site of it), then suspend again; previews it again
/// (the same accounts: the scope stays).
fn switch_action(app: &mut App) {
    let scope = match app.batch.pending.as_ref().map(|p| &p.source) {
        Some(PlanSource::Marks { scope }) => *scope,
        _ => return,
    };
    let products = app
        .data
        .as_ref()
        .map(|data| data.index.products())
        .unwrap_or_default();
    let current = app.batch.access.as_ref().map(|access| &access.product);
    let next_product = match (app.batch.action, current) {
        (BatchAction::Deactivate, _) => products.first(),
        (BatchAction::RemoveAccess, Some(product)) => products
            .iter()
            .position(|key| key == product)
            .and_then(|at| products.get(at + 1)),
        _ => None,
    };
    (app.batch.action, app.batch.access) = match (app.batch.action, next_product) {
        (BatchAction::Suspend, _) => (BatchAction::Deactivate, None),
        (_, Some(product)) => (
            BatchAction::RemoveAccess,
            Some(AccessTarget {
                product: product.clone(),
                site: None,
                site_name: None,
            }),
        ),
        _ => (BatchAction::Suspend, None),
    };
    preview_scoped(app, Some(scope));
}

/// Asks for the confirmation the preview requires: of the accounts in the sections included
/// (cleanup-ready, and the others only when the admin included them on the page).
fn confirm(app: &mut App) {
    if refused_by_key(app, "confirming") {
        return;
    }
    let Some(pending) = &app.batch.pending else {
        return;
    };
    let acting = pending.acting_confirmed();
    let held = pending.held_back();
    app.popup = if acting == 0 && held > 0 {
        let key = |action| {
            app.settings
                .keymap
                .hint_in(Mode::Preview, action)
                .unwrap_or_default()
        };
        let include = match (
            pending.in_section(Section::NotCleanupReady),
            pending.in_section(Section::GracePeriod),
        ) {
            (0, _) => format!("{} includes the warned", key(Action::IncludeWarned)),
            (_, 0) => format!("{} includes the not cleanup-ready", key(Action::IncludeNotReady)),
            _ => format!(
                "{} includes the not cleanup-ready, {} the warned",
                key(Action::IncludeNotReady),
                key(Action::IncludeWarned)
            ),
        };
        app.say(
            Level::Warning,
            format!(
                "nothing to confirm: the {held} user(s) acted on are in sections not included ({include})"
            ),
        );
        None
    } else if acting == 0 {
        app.say(
            Level::Warning,
            "nothing to do: every account in the plan is refused (the list says why)",
        );
        None
    } else if acting > TYPED_CONFIRMATION_ABOVE {
        Some(Popup::TypeCount {
            input: LineInput::default(),
            expected: acting,
        })
    } else {
        Some(Popup::Confirm(Confirm::Commit))
    };
}

/// The admin confirmed: the pending plan goes to the commit engine.
pub(super) fn commit(app: &mut App) -> Vec<Effect> {
    if refused_by_key(app, "committing") {
        return Vec::new();
    }
    let (Some(pending), Some(data)) = (app.batch.pending.take(), &app.data) else {
        return Vec::new();
    };
    // The engine acts only on the sections confirmed here; the rest are refused and journalled.
    let safeguard = Box::new(
        Safeguard::new(data.index.classifier().clone())
            .with_permission(permission(app))
            .confirming(pending.confirmed()),
    );
    let planned = pending.acting_confirmed();
    app.batch.running = Some(RunningBatch {
        progress: None,
        planned,
        cancelling: false,
    });
    app.screen = Screen::Browse;
    let stop = app.settings.keymap.hint(Action::Back).unwrap_or_default();
    app.say(
        Level::Info,
        format!(
            "{} of {planned} account(s) started; the header shows progress, {stop} stops it",
            pending.plan.action.as_str()
        ),
    );
    vec![Effect::Commit {
        plan: Box::new(pending.plan),
        safeguard,
        cap: app.settings.cap,
    }]
}

/// Stops the running batch after the account in flight.
pub(super) fn stop(app: &mut App) -> Vec<Effect> {
    match &mut app.batch.running {
        Some(running) if !running.cancelling => {
            running.cancelling = true;
            app.say(
                Level::Warning,
                "stopping after the account in flight; nothing is left half-done",
            );
            vec![Effect::CancelBatch]
        }
        _ => Vec::new(),
    }
}

/// A run ended: results page, marks of settled accounts cleared, and a reload to see the changes.
pub(super) fn finished(app: &mut App, report: crate::batch::BatchReport) -> Vec<Effect> {
    app.batch.running = None;
    let counts = report.counts;
    let ended = match &report.end {
        BatchEnd::Completed => "finished".to_owned(),
        BatchEnd::Cancelled => "cancelled".to_owned(),
        BatchEnd::Interrupted { reason } => format!("stopped early ({reason}); it resumes at the next start"),
    };
    let level = if counts.failed > 0 || report.end != BatchEnd::Completed {
        Level::Warning
    } else {
        Level::Info
    };
    let before = app.marks.len();
    for outcome in &report.outcomes {
        if !matches!(outcome.outcome, Outcome::Failed { .. }) {
            app.marks.unmark(&outcome.account_id);
        }
    }
    app.batch.results = Some(report);
    app.batch.results_scroll = 0;
    app.screen = Screen::Results;
    super::refresh::marks_changed(app);
    let mut effects = save_marks(app, app.marks.len() != before);
    // Reload to show the new statuses; the summary below replaces the reload's own message.
    effects.push(super::load::request(app, false));
    app.say(
        level,
        format!(
            "batch {ended}: {} done, {} skipped, {} refused, {} failed",
            counts.succeeded, counts.skipped, counts.refused, counts.failed
        ),
    );
    if app.batch.quit_when_stopped {
        app.quit = true;
    }
    effects
}

/// Writes the last results as CSV and JSON next to the journal.
fn export(app: &App) -> Vec<Effect> {
    match &app.batch.results {
        Some(report) => vec![Effect::ExportResults {
            report: Box::new(report.clone()),
        }],
        None => Vec::new(),
    }
}

/// A read-only session's plans and commits are refused by `batch` too, not only by the keymap.
pub(super) fn permission(app: &App) -> Permission {
    if app.settings.read_only {
        Permission::ReadOnly(ReadOnly::Session)
    } else {
        Permission::ReadWrite
    }
}
