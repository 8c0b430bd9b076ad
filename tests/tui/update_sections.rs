//! `update` for the preview's sections and the key guard: marked users who are not
//! cleanup-ready (and users warned whose deadline has not passed) are planned in sections of
//! their own, left out of a confirmation until the admin includes each section with its own key,
//! and the commit's `Safeguard` confirms exactly those sections, so the engine refuses the rest.
//! The preview lists every user and scrolls. While the last API answer refused the key, no
//! commit, undo or resume starts; a successful load lifts that.

use crate::support::console;
use crate::support::users as support;

use console::{app_with, loaded_app, marked, type_keys};
use dormant::batch::{Confirmed, Refusal, Safeguard, Section, Verdict};
use dormant::directory::{AccountId, Warning, Warnings};
use dormant::tui::{
    App, Confirm, Effect, Event, Failure, FailureKind, Level, Msg, Popup, Screen, preview_list::PreviewLine,
    update,
};

/// Marks Ada and Bob (cleanup-ready), Fay (active 2 days ago) and Jon, by filtering to each.
fn with_mixed_marks() -> App {
    let mut app = loaded_app();
    for name in ["ada", "bob", "fay"] {
        type_keys(&mut app, &format!("/{name}\n \u{1b}"));
    }
    assert_eq!(marked(&app), ["u-ada", "u-bob", "u-fay"]);
    app
}

/// What the engine would do with each acted-on account of the commit, on the loaded data.
fn verdicts(app: &App, effects: &[Effect]) -> Vec<(String, Verdict)> {
    let Some(Effect::Commit { plan, safeguard, .. }) = effects.first() else {
        panic!("a commit: {effects:?}");
    };
    let mut plan = (**plan).clone();
    let rules: Safeguard = safeguard.admit_new(&mut plan).expect("writable");
    let index = &app.data.as_ref().expect("data").index;
    plan.acting()
        .map(|entry| {
            let fresh = index.row_of(&entry.account_id).map(|row| index.user(row));
            (
                entry.account_id.to_string(),
                rules.verdict(plan.action, entry, fresh),
            )
        })
        .collect()
}

fn verdict_of<'a>(verdicts: &'a [(String, Verdict)], id: &str) -> &'a Verdict {
    &verdicts.iter().find(|(account, _)| account == id).expect(id).1
}

#[test]
fn a_not_cleanup_ready_mark_has_a_red_section_that_confirming_leaves_alone() {
    let mut app = with_mixed_marks();
    type_keys(&mut app, "p");
    let pending = app.batch.pending.as_ref().expect("a plan");
    let not_ready = pending
        .preview
        .section(Section::NotCleanupReady)
        .expect("a section of its own");
    assert_eq!(not_ready.accounts.len(), 1);
    assert!(
        not_ready
            .summary()
            .starts_with("1 not cleanup-ready: 1 active in the last 30 days, most recent 2 days ago"),
        "{}",
        not_ready.summary()
    );
    assert_eq!(pending.acting_confirmed(), 2, "only the cleanup-ready");
    assert_eq!(pending.held_back(), 1);
    type_keys(&mut app, "\n");
    assert_eq!(app.popup, Some(Popup::Confirm(Confirm::Commit)));
    let effects = type_keys(&mut app, "y");
    let Some(Effect::Commit { safeguard, .. }) = effects.first() else {
        panic!("{effects:?}");
    };
    assert_eq!(safeguard.confirmed(), Confirmed::only([Section::CleanupReady]));
    let verdicts = verdicts(&app, &effects);
    assert_eq!(*verdict_of(&verdicts, "u-ada"), Verdict::Act);
    assert_eq!(*verdict_of(&verdicts, "u-bob"), Verdict::Act);
    assert_eq!(
        *verdict_of(&verdicts, "u-fay"),
        Verdict::Refuse(Refusal::SectionNotConfirmed {
            section: Some(Section::NotCleanupReady)
        }),
        "the engine refuses the section not confirmed"
    );
    assert_eq!(app.batch.running.as_ref().map(|r| r.planned), Some(2));
}

