//! Keys of the open filter bar: editing at the caret (live filtering), Tab completion from the
//! loaded org, ↑/↓ through the profile's filter history, Enter and Esc; and the history file's
//! arrival. Must not do I/O: saving the history is an effect.

use super::navigate;
use super::refresh::refresh_view;
use crate::tui::action::Action;
use crate::tui::app::{App, Filter, Level, Popup};
use crate::tui::effect::Effect;
use crate::tui::failure::Failure;
use crate::tui::filter_editor::complete::Vocabulary;
use crate::tui::filter_editor::{Completed, Edit, FilterEditor};
use crossterm::event::KeyEvent;

/// `/`: the bar opens on the filter applied (or as typed, when it has an error), caret at the end.
pub(super) fn open(app: &mut App) {
    app.popup = Some(Popup::Filter(FilterEditor::new(&app.filter.text)));
    navigate::keep_cursor_visible(app);
}

/// A key while the bar is open; `action` is what the filter table of the keymap made of it.
pub(super) fn on_key(
    app: &mut App,
    mut editor: FilterEditor,
    key: &KeyEvent,
    action: Option<Action>,
) -> Vec<Effect> {
    if action != Some(Action::Complete) {
        editor.end_cycle();
    }
    match action {
        // The bar stays open while the text is wrong, so the error stays in view.
        Some(Action::Confirm) if app.filter.error.is_some() => {}
        Some(Action::Confirm) => return record(app),
        Some(Action::Back) => {
            apply_filter(app, "");
            return Vec::new();
        }
        Some(Action::Complete) => complete(app, &mut editor),
        Some(Action::OlderFilter) => {
            if editor.older(&app.filter_history.entries) {
                apply_filter(app, editor.text());
            } else if app.filter_history.entries.is_empty() {
                app.say(
                    Level::Info,
                    "no filter history yet: filters you apply with Enter are kept here",
                );
            }
        }
        Some(Action::NewerFilter) => {
            if editor.newer(&app.filter_history.entries) {
                apply_filter(app, editor.text());
            }
        }
        Some(Action::MoveDown) => navigate::move_by(app, 1),
        Some(Action::MoveUp) => navigate::move_by(app, -1),
        _ => {
            if editor.edit(key) == Edit::Changed {
                apply_filter(app, editor.text());
            }
        }
    }
    app.popup = Some(Popup::Filter(editor));
    Vec::new()
}

/// Enter on a valid filter: the bar closes and the filter joins the history.
fn record(app: &mut App) -> Vec<Effect> {
    let text = app.filter.text.clone();
    app.filter_history
        .record(&text)
        .map(|filters| vec![Effect::SaveFilterHistory { filters }])
        .unwrap_or_default()
}

fn complete(app: &mut App, editor: &mut FilterEditor) {
    let vocabulary = app
        .data
        .as_ref()
        .map_or_else(Vocabulary::without_org, |data| Vocabulary::of(&data.index));
    match editor.complete(&vocabulary) {
        Completed::Nothing => app.say(
            Level::Info,
            "nothing to complete at the caret (numbers and dates are typed)",
        ),
        Completed::One | Completed::Cycling { .. } => {
            app.status = None;
            apply_filter(app, editor.text());
        }
    }
}

/// The history file was read (or could not be).
pub(super) fn history_loaded(app: &mut App, loaded: Result<Vec<String>, Failure>) -> Vec<Effect> {
    match loaded {
        Ok(stored) => app
            .filter_history
            .loaded(stored)
            .map(|filters| vec![Effect::SaveFilterHistory { filters }])
            .unwrap_or_default(),
        Err(error) => {
            app.filter_history.unreadable();
            app.say(Level::Warning, format!("filter history: {error}"));
            Vec::new()
        }
    }
}

/// Live filtering: every keystroke re-filters when the text parses and every group, domain and
/// product it names exists in the org; otherwise the last good filter stays applied and the
/// error (with the closest names) shows inline.
pub(super) fn apply_filter(app: &mut App, text: &str) {
    let parsed = match &app.data {
        Some(data) => data.index.parse_query(text),
        None => crate::directory::Query::parse(text, &[]),
    };
    text.clone_into(&mut app.filter.text);
    match parsed {
        Ok(query) => {
            app.filter = Filter {
                text: text.to_owned(),
                applied: query,
                error: None,
            };
            refresh_view(app);
        }
        Err(error) => app.filter.error = Some(error),
    }
}
