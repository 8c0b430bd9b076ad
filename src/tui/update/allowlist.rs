//! The allowlist page (`A`): moving over the entries, removing an exclusion (after a question)
//! and editing its reason, and taking in what the allowlist worker read or changed. Entries of
//! the config file are never changed here: the admin is told the file and line to edit. A user
//! is released (back to their lane) only once the removal is on disk.

use super::refresh::refresh_view;
use crate::directory::Exclusion;
use crate::store::allowlist_file::{AllowlistListing, ListedEntry, ListedSource};
use crate::tui::action::{Action, Mode};
use crate::tui::allowlist_screen::AllowlistScreen;
use crate::tui::app::{App, Confirm, Level, LineInput, Popup, Screen};
use crate::tui::effect::Effect;
use crate::tui::event::AllowlistEdit;
use crate::tui::failure::Failure;
use crossterm::event::KeyEvent;

fn rows(app: &App) -> usize {
    AllowlistScreen::rows_shown(app.area, app.filter_bar_shown())
}

/// `A`: opens the page (or closes it) and reads the entries afresh from disk.
pub(super) fn open(app: &mut App) -> Vec<Effect> {
    if app.screen == Screen::Allowlist {
        app.screen = Screen::Browse;
        return Vec::new();
    }
    app.screen = Screen::Allowlist;
    vec![Effect::ReadAllowlist]
}

/// An action of the page's own keys.
pub(super) fn on_action(app: &mut App, action: Action) -> Vec<Effect> {
    let rows = rows(app);
    let page = &mut app.allowlist;
    match action {
        Action::MoveDown => page.go_to(page.cursor.saturating_add(1), rows),
        Action::MoveUp => page.go_to(page.cursor.saturating_sub(1), rows),
        Action::PageDown => page.go_to(page.cursor.saturating_add(rows), rows),
        Action::PageUp => page.go_to(page.cursor.saturating_sub(rows), rows),
        Action::GoTop => page.go_to(0, rows),
        Action::GoBottom => page.go_to(usize::MAX, rows),
        Action::RemoveEntry | Action::EditReason => {
            if let Some(shown) = editable(app, action) {
                app.popup = Some(if action == Action::RemoveEntry {
                    Popup::Confirm(Confirm::RemoveExclusion { shown })
                } else {
                    Popup::Reason {
                        input: LineInput {
                            text: shown.reason.clone(),
                        },
                        shown,
                    }
                });
            }
        }
        _ => {}
    }
    Vec::new()
}

/// The selected exclusion when `action` may change it; otherwise says why not (nothing there,
/// a change still being written, or an entry of the config file, whose file and line it names).
fn editable(app: &mut App, action: Action) -> Option<Exclusion> {
    let verb = if action == Action::RemoveEntry {
        "remove it"
    } else {
        "change its reason"
    };
    let why = match app.allowlist.selected() {
        None => "nothing to change: the list is empty".to_owned(),
        Some(_) if app.allowlist.busy => "the last change is still being written; try again".to_owned(),
        Some(ListedEntry {
            shown: Some(shown), ..
        }) => return Some(shown.clone()),
        Some(entry) => config_advice(app.allowlist.listing.as_ref(), entry, verb),
    };
    app.say(Level::Warning, why);
    None
}

/// "ceo@acme.example is in the config file: to remove it, edit /home/ada/.config/dormant/config.toml
/// line 12 ([allowlist] accounts)".
fn config_advice(listing: Option<&AllowlistListing>, entry: &ListedEntry, verb: &str) -> String {
    let file = listing.map_or_else(String::new, |listing| listing.config.display().to_string());
    match &entry.source {
        ListedSource::Config { table, line } => format!(
            "{} is in the config file, read-only here: to {verb}, edit {file} line {line} ({table})",
            entry.value
        ),
        ListedSource::ProfileFile => format!("{} cannot be changed here", entry.value),
    }
}

/// `y` on the removal question: asks the worker to remove `shown`, if it is still as shown.
pub(crate) fn remove(app: &mut App, shown: Exclusion) -> Vec<Effect> {
    // The keymap already drops the key when read-only; this guards the question itself.
    if app.settings.read_only && Mode::Allowlist.is_dangerous(Action::RemoveEntry) {
        app.say(Level::Warning, READ_ONLY);
        return Vec::new();
    }
    app.allowlist.busy = true;
    app.say(Level::Info, "removing the exclusion…");
    vec![Effect::RemoveExclusion { shown }]
}

