//! The shape of a `[keys]` table: each entry a list of key strings (a browse action, as configs
//! have always written) or a table of them (one screen, `[keys.history]`). Must not know action,
//! screen or key names: the TUI's keymap checks those.

use serde::de::value::{MapAccessDeserializer, SeqAccessDeserializer};
use serde::de::{MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer};
use std::collections::BTreeMap;
use std::fmt;

/// A `[keys]` table as written: name → entry.
pub type KeyTable = BTreeMap<String, KeyEntry>;

/// One entry of `[keys]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyEntry {
    /// `action = ["key", …]`.
    Keys(Vec<String>),
    /// `[keys.SCREEN]`: action → keys.
    Screen(BTreeMap<String, Vec<String>>),
}

impl<'de> Deserialize<'de> for KeyEntry {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct EntryVisitor;

        impl<'de> Visitor<'de> for EntryVisitor {
            type Value = KeyEntry;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                // Worded like serde's own message for a list, which the config goldens quote.
                f.write_str("a sequence")
            }

            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<KeyEntry, A::Error> {
                Vec::deserialize(SeqAccessDeserializer::new(seq)).map(KeyEntry::Keys)
            }

            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<KeyEntry, A::Error> {
                BTreeMap::deserialize(MapAccessDeserializer::new(map)).map(KeyEntry::Screen)
            }
        }

        deserializer.deserialize_any(EntryVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize)]
    struct File {
        keys: KeyTable,
    }

    #[test]
    fn lists_and_screen_tables_both_read() {
        let file: File =
            toml::from_str("[keys]\nquit = [\"q\"]\n[keys.history]\nundo = [\"U\"]\n").expect("valid");
        assert_eq!(file.keys["quit"], KeyEntry::Keys(vec!["q".to_owned()]));
        let KeyEntry::Screen(history) = &file.keys["history"] else {
            panic!("a table");
        };
        assert_eq!(history["undo"], ["U"]);
    }

    #[test]
    fn anything_else_is_refused_where_it_is_written() {
        for text in [
            "[keys]\nquit = \"q\"\n",
            "[keys]\nquit = [1]\n",
            "[keys.history]\nundo = \"U\"\n",
        ] {
            let error = toml::from_str::<File>(text).err().expect(text).to_string();
            assert!(error.contains("line"), "{error}");
        }
    }
}
