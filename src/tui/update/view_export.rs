//! The browse key that exports the view on screen (`export_view`): checks there is a view to
//! export, asks for the write as an effect, and tells where it went. Must not write anything
//! (the runtime's `view_export` job does) nor render rows (the report's renderer does).

use crate::directory::query::Matcher;
use crate::tui::action::Action;
use crate::tui::app::{App, Level};
use crate::tui::effect::Effect;
use crate::tui::failure::Failure;
use std::path::PathBuf;

/// The effect writing the rows shown, in their order, with the filter and sort that chose them.
pub(super) fn request(app: &mut App) -> Vec<Effect> {
    let Some(data) = &app.data else {
        app.say(Level::Info, "nothing to export yet: the org is still loading");
        return Vec::new();
    };
    if app.filter.error.is_some() {
        let edit = app.settings.keymap.hint(Action::OpenFilter).unwrap_or_default();
        let clear = app.settings.keymap.hint(Action::Back).unwrap_or_default();
        app.say(
            Level::Warning,
            format!(
                "the filter does not parse, so the table shows the last one that did: fix it ({edit}) or \
                 clear it ({clear}), then export"
            ),
        );
        return Vec::new();
    }
    let effect = Effect::ExportView {
        index: Box::new(data.index.clone()),
        rows: data.view.rows().to_vec(),
        filter: app.filter.text.clone(),
        sort: app.sort.clone(),
        at: app.now,
    };
    let marks_note = if uses_marks(app) {
        " (`marked` follows this session's marks, which `dormant report` does not have)"
    } else {
        ""
    };
    app.say(Level::Info, format!("exporting the view…{marks_note}"));
    vec![effect]
}

/// Whether the applied filter has a `marked` term: the one term a report cannot reproduce.
fn uses_marks(app: &App) -> bool {
    app.filter
        .applied
        .terms()
        .iter()
        .any(|term| matches!(term.matcher, Matcher::Marked))
}

/// The export's end, on the status line.
pub(super) fn exported(app: &mut App, exported: Result<(Vec<PathBuf>, usize), Failure>) {
    match exported {
        Ok((paths, users)) => app.say(Level::Info, exported_line(&paths, users)),
        Err(error) => app.say(Level::Error, format!("view not exported: {error}")),
    }
}

/// Where the view went, for the status line and the lines printed after the console closed.
pub(crate) fn exported_line(paths: &[PathBuf], users: usize) -> String {
    let names: Vec<String> = paths.iter().map(|path| path.display().to_string()).collect();
    format!("view of {users} user(s) exported to {}", names.join(" and "))
}
