//! Console test support: a small org covering every lane, an `App` with it loaded, and key
//! helpers. Uses `crate::support::users`.

#![allow(dead_code)]

use crate::support::users::{UserBuilder, days_ago, directory, group, now};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use dormant::directory::{
    AccountId, AccountType, Activity, Directory, DirectoryIndex, Exclusions, Marks, PlatformRole, Policy,
    UserStatus,
};
use dormant::tui::{App, Effect, Event, Keymap, Msg, Origin, Prepared, Settings, Theme, update};
use ratatui::layout::Rect;
use std::sync::Arc;

/// Ten users: four cleanup-ready, an admin, an app, a suspended one, a recent one, one unknown.
pub fn small_org() -> Directory {
    let users = vec![
        UserBuilder::new("u-ada", "Ada Lovelace").products(&[("jira", Some(200)), ("confluence", Some(150))]),
        UserBuilder::new("u-bob", "Bob Idle")
            .products(&[("jira", Some(400))])
            .groups(&["g-eng"]),
        UserBuilder::new("u-cy", "Cy Admin")
            .role(PlatformRole::OrgAdmin)
            .products(&[("jira", Some(300))]),
        UserBuilder::new("u-dee", "Dee Suspended")
            .status(UserStatus::Suspended)
            .products(&[("jira", Some(500))]),
        UserBuilder::new("u-eve", "Eve Unknown").activity(Activity::Unknown),
        UserBuilder::new("u-fay", "Fay Recent").products(&[("jira", Some(2)), ("confluence", Some(3))]),
        UserBuilder::new("u-gus", "Gus Never")
            .products(&[("confluence", None)])
            .added(Some(300)),
        UserBuilder::new("u-hal", "Hal Bot")
            .account_type(AccountType::App)
            .products(&[("jira", Some(900))]),
        UserBuilder::new("u-ivy", "Ivy Synced")
            .synced()
            .products(&[("jira-service-desk", Some(120))])
            .groups(&["g-eng", "g-ops"]),
        UserBuilder::new("u-jon", "Jon Contractor")
            .unmanaged()
            .products(&[("jira", Some(95))]),
    ];
    directory(
        users.into_iter().map(UserBuilder::build).collect(),
        vec![group("g-eng", "engineering"), group("g-ops", "operations")],
    )
}

pub fn settings() -> Settings {
    Settings {
        keymap: Keymap::defaults().expect("default keymap"),
        policy: Policy::default(),
        exclusions: Exclusions::default(),
        read_only: false,
        marks_survive_exit: true,
        label: "test org".to_owned(),
        theme: Theme::monochrome(),
        cap: dormant::types::BatchCap::DEFAULT,
        views: dormant::store::config::built_in_views(),
    }
}

/// The directory classified as the executor would, ready to hand to `update`.
pub fn prepared(directory: Directory, origin: Origin, saved_marks: Option<Marks>) -> Box<Prepared> {
    let as_of = directory.loaded_at;
    Box::new(Prepared {
        index: DirectoryIndex::build(
            Arc::new(directory),
            &Policy::default(),
            &Exclusions::default(),
            as_of,
        ),
        origin,
        exclusions_revision: 0,
        saved_marks,
    })
}

pub fn live() -> Origin {
    Origin::Live { loaded_at: now() }
}

/// A console of `width` × `height` at `now()` that has not loaded anything yet.
pub fn fresh_app(settings: Settings, width: u16, height: u16) -> (App, Vec<Effect>) {
    let mut app = App::new(settings, Rect::new(0, 0, width, height), now());
    let effects = dormant::tui::start(&mut app);
    (app, effects)
}

/// A console with `directory` loaded live.
pub fn app_with(directory: Directory, width: u16, height: u16) -> App {
    let (mut app, _) = fresh_app(settings(), width, height);
    let generation = app.generation;
    update(
        &mut app,
        Event::Msg(Msg::DirectoryLoaded {
            generation,
            data: prepared(directory, live(), None),
            summary: "loaded".to_owned(),
        }),
    );
    app.status = None;
    app
}

pub fn loaded_app() -> App {
    app_with(small_org(), 100, 30)
}

pub fn key(code: KeyCode) -> Event {
    Event::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

pub fn ctrl(c: char) -> Event {
    Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
}

/// Types `text` one character at a time (`\n` is Enter, `\t` Tab); returns every effect.
pub fn type_keys(app: &mut App, text: &str) -> Vec<Effect> {
    let mut effects = Vec::new();
    for c in text.chars() {
        let code = match c {
            '\n' => KeyCode::Enter,
            '\u{1b}' => KeyCode::Esc,
            '\t' => KeyCode::Tab,
            c => KeyCode::Char(c),
        };
        effects.extend(update(app, key(code)));
    }
    effects
}

/// The account under the cursor.
pub fn cursor_id(app: &App) -> Option<String> {
    let data = app.data.as_ref()?;
    let row = app.cursor_row()?;
    Some(data.index.user(row).account_id.to_string())
}

/// Account ids of the view, in order.
pub fn visible_ids(app: &App) -> Vec<String> {
    let data = app.data.as_ref().expect("loaded");
    data.view
        .rows()
        .iter()
        .map(|&row| data.index.user(row).account_id.to_string())
        .collect()
}

pub fn marked(app: &App) -> Vec<String> {
    app.marks.iter().map(AccountId::to_string).collect()
}

pub fn ago(days: i64) -> chrono::DateTime<chrono::Utc> {
    days_ago(days)
}
