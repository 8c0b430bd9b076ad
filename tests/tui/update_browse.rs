//! `update` for moving, filtering, sorting and switching screens, on a small org.

use crate::support::console;
use crate::support::users as support;

use console::{app_with, ctrl, cursor_id, key, loaded_app, small_org, type_keys, visible_ids};
use crossterm::event::KeyCode;
use dormant::directory::{AccountType, SortColumn, SortKey, UserStatus};
use dormant::tui::{Action, Level, Mode, Popup, Screen, apply, update};
use dormant::tui::{Event, IDLE_BUCKETS};

#[test]
fn the_default_order_is_most_idle_first() {
    let app = loaded_app();
    assert_eq!(
        app.sort,
        SortKey {
            column: SortColumn::DaysIdle,
            descending: true
        }
    );
    assert_eq!(visible_ids(&app).len(), 10);
    assert_eq!(app.cursor, 0);
}

#[test]
fn moving_stops_at_both_ends_and_pages_by_the_visible_rows() {
    let mut app = app_with(small_org(), 80, 24);
    type_keys(&mut app, "k");
    assert_eq!(app.cursor, 0, "up at the top stays");
    type_keys(&mut app, "jj");
    assert_eq!(app.cursor, 2);
    update(&mut app, key(KeyCode::Down));
    assert_eq!(app.cursor, 3);
    type_keys(&mut app, "G");
    assert_eq!(app.cursor, 9);
    type_keys(&mut app, "j");
    assert_eq!(app.cursor, 9, "down at the bottom stays");
    type_keys(&mut app, "g");
    assert_eq!(app.cursor, 0);
    apply(&mut app, Action::PageDown);
    assert_eq!(app.cursor, 9, "a page is 18 rows at 80×24; the org has 10");
    apply(&mut app, Action::PageUp);
    assert_eq!(app.cursor, 0);
}

#[test]
fn scrolling_keeps_the_cursor_on_screen_through_resizes() {
    let mut app = app_with(dormant_org(60), 80, 24);
    let rows = app.page_rows();
    apply(&mut app, Action::PageDown);
    assert_eq!(app.cursor, rows);
    assert!(app.cursor >= app.offset && app.cursor < app.offset + rows);
    apply(&mut app, Action::GoBottom);
    assert_eq!(app.cursor, 59);
    assert_eq!(app.offset, 60 - rows);
    update(
        &mut app,
        Event::Resize {
            width: 80,
            height: 40,
        },
    );
    let rows = app.page_rows();
    assert!(
        app.cursor >= app.offset && app.cursor < app.offset + rows,
        "{} {}",
        app.offset,
        rows
    );
    assert!(app.offset <= 60 - rows);
}

fn dormant_org(count: usize) -> dormant::directory::Directory {
    support::generate_org(7, count)
}

#[test]
fn the_filter_applies_live_and_keeps_the_last_valid_query_on_errors() {
    let mut app = loaded_app();
    type_keys(&mut app, "/lane:ready");
    assert!(matches!(app.popup, Some(Popup::Filter(_))));
    let ready = visible_ids(&app);
    assert!(!ready.is_empty() && ready.len() < 10, "{ready:?}");
    type_keys(&mut app, " idle:>");
    let error = app.filter.error.as_ref().expect("an incomplete term is an error");
    assert!(error.problem.contains("days"), "{}", error.problem);
    // "lane:ready idle" (free text) was the last text that parsed, and it stays applied.
    assert_eq!(
        visible_ids(&app),
        ["u-bob"],
        "the last valid filter stays applied"
    );
    type_keys(&mut app, "300");
    assert!(app.filter.error.is_none());
    assert!(visible_ids(&app).len() < ready.len() && !visible_ids(&app).is_empty());
    type_keys(&mut app, "\n");
    assert_eq!(app.popup, None, "Enter keeps the filter and closes the bar");
    assert_eq!(app.filter.text, "lane:ready idle:>300");
    assert!(app.filter_bar_shown());
}

#[test]
fn filter_editing_keys_and_esc_clear_the_filter() {
    let mut app = loaded_app();
    type_keys(&mut app, "/bob ada");
    update(&mut app, ctrl('w'));
    assert_eq!(app.filter.text, "bob ");
    update(&mut app, key(KeyCode::Backspace));
    assert_eq!(app.filter.text, "bob");
    assert_eq!(visible_ids(&app), ["u-bob"]);
    update(&mut app, ctrl('u'));
    assert_eq!(app.filter.text, "");
    type_keys(&mut app, "bob\u{1b}");
    assert_eq!(app.popup, None);
    assert_eq!(app.filter.text, "", "Esc in the bar clears the filter");
    assert_eq!(visible_ids(&app).len(), 10);
    type_keys(&mut app, "/bob\n");
    apply(&mut app, Action::Back);
    assert_eq!(app.filter.text, "", "Esc on the table clears an applied filter");
}

