//! The console's filter bar against the loaded org (issue 15, hole 3): a group, domain or
//! product the org does not have is an error with the closest names, shown in the bar, while
//! the last valid filter stays applied; when a reload removes a name the filter uses, no rows
//! show until it is fixed (evaluating it could widen a negated term).

use crate::support::console::{live, loaded_app, prepared, small_org, type_keys, visible_ids};
use dormant::tui::{App, Event, Msg, Popup, render, update};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// The drawn screen as text, one line per row.
fn screen_text(app: &App) -> String {
    let mut terminal = Terminal::new(TestBackend::new(app.area.width, app.area.height)).expect("terminal");
    terminal.draw(|frame| render(app, frame)).expect("draw");
    let buffer = terminal.backend().buffer().clone();
    (0..app.area.height)
        .map(|y| {
            (0..app.area.width)
                .map(|x| buffer[(x, y)].symbol())
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn a_group_typo_is_an_error_naming_the_group_and_the_last_valid_filter_stays() {
    let mut app = loaded_app();
    type_keys(&mut app, "/lane:ready");
    let ready = visible_ids(&app);
    assert!(!ready.is_empty(), "the small org has cleanup-ready users");
    type_keys(&mut app, " !group:engineerin");
    let error = app.filter.error.as_ref().expect("no such group");
    assert_eq!(
        error.problem,
        "no group named `engineerin`; did you mean `engineering` or `operations`?"
    );
    assert_eq!(
        visible_ids(&app),
        ready,
        "the typo neither empties nor widens the rows"
    );
    type_keys(&mut app, "\n");
    assert!(
        matches!(app.popup, Some(Popup::Filter(_))),
        "Enter on an error keeps the bar open, the error in view"
    );
    type_keys(&mut app, "g");
    assert!(app.filter.error.is_none());
    let kept = visible_ids(&app);
    assert!(
        !kept.contains(&"u-bob".to_owned()) && kept.len() < ready.len(),
        "{kept:?}"
    );
    type_keys(&mut app, "\n");
    assert_eq!(app.popup, None, "a valid filter closes the bar on Enter");

    // A reload in which the group is gone: the filter no longer holds; it is not dropped.
    let mut without = small_org();
    without.groups.retain(|group| group.name != "engineering");
    for user in &mut without.users {
        user.groups.retain(|group| group.as_str() != "g-eng");
    }
    let generation = app.generation;
    update(
        &mut app,
        Event::Msg(Msg::DirectoryLoaded {
            generation,
            data: prepared(without, live(), None),
            summary: "reloaded".to_owned(),
        }),
    );
    let error = app.filter.error.as_ref().expect("the group is gone");
    assert!(
        error.problem.starts_with("no group named `engineering`"),
        "{}",
        error.problem
    );
    // Evaluating the old filter would show everyone outside a group that no longer exists.
    assert!(
        visible_ids(&app).is_empty(),
        "no rows until the filter is fixed, never more rows"
    );
    let bar = screen_text(&app);
    assert!(
        bar.contains("✗ no group named `engineering`"),
        "the bar says why: {bar}"
    );
    type_keys(&mut app, "\u{1b}");
    assert_eq!(visible_ids(&app).len(), 10, "Esc clears the filter");
}

#[test]
fn or_in_the_bar_is_the_union_and_a_trailing_or_is_an_error() {
    let mut app = loaded_app();
    type_keys(&mut app, "/lane:ready");
    let ready = visible_ids(&app);
    type_keys(&mut app, " O");
    let searched = visible_ids(&app);
    type_keys(&mut app, "R");
    let error = app.filter.error.as_ref().expect("dangling");
    assert!(error.problem.contains("`OR` needs a term"), "{}", error.problem);
    assert_eq!(visible_ids(&app), searched, "`O` was a word; `OR` is not one");
    type_keys(&mut app, " lane:active");
    assert!(app.filter.error.is_none());
    let both = visible_ids(&app);
    assert!(
        both.len() > ready.len() && ready.iter().all(|id| both.contains(id)),
        "{both:?}"
    );
}
