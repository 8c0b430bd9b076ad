//! `update` for `w`: a prompt with the count and the grace period (typed, checked like the
//! config's), then the marked users (or the cursor row) become one warning run handed to the
//! runtime as an effect (no I/O in `update`), protected rows are refused, read-only drops the
//! key, and the recorded run reclassifies lanes and says where the notices went. `W` in the
//! history withdraws a warning run after a question, and its warnings leave the lanes.

use crate::support::console;

use crate::support::users::now;
use console::{loaded_app, settings, type_keys};
use crossterm::event::KeyCode;
use dormant::batch::{BatchState, Counts, HistoryEntry};
use dormant::directory::{AccountId, Lane, SortColumn, SortKey};
use dormant::store::AuditAction;
use dormant::tui::{Action, Confirm, Effect, Event, Failure, FailureKind, Level, Msg, Popup, update};
use dormant::types::BatchId;
use std::path::PathBuf;

fn by_name() -> dormant::tui::App {
    let mut app = loaded_app();
    app.sort = SortKey {
        column: SortColumn::Name,
        descending: false,
    };
    type_keys(&mut app, "SSg");
    app.status = None;
    app
}

#[test]
fn w_warns_the_marked_users_through_an_effect_and_the_result_shows_in_the_lanes() {
    let mut app = by_name();
    type_keys(&mut app, "  ");
    let effects = type_keys(&mut app, "w");
    assert!(effects.is_empty(), "w asks first: {effects:?}");
    let Some(Popup::Warn { days, selection }) = &app.popup else {
        panic!("the warn prompt");
    };
    assert_eq!(days.text, "14", "the config's grace period");
    assert_eq!(selection.accounts.len(), 2);
    let effects = type_keys(&mut app, "\n");
    let [Effect::RecordWarnings { run, org_id, .. }] = effects.as_slice() else {
        panic!("one RecordWarnings effect expected, got {effects:?}");
    };
    assert_eq!(org_id, "org-1");
    let warned: Vec<&str> = run
        .records
        .iter()
        .map(|record| record.account_id.as_str())
        .collect();
    assert_eq!(warned, ["u-ada", "u-bob"]);
    assert!(run.records.iter().all(|record| record.warned_at == app.now));

    let notices = PathBuf::from("/data/warnings/notices.csv");
    update(
        &mut app,
        Event::Msg(Msg::WarningsRecorded {
            run: run.clone(),
            notices: notices.clone(),
        }),
    );
    let (level, text) = app.status.clone().expect("status");
    assert_eq!(level, Level::Info);
    assert!(
        text.contains("warned 2 user(s)") && text.contains("/data/warnings/notices.csv"),
        "{text}"
    );
    let data = app.data.as_ref().expect("loaded");
    let ada = data.index.row_of(&AccountId::from("u-ada")).expect("ada");
    assert_eq!(
        data.index.lane(ada),
        Lane::CleanupReady,
        "not required: warnings only inform"
    );
    let reasons: Vec<String> = data
        .index
        .classification(ada)
        .reasons
        .iter()
        .map(ToString::to_string)
        .collect();
    assert!(
        reasons.iter().any(|reason| reason.starts_with("warned on ")),
        "{reasons:?}"
    );
}

#[test]
fn w_on_a_protected_row_warns_nobody_and_a_failure_is_shown() {
    let mut app = by_name();
    type_keys(&mut app, "jj");
    let effects = type_keys(&mut app, "w");
    assert!(effects.is_empty(), "{effects:?}");
    let (level, text) = app.status.clone().expect("why");
    assert_eq!(level, Level::Warning);
    assert!(text.starts_with("nothing to warn"), "{text}");
    update(
        &mut app,
        Event::Msg(Msg::WarningsFailed {
            error: Failure::new(FailureKind::DiskFull, "warnings not recorded: disk full"),
        }),
    );
    assert_eq!(app.status.clone().map(|(level, _)| level), Some(Level::Error));
}

#[test]
fn read_only_drops_the_warn_key() {
    let mut read_only = settings();
    read_only.keymap = read_only.keymap.without_dangerous();
    assert!(dormant::tui::Mode::Browse.is_dangerous(Action::Warn));
    assert!(read_only.keymap.keys_for(Action::Warn).is_empty());
}

#[test]
fn the_grace_period_is_typed_in_the_prompt_checked_like_the_config_and_esc_warns_nobody() {
    let mut app = by_name();
    type_keys(&mut app, "w");
    update(&mut app, console::key(KeyCode::Backspace));
    update(&mut app, console::key(KeyCode::Backspace));
    let effects = type_keys(&mut app, "0\n");
    assert!(effects.is_empty(), "0 days is refused: {effects:?}");
    assert!(matches!(app.popup, Some(Popup::Warn { .. })), "the prompt stays");
    let (level, text) = app.status.clone().expect("why");
    assert_eq!(level, Level::Warning);
    assert!(text.contains("whole number of days from 1 to 3650"), "{text}");

    update(&mut app, console::key(KeyCode::Backspace));
    let effects = type_keys(&mut app, "30\n");
    let [Effect::RecordWarnings { run, .. }] = effects.as_slice() else {
        panic!("one RecordWarnings effect expected, got {effects:?}");
    };
    assert_eq!(run.grace.get(), 30);
    assert_eq!(run.records[0].deadline, app.now + chrono::Duration::days(30));

    type_keys(&mut app, "w");
    let effects = type_keys(&mut app, "\u{1b}");
    assert!(effects.is_empty());
    assert_eq!(app.popup, None);
}

