//! The filter bar: the query with its caret where it is (scrolled to keep it in view), the
//! parse error underlined with its reason, the Tab candidates being cycled, or the "filter
//! applied" note. Only reads the state.

use super::safe;
use crate::report::sanitize::{display_width, sanitize_for_terminal};
use crate::tui::Action;
use crate::tui::app::{App, Popup};
use crate::tui::filter_editor::Cycle;
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use std::ops::Range;

/// "/ " before the text.
const PROMPT_WIDTH: usize = 2;

/// What follows the text, at most this share of the bar while the text needs the room.
const SUFFIX_SHARE: usize = 3;

pub(super) fn draw(app: &App, frame: &mut Frame, area: Rect) {
    let theme = app.settings.theme;
    let (text, caret, cycle) = match &app.popup {
        Some(Popup::Filter(editor)) => (editor.text(), Some(editor.caret()), editor.cycle()),
        _ => (app.filter.text.as_str(), None, None),
    };
    let width = usize::from(area.width);
    let error = app.filter.error.as_ref();
    let suffix = match (error, cycle, caret) {
        (Some(error), ..) => format!("  ✗ {}", error.problem),
        (None, Some(cycle), _) => candidates(cycle),
        (None, None, Some(_)) => String::new(),
        (None, None, None) => {
            let keymap = &app.settings.keymap;
            format!(
                "  (filter applied; {} edits, {} clears)",
                keymap.hint(Action::OpenFilter).unwrap_or_default(),
                keymap.hint(Action::Back).unwrap_or_default()
            )
        }
    };
    // Text first: the suffix gets what the text leaves, and at least a third of the bar.
    let reserved = display_width(&suffix).min(width / SUFFIX_SHARE);
    let room = width.saturating_sub(PROMPT_WIDTH + reserved).max(1);
    let cells: Vec<String> = text
        .chars()
        .map(|c| sanitize_for_terminal(&c.to_string()).into_owned())
        .collect();
    let shown = window(&cells, caret, room);
    let underline = error.map_or(0..0, |error| error.span.clone());
    let mut spans = vec![Span::styled("/", theme.key()), Span::raw(" ")];
    let mut used = PROMPT_WIDTH;
    let mut caret_x = None;
    for at in shown.clone() {
        let style = if caret == Some(at) {
            caret_x = Some(used);
            theme.cursor()
        } else if underline.contains(&at) {
            theme.error()
        } else {
            Style::new()
        };
        used += display_width(&cells[at]);
        spans.push(Span::styled(cells[at].clone(), style));
    }
    if caret == Some(cells.len()) {
        caret_x = Some(used);
        used += 1;
        spans.push(Span::styled("█", theme.key()));
    }
    let style = if error.is_some() {
        theme.error()
    } else {
        theme.dim()
    };
    spans.push(Span::styled(safe(&suffix, width.saturating_sub(used)), style));
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
    if let Some(x) = caret_x.and_then(|x| u16::try_from(x).ok()) {
        frame.set_cursor_position(Position::new(area.x.saturating_add(x), area.y));
    }
}

/// The chars of the text that fit in `room` cells with the caret in view (and a cell for it at
/// the end): from the start when all fit or the caret is near it, else scrolled so the caret is
/// the last cell shown.
fn window(cells: &[String], caret: Option<usize>, room: usize) -> Range<usize> {
    let caret = caret.unwrap_or(0).min(cells.len());
    let width_of =
        |range: Range<usize>| -> usize { cells[range].iter().map(|cell| display_width(cell)).sum() };
    // The caret's own cell: the char under it, or the block after the end.
    let caret_cell = cells.get(caret).map_or(1, |cell| display_width(cell).max(1));
    let mut start = 0;
    while start < caret && width_of(start..caret) + caret_cell > room {
        start += 1;
    }
    let mut end = start;
    let reserve = usize::from(caret == cells.len());
    while end < cells.len() && width_of(start..end + 1) + reserve <= room {
        end += 1;
    }
    start..end.max(caret.min(cells.len()))
}

/// "  tab 2/5: developers · acme-users · …" (the one in use first).
fn candidates(cycle: &Cycle) -> String {
    let count = cycle.candidates.len();
    let shown: Vec<&str> = cycle
        .candidates
        .iter()
        .cycle()
        .skip(cycle.index)
        .take(count.min(8))
        .map(String::as_str)
        .collect();
    format!("  {}/{count}: {}", cycle.index + 1, shown.join(" · "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(text: &str) -> Vec<String> {
        text.chars().map(String::from).collect()
    }

    #[test]
    fn the_window_keeps_the_caret_in_view() {
        let text = cells("lane:ready idle:>90");
        assert_eq!(window(&text, Some(19), 40), 0..19, "all fits");
        assert_eq!(window(&text, Some(19), 10), 10..19, "scrolled: caret block last");
        assert_eq!(
            window(&text, Some(2), 10),
            0..10,
            "near the start: from the start"
        );
        assert_eq!(
            window(&text, Some(12), 5),
            8..13,
            "the char under the caret shows"
        );
        assert_eq!(window(&text, None, 5), 0..5);
        assert_eq!(window(&[], Some(0), 5), 0..0);
    }

    #[test]
    fn candidates_start_at_the_one_in_use() {
        let cycle = Cycle {
            start: 6,
            end: 9,
            candidates: vec!["a".into(), "b".into(), "c".into()],
            index: 1,
        };
        assert_eq!(candidates(&cycle), "  2/3: b · c · a");
    }
}