#[test]
fn its_own_key_includes_the_not_cleanup_ready_section_and_the_question_says_both_counts() {
    let mut app = with_mixed_marks();
    type_keys(&mut app, "pa");
    let pending = app.batch.pending.as_ref().expect("a plan");
    assert!(pending.includes(Section::NotCleanupReady));
    assert_eq!(pending.acting_confirmed(), 3);
    assert_eq!(app.status.as_ref().map(|s| s.0), Some(Level::Warning));
    let question = pending.question("Acme");
    assert!(
        question.contains("3 user(s)") && question.contains("1 of them is not cleanup-ready"),
        "{question}"
    );
    // Pressed again, it is left out; a third time, included.
    type_keys(&mut app, "a");
    assert!(
        !app.batch
            .pending
            .as_ref()
            .expect("plan")
            .includes(Section::NotCleanupReady)
    );
    type_keys(&mut app, "a\n");
    let effects = type_keys(&mut app, "y");
    let Some(Effect::Commit { safeguard, .. }) = effects.first() else {
        panic!("{effects:?}");
    };
    assert_eq!(
        safeguard.confirmed(),
        Confirmed::only([Section::CleanupReady, Section::NotCleanupReady])
    );
    assert_eq!(*verdict_of(&verdicts(&app, &effects), "u-fay"), Verdict::Act);
}

#[test]
fn only_not_cleanup_ready_marks_have_nothing_to_confirm_until_included() {
    let mut app = loaded_app();
    type_keys(&mut app, "/fay\n \u{1b}p\n");
    assert_eq!(app.popup, None, "nothing confirmed: no question");
    let (level, text) = app.status.clone().expect("told why");
    assert_eq!(level, Level::Warning);
    assert!(text.contains("a includes the not cleanup-ready"), "{text}");
    let effects = type_keys(&mut app, "a\ny");
    assert!(
        matches!(effects.as_slice(), [Effect::Commit { .. }]),
        "{effects:?}"
    );
}

#[test]
fn a_warned_user_within_the_grace_period_is_a_section_confirmed_on_its_own() {
    let mut app = with_mixed_marks();
    let mut warnings = Warnings::default();
    warnings.record(
        AccountId::from("u-ada"),
        Warning {
            warned_at: support::days_ago(3),
            deadline: support::now() + chrono::Duration::days(11),
        },
    );
    app.data.as_mut().expect("data").index.apply_warnings(warnings);
    type_keys(&mut app, "p");
    let pending = app.batch.pending.as_ref().expect("plan");
    assert_eq!(pending.in_section(Section::GracePeriod), 1);
    assert!(!pending.includes(Section::GracePeriod));
    assert_eq!(pending.acting_confirmed(), 1, "Bob only");
    let listed = pending.lines.iter().any(|line| {
        matches!(line, PreviewLine::Text { text, .. } if text.contains("warned, deadline not passed: not included"))
    });
    assert!(listed, "the section heading says it is left alone");
    type_keys(&mut app, "\n");
    let effects = type_keys(&mut app, "y");
    let held = verdicts(&app, &effects);
    assert!(matches!(
        verdict_of(&held, "u-ada"),
        Verdict::Refuse(Refusal::SectionNotConfirmed { .. })
    ));
    let mut app = with_mixed_marks();
    let mut warnings = Warnings::default();
    warnings.record(
        AccountId::from("u-ada"),
        Warning {
            warned_at: support::days_ago(3),
            deadline: support::now() + chrono::Duration::days(11),
        },
    );
    app.data.as_mut().expect("data").index.apply_warnings(warnings);
    let effects = type_keys(&mut app, "pw\ny");
    let Some(Effect::Commit { safeguard, .. }) = effects.first() else {
        panic!("{effects:?}");
    };
    assert!(safeguard.confirmed().contains(Section::GracePeriod));
    assert!(!safeguard.confirmed().contains(Section::NotCleanupReady));
    assert_eq!(*verdict_of(&verdicts(&app, &effects), "u-ada"), Verdict::Act);
}

#[test]
fn the_preview_lists_every_user_and_scrolls_within_bounds() {
    let mut app = app_with(support::generate_org(3, 400), 80, 24);
    type_keys(&mut app, "*p");
    let pending = app.batch.pending.as_ref().expect("plan");
    let rows = pending
        .lines
        .iter()
        .filter(|line| matches!(line, PreviewLine::Row { row, .. } if row.name != "NAME"))
        .count();
    assert_eq!(rows, pending.plan.entries.len(), "one row per user of the plan");
    type_keys(&mut app, "jj");
    assert_eq!(app.batch.pending.as_ref().map(|p| p.scroll), Some(2));
    type_keys(&mut app, "k");
    assert_eq!(app.batch.pending.as_ref().map(|p| p.scroll), Some(1));
    type_keys(&mut app, "G");
    let bottom = app.batch.pending.as_ref().map_or(0, |p| p.scroll);
    assert!(bottom > 20, "{bottom}");
    type_keys(&mut app, "j");
    assert_eq!(
        app.batch.pending.as_ref().map(|p| p.scroll),
        Some(bottom),
        "no further"
    );
    update(&mut app, console::key(crossterm::event::KeyCode::PageUp));
    assert!(app.batch.pending.as_ref().is_some_and(|p| p.scroll < bottom));
    type_keys(&mut app, "g");
    assert_eq!(app.batch.pending.as_ref().map(|p| p.scroll), Some(0));
    assert_eq!(app.screen, Screen::Preview, "scrolling keeps the page");
}

