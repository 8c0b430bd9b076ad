//! Load requests and the messages effects send back: progress, snapshot, fresh data, failures
//! and save results. Messages of an older generation are dropped here.

use super::refresh::adopt;
use crate::api::LoadPhase;
use crate::tui::app::{App, Level, LoadState, Origin};
use crate::tui::effect::Effect;
use crate::tui::event::Msg;

/// A new load under a new generation; the data on screen stays until it arrives.
pub(super) fn request(app: &mut App, with_cache: bool) -> Effect {
    app.generation += 1;
    app.load = LoadState::Running {
        requests: 0,
        users: 0,
        total: None,
        phase: "connecting",
    };
    if !with_cache {
        app.say(Level::Info, "reloading; the table stays usable meanwhile");
    }
    Effect::LoadDirectory {
        generation: app.generation,
        with_cache,
        policy: Box::new(app.settings.policy.clone()),
        exclusions: app.exclusions.clone(),
        exclusions_revision: app.exclusions_revision,
    }
}

fn phase_name(phase: LoadPhase) -> &'static str {
    match phase {
        LoadPhase::Organization => "reading the org",
        LoadPhase::Users => "reading users",
        LoadPhase::Sweep => "re-reading every user (counts disagreed)",
        LoadPhase::Activity { .. } => "reading last-active dates",
        LoadPhase::Done => "classifying",
    }
}

/// Applies one message; returns the saves it makes necessary.
pub(super) fn on_msg(app: &mut App, msg: Msg) -> Vec<Effect> {
    let current = |generation: u64| generation == app.generation;
    match msg {
        Msg::LoadProgressed { generation, progress } if current(generation) => {
            app.load = LoadState::Running {
                requests: progress.requests,
                users: progress.users,
                total: progress.total,
                phase: phase_name(progress.phase),
            };
        }
        Msg::CacheOpened { generation, data }
            if current(generation) && app.fresh_generation != Some(generation) =>
        {
            let age = match data.origin {
                Origin::Cache { saved_at } => crate::store::describe_age(saved_at, app.now),
                Origin::Live { .. } | Origin::CsvExport { .. } => String::new(),
            };
            let dropped = adopt(app, *data);
            if !dropped {
                app.say(
                    Level::Info,
                    format!("showing the snapshot saved {age} while the org loads"),
                );
            }
            return first_data_effects(app, dropped);
        }
        Msg::CacheIgnored { generation, warning } if current(generation) => {
            app.say(Level::Warning, warning);
        }
        Msg::DirectoryLoaded {
            generation,
            data,
            summary,
        } if current(generation) => {
            app.fresh_generation = Some(generation);
            app.load = LoadState::Idle;
            let dropped = adopt(app, *data);
            if !dropped {
                app.say(Level::Info, summary);
            }
            return first_data_effects(app, dropped);
        }
        Msg::LoadFailed { generation, error } if current(generation) => {
            let keeping = if app.data.is_some() {
                "; still showing the earlier data"
            } else {
                ""
            };
            app.say(Level::Error, format!("load failed: {error}{keeping} (r retries)"));
            app.load = LoadState::Failed(error);
        }
        Msg::MarksSaved => app.marks_save_error = None,
        Msg::MarksSaveFailed { error } => {
            app.say(Level::Error, format!("marks not saved: {error}"));
            app.marks_save_error = Some(error);
        }
        Msg::CommitProgressed(progress) => {
            if let Some(running) = &mut app.batch.running {
                running.progress = Some(*progress);
            }
        }
        Msg::CommitFinished(Ok(report)) => return super::batch::finished(app, *report),
        Msg::CommitFinished(Err(error)) => {
            app.batch.running = None;
            app.say(Level::Error, format!("the batch did not run: {error}"));
            if app.batch.quit_when_stopped {
                app.quit = true;
            }
        }
        Msg::UnfinishedFound(Ok(count)) => super::batch::unfinished_found(app, count),
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
        Msg::UndoPlanned { batch_id, plan } => super::batch::undo_planned(app, batch_id, plan),
        Msg::ResultsExported(written) => super::batch::exported(app, written),
        Msg::WarningsRecorded { run, notices } => super::warn::recorded(app, &run, &notices),
        Msg::WarningsWithdrawn(withdrawn) => return super::warn::withdrawn(app, withdrawn),
        Msg::ExclusionsSaved { count } => app.say(Level::Info, format!("{count} exclusion(s) saved")),
        Msg::WarningsFailed { error }
        | Msg::ExclusionsSaveFailed { error }
        | Msg::SnapshotSaveFailed { error } => {
            app.say(Level::Error, error);
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

/// After data arrives: saving marks that were dropped, and (once per session, now that the org
/// is known) looking for batches an earlier run left unfinished.
fn first_data_effects(app: &mut App, marks_changed: bool) -> Vec<Effect> {
    let mut effects = save_marks(app, marks_changed);
    if !app.batch.unfinished_checked {
        app.batch.unfinished_checked = true;
        effects.push(Effect::FindUnfinished);
    }
    effects
}

/// A save of the current marks when `changed`, for the org on screen.
pub(super) fn save_marks(app: &App, changed: bool) -> Vec<Effect> {
    match app.org_id() {
        Some(org_id) if changed => vec![Effect::SaveMarks {
            org_id,
            marks: app.marks.clone(),
        }],
        _ => Vec::new(),
    }
}
