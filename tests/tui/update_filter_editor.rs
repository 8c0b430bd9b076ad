//! `update` for the filter bar's editor (issue 17, item 1): editing at the caret filters live,
//! Tab completes from the loaded org and cycles, ↑/↓ walk the profile's history, only applied
//! filters are remembered and saved, and an unreadable history file is a warning that is never
//! overwritten.

use crate::support::console::{app_with, key, loaded_app, small_org, type_keys, visible_ids};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use dormant::directory::DirectoryIndex;
use dormant::directory::{Exclusions, Policy};
use dormant::tui::filter_editor::complete::{Vocabulary, complete};
use dormant::tui::{App, Effect, Event, Failure, FailureKind, Level, Msg, Popup, render, update};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Position;
use std::sync::Arc;

fn press(app: &mut App, code: KeyCode, modifiers: KeyModifiers) -> Vec<Effect> {
    update(app, Event::Key(KeyEvent::new(code, modifiers)))
}

/// The bar's text and caret.
fn bar(app: &App) -> (String, usize) {
    match &app.popup {
        Some(Popup::Filter(editor)) => (editor.text().to_owned(), editor.caret()),
        other => panic!("the filter bar is not open: {other:?}"),
    }
}

fn saved(effects: &[Effect]) -> Option<Vec<String>> {
    effects.iter().find_map(|effect| match effect {
        Effect::SaveFilterHistory { filters } => Some(filters.clone()),
        _ => None,
    })
}

fn history_arrives(app: &mut App, filters: &[&str]) -> Vec<Effect> {
    let filters = filters.iter().map(|&filter| filter.to_owned()).collect();
    update(app, Event::Msg(Msg::FilterHistoryLoaded(Ok(filters))))
}

#[test]
fn typing_in_the_middle_filters_live_with_the_caret_where_it_was() {
    let mut app = loaded_app();
    type_keys(&mut app, "/lane:ready");
    let ready = visible_ids(&app);
    press(&mut app, KeyCode::Home, KeyModifiers::NONE);
    type_keys(&mut app, "!");
    assert_eq!(bar(&app), ("!lane:ready".to_owned(), 1));
    let not_ready = visible_ids(&app);
    assert_eq!(not_ready.len() + ready.len(), 10, "{not_ready:?}");
    press(&mut app, KeyCode::Char('e'), KeyModifiers::CONTROL);
    press(&mut app, KeyCode::Char('b'), KeyModifiers::ALT);
    assert_eq!(bar(&app).1, 1, "alt-b: back to the start of the word");
    press(&mut app, KeyCode::Delete, KeyModifiers::NONE);
    assert_eq!(bar(&app).0, "!ane:ready");
    assert!(app.filter.error.is_some(), "`ane:` is not a field");
    assert_eq!(visible_ids(&app), not_ready, "the last valid filter stays");
    type_keys(&mut app, "l");
    assert_eq!(bar(&app), ("!lane:ready".to_owned(), 2));
    assert!(app.filter.error.is_none());
}

#[test]
fn tab_completes_a_group_then_cycles_and_another_key_ends_the_cycle() {
    let mut app = loaded_app();
    type_keys(&mut app, "/group:eng\t");
    assert_eq!(bar(&app), ("group:engineering".to_owned(), 17));
    assert_eq!(app.filter.text, "group:engineering", "applied at once");
    assert_eq!(visible_ids(&app).len(), 2);
    type_keys(&mut app, " lane:r\t");
    assert_eq!(bar(&app).0, "group:engineering lane:ready");
    type_keys(&mut app, "\t");
    assert_eq!(
        bar(&app).0,
        "group:engineering lane:review",
        "Tab again: the next"
    );
    type_keys(&mut app, "\t");
    assert_eq!(bar(&app).0, "group:engineering lane:ready", "and around");
    type_keys(&mut app, ",\t");
    assert_eq!(
        bar(&app).0,
        "group:engineering lane:ready,active",
        "after another key, Tab completes afresh (the first in order)"
    );
    type_keys(&mut app, " zz:\t");
    assert!(
        matches!(&app.status, Some((Level::Info, text)) if text.contains("nothing to complete")),
        "{:?}",
        app.status
    );
}

#[test]
fn completion_is_a_pure_function_of_the_orgs_names() {
    let directory = Arc::new(small_org());
    let as_of = directory.loaded_at;
    let index = DirectoryIndex::build(directory, &Policy::default(), &Exclusions::default(), as_of);
    let vocabulary = Vocabulary::of(&index);
    let found = complete("!group:o", 8, &vocabulary).expect("a group");
    assert_eq!(
        (found.start, found.candidates),
        (7, vec!["operations".to_owned()])
    );
    let found = complete("js", 2, &vocabulary).expect("a product field");
    assert_eq!(found.candidates, ["jsm:"]);
    let found = complete("conf", 4, &vocabulary).expect("a product field");
    assert_eq!(found.candidates, ["conf:", "confluence:"]);
    let found = complete("domain:", 7, &vocabulary).expect("the org's domains");
    assert!(!found.candidates.is_empty());
    assert!(
        found
            .candidates
            .iter()
            .all(|domain| index_has_domain(&index, domain)),
        "{:?}",
        found.candidates
    );
}

fn index_has_domain(index: &DirectoryIndex, domain: &str) -> bool {
    index.parse_query(&format!("domain:{domain}")).is_ok()
}