/// Why a read-only session cannot remove an exclusion.
pub(crate) const READ_ONLY: &str = "read-only session: removing an exclusion is disabled (it releases the user toward cleanup); its reason can still be edited";

/// A key in the reason prompt: Enter saves a non-empty reason, Esc cancels, the rest types.
pub(super) fn on_reason_key(
    app: &mut App,
    key: &KeyEvent,
    action: Option<Action>,
    mut input: LineInput,
    shown: Exclusion,
) -> Vec<Effect> {
    match action {
        Some(Action::Confirm) if input.text.trim().is_empty() => {
            let back = app.settings.keymap.hint_in(Mode::Reason, Action::Back);
            app.say(
                Level::Warning,
                format!(
                    "an exclusion needs a reason (it is shown on the user's row): type one, or {} to keep the old",
                    back.unwrap_or_default()
                ),
            );
        }
        Some(Action::Confirm) => return save_reason(app, shown, &input.text),
        Some(Action::Back) => return Vec::new(),
        _ => {
            super::popup::edit(&mut input, key);
        }
    }
    app.popup = Some(Popup::Reason { input, shown });
    Vec::new()
}

/// Enter in the reason prompt: asks the worker to save `reason` for `shown`.
fn save_reason(app: &mut App, shown: Exclusion, reason: &str) -> Vec<Effect> {
    let reason = reason.trim();
    if reason == shown.reason {
        app.say(Level::Info, "the reason is unchanged");
        return Vec::new();
    }
    app.allowlist.busy = true;
    vec![Effect::EditExclusionReason {
        shown,
        reason: reason.to_owned(),
    }]
}

/// The entries as read from disk (or why not).
pub(super) fn read(app: &mut App, listing: Result<Box<AllowlistListing>, Failure>) {
    let rows = rows(app);
    match listing {
        Ok(listing) => app.allowlist.adopt(*listing, rows),
        Err(error) => {
            app.say(Level::Error, error.text.clone());
            app.allowlist.error = Some(error.text);
        }
    }
}

/// A removal or reason edit ended. On success the session's exclusions follow the file (a
/// removed user is classified again, back into their lane); on failure nothing changes but the
/// list, which shows the file as it is now.
pub(super) fn changed(
    app: &mut App,
    result: Result<AllowlistEdit, Failure>,
    listing: Option<Box<AllowlistListing>>,
) {
    app.allowlist.busy = false;
    let rows = rows(app);
    let reread = listing.is_some();
    if let Some(listing) = listing {
        app.allowlist.adopt(*listing, rows);
    }
    let edit = match result {
        Ok(edit) => edit,
        Err(error) => {
            app.say(Level::Error, error.text);
            return;
        }
    };
    if !reread {
        follow_on_page(&mut app.allowlist, &edit, rows);
    }
    let account = edit.before.account_id.clone();
    let who = edit.before.name.clone().unwrap_or_else(|| account.to_string());
    match &edit.after {
        None => {
            app.exclusions.include(&account);
        }
        Some(after) => {
            app.exclusions.exclude(after.clone());
        }
    }
    app.exclusions_revision += 1;
    let mut lane = None;
    if let Some(data) = &mut app.data {
        data.index.reclassify(&app.exclusions);
        lane = data.index.row_of(&account).map(|row| data.index.lane(row));
    }
    refresh_view(app);
    let mut text = match (&edit.after, lane) {
        (None, Some(lane)) => format!("removed the exclusion of {who}: back in lane {lane}"),
        (None, None) => format!("removed the exclusion of {who} (not in the loaded org)"),
        (Some(after), _) => format!("new reason for {who}: {}", after.reason),
    };
    let level = match edit.unlogged {
        Some(unlogged) => {
            text = format!("{text}; {unlogged}");
            Level::Warning
        }
        None => Level::Info,
    };
    app.say(level, text);
}

/// The page's own copy of a change the file has, when the file could not be read again after it.
fn follow_on_page(page: &mut AllowlistScreen, edit: &AllowlistEdit, rows: usize) {
    let Some(listing) = &mut page.listing else {
        return;
    };
    let is_it = |entry: &ListedEntry| {
        entry
            .shown
            .as_ref()
            .is_some_and(|shown| shown.account_id == edit.before.account_id)
    };
    match &edit.after {
        None => listing.entries.retain(|entry| !is_it(entry)),
        Some(after) => {
            for entry in listing.entries.iter_mut().filter(|entry| is_it(entry)) {
                entry.reason.clone_from(&after.reason);
                entry.shown = Some(after.clone());
            }
        }
    }
    page.go_to(page.cursor, rows);
}
