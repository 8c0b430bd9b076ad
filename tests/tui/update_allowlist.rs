//! `update` on the allowlist page (`A`): it reads the entries afresh, moves over them, removes an
//! exclusion only after a question and only releases the user once the file says so, edits a
//! reason, names the file and line of a config entry instead of changing it, keeps a read-only
//! session from removing, and shows a conflict without changing anyone.

use crate::support::console;

use console::{key, loaded_app, settings, type_keys};
use crossterm::event::KeyCode;
use dormant::directory::{AccountId, Exclusion, Lane};
use dormant::store::allowlist_file::{AllowlistListing, ListedEntry, ListedSource};
use dormant::tui::{
    AllowlistEdit, App, Confirm, Effect, Event, Failure, FailureKind, Level, Msg, Popup, Screen, update,
};
use std::path::PathBuf;

fn lane_of(app: &App, account: &str) -> Lane {
    let data = app.data.as_ref().expect("loaded");
    let row = data.index.row_of(&AccountId::from(account)).expect("in the org");
    data.index.lane(row)
}

/// Ada excluded with `x`, as the console does it.
fn with_ada_excluded() -> App {
    let mut app = loaded_app();
    let ada = {
        let data = app.data.as_ref().expect("loaded");
        let row = data.index.row_of(&AccountId::from("u-ada")).expect("ada");
        data.view.position_of(row).expect("shown")
    };
    app.cursor = ada;
    type_keys(&mut app, "xon leave\n");
    assert_eq!(lane_of(&app, "u-ada"), Lane::Protected);
    app
}

fn ada(app: &App) -> Exclusion {
    app.exclusions
        .get(&AccountId::from("u-ada"))
        .expect("excluded")
        .clone()
}

fn listing(app: &App) -> AllowlistListing {
    let shown = ada(app);
    AllowlistListing {
        file: PathBuf::from("/data/allowlist/default.json"),
        config: PathBuf::from("/config/dormant/config.toml"),
        entries: vec![
            ListedEntry {
                kind: "excluded",
                value: "u-ada".to_owned(),
                name: shown.name.clone(),
                reason: shown.reason.clone(),
                added_at: Some(shown.excluded_at),
                added_by: Some("ada on box".to_owned()),
                source: ListedSource::ProfileFile,
                shown: Some(shown),
            },
            ListedEntry {
                kind: "email",
                value: "ceo@acme.example".to_owned(),
                name: None,
                reason: "the CEO".to_owned(),
                added_at: None,
                added_by: None,
                source: ListedSource::Config {
                    table: "[allowlist] accounts".to_owned(),
                    line: 12,
                },
                shown: None,
            },
        ],
        config_error: None,
    }
}

/// `A`, then the worker's answer.
fn open(app: &mut App) {
    let effects = type_keys(app, "A");
    assert_eq!(app.screen, Screen::Allowlist);
    assert!(
        matches!(effects.as_slice(), [Effect::ReadAllowlist]),
        "{effects:?}"
    );
    let listing = listing(app);
    update(app, Event::Msg(Msg::AllowlistRead(Ok(Box::new(listing)))));
    assert_eq!(app.allowlist.len(), 2);
}

#[test]
fn the_page_opens_reads_moves_and_closes() {
    let mut app = with_ada_excluded();
    open(&mut app);
    assert_eq!(app.allowlist.cursor, 0);
    type_keys(&mut app, "j");
    assert_eq!(app.allowlist.cursor, 1);
    type_keys(&mut app, "jjj");
    assert_eq!(app.allowlist.cursor, 1, "the cursor stops at the last entry");
    type_keys(&mut app, "g");
    assert_eq!(app.allowlist.cursor, 0);
    type_keys(&mut app, "G");
    assert_eq!(app.allowlist.cursor, 1);
    update(&mut app, key(KeyCode::PageUp));
    assert_eq!(app.allowlist.cursor, 0);
    update(&mut app, key(KeyCode::Esc));
    assert_eq!(app.screen, Screen::Browse);
}

#[test]
fn removing_asks_first_and_releases_the_user_only_once_the_file_says_so() {
    let mut app = with_ada_excluded();
    open(&mut app);
    let effects = type_keys(&mut app, "d");
    assert!(effects.is_empty());
    let Some(Popup::Confirm(Confirm::RemoveExclusion { shown })) = app.popup.clone() else {
        panic!("a question: {:?}", app.popup);
    };
    assert_eq!(shown, ada(&app));
    let effects = type_keys(&mut app, "y");
    assert!(
        matches!(effects.as_slice(), [Effect::RemoveExclusion { shown: asked }] if *asked == shown),
        "{effects:?}"
    );
    assert!(app.allowlist.busy);
    assert_eq!(
        lane_of(&app, "u-ada"),
        Lane::Protected,
        "not released before the write"
    );
    let revision = app.exclusions_revision;
    update(
        &mut app,
        Event::Msg(Msg::AllowlistChanged {
            result: Ok(AllowlistEdit {
                before: shown,
                after: None,
                unlogged: None,
            }),
            listing: None,
        }),
    );
    assert!(!app.allowlist.busy);
    assert!(app.exclusions.get(&AccountId::from("u-ada")).is_none());
    assert_eq!(
        app.allowlist.len(),
        1,
        "the page drops the entry even when the file could not be read again"
    );
    assert_eq!(app.exclusions_revision, revision + 1);
    assert_eq!(lane_of(&app, "u-ada"), Lane::CleanupReady, "back in her lane");
    let (level, text) = app.status.clone().expect("said");
    assert_eq!(level, Level::Info);
    assert!(
        text.contains("removed the exclusion of Ada Lovelace: back in lane"),
        "{text}"
    );
}

