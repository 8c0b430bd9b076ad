//! Where each `[allowlist]` entry of the config file is written: the table it sits in and its
//! line, read with the TOML parser's spans, so the console can say exactly which line to edit.
//! Owns only locating; validating the file is `Config::parse`'s job.

use super::{ConfigError, InvalidConfig, MAX_CONFIG_BYTES, ProfileName};
use crate::store::atomic;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;
use toml::Spanned;

/// What a configured allowlist entry matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AllowKind {
    /// An account id, or an email address when the value has an `@`.
    Account,
    Group,
    Domain,
}

impl AllowKind {
    /// The config key of the list (`accounts`).
    #[must_use]
    pub fn key(self) -> &'static str {
        match self {
            AllowKind::Account => "accounts",
            AllowKind::Group => "groups",
            AllowKind::Domain => "domains",
        }
    }
}

/// One `{ value, reason }` entry as written in the config file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfiguredEntry {
    pub kind: AllowKind,
    pub value: String,
    pub reason: String,
    /// `[allowlist]` or `[profiles.NAME.allowlist]`.
    pub table: String,
    /// 1-based line of the entry in the file.
    pub line: usize,
}

#[derive(Deserialize)]
struct Entry {
    value: String,
    reason: String,
}

#[derive(Deserialize, Default)]
struct Lists {
    #[serde(default)]
    accounts: Vec<Spanned<Entry>>,
    #[serde(default)]
    groups: Vec<Spanned<Entry>>,
    #[serde(default)]
    domains: Vec<Spanned<Entry>>,
}

#[derive(Deserialize, Default)]
struct ProfileLists {
    #[serde(default)]
    allowlist: Option<Lists>,
}

/// Only the allowlists; every other key is ignored here (the full parse refuses unknown ones).
#[derive(Deserialize, Default)]
struct Document {
    #[serde(default)]
    allowlist: Option<Lists>,
    #[serde(default)]
    profiles: BTreeMap<String, ProfileLists>,
}

/// The entries that protect `profile`: the top-level `[allowlist]`, then the profile's own, in
/// file order within each list.
pub fn configured_allowlist(
    text: &str,
    profile: &ProfileName,
) -> Result<Vec<ConfiguredEntry>, toml::de::Error> {
    let document: Document = toml::from_str(text)?;
    let line_of = |offset: usize| text[..offset.min(text.len())].matches('\n').count() + 1;
    let mut entries = Vec::new();
    let mut push = |lists: Option<Lists>, table: String| {
        let Some(lists) = lists else { return };
        for (kind, list) in [
            (AllowKind::Account, lists.accounts),
            (AllowKind::Group, lists.groups),
            (AllowKind::Domain, lists.domains),
        ] {
            for spanned in list {
                let line = line_of(spanned.span().start);
                let entry = spanned.into_inner();
                entries.push(ConfiguredEntry {
                    kind,
                    value: entry.value,
                    reason: entry.reason,
                    table: table.clone(),
                    line,
                });
            }
        }
    };
    push(document.allowlist, "[allowlist]".to_owned());
    let mut profiles = document.profiles;
    if let Some(own) = profiles.remove(profile.as_str()) {
        push(own.allowlist, format!("[profiles.{profile}.allowlist]"));
    }
    Ok(entries)
}

/// [`configured_allowlist`] of the file at `path`; a file that does not exist has none.
pub fn read_configured_allowlist(
    path: &Path,
    profile: &ProfileName,
) -> Result<Vec<ConfiguredEntry>, ConfigError> {
    let text = match atomic::read_to_string_bounded(path, MAX_CONFIG_BYTES) {
        Ok(text) => text,
        Err(error) if error.is_not_found() => return Ok(Vec::new()),
        Err(error) => return Err(ConfigError::Read(error)),
    };
    configured_allowlist(&text, profile).map_err(|error| {
        ConfigError::Invalid(Box::new(InvalidConfig::from_toml(
            path.to_path_buf(),
            &text,
            "",
            &error,
        )))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    /// An inline entry is found on its own line; an `[[array.of.tables]]` one at its header.
    fn inline_and_array_of_tables_entries_get_their_lines() {
        let text = "\
default_profile = \"acme\"

[allowlist]
accounts = [
  { value = \"ceo@acme.example\", reason = \"the CEO\" },
  { value = \"a-1\", reason = \"service\" },
]
domains = [{ value = \"partner.example\", reason = \"partner\" }]

[profiles.acme]
org_id = \"o\"

[[profiles.acme.allowlist.groups]]
value = \"site-admins\"
reason = \"admins\"

[profiles.other.allowlist]
accounts = [{ value = \"x\", reason = \"other profile\" }]
";
        let entries = configured_allowlist(text, &"acme".parse().expect("name")).expect("parses");
        let found: Vec<_> = entries
            .iter()
            .map(|entry| (entry.kind, entry.value.as_str(), entry.table.as_str(), entry.line))
            .collect();
        assert_eq!(
            found,
            [
                (AllowKind::Account, "ceo@acme.example", "[allowlist]", 5),
                (AllowKind::Account, "a-1", "[allowlist]", 6),
                (AllowKind::Domain, "partner.example", "[allowlist]", 8),
                (AllowKind::Group, "site-admins", "[profiles.acme.allowlist]", 13),
            ]
        );
        assert_eq!(entries[0].reason, "the CEO");
    }

    #[test]
    fn no_allowlist_is_no_entry_and_broken_toml_is_an_error() {
        let none = configured_allowlist("idle_days = 3\n", &ProfileName::default_name()).expect("parses");
        assert!(none.is_empty());
        assert!(configured_allowlist("[allowlist\n", &ProfileName::default_name()).is_err());
    }
}