fn refused_key() -> Failure {
    Failure::new(
        FailureKind::KeyRefused,
        "the API refused the key (HTTP 401): it may be wrong, revoked or expired",
    )
}

#[test]
fn no_commit_undo_or_resume_starts_while_the_key_is_refused_until_a_load_succeeds() {
    let mut app = with_mixed_marks();
    type_keys(&mut app, "p\n");
    assert_eq!(app.popup, Some(Popup::Confirm(Confirm::Commit)));
    let generation = app.generation;
    update(
        &mut app,
        Event::Msg(Msg::LoadFailed {
            generation,
            error: refused_key(),
        }),
    );
    assert!(app.batch.key_refused.is_some());
    assert!(
        type_keys(&mut app, "y").is_empty(),
        "the open question commits nothing"
    );
    let (level, text) = app.status.clone().expect("told why");
    assert_eq!(level, Level::Error);
    assert!(
        text.contains("dormant login") && text.contains("DORMANT_API_KEY") && text.contains("press r"),
        "{text}"
    );
    type_keys(&mut app, "p\n");
    assert_eq!(app.popup, None, "confirm does nothing but say why");
    let pending = app.batch.pending.as_ref().expect("the preview still shows");
    let warned = pending.lines.iter().any(|line| {
        matches!(line, PreviewLine::Text { text, .. } if text.contains("No batch can start") && text.contains("dormant login"))
    });
    assert!(warned, "the preview says why");
    app.popup = Some(Popup::Confirm(Confirm::Resume));
    assert!(type_keys(&mut app, "y").is_empty(), "no resume");
    assert!(app.batch.running.is_none());

    // A reload that succeeds lifts it.
    let generation = app.generation;
    update(
        &mut app,
        Event::Msg(Msg::DirectoryLoaded {
            generation,
            data: console::prepared(console::small_org(), console::live(), None),
            summary: "loaded".to_owned(),
        }),
    );
    assert!(app.batch.key_refused.is_none());
    type_keys(&mut app, "\u{1b}p\n");
    assert_eq!(app.popup, Some(Popup::Confirm(Confirm::Commit)));
    assert!(matches!(
        type_keys(&mut app, "y").as_slice(),
        [Effect::Commit { .. }]
    ));
}

#[test]
fn a_batch_or_undo_failing_on_the_key_blocks_the_next_and_other_failures_do_not() {
    let mut app = with_mixed_marks();
    update(
        &mut app,
        Event::Msg(Msg::CommitFinished(Err(Failure::new(
            FailureKind::Network,
            "unreachable",
        )))),
    );
    assert!(app.batch.key_refused.is_none());
    update(
        &mut app,
        Event::Msg(Msg::CommitFinished(Err(Failure::new(
            FailureKind::NoKey,
            "no API key",
        )))),
    );
    assert!(app.batch.key_refused.is_some());
    type_keys(&mut app, "H");
    update(
        &mut app,
        Event::Msg(Msg::HistoryLoaded(Ok(vec![dormant::batch::HistoryEntry {
            batch_id: dormant::types::BatchId::parse("20260601-120000-abcd").expect("id"),
            started_at: support::now(),
            finished_at: Some(support::now()),
            who: "tests".to_owned(),
            org_id: "org-1".parse().expect("org id"),
            org_name: "Acme".to_owned(),
            action: dormant::store::AuditAction::Suspend,
            counts: dormant::batch::Counts::default(),
            state: dormant::batch::BatchState::Completed,
            journal: "/tmp/j.jsonl".into(),
            undo_of: None,
            undone_by: None,
        }]))),
    );
    assert!(type_keys(&mut app, "u").is_empty(), "no undo is planned");
    assert!(
        app.status
            .as_ref()
            .is_some_and(|s| s.1.contains("undo is blocked"))
    );
}
