//! Unit tests of the keymap: defaults, overrides per mode, errors, read-only.

use super::*;
use crossterm::event::{KeyCode, KeyModifiers};

fn press(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
    KeyEvent::new(code, modifiers)
}

fn char_key(c: char) -> KeyEvent {
    press(KeyCode::Char(c), KeyModifiers::NONE)
}

fn keymap_of(config: &str) -> Result<Keymap, KeymapError> {
    let file: KeymapFile = toml::from_str(config).expect("test TOML");
    Keymap::with_overrides(&file.keys)
}

fn action_in(keymap: &Keymap, mode: Mode, event: &KeyEvent) -> Option<Action> {
    match keymap.resolve(mode, event) {
        Some(Binding::Bound { action, .. }) => Some(action),
        _ => None,
    }
}

#[test]
fn the_default_keymap_binds_every_action_of_every_mode() {
    let keymap = Keymap::defaults().expect("defaults parse");
    for mode in Mode::ALL {
        for &action in mode.actions() {
            assert!(
                !keymap.keys_in(mode, action).is_empty(),
                "{mode:?} {action:?} unbound"
            );
        }
    }
    let browse = |event| action_in(&keymap, Mode::Browse, &event);
    assert_eq!(browse(char_key('j')), Some(Action::MoveDown));
    assert_eq!(
        browse(press(KeyCode::Char('G'), KeyModifiers::SHIFT)),
        Some(Action::GoBottom)
    );
    assert_eq!(
        browse(press(KeyCode::Char('c'), KeyModifiers::CONTROL)),
        Some(Action::Quit)
    );
    assert_eq!(browse(char_key(' ')), Some(Action::ToggleMark));
}

#[test]
fn one_key_means_one_thing_per_mode_and_pages_fall_back_to_browse() {
    let keymap = Keymap::defaults().expect("defaults");
    let u = char_key('u');
    assert_eq!(action_in(&keymap, Mode::Browse, &u), Some(Action::ClearMarks));
    assert_eq!(
        keymap.resolve(Mode::History, &u),
        Some(Binding::Bound {
            mode: Mode::History,
            action: Action::Undo
        })
    );
    assert_eq!(
        keymap.resolve(Mode::History, &char_key('q')),
        Some(Binding::Bound {
            mode: Mode::Browse,
            action: Action::Quit
        }),
        "quit works on every page"
    );
    assert_eq!(
        keymap.resolve(Mode::Sort, &char_key('q')),
        None,
        "popups take their own keys only"
    );
    let enter = press(KeyCode::Enter, KeyModifiers::NONE);
    assert_eq!(action_in(&keymap, Mode::Preview, &enter), Some(Action::Confirm));
    assert_eq!(
        action_in(&keymap, Mode::Browse, &enter),
        Some(Action::ShowDetails)
    );
}

#[test]
fn an_override_takes_its_keys_from_the_defaults_of_its_mode_only() {
    let keymap = keymap_of("[keys]\ntoggle_mark = [\"m\", \"j\"]\n").expect("valid");
    assert_eq!(
        action_in(&keymap, Mode::Browse, &char_key('j')),
        Some(Action::ToggleMark)
    );
    assert_eq!(action_in(&keymap, Mode::Browse, &char_key(' ')), None);
    assert_eq!(keymap.keys_for(Action::MoveDown).len(), 1, "down arrow stays");
    assert_eq!(
        action_in(&keymap, Mode::History, &char_key('j')),
        Some(Action::MoveDown),
        "history keeps its own j"
    );
    let history = keymap_of("[keys.history]\nundo = [\"U\"]\n").expect("valid");
    assert_eq!(
        action_in(&history, Mode::History, &char_key('U')),
        Some(Action::Undo)
    );
    assert_eq!(
        history.resolve(Mode::History, &char_key('u')),
        Some(Binding::Bound {
            mode: Mode::Browse,
            action: Action::ClearMarks
        }),
        "u no longer undoes"
    );
}

#[test]
fn the_browse_table_may_be_written_either_way_but_once() {
    let nested = keymap_of("[keys.browse]\nquit = [\"Q\"]\n").expect("valid");
    assert_eq!(nested.keys_for(Action::Quit).len(), 1);
    let twice = keymap_of("[keys]\nquit = [\"Q\"]\n[keys.browse]\nquit = [\"z\"]\n").expect_err("twice");
    assert!(matches!(twice, KeymapError::Twice { action: "quit" }), "{twice}");
}

