//! Whole-screen snapshots of the preview page: at the minimum size with a not-cleanup-ready
//! section (its key hints always on screen), wide with every section and the list scrolled, and
//! with the key refused. Review changes with `cargo insta review`.

use crate::screens::screen;
use crate::support::console;
use crate::support::users as support;

use console::{app_with, small_org, type_keys};
use dormant::directory::{AccountId, Warning, Warnings};
use dormant::tui::{Event, Failure, FailureKind, Msg, update};

/// Ada, Bob (cleanup-ready), Fay (active) and Cy (an admin: refused) marked.
fn marked_app(width: u16, height: u16) -> dormant::tui::App {
    let mut app = app_with(small_org(), width, height);
    for name in ["ada", "bob", "fay", "cy"] {
        type_keys(&mut app, &format!("/{name}\n \u{1b}"));
    }
    app
}

#[test]
fn preview_at_80x24_with_a_not_cleanup_ready_section() {
    let mut app = marked_app(80, 24);
    type_keys(&mut app, "p");
    insta::assert_snapshot!("preview_80x24", screen(&app));
    type_keys(&mut app, "a");
    insta::assert_snapshot!("preview_80x24_included", screen(&app));
    type_keys(&mut app, "\n");
    insta::assert_snapshot!("preview_80x24_question", screen(&app));
}

#[test]
fn preview_at_160x45_scrolled_with_every_section() {
    let mut app = marked_app(160, 45);
    // Ada warned with her deadline still running: a section of her own.
    let mut warnings = Warnings::default();
    warnings.record(
        AccountId::from("u-ada"),
        Warning {
            warned_at: support::days_ago(3),
            deadline: support::now() + chrono::Duration::days(11),
        },
    );
    app.data.as_mut().expect("data").index.apply_warnings(warnings);
    type_keys(&mut app, "/dee\n \u{1b}p");
    insta::assert_snapshot!("preview_160x45", screen(&app));
    // A generated org: every cleanup-ready user and some active ones, scrolled a page down.
    let mut app = app_with(support::generate_org(3, 400), 160, 45);
    type_keys(&mut app, "*/lane:active\n   \u{1b}\u{1b}pa");
    update(&mut app, console::key(crossterm::event::KeyCode::PageDown));
    insta::assert_snapshot!("preview_160x45_scrolled", screen(&app));
}

#[test]
fn preview_when_the_key_was_refused() {
    let mut app = marked_app(80, 24);
    let generation = app.generation;
    update(
        &mut app,
        Event::Msg(Msg::LoadFailed {
            generation,
            error: Failure::new(
                FailureKind::KeyRefused,
                "the API refused the key (HTTP 401): it may be wrong, revoked or expired",
            ),
        }),
    );
    type_keys(&mut app, "p\n");
    insta::assert_snapshot!("preview_key_refused", screen(&app));
}
