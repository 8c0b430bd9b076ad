//! Prompts on marks (exclude, warn, preview) say how many marks the filter hides and switch
//! between every mark, the marks the filter shows and the cursor row alone; the choice is what
//! is excluded, warned or planned, and the marks themselves stay as they were.

use crate::support::console;

use console::{cursor_id, loaded_app, marked, type_keys};
use dormant::directory::{AccountId, SortColumn, SortKey};
use dormant::tui::{App, Effect, PlanSource, Popup, Scope, Screen, Selection};

/// Ada, Bob and Gus marked; the filter shows Ada and Fay (Bob and Gus hidden); the cursor on Fay.
fn hidden_marks() -> App {
    let mut app = loaded_app();
    app.sort = SortKey {
        column: SortColumn::Name,
        descending: false,
    };
    type_keys(&mut app, "SSg");
    // Ada, Bob (rows 1, 2), then Gus (row 7).
    type_keys(&mut app, "  jjjj ");
    assert_eq!(marked(&app), ["u-ada", "u-bob", "u-gus"]);
    type_keys(&mut app, "/lovelace OR recent\ng");
    type_keys(&mut app, "j");
    assert_eq!(cursor_id(&app).as_deref(), Some("u-fay"));
    app.status = None;
    app
}

fn ids(accounts: &[AccountId]) -> Vec<&str> {
    accounts.iter().map(AccountId::as_str).collect()
}

fn exclude_selection(app: &App) -> &Selection {
    match &app.popup {
        Some(Popup::Exclude { selection, .. }) => selection,
        other => panic!("the exclude prompt, not {other:?}"),
    }
}

#[test]
fn the_exclude_prompt_counts_hidden_marks_and_can_exclude_the_cursor_row_alone() {
    let mut app = hidden_marks();
    type_keys(&mut app, "x");
    let selection = exclude_selection(&app);
    assert_eq!((selection.marked, selection.hidden), (3, 2));
    assert_eq!(selection.summary()[0], "3 marked, 2 hidden by the filter.");
    assert_eq!(ids(&selection.accounts), ["u-ada", "u-bob", "u-gus"]);
    assert_eq!(
        selection.choices,
        [Scope::AllMarks, Scope::VisibleMarks, Scope::CursorRow]
    );

    type_keys(&mut app, "\t");
    let selection = exclude_selection(&app);
    assert_eq!(selection.scope, Scope::VisibleMarks);
    assert_eq!(ids(&selection.accounts), ["u-ada"]);
    type_keys(&mut app, "\t");
    let selection = exclude_selection(&app);
    assert_eq!(selection.scope, Scope::CursorRow);
    assert_eq!(ids(&selection.accounts), ["u-fay"]);
    assert!(
        selection.describe().contains("Fay Recent"),
        "{}",
        selection.describe()
    );

    let effects = type_keys(&mut app, "back next month\n");
    let added = effects.iter().find_map(|effect| match effect {
        Effect::SaveExclusions { added } => Some(added.clone()),
        _ => None,
    });
    let added = added.expect("exclusions saved");
    assert_eq!(added.len(), 1);
    assert_eq!(added[0].account_id.as_str(), "u-fay");
    assert_eq!(app.exclusions.len(), 1, "only the row under the cursor");
    assert_eq!(marked(&app), ["u-ada", "u-bob", "u-gus"], "the marks stay");
}

#[test]
fn the_switch_key_cycles_back_to_every_mark_and_esc_excludes_nobody() {
    let mut app = hidden_marks();
    type_keys(&mut app, "x\t\t\t");
    assert_eq!(exclude_selection(&app).scope, Scope::AllMarks);
    type_keys(&mut app, "\u{1b}");
    assert_eq!(app.popup, None);
    assert!(app.exclusions.is_empty());
}

#[test]
fn without_marks_the_prompt_is_the_cursor_row_and_has_nothing_to_switch() {
    let mut app = loaded_app();
    type_keys(&mut app, "x");
    let selection = exclude_selection(&app).clone();
    assert_eq!(selection.scope, Scope::CursorRow);
    assert!(!selection.can_switch());
    assert!(
        selection.summary()[0].starts_with("Nothing is marked"),
        "{:?}",
        selection.summary()
    );
    type_keys(&mut app, "\t");
    assert_eq!(exclude_selection(&app), &selection);
    let (_, text) = app.status.clone().expect("said");
    assert!(text.starts_with("nothing else to choose"), "{text}");
}

#[test]
fn the_preview_plans_exactly_the_chosen_set_and_keeps_it_across_suspend_and_deactivate() {
    let mut app = hidden_marks();
    type_keys(&mut app, "p");
    assert_eq!(app.screen, Screen::Preview);
    let pending = app.batch.pending.as_ref().expect("plan");
    assert_eq!(
        pending.source,
        PlanSource::Marks {
            scope: Scope::AllMarks
        }
    );
    assert_eq!(pending.plan.entries.len(), 3);
    assert_eq!(pending.preview.hidden_by_filter, 2);

    type_keys(&mut app, "m");
    let pending = app.batch.pending.as_ref().expect("plan");
    assert_eq!(
        pending.source,
        PlanSource::Marks {
            scope: Scope::VisibleMarks
        }
    );
    let planned: Vec<&str> = pending
        .plan
        .entries
        .iter()
        .map(|e| e.account_id.as_str())
        .collect();
    assert_eq!(planned, ["u-ada"]);
    assert_eq!(pending.preview.hidden_by_filter, 0);

    type_keys(&mut app, "m");
    type_keys(&mut app, "\t");
    let pending = app.batch.pending.as_ref().expect("plan");
    assert_eq!(
        pending.source,
        PlanSource::Marks {
            scope: Scope::CursorRow
        }
    );
    assert_eq!(pending.plan.action, dormant::batch::BatchAction::Deactivate);
    let planned: Vec<&str> = pending
        .plan
        .entries
        .iter()
        .map(|e| e.account_id.as_str())
        .collect();
    assert_eq!(planned, ["u-fay"], "switching the action keeps the set");

    type_keys(&mut app, "m");
    let pending = app.batch.pending.as_ref().expect("plan");
    assert_eq!(
        pending.source,
        PlanSource::Marks {
            scope: Scope::AllMarks
        }
    );
    assert_eq!(pending.plan.entries.len(), 3);
}

#[test]
fn warn_on_the_cursor_row_alone_warns_only_that_row() {
    let mut app = hidden_marks();
    assert!(type_keys(&mut app, "w").is_empty());
    let Some(Popup::Warn { selection, .. }) = &app.popup else {
        panic!("the warn prompt");
    };
    assert_eq!((selection.marked, selection.hidden), (3, 2));
    let effects = type_keys(&mut app, "\t\t\n");
    let [Effect::RecordWarnings { run, .. }] = effects.as_slice() else {
        panic!("one RecordWarnings effect, got {effects:?}");
    };
    let warned: Vec<&str> = run.records.iter().map(|r| r.account_id.as_str()).collect();
    assert_eq!(warned, ["u-fay"]);
}
