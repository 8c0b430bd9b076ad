//! The view and group pickers: opening them, their keys, and what Enter applies (a view's filter
//! and sort exactly as `--view` gives them; a group's term, added to a valid filter). Must not
//! draw; parsing and evaluation stay in `directory`.

use super::refresh::refresh_view;
use crate::directory::Query;
use crate::directory::query::Node;
use crate::tui::action::Action;
use crate::tui::app::{ActiveView, App, Filter, Level, Popup};
use crate::tui::effect::Effect;
use crate::tui::group_picker::GroupPicker;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Opens the view picker on the view in force (else the first).
pub(super) fn open_views(app: &mut App) {
    let selected = app
        .view_in_force()
        .and_then(|name| app.settings.views.keys().position(|known| known == name))
        .unwrap_or(0);
    app.popup = Some(Popup::Views { selected });
}

/// Opens the group picker over the loaded org.
pub(super) fn open_groups(app: &mut App) {
    let Some(data) = &app.data else {
        app.say(Level::Info, "no org loaded yet: its groups show once it is");
        return;
    };
    let picker = GroupPicker::of(&data.index);
    if picker.rows.is_empty() {
        app.say(Level::Info, "this org has no groups");
        return;
    }
    app.popup = Some(Popup::Groups(Box::new(picker)));
}

/// A key while a picker is open; `popup` was taken out of the app and goes back unless closed.
pub(super) fn on_key(app: &mut App, popup: Popup, key: &KeyEvent, action: Option<Action>) -> Vec<Effect> {
    match popup {
        Popup::Views { selected } => on_views(app, selected, action),
        Popup::Groups(picker) => on_groups(app, picker, key, action),
        other => app.popup = Some(other),
    }
    Vec::new()
}

fn on_views(app: &mut App, selected: usize, action: Option<Action>) {
    let last = app.settings.views.len().saturating_sub(1);
    let selected = match action {
        Some(Action::MoveDown) => (selected + 1).min(last),
        Some(Action::MoveUp) => selected.saturating_sub(1),
        Some(Action::Confirm) => {
            if let Some(name) = app.settings.views.keys().nth(selected).cloned() {
                apply_view(app, &name);
            }
            return;
        }
        Some(Action::Back) => return,
        _ => selected,
    };
    app.popup = Some(Popup::Views { selected });
}

/// Applies view `name`: its filter, parsed against the org as `--view` parses it, and its sort
/// (a view without one leaves the table's). A name the org lacks is an error that changes nothing.
pub(crate) fn apply_view(app: &mut App, name: &str) {
    let Some(view) = app.settings.views.get(name).cloned() else {
        return;
    };
    let Some(data) = &app.data else {
        app.say(Level::Info, "no org loaded yet: pick the view once it is");
        return;
    };
    let query = match data.index.parse_query(&view.filter) {
        Ok(query) => query,
        Err(error) => {
            app.say(
                Level::Error,
                format!("view {name} does not fit this org, nothing changed: filter {error}"),
            );
            return;
        }
    };
    let sort = match view.sort.as_deref().map(|text| data.index.parse_sort(text)) {
        None => None,
        Some(Ok(sort)) => Some(sort),
        Some(Err(error)) => {
            app.say(Level::Error, format!("view {name}, nothing changed: {error}"));
            return;
        }
    };
    app.filter = Filter {
        text: view.filter.clone(),
        applied: query,
        error: None,
    };
    if let Some(sort) = &sort {
        app.sort = sort.clone();
    }
    refresh_view(app);
    app.cursor = 0;
    app.offset = 0;
    let shown = app.data.as_ref().map_or(0, |data| data.view.len());
    let order = if sort.is_some() {
        format!("sort {}", app.sort)
    } else {
        format!(
            "it names no sort, so the table keeps sort {} (dormant report lists it in triage order)",
            app.sort
        )
    };
    app.say(Level::Info, format!("view {name}: {shown} user(s); {order}"));
    app.active_view = Some(ActiveView {
        name: name.to_owned(),
        filter: view.filter,
        sort,
    });
}

fn on_groups(app: &mut App, mut picker: Box<GroupPicker>, key: &KeyEvent, action: Option<Action>) {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    if picker.narrowing {
        let edited = match key.code {
            KeyCode::Char(c) if !ctrl && !c.is_control() => {
                picker.narrow.text.push(c);
                true
            }
            KeyCode::Backspace => picker.narrow.text.pop().is_some(),
            _ => false,
        };
        if edited {
            picker.refresh();
            app.popup = Some(Popup::Groups(picker));
            return;
        }
        if action == Some(Action::Back) {
            picker.narrowing = false;
            picker.narrow.text.clear();
            picker.refresh();
            app.popup = Some(Popup::Groups(picker));
            return;
        }
    }
    let page = isize::try_from(crate::tui::layout::group_list_rows(app.area)).unwrap_or(1);
    match action {
        Some(Action::MoveDown) => picker.move_by(1),
        Some(Action::MoveUp) => picker.move_by(-1),
        Some(Action::PageDown) => picker.move_by(page),
        Some(Action::PageUp) => picker.move_by(-page),
        Some(Action::GoTop) => picker.selected = 0,
        Some(Action::GoBottom) => picker.move_by(isize::MAX),
        Some(Action::ChooseSort) => {
            picker.order = picker.order.next();
            picker.refresh();
        }
        Some(Action::OpenFilter) => picker.narrowing = true,
        Some(Action::Confirm) => return filter_by_group(app, &picker, false),
        Some(Action::Exclude) => return filter_by_group(app, &picker, true),
        Some(Action::Back) => return,
        _ => {}
    }
    app.popup = Some(Popup::Groups(picker));
}

/// Filters by the group under the cursor (`negated`: filters its members out). A valid filter
/// already applied is kept and the term added to it (AND); a filter with an error is replaced,
/// since what it meant is unknown.
fn filter_by_group(app: &mut App, picker: &GroupPicker, negated: bool) {
    let Some(group) = picker.current() else {
        // Nothing matches the narrowing: stay open so it can be changed.
        app.popup = Some(Popup::Groups(Box::new(picker.clone())));
        return;
    };
    let Some(term) = group.term(negated) else {
        app.say(
            Level::Warning,
            "this group's name and id both hold a quote, which a filter cannot name; nothing changed",
        );
        return;
    };
    let current = app.filter.text.trim();
    let text = if current.is_empty() || app.filter.error.is_some() {
        term
    } else if matches!(app.filter.applied.root, Some(Node::Any(_))) {
        format!("({current}) {term}")
    } else {
        format!("{current} {term}")
    };
    let parsed = match &app.data {
        Some(data) => data.index.parse_query(&text),
        None => Query::parse(&text, &[]),
    };
    match parsed {
        Ok(query) => {
            app.filter = Filter {
                text,
                applied: query,
                error: None,
            };
            refresh_view(app);
            let back = app.settings.keymap.hint(Action::Back).unwrap_or_default();
            app.say(
                Level::Info,
                format!("filter: {} ({back} clears it)", app.filter.text),
            );
        }
        Err(error) => app.say(Level::Error, format!("the group filter did not apply: {error}")),
    }
}
