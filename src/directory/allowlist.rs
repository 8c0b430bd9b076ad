//! Who is never acted on by decision of the admin: the configured allowlist (accounts, groups,
//! email domains) and the exclusions added from the UI. Pure data; persisting it is the store's job.

use super::ids::AccountId;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One allowlist line: what it matches and why, so every protected row can say who decided it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AllowEntry {
    pub value: String,
    pub reason: String,
}

/// The `[allowlist]` config section.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Allowlist {
    /// An account id, or an email address (matched case-insensitively) when the value has an `@`.
    pub accounts: Vec<AllowEntry>,
    /// A group name (case-insensitive) or group id; members are protected.
    pub groups: Vec<AllowEntry>,
    /// An email domain such as `partner.example` (a leading `@` is ignored), exact, case-insensitive.
    pub domains: Vec<AllowEntry>,
}

/// An account the admin excluded from cleanup, with why and when (shown in its reasons).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Exclusion {
    pub account_id: AccountId,
    pub reason: String,
    pub excluded_at: DateTime<Utc>,
    /// The name at the time, so the list stays readable after the account leaves the org.
    #[serde(default)]
    pub name: Option<String>,
}

/// The persisted exclusions, keyed by account id like marks (they survive sorting and reloads).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Exclusions {
    by_account: BTreeMap<AccountId, Exclusion>,
}

impl Exclusions {
    /// Adds or replaces (the newest reason wins) an exclusion; returns whether it was new.
    pub fn exclude(&mut self, exclusion: Exclusion) -> bool {
        self.by_account
            .insert(exclusion.account_id.clone(), exclusion)
            .is_none()
    }

    /// Removes an exclusion; returns it when there was one.
    pub fn include(&mut self, account: &AccountId) -> Option<Exclusion> {
        self.by_account.remove(account)
    }

    #[must_use]
    pub fn get(&self, account: &AccountId) -> Option<&Exclusion> {
        self.by_account.get(account)
    }

    #[must_use]
    pub fn len(&self) -> usize {
        self.by_account.len()
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.by_account.is_empty()
    }

    /// In account-id order, for a stable list on screen and on disk.
    pub fn iter(&self) -> impl Iterator<Item = &Exclusion> {
        self.by_account.values()
    }
}

impl FromIterator<Exclusion> for Exclusions {
    fn from_iter<I: IntoIterator<Item = Exclusion>>(iter: I) -> Self {
        let mut exclusions = Exclusions::default();
        for exclusion in iter {
            exclusions.exclude(exclusion);
        }
        exclusions
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exclusions_round_trip_as_json_and_newest_reason_wins() {
        let at = DateTime::<Utc>::UNIX_EPOCH;
        let entry = |reason: &str| Exclusion {
            account_id: AccountId::from("a-1"),
            reason: reason.to_owned(),
            excluded_at: at,
            name: Some("Ada".to_owned()),
        };
        let mut exclusions = Exclusions::default();
        assert!(exclusions.exclude(entry("on leave")));
        assert!(!exclusions.exclude(entry("parental leave")));
        assert_eq!(exclusions.len(), 1);
        let json = serde_json::to_string(&exclusions).expect("encodes");
        let back: Exclusions = serde_json::from_str(&json).expect("decodes");
        assert_eq!(back, exclusions);
        assert_eq!(
            back.get(&AccountId::from("a-1")).map(|e| e.reason.as_str()),
            Some("parental leave")
        );
        assert!(exclusions.include(&AccountId::from("a-1")).is_some());
        assert!(exclusions.is_empty());
    }
}
