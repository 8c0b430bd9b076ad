//! The keymap as data: the embedded default (`assets/keymap.toml`) plus the config's `[keys]`
//! overrides, resolved into one table that both key handling and the help screen read. Must not
//! decide what an action does.

mod chord;

pub use chord::{KeyChord, KeyChordError};

use super::action::Action;
use crossterm::event::KeyEvent;
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use thiserror::Error;

/// The shipped bindings; a test proves it parses and binds every action.
pub const DEFAULT_KEYMAP_TOML: &str = include_str!("../../assets/keymap.toml");

/// Key bindings, action → keys as configured and key → action for lookups.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keymap {
    by_key: HashMap<KeyChord, Action>,
    by_action: BTreeMap<Action, Vec<KeyChord>>,
}

/// A `[keys]` entry dormant cannot use; says which entry and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum KeymapError {
    #[error("[keys] has no action named `{given}`; the actions are: {}", action_names())]
    UnknownAction { given: String },
    #[error("[keys] {action}: {source}")]
    BadKey {
        action: &'static str,
        #[source]
        source: KeyChordError,
    },
    #[error("[keys] `{key}` is bound to both `{first}` and `{second}`; give each key to one action")]
    Conflict {
        key: String,
        first: &'static str,
        second: &'static str,
    },
    #[error("[keys] {action} has no key left; bind at least one, or the screen could not be {verb}")]
    Unbound {
        action: &'static str,
        verb: &'static str,
    },
    #[error("the built-in keymap does not parse ({0}); this is a bug in dormant, please report it")]
    Default(String),
}