#[test]
fn ctrl_n_moves_the_table_while_the_filter_bar_is_open() {
    let mut app = loaded_app();
    type_keys(&mut app, "/");
    update(&mut app, ctrl('n'));
    assert_eq!(app.cursor, 1);
    assert_eq!(app.filter.text, "");
}

#[test]
fn choosing_a_sort_keeps_the_cursor_on_the_same_user() {
    let mut app = loaded_app();
    type_keys(&mut app, "jj");
    let before = cursor_id(&app);
    type_keys(&mut app, "s");
    let Some(Popup::Sort { selected }) = app.popup else {
        panic!("sort chooser open");
    };
    assert_eq!(selected, 0, "the chooser starts on the current column");
    type_keys(&mut app, "jj\n");
    assert_eq!(app.sort.column, SortColumn::Name);
    assert!(!app.sort.descending);
    assert_eq!(cursor_id(&app), before);
    let names = visible_ids(&app);
    assert_eq!(names.first().map(String::as_str), Some("u-ada"));
    type_keys(&mut app, "S");
    assert!(app.sort.descending);
    assert_eq!(cursor_id(&app), before);
    assert_eq!(visible_ids(&app).first().map(String::as_str), Some("u-jon"));
    type_keys(&mut app, "s\n");
    assert!(
        !app.sort.descending,
        "choosing the current column again reverses it"
    );
}

#[test]
fn product_columns_are_sort_choices() {
    let mut app = loaded_app();
    type_keys(&mut app, "s");
    for _ in 0..20 {
        update(&mut app, key(KeyCode::Down));
    }
    type_keys(&mut app, "\n");
    assert!(
        matches!(app.sort.column, SortColumn::LastActiveOn(_)),
        "{:?}",
        app.sort
    );
    type_keys(&mut app, "s");
    update(&mut app, key(KeyCode::Esc));
    assert_eq!(app.popup, None);
}

#[test]
fn screens_toggle_and_esc_returns_to_the_table() {
    let mut app = loaded_app();
    for (action, screen) in [
        (Action::ShowDetails, Screen::Details),
        (Action::ShowInsight, Screen::Insight),
        (
            Action::ShowHelp,
            Screen::Help {
                scroll: 0,
                of: Mode::Browse,
            },
        ),
    ] {
        apply(&mut app, action);
        assert_eq!(app.screen, screen);
        apply(&mut app, action);
        assert_eq!(app.screen, Screen::Browse, "{action:?} again closes it");
        apply(&mut app, action);
        apply(&mut app, Action::Back);
        assert_eq!(app.screen, Screen::Browse);
    }
}

#[test]
fn help_scrolls_with_the_arrows() {
    let mut app = loaded_app();
    type_keys(&mut app, "?");
    update(&mut app, key(KeyCode::Down));
    update(&mut app, key(KeyCode::PageDown));
    let help = |scroll| Screen::Help {
        scroll,
        of: Mode::Browse,
    };
    assert_eq!(app.screen, help(11));
    update(&mut app, key(KeyCode::Up));
    assert_eq!(app.screen, help(10));
}

#[test]
fn help_lists_the_keys_of_the_screen_it_was_opened_from() {
    let mut app = loaded_app();
    type_keys(&mut app, "H?");
    assert_eq!(
        app.screen,
        Screen::Help {
            scroll: 0,
            of: Mode::History,
        }
    );
    type_keys(&mut app, "?");
    assert_eq!(app.screen, Screen::Browse, "the help key closes it again");
}

#[test]
fn help_scrolls_with_its_own_rebound_keys() {
    let mut app = loaded_app();
    let keys: dormant::store::config::KeyTable =
        toml::from_str("[help]\nmove_down = [\"J\"]\n").expect("toml");
    app.settings.keymap = dormant::tui::Keymap::with_overrides(&keys).expect("valid");
    type_keys(&mut app, "?J");
    assert!(matches!(app.screen, Screen::Help { scroll: 1, .. }));
    update(&mut app, key(KeyCode::Down));
    assert!(
        matches!(app.screen, Screen::Help { scroll: 1, .. }),
        "down no longer scrolls"
    );
}

