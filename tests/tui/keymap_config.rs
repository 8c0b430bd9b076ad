//! The config's `[keys]` table as the console binds it: the shipped default config (and its
//! commented example, uncommented) binds every action of every screen; configs written before the
//! keymap had screens load unchanged; a bad entry names the table, the action and the fix.

use dormant::store::config::Config;
use dormant::tui::{Action, Binding, Keymap, KeymapError, Mode};
use std::path::Path;

const DEFAULT_CONFIG: &str = include_str!("../../assets/default-config.toml");

fn keymap_of(text: &str) -> Result<Keymap, KeymapError> {
    let config = Config::parse(text, Path::new("config.toml")).expect("the config parses");
    Keymap::with_overrides(config.keys())
}

fn press(c: char) -> crossterm::event::KeyEvent {
    crossterm::event::KeyEvent::new(
        crossterm::event::KeyCode::Char(c),
        crossterm::event::KeyModifiers::NONE,
    )
}

fn action_in(keymap: &Keymap, mode: Mode, c: char) -> Option<Action> {
    match keymap.resolve(mode, &press(c)) {
        Some(Binding::Bound { action, .. }) => Some(action),
        _ => None,
    }
}

#[test]
fn the_default_config_binds_every_action_of_every_screen() {
    let keymap = keymap_of(DEFAULT_CONFIG).expect("binds");
    for mode in Mode::ALL {
        for &action in mode.actions() {
            assert!(
                !keymap.keys_in(mode, action).is_empty(),
                "{} {} has no key",
                mode.table(),
                action.name()
            );
        }
    }
}

#[test]
fn the_commented_keys_example_binds_when_uncommented() {
    let mut in_keys = false;
    let uncommented: String = DEFAULT_CONFIG
        .lines()
        .map(|line| {
            if line.starts_with('[') {
                in_keys = line.starts_with("[keys");
            }
            match line.strip_prefix("# ") {
                Some(rest) if in_keys && (rest.contains(" = [") || rest.starts_with("[keys.")) => {
                    format!("{rest}\n")
                }
                _ => format!("{line}\n"),
            }
        })
        .collect();
    assert!(uncommented.contains("\ntoggle_mark = [\"space\", \"m\"]\n"));
    assert!(uncommented.contains("\n[keys.history]\nundo = [\"U\"]\n"));
    let keymap = keymap_of(&uncommented).expect("binds");
    assert_eq!(keymap.keys_for(Action::ToggleMark).len(), 2);
    assert_eq!(keymap.keys_for(Action::Quit).len(), 1);
    assert_eq!(action_in(&keymap, Mode::History, 'U'), Some(Action::Undo));
}

#[test]
fn a_config_written_before_screens_had_tables_loads_unchanged() {
    // The only layout older releases knew: browse actions directly under [keys], including the
    // names `preview` and `exclude`, which are also the names of screen tables now.
    let old = "[keys]\nmove_down = [\"n\"]\nclear_marks = [\"c\"]\npreview = [\"P\"]\nexclude = [\"X\"]\n\
               quit = [\"q\", \"ctrl-q\"]\n";
    let keymap = keymap_of(old).expect("an old config still loads");
    assert_eq!(action_in(&keymap, Mode::Browse, 'n'), Some(Action::MoveDown));
    assert_eq!(action_in(&keymap, Mode::Browse, 'P'), Some(Action::Preview));
    assert_eq!(action_in(&keymap, Mode::Browse, 'X'), Some(Action::Exclude));
    assert_eq!(action_in(&keymap, Mode::Browse, 'c'), Some(Action::ClearMarks));
    assert_eq!(action_in(&keymap, Mode::Browse, 'p'), None, "p left preview");
    assert_eq!(keymap.keys_for(Action::Quit).len(), 2);
    assert_eq!(
        action_in(&keymap, Mode::Preview, 'y'),
        Some(Action::Confirm),
        "the preview page keeps its defaults"
    );
    assert_eq!(action_in(&keymap, Mode::History, 'u'), Some(Action::Undo));
}

#[test]
fn every_action_named_in_the_config_comment_exists() {
    let listed = DEFAULT_CONFIG
        .lines()
        .skip_while(|line| !line.contains("Actions:"))
        .take_while(|line| !line.contains("Keys:"))
        .flat_map(|line| line.trim_start_matches('#').split_whitespace())
        .map(|word| word.trim_end_matches(['.', ',', ':']).to_owned())
        .collect::<Vec<_>>();
    for action in Action::ALL {
        assert!(
            listed.iter().any(|word| word == action.name()),
            "{} not listed",
            action.name()
        );
    }
    for mode in Mode::ALL.iter().skip(1) {
        assert!(
            listed.iter().any(|word| word == mode.table()),
            "{} not listed",
            mode.table()
        );
    }
}

#[test]
fn a_bad_keys_entry_says_what_and_how_to_fix_it() {
    let error = keymap_of("[keys]\nnuke_org = [\"n\"]\n").expect_err("unknown action");
    let text = error.to_string();
    assert!(
        text.contains("nuke_org") && text.contains("toggle_mark"),
        "{text}"
    );
    let error = keymap_of("[keys]\nquit = [\"ctrl-\"]\n").expect_err("bad key");
    assert!(error.to_string().contains("pgdown"), "{error}");
    let error = keymap_of("[keys.history]\nundo = [\"q\"]\n").expect_err("q quits everywhere");
    let text = error.to_string();
    assert!(
        text.contains("[keys.history] undo") && text.contains("quit"),
        "{text}"
    );
    let error = keymap_of("[keys.preveiw]\nconfirm = [\"c\"]\n").expect_err("no such screen");
    assert!(error.to_string().contains("[keys.preview]"), "{error}");
}

#[test]
fn a_key_that_is_not_a_list_is_refused_by_the_config_with_its_line() {
    for (text, line) in [
        ("[keys]\ntoggle_mark = \"space\"\n", "line 2"),
        ("[keys.history]\nundo = \"U\"\n", "line 2"),
        (
            "[keys]\nquit = [\"q\"]\n[keys.preview]\nconfirm = [1]\n",
            "line 4",
        ),
    ] {
        let error = Config::parse(text, Path::new("config.toml")).expect_err(text);
        let message = error.to_string();
        assert!(message.contains(line) && message.contains("fix:"), "{message}");
    }
}
