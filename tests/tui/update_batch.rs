//! `update` for batches: the preview, confirming (typed count above 20), progress, results,
//! stopping, history and undo, resuming unfinished batches, and read-only sessions.

use crate::support::console;
use crate::support::users as support;

use console::{app_with, loaded_app, marked, type_keys};
use crossterm::event::KeyCode;
use dormant::batch::{
    BatchAction, BatchEnd, BatchReport, BatchState, Confirmation, Counts, HistoryEntry, Outcome, UserOutcome,
};
use dormant::directory::AccountId;
use dormant::store::AuditAction;
use dormant::tui::{
    Action, App, Confirm, Effect, Event, Level, Msg, PlanSource, Popup, Scope, Screen, apply, update,
};
use dormant::types::BatchId;

fn msg(app: &mut App, msg: Msg) -> Vec<Effect> {
    update(app, Event::Msg(msg))
}

/// Marks Bob and Ada (both cleanup-ready) by filtering to each.
fn with_two_marks() -> App {
    let mut app = loaded_app();
    type_keys(&mut app, "/bob\n \u{1b}/ada\n \u{1b}");
    assert_eq!(marked(&app), ["u-ada", "u-bob"]);
    app
}

fn report_for(app: &App, failed: &[&str]) -> BatchReport {
    let outcomes: Vec<UserOutcome> = marked(app)
        .iter()
        .map(|id| UserOutcome {
            account_id: AccountId::from(id.as_str()),
            name: id.clone(),
            email: None,
            action: BatchAction::Suspend,
            outcome: if failed.contains(&id.as_str()) {
                Outcome::Failed {
                    error: "HTTP 500".to_owned(),
                }
            } else {
                Outcome::Succeeded {
                    confirmed_by: Confirmation::Answer,
                }
            },
            at: support::now(),
        })
        .collect();
    BatchReport {
        batch_id: BatchId::new(support::now()),
        journal: "/tmp/journal.jsonl".into(),
        action: BatchAction::Suspend,
        end: BatchEnd::Completed,
        counts: Counts {
            planned: outcomes.len(),
            succeeded: outcomes.len() - failed.len(),
            skipped: 0,
            refused: 0,
            failed: failed.len(),
            elsewhere: 0,
        },
        outcomes,
        entries: Vec::new(),
        warnings: Vec::new(),
        memberships: std::collections::HashMap::new(),
    }
}

#[test]
fn p_previews_the_marked_users_and_esc_leaves_without_changing_anything() {
    let mut app = with_two_marks();
    let effects = type_keys(&mut app, "p");
    assert!(effects.is_empty(), "a preview changes nothing");
    assert_eq!(app.screen, Screen::Preview);
    let pending = app.batch.pending.as_ref().expect("a plan");
    assert_eq!(
        pending.source,
        PlanSource::Marks {
            scope: Scope::AllMarks
        }
    );
    assert_eq!(pending.preview.acting, 2);
    assert_eq!(pending.plan.action, BatchAction::Suspend);
    update(&mut app, console::key(KeyCode::Tab));
    let pending = app.batch.pending.as_ref().expect("a plan");
    assert_eq!(
        pending.plan.action,
        BatchAction::Deactivate,
        "Tab switches the action"
    );
    apply(&mut app, Action::Back);
    assert_eq!(app.screen, Screen::Browse);
    assert!(app.batch.pending.is_none());
    assert_eq!(marked(&app).len(), 2, "marks stay");
}