#[test]
fn insight_counts_the_filtered_users_and_follows_the_filter() {
    let mut app = loaded_app();
    apply(&mut app, Action::ShowInsight);
    let insight = app.insight.clone().expect("computed when opened");
    assert_eq!(insight.users, 10);
    assert_eq!(insight.idle.iter().sum::<usize>(), 10);
    let bucket = |label: &str| IDLE_BUCKETS.iter().position(|b| *b == label).expect("bucket");
    assert_eq!(insight.idle[bucket("unknown")], 1, "Eve");
    assert_eq!(insight.idle[bucket("never")], 1, "Gus");
    assert_eq!(insight.idle[bucket("0–30 d")], 1, "Fay");
    assert_eq!(insight.idle[bucket("> 365 d")], 3, "Bob, Dee, Hal");
    let jira = insight
        .seats
        .iter()
        .find(|s| s.product.as_str() == "jira")
        .expect("jira");
    assert_eq!(
        jira.seats, 5,
        "Ada, Bob, Cy, Fay, Jon: not Dee (suspended) nor Hal (app)"
    );
    assert_eq!(jira.cleanup_ready, 3, "Ada, Bob, Jon");
    assert_eq!(insight.not_billable, 2, "Dee, Hal");
    assert_eq!(insight.seats_unknown, 1, "Eve");
    type_keys(&mut app, "/bob\n");
    let filtered = app.insight.clone().expect("still open");
    assert_eq!(filtered.users, 1);
}

#[test]
fn insight_counts_billable_active_seats_only() {
    let users = [
        support::UserBuilder::new("u-on", "On Active").products(&[("jira", Some(200))]),
        support::UserBuilder::new("u-sus", "Sue Suspended")
            .status(UserStatus::Suspended)
            .products(&[("jira", Some(200))]),
        support::UserBuilder::new("u-off", "Dan Deactivated")
            .status(UserStatus::Deactivated)
            .products(&[("jira", Some(200))]),
        support::UserBuilder::new("u-cus", "Cas Customer")
            .account_type(AccountType::Customer)
            .products(&[("jira", Some(200))]),
    ];
    let org = support::directory(
        users.into_iter().map(support::UserBuilder::build).collect(),
        Vec::new(),
    );
    let mut app = app_with(org, 100, 30);
    apply(&mut app, Action::ShowInsight);
    let insight = app.insight.clone().expect("computed when opened");
    let jira = insight
        .seats
        .iter()
        .find(|s| s.product.as_str() == "jira")
        .expect("jira");
    assert_eq!(jira.seats, 1, "only the active account holds a billable seat");
    assert_eq!(insight.not_billable, 3);
}

#[test]
fn an_unbound_key_points_at_help() {
    let mut app = loaded_app();
    type_keys(&mut app, "Z");
    let (level, text) = app.status.clone().expect("a hint");
    assert_eq!(level, Level::Info);
    assert!(text.contains('?'), "{text}");
}

#[test]
fn keys_do_nothing_harmful_before_data_arrives() {
    let (mut app, _) = console::fresh_app(console::settings(), 80, 24);
    for action in Action::ALL {
        let effects = apply(&mut app, action);
        match action {
            Action::Reload => assert!(matches!(
                effects.as_slice(),
                [dormant::tui::Effect::LoadDirectory { .. }]
            )),
            // Reading the local batch history is harmless before the org is loaded.
            Action::ShowHistory => assert!(matches!(effects.as_slice(), [dormant::tui::Effect::LoadHistory])),
            // So is reading the local allowlist files (the page lists them before the org loads).
            Action::ShowAllowlist => assert!(matches!(
                effects.as_slice(),
                [dormant::tui::Effect::ReadAllowlist]
            )),
            _ => assert!(effects.is_empty(), "{action:?}"),
        }
        app.popup = None;
    }
    assert!(app.data.is_none());
    assert_eq!(app.cursor, 0);
}

/// The screen as text (every cell's symbol, lines trimmed).
fn drawn(app: &dormant::tui::App) -> String {
    let area = app.area;
    let backend = ratatui::backend::TestBackend::new(area.width, area.height);
    let mut terminal = ratatui::Terminal::new(backend).expect("terminal");
    terminal
        .draw(|frame| dormant::tui::render(app, frame))
        .expect("draw");
    let buffer = terminal.backend().buffer().clone();
    let mut text = String::new();
    for y in 0..area.height {
        let line: String = (0..area.width).map(|x| buffer[(x, y)].symbol()).collect();
        text.push_str(line.trim_end());
        text.push('\n');
    }
    text
}

#[test]
fn help_and_hints_show_the_rebound_keys_of_the_screen_in_front() {
    let mut app = loaded_app();
    let keys: dormant::store::config::KeyTable = toml::from_str("[history]\nundo = [\"U\"]\n").expect("toml");
    app.settings.keymap = dormant::tui::Keymap::with_overrides(&keys).expect("valid");
    type_keys(&mut app, "H");
    let history = drawn(&app);
    assert!(history.contains("U: undo the batch"), "{history}");
    assert!(history.contains("U undo"), "the footer: {history}");
    type_keys(&mut app, "?");
    let help = drawn(&app);
    let first = help
        .lines()
        .find(|line| line.starts_with('│'))
        .expect("the help page");
    assert!(first.contains("History page"), "{help}");
    let undo = help
        .lines()
        .find(|line| line.contains("preview the undo of the selected batch"))
        .expect("undo listed");
    assert!(undo.contains("│  U "), "{undo}");
}
