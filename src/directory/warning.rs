//! Warnings as an input of classification: who was told their seat will be freed, and by when,
//! and the policy that requires it. Pure data keyed by account id (like exclusions); persisting
//! warnings is the store's job, reading the clock the caller's.

use super::ids::AccountId;
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

/// Days between a warning and the earliest cleanup, 1 to 3,650; written `14d` (or `14`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct GraceDays(u32);

impl GraceDays {
    /// Two weeks: long enough to answer a notice after a holiday week.
    pub const DEFAULT: GraceDays = GraceDays(14);
    const MOST: u32 = 3_650;

    #[must_use]
    pub fn get(self) -> u32 {
        self.0
    }

    /// When the grace period of a warning given at `warned_at` ends.
    #[must_use]
    pub fn deadline_from(self, warned_at: DateTime<Utc>) -> DateTime<Utc> {
        warned_at + Duration::days(i64::from(self.0))
    }
}

impl Default for GraceDays {
    fn default() -> Self {
        Self::DEFAULT
    }
}

impl FromStr for GraceDays {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let trimmed = text.trim();
        let digits = trimmed.strip_suffix('d').unwrap_or(trimmed);
        match digits.parse::<u32>() {
            Ok(days) if (1..=Self::MOST).contains(&days) => Ok(Self(days)),
            _ => Err(format!(
                "`{text}` is not a grace period: write a whole number of days from 1 to {}, e.g. \"14d\"",
                Self::MOST
            )),
        }
    }
}

impl TryFrom<String> for GraceDays {
    type Error = String;

    fn try_from(text: String) -> Result<Self, Self::Error> {
        text.parse()
    }
}

impl From<GraceDays> for String {
    fn from(days: GraceDays) -> Self {
        days.to_string()
    }
}

impl fmt::Display for GraceDays {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}d", self.0)
    }
}

/// `require_warning` and `grace` from the config: whether an idle user must be warned, and how
/// long before they may be cleaned up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct WarningPolicy {
    pub require: bool,
    pub grace: GraceDays,
}

/// One recorded warning, as far as lanes care: when it was given and when its grace ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Warning {
    pub warned_at: DateTime<Utc>,
    pub deadline: DateTime<Utc>,
}

/// The latest warning of each account; an account warned twice keeps the newer one.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Warnings {
    by_account: BTreeMap<AccountId, Warning>,
}

impl Warnings {
    /// Records a warning unless a newer one is already known; returns whether it was taken.
    pub fn record(&mut self, account: AccountId, warning: Warning) -> bool {
        match self.by_account.get(&account) {
            Some(known) if known.warned_at >= warning.warned_at => false,
            _ => {
                self.by_account.insert(account, warning);
                true
            }
        }
    }

    #[must_use]
    pub fn get(&self, account: &AccountId) -> Option<&Warning> {
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

    pub fn iter(&self) -> impl Iterator<Item = (&AccountId, &Warning)> {
        self.by_account.iter()
    }
}

/// Where one idle user stands with respect to warnings at one instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WarningStanding {
    /// No warning on record.
    NotWarned,
    /// Warned; the grace period has not ended.
    Pending(Warning),
    /// Warned and the grace period is over: cleanup may go ahead.
    Due(Warning),
    /// Used a product after the warning: the warning no longer counts.
    ActiveAgain(Warning),
}

impl WarningStanding {
    /// The standing of a user last active at `last_active` (the latest product use), at `now`.
    #[must_use]
    pub fn of(warning: Option<&Warning>, last_active: Option<DateTime<Utc>>, now: DateTime<Utc>) -> Self {
        match warning {
            None => Self::NotWarned,
            Some(&warning) if last_active.is_some_and(|at| at > warning.warned_at) => {
                Self::ActiveAgain(warning)
            }
            Some(&warning) if now >= warning.deadline => Self::Due(warning),
            Some(&warning) => Self::Pending(warning),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(day: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, day, 9, 0, 0)
            .single()
            .unwrap_or_default()
    }

    #[test]
    fn grace_parses_days_with_or_without_suffix_and_refuses_zero() {
        assert_eq!("14d".parse::<GraceDays>().map(GraceDays::get), Ok(14));
        assert_eq!("30".parse::<GraceDays>().map(GraceDays::get), Ok(30));
        assert!("0d".parse::<GraceDays>().is_err());
        assert!("2w".parse::<GraceDays>().is_err());
        assert_eq!(GraceDays::DEFAULT.to_string(), "14d");
    }

    #[test]
    fn standing_moves_from_pending_to_due_and_clears_on_activity() {
        let warning = Warning {
            warned_at: at(1),
            deadline: GraceDays::DEFAULT.deadline_from(at(1)),
        };
        assert_eq!(WarningStanding::of(None, None, at(2)), WarningStanding::NotWarned);
        assert_eq!(
            WarningStanding::of(Some(&warning), None, at(14)),
            WarningStanding::Pending(warning)
        );
        assert_eq!(
            WarningStanding::of(Some(&warning), None, at(15)),
            WarningStanding::Due(warning)
        );
        assert_eq!(
            WarningStanding::of(Some(&warning), Some(at(3)), at(20)),
            WarningStanding::ActiveAgain(warning)
        );
    }

    #[test]
    fn a_newer_warning_replaces_an_older_one_only() {
        let mut warnings = Warnings::default();
        let account = AccountId::new("a-1");
        let old = Warning {
            warned_at: at(1),
            deadline: at(15),
        };
        let new = Warning {
            warned_at: at(5),
            deadline: at(19),
        };
        assert!(warnings.record(account.clone(), new));
        assert!(!warnings.record(account.clone(), old));
        assert_eq!(warnings.get(&account), Some(&new));
    }
}
