//! The preview page's own moves: building its list when the plan or a choice changes, scrolling
//! it, and including (or leaving out) the sections confirmed on their own. Must not confirm or
//! commit (that is `batch`).

use crate::batch::Section;
use crate::tui::action::{Action, Mode};
use crate::tui::app::{App, Level};
use crate::tui::batch_state::PlanSource;
use crate::tui::layout;
use crate::tui::preview_list::{self, Context};
use crate::tui::selection::Selection;

/// Builds the pending preview's lines again (after a new plan, a choice, or a key refusal).
pub(super) fn rebuild(app: &mut App) {
    let selection = match app.batch.pending.as_ref().map(|pending| &pending.source) {
        Some(PlanSource::Marks { scope }) => app.selection(Some(*scope)),
        _ => None,
    };
    if let Some(pending) = &mut app.batch.pending {
        pending.scope_summary = selection.as_ref().map(Selection::summary).unwrap_or_default();
        pending.scope_next = selection
            .as_ref()
            .filter(|selection| selection.can_switch())
            .map(|selection| selection.describe_scope(selection.next_scope()));
    }
    let Some(pending) = &app.batch.pending else {
        return;
    };
    let lines = preview_list::build(
        pending,
        &Context {
            index: app.data.as_ref().map(|data| &data.index),
            keymap: &app.settings.keymap,
            prices: &app.settings.policy.prices,
            now: app.now,
            key_refused: app.batch.key_refused.as_ref(),
        },
    );
    if let Some(pending) = &mut app.batch.pending {
        pending.lines = lines;
    }
    scroll_to(app, |scroll, _| scroll);
}

/// The list's width and rows on the current screen, as `render` lays the page out.
fn list_size(app: &App) -> (usize, usize) {
    let areas = layout::browse(app.area, app.filter_bar_shown());
    let body = areas
        .detail
        .map_or(areas.table, |detail| areas.table.union(detail));
    let (width, height) = (body.width.saturating_sub(2), body.height.saturating_sub(2));
    let footer = app.batch.pending.as_ref().map_or(1, |pending| {
        let back = app.settings.keymap.hint(Action::Back).unwrap_or_default();
        let hints = preview_list::hints(
            &app.settings.keymap,
            pending,
            &back,
            app.batch.key_refused.is_some(),
        );
        preview_list::footer(&hints, usize::from(width)).len()
    });
    preview_list::list_size(width, height, footer)
}

/// Moves the list to `to(scroll, page)`, kept between the top and the furthest it scrolls.
fn scroll_to(app: &mut App, to: impl Fn(usize, usize) -> usize) {
    let (width, rows) = list_size(app);
    if let Some(pending) = &mut app.batch.pending {
        let last = preview_list::max_scroll(&pending.lines, width, rows);
        pending.scroll = to(pending.scroll, rows).min(last);
    }
}

/// A preview key that moves the list.
pub(super) fn scroll(app: &mut App, action: Action) {
    match action {
        Action::MoveDown => scroll_to(app, |scroll, _| scroll.saturating_add(1)),
        Action::MoveUp => scroll_to(app, |scroll, _| scroll.saturating_sub(1)),
        Action::PageDown => scroll_to(app, |scroll, page| {
            scroll.saturating_add(page.saturating_sub(1).max(1))
        }),
        Action::PageUp => scroll_to(app, |scroll, page| {
            scroll.saturating_sub(page.saturating_sub(1).max(1))
        }),
        Action::GoTop => scroll_to(app, |_, _| 0),
        Action::GoBottom => scroll_to(app, |_, _| usize::MAX),
        _ => {}
    }
}

/// Includes `section` in what confirming confirms, or leaves it out again. Each section that is
/// not cleanup-ready is confirmed on its own: only this key puts it in.
pub(super) fn toggle(app: &mut App, section: Section) {
    let Some(pending) = &mut app.batch.pending else {
        return;
    };
    let count = pending.in_section(section);
    if count == 0 {
        let what = match section {
            Section::NotCleanupReady => "no user in this batch is not cleanup-ready",
            Section::Collateral => "no user in this batch loses a seat nobody chose",
            _ => "no user in this batch was warned with the deadline still running",
        };
        app.say(Level::Info, format!("{what}: nothing to include"));
        return;
    }
    let included = if let Some(at) = pending.included.iter().position(|s| *s == section) {
        pending.included.remove(at);
        false
    } else {
        pending.included.push(section);
        true
    };
    let label = section.label();
    let confirm = app
        .settings
        .keymap
        .hint_in(Mode::Preview, Action::Confirm)
        .unwrap_or_default();
    if included {
        app.say(
            Level::Warning,
            format!("the {count} {label} are INCLUDED: {confirm} now confirms them too"),
        );
    } else {
        app.say(
            Level::Info,
            format!("the {count} {label} are left out: confirming leaves them alone"),
        );
    }
    rebuild(app);
}
