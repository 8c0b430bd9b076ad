//! `KeymapError`: a `[keys]` entry dormant cannot use, said with the table, the action and the
//! fix. Must not decide anything about bindings.

use super::chord::KeyChordError;
use crate::tui::action::{Action, Mode};
use thiserror::Error;

/// A `[keys]` entry dormant cannot use; names the table (`[keys]`, `[keys.history]`, …), the
/// action and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum KeymapError {
    #[error(
        "[keys.{given}] is not a screen dormant knows; the tables are [keys] (browse) and {}",
        mode_tables()
    )]
    UnknownMode { given: String },
    #[error("{table} has no action named `{given}`; the actions there are: {known}")]
    UnknownAction {
        table: &'static str,
        given: String,
        known: String,
    },
    #[error("{table} {action}: {source}")]
    BadKey {
        table: &'static str,
        action: &'static str,
        #[source]
        source: KeyChordError,
    },
    #[error("`{action}` is both directly under [keys] and in [keys.browse]; keep one of them")]
    Twice { action: &'static str },
    #[error("{table} `{key}` is bound to both `{first}` and `{second}`; give each key to one action")]
    Conflict {
        table: &'static str,
        key: String,
        first: &'static str,
        second: &'static str,
    },
    #[error(
        "{table} {action}: `{key}` is {global}'s key on every screen; give {action} another key, \
         or give {global} another one in [keys]"
    )]
    Reserved {
        table: &'static str,
        action: &'static str,
        key: String,
        global: &'static str,
    },
    #[error(
        "{table} {action}: `{key}` types or edits text in this prompt; use a named key (enter, esc, \
         tab, up, down, …) or a ctrl- chord other than ctrl-u and ctrl-w"
    )]
    TypesText {
        table: &'static str,
        action: &'static str,
        key: String,
    },
    #[error("{table} {action} has no key left; bind at least one, or {consequence}")]
    Unbound {
        table: &'static str,
        action: &'static str,
        consequence: &'static str,
    },
    #[error("the built-in keymap does not parse ({0}); this is a bug in dormant, please report it")]
    Default(String),
}

impl KeymapError {
    pub(super) fn unknown_action(mode: Mode, given: &str) -> KeymapError {
        KeymapError::UnknownAction {
            table: mode.table(),
            given: given.to_owned(),
            known: mode
                .actions()
                .iter()
                .map(|action| action.name())
                .collect::<Vec<_>>()
                .join(", "),
        }
    }

    pub(super) fn unbound(mode: Mode, action: Action) -> KeymapError {
        let consequence = match (mode, action) {
            (Mode::Browse, Action::Quit) => "dormant could not be left",
            (Mode::Browse, _) => "pages could not be closed",
            (_, Action::Back) => "this popup could not be closed",
            _ => "this popup could not be answered",
        };
        KeymapError::Unbound {
            table: mode.table(),
            action: action.name(),
            consequence,
        }
    }
}

fn mode_tables() -> String {
    Mode::ALL
        .iter()
        .skip(1)
        .map(|mode| mode.table())
        .collect::<Vec<_>>()
        .join(", ")
}
