//! `update` for the view picker (`v`: a view's filter and sort exactly as `report --view` selects
//! them, named in the header until changed by hand) and the group picker (`o`: members, idle
//! members, seats, `IdP`; Enter filters by a group, `!` filters it out, `/` narrows the list).

use crate::support::console;
use crate::support::users as support;

use console::{app_with, key, loaded_app, small_org, type_keys, visible_ids};
use crossterm::event::KeyCode;
use dormant::directory::{Lane, Warning, Warnings};
use dormant::report::Selection;
use dormant::store::config::SavedView;
use dormant::tui::group_picker::{GroupOrder, GroupPicker};
use dormant::tui::{App, Level, Popup};
use support::{days_ago, now};

fn view_names(app: &App) -> Vec<String> {
    app.settings.views.keys().cloned().collect()
}

/// What `dormant report --view NAME` lists: the view's filter and sort through the report's
/// own selection.
fn report_rows(app: &App, name: &str) -> Vec<String> {
    let data = app.data.as_ref().expect("loaded");
    let view = &app.settings.views[name];
    let selection =
        Selection::parse(&data.index, Some(&view.filter), view.sort.as_deref()).expect("view parses");
    selection
        .rows(&data.index)
        .into_iter()
        .map(|row| data.index.user(row).account_id.to_string())
        .collect()
}

/// Opens the view picker, moves to `name` and applies it.
fn pick_view(app: &mut App, name: &str) {
    type_keys(app, "v");
    let position = view_names(app)
        .iter()
        .position(|known| known == name)
        .expect("listed");
    // The picker opens on the view in force, else the first.
    let Some(Popup::Views { selected }) = app.popup else {
        panic!("the view picker is not open");
    };
    let moves = if position >= selected { "j" } else { "k" };
    type_keys(app, &moves.repeat(position.abs_diff(selected)));
    assert_eq!(app.popup, Some(Popup::Views { selected: position }));
    type_keys(app, "\n");
}

fn group_picker(app: &App) -> &GroupPicker {
    match &app.popup {
        Some(Popup::Groups(picker)) => picker,
        other => panic!("the group picker is not open: {other:?}"),
    }
}

#[test]
fn every_built_in_view_gives_what_the_report_lists_for_it() {
    let mut app = loaded_app();
    assert_eq!(
        view_names(&app),
        [
            "cleanup-ready",
            "never-active",
            "unmanaged-idle",
            "warned-and-due"
        ]
    );
    for name in view_names(&app) {
        pick_view(&mut app, &name);
        assert_eq!(app.popup, None, "{name}: enter closes the picker");
        assert_eq!(visible_ids(&app), report_rows(&app, &name), "{name}");
        assert_eq!(app.filter.text, app.settings.views[&name].filter);
        assert_eq!(app.view_in_force(), Some(name.as_str()));
        assert_eq!(app.cursor, 0);
    }
}

#[test]
fn the_view_stays_named_until_its_filter_or_sort_is_changed_by_hand() {
    let mut app = loaded_app();
    pick_view(&mut app, "never-active");
    assert_eq!(app.sort.to_string(), "added:asc");
    assert_eq!(app.view_in_force(), Some("never-active"));
    type_keys(&mut app, "S");
    assert_eq!(app.view_in_force(), None, "the sort was reversed");
    type_keys(&mut app, "S");
    assert_eq!(
        app.view_in_force(),
        Some("never-active"),
        "back to exactly the view"
    );
    type_keys(&mut app, "/x");
    assert_eq!(app.view_in_force(), None, "the filter was edited");
    type_keys(&mut app, "\u{1b}\u{1b}");
    assert!(app.filter.text.is_empty());
    // Reopening starts on the view in force, Esc leaves everything as it was.
    pick_view(&mut app, "cleanup-ready");
    type_keys(&mut app, "v");
    assert_eq!(app.popup, Some(Popup::Views { selected: 0 }));
    type_keys(&mut app, "jj\u{1b}");
    assert_eq!(app.popup, None);
    assert_eq!(app.view_in_force(), Some("cleanup-ready"));
}