#[test]
fn n_on_the_question_removes_nothing() {
    let mut app = with_ada_excluded();
    open(&mut app);
    type_keys(&mut app, "d");
    let effects = type_keys(&mut app, "n");
    assert!(effects.is_empty() && app.popup.is_none());
    assert_eq!(lane_of(&app, "u-ada"), Lane::Protected);
}

#[test]
fn a_reason_is_edited_in_a_prompt_and_kept_once_written() {
    let mut app = with_ada_excluded();
    open(&mut app);
    type_keys(&mut app, "e");
    let Some(Popup::Reason { input, .. }) = &app.popup else {
        panic!("the reason prompt: {:?}", app.popup);
    };
    assert_eq!(input.text, "on leave", "the old reason to edit");
    update(
        &mut app,
        dormant::tui::Event::Key(crossterm::event::KeyEvent::new(
            KeyCode::Char('u'),
            crossterm::event::KeyModifiers::CONTROL,
        )),
    );
    let effects = type_keys(&mut app, "\n");
    assert!(effects.is_empty(), "an empty reason is refused");
    assert!(matches!(app.popup, Some(Popup::Reason { .. })));
    let effects = type_keys(&mut app, "parental leave\n");
    let [Effect::EditExclusionReason { shown, reason }] = effects.as_slice() else {
        panic!("{effects:?}");
    };
    assert_eq!(reason, "parental leave");
    let mut after = shown.clone();
    after.reason = reason.clone();
    update(
        &mut app,
        Event::Msg(Msg::AllowlistChanged {
            result: Ok(AllowlistEdit {
                before: shown.clone(),
                after: Some(after),
                unlogged: None,
            }),
            listing: None,
        }),
    );
    assert_eq!(ada(&app).reason, "parental leave");
    assert_eq!(lane_of(&app, "u-ada"), Lane::Protected, "still excluded");
}

#[test]
fn a_config_entry_names_its_file_and_line_instead_of_changing() {
    let mut app = with_ada_excluded();
    open(&mut app);
    type_keys(&mut app, "j");
    for keys in ["d", "e"] {
        let effects = type_keys(&mut app, keys);
        assert!(effects.is_empty() && app.popup.is_none(), "{keys}");
        let (level, text) = app.status.clone().expect("why");
        assert_eq!(level, Level::Warning);
        assert!(
            text.contains("ceo@acme.example is in the config file")
                && text.contains("/config/dormant/config.toml line 12 ([allowlist] accounts)"),
            "{text}"
        );
    }
}

#[test]
fn a_read_only_session_edits_reasons_but_cannot_remove() {
    let mut read_only = settings();
    read_only.read_only = true;
    read_only.keymap = read_only.keymap.without_dangerous();
    let mut app = with_ada_excluded();
    app.settings = read_only;
    open(&mut app);
    let effects = type_keys(&mut app, "d");
    assert!(effects.is_empty() && app.popup.is_none());
    let (_, text) = app.status.clone().expect("why");
    assert!(text.contains("removing an exclusion is disabled"), "{text}");
    type_keys(&mut app, "e");
    assert!(matches!(app.popup, Some(Popup::Reason { .. })));
    // Even a question left open from before cannot remove.
    app.popup = Some(Popup::Confirm(Confirm::RemoveExclusion { shown: ada(&app) }));
    let effects = type_keys(&mut app, "y");
    assert!(effects.is_empty(), "{effects:?}");
    assert_eq!(lane_of(&app, "u-ada"), Lane::Protected);
}

#[test]
fn a_conflict_changes_nobody_and_shows_the_file_as_it_is() {
    let mut app = with_ada_excluded();
    open(&mut app);
    type_keys(&mut app, "dy");
    let mut fresh = listing(&app);
    fresh.entries[0].reason = "changed elsewhere".to_owned();
    update(
        &mut app,
        Event::Msg(Msg::AllowlistChanged {
            result: Err(Failure::new(
                FailureKind::Conflict,
                "not removed: the exclusion of u-ada changed in /data/allowlist/default.json since it was shown",
            )),
            listing: Some(Box::new(fresh)),
        }),
    );
    assert!(!app.allowlist.busy);
    assert_eq!(lane_of(&app, "u-ada"), Lane::Protected);
    assert_eq!(
        app.allowlist.selected().map(|entry| entry.reason.as_str()),
        Some("changed elsewhere")
    );
    let (level, text) = app.status.clone().expect("why");
    assert_eq!(level, Level::Error);
    assert!(text.contains("since it was shown"), "{text}");
}