#[test]
fn confirming_a_small_batch_asks_yes_and_starts_the_commit() {
    let mut app = with_two_marks();
    type_keys(&mut app, "p\n");
    assert_eq!(app.popup, Some(Popup::Confirm(Confirm::Commit)));
    type_keys(&mut app, "n");
    assert_eq!(app.screen, Screen::Preview, "n goes back to the preview");
    type_keys(&mut app, "y");
    let effects = type_keys(&mut app, "y");
    let Some(Effect::Commit { plan, cap, .. }) = effects.first() else {
        panic!("commit asked: {effects:?}");
    };
    assert_eq!(plan.acting().count(), 2);
    assert_eq!(*cap, dormant::types::BatchCap::DEFAULT);
    assert!(app.batch.running.is_some());
    assert_eq!(
        app.screen,
        Screen::Browse,
        "the console stays usable while it runs"
    );
    type_keys(&mut app, "p");
    assert!(app.batch.pending.is_none(), "one batch at a time");
}

#[test]
fn a_batch_of_more_than_20_users_needs_the_count_typed() {
    let mut app = app_with(support::generate_org(3, 400), 100, 30);
    type_keys(&mut app, "*");
    let acting = {
        type_keys(&mut app, "p");
        app.batch.pending.as_ref().expect("plan").preview.acting
    };
    assert!(acting > 20, "{acting}");
    type_keys(&mut app, "\n");
    assert!(matches!(app.popup, Some(Popup::TypeCount { expected, .. }) if expected == acting));
    let effects = type_keys(&mut app, "12\n");
    assert!(effects.is_empty(), "a wrong number commits nothing");
    assert_eq!(app.status.as_ref().map(|s| s.0), Some(Level::Warning));
    let effects = type_keys(&mut app, &format!("{acting}\n"));
    assert!(
        matches!(effects.first(), Some(Effect::Commit { .. })),
        "{effects:?}"
    );
}

#[test]
fn only_protected_users_leave_nothing_to_confirm() {
    let mut app = loaded_app();
    type_keys(&mut app, "/cy\np\n");
    assert_eq!(app.screen, Screen::Preview);
    assert_eq!(app.batch.pending.as_ref().map(|p| p.preview.acting), Some(0));
    assert_eq!(app.popup, None);
    assert_eq!(app.status.as_ref().map(|s| s.0), Some(Level::Warning));
}

#[test]
fn progress_shows_and_the_end_clears_settled_marks_and_reloads() {
    let mut app = with_two_marks();
    type_keys(&mut app, "p\ny");
    let report = report_for(&app, &["u-bob"]);
    let effects = msg(&mut app, Msg::CommitFinished(Ok(Box::new(report))));
    assert!(app.batch.running.is_none());
    assert_eq!(app.screen, Screen::Results);
    assert_eq!(
        marked(&app),
        ["u-bob"],
        "a failed account stays marked to try again"
    );
    assert!(effects.iter().any(|e| matches!(
        e,
        Effect::LoadDirectory {
            with_cache: false,
            ..
        }
    )));
    assert!(effects.iter().any(|e| matches!(e, Effect::SaveMarks { .. })));
    let (level, text) = app.status.clone().expect("summary");
    assert_eq!(level, Level::Warning);
    assert!(text.contains("1 done") && text.contains("1 failed"), "{text}");
    let effects = type_keys(&mut app, "e");
    assert!(matches!(effects.as_slice(), [Effect::ExportResults { .. }]));
    msg(
        &mut app,
        Msg::ResultsExported(Ok(vec!["/tmp/a.results.csv".into()])),
    );
    assert!(app.status.as_ref().is_some_and(|s| s.1.contains("a.results.csv")));
}

#[test]
fn quitting_during_a_batch_stops_it_first_then_quits() {
    let mut app = with_two_marks();
    type_keys(&mut app, "p\ny");
    type_keys(&mut app, "q");
    assert_eq!(
        app.popup,
        Some(Popup::Confirm(Confirm::StopBatch { then_quit: true }))
    );
    let effects = type_keys(&mut app, "y");
    assert!(matches!(effects.as_slice(), [Effect::CancelBatch]));
    assert!(!app.quit, "not before the batch has stopped");
    let mut report = report_for(&app, &[]);
    report.end = BatchEnd::Cancelled;
    msg(&mut app, Msg::CommitFinished(Ok(Box::new(report))));
    assert!(app.quit);
}

