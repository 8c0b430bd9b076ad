//! Marking for deactivation (one row, a range, every visible cleanup-ready user), clearing, and
//! excluding with a reason. Protection is decided by `directory::marks`, never here.

use super::load::save_marks;
use super::navigate;
use super::refresh::{marks_changed, refresh_view};
use crate::directory::{Lane, exclude_rows};
use crate::tui::app::{App, Level, LineInput, Popup};
use crate::tui::effect::Effect;
use crate::tui::selection::Selection;

/// Space: marks or unmarks the cursor row, then moves to the next row (mutt-style).
pub(super) fn toggle(app: &mut App) -> Vec<Effect> {
    let (Some(data), Some(row)) = (&app.data, app.cursor_row()) else {
        return Vec::new();
    };
    match app.marks.toggle(&data.index, row) {
        Ok(_) => {
            marks_changed(app);
            navigate::move_by(app, 1);
            save_marks(app, true)
        }
        Err(refused) => {
            app.say(Level::Warning, refused.to_string());
            Vec::new()
        }
    }
}

/// V: the first press anchors a range at the cursor, the second marks every row in between.
pub(super) fn range(app: &mut App) -> Vec<Effect> {
    let Some(data) = &app.data else {
        return Vec::new();
    };
    let Some(anchor) = app.range_anchor.take() else {
        if let Some(row) = app.cursor_row() {
            app.range_anchor = Some(data.index.user(row).account_id.clone());
            let keymap = &app.settings.keymap;
            let text = format!(
                "range started: move, then press {} again to mark up to here ({} cancels)",
                keymap.hint(crate::tui::Action::RangeMark).unwrap_or_default(),
                keymap.hint(crate::tui::Action::Back).unwrap_or_default()
            );
            app.say(Level::Info, text);
        }
        return Vec::new();
    };
    let Some(start) = data
        .index
        .row_of(&anchor)
        .and_then(|row| data.view.position_of(row))
    else {
        app.say(
            Level::Warning,
            "the range's first row is no longer visible; range cancelled",
        );
        return Vec::new();
    };
    let rows = data.view.range(start, app.cursor).to_vec();
    let bulk = app.marks.mark_rows(&data.index, &rows);
    app.say(
        Level::Info,
        format!(
            "marked {} of {} rows ({} already marked, {} protected and skipped)",
            bulk.newly_marked,
            rows.len(),
            bulk.already_marked,
            bulk.refused.len()
        ),
    );
    marks_changed(app);
    save_marks(app, bulk.newly_marked > 0)
}

/// *: marks every cleanup-ready user the filter shows.
pub(super) fn all_ready(app: &mut App) -> Vec<Effect> {
    let Some(data) = &app.data else {
        return Vec::new();
    };
    let rows: Vec<u32> = data
        .view
        .rows()
        .iter()
        .copied()
        .filter(|&row| data.index.lane(row) == Lane::CleanupReady)
        .collect();
    let bulk = app.marks.mark_rows(&data.index, &rows);
    app.say(
        Level::Info,
        format!(
            "marked {} cleanup-ready user(s) ({} already marked)",
            bulk.newly_marked, bulk.already_marked
        ),
    );
    marks_changed(app);
    save_marks(app, bulk.newly_marked > 0)
}

/// u (after confirming when several): removes every mark.
pub(crate) fn clear(app: &mut App) -> Vec<Effect> {
    let cleared = app.marks.len();
    app.marks.clear();
    app.range_anchor = None;
    marks_changed(app);
    app.say(Level::Info, format!("cleared {cleared} mark(s)"));
    save_marks(app, cleared > 0)
}

/// x: asks for a reason to exclude the marked users, or the cursor row when nothing is marked;
/// the prompt says how many marks the filter hides and switches to the visible marks or the
/// cursor row alone.
pub(super) fn open_exclude(app: &mut App) {
    let Some(selection) = app.selection(None) else {
        return;
    };
    if selection.accounts.is_empty() {
        let why = match selection.refused.first() {
            Some(refused) => format!("nothing to exclude: {refused}"),
            None => "nothing to exclude: no row is selected".to_owned(),
        };
        app.say(Level::Warning, why);
        return;
    }
    if selection.marked > 0 && !selection.refused.is_empty() {
        app.say(
            Level::Info,
            format!(
                "{} protected mark(s) are already excluded from cleanup",
                selection.refused.len()
            ),
        );
    }
    app.popup = Some(Popup::Exclude {
        reason: LineInput::default(),
        selection,
    });
}

/// The switch key in a prompt on marks: the same prompt, on the next set of accounts.
pub(super) fn switch_scope(app: &mut App, selection: Selection) -> Selection {
    if !selection.can_switch() {
        app.say(
            Level::Info,
            format!("nothing else to choose: acting on {}", selection.describe()),
        );
        return selection;
    }
    app.selection(Some(selection.next_scope())).unwrap_or(selection)
}

/// Enter in the exclude prompt: excludes with `reason`, reclassifies, drops their marks, saves.
pub(super) fn exclude(app: &mut App, accounts: &[crate::directory::AccountId], reason: &str) -> Vec<Effect> {
    let Some(data) = &mut app.data else {
        return Vec::new();
    };
    let rows: Vec<u32> = accounts
        .iter()
        .filter_map(|account| data.index.row_of(account))
        .collect();
    let excluded = exclude_rows(&mut app.exclusions, &data.index, &rows, reason, app.now);
    app.exclusions_revision += 1;
    data.index.reclassify(&app.exclusions);
    let added = accounts
        .iter()
        .filter_map(|account| app.exclusions.get(account).cloned())
        .collect();
    let reconciled = app.marks.reconcile(&data.index);
    refresh_view(app);
    app.say(
        Level::Info,
        format!(
            "excluded {excluded} user(s) from cleanup ({} updated, {} mark(s) removed): {reason}",
            rows.len() - excluded,
            reconciled.now_protected.len()
        ),
    );
    navigate::keep_cursor_visible(app);
    let mut effects = vec![Effect::SaveExclusions { added }];
    effects.extend(save_marks(app, !reconciled.now_protected.is_empty()));
    effects
}
