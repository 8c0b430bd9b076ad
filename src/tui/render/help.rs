//! The help page, generated from the keymap (so rebound keys show as bound): the keys of the
//! screen it was opened from first, then the browse keys every page shares, then every other
//! screen's and popup's, then the filter grammar. Must not hold a key spelling of its own.

use crate::directory::QUERY_GRAMMAR;
use crate::tui::app::App;
use crate::tui::{Action, Keymap, Mode, Section, Theme};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// The filter bar's fixed editing keys (typing must always type, so they are not in the keymap).
const FILTER_EDITING: [&str; 3] = [
    "type at the caret · left/right, home/end, ctrl-a/ctrl-e move · alt-b/alt-f a word",
    "backspace/delete a character · ctrl-w the word before · ctrl-u all before the caret",
    "ctrl-k all after it · ctrl-y puts back what ctrl-w, ctrl-u or ctrl-k cut",
];

pub(super) fn draw(app: &App, frame: &mut Frame, area: Rect, scroll: u16, of: Mode) {
    let theme = app.settings.theme;
    let keymap = &app.settings.keymap;
    let key = |action| keymap.all_keys_in(Mode::Help, action).unwrap_or_default();
    let inner = super::framed(
        frame,
        area,
        format!(
            " help · {}/{} scroll · {} back ",
            key(Action::MoveDown),
            key(Action::MoveUp),
            super::back_key(app)
        ),
    );
    let mut lines = Vec::new();
    if of != Mode::Browse {
        mode_lines(&mut lines, keymap, of, theme);
        lines.push(Line::raw(""));
        lines.push(Line::styled(
            "The browse keys this page does not use work here too:",
            theme.dim(),
        ));
        lines.push(Line::raw(""));
    }
    browse_lines(&mut lines, keymap, theme);
    if app.settings.read_only {
        lines.push(Line::styled(
            "Read-only session: marking, committing and undo keys are disabled.",
            theme.warning(),
        ));
    }
    let stop = format!(
        "  while a batch runs: {} (or {}) asks to stop it after the account in flight",
        super::back_key(app),
        keymap.hint(Action::Quit).unwrap_or_default()
    );
    lines.push(Line::raw(stop));
    for mode in Mode::ALL
        .into_iter()
        .filter(|&mode| mode != of && mode != Mode::Browse)
    {
        lines.push(Line::raw(""));
        mode_lines(&mut lines, keymap, mode, theme);
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled("Filter language", theme.title()));
    lines.extend(QUERY_GRAMMAR.lines().map(|line| Line::raw(format!("  {line}"))));
    frame.render_widget(Paragraph::new(lines).scroll((scroll, 0)), inner);
}

/// The browse keys by section.
fn browse_lines(lines: &mut Vec<Line<'static>>, keymap: &Keymap, theme: Theme) {
    let mut section: Option<Section> = None;
    for (action, keys) in keymap.bindings(Mode::Browse) {
        if section != Some(action.section()) {
            if section.is_some() {
                lines.push(Line::raw(""));
            }
            section = Some(action.section());
            lines.push(Line::styled(action.section().title(), theme.title()));
        }
        lines.push(key_line(Mode::Browse, action, keys, theme));
    }
}

/// One page's or popup's keys under its title.
fn mode_lines(lines: &mut Vec<Line<'static>>, keymap: &Keymap, mode: Mode, theme: Theme) {
    lines.push(Line::styled(mode.title(), theme.title()));
    for (action, keys) in keymap.bindings(mode) {
        lines.push(key_line(mode, action, keys, theme));
    }
    if mode == Mode::Filter {
        for line in FILTER_EDITING {
            lines.push(Line::raw(format!("  {:<18}{line}", "")));
        }
    } else if mode.types_text() {
        lines.push(Line::raw(format!(
            "  {:<18}type to edit · backspace · ctrl-u clear · ctrl-w word",
            ""
        )));
    }
}

fn key_line(
    mode: Mode,
    action: Action,
    keys: &[crate::tui::keymap::KeyChord],
    theme: Theme,
) -> Line<'static> {
    let keys: Vec<String> = keys.iter().map(ToString::to_string).collect();
    Line::from(vec![
        Span::styled(format!("  {:<18}", keys.join(" ")), theme.key()),
        Span::raw(mode.describe(action)),
    ])
}
