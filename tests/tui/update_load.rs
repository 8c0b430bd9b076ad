//! `update` for loading: the snapshot first, then fresh data without losing marks, cursor or
//! filter; generations; failures; marks and exclusions saved by earlier sessions.

use crate::support::console;
use crate::support::users as support;

use chrono::{Duration, TimeZone, Utc};
use console::{cursor_id, fresh_app, live, marked, prepared, settings, small_org, type_keys, visible_ids};
use dormant::api::{LoadPhase, LoadProgress};
use dormant::directory::{AccountId, Exclusion, Exclusions, Lane, Marks};
use dormant::tui::{App, Effect, Event, Failure, FailureKind, Level, LoadState, Msg, Origin, update};

fn msg(app: &mut App, msg: Msg) -> Vec<Effect> {
    update(app, Event::Msg(msg))
}

fn cache_origin() -> Origin {
    Origin::Cache {
        saved_at: support::now() - Duration::hours(3),
    }
}

fn marks_of(ids: &[&str]) -> Marks {
    serde_json::from_value(serde_json::json!(ids)).expect("marks")
}

#[test]
fn a_session_starts_by_loading_with_the_snapshot_and_shows_progress() {
    let (mut app, effects) = fresh_app(settings(), 80, 24);
    assert!(matches!(
        effects.as_slice(),
        [
            Effect::LoadDirectory {
                generation: 1,
                with_cache: true,
                ..
            },
            Effect::LoadFilterHistory
        ]
    ));
    let progress = LoadProgress {
        phase: LoadPhase::Users,
        requests: 12,
        users: 300,
        total: Some(1_000),
    };
    msg(
        &mut app,
        Msg::LoadProgressed {
            generation: 1,
            progress,
        },
    );
    assert!(matches!(
        app.load,
        LoadState::Running {
            users: 300,
            total: Some(1_000),
            requests: 12,
            ..
        }
    ));
}

#[test]
fn fresh_data_replaces_the_snapshot_keeping_marks_cursor_and_filter() {
    let (mut app, _) = fresh_app(settings(), 100, 30);
    msg(
        &mut app,
        Msg::CacheOpened {
            generation: 1,
            data: prepared(small_org(), cache_origin(), None),
        },
    );
    assert_eq!(app.data.as_ref().map(|d| d.origin), Some(cache_origin()));
    assert!(
        app.status
            .as_ref()
            .is_some_and(|(_, text)| text.contains("3 h ago")),
        "{:?}",
        app.status
    );
    type_keys(&mut app, "/lane:ready\n j");
    let (cursor, filter, marks) = (cursor_id(&app), app.filter.text.clone(), marked(&app));
    assert_eq!(marks.len(), 1);
    let mut newer = small_org();
    newer.loaded_at = support::now();
    msg(
        &mut app,
        Msg::DirectoryLoaded {
            generation: 1,
            data: prepared(newer, live(), None),
            summary: "loaded 10 users".to_owned(),
        },
    );
    assert_eq!(app.data.as_ref().map(|d| d.origin), Some(live()));
    assert_eq!(app.load, LoadState::Idle);
    assert_eq!(
        (cursor_id(&app), app.filter.text.clone(), marked(&app)),
        (cursor, filter, marks)
    );
    assert_eq!(app.status, Some((Level::Info, "loaded 10 users".to_owned())));
    // A snapshot arriving after the fresh data is older: dropped.
    msg(
        &mut app,
        Msg::CacheOpened {
            generation: 1,
            data: prepared(small_org(), cache_origin(), None),
        },
    );
    assert_eq!(app.data.as_ref().map(|d| d.origin), Some(live()));
}

