//! Re-deriving what the screen shows (view, impact, insight) after the filter, sort, marks,
//! exclusions or data change, keeping the cursor on the same account. Must not do I/O.

use super::navigate::keep_cursor_visible;
use crate::directory::{AccountId, Impact, Query};
use crate::tui::app::{App, Level, Loaded, Prepared};

/// The account under the cursor, to find it again after the rows move.
fn cursor_account(app: &App) -> Option<AccountId> {
    let data = app.data.as_ref()?;
    let row = data.row_at(app.cursor)?;
    Some(data.index.user(row).account_id.clone())
}

/// Puts the cursor back on `account` if the view still shows it (else keeps the position).
fn restore_cursor(app: &mut App, account: Option<&AccountId>) {
    if let (Some(data), Some(account)) = (&app.data, account)
        && let Some(position) = data
            .index
            .row_of(account)
            .and_then(|row| data.view.position_of(row))
    {
        app.cursor = position;
    }
    keep_cursor_visible(app);
    super::refresh_insight(app);
}

/// Filters and sorts again from scratch (filter, marks-dependent filter or exclusions changed).
pub(crate) fn refresh_view(app: &mut App) {
    let account = cursor_account(app);
    if let Some(data) = &mut app.data {
        data.view = crate::directory::View::new(&data.index, &app.filter.applied, &app.sort, &app.marks);
        data.impact = Impact::of(&data.index, &app.marks, data.view.matched());
    }
    restore_cursor(app, account.as_ref());
}

/// Re-orders the same rows (only the sort changed).
pub(super) fn resort(app: &mut App) {
    let account = cursor_account(app);
    if let Some(data) = &mut app.data {
        data.view.resort(&data.index, &app.sort);
    }
    restore_cursor(app, account.as_ref());
    app.say(Level::Info, format!("sorted by {}", app.sort));
}

/// After marks changed: the impact always, the rows only when the filter could depend on marks.
pub(super) fn marks_changed(app: &mut App) {
    if app.filter.applied.is_empty() {
        if let Some(data) = &mut app.data {
            data.impact = Impact::of(&data.index, &app.marks, data.view.matched());
        }
    } else {
        refresh_view(app);
    }
}

/// Takes over a freshly prepared directory without losing marks, cursor or filter. Returns
/// whether the marks changed (some dropped), so they are saved again.
pub(super) fn adopt(app: &mut App, prepared: Prepared) -> bool {
    let account = cursor_account(app);
    let Prepared {
        mut index,
        origin,
        exclusions_revision,
        saved_marks,
    } = prepared;
    // Exclusions made while the load ran are applied to the new data too.
    if exclusions_revision != app.exclusions_revision {
        index.reclassify(&app.exclusions);
    }
    let (mut vanished, mut protected) = (0, 0);
    if let Some(saved) = saved_marks.filter(|_| !app.marks_restored) {
        for account in saved.iter() {
            match index.row_of(account).map(|row| app.marks.mark(&index, row)) {
                None => vanished += 1,
                Some(Err(_refused)) => protected += 1,
                Some(Ok(_)) => {}
            }
        }
    }
    app.marks_restored = true;
    let reconciled = app.marks.reconcile(&index);
    vanished += reconciled.vanished.len();
    protected += reconciled.now_protected.len();
    let products = index.products();
    // Product names can be query terms and the names must exist in this org, so the filter is
    // parsed again. If it names what this org no longer has, no one is shown until it is fixed:
    // evaluating it anyway would widen a negated term (`!group:gone` is everyone). The filter
    // bar shows the error.
    match index.parse_query(&app.filter.text) {
        Ok(query) => {
            app.filter.applied = query;
            app.filter.error = None;
        }
        Err(error) => {
            app.filter.applied = Query::nobody();
            app.filter.error = Some(error);
        }
    }
    let view = crate::directory::View::new(&index, &app.filter.applied, &app.sort, &app.marks);
    let impact = Impact::of(&index, &app.marks, view.matched());
    app.data = Some(Loaded {
        index,
        origin,
        view,
        impact,
        products,
    });
    restore_cursor(app, account.as_ref());
    let dropped = vanished + protected;
    if dropped > 0 {
        app.say(
            Level::Warning,
            format!("{dropped} mark(s) dropped: {vanished} no longer in the org, {protected} now protected"),
        );
    }
    dropped > 0
}
