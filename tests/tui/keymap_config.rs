//! The config's `[keys]` table as the console binds it: the shipped default config (and its
//! commented example, uncommented) binds every action; a bad entry names the action and the fix.

use dormant::store::config::Config;
use dormant::tui::{Action, Keymap, KeymapError};
use std::path::Path;

const DEFAULT_CONFIG: &str = include_str!("../../assets/default-config.toml");

fn keymap_of(text: &str) -> Result<Keymap, KeymapError> {
    let config = Config::parse(text, Path::new("config.toml")).expect("the config parses");
    Keymap::with_overrides(config.keys())
}

#[test]
fn the_default_config_binds_every_action() {
    let keymap = keymap_of(DEFAULT_CONFIG).expect("binds");
    for action in Action::ALL {
        assert!(
            !keymap.keys_for(action).is_empty(),
            "{} has no key",
            action.name()
        );
    }
}

#[test]
fn the_commented_keys_example_binds_when_uncommented() {
    let mut in_keys = false;
    let uncommented: String = DEFAULT_CONFIG
        .lines()
        .map(|line| {
            if line.starts_with('[') {
                in_keys = line == "[keys]";
            }
            match line.strip_prefix("# ") {
                Some(rest) if in_keys && rest.contains(" = [") => format!("{rest}\n"),
                _ => format!("{line}\n"),
            }
        })
        .collect();
    assert!(uncommented.contains("\ntoggle_mark = [\"space\", \"m\"]\n"));
    let keymap = keymap_of(&uncommented).expect("binds");
    assert_eq!(keymap.keys_for(Action::ToggleMark).len(), 2);
    assert_eq!(keymap.keys_for(Action::Quit).len(), 1);
}

#[test]
fn every_action_named_in_the_config_comment_exists() {
    let listed = DEFAULT_CONFIG
        .lines()
        .skip_while(|line| !line.contains("Actions:"))
        .take_while(|line| !line.contains("Keys:"))
        .flat_map(|line| line.trim_start_matches('#').split_whitespace())
        .filter(|word| word.contains('_') || Action::from_name(word.trim_end_matches('.')).is_some())
        .map(|word| word.trim_end_matches('.').to_owned())
        .collect::<Vec<_>>();
    for action in Action::ALL {
        assert!(
            listed.iter().any(|word| word == action.name()),
            "{} not listed",
            action.name()
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
}
