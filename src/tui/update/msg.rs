//! Every message an effect sends back, dispatched to the part of `update` it concerns. Messages
//! of an older load generation are dropped here. Must not do the work of those parts.

use super::{allowlist, batch, key_guard, load, warn};
use crate::tui::app::{App, Level};
use crate::tui::effect::Effect;
use crate::tui::event::Msg;

/// Applies one message; returns the effects it makes necessary.
pub(super) fn on_msg(app: &mut App, msg: Msg) -> Vec<Effect> {
    let current = |generation: u64| generation == app.generation;
    match msg {
        Msg::LoadProgressed { generation, progress } if current(generation) => {
            load::progressed(app, &progress);
        }
        Msg::CacheOpened { generation, data }
            if current(generation) && app.fresh_generation != Some(generation) =>
        {
            return load::cache_opened(app, *data);
        }
        Msg::CacheIgnored { generation, warning } if current(generation) => {
            app.say(Level::Warning, warning);
        }
        Msg::DirectoryLoaded {
            generation,
            data,
            summary,
        } if current(generation) => return load::loaded(app, generation, *data, summary),
        Msg::LoadFailed { generation, error } if current(generation) => load::failed(app, error),
        Msg::MarksSaved => app.marks_save_error = None,
        Msg::MarksSaveFailed { error } => {
            app.say(Level::Error, format!("marks not saved: {error}"));
            app.marks_save_error = Some(error.text);
        }
        Msg::CommitProgressed(progress) => {
            if let Some(running) = &mut app.batch.running {
                running.progress = Some(*progress);
            }
        }
        Msg::CommitFinished(Ok(report)) => return batch::finished(app, *report),
        Msg::CommitFinished(Err(error)) => {
            app.batch.running = None;
            key_guard::record_failure(app, &error);
            app.say(Level::Error, format!("the batch did not run: {error}"));
            if app.batch.quit_when_stopped {
                app.quit = true;
            }
        }
        Msg::UnfinishedFound(Ok(count)) => batch::unfinished_found(app, count),
        Msg::UnfinishedFound(Err(error)) | Msg::HistoryLoaded(Err(error)) => {
            app.say(
                Level::Error,
                format!("the batch journals cannot be read: {error}"),
            );
        }
        Msg::HistoryLoaded(Ok(entries)) => {
            app.batch.history_cursor = app.batch.history_cursor.min(entries.len().saturating_sub(1));
            app.batch.history = entries;
        }
        Msg::UndoPlanned { batch_id, plan } => {
            if let Err(error) = &plan {
                key_guard::record_failure(app, error);
            }
            batch::undo_planned(app, batch_id, plan.map_err(|failure| failure.text));
        }
        Msg::ResultsExported(Ok(paths)) => {
            let names: Vec<String> = paths.iter().map(|path| path.display().to_string()).collect();
            app.say(Level::Info, format!("results written to {}", names.join(" and ")));
        }
        Msg::ResultsExported(Err(error)) => app.say(Level::Error, format!("results not written: {error}")),
        Msg::ViewExported(exported) => super::view_export::exported(app, exported),
        Msg::HandoffWritten(Ok((path, rows))) => app.say(
            Level::Info,
            format!(
                "IdP handoff CSV of {rows} synced user(s) written to {}: give it to the identity team",
                path.display()
            ),
        ),
        Msg::HandoffWritten(Err(error)) => {
            app.say(Level::Error, format!("IdP handoff CSV not written: {error}"));
        }
        Msg::WarningsRecorded { run, notices } => warn::recorded(app, &run, &notices),
        Msg::WarningsWithdrawn(withdrawn) => return warn::withdrawn(app, withdrawn),
        Msg::FilterHistoryLoaded(loaded) => return super::filter::history_loaded(app, loaded),
        Msg::FilterHistorySaveFailed { error } => {
            app.say(Level::Warning, format!("filter history not saved: {error}"));
        }
        Msg::ExclusionsSaved { count } => {
            app.say(Level::Info, format!("{count} exclusion(s) saved"));
            if app.screen == crate::tui::app::Screen::Allowlist {
                return vec![Effect::ReadAllowlist];
            }
        }
        Msg::AllowlistRead(listing) => allowlist::read(app, listing),
        Msg::AllowlistChanged { result, listing } => allowlist::changed(app, result, listing),
        Msg::ExclusionsSaveFailed { error } => {
            // The allowlist worker failed as a whole: no change of the page is still being written.
            app.allowlist.busy = false;
            app.say(Level::Error, error.text);
        }
        Msg::WarningsFailed { error } | Msg::SnapshotSaveFailed { error } => {
            app.say(Level::Error, error.text);
        }
        // Replies of an earlier load (a reload was asked meanwhile), or a snapshot that arrived
        // after the fresh data: both would show older data than the screen has.
        Msg::LoadProgressed { .. }
        | Msg::CacheOpened { .. }
        | Msg::CacheIgnored { .. }
        | Msg::DirectoryLoaded { .. }
        | Msg::LoadFailed { .. } => {}
    }
    Vec::new()
}
