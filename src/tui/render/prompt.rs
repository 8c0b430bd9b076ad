//! The prompts that act on marks (exclude, warn): who they act on, how many marks the filter
//! hides, the key that switches to the visible marks or the cursor row alone, and what is typed.
//! Only reads the popup's state.

use super::{safe, thousands};
use crate::tui::app::{App, LineInput};
use crate::tui::selection::Selection;
use crate::tui::update::grace_of;
use crate::tui::{Action, Mode, Theme};
use ratatui::text::Line;

/// "31 marked, 16 hidden by the filter." / "Acting on: …" / the switch key's hint.
fn scope_lines(app: &App, mode: Mode, selection: &Selection, theme: Theme) -> Vec<Line<'static>> {
    let mut lines: Vec<Line<'static>> = selection
        .summary()
        .into_iter()
        .map(|line| Line::styled(safe(&line, 200), theme.title()))
        .collect();
    if let (true, Some(key)) = (
        selection.can_switch(),
        app.settings.keymap.hint_in(mode, Action::SwitchScope),
    ) {
        let next = selection.describe_scope(selection.next_scope());
        lines.push(Line::styled(
            safe(&format!("{key}: act on {next} instead"), 200),
            theme.key(),
        ));
    }
    lines
}

pub(super) fn exclude(
    app: &App,
    reason: &LineInput,
    selection: &Selection,
    theme: Theme,
) -> Vec<Line<'static>> {
    let key = |action| {
        app.settings
            .keymap
            .hint_in(Mode::Exclude, action)
            .unwrap_or_default()
    };
    let mut lines = vec![
        Line::raw(format!(
            "Exclude {} user(s) from cleanup. They move to the protected lane and are never acted on.",
            thousands(selection.accounts.len() as u64)
        )),
        Line::raw(""),
    ];
    lines.extend(scope_lines(app, Mode::Exclude, selection, theme));
    lines.extend([
        Line::raw(""),
        Line::raw(format!("Reason: {}█", safe(&reason.text, 60))),
        Line::raw(""),
        Line::styled(
            format!(
                "{} saves (kept across sessions) · {} cancels",
                key(Action::Confirm),
                key(Action::Back)
            ),
            theme.dim(),
        ),
    ]);
    lines
}

pub(super) fn warn(app: &App, days: &LineInput, selection: &Selection, theme: Theme) -> Vec<Line<'static>> {
    let key = |action| {
        app.settings
            .keymap
            .hint_in(Mode::Warn, action)
            .unwrap_or_default()
    };
    let mut lines = vec![
        Line::raw(format!(
            "Warn {} user(s): record a deadline for each and write their notices (CSV).",
            thousands(selection.accounts.len() as u64)
        )),
        Line::raw(""),
    ];
    lines.extend(scope_lines(app, Mode::Warn, selection, theme));
    lines.push(Line::raw(""));
    lines.push(Line::raw(format!("Grace period: {}█ days", safe(&days.text, 8))));
    lines.push(match grace_of(&days.text) {
        Ok(grace) => Line::raw(format!(
            "Deadline: {} (the earliest cleanup for them)",
            grace.deadline_from(app.now).format("%Y-%m-%d")
        )),
        Err(error) => Line::styled(safe(&error, 200), theme.warning()),
    });
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        format!(
            "{} records the warnings · {} cancels, nobody is warned",
            key(Action::Confirm),
            key(Action::Back)
        ),
        theme.dim(),
    ));
    lines
}

/// The allowlist page's prompt for a new reason of the exclusion `shown`.
pub(super) fn reason(
    app: &App,
    input: &LineInput,
    shown: &crate::directory::Exclusion,
    theme: Theme,
) -> Vec<Line<'static>> {
    let key = |action| {
        app.settings
            .keymap
            .hint_in(Mode::Reason, action)
            .unwrap_or_default()
    };
    vec![
        Line::raw(format!(
            "Why must {} never be acted on?",
            safe(shown.name.as_deref().unwrap_or(shown.account_id.as_str()), 40)
        )),
        Line::raw(""),
        Line::raw(format!("Reason: {}█", safe(&input.text, 60))),
        Line::raw(""),
        Line::styled(
            format!(
                "{} saves · {} keeps the old reason",
                key(Action::Confirm),
                key(Action::Back)
            ),
            theme.dim(),
        ),
    ]
}