fn action_names() -> String {
    Action::ALL.map(Action::name).join(", ")
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct KeymapFile {
    keys: BTreeMap<String, Vec<String>>,
}

impl Keymap {
    /// The default keymap with `overrides` (action name → keys) applied: an overridden action gets
    /// exactly the keys listed, and those keys leave whatever action they had by default.
    pub fn with_overrides(overrides: &BTreeMap<String, Vec<String>>) -> Result<Keymap, KeymapError> {
        let defaults: KeymapFile =
            toml::from_str(DEFAULT_KEYMAP_TOML).map_err(|error| KeymapError::Default(error.to_string()))?;
        let mut by_action = parse_table(&defaults.keys)?;
        let chosen = parse_table(overrides)?;
        let taken: Vec<KeyChord> = chosen.values().flatten().copied().collect();
        for keys in by_action.values_mut() {
            keys.retain(|key| !taken.contains(key));
        }
        by_action.extend(chosen);
        Keymap::from_table(by_action)
    }

    /// The shipped defaults.
    pub fn defaults() -> Result<Keymap, KeymapError> {
        Keymap::with_overrides(&BTreeMap::new())
    }

    fn from_table(by_action: BTreeMap<Action, Vec<KeyChord>>) -> Result<Keymap, KeymapError> {
        for (action, verb) in [(Action::Quit, "left"), (Action::Back, "closed")] {
            if by_action.get(&action).is_none_or(Vec::is_empty) {
                return Err(KeymapError::Unbound {
                    action: action.name(),
                    verb,
                });
            }
        }
        let mut by_key = HashMap::new();
        for (&action, keys) in &by_action {
            for &key in keys {
                if let Some(first) = by_key.insert(key, action)
                    && first != action
                {
                    return Err(KeymapError::Conflict {
                        key: key.to_string(),
                        first: first.name(),
                        second: action.name(),
                    });
                }
            }
        }
        Ok(Keymap { by_key, by_action })
    }

    /// Drops every dangerous action (read-only mode), so no key can reach it.
    #[must_use]
    pub fn without_dangerous(mut self) -> Keymap {
        self.by_key.retain(|_, action| !action.is_dangerous());
        self.by_action.retain(|action, _| !action.is_dangerous());
        self
    }

    /// The action a key press stands for, if any.
    #[must_use]
    pub fn action_for(&self, event: &KeyEvent) -> Option<Action> {
        self.by_key.get(&KeyChord::from_event(event)).copied()
    }

    /// The keys of `action`, in configured order (empty when unbound or dropped).
    #[must_use]
    pub fn keys_for(&self, action: Action) -> &[KeyChord] {
        self.by_action.get(&action).map_or(&[], Vec::as_slice)
    }

    /// The first key of `action` as text, for hints ("? help").
    #[must_use]
    pub fn hint(&self, action: Action) -> Option<String> {
        self.keys_for(action).first().map(ToString::to_string)
    }

    /// Bound actions in help order with their keys.
    pub fn bindings(&self) -> impl Iterator<Item = (Action, &[KeyChord])> {
        Action::ALL
            .into_iter()
            .filter_map(|action| self.by_action.get(&action).map(|keys| (action, keys.as_slice())))
    }
}

fn parse_table(
    table: &BTreeMap<String, Vec<String>>,
) -> Result<BTreeMap<Action, Vec<KeyChord>>, KeymapError> {
    table
        .iter()
        .map(|(name, keys)| {
            let action =
                Action::from_name(name).ok_or_else(|| KeymapError::UnknownAction { given: name.clone() })?;
            let chords = keys
                .iter()
                .map(|key| {
                    key.parse::<KeyChord>().map_err(|source| KeymapError::BadKey {
                        action: action.name(),
                        source,
                    })
                })
                .collect::<Result<Vec<_>, _>>()?;
            Ok((action, chords))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::{KeyCode, KeyModifiers};

    fn press(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, modifiers)
    }

    fn overrides(pairs: &[(&str, &[&str])]) -> BTreeMap<String, Vec<String>> {
        pairs
            .iter()
            .map(|(name, keys)| ((*name).to_owned(), keys.iter().map(|k| (*k).to_owned()).collect()))
            .collect()
    }

    #[test]
    fn the_default_keymap_binds_every_action() {
        let keymap = Keymap::defaults().expect("defaults parse");
        for action in Action::ALL {
            assert!(!keymap.keys_for(action).is_empty(), "{action:?} unbound");
        }
        assert_eq!(
            keymap.action_for(&press(KeyCode::Char('j'), KeyModifiers::NONE)),
            Some(Action::MoveDown)
        );
        assert_eq!(
            keymap.action_for(&press(KeyCode::Char('G'), KeyModifiers::SHIFT)),
            Some(Action::GoBottom)
        );
        assert_eq!(
            keymap.action_for(&press(KeyCode::Char('c'), KeyModifiers::CONTROL)),
            Some(Action::Quit)
        );
        assert_eq!(
            keymap.action_for(&press(KeyCode::Char(' '), KeyModifiers::NONE)),
            Some(Action::ToggleMark)
        );
    }

    #[test]
    fn an_override_takes_its_keys_from_the_defaults() {
        let keymap = Keymap::with_overrides(&overrides(&[("toggle_mark", &["m", "j"])])).expect("valid");
        assert_eq!(
            keymap.action_for(&press(KeyCode::Char('j'), KeyModifiers::NONE)),
            Some(Action::ToggleMark)
        );
        assert_eq!(
            keymap.action_for(&press(KeyCode::Char(' '), KeyModifiers::NONE)),
            None
        );
        assert_eq!(keymap.keys_for(Action::MoveDown).len(), 1, "down arrow stays");
    }

    #[test]
    fn bad_overrides_are_named_with_the_fix() {
        let unknown = Keymap::with_overrides(&overrides(&[("nuke", &["n"])])).expect_err("unknown");
        assert!(unknown.to_string().contains("toggle_mark"), "{unknown}");
        let bad = Keymap::with_overrides(&overrides(&[("quit", &["ctrl-"])])).expect_err("bad key");
        assert!(bad.to_string().starts_with("[keys] quit:"), "{bad}");
        let clash =
            Keymap::with_overrides(&overrides(&[("quit", &["z"]), ("reload", &["z"])])).expect_err("clash");
        assert!(matches!(clash, KeymapError::Conflict { .. }), "{clash}");
        let unbound = Keymap::with_overrides(&overrides(&[("quit", &[])])).expect_err("unbound");
        assert!(unbound.to_string().contains("quit has no key"), "{unbound}");
    }

    #[test]
    fn read_only_drops_every_dangerous_key() {
        let keymap = Keymap::defaults().expect("defaults").without_dangerous();
        assert_eq!(
            keymap.action_for(&press(KeyCode::Char(' '), KeyModifiers::NONE)),
            None
        );
        assert!(keymap.bindings().all(|(action, _)| !action.is_dangerous()));
        assert!(keymap.hint(Action::Quit).is_some());
    }
}
