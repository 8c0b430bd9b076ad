//! The batch pages: the results of the last run with every account's outcome and the history of
//! batches; plus the header's progress line. (The preview page is `preview.rs`.)

use super::{safe, thousands};
use crate::batch::{BatchEnd, BatchState};
use crate::store::AuditAction;
use crate::tui::app::App;
use crate::tui::{Action, Mode};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

fn page(frame: &mut Frame, area: Rect, title: String, lines: Vec<Line<'static>>, scroll: u16) {
    let inner = super::framed(frame, area, title);
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((scroll, 0)),
        inner,
    );
}

pub(super) fn draw_results(app: &App, frame: &mut Frame, area: Rect) {
    let theme = app.settings.theme;
    let width = usize::from(area.width.saturating_sub(2));
    let Some(report) = &app.batch.results else {
        return;
    };
    let ended = match &report.end {
        BatchEnd::Completed => "completed".to_owned(),
        BatchEnd::Cancelled => "cancelled (accounts without an outcome were not touched)".to_owned(),
        BatchEnd::Interrupted { reason } => format!("stopped early: {reason}; it resumes at the next start"),
    };
    let counts = report.counts;
    let mut lines = vec![
        Line::styled(
            safe(&format!("batch {} {ended}", report.batch_id), width),
            theme.title(),
        ),
        Line::raw(format!(
            "{} planned · {} done · {} skipped · {} refused · {} failed",
            thousands(counts.planned as u64),
            thousands(counts.succeeded as u64),
            thousands(counts.skipped as u64),
            thousands(counts.refused as u64),
            thousands(counts.failed as u64)
        )),
        Line::raw(safe(&format!("journal: {}", report.journal.display()), width)),
    ];
    for warning in &report.warnings {
        lines.push(Line::styled(
            safe(&format!("note: {warning}"), width),
            theme.warning(),
        ));
    }
    lines.push(Line::raw(""));
    for outcome in &report.outcomes {
        let who = match &outcome.email {
            Some(email) => format!("{} <{email}>", outcome.name),
            None => outcome.name.clone(),
        };
        lines.push(Line::raw(safe(&format!("{who:<40} {}", outcome.outcome), width)));
    }
    let title = page_title(
        app,
        Mode::Results,
        "results",
        &[
            (Action::Export, "export CSV and JSON"),
            (Action::WriteHandoff, "IdP handoff CSV"),
        ],
    );
    page(frame, area, title, lines, app.batch.results_scroll);
}

pub(super) fn draw_history(app: &App, frame: &mut Frame, area: Rect) {
    let theme = app.settings.theme;
    let width = usize::from(area.width.saturating_sub(2));
    let mut lines = Vec::new();
    if app.batch.history.is_empty() {
        lines.push(Line::styled(
            "No batch has run from this machine yet.",
            theme.dim(),
        ));
    }
    for (position, entry) in app.batch.history.iter().enumerate() {
        let state = match entry.state {
            BatchState::Completed => "completed",
            BatchState::Cancelled => "cancelled",
            BatchState::Unfinished => "UNFINISHED",
        };
        let undo = match (&entry.undo_of, entry.action) {
            (Some(of), AuditAction::Withdraw) => format!(" (withdraws {of})"),
            (Some(of), _) => format!(" (undo of {of})"),
            (None, AuditAction::Warn) if withdrawn(app, &entry.batch_id) => " (withdrawn)".to_owned(),
            (None, _) => String::new(),
        };
        let undone = match (&entry.undone_by, entry.action) {
            (Some(by), action) if action != AuditAction::Warn => format!(" (undone by {by})"),
            _ => String::new(),
        };
        // A warning run changes nobody: who was warned and mailed, not "0 done".
        let counts = if entry.action == AuditAction::Warn {
            format!("{:<42}", entry.counts_text())
        } else {
            format!(
                "{:>5} done {:>4} skipped {:>4} refused {:>4} failed",
                entry.counts.succeeded, entry.counts.skipped, entry.counts.refused, entry.counts.failed,
            )
        };
        let text = format!(
            "{}  {}  {:<10} {counts}  {state}  {}{undo}{undone}",
            entry.batch_id,
            entry.started_at.format("%Y-%m-%d %H:%M"),
            entry.action.to_string(),
            entry.org_name
        );
        let line = Line::raw(safe(&text, width));
        lines.push(if position == app.batch.history_cursor {
            line.style(theme.cursor())
        } else {
            line
        });
    }
    let title = page_title(
        app,
        Mode::History,
        "history",
        &[
            (Action::Undo, "undo the batch (preview first)"),
            (Action::Withdraw, "withdraw a warning run"),
        ],
    );
    page(frame, area, title, lines, 0);
}

/// Whether the history lists a withdrawal of warning run `run`.
fn withdrawn(app: &App, run: &crate::types::BatchId) -> bool {
    app.batch
        .history
        .iter()
        .any(|entry| entry.action == AuditAction::Withdraw && entry.undo_of.as_ref() == Some(run))
}

/// " results · e: export CSV and JSON · j/k scroll · esc: back ", from the page's keys (an
/// action read-only mode dropped is left out).
fn page_title(app: &App, mode: Mode, name: &str, actions: &[(Action, &str)]) -> String {
    let keymap = &app.settings.keymap;
    let mut parts = vec![name.to_owned()];
    let moves = match (
        keymap.hint_in(mode, Action::MoveDown),
        keymap.hint_in(mode, Action::MoveUp),
    ) {
        (Some(down), Some(up)) if mode == Mode::History => Some(format!("{down}/{up} choose")),
        (Some(down), Some(up)) => Some(format!("{down}/{up} scroll")),
        _ => None,
    };
    if mode == Mode::History {
        parts.extend(moves.clone());
    }
    for (action, label) in actions {
        if let Some(key) = keymap.hint_in(mode, *action) {
            parts.push(format!("{key}: {label}"));
        }
    }
    if mode != Mode::History {
        parts.extend(moves);
    }
    parts.push(format!("{}: back", super::back_key(app)));
    format!(" {} ", parts.join(" · "))
}

/// The header's line while a batch runs: done, skipped, refused, failed, remaining, rate.
pub(super) fn progress_line(app: &App) -> Option<String> {
    let running = app.batch.running.as_ref()?;
    let stopping = if running.cancelling {
        " · stopping after the account in flight"
    } else {
        ""
    };
    Some(match &running.progress {
        None => format!(
            "batch starting: {} account(s){stopping}",
            thousands(running.planned as u64)
        ),
        Some(progress) => {
            let counts = progress.counts;
            format!(
                "batch {}: {} done · {} skipped · {} refused · {} failed · {} remaining · {:.0}/min{stopping}",
                progress.action.as_str(),
                thousands(counts.succeeded as u64),
                thousands(counts.skipped as u64),
                thousands(counts.refused as u64),
                thousands(counts.failed as u64),
                thousands(counts.remaining() as u64),
                progress.per_minute
            )
        }
    })
}
