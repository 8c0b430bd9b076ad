//! The real binary's filter bar in a real terminal (tmux), on the sample user export in a
//! confined home (issue 17, item 1): the caret moves and text goes in where it is (the terminal
//! cursor sits on it), Ctrl-W deletes the word before it, Alt-B moves back a word, Tab completes
//! a group name of the org, and the filters applied with Enter come back with ↑ in a second run
//! of the binary with the same profile. Polls the screen with a deadline; never sleeps to wait.
//! Needs tmux (`.ci/run` installs it).

use crate::support::tmux::Tmux;
use std::path::Path;

const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/atlassian-export/users.csv"
);

/// The console on the fixture, keyless and read-only, with `home` as its whole world.
fn console(home: &Path, name: &str) -> Tmux {
    let root = home.display();
    let binary = env!("CARGO_BIN_EXE_dormant");
    let command = format!(
        "env -u DORMANT_API_KEY -u DORMANT_PROFILE -u DORMANT_CONFIG -u DORMANT_BASE_URL \
         -u DORMANT_ORG_ID -u DORMANT_LOG_FILE -u DBUS_SESSION_BUS_ADDRESS NO_COLOR=1 \
         DORMANT_TEST_KEYCHAIN=memory HOME={root} XDG_CONFIG_HOME={root}/config \
         XDG_DATA_HOME={root}/data XDG_CACHE_HOME={root}/cache \
         {binary} --from-csv {FIXTURE}; echo EXIT:$?; read wait_for_kill"
    );
    let tmux = Tmux::start(name, 100, 30, &command);
    tmux.wait_for("the export to load", |screen| {
        screen.contains("read 50 users from the user export")
    });
    tmux
}

/// The filter bar's line on the screen (the one starting with "/ ").
fn bar_line(screen: &str) -> Option<&str> {
    screen.lines().find(|line| line.starts_with("/ "))
}

/// Waits until the bar shows exactly `text` and nothing after it but the caret block (tmux drops
/// the trailing spaces of a line).
fn wait_for_bar(tmux: &Tmux, text: &str) -> String {
    let wanted = format!("/ {text}");
    let with_caret = format!("{wanted}█");
    tmux.wait_for(&format!("the bar to show `{text}`"), |screen| {
        bar_line(screen).is_some_and(|line| {
            let line = line.trim_end();
            line == wanted.trim_end() || line == with_caret
        })
    })
}

/// Waits until the terminal cursor is on column `x` (the caret's cell).
fn wait_for_caret(tmux: &Tmux, x: usize) {
    let started = std::time::Instant::now();
    loop {
        let at = tmux.format("#{cursor_x}");
        if at == x.to_string() && tmux.format("#{cursor_flag}") == "1" {
            return;
        }
        assert!(
            started.elapsed() < std::time::Duration::from_mins(1),
            "the caret stayed at column {at}, not {x}; the screen was:\n{}",
            tmux.screen()
        );
        std::thread::yield_now();
    }
}

fn quit(tmux: &Tmux) {
    tmux.keys(&["q"]);
    let screen = tmux.wait_for("the exit", |screen| screen.contains("EXIT:"));
    assert!(screen.contains("EXIT:0"), "{screen}");
}

#[test]
fn the_caret_moves_words_go_tab_completes_a_group_and_history_survives_a_restart() {
    let home = tempfile::tempdir().expect("home");
    let tmux = console(home.path(), "filter-editor-1");

    // Insert in the middle: Home, then `!` goes before the text; the cursor is on the caret.
    tmux.keys(&["/"]);
    tmux.literal("lane:ready");
    wait_for_bar(&tmux, "lane:ready");
    tmux.keys(&["Home"]);
    tmux.literal("!");
    wait_for_bar(&tmux, "!lane:ready");
    wait_for_caret(&tmux, 3);

    // Ctrl-W deletes the word before the caret; Alt-B moves back a word and typing goes there.
    tmux.keys(&["End"]);
    tmux.literal(" acme zzz");
    wait_for_bar(&tmux, "!lane:ready acme zzz");
    tmux.keys(&["C-w"]);
    wait_for_bar(&tmux, "!lane:ready acme ");
    tmux.keys(&["M-b"]);
    wait_for_caret(&tmux, 2 + "!lane:ready ".len());
    tmux.literal("NOT ");
    wait_for_bar(&tmux, "!lane:ready NOT acme ");
    wait_for_caret(&tmux, 2 + "!lane:ready NOT ".len());
    tmux.keys(&["Enter"]);
    tmux.wait_for("the bar to close on the applied filter", |screen| {
        screen.contains("/ !lane:ready NOT acme   (filter applied")
    });

    // Tab completes a group name of the org; Enter applies and remembers it.
    tmux.keys(&["/", "C-u"]);
    tmux.literal("group:dev");
    tmux.keys(&["Tab"]);
    wait_for_bar(&tmux, "group:developers");
    tmux.keys(&["Enter"]);
    tmux.wait_for("the group filter applied", |screen| {
        screen.contains("/ group:developers  (filter applied")
    });
    quit(&tmux);
    drop(tmux);

    // The same profile again: ↑ brings back the newest filter, then the one before.
    let tmux = console(home.path(), "filter-editor-2");
    tmux.keys(&["/"]);
    wait_for_bar(&tmux, "");
    tmux.keys(&["Up"]);
    wait_for_bar(&tmux, "group:developers");
    tmux.keys(&["Up"]);
    wait_for_bar(&tmux, "!lane:ready NOT acme");
    tmux.keys(&["Down", "Down"]);
    wait_for_bar(&tmux, "");
    // Esc alone (a key right after it would read as Alt-that-key): the bar closes, then quit.
    tmux.keys(&["Escape"]);
    tmux.wait_for("the bar to close", |screen| {
        bar_line(screen).is_none() && screen.contains("showing 50 of 50")
    });
    quit(&tmux);

    let dir = home.path().join("data").join("dormant").join("filter-history");
    let files: Vec<_> = std::fs::read_dir(&dir)
        .expect("the history directory")
        .map(|entry| entry.expect("entry").path())
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    let text = std::fs::read_to_string(&files[0]).expect("the history file");
    let newest = text.find("group:developers").expect("the group filter");
    let older = text.find("!lane:ready NOT acme").expect("the edited filter");
    assert!(older < newest, "newest last: {text}");
}