#[test]
fn replies_of_an_older_load_are_dropped_and_failures_keep_the_data() {
    let mut app = console::loaded_app();
    let effects = type_keys(&mut app, "r");
    assert!(matches!(
        effects.as_slice(),
        [Effect::LoadDirectory {
            generation: 2,
            with_cache: false,
            ..
        }]
    ));
    let mut other = small_org();
    other.users.truncate(2);
    msg(
        &mut app,
        Msg::DirectoryLoaded {
            generation: 1,
            data: prepared(other, live(), None),
            summary: String::new(),
        },
    );
    assert_eq!(visible_ids(&app).len(), 10, "generation 1 is stale");
    msg(
        &mut app,
        Msg::LoadFailed {
            generation: 1,
            error: Failure::new(FailureKind::Server, "old"),
        },
    );
    assert!(matches!(app.load, LoadState::Running { .. }));
    msg(
        &mut app,
        Msg::LoadFailed {
            generation: 2,
            error: Failure::new(FailureKind::Server, "HTTP 503 from the API"),
        },
    );
    assert_eq!(app.load, LoadState::Failed("HTTP 503 from the API".to_owned()));
    let (level, text) = app.status.clone().expect("said");
    assert_eq!(level, Level::Error);
    assert!(text.contains("still showing the earlier data"), "{text}");
    assert_eq!(visible_ids(&app).len(), 10);
}

#[test]
fn marks_of_users_gone_or_now_protected_are_dropped_and_saved_again() {
    let mut app = console::loaded_app();
    type_keys(&mut app, "/bob\n \u{1b}/ada\n ");
    assert_eq!(marked(&app), ["u-ada", "u-bob"]);
    let mut newer = small_org();
    newer.users.retain(|user| user.account_id.as_str() != "u-bob");
    let ada = newer
        .users
        .iter_mut()
        .find(|user| user.account_id.as_str() == "u-ada")
        .expect("ada");
    ada.platform_roles
        .push(dormant::directory::PlatformRole::OrgAdmin);
    let generation = app.generation;
    let effects = msg(
        &mut app,
        Msg::DirectoryLoaded {
            generation,
            data: prepared(newer, live(), None),
            summary: String::new(),
        },
    );
    assert!(marked(&app).is_empty());
    let (level, text) = app.status.clone().expect("said");
    assert_eq!(level, Level::Warning);
    assert!(text.contains("1 no longer in the org, 1 now protected"), "{text}");
    assert!(
        effects
            .iter()
            .any(|e| matches!(e, Effect::SaveMarks { marks, .. } if marks.is_empty()))
    );
}

#[test]
fn marks_saved_by_an_earlier_session_come_back_once() {
    let (mut app, _) = fresh_app(settings(), 100, 30);
    let saved = marks_of(&["u-bob", "u-cy", "u-gone"]);
    let effects = msg(
        &mut app,
        Msg::CacheOpened {
            generation: 1,
            data: prepared(small_org(), cache_origin(), Some(saved.clone())),
        },
    );
    assert_eq!(
        marked(&app),
        ["u-bob"],
        "the admin and the vanished account are dropped"
    );
    assert!(
        app.status
            .as_ref()
            .is_some_and(|(_, t)| t.contains("1 no longer in the org, 1 now protected"))
    );
    assert!(effects.iter().any(|e| matches!(e, Effect::SaveMarks { .. })));
    type_keys(&mut app, "u");
    msg(
        &mut app,
        Msg::DirectoryLoaded {
            generation: 1,
            data: prepared(small_org(), live(), Some(saved)),
            summary: String::new(),
        },
    );
    assert!(
        marked(&app).is_empty(),
        "restored only on the first data of the session"
    );
}

