//! The keymap as data: the embedded default (`assets/keymap.toml`) plus the config's `[keys]`
//! overrides, resolved into one table per mode that key handling, the help screen and the hints
//! all read. Must not decide what an action does.

mod chord;
mod error;
mod parse;
#[cfg(test)]
mod tests;

pub use chord::{KeyChord, KeyChordError};
pub use error::KeymapError;

use super::action::{Action, Mode};
use crate::store::config::KeyTable;
use crossterm::event::KeyEvent;
use parse::{Bindings, EVERYWHERE};
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};

/// The shipped bindings; a test proves it parses and binds every action of every mode.
pub const DEFAULT_KEYMAP_TOML: &str = include_str!("../../assets/keymap.toml");

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct KeymapFile {
    keys: KeyTable,
}

/// Key bindings of every mode.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keymap {
    tables: BTreeMap<Mode, Table>,
}

/// One mode's keys: action → keys as configured, key → action for lookups, and the keys
/// read-only mode dropped (they do nothing, and do not fall through to the browse keys).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
struct Table {
    by_key: HashMap<KeyChord, Action>,
    by_action: BTreeMap<Action, Vec<KeyChord>>,
    dropped: HashMap<KeyChord, Action>,
}

/// What a key press stands for in a mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Binding {
    /// `action` as `mode` understands it (a page's key may resolve to a browse action).
    Bound { mode: Mode, action: Action },
    /// A key read-only mode dropped: nothing happens, and the admin is told why.
    Dropped { action: Action },
}

impl Keymap {
    /// The default keymap with the config's `[keys]` table laid over it: an action the config
    /// names gets exactly the keys listed, and those keys leave whatever action had them.
    pub fn with_overrides(keys: &KeyTable) -> Result<Keymap, KeymapError> {
        let defaults: KeymapFile =
            toml::from_str(DEFAULT_KEYMAP_TOML).map_err(|error| KeymapError::Default(error.to_string()))?;
        let defaults = parse::parse(&defaults.keys)?;
        Keymap::build(parse::merge(defaults, parse::parse(keys)?))
    }

    /// The shipped defaults.
    pub fn defaults() -> Result<Keymap, KeymapError> {
        Keymap::with_overrides(&KeyTable::new())
    }

    fn build(mut bindings: Bindings) -> Result<Keymap, KeymapError> {
        let mut tables = BTreeMap::new();
        let mut everywhere: HashMap<KeyChord, Action> = HashMap::new();
        for mode in Mode::ALL {
            let mut by_action = bindings.remove(&mode).unwrap_or_default();
            by_action.retain(|_, keys| !keys.is_empty());
            for &action in mode.required() {
                if !by_action.contains_key(&action) {
                    return Err(KeymapError::unbound(mode, action));
                }
            }
            let mut by_key = HashMap::new();
            for (&action, keys) in &by_action {
                for &key in keys {
                    check_key(mode, action, key, &everywhere)?;
                    if let Some(first) = by_key.insert(key, action)
                        && first != action
                    {
                        return Err(KeymapError::Conflict {
                            table: mode.table(),
                            key: key.to_string(),
                            first: first.name(),
                            second: action.name(),
                        });
                    }
                }
            }
            if mode == Mode::Browse {
                everywhere = by_key
                    .iter()
                    .filter(|(_, action)| EVERYWHERE.contains(action))
                    .map(|(&key, &action)| (key, action))
                    .collect();
            }
            let dropped = HashMap::new();
            tables.insert(
                mode,
                Table {
                    by_key,
                    by_action,
                    dropped,
                },
            );
        }
        Ok(Keymap { tables })
    }

    /// Drops every dangerous action of every mode (read-only mode), so no key can reach it.
    #[must_use]
    pub fn without_dangerous(mut self) -> Keymap {
        for (mode, table) in &mut self.tables {
            let Table {
                by_key,
                by_action,
                dropped,
            } = table;
            by_key.retain(|&key, &mut action| {
                let keep = !mode.is_dangerous(action);
                if !keep {
                    dropped.insert(key, action);
                }
                keep
            });
            by_action.retain(|&action, _| !mode.is_dangerous(action));
        }
        self
    }

    /// What a key press stands for in `mode`: the mode's own keys first, then, on a page, the
    /// browse keys it does not shadow.
    #[must_use]
    pub fn resolve(&self, mode: Mode, event: &KeyEvent) -> Option<Binding> {
        let key = KeyChord::from_event(event);
        let table = self.tables.get(&mode)?;
        if let Some(&action) = table.by_key.get(&key) {
            return Some(Binding::Bound { mode, action });
        }
        if let Some(&action) = table.dropped.get(&key) {
            return Some(Binding::Dropped { action });
        }
        if mode.is_page() {
            return self.resolve(Mode::Browse, event);
        }
        None
    }

    /// The keys of `action` in `mode`, in configured order (empty when unbound or dropped).
    #[must_use]
    pub fn keys_in(&self, mode: Mode, action: Action) -> &[KeyChord] {
        self.tables
            .get(&mode)
            .and_then(|table| table.by_action.get(&action))
            .map_or(&[], Vec::as_slice)
    }

    /// The browse keys of `action` (which every page also answers to unless it shadows them).
    #[must_use]
    pub fn keys_for(&self, action: Action) -> &[KeyChord] {
        self.keys_in(Mode::Browse, action)
    }

    /// The first key of `action` in `mode` as text, for hints ("? help").
    #[must_use]
    pub fn hint_in(&self, mode: Mode, action: Action) -> Option<String> {
        self.keys_in(mode, action).first().map(ToString::to_string)
    }

    /// Every key of `action` in `mode`, joined by `/` ("enter/y"), for hints that list them all.
    #[must_use]
    pub fn all_keys_in(&self, mode: Mode, action: Action) -> Option<String> {
        let keys = self.keys_in(mode, action);
        (!keys.is_empty()).then(|| keys.iter().map(ToString::to_string).collect::<Vec<_>>().join("/"))
    }

    /// The first browse key of `action` as text.
    #[must_use]
    pub fn hint(&self, action: Action) -> Option<String> {
        self.hint_in(Mode::Browse, action)
    }

    /// The actions bound in `mode`, in help order, with their keys.
    pub fn bindings(&self, mode: Mode) -> impl Iterator<Item = (Action, &[KeyChord])> {
        let table = self.tables.get(&mode);
        mode.actions().iter().filter_map(move |action| {
            table
                .and_then(|table| table.by_action.get(action))
                .map(|keys| (*action, keys.as_slice()))
        })
    }
}

/// Keys a mode may not use: a page may not take a key that quits, goes back or opens help
/// everywhere, and a prompt may not take a key that types.
fn check_key(
    mode: Mode,
    action: Action,
    key: KeyChord,
    everywhere: &HashMap<KeyChord, Action>,
) -> Result<(), KeymapError> {
    if mode.is_page()
        && let Some(global) = everywhere.get(&key)
    {
        return Err(KeymapError::Reserved {
            table: mode.table(),
            action: action.name(),
            key: key.to_string(),
            global: global.name(),
        });
    }
    if mode.types_text() && key.edits_text() {
        return Err(KeymapError::TypesText {
            table: mode.table(),
            action: action.name(),
            key: key.to_string(),
        });
    }
    Ok(())
}