#[test]
fn a_view_without_a_sort_keeps_the_tables_and_one_naming_a_missing_group_changes_nothing() {
    let mut settings = console::settings();
    settings.views.insert(
        "engineers".to_owned(),
        SavedView {
            filter: "group:engineering".to_owned(),
            sort: None,
        },
    );
    settings.views.insert(
        "gone".to_owned(),
        SavedView {
            filter: "group:nosuchgroup".to_owned(),
            sort: Some("name".to_owned()),
        },
    );
    let (mut app, _) = console::fresh_app(settings, 100, 30);
    let generation = app.generation;
    dormant::tui::update(
        &mut app,
        dormant::tui::Event::Msg(dormant::tui::Msg::DirectoryLoaded {
            generation,
            data: console::prepared(small_org(), console::live(), None),
            summary: "loaded".to_owned(),
        }),
    );
    let sort = app.sort.clone();
    pick_view(&mut app, "engineers");
    assert_eq!(app.sort, sort, "no sort in the view: the table's stays");
    let mut shown = visible_ids(&app);
    let mut listed = report_rows(&app, "engineers");
    shown.sort();
    listed.sort();
    assert_eq!(shown, listed, "the same users (the report orders them by triage)");
    assert_eq!(app.view_in_force(), Some("engineers"));
    let status = app.status.clone().expect("says so").1;
    assert!(status.contains("keeps sort"), "{status}");

    pick_view(&mut app, "gone");
    let (level, text) = app.status.clone().expect("an error");
    assert_eq!(level, Level::Error);
    assert!(text.contains("nosuchgroup"), "{text}");
    assert_eq!(app.filter.text, "group:engineering", "nothing changed");
    assert_eq!(app.view_in_force(), Some("engineers"));
}

#[test]
fn warned_and_due_shows_the_warned_whose_deadline_passed_at_the_load() {
    let mut app = loaded_app();
    let data = app.data.as_mut().expect("loaded");
    let row_of = |id: &str| data.index.row_of(&id.into()).expect("in the org");
    let (bob, gus, eve) = (row_of("u-bob"), row_of("u-gus"), row_of("u-eve"));
    let mut warnings = Warnings::default();
    let passed = Warning {
        warned_at: days_ago(20),
        deadline: days_ago(6),
    };
    let pending = Warning {
        warned_at: days_ago(2),
        deadline: now() + chrono::Duration::days(12),
    };
    warnings.record(data.index.user(bob).account_id.clone(), passed);
    warnings.record(data.index.user(gus).account_id.clone(), pending);
    warnings.record(data.index.user(eve).account_id.clone(), passed);
    data.index.apply_warnings(warnings);
    pick_view(&mut app, "warned-and-due");
    assert_eq!(
        visible_ids(&app),
        ["u-bob"],
        "gus is still in grace; eve's activity is unknown, so she is never due"
    );
    assert_eq!(visible_ids(&app), report_rows(&app, "warned-and-due"));
}

#[test]
fn the_group_picker_counts_members_and_idle_members_by_name() {
    let mut app = loaded_app();
    type_keys(&mut app, "o");
    let picker = group_picker(&app);
    let data = app.data.as_ref().expect("loaded");
    let names: Vec<&str> = picker
        .shown
        .iter()
        .map(|&at| picker.rows[at].name.as_str())
        .collect();
    assert_eq!(names, ["engineering", "operations"]);
    for &at in &picker.shown {
        let row = &picker.rows[at];
        let members: Vec<u32> = (0..data.index.len() as u32)
            .filter(|&user| data.index.user(user).groups.contains(&row.id))
            .collect();
        assert_eq!(row.members, members.len(), "{}", row.name);
        let idle = members
            .iter()
            .filter(|&&user| data.index.lane(user) == Lane::CleanupReady)
            .count();
        assert_eq!(row.idle, idle, "{}", row.name);
        assert_eq!(row.idp_managed, Some(false));
    }
    assert_eq!(picker.rows[picker.shown[0]].members, 2);
    type_keys(&mut app, "s");
    assert_eq!(group_picker(&app).order, GroupOrder::Members);
    assert_eq!(
        group_picker(&app).current().map(|row| row.name.as_str()),
        Some("engineering"),
        "the cursor stays on its group"
    );
    type_keys(&mut app, "\u{1b}");
    assert_eq!(app.popup, None);
    assert!(app.filter.text.is_empty(), "esc changes no filter");
}

