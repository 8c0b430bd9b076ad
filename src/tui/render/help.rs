//! The help page, generated from the keymap (so rebound keys show as bound), plus the filter
//! grammar.

use crate::directory::QUERY_GRAMMAR;
use crate::tui::Section;
use crate::tui::app::App;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub(super) fn draw(app: &App, frame: &mut Frame, area: Rect, scroll: u16) {
    let theme = app.settings.theme;
    let inner = super::framed(
        frame,
        area,
        format!(" help · ↑/↓ scroll · {} back ", super::back_key(app)),
    );
    let mut lines = Vec::new();
    let mut section: Option<Section> = None;
    for (action, keys) in app.settings.keymap.bindings() {
        if section != Some(action.section()) {
            if section.is_some() {
                lines.push(Line::raw(""));
            }
            section = Some(action.section());
            lines.push(Line::styled(action.section().title(), theme.title()));
        }
        let keys: Vec<String> = keys.iter().map(ToString::to_string).collect();
        lines.push(Line::from(vec![
            Span::styled(format!("  {:<18}", keys.join(" ")), theme.key()),
            Span::raw(action.describe()),
        ]));
    }
    if app.settings.read_only {
        lines.push(Line::styled(
            "Read-only session: marking keys are disabled.",
            theme.warning(),
        ));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled("In the filter bar and prompts", theme.title()));
    lines.push(Line::raw(
        "  type to edit · Backspace · ctrl-u clear · ctrl-w word · Enter keep · Esc cancel",
    ));
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        "In the preview, results and history pages",
        theme.title(),
    ));
    lines.push(Line::raw(
        "  preview: Enter or y confirm (above 20 users: type the count), Tab suspend/deactivate",
    ));
    lines.push(Line::raw(
        "  results: e export CSV and JSON, ↑/↓ scroll · history: ↑/↓ choose, u undo",
    ));
    lines.push(Line::raw(
        "  while a batch runs: Esc (or q) asks to stop it after the account in flight",
    ));
    lines.push(Line::raw(""));
    lines.push(Line::styled("Filter language", theme.title()));
    lines.extend(QUERY_GRAMMAR.lines().map(|line| Line::raw(format!("  {line}"))));
    frame.render_widget(Paragraph::new(lines).scroll((scroll, 0)), inner);
}