#[test]
fn up_and_down_walk_the_history_and_enter_records_only_applied_filters() {
    let mut app = loaded_app();
    assert!(saved(&history_arrives(&mut app, &["lane:ready", "idle:>300"])).is_none());
    type_keys(&mut app, "/bob");
    press(&mut app, KeyCode::Up, KeyModifiers::NONE);
    assert_eq!(bar(&app).0, "idle:>300");
    assert_eq!(app.filter.text, "idle:>300", "a recalled filter applies");
    press(&mut app, KeyCode::Up, KeyModifiers::NONE);
    assert_eq!(bar(&app).0, "lane:ready");
    press(&mut app, KeyCode::Down, KeyModifiers::NONE);
    press(&mut app, KeyCode::Down, KeyModifiers::NONE);
    assert_eq!(bar(&app), ("bob".to_owned(), 3), "back to what was typed");
    assert_eq!(visible_ids(&app), ["u-bob"]);

    // An invalid text is not recorded: Enter keeps the bar open.
    type_keys(&mut app, " idle:>");
    assert!(saved(&type_keys(&mut app, "\n")).is_none());
    assert!(matches!(app.popup, Some(Popup::Filter(_))));
    type_keys(&mut app, "9");
    let effects = type_keys(&mut app, "\n");
    assert_eq!(
        saved(&effects),
        Some(vec![
            "lane:ready".to_owned(),
            "idle:>300".to_owned(),
            "bob idle:>9".to_owned()
        ])
    );
    // Esc clears without recording; the same filter again changes nothing.
    assert!(saved(&type_keys(&mut app, "/x\u{1b}")).is_none());
    press(&mut app, KeyCode::Char('/'), KeyModifiers::NONE);
    press(&mut app, KeyCode::Up, KeyModifiers::NONE);
    assert_eq!(bar(&app).0, "bob idle:>9");
    assert!(saved(&press(&mut app, KeyCode::Enter, KeyModifiers::NONE)).is_none());
}

#[test]
fn rows_move_from_the_bar_with_ctrl_n_and_ctrl_p() {
    let mut app = loaded_app();
    type_keys(&mut app, "/");
    press(&mut app, KeyCode::Char('n'), KeyModifiers::CONTROL);
    assert_eq!(app.cursor, 1);
    press(&mut app, KeyCode::Char('p'), KeyModifiers::CONTROL);
    assert_eq!(app.cursor, 0);
    assert_eq!(bar(&app).0, "", "moving rows types nothing");
}

#[test]
fn filters_applied_before_the_history_arrives_are_kept_and_saved_with_it() {
    let mut app = loaded_app();
    let effects = type_keys(&mut app, "/lane:ready\n");
    assert!(saved(&effects).is_none(), "the file is not read yet");
    let effects = history_arrives(&mut app, &["idle:>90"]);
    assert_eq!(
        saved(&effects),
        Some(vec!["idle:>90".to_owned(), "lane:ready".to_owned()])
    );
}

#[test]
fn an_unreadable_history_is_a_warning_and_is_never_written() {
    let mut app = loaded_app();
    let error = Failure::new(
        FailureKind::BadData,
        "history.json is not a dormant filter history",
    );
    update(&mut app, Event::Msg(Msg::FilterHistoryLoaded(Err(error))));
    assert!(
        matches!(&app.status, Some((Level::Warning, text)) if text.contains("not a dormant filter history")),
        "{:?}",
        app.status
    );
    let effects = type_keys(&mut app, "/lane:ready\n");
    assert!(saved(&effects).is_none());
    update(&mut app, key(KeyCode::Char('/')));
    press(&mut app, KeyCode::Up, KeyModifiers::NONE);
    assert_eq!(bar(&app).0, "lane:ready", "still walkable in this session");
}

/// The drawn screen, one line per row, and where the terminal cursor was left.
fn drawn(app: &App) -> (Vec<String>, Position) {
    let mut terminal = Terminal::new(TestBackend::new(app.area.width, app.area.height)).expect("terminal");
    terminal.draw(|frame| render(app, frame)).expect("draw");
    let buffer = terminal.backend().buffer().clone();
    let lines = (0..app.area.height)
        .map(|y| {
            (0..app.area.width)
                .map(|x| buffer[(x, y)].symbol())
                .collect::<String>()
        })
        .collect();
    (lines, terminal.get_cursor_position().expect("cursor"))
}

#[test]
fn candidates_show_in_the_bar_and_the_key_footer_stays_at_80x24() {
    let mut app = app_with(small_org(), 80, 24);
    type_keys(&mut app, "/lane:\t");
    let (lines, cursor) = drawn(&app);
    assert!(
        lines[22].starts_with("/ lane:active█  1/4: active · protected · ready · review"),
        "{}",
        lines[22]
    );
    assert_eq!(cursor, Position::new(13, 22), "the cursor is on the caret");
    assert!(
        lines[23].starts_with("enter keep  esc cancel  tab complete") && lines[23].contains("marked"),
        "{}",
        lines[23]
    );
}

#[test]
fn the_caret_in_the_middle_is_drawn_on_its_character_and_long_text_scrolls_to_it() {
    let mut app = app_with(small_org(), 80, 24);
    type_keys(&mut app, "/lane:ready idle:>90");
    press(&mut app, KeyCode::Char('a'), KeyModifiers::CONTROL);
    press(&mut app, KeyCode::Right, KeyModifiers::NONE);
    let (lines, cursor) = drawn(&app);
    assert!(lines[22].starts_with("/ lane:ready idle:>90 "), "{}", lines[22]);
    assert_eq!(cursor, Position::new(3, 22));
    let long = "x".repeat(120);
    type_keys(&mut app, &format!("\u{1b}/{long}"));
    let (lines, cursor) = drawn(&app);
    assert!(
        lines[22].ends_with("x█"),
        "the end of the text and the caret: {}",
        lines[22]
    );
    assert_eq!(cursor.y, 22);
    assert!(cursor.x < 80);
}