#[test]
fn exclusions_made_while_a_load_runs_apply_to_its_data() {
    let mut app = console::loaded_app();
    let effects = type_keys(&mut app, "r/ada\nxjust hired\n");
    let added = effects.iter().find_map(|e| match e {
        Effect::SaveExclusions { added } => Some(added.clone()),
        _ => None,
    });
    let added = added.expect("saved");
    assert_eq!(added.len(), 1);
    assert_eq!(added[0].reason, "just hired");
    assert_eq!(added[0].account_id, AccountId::from("u-ada"));
    // The reload was classified before the exclusion: it is classified again on arrival.
    let generation = app.generation;
    msg(
        &mut app,
        Msg::DirectoryLoaded {
            generation,
            data: prepared(small_org(), live(), None),
            summary: String::new(),
        },
    );
    let data = app.data.as_ref().expect("loaded");
    let ada = data.index.row_of(&AccountId::from("u-ada")).expect("row");
    assert_eq!(data.index.lane(ada), Lane::Protected);
}

#[test]
fn exclusions_from_the_settings_classify_from_the_first_load() {
    let mut settings = settings();
    settings.exclusions = [Exclusion {
        account_id: AccountId::from("u-bob"),
        reason: "sabbatical".to_owned(),
        excluded_at: Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).single().expect("date"),
        name: None,
    }]
    .into_iter()
    .collect::<Exclusions>();
    let (app, effects) = fresh_app(settings, 100, 30);
    let Some(Effect::LoadDirectory { exclusions, .. }) = effects.first() else {
        panic!("load");
    };
    assert_eq!(
        exclusions.len(),
        1,
        "the load classifies with the profile's exclusions"
    );
    assert_eq!(app.exclusions.len(), 1);
}

#[test]
fn save_outcomes_are_shown() {
    let mut app = console::loaded_app();
    msg(&mut app, Msg::ExclusionsSaved { count: 2 });
    assert_eq!(app.status, Some((Level::Info, "2 exclusion(s) saved".to_owned())));
    msg(
        &mut app,
        Msg::SnapshotSaveFailed {
            error: Failure::new(FailureKind::DiskFull, "snapshot not saved: disk full"),
        },
    );
    assert_eq!(app.status.as_ref().map(|s| s.0), Some(Level::Error));
    let generation = app.generation;
    msg(
        &mut app,
        Msg::CacheIgnored {
            generation,
            warning: "old format".to_owned(),
        },
    );
    assert_eq!(app.status, Some((Level::Warning, "old format".to_owned())));
    update(&mut app, Event::Tick(support::now() + Duration::minutes(5)));
    assert_eq!(app.now, support::now() + Duration::minutes(5));
}

/// Marks are saved per org: when the data names an org id dormant cannot use, the admin is told
/// that marks stay in this session, rather than saves silently not happening.
#[test]
fn an_unusable_org_id_says_marks_stay_in_the_session() {
    let mut org = small_org();
    org.org.id = "../etc".to_owned();
    let (mut app, _) = fresh_app(settings(), 80, 24);
    let generation = app.generation;
    msg(
        &mut app,
        Msg::DirectoryLoaded {
            generation,
            data: prepared(org, live(), None),
            summary: "loaded".to_owned(),
        },
    );
    let (level, text) = app.status.clone().expect("a warning");
    assert_eq!(level, Level::Warning, "{text}");
    assert!(text.contains("marks are kept for this session only"), "{text}");
    assert!(text.contains("--org"), "{text}");
    type_keys(&mut app, " ");
    assert!(app.org_id().is_none());
}

/// The retry hint of a failed load names the reload key the keymap binds, not a fixed letter.
#[test]
fn a_failed_load_names_the_bound_reload_key() {
    let (mut app, _) = fresh_app(settings(), 80, 24);
    let keys: dormant::store::config::KeyTable = toml::from_str("reload = [\"R\"]").expect("toml");
    app.settings.keymap = dormant::tui::Keymap::with_overrides(&keys).expect("valid keymap");
    let generation = app.generation;
    msg(
        &mut app,
        Msg::LoadFailed {
            generation,
            error: Failure::new(FailureKind::Network, "connection refused"),
        },
    );
    let (level, text) = app.status.clone().expect("a message");
    assert_eq!(level, Level::Error, "{text}");
    assert!(text.ends_with("(R retries)"), "{text}");
}
