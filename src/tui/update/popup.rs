//! Keys while a popup is open: the live filter bar, the sort chooser, the exclude prompt and
//! yes/no confirmations. Text keys are fixed (typing must always type); the rest follow the keymap.

use super::batch;
use super::marking;
use super::navigate;
use super::refresh::{refresh_view, resort};
use crate::directory::{SortColumn, SortKey};
use crate::tui::app::{App, Confirm, Filter, LineInput, Popup};
use crate::tui::effect::Effect;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

pub(super) fn open_sort(app: &mut App) {
    let selected = app
        .sort_choices()
        .iter()
        .position(|column| *column == app.sort.column)
        .unwrap_or(0);
    app.popup = Some(Popup::Sort { selected });
}

/// What editing a one-line input did.
enum Edit {
    Changed,
    Unchanged,
    Submit,
    Cancel,
}

fn edit(input: &mut LineInput, key: &KeyEvent) -> Edit {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    match key.code {
        KeyCode::Enter => Edit::Submit,
        KeyCode::Esc => Edit::Cancel,
        KeyCode::Backspace => Edit::from(input.text.pop().is_some()),
        KeyCode::Char('u') if ctrl => Edit::from(!std::mem::take(&mut input.text).is_empty()),
        KeyCode::Char('w') if ctrl => {
            let kept = input.text.trim_end().rfind(' ').map_or(0, |space| space + 1);
            let changed = kept < input.text.len();
            input.text.truncate(kept);
            Edit::from(changed)
        }
        KeyCode::Char(c) if !ctrl && !c.is_control() => {
            input.text.push(c);
            Edit::Changed
        }
        _ => Edit::Unchanged,
    }
}

impl From<bool> for Edit {
    fn from(changed: bool) -> Self {
        if changed { Edit::Changed } else { Edit::Unchanged }
    }
}

pub(super) fn on_key(app: &mut App, key: &KeyEvent) -> Vec<Effect> {
    let Some(popup) = app.popup.take() else {
        return Vec::new();
    };
    match popup {
        Popup::Filter(mut input) => {
            match key.code {
                KeyCode::Down => navigate::move_by(app, 1),
                KeyCode::Up => navigate::move_by(app, -1),
                _ => match edit(&mut input, key) {
                    Edit::Changed => apply_filter(app, &input.text),
                    Edit::Unchanged => {}
                    Edit::Submit => return Vec::new(),
                    Edit::Cancel => {
                        apply_filter(app, "");
                        return Vec::new();
                    }
                },
            }
            app.popup = Some(Popup::Filter(input));
        }
        Popup::Sort { selected } => return on_sort_key(app, selected, key),
        Popup::TypeCount { mut input, expected } => match edit(&mut input, key) {
            Edit::Submit if input.text.trim() == expected.to_string() => return batch::commit(app),
            Edit::Submit => {
                app.say(
                    crate::tui::app::Level::Warning,
                    format!("type {expected} (the number of users) to confirm, or Esc to go back"),
                );
                input.text.clear();
                app.popup = Some(Popup::TypeCount { input, expected });
            }
            Edit::Cancel => {}
            Edit::Changed | Edit::Unchanged => app.popup = Some(Popup::TypeCount { input, expected }),
        },
        Popup::Exclude { mut reason, accounts } => match edit(&mut reason, key) {
            Edit::Submit if reason.text.trim().is_empty() => {
                app.say(
                    crate::tui::app::Level::Warning,
                    "type why these users are excluded (shown on their rows), or Esc",
                );
                app.popup = Some(Popup::Exclude { reason, accounts });
            }
            Edit::Submit => return marking::exclude(app, &accounts, reason.text.trim()),
            Edit::Cancel => {}
            Edit::Changed | Edit::Unchanged => app.popup = Some(Popup::Exclude { reason, accounts }),
        },
        Popup::Confirm(confirm) => match key.code {
            KeyCode::Char('y' | 'Y') => match confirm {
                Confirm::Quit => app.quit = true,
                Confirm::ClearMarks => return marking::clear(app),
                Confirm::Commit => return batch::commit(app),
                Confirm::Resume => return batch::resume(app),
                Confirm::StopBatch { then_quit } => {
                    app.batch.quit_when_stopped |= then_quit;
                    return batch::stop(app);
                }
            },
            KeyCode::Char('n' | 'N') | KeyCode::Esc => {}
            _ => app.popup = Some(Popup::Confirm(confirm)),
        },
    }
    Vec::new()
}

/// Live filtering: every keystroke re-filters when the text parses; otherwise the last good
/// filter stays applied and the error shows inline.
fn apply_filter(app: &mut App, text: &str) {
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

fn on_sort_key(app: &mut App, selected: usize, key: &KeyEvent) -> Vec<Effect> {
    let choices = app.sort_choices();
    let last = choices.len().saturating_sub(1);
    let moved = match key.code {
        KeyCode::Down | KeyCode::Char('j') => Some((selected + 1).min(last)),
        KeyCode::Up | KeyCode::Char('k') => Some(selected.saturating_sub(1)),
        KeyCode::Enter => {
            if let Some(column) = choices.get(selected).cloned() {
                app.sort = if column == app.sort.column {
                    SortKey {
                        column,
                        descending: !app.sort.descending,
                    }
                } else {
                    // Days idle reads best longest-first; everything else A→Z, oldest first.
                    let descending = column == SortColumn::DaysIdle;
                    SortKey { column, descending }
                };
                resort(app);
            }
            None
        }
        _ => None,
    };
    if let Some(selected) = moved {
        app.popup = Some(Popup::Sort { selected });
    } else if !matches!(key.code, KeyCode::Enter | KeyCode::Esc) {
        app.popup = Some(Popup::Sort { selected });
    }
    Vec::new()
}