#[test]
fn a_key_given_to_quit_leaves_every_page() {
    let keymap = keymap_of("[keys]\nquit = [\"u\"]\n").expect("valid");
    assert_eq!(
        keymap.resolve(Mode::History, &char_key('u')),
        Some(Binding::Bound {
            mode: Mode::Browse,
            action: Action::Quit
        })
    );
    assert!(keymap.keys_in(Mode::History, Action::Undo).is_empty());
}

#[test]
fn bad_overrides_name_the_table_the_action_and_the_fix() {
    let unknown = keymap_of("[keys]\nnuke = [\"n\"]\n").expect_err("unknown");
    assert!(unknown.to_string().contains("toggle_mark"), "{unknown}");
    let wrong_mode = keymap_of("[keys.history]\nexport = [\"e\"]\n").expect_err("not a history action");
    let text = wrong_mode.to_string();
    assert!(
        text.starts_with("[keys.history] has no action named `export`") && text.contains("undo"),
        "{text}"
    );
    let mode = keymap_of("[keys.histroy]\nundo = [\"U\"]\n").expect_err("unknown mode");
    assert!(mode.to_string().contains("[keys.history]"), "{mode}");
    let bad = keymap_of("[keys]\nquit = [\"ctrl-\"]\n").expect_err("bad key");
    assert!(bad.to_string().starts_with("[keys] quit:"), "{bad}");
    let clash = keymap_of("[keys]\nquit = [\"z\"]\nreload = [\"z\"]\n").expect_err("clash");
    assert!(matches!(clash, KeymapError::Conflict { .. }), "{clash}");
    let page_clash = keymap_of("[keys.results]\nexport = [\"j\"]\n").expect("j leaves scrolling");
    assert_eq!(page_clash.keys_in(Mode::Results, Action::MoveDown).len(), 1);
    let unbound = keymap_of("[keys]\nquit = []\n").expect_err("unbound");
    assert!(unbound.to_string().contains("quit has no key"), "{unbound}");
    let popup = keymap_of("[keys.confirm]\nback = []\n").expect_err("unbound");
    assert!(
        popup.to_string().starts_with("[keys.confirm] back has no key"),
        "{popup}"
    );
}

#[test]
fn pages_cannot_take_the_keys_that_work_everywhere() {
    let error = keymap_of("[keys.history]\nundo = [\"q\"]\n").expect_err("q quits");
    let text = error.to_string();
    assert!(text.contains("[keys.history] undo: `q` is quit's key"), "{text}");
    assert!(keymap_of("[keys.preview]\nconfirm = [\"esc\"]\n").is_err());
    assert!(
        keymap_of("[keys.confirm]\nconfirm = [\"q\"]\n").is_ok(),
        "a popup takes every key"
    );
}

#[test]
fn prompts_keep_every_key_that_types() {
    for config in [
        "[keys.filter]\nconfirm = [\"k\"]\n",
        "[keys.exclude]\nback = [\"ctrl-w\"]\n",
        "[keys.type_count]\nconfirm = [\"backspace\"]\n",
    ] {
        let error = keymap_of(config).expect_err(config);
        assert!(matches!(error, KeymapError::TypesText { .. }), "{error}");
    }
    assert!(keymap_of("[keys.filter]\nconfirm = [\"tab\"]\n").is_ok());
}

#[test]
fn read_only_drops_every_dangerous_key_of_every_mode() {
    let keymap = Keymap::defaults().expect("defaults").without_dangerous();
    for mode in Mode::ALL {
        for &action in mode.actions() {
            assert_eq!(
                keymap.keys_in(mode, action).is_empty(),
                mode.is_dangerous(action),
                "{mode:?} {action:?}"
            );
        }
        assert!(
            keymap
                .bindings(mode)
                .all(|(action, _)| !mode.is_dangerous(action))
        );
    }
    assert_eq!(
        keymap.resolve(Mode::Browse, &char_key(' ')),
        Some(Binding::Dropped {
            action: Action::ToggleMark
        })
    );
    assert_eq!(
        keymap.resolve(Mode::History, &char_key('u')),
        Some(Binding::Dropped { action: Action::Undo }),
        "a dropped undo does not fall through to clear_marks"
    );
    assert_eq!(
        keymap.resolve(Mode::Preview, &char_key('y')),
        Some(Binding::Dropped {
            action: Action::Confirm
        })
    );
    assert!(keymap.hint(Action::Quit).is_some());
    assert!(
        keymap.hint_in(Mode::Confirm, Action::Confirm).is_some(),
        "quit stays answerable"
    );
}
