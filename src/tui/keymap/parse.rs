//! Reading a `[keys]` table (the shipped one or the config's) into keys per mode and action, and
//! laying the config's over the defaults. Must not resolve key presses or check conflicts.

use super::KeymapError;
use super::chord::KeyChord;
use crate::store::config::{KeyEntry, KeyTable};
use crate::tui::action::{Action, Mode};
use std::collections::BTreeMap;

/// Keys per action per mode, as written (validated by `Keymap::build`).
pub(super) type Bindings = BTreeMap<Mode, BTreeMap<Action, Vec<KeyChord>>>;

/// Browse actions whose keys work on every page: a page may not take them.
pub(super) const EVERYWHERE: [Action; 3] = [Action::Quit, Action::Back, Action::ShowHelp];

/// A `[keys]` table: entries directly under it are browse keys (the layout configs have always
/// used), sub-tables (`[keys.history]`, and `[keys.browse]` too) are one mode each.
pub(super) fn parse(keys: &KeyTable) -> Result<Bindings, KeymapError> {
    let mut bindings = Bindings::new();
    for (name, entry) in keys {
        let mut add = |mode: Mode, action_name: &str, keys: &[String]| {
            let (action, chords) = parse_entry(mode, action_name, keys)?;
            match bindings.entry(mode).or_default().insert(action, chords) {
                Some(_) => Err(KeymapError::Twice {
                    action: action.name(),
                }),
                None => Ok(()),
            }
        };
        match entry {
            KeyEntry::Keys(keys) => add(Mode::Browse, name, keys)?,
            KeyEntry::Screen(table) => {
                let mode =
                    Mode::from_name(name).ok_or_else(|| KeymapError::UnknownMode { given: name.clone() })?;
                for (action_name, keys) in table {
                    add(mode, action_name, keys)?;
                }
            }
        }
    }
    Ok(bindings)
}

fn parse_entry(mode: Mode, name: &str, keys: &[String]) -> Result<(Action, Vec<KeyChord>), KeymapError> {
    let action = Action::from_name(name)
        .filter(|action| mode.actions().contains(action))
        .ok_or_else(|| KeymapError::unknown_action(mode, name))?;
    let chords = keys
        .iter()
        .map(|key| {
            key.parse::<KeyChord>().map_err(|source| KeymapError::BadKey {
                table: mode.table(),
                action: action.name(),
                source,
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok((action, chords))
}

/// The defaults with `chosen` laid over them: an action the config names gets exactly the keys
/// listed; those keys leave whatever action of the same mode had them by default, and the keys
/// the config gives quit, back or help leave every page's defaults too.
pub(super) fn merge(mut defaults: Bindings, chosen: Bindings) -> Bindings {
    let everywhere: Vec<KeyChord> = chosen.get(&Mode::Browse).map_or_else(Vec::new, |browse| {
        EVERYWHERE
            .iter()
            .filter_map(|action| browse.get(action))
            .flatten()
            .copied()
            .collect()
    });
    for (mode, table) in &mut defaults {
        let mut taken: Vec<KeyChord> = chosen
            .get(mode)
            .map_or_else(Vec::new, |own| own.values().flatten().copied().collect());
        if mode.is_page() {
            taken.extend(&everywhere);
        }
        for keys in table.values_mut() {
            keys.retain(|key| !taken.contains(key));
        }
    }
    for (mode, table) in chosen {
        defaults.entry(mode).or_default().extend(table);
    }
    defaults
}
