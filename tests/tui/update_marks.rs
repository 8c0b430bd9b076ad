//! `update` for marking, ranges, clearing, excluding, quitting and read-only mode.

use crate::support::console;

use console::{cursor_id, loaded_app, marked, settings, type_keys, visible_ids};
use dormant::directory::{AccountId, Lane, SortColumn, SortKey};
use dormant::tui::{Action, Confirm, Effect, Level, Popup, apply, update};

/// Sorted by name so row positions are easy to read: Ada, Bob, Cy, Dee, Eve, Fay, Gus, Hal, Ivy, Jon.
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

fn saved_marks(effects: &[Effect]) -> Option<Vec<String>> {
    effects.iter().rev().find_map(|effect| match effect {
        Effect::SaveMarks { org_id, marks } => {
            assert_eq!(org_id, "org-1");
            Some(marks.iter().map(AccountId::to_string).collect())
        }
        _ => None,
    })
}

#[test]
fn space_marks_moves_on_and_saves_and_space_again_unmarks() {
    let mut app = by_name();
    assert_eq!(cursor_id(&app).as_deref(), Some("u-ada"));
    let effects = type_keys(&mut app, " ");
    assert_eq!(marked(&app), ["u-ada"]);
    assert_eq!(
        cursor_id(&app).as_deref(),
        Some("u-bob"),
        "the cursor moves to the next row"
    );
    assert_eq!(saved_marks(&effects), Some(vec!["u-ada".to_owned()]));
    let impact = &app.data.as_ref().expect("loaded").impact;
    assert!(impact.monthly_estimate.cents > 0, "{impact}");
    type_keys(&mut app, "k ");
    assert!(marked(&app).is_empty());
}

#[test]
fn a_protected_row_is_refused_with_its_reasons_and_nothing_is_saved() {
    let mut app = by_name();
    type_keys(&mut app, "jj");
    assert_eq!(cursor_id(&app).as_deref(), Some("u-cy"));
    let effects = type_keys(&mut app, " ");
    assert!(effects.is_empty());
    assert!(marked(&app).is_empty());
    let (level, text) = app.status.clone().expect("why");
    assert_eq!(level, Level::Warning);
    assert!(text.contains("Cy Admin") && text.contains("protected"), "{text}");
    assert_eq!(
        cursor_id(&app).as_deref(),
        Some("u-cy"),
        "a refusal does not move on"
    );
}

#[test]
fn a_range_marks_every_row_between_anchor_and_cursor_except_protected() {
    let mut app = by_name();
    type_keys(&mut app, "V");
    assert!(app.range_anchor.is_some());
    let effects = type_keys(&mut app, "jjjV");
    assert_eq!(marked(&app), ["u-ada", "u-bob", "u-dee"], "Cy (admin) is skipped");
    assert_eq!(saved_marks(&effects).map(|m| m.len()), Some(3));
    let (_, text) = app.status.clone().expect("summary");
    assert!(text.contains("1 protected"), "{text}");
    // Backwards works too, and Esc cancels a started range.
    type_keys(&mut app, "GVkV");
    assert!(marked(&app).contains(&"u-jon".to_owned()) && marked(&app).contains(&"u-ivy".to_owned()));
    type_keys(&mut app, "V");
    apply(&mut app, Action::Back);
    assert!(app.range_anchor.is_none());
}

#[test]
fn star_marks_only_visible_cleanup_ready_users() {
    let mut app = by_name();
    type_keys(&mut app, "/bob\n*");
    assert_eq!(marked(&app), ["u-bob"]);
    apply(&mut app, Action::Back);
    type_keys(&mut app, "*");
    let data = app.data.as_ref().expect("loaded");
    for id in marked(&app) {
        let row = data.index.row_of(&AccountId::from(id.as_str())).expect("row");
        assert_eq!(data.index.lane(row), Lane::CleanupReady, "{id}");
    }
    let ready = data.view.lane_counts().get(Lane::CleanupReady);
    assert_eq!(marked(&app).len(), ready);
}

#[test]
fn marks_hidden_by_the_filter_are_counted_in_the_impact() {
    let mut app = by_name();
    type_keys(&mut app, "* /bob\n");
    let impact = &app.data.as_ref().expect("loaded").impact;
    assert_eq!(impact.hidden_by_filter, marked(&app).len() - 1);
}

