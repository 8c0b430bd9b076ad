//! The key guard: while the last API answer refused the key (a load, a batch or an undo plan
//! failed with `FailureKind::KeyRefused`, or there is no key), no commit, undo or resume starts;
//! a load that succeeds lifts it. Must not start or stop anything itself.

use super::preview_page;
use crate::tui::action::Action;
use crate::tui::app::{App, Level};

/// While the last API answer refused the key, no commit, undo or resume starts: says so, with
/// the fix, and returns true.
pub(super) fn refused_by_key(app: &mut App, what: &str) -> bool {
    let Some(refused) = &app.batch.key_refused else {
        return false;
    };
    let reload = app.settings.keymap.hint(Action::Reload).unwrap_or_default();
    let text = format!(
        "{what} is blocked: the last API answer refused the key ({}); run `dormant login` (or set DORMANT_API_KEY), then press {reload} to reload",
        refused.text
    );
    app.say(Level::Error, text);
    true
}

/// A failure of a load, commit or undo plan: when it is about the key, batches are blocked
/// until a load succeeds.
pub(super) fn record_failure(app: &mut App, failure: &crate::tui::Failure) {
    if let Some(refused) = crate::tui::KeyRefused::from_failure(failure) {
        app.batch.key_refused = Some(refused);
        preview_page::rebuild(app);
    }
}

/// A load succeeded: the key works again.
pub(super) fn key_accepted(app: &mut App) {
    if app.batch.key_refused.take().is_some() {
        preview_page::rebuild(app);
    }
}
