//! Popups over the screen: the sort chooser, the exclude and warn prompts (`prompt`) and yes/no
//! confirmations. (The filter bar is drawn in place by `filter_bar`.)

use super::{safe, thousands};
use crate::directory::SortKey;
use crate::tui::app::{App, Confirm, Popup};
use crate::tui::layout::centered;
use crate::tui::{Action, Mode, Theme};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

pub(super) fn draw(app: &App, frame: &mut Frame, area: Rect, theme: Theme) {
    let Some(popup) = &app.popup else {
        return;
    };
    let key = |mode, action| app.settings.keymap.hint_in(mode, action).unwrap_or_default();
    let (title, lines, width) = match popup {
        Popup::Filter(_) => return,
        Popup::Views { selected } => return super::pickers::draw_views(app, frame, area, *selected, theme),
        Popup::Groups(picker) => return super::pickers::draw_groups(app, frame, area, picker, theme),
        Popup::TypeCount { input, expected } => (
            " confirm the batch ".to_owned(),
            vec![
                Line::raw(commit_question(app)),
                Line::raw(""),
                Line::raw(format!("Type {expected} to confirm: {}█", safe(&input.text, 12))),
                Line::raw(""),
                Line::styled(
                    format!(
                        "{} confirms · {} goes back to the preview",
                        key(Mode::TypeCount, Action::Confirm),
                        key(Mode::TypeCount, Action::Back)
                    ),
                    theme.dim(),
                ),
            ],
            70,
        ),
        Popup::Sort { selected } => {
            let lines = app
                .sort_choices()
                .into_iter()
                .enumerate()
                .map(|(position, column)| {
                    let name = SortKey {
                        column,
                        descending: false,
                    }
                    .to_string();
                    let name = name.trim_end_matches(":asc").to_owned();
                    if position == *selected {
                        Line::styled(format!("▶ {name}"), theme.cursor())
                    } else {
                        Line::raw(format!("  {name}"))
                    }
                })
                .collect();
            let title = format!(
                " sort by · {} choose (again: reverse) · {} ",
                key(Mode::Sort, Action::Confirm),
                key(Mode::Sort, Action::Back)
            );
            (title, lines, 52)
        }
        Popup::Exclude { reason, selection } => (
            " exclude from cleanup ".to_owned(),
            super::prompt::exclude(app, reason, selection, theme),
            76,
        ),
        Popup::Warn { days, selection } => (
            " warn before cleanup ".to_owned(),
            super::prompt::warn(app, days, selection, theme),
            76,
        ),
        Popup::Reason { input, shown } => (
            " reason for the exclusion ".to_owned(),
            super::prompt::reason(app, input, shown, theme),
            76,
        ),
        Popup::Confirm(confirm) => {
            let question = question(app, confirm);
            let answers = format!(
                "{} yes · {} no",
                key(Mode::Confirm, Action::Confirm),
                key(Mode::Confirm, Action::Back)
            );
            (
                " confirm ".to_owned(),
                vec![
                    Line::raw(question),
                    Line::raw(""),
                    Line::styled(answers, theme.key()),
                ],
                60,
            )
        }
    };
    let lines = wrapped(lines, usize::from(width.min(area.width).saturating_sub(2)));
    let height = (lines.len() as u16).saturating_add(2);
    let boxed = centered(area, width, height);
    frame.render_widget(Clear, boxed);
    let block = Block::default().borders(Borders::ALL).title(title);
    frame.render_widget(
        Paragraph::new(lines).wrap(Wrap { trim: false }).block(block),
        boxed,
    );
}

/// What a yes/no popup asks.
fn question(app: &App, confirm: &Confirm) -> String {
    match confirm {
        Confirm::Quit => format!(
            "Quit? {} mark(s) will be lost{}.",
            thousands(app.marks.len() as u64),
            if app.settings.marks_survive_exit {
                " (they could not be saved)"
            } else {
                " with this demo"
            }
        ),
        Confirm::ClearMarks => format!("Clear all {} marks?", thousands(app.marks.len() as u64)),
        Confirm::Commit => commit_question(app),
        Confirm::Resume => format!(
            "{} batch(es) were interrupted before they finished. Resume now? Accounts started \
             without an outcome are re-read first; nobody is changed twice.",
            app.batch.unfinished
        ),
        Confirm::StopBatch { then_quit } => format!(
            "Stop the running batch after the account in flight{}? What is done stays done and \
             is in the journal.",
            if *then_quit { ", then quit" } else { "" }
        ),
        Confirm::RemoveExclusion { shown } => format!(
            "Remove the exclusion of {} (\"{}\")? They go back to their lane and can be marked and \
             acted on again. The change is logged.",
            safe(shown.name.as_deref().unwrap_or(shown.account_id.as_str()), 40),
            safe(&shown.reason, 60)
        ),
        Confirm::Withdraw { run, warned, mailed } => format!(
            "Withdraw warning run {run}? Its {warned} warning(s) are removed and their deadlines no \
             longer count. {}",
            if *mailed > 0 {
                format!(
                    "{mailed} notice(s) were already mailed and cannot be unsent: tell those users \
                     yourself."
                )
            } else {
                "Notices already sent (mailed by you from the notices CSV) cannot be unsent.".to_owned()
            }
        ),
    }
}

/// "Suspend 42 users in Acme now?" for the pending batch, with the counts of the sections
/// included on their own and of those left alone.
fn commit_question(app: &App) -> String {
    match &app.batch.pending {
        Some(pending) => pending.question(&safe(&pending.preview.org_name, 40)),
        None => "Commit the batch?".to_owned(),
    }
}

/// `lines` wrapped to `inner` cells here, so the popup's height counts every screen line and its
/// answers are never cut off.
fn wrapped(lines: Vec<Line<'_>>, inner: usize) -> Vec<Line<'static>> {
    lines
        .into_iter()
        .flat_map(|line| {
            let style = line.style;
            crate::tui::preview_list::wrap(&line.to_string(), inner)
                .into_iter()
                .map(move |text| Line::styled(text, style))
        })
        .collect()
}
