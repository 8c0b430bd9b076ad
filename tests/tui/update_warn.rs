//! `update` for `w`: the marked users (or the cursor row) become one warning run handed to the
//! runtime as an effect (no I/O in `update`), protected rows are refused, read-only drops the
//! key, and the recorded run reclassifies lanes and says where the notices went.

use crate::support::console;

use console::{loaded_app, settings, type_keys};
use dormant::directory::{AccountId, Lane, SortColumn, SortKey};
use dormant::tui::{Action, Effect, Event, Level, Msg, Popup, update};
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
            error: "warnings not recorded: disk full".to_owned(),
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
