//! The status line: a message or the key hints, the position and the marks.

use super::{safe, thousands};
use crate::report::sanitize::display_width;
use crate::tui::app::{App, Level};
use crate::tui::{Action, Mode};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

const BROWSE: &[(Mode, Action, &str)] = &[
    (Mode::Browse, Action::ShowHelp, "help"),
    (Mode::Browse, Action::OpenFilter, "filter"),
    (Mode::Browse, Action::ChooseSort, "sort"),
    (Mode::Browse, Action::ToggleMark, "mark"),
    (Mode::Browse, Action::Exclude, "exclude"),
    (Mode::Browse, Action::ShowInsight, "insight"),
    (Mode::Browse, Action::ShowDetails, "details"),
    (Mode::Browse, Action::Quit, "quit"),
];

/// The key hints of each mode, in the order they are shown (the mode whose table holds the key
/// first, so a page's shared keys come from the browse table).
fn hints_of(mode: Mode) -> &'static [(Mode, Action, &'static str)] {
    match mode {
        Mode::Browse => BROWSE,
        Mode::Preview => &[
            (Mode::Preview, Action::Confirm, "confirm"),
            (Mode::Preview, Action::SwitchAction, "suspend/deactivate"),
            (Mode::Preview, Action::SwitchScope, "marks/visible/row"),
            (Mode::Browse, Action::Back, "back"),
            (Mode::Browse, Action::ShowHelp, "help"),
        ],
        Mode::Results => &[
            (Mode::Results, Action::Export, "export"),
            (Mode::Results, Action::WriteHandoff, "IdP handoff"),
            (Mode::Browse, Action::Back, "back"),
            (Mode::Browse, Action::ShowHelp, "help"),
            (Mode::Browse, Action::Quit, "quit"),
        ],
        Mode::History => &[
            (Mode::History, Action::Undo, "undo"),
            (Mode::History, Action::Withdraw, "withdraw warning"),
            (Mode::Browse, Action::Back, "back"),
            (Mode::Browse, Action::ShowHelp, "help"),
            (Mode::Browse, Action::Quit, "quit"),
        ],
        Mode::Help => &[
            (Mode::Browse, Action::Back, "back"),
            (Mode::Browse, Action::Quit, "quit"),
        ],
        Mode::Sort => &[
            (Mode::Sort, Action::Confirm, "choose"),
            (Mode::Sort, Action::Back, "close"),
        ],
        Mode::Confirm => &[
            (Mode::Confirm, Action::Confirm, "yes"),
            (Mode::Confirm, Action::Back, "no"),
        ],
        Mode::TypeCount => &[
            (Mode::TypeCount, Action::Confirm, "confirm"),
            (Mode::TypeCount, Action::Back, "cancel"),
        ],
        Mode::Exclude => &[
            (Mode::Exclude, Action::Confirm, "exclude"),
            (Mode::Exclude, Action::SwitchScope, "marks/visible/row"),
            (Mode::Exclude, Action::Back, "cancel"),
        ],
        Mode::Warn => &[
            (Mode::Warn, Action::Confirm, "warn"),
            (Mode::Warn, Action::SwitchScope, "marks/visible/row"),
            (Mode::Warn, Action::Back, "cancel"),
        ],
        Mode::Filter => &[
            (Mode::Filter, Action::Confirm, "keep"),
            (Mode::Filter, Action::Back, "cancel"),
            (Mode::Filter, Action::Complete, "complete"),
            (Mode::Filter, Action::OlderFilter, "history"),
        ],
        Mode::Allowlist => &[
            (Mode::Allowlist, Action::EditReason, "edit reason"),
            (Mode::Allowlist, Action::RemoveEntry, "remove"),
            (Mode::Browse, Action::Back, "back"),
            (Mode::Browse, Action::ShowHelp, "help"),
            (Mode::Browse, Action::Quit, "quit"),
        ],
        Mode::Reason => &[
            (Mode::Reason, Action::Confirm, "save"),
            (Mode::Reason, Action::Back, "cancel"),
        ],
        Mode::ViewPicker => &[
            (Mode::ViewPicker, Action::Confirm, "apply"),
            (Mode::ViewPicker, Action::Back, "close"),
        ],
        Mode::GroupPicker => &[
            (Mode::GroupPicker, Action::Confirm, "filter by"),
            (Mode::GroupPicker, Action::Exclude, "filter out"),
            (Mode::GroupPicker, Action::Back, "close"),
        ],
    }
}

pub(super) fn draw(app: &App, frame: &mut Frame, area: Rect) {
    let theme = app.settings.theme;
    let position = match &app.data {
        Some(data) if !data.view.is_empty() => format!(
            " {}/{} · {} marked",
            thousands(app.cursor as u64 + 1),
            thousands(data.view.len() as u64),
            thousands(app.marks.len() as u64)
        ),
        _ => format!(" {} marked", thousands(app.marks.len() as u64)),
    };
    let room = usize::from(area.width).saturating_sub(display_width(&position) + 1);
    let mut spans = if let Some((level, text)) = &app.status {
        let style = match level {
            Level::Info => theme.info(),
            Level::Warning => theme.warning(),
            Level::Error => theme.error(),
        };
        vec![Span::styled(safe(text, room), style)]
    } else {
        hints(app, room)
    };
    let used: usize = spans.iter().map(|span| display_width(&span.content)).sum();
    spans.push(Span::raw(" ".repeat(
        usize::from(area.width).saturating_sub(used + display_width(&position)),
    )));
    spans.push(Span::styled(position, theme.dim()));
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// As many key hints of the current screen or popup as fit in `room` cells, from the keymap.
fn hints(app: &App, room: usize) -> Vec<Span<'static>> {
    let theme = app.settings.theme;
    let mut spans = Vec::new();
    let mut used = 0;
    for &(mode, action, label) in hints_of(app.key_mode()) {
        let mode = if mode == Mode::TypeCount {
            app.key_mode()
        } else {
            mode
        };
        let Some(key) = app.settings.keymap.hint_in(mode, action) else {
            continue;
        };
        let width = display_width(&key) + label.len() + 3;
        if used + width > room {
            break;
        }
        used += width;
        spans.push(Span::styled(key, theme.key()));
        spans.push(Span::raw(format!(" {label}  ")));
    }
    spans
}
