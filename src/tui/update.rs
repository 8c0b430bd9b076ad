//! `update`: the only place `App` changes. Synchronous and pure: it never awaits, never does I/O,
//! and returns the background work it wants as `Effect`s.

mod allowlist;
mod batch;
mod filter;
mod key_guard;
mod load;
mod marking;
mod msg;
mod navigate;
mod pickers;
mod popup;
mod preview_page;
mod refresh;
mod view_export;
mod warn;

use super::action::{Action, Mode};
use super::app::{App, Confirm, Popup, Screen};
use super::effect::Effect;
use super::event::Event;
use super::insight::Insight;
use super::keymap::Binding;
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

pub(crate) use refresh::refresh_view;
pub(crate) use view_export::exported_line;
pub(crate) use warn::grace_of;

/// The first effects of a session: load the org, showing the saved snapshot meanwhile, and read
/// the profile's filter history.
pub fn start(app: &mut App) -> Vec<Effect> {
    vec![load::request(app, true), Effect::LoadFilterHistory]
}

/// Applies one event to the state and returns what must happen in the background.
pub fn update(app: &mut App, event: Event) -> Vec<Effect> {
    match event {
        Event::Key(key) => on_key(app, &key),
        Event::Resize { width, height } => {
            app.area = ratatui::layout::Rect::new(0, 0, width, height);
            navigate::keep_cursor_visible(app);
            Vec::new()
        }
        Event::Tick(now) => {
            app.now = now;
            Vec::new()
        }
        Event::Msg(msg) => msg::on_msg(app, msg),
    }
}

fn on_key(app: &mut App, key: &KeyEvent) -> Vec<Effect> {
    if key.kind == KeyEventKind::Release {
        return Vec::new();
    }
    let mode = app.key_mode();
    let action = match app.settings.keymap.resolve(mode, key) {
        Some(Binding::Bound { mode, action }) => Some((mode, action)),
        Some(Binding::Dropped { action }) => {
            refuse_read_only(app, mode, action);
            return Vec::new();
        }
        None => None,
    };
    if let Some(popup) = app.popup.take() {
        return popup::on_key(app, popup, key, action.map(|(_, action)| action));
    }
    match action {
        Some((Mode::Browse, action)) => apply(app, action),
        Some((mode, action)) => on_page_action(app, mode, action),
        None => {
            if key.modifiers.contains(KeyModifiers::CONTROL) || matches!(key.code, KeyCode::Char(_)) {
                let help = app.settings.keymap.hint(Action::ShowHelp).unwrap_or_default();
                app.say(
                    super::app::Level::Info,
                    format!("that key does nothing here; {help} lists every key"),
                );
            }
            Vec::new()
        }
    }
}

/// An action of a page's own table (preview, results, history, help).
fn on_page_action(app: &mut App, mode: Mode, action: Action) -> Vec<Effect> {
    if mode.is_dangerous(action) && app.settings.read_only {
        refuse_read_only(app, mode, action);
        return Vec::new();
    }
    if let Screen::Help { scroll, of } = app.screen {
        let scroll = match action {
            Action::MoveDown => scroll.saturating_add(1),
            Action::MoveUp => scroll.saturating_sub(1),
            Action::PageDown => scroll.saturating_add(10),
            Action::PageUp => scroll.saturating_sub(10),
            _ => scroll,
        };
        app.screen = Screen::Help { scroll, of };
        return Vec::new();
    }
    if mode == Mode::Allowlist {
        return allowlist::on_action(app, action);
    }
    batch::on_page_action(app, mode, action)
}

/// A read-only session pressed a key of a dropped (dangerous) action: say so, do nothing.
fn refuse_read_only(app: &mut App, mode: Mode, action: Action) {
    if mode == Mode::Allowlist {
        app.say(super::app::Level::Warning, allowlist::READ_ONLY);
        return;
    }
    let what = match (mode, action) {
        (_, Action::Undo) => "undo is disabled",
        (Mode::Browse, _) => "marking and committing are disabled",
        _ => "committing is disabled",
    };
    app.say(super::app::Level::Warning, format!("read-only session: {what}"));
}

