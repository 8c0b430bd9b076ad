//! `KeyChord`: one key with its modifiers, parsed from and printed as the config's spelling
//! (`j`, `G`, `ctrl-c`, `pgdown`). Must not know about actions.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::fmt;
use std::str::FromStr;
use thiserror::Error;

/// A key and whether Ctrl or Alt was held. Shift is part of the character (`G`, `*`, `?`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct KeyChord {
    code: KeyCode,
    ctrl: bool,
    alt: bool,
}

/// A key spelling dormant does not understand.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error(
    "`{given}` is not a key: use one character (j, G, /), a name (up, down, left, right, pgup, pgdown, \
     home, end, enter, esc, tab, backspace, space) or either after ctrl- or alt-"
)]
pub struct KeyChordError {
    pub given: String,
}

const NAMED: [(&str, KeyCode); 13] = [
    ("up", KeyCode::Up),
    ("down", KeyCode::Down),
    ("left", KeyCode::Left),
    ("right", KeyCode::Right),
    ("pgup", KeyCode::PageUp),
    ("pgdown", KeyCode::PageDown),
    ("home", KeyCode::Home),
    ("end", KeyCode::End),
    ("enter", KeyCode::Enter),
    ("esc", KeyCode::Esc),
    ("tab", KeyCode::Tab),
    ("backspace", KeyCode::Backspace),
    ("space", KeyCode::Char(' ')),
];

impl KeyChord {
    /// The chord a terminal key event stands for (Shift folded into the character).
    #[must_use]
    pub fn from_event(event: &KeyEvent) -> KeyChord {
        let code = match event.code {
            // Some terminals report Shift-Tab as BackTab; dormant binds neither specially.
            KeyCode::Char(c) if event.modifiers.contains(KeyModifiers::CONTROL) => {
                KeyCode::Char(c.to_ascii_lowercase())
            }
            other => other,
        };
        KeyChord {
            code,
            ctrl: event.modifiers.contains(KeyModifiers::CONTROL),
            alt: event.modifiers.contains(KeyModifiers::ALT),
        }
    }
}

impl KeyChord {
    /// Whether a prompt uses this key for its text: a character typed without Ctrl (Alt still
    /// types), Backspace, or the line editor's ctrl-u (clear) and ctrl-w (word).
    #[must_use]
    pub fn edits_text(&self) -> bool {
        match self.code {
            KeyCode::Char(c) => !self.ctrl || matches!(c, 'u' | 'w'),
            KeyCode::Backspace => true,
            _ => false,
        }
    }
}

impl FromStr for KeyChord {
    type Err = KeyChordError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let error = || KeyChordError {
            given: text.to_owned(),
        };
        let (mut rest, mut ctrl, mut alt) = (text, false, false);
        loop {
            if let Some(after) = rest.strip_prefix("ctrl-").filter(|after| !after.is_empty()) {
                (rest, ctrl) = (after, true);
            } else if let Some(after) = rest.strip_prefix("alt-").filter(|after| !after.is_empty()) {
                (rest, alt) = (after, true);
            } else {
                break;
            }
        }
        let code = if let Some((_, code)) = NAMED.iter().find(|(name, _)| *name == rest) {
            *code
        } else {
            let mut chars = rest.chars();
            match (chars.next(), chars.next()) {
                (Some(c), None) if !c.is_control() && !c.is_whitespace() => {
                    KeyCode::Char(if ctrl { c.to_ascii_lowercase() } else { c })
                }
                _ => return Err(error()),
            }
        };
        Ok(KeyChord { code, ctrl, alt })
    }
}

impl fmt::Display for KeyChord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.ctrl {
            f.write_str("ctrl-")?;
        }
        if self.alt {
            f.write_str("alt-")?;
        }
        match NAMED.iter().find(|(_, code)| *code == self.code) {
            Some((name, _)) => f.write_str(name),
            None => match self.code {
                KeyCode::Char(c) => write!(f, "{c}"),
                other => write!(f, "{other:?}"),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_round_trip() {
        for text in [
            "j",
            "G",
            "/",
            "*",
            "?",
            "ctrl-c",
            "alt-x",
            "ctrl-alt-k",
            "pgdown",
            "space",
            "esc",
        ] {
            let chord: KeyChord = text.parse().expect(text);
            assert_eq!(chord.to_string(), text);
        }
    }

    #[test]
    fn nonsense_is_refused_with_the_syntax() {
        for text in ["", "ctrl-", "jk", "f13", "\u{1b}", " "] {
            let error = text.parse::<KeyChord>().expect_err(text);
            assert!(error.to_string().contains("pgdown"), "{error}");
        }
    }

    #[test]
    fn prompts_keep_their_typing_keys() {
        for text in ["x", "Y", "alt-x", "space", "backspace", "ctrl-u", "ctrl-w"] {
            assert!(text.parse::<KeyChord>().expect(text).edits_text(), "{text}");
        }
        for text in ["enter", "esc", "tab", "down", "ctrl-c", "ctrl-alt-k"] {
            assert!(!text.parse::<KeyChord>().expect(text).edits_text(), "{text}");
        }
    }

    #[test]
    fn events_match_their_spelling() {
        let shifted = KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(KeyChord::from_event(&shifted), "G".parse().expect("G"));
        let ctrl = KeyEvent::new(KeyCode::Char('C'), KeyModifiers::CONTROL | KeyModifiers::SHIFT);
        assert_eq!(KeyChord::from_event(&ctrl), "ctrl-c".parse().expect("ctrl-c"));
    }
}
