//! The status line (message or key hints, position, marks) and the filter bar with its inline
//! parse error.

use super::{safe, thousands};
use crate::report::sanitize::display_width;
use crate::tui::Action;
use crate::tui::app::{App, Level, Popup};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

const HINTS: [(Action, &str); 8] = [
    (Action::ShowHelp, "help"),
    (Action::OpenFilter, "filter"),
    (Action::ChooseSort, "sort"),
    (Action::ToggleMark, "mark"),
    (Action::Exclude, "exclude"),
    (Action::ShowInsight, "insight"),
    (Action::ShowDetails, "details"),
    (Action::Quit, "quit"),
];

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

/// As many key hints as fit in `room` cells, from the keymap.
fn hints(app: &App, room: usize) -> Vec<Span<'static>> {
    let theme = app.settings.theme;
    let mut spans = Vec::new();
    let mut used = 0;
    for (action, label) in HINTS {
        let Some(key) = app.settings.keymap.hint(action) else {
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

pub(super) fn draw_filter(app: &App, frame: &mut Frame, area: Rect) {
    let theme = app.settings.theme;
    let editing = matches!(app.popup, Some(Popup::Filter(_)));
    let text = match &app.popup {
        Some(Popup::Filter(input)) => input.text.as_str(),
        _ => app.filter.text.as_str(),
    };
    let width = usize::from(area.width);
    let mut spans = vec![Span::styled("/", theme.key()), Span::raw(" ")];
    // Also after a reload made the applied filter invalid: the bar says why no row shows.
    if let Some(error) = &app.filter.error {
        let chars: Vec<char> = text.chars().collect();
        let start = error.span.start.min(chars.len());
        let end = error.span.end.clamp(start, chars.len());
        let part = |range: std::ops::Range<usize>| chars[range].iter().collect::<String>();
        spans.push(Span::raw(safe(&part(0..start), width)));
        spans.push(Span::styled(safe(&part(start..end), width), theme.error()));
        spans.push(Span::raw(safe(&part(end..chars.len()), width)));
        if editing {
            spans.push(Span::styled("█", theme.key()));
        }
        let used: usize = spans.iter().map(|span| display_width(&span.content)).sum();
        let message = format!("  ✗ {}", error.problem);
        spans.push(Span::styled(
            safe(&message, width.saturating_sub(used)),
            theme.error(),
        ));
    } else {
        spans.push(Span::raw(safe(text, width.saturating_sub(4))));
        if editing {
            spans.push(Span::styled("█", theme.key()));
        } else {
            spans.push(Span::styled(
                "  (filter applied; / edits, Esc clears)",
                theme.dim(),
            ));
        }
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}
