//! Keys while a popup is open: the sort chooser, the exclude and count prompts and yes/no
//! questions (the filter bar's are in `filter`). Their actions come from the popup's keymap table; text editing
//! keys are fixed (typing must always type, and the keymap refuses to take a typing key).

use super::allowlist;
use super::batch;
use super::marking;
use super::refresh::resort;
use super::warn;
use crate::directory::{SortColumn, SortKey};
use crate::tui::action::{Action, Mode};
use crate::tui::app::{App, Confirm, LineInput, Popup};
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

/// Edits a one-line input with a key no action of the prompt took: characters type, Backspace
/// deletes, ctrl-u clears, ctrl-w deletes a word. Returns whether the text changed.
pub(super) fn edit(input: &mut LineInput, key: &KeyEvent) -> bool {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    match key.code {
        KeyCode::Backspace => input.text.pop().is_some(),
        KeyCode::Char('u') if ctrl => !std::mem::take(&mut input.text).is_empty(),
        KeyCode::Char('w') if ctrl => {
            let kept = input.text.trim_end().rfind(' ').map_or(0, |space| space + 1);
            let changed = kept < input.text.len();
            input.text.truncate(kept);
            changed
        }
        KeyCode::Char(c) if !ctrl && !c.is_control() => {
            input.text.push(c);
            true
        }
        _ => false,
    }
}

/// A key while `popup` (taken out of the app) is open; `action` is what the popup's own keymap
/// table made of it. The popup goes back unless the key closed it.
pub(super) fn on_key(app: &mut App, popup: Popup, key: &KeyEvent, action: Option<Action>) -> Vec<Effect> {
    match popup {
        Popup::Filter(editor) => return super::filter::on_key(app, editor, key, action),
        Popup::Sort { selected } => on_sort_action(app, selected, action),
        picker @ (Popup::Views { .. } | Popup::Groups(_)) => {
            return super::pickers::on_key(app, picker, key, action);
        }
        Popup::TypeCount { mut input, expected } => match action {
            Some(Action::Confirm) if input.text.trim() == expected.to_string() => return batch::commit(app),
            Some(Action::Confirm) => {
                let back = app.settings.keymap.hint_in(Mode::TypeCount, Action::Back);
                app.say(
                    crate::tui::app::Level::Warning,
                    format!(
                        "type {expected} (the number of users) to confirm, or {} to go back",
                        back.unwrap_or_default()
                    ),
                );
                input.text.clear();
                app.popup = Some(Popup::TypeCount { input, expected });
            }
            Some(Action::Back) => {}
            _ => {
                edit(&mut input, key);
                app.popup = Some(Popup::TypeCount { input, expected });
            }
        },
        Popup::Exclude {
            mut reason,
            selection,
        } => match action {
            Some(Action::Confirm) if reason.text.trim().is_empty() => {
                let back = app.settings.keymap.hint_in(Mode::Exclude, Action::Back);
                app.say(
                    crate::tui::app::Level::Warning,
                    format!(
                        "type why these users are excluded (shown on their rows), or {}",
                        back.unwrap_or_default()
                    ),
                );
                app.popup = Some(Popup::Exclude { reason, selection });
            }
            Some(Action::Confirm) => {
                return marking::exclude(app, &selection.accounts, reason.text.trim());
            }
            Some(Action::Back) => {}
            Some(Action::SwitchScope) => {
                let selection = marking::switch_scope(app, selection);
                app.popup = Some(Popup::Exclude { reason, selection });
            }
            _ => {
                edit(&mut reason, key);
                app.popup = Some(Popup::Exclude { reason, selection });
            }
        },
        Popup::Warn { mut days, selection } => match action {
            Some(Action::Confirm) => return warn::confirm(app, selection, days),
            Some(Action::Back) => app.say(crate::tui::app::Level::Info, "nobody was warned"),
            Some(Action::SwitchScope) => {
                let selection = marking::switch_scope(app, selection);
                app.popup = Some(Popup::Warn { days, selection });
            }
            _ => {
                edit(&mut days, key);
                app.popup = Some(Popup::Warn { days, selection });
            }
        },
        Popup::Reason { input, shown } => return allowlist::on_reason_key(app, key, action, input, shown),
        Popup::Confirm(confirm) => return on_confirm(app, confirm, action),
    }
    Vec::new()
}

/// A key on a yes/no question: yes does what it asked, no closes it, anything else keeps it.
fn on_confirm(app: &mut App, confirm: Confirm, action: Option<Action>) -> Vec<Effect> {
    match action {
        Some(Action::Confirm) => match confirm {
            Confirm::Quit => app.quit = true,
            Confirm::ClearMarks => return marking::clear(app),
            Confirm::Commit => return batch::commit(app),
            Confirm::Resume => return batch::resume(app),
            Confirm::StopBatch { then_quit } => {
                app.batch.quit_when_stopped |= then_quit;
                return batch::stop(app);
            }
            Confirm::Withdraw { run, .. } => return warn::withdraw(app, run),
            Confirm::RemoveExclusion { shown } => return allowlist::remove(app, shown),
        },
        Some(Action::Back) => {}
        _ => app.popup = Some(Popup::Confirm(confirm)),
    }
    Vec::new()
}

fn on_sort_action(app: &mut App, selected: usize, action: Option<Action>) {
    let choices = app.sort_choices();
    let last = choices.len().saturating_sub(1);
    let selected = match action {
        Some(Action::MoveDown) => (selected + 1).min(last),
        Some(Action::MoveUp) => selected.saturating_sub(1),
        Some(Action::Confirm) => {
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
            return;
        }
        Some(Action::Back) => return,
        _ => selected,
    };
    app.popup = Some(Popup::Sort { selected });
}