#[test]
fn esc_offers_to_stop_a_running_batch() {
    let mut app = with_two_marks();
    type_keys(&mut app, "p\ny");
    apply(&mut app, Action::Back);
    assert_eq!(
        app.popup,
        Some(Popup::Confirm(Confirm::StopBatch { then_quit: false }))
    );
    let effects = type_keys(&mut app, "y");
    assert!(matches!(effects.as_slice(), [Effect::CancelBatch]));
    assert!(app.batch.running.as_ref().is_some_and(|r| r.cancelling));
    apply(&mut app, Action::Back);
    assert_eq!(app.popup, None, "asked once");
}

#[test]
fn history_lists_batches_and_u_plans_an_undo_that_is_previewed() {
    let mut app = loaded_app();
    let effects = type_keys(&mut app, "H");
    assert!(matches!(effects.as_slice(), [Effect::LoadHistory]));
    assert_eq!(app.screen, Screen::History);
    let entry = HistoryEntry {
        batch_id: BatchId::parse("20260601-120000-abcd").expect("id"),
        started_at: support::now(),
        finished_at: Some(support::now()),
        who: "tests".to_owned(),
        org_id: "org-1".parse().expect("org id"),
        org_name: "Acme".to_owned(),
        action: AuditAction::Suspend,
        counts: Counts::default(),
        state: BatchState::Completed,
        journal: "/tmp/j.jsonl".into(),
        undo_of: None,
        undone_by: None,
    };
    msg(&mut app, Msg::HistoryLoaded(Ok(vec![entry.clone(), entry])));
    type_keys(&mut app, "j");
    assert_eq!(app.batch.history_cursor, 1);
    let effects = type_keys(&mut app, "u");
    assert!(
        matches!(effects.as_slice(), [Effect::PlanUndo { batch_id }] if *batch_id == "20260601-120000-abcd")
    );
    msg(
        &mut app,
        Msg::UndoPlanned {
            batch_id: BatchId::parse("b-1").expect("id"),
            plan: Err(dormant::tui::Failure::new(
                dormant::tui::FailureKind::Conflict,
                "the batch is unfinished",
            )),
        },
    );
    assert_eq!(app.status.as_ref().map(|s| s.0), Some(Level::Error));
}

#[test]
fn unfinished_batches_are_offered_for_resume_once_the_org_is_loaded() {
    let (mut app, _) = console::fresh_app(console::settings(), 100, 30);
    let generation = app.generation;
    let effects = msg(
        &mut app,
        Msg::DirectoryLoaded {
            generation,
            data: console::prepared(console::small_org(), console::live(), None),
            summary: String::new(),
        },
    );
    assert!(effects.iter().any(|e| matches!(e, Effect::FindUnfinished)));
    msg(&mut app, Msg::UnfinishedFound(Ok(1)));
    assert_eq!(app.popup, Some(Popup::Confirm(Confirm::Resume)));
    let effects = type_keys(&mut app, "y");
    assert!(matches!(effects.as_slice(), [Effect::ResumeUnfinished { .. }]));
    assert!(app.batch.running.is_some());
}

#[test]
fn read_only_sessions_cannot_preview_undo_or_resume() {
    let mut app = with_two_marks();
    app.settings.read_only = true;
    app.settings.keymap = app.settings.keymap.clone().without_dangerous();
    type_keys(&mut app, "p");
    assert_eq!(app.screen, Screen::Browse);
    assert!(apply(&mut app, Action::Preview).is_empty());
    assert!(app.batch.pending.is_none());
    msg(&mut app, Msg::UnfinishedFound(Ok(2)));
    assert_eq!(app.popup, None);
    assert!(
        app.status
            .as_ref()
            .is_some_and(|s| s.1.contains("dormant resume"))
    );
    app.batch.history = vec![];
    type_keys(&mut app, "H");
    assert!(type_keys(&mut app, "u").is_empty());
}