#[test]
fn enter_filters_by_the_group_and_bang_filters_it_out_added_to_a_valid_filter() {
    let mut app = loaded_app();
    type_keys(&mut app, "o\n");
    assert_eq!(app.filter.text, "group:\"engineering\"");
    assert_eq!(visible_ids(&app).len(), 2);
    let everyone = app.data.as_ref().expect("loaded").index.len();

    let mut app = loaded_app();
    type_keys(&mut app, "/lane:ready OR lane:review\n");
    let before = visible_ids(&app);
    type_keys(&mut app, "oj!");
    assert_eq!(
        app.filter.text, "(lane:ready OR lane:review) !group:\"operations\"",
        "an OR filter is kept whole, the group term added with AND"
    );
    let after = visible_ids(&app);
    assert!(
        after.iter().all(|id| before.contains(id) && id != "u-ivy"),
        "{after:?}"
    );
    assert!(after.len() < everyone);

    // A filter with an error is replaced: what it meant is unknown.
    let mut app = loaded_app();
    type_keys(&mut app, "/idle:>zz");
    assert!(app.filter.error.is_some());
    // As after a reload that left the filter naming what the org no longer has.
    app.popup = None;
    type_keys(&mut app, "o\n");
    assert_eq!(app.filter.text, "group:\"engineering\"");
    assert!(app.filter.error.is_none());
}

#[test]
fn slash_narrows_the_list_by_typing_and_the_arrows_still_move() {
    let mut app = app_with(small_org(), 80, 24);
    type_keys(&mut app, "o/");
    assert!(group_picker(&app).narrowing);
    type_keys(&mut app, "jOp");
    assert_eq!(
        group_picker(&app).narrow.text,
        "jOp",
        "letters type while narrowing"
    );
    assert!(group_picker(&app).shown.is_empty());
    update_key(&mut app, KeyCode::Backspace);
    update_key(&mut app, KeyCode::Backspace);
    update_key(&mut app, KeyCode::Backspace);
    type_keys(&mut app, "OP");
    let picker = group_picker(&app);
    assert_eq!(picker.shown.len(), 1, "case-insensitive");
    assert_eq!(picker.current().map(|row| row.name.as_str()), Some("operations"));
    update_key(&mut app, KeyCode::Down);
    type_keys(&mut app, "\n");
    assert_eq!(app.filter.text, "group:\"operations\"");
    assert_eq!(visible_ids(&app), ["u-ivy"]);

    // Esc while narrowing clears the narrowing and keeps the picker open.
    type_keys(&mut app, "o/ops\u{1b}");
    let picker = group_picker(&app);
    assert!(!picker.narrowing && picker.narrow.text.is_empty());
    assert_eq!(picker.shown.len(), 2);
}

fn update_key(app: &mut App, code: KeyCode) {
    dormant::tui::update(app, key(code));
}

#[test]
fn a_name_a_filter_cannot_quote_is_selected_by_the_group_id() {
    let mut org = small_org();
    org.groups[0].name = "say \"hi\"".to_owned();
    org.groups[1].name = "~tilde".to_owned();
    let mut app = app_with(org, 100, 30);
    type_keys(&mut app, "o\n");
    assert_eq!(app.filter.text, "group:\"g-eng\"");
    assert_eq!(visible_ids(&app).len(), 2);
    type_keys(&mut app, "oj\n");
    assert_eq!(app.filter.text, "group:\"g-eng\" group:\"g-ops\"");
    assert_eq!(visible_ids(&app), ["u-ivy"]);
}