#[test]
fn clearing_one_mark_is_immediate_and_several_ask_first() {
    let mut app = by_name();
    type_keys(&mut app, " u");
    assert!(marked(&app).is_empty());
    type_keys(&mut app, "*u");
    assert_eq!(app.popup, Some(Popup::Confirm(Confirm::ClearMarks)));
    type_keys(&mut app, "n");
    assert!(!marked(&app).is_empty(), "n keeps them");
    type_keys(&mut app, "u");
    let effects = type_keys(&mut app, "y");
    assert!(marked(&app).is_empty());
    assert_eq!(saved_marks(&effects), Some(Vec::new()));
}

#[test]
fn excluding_asks_for_a_reason_then_protects_saves_and_drops_the_marks() {
    let mut app = by_name();
    type_keys(&mut app, "  ");
    assert_eq!(marked(&app), ["u-ada", "u-bob"]);
    type_keys(&mut app, "x");
    let Some(Popup::Exclude { selection, .. }) = &app.popup else {
        panic!("exclude prompt");
    };
    assert_eq!(
        selection.accounts.len(),
        2,
        "the marked users, not the cursor row"
    );
    let effects = type_keys(&mut app, "\n");
    assert!(effects.is_empty(), "an empty reason is refused");
    assert!(matches!(app.popup, Some(Popup::Exclude { .. })));
    let effects = type_keys(&mut app, "on parental leave\n");
    assert_eq!(app.popup, None);
    assert!(marked(&app).is_empty(), "excluded users cannot stay marked");
    let data = app.data.as_ref().expect("loaded");
    for id in ["u-ada", "u-bob"] {
        let row = data.index.row_of(&AccountId::from(id)).expect("row");
        assert_eq!(data.index.lane(row), Lane::Protected, "{id}");
    }
    let saved = effects.iter().find_map(|effect| match effect {
        Effect::SaveExclusions { added } => Some((added.len(), app.exclusions.len())),
        _ => None,
    });
    assert_eq!(saved, Some((2, 2)));
    assert_eq!(saved_marks(&effects), Some(Vec::new()));
    assert_eq!(
        app.exclusions
            .get(&AccountId::from("u-ada"))
            .map(|e| e.reason.as_str()),
        Some("on parental leave")
    );
}

#[test]
fn excluding_without_marks_takes_the_cursor_row_and_esc_cancels() {
    let mut app = by_name();
    type_keys(&mut app, "x");
    let Some(Popup::Exclude { selection, .. }) = &app.popup else {
        panic!("exclude prompt");
    };
    assert_eq!(selection.accounts, [AccountId::from("u-ada")]);
    type_keys(&mut app, "why\u{1b}");
    assert_eq!(app.popup, None);
    assert!(app.exclusions.is_empty());
    type_keys(&mut app, "jjx");
    assert_eq!(app.popup, None, "an admin is already protected");
    assert!(app.status.is_some());
}

#[test]
fn quit_asks_only_when_marks_would_be_lost() {
    let mut app = by_name();
    type_keys(&mut app, "q");
    assert!(app.quit, "no marks: quit at once");

    let mut app = by_name();
    type_keys(&mut app, " q");
    assert!(app.quit, "saved marks survive the exit");

    let mut app = by_name();
    app.settings.marks_survive_exit = false;
    type_keys(&mut app, " q");
    assert!(!app.quit);
    assert_eq!(app.popup, Some(Popup::Confirm(Confirm::Quit)));
    type_keys(&mut app, "n");
    assert!(!app.quit && app.popup.is_none());
    type_keys(&mut app, "qy");
    assert!(app.quit);

    let mut app = by_name();
    type_keys(&mut app, " ");
    update(
        &mut app,
        dormant::tui::Event::Msg(dormant::tui::Msg::MarksSaveFailed {
            error: dormant::tui::Failure::new(dormant::tui::FailureKind::DiskFull, "disk full"),
        }),
    );
    type_keys(&mut app, "q");
    assert!(!app.quit, "marks that could not be saved would be lost");
    update(&mut app, dormant::tui::Event::Msg(dormant::tui::Msg::MarksSaved));
    app.popup = None;
    type_keys(&mut app, "q");
    assert!(app.quit);
}

#[test]
fn read_only_sessions_cannot_mark_even_through_apply() {
    let mut settings = settings();
    settings.read_only = true;
    settings.keymap = settings.keymap.without_dangerous();
    let mut app = console::app_with(console::small_org(), 100, 30);
    app.settings = settings;
    for action in [Action::ToggleMark, Action::RangeMark, Action::MarkAllReady] {
        assert!(apply(&mut app, action).is_empty());
    }
    type_keys(&mut app, " V*");
    assert!(marked(&app).is_empty());
    assert!(app.range_anchor.is_none());
    assert_eq!(visible_ids(&app).len(), 10, "browsing still works");
}
