//! The batch keys that must never do nothing or something else: `y` on a batch above 20 users
//! opens the "type the count" prompt as Enter does; Esc while a batch runs asks to stop it and
//! leaves the filter and everything else alone; the history page marks an undone batch and
//! shows a warning run as "warned N, mailed M"; `I` on the results page writes the `IdP` handoff.

use crate::support::console;
use crate::support::users as support;

use console::{app_with, loaded_app, type_keys};
use dormant::batch::{BatchEnd, BatchReport, BatchState, Counts, HistoryEntry};
use dormant::store::AuditAction;
use dormant::tui::{App, Confirm, Effect, Event, Msg, Popup, render, update};
use dormant::types::BatchId;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

#[test]
fn y_on_a_batch_of_more_than_20_opens_the_type_the_count_prompt() {
    let mut app = app_with(support::generate_org(3, 400), 100, 30);
    type_keys(&mut app, "*p");
    let acting = app.batch.pending.as_ref().expect("plan").preview.acting;
    assert!(acting > 20, "{acting}");
    type_keys(&mut app, "y");
    assert!(
        matches!(app.popup, Some(Popup::TypeCount { expected, .. }) if expected == acting),
        "{:?}",
        app.popup
    );
}

#[test]
fn esc_while_a_batch_runs_asks_to_stop_it_and_keeps_the_filter() {
    let mut app = loaded_app();
    type_keys(&mut app, "/bob\n \u{1b}/ada\n \u{1b}");
    type_keys(&mut app, "pyy");
    assert!(app.batch.running.is_some(), "the batch runs");
    type_keys(&mut app, "/a\n");
    assert_eq!(app.filter.text, "a");
    type_keys(&mut app, "\u{1b}");
    assert_eq!(
        app.popup,
        Some(Popup::Confirm(Confirm::StopBatch { then_quit: false }))
    );
    assert_eq!(app.filter.text, "a", "Esc did nothing else");
}

fn entry(id: &str, action: AuditAction, counts: Counts) -> HistoryEntry {
    HistoryEntry {
        batch_id: BatchId::parse(id).expect("id"),
        started_at: support::now(),
        finished_at: Some(support::now()),
        who: "tests".to_owned(),
        org_id: "org-1".parse().expect("org id"),
        org_name: "Acme".to_owned(),
        action,
        counts,
        state: BatchState::Completed,
        journal: "/tmp/j.jsonl".into(),
        undo_of: None,
        undone_by: None,
    }
}

fn screen_text(app: &App) -> String {
    let mut terminal = Terminal::new(TestBackend::new(app.area.width, app.area.height)).expect("terminal");
    terminal.draw(|frame| render(app, frame)).expect("draw");
    let buffer = terminal.backend().buffer().clone();
    let mut text = String::new();
    for y in 0..app.area.height {
        for x in 0..app.area.width {
            text.push_str(buffer[(x, y)].symbol());
        }
        text.push('\n');
    }
    text
}

#[test]
fn the_history_page_marks_an_undone_batch_and_counts_a_warning_run_as_warned_and_mailed() {
    let mut app = app_with(support::generate_org(3, 50), 200, 30);
    let suspend = "20260601T120000Z-0000beef";
    let restore = "20260601T130000Z-0000cafe";
    let mut undone = entry(
        suspend,
        AuditAction::Suspend,
        Counts {
            planned: 4,
            succeeded: 4,
            ..Counts::default()
        },
    );
    undone.undone_by = Some(BatchId::parse(restore).expect("id"));
    let mut undo = entry(
        restore,
        AuditAction::Restore,
        Counts {
            planned: 4,
            succeeded: 4,
            ..Counts::default()
        },
    );
    undo.undo_of = Some(BatchId::parse(suspend).expect("id"));
    let warned = entry(
        "20260601T140000Z-0000f00d",
        AuditAction::Warn,
        Counts {
            planned: 30,
            succeeded: 12,
            skipped: 18,
            ..Counts::default()
        },
    );
    type_keys(&mut app, "H");
    update(
        &mut app,
        Event::Msg(Msg::HistoryLoaded(Ok(vec![undone, undo, warned]))),
    );
    let text = screen_text(&app);
    let line = |id: &str| {
        text.lines()
            .find(|line| line.contains(&format!("│{id}")))
            .unwrap_or_else(|| panic!("{id}: {text}"))
            .to_owned()
    };
    assert!(
        line(suspend).contains(&format!("(undone by {restore})")),
        "{text}"
    );
    assert!(line(restore).contains(&format!("(undo of {suspend})")), "{text}");
    let warn = line("20260601T140000Z-0000f00d");
    assert!(
        warn.contains("warned 30, mailed 12") && !warn.contains("skipped"),
        "{warn}"
    );
}

#[test]
fn i_on_the_results_page_writes_the_idp_handoff_and_says_where() {
    let mut app = loaded_app();
    type_keys(&mut app, "/bob\n \u{1b}/ada\n \u{1b}");
    let effects = type_keys(&mut app, "pyy");
    let Some(Effect::Commit { plan, .. }) = effects.first() else {
        panic!("commit asked: {effects:?}");
    };
    let report = BatchReport {
        batch_id: BatchId::new(support::now()),
        journal: "/data/batches/b.jsonl".into(),
        action: plan.action,
        end: BatchEnd::Completed,
        counts: Counts::default(),
        outcomes: Vec::new(),
        entries: plan.entries.clone(),
        warnings: Vec::new(),
        memberships: std::collections::HashMap::new(),
    };
    update(&mut app, Event::Msg(Msg::CommitFinished(Ok(Box::new(report)))));
    let effects = type_keys(&mut app, "I");
    assert!(
        matches!(effects.as_slice(), [Effect::WriteHandoff { report }] if report.entries.len() == 2),
        "{effects:?}"
    );
    let path = std::path::PathBuf::from("/data/batches/b.idp-handoff.csv");
    update(&mut app, Event::Msg(Msg::HandoffWritten(Ok((path, 1)))));
    let (_, said) = app.status.clone().expect("a message");
    assert!(
        said.contains("IdP handoff CSV of 1 synced user(s) written to /data/batches/b.idp-handoff.csv"),
        "{said}"
    );
}