/// Carries out one action of the browse keymap (which the pages share).
pub fn apply(app: &mut App, action: Action) -> Vec<Effect> {
    if Mode::Browse.is_dangerous(action) && app.settings.read_only {
        refuse_read_only(app, Mode::Browse, action);
        return Vec::new();
    }
    match action {
        Action::MoveDown => navigate::move_by(app, 1),
        Action::MoveUp => navigate::move_by(app, -1),
        Action::PageDown => navigate::page(app, 1),
        Action::PageUp => navigate::page(app, -1),
        Action::GoTop => navigate::go_to(app, 0),
        Action::GoBottom => navigate::go_to(app, usize::MAX),
        Action::OpenFilter => {
            // The insight page stays open: filtering there reshapes its histogram live.
            filter::open(app);
        }
        Action::Back => back(app),
        Action::ChooseSort => popup::open_sort(app),
        Action::PickView => pickers::open_views(app),
        Action::PickGroup => pickers::open_groups(app),
        Action::ReverseSort => {
            app.sort.descending = !app.sort.descending;
            refresh::resort(app);
        }
        Action::ToggleMark => return marking::toggle(app),
        Action::RangeMark => return marking::range(app),
        Action::MarkAllReady => return marking::all_ready(app),
        Action::ClearMarks => {
            if app.marks.len() > 1 {
                app.popup = Some(Popup::Confirm(Confirm::ClearMarks));
            } else {
                return marking::clear(app);
            }
        }
        Action::Exclude => marking::open_exclude(app),
        Action::Warn => return warn::warn(app),
        Action::Preview => batch::preview(app),
        Action::ShowHistory => {
            toggle_screen(app, Screen::History);
            if app.screen == Screen::History {
                return vec![Effect::LoadHistory];
            }
        }
        Action::ShowDetails => toggle_screen(app, Screen::Details),
        Action::ShowInsight => {
            toggle_screen(app, Screen::Insight);
            refresh_insight(app);
        }
        Action::ShowAllowlist => return allowlist::open(app),
        Action::ExportView => return view_export::request(app),
        Action::Reload => return vec![load::request(app, false)],
        Action::Confirm
        | Action::SwitchAction
        | Action::Export
        | Action::Undo
        | Action::SwitchScope
        | Action::Withdraw
        | Action::IncludeNotReady
        | Action::IncludeWarned
        | Action::WriteHandoff
        | Action::IncludeCollateral
        | Action::Complete
        | Action::OlderFilter
        | Action::NewerFilter
        | Action::RemoveEntry
        | Action::EditReason => {
            let mode = app.key_mode();
            return on_page_action(app, mode, action);
        }
        Action::ShowHelp => {
            let of = app.key_mode();
            toggle_screen(app, Screen::Help { scroll: 0, of });
        }
        Action::Quit => {
            if app.batch.running.is_some() {
                app.popup = Some(Popup::Confirm(Confirm::StopBatch { then_quit: true }));
            } else if app.quitting_loses_marks() {
                app.popup = Some(Popup::Confirm(Confirm::Quit));
            } else {
                app.quit = true;
            }
        }
    }
    Vec::new()
}

fn toggle_screen(app: &mut App, screen: Screen) {
    let same = std::mem::discriminant(&app.screen) == std::mem::discriminant(&screen);
    app.screen = if same { Screen::Browse } else { screen };
}

/// Esc: close the page in front; on the table, while a batch runs, offer to stop it and do
/// nothing else (the status line says Esc stops it); else cancel a range, else clear the
/// filter, else clear the message.
fn back(app: &mut App) {
    let running = app
        .batch
        .running
        .as_ref()
        .is_some_and(|running| !running.cancelling);
    if app.screen != Screen::Browse {
        if app.screen == Screen::Preview {
            app.batch.pending = None;
        }
        app.screen = Screen::Browse;
    } else if running {
        app.popup = Some(Popup::Confirm(Confirm::StopBatch { then_quit: false }));
    } else if app.range_anchor.take().is_some() {
        app.say(super::app::Level::Info, "range cancelled");
    } else if !app.filter.text.is_empty() {
        app.filter = super::app::Filter::default();
        refresh_view(app);
    } else {
        app.status = None;
    }
}

/// Recomputes the insight page when it is open (it reads the whole filtered view).
pub(crate) fn refresh_insight(app: &mut App) {
    app.insight = match (&app.data, app.screen) {
        (Some(data), Screen::Insight) => Some(Insight::of(&data.index, &data.view, &data.products)),
        _ => None,
    };
}
