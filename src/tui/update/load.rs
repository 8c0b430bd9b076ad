//! Load requests and what their messages do: progress, the snapshot, fresh data and failures.
//! Which messages are current (their generation) is decided by `msg`, not here.

use super::refresh::adopt;
use crate::api::{LoadPhase, LoadProgress};
use crate::tui::app::{App, Level, LoadState, Origin, Prepared};
use crate::tui::effect::Effect;
use crate::tui::failure::Failure;

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

/// Progress of the current load.
pub(super) fn progressed(app: &mut App, progress: &LoadProgress) {
    app.load = LoadState::Running {
        requests: progress.requests,
        users: progress.users,
        total: progress.total,
        phase: phase_name(progress.phase),
    };
}

/// The saved snapshot arrived before the fresh data: shown meanwhile.
pub(super) fn cache_opened(app: &mut App, data: Prepared) -> Vec<Effect> {
    let age = match data.origin {
        Origin::Cache { saved_at } => crate::store::describe_age(saved_at, app.now),
        Origin::Live { .. } | Origin::CsvExport { .. } => String::new(),
    };
    let dropped = adopt(app, data);
    if !dropped {
        app.say(
            Level::Info,
            format!("showing the snapshot saved {age} while the org loads"),
        );
    }
    first_data_effects(app, dropped)
}

/// The fresh data of `generation` arrived.
pub(super) fn loaded(app: &mut App, generation: u64, data: Prepared, summary: String) -> Vec<Effect> {
    app.fresh_generation = Some(generation);
    app.load = LoadState::Idle;
    super::key_guard::key_accepted(app);
    let dropped = adopt(app, data);
    if !warn_if_org_unusable(app) && !dropped {
        app.say(Level::Info, summary);
    }
    first_data_effects(app, dropped)
}

/// Marks are saved per org: when the data names an org id dormant cannot use, the admin is told
/// they stay in this session, rather than saves silently not happening. Returns whether it said so.
fn warn_if_org_unusable(app: &mut App) -> bool {
    let Some(data) = app.data.as_ref().filter(|_| app.org_id().is_none()) else {
        return false;
    };
    let shown = crate::directory::escape_controls(&data.index.directory().org.id).into_owned();
    app.say(
        Level::Warning,
        format!(
            "the org id the data names (`{shown}`) is not a usable org id, so marks are kept for this \
             session only; set the org with --org or DORMANT_ORG_ID"
        ),
    );
    true
}

/// The current load failed; the data on screen (if any) stays.
pub(super) fn failed(app: &mut App, error: Failure) {
    let keeping = if app.data.is_some() {
        "; still showing the earlier data"
    } else {
        ""
    };
    let retry = app
        .settings
        .keymap
        .hint(crate::tui::action::Action::Reload)
        .map_or_else(String::new, |key| format!(" ({key} retries)"));
    app.say(Level::Error, format!("load failed: {error}{keeping}{retry}"));
    super::key_guard::record_failure(app, &error);
    app.load = LoadState::Failed(error.text);
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