/// The console's keymap with `config` (a `[keys]` table's contents) laid over the defaults.
fn rebound(app: &mut App, config: &str) {
    let keys: dormant::store::config::KeyTable = toml::from_str(config).expect("toml");
    app.settings.keymap = dormant::tui::Keymap::with_overrides(&keys).expect("valid keymap");
}

fn with_history(app: &mut App) {
    type_keys(app, "H");
    let entry = HistoryEntry {
        batch_id: BatchId::parse("20260601-120000-abcd").expect("id"),
        started_at: support::now(),
        finished_at: Some(support::now()),
        who: "tests".to_owned(),
        org_id: "org-1".parse().expect("org id"),
        org_name: "Acme".to_owned(),
        action: AuditAction::Suspend,
        counts: Counts::default(),
        state: BatchState::Completed,
        journal: "/tmp/j.jsonl".into(),
        undo_of: None,
        undone_by: None,
    };
    msg(app, Msg::HistoryLoaded(Ok(vec![entry])));
}

#[test]
fn history_undo_follows_the_keymap_and_u_is_clear_marks_again_once_moved() {
    let mut app = with_two_marks();
    rebound(&mut app, "[history]\nundo = [\"U\"]\n");
    with_history(&mut app);
    let effects = type_keys(&mut app, "u");
    assert!(
        !effects.iter().any(|e| matches!(e, Effect::PlanUndo { .. })),
        "{effects:?}"
    );
    assert_eq!(
        app.popup,
        Some(Popup::Confirm(Confirm::ClearMarks)),
        "u is the browse key again"
    );
    type_keys(&mut app, "n");
    let effects = type_keys(&mut app, "U");
    assert!(matches!(effects.as_slice(), [Effect::PlanUndo { .. }]));
}

#[test]
fn preview_results_and_question_keys_follow_the_keymap() {
    let mut app = with_two_marks();
    rebound(
        &mut app,
        "[preview]\nconfirm = [\"c\"]\nswitch_action = [\"D\"]\n[confirm]\nconfirm = [\"o\"]\n\
         [results]\nexport = [\"X\"]\n",
    );
    type_keys(&mut app, "p");
    update(&mut app, console::key(KeyCode::Tab));
    assert_eq!(app.batch.action, BatchAction::Suspend, "tab no longer switches");
    type_keys(&mut app, "D");
    assert_eq!(app.batch.action, BatchAction::Deactivate);
    type_keys(&mut app, "y");
    assert_eq!(app.popup, None, "y no longer confirms the preview");
    type_keys(&mut app, "c");
    assert_eq!(app.popup, Some(Popup::Confirm(Confirm::Commit)));
    assert!(type_keys(&mut app, "y").is_empty(), "nor answers the question");
    let effects = type_keys(&mut app, "o");
    assert!(matches!(effects.as_slice(), [Effect::Commit { .. }]));
    let report = report_for(&app, &[]);
    msg(&mut app, Msg::CommitFinished(Ok(Box::new(report))));
    assert_eq!(app.screen, Screen::Results);
    let effects = type_keys(&mut app, "e");
    assert!(
        matches!(effects.as_slice(), [Effect::ExportView { .. }]),
        "e falls through to the browse key (export the view), not the results export"
    );
    let effects = type_keys(&mut app, "X");
    assert!(matches!(effects.as_slice(), [Effect::ExportResults { .. }]));
}

#[test]
fn read_only_history_says_undo_is_disabled_and_does_not_clear_marks() {
    let mut app = with_two_marks();
    app.settings.read_only = true;
    app.settings.keymap = app.settings.keymap.clone().without_dangerous();
    with_history(&mut app);
    assert!(type_keys(&mut app, "u").is_empty());
    assert_eq!(app.popup, None, "u did not fall through to clear_marks");
    let (level, text) = app.status.clone().expect("told why");
    assert_eq!(level, Level::Warning);
    assert!(text.contains("undo is disabled"), "{text}");
    assert_eq!(marked(&app).len(), 2);
}
