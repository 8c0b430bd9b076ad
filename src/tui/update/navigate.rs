//! Cursor movement and scrolling over the current view. Must not change what the view holds.

use crate::tui::app::App;

fn view_len(app: &App) -> usize {
    app.data.as_ref().map_or(0, |data| data.view.len())
}

/// Moves the cursor by `delta` rows, stopping at either end.
pub(super) fn move_by(app: &mut App, delta: isize) {
    let target = app.cursor.saturating_add_signed(delta);
    go_to(app, target);
}

/// Moves a page down (`1`) or up (`-1`), keeping the cursor's place on screen.
pub(super) fn page(app: &mut App, direction: isize) {
    let rows = app.page_rows();
    let step = rows.cast_signed() * direction;
    app.offset = app.offset.saturating_add_signed(step);
    move_by(app, step);
}

/// Puts the cursor on `position` (clamped to the view).
pub(super) fn go_to(app: &mut App, position: usize) {
    app.cursor = position.min(view_len(app).saturating_sub(1));
    keep_cursor_visible(app);
}

/// Clamps cursor and offset to the view and scrolls just enough to show the cursor.
pub(crate) fn keep_cursor_visible(app: &mut App) {
    let len = view_len(app);
    let rows = app.page_rows();
    app.cursor = app.cursor.min(len.saturating_sub(1));
    app.offset = app.offset.min(len.saturating_sub(rows));
    if app.cursor < app.offset {
        app.offset = app.cursor;
    } else if app.cursor >= app.offset + rows {
        app.offset = app.cursor + 1 - rows;
    }
}