fn entry(id: &str, action: AuditAction, undo_of: Option<&str>) -> HistoryEntry {
    HistoryEntry {
        batch_id: BatchId::parse(id).expect("id"),
        started_at: now(),
        finished_at: Some(now()),
        who: "tests".to_owned(),
        org_id: "org-1".parse().expect("org id"),
        org_name: "Acme".to_owned(),
        action,
        counts: Counts {
            planned: 2,
            succeeded: 1,
            ..Counts::default()
        },
        state: BatchState::Completed,
        journal: "/tmp/warnings.json".into(),
        undo_of: undo_of.map(|id| BatchId::parse(id).expect("id")),
        undone_by: None,
    }
}

#[test]
fn w_on_a_warning_run_in_the_history_asks_then_withdraws_and_the_warned_state_goes() {
    let mut app = by_name();
    let ada = AccountId::from("u-ada");
    let warned = |app: &dormant::tui::App| {
        let data = app.data.as_ref().expect("loaded");
        data.index.classifier().warnings().get(&ada).is_some()
    };
    type_keys(&mut app, "  ");
    let effects = type_keys(&mut app, "w\n");
    let [Effect::RecordWarnings { run, .. }] = effects.as_slice() else {
        panic!("one RecordWarnings effect expected, got {effects:?}");
    };
    let run = (**run).clone();
    update(
        &mut app,
        Event::Msg(Msg::WarningsRecorded {
            run: Box::new(run.clone()),
            notices: PathBuf::from("/n.csv"),
        }),
    );
    assert!(warned(&app));

    type_keys(&mut app, "H");
    let suspend = entry("20260601T120000Z-0000000a", AuditAction::Suspend, None);
    let warn = entry(run.batch_id.as_str(), AuditAction::Warn, None);
    update(&mut app, Event::Msg(Msg::HistoryLoaded(Ok(vec![suspend, warn]))));
    assert!(type_keys(&mut app, "W").is_empty());
    assert_eq!(app.popup, None, "a suspend batch is not a warning run");
    assert!(app.status.clone().expect("why").1.contains("not a warning run"));
    let effects = type_keys(&mut app, "ju");
    assert!(effects.is_empty(), "undo of a warning run: {effects:?}");
    assert!(app.status.clone().expect("why").1.contains("W withdraws it"));

    assert!(type_keys(&mut app, "W").is_empty());
    let Some(Popup::Confirm(Confirm::Withdraw {
        warned: 2, mailed: 1, ..
    })) = &app.popup
    else {
        panic!("the withdraw question, not {:?}", app.popup);
    };
    let effects = type_keys(&mut app, "y");
    let [Effect::WithdrawWarnings { run: id, org_id, .. }] = effects.as_slice() else {
        panic!("one WithdrawWarnings effect, got {effects:?}");
    };
    assert_eq!((id, org_id.as_str()), (&run.batch_id, "org-1"));

    let withdrawal = dormant::warn::Withdrawal {
        run: run.clone(),
        audit: dormant::store::AuditRecord {
            batch_id: BatchId::parse("20260602T000000Z-0000000b").expect("id"),
            who: "tests".to_owned(),
            started_at: now(),
            finished_at: now(),
            org_id: "org-1".parse().expect("org"),
            org_name: "Acme".to_owned(),
            action: AuditAction::Withdraw,
            counts: dormant::store::AuditCounts::default(),
            state: dormant::store::AuditState::Completed,
            journal: "/tmp/warnings.json".into(),
            undo_of: Some(run.batch_id.clone()),
        },
        remaining: dormant::directory::Warnings::default(),
    };
    let effects = update(
        &mut app,
        Event::Msg(Msg::WarningsWithdrawn(Ok(Box::new(withdrawal)))),
    );
    assert!(matches!(effects.as_slice(), [Effect::LoadHistory]), "{effects:?}");
    assert!(!warned(&app), "the warning is gone from the lanes");
    assert!(
        app.status
            .clone()
            .expect("said")
            .1
            .contains("withdrew warning run")
    );

    update(
        &mut app,
        Event::Msg(Msg::WarningsWithdrawn(Err(Failure::new(
            FailureKind::DiskFull,
            "disk full",
        )))),
    );
    assert_eq!(app.status.clone().map(|(level, _)| level), Some(Level::Error));
}
