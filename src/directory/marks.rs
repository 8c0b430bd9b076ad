//! Marks: the set of accounts an action will apply to, keyed by account id (never by row) so
//! they survive sorting, filtering and reloads. A protected account is refused, with its reasons.

use super::allowlist::{Exclusion, Exclusions};
use super::ids::AccountId;
use super::index::DirectoryIndex;
use super::lane::{Lane, Reason};
use super::rowset::RowSet;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::fmt;

/// Marked account ids; never contains a protected account of the index it was last used with.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Marks {
    accounts: BTreeSet<AccountId>,
}

/// Why an account cannot be marked or acted on: it is protected, for these reasons.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct MarkRefused {
    pub account_id: AccountId,
    pub name: String,
    pub reasons: Vec<Reason>,
}

impl fmt::Display for MarkRefused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} ({}) is protected and cannot be marked: ",
            self.name, self.account_id
        )?;
        for (position, reason) in self.reasons.iter().enumerate() {
            if position > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{reason}")?;
        }
        Ok(())
    }
}

/// What a bulk mark did: how many became marked, and who was refused (with reasons).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct BulkMark {
    pub newly_marked: usize,
    pub already_marked: usize,
    pub refused: Vec<MarkRefused>,
}

/// Marks that no longer apply after a reload or reclassification, removed by `reconcile`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Reconciled {
    /// No longer in the org: kept out of actions, reported so the admin knows.
    pub vanished: Vec<AccountId>,
    /// Became protected (e.g. newly excluded or made admin).
    pub now_protected: Vec<MarkRefused>,
}

impl Marks {
    #[must_use]
    pub fn contains(&self, account: &AccountId) -> bool {
        self.accounts.contains(account)
    }

    #[must_use]
    pub fn len(&self) -> usize {
        self.accounts.len()
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.accounts.is_empty()
    }

    /// In account-id order.
    pub fn iter(&self) -> impl Iterator<Item = &AccountId> {
        self.accounts.iter()
    }

    /// Marks the account at `row`; returns whether it was newly marked.
    pub fn mark(&mut self, index: &DirectoryIndex, row: u32) -> Result<bool, MarkRefused> {
        refuse_protected(index, row)?;
        Ok(self.accounts.insert(index.user(row).account_id.clone()))
    }

    /// Returns whether the account was marked.
    pub fn unmark(&mut self, account: &AccountId) -> bool {
        self.accounts.remove(account)
    }

    /// Flips the mark of `row`; returns whether it is marked now.
    pub fn toggle(&mut self, index: &DirectoryIndex, row: u32) -> Result<bool, MarkRefused> {
        if self.unmark(&index.user(row).account_id) {
            return Ok(false);
        }
        self.mark(index, row).map(|_| true)
    }

    /// Marks each of `rows` (a visible range, or all visible rows); protected ones are refused.
    pub fn mark_rows(&mut self, index: &DirectoryIndex, rows: &[u32]) -> BulkMark {
        let mut outcome = BulkMark::default();
        for &row in rows {
            match self.mark(index, row) {
                Ok(true) => outcome.newly_marked += 1,
                Ok(false) => outcome.already_marked += 1,
                Err(refused) => outcome.refused.push(refused),
            }
        }
        outcome
    }

    /// Unmarks each of `rows`; returns how many were marked.
    pub fn unmark_rows(&mut self, index: &DirectoryIndex, rows: &[u32]) -> usize {
        rows.iter()
            .filter(|&&row| self.unmark(&index.user(row).account_id))
            .count()
    }

    pub fn clear(&mut self) {
        self.accounts.clear();
    }

    /// After a reload or reclassification: drops marks of accounts gone or now protected.
    pub fn reconcile(&mut self, index: &DirectoryIndex) -> Reconciled {
        let mut reconciled = Reconciled::default();
        self.accounts.retain(|account| match index.row_of(account) {
            None => {
                reconciled.vanished.push(account.clone());
                false
            }
            Some(row) => match refuse_protected(index, row) {
                Ok(()) => true,
                Err(refused) => {
                    reconciled.now_protected.push(refused);
                    false
                }
            },
        });
        reconciled
    }

    /// Marked accounts of this load that `visible` (the current filter) does not show.
    #[must_use]
    pub fn hidden_by(&self, index: &DirectoryIndex, visible: &RowSet) -> usize {
        self.accounts
            .iter()
            .filter_map(|account| index.row_of(account))
            .filter(|&row| !visible.contains(row as usize))
            .count()
    }
}

/// `Err` with the reasons when `row` is protected.
pub fn refuse_protected(index: &DirectoryIndex, row: u32) -> Result<(), MarkRefused> {
    if index.lane(row) != Lane::Protected {
        return Ok(());
    }
    let user = index.user(row);
    Err(MarkRefused {
        account_id: user.account_id.clone(),
        name: user.name.clone(),
        reasons: index.classification(row).reasons,
    })
}

/// Where an action's accounts came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TargetSource {
    Marked,
    /// Nothing was marked: the row under the cursor.
    Cursor,
}

/// The accounts an action applies to: the marked set, or the cursor row when nothing is marked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Targets {
    pub source: TargetSource,
    /// In account-id order (marked) or the single cursor account; none of them protected.
    pub accounts: Vec<AccountId>,
    /// Marked or under the cursor but protected: never acted on.
    pub refused: Vec<MarkRefused>,
    /// Marked but not in this load.
    pub missing: Vec<AccountId>,
}

/// Resolves the target set for an action (rule 5); protection is re-checked here, not trusted.
#[must_use]
pub fn targets(marks: &Marks, index: &DirectoryIndex, cursor: Option<u32>) -> Targets {
    let mut targets = Targets {
        source: if marks.is_empty() {
            TargetSource::Cursor
        } else {
            TargetSource::Marked
        },
        accounts: Vec::new(),
        refused: Vec::new(),
        missing: Vec::new(),
    };
    let rows: Vec<Result<u32, AccountId>> = if marks.is_empty() {
        cursor
            .filter(|&row| (row as usize) < index.len())
            .into_iter()
            .map(Ok)
            .collect()
    } else {
        marks
            .iter()
            .map(|account| index.row_of(account).ok_or_else(|| account.clone()))
            .collect()
    };
    for row in rows {
        match row {
            Err(missing) => targets.missing.push(missing),
            Ok(row) => match refuse_protected(index, row) {
                Ok(()) => targets.accounts.push(index.user(row).account_id.clone()),
                Err(refused) => targets.refused.push(refused),
            },
        }
    }
    targets
}

/// Excludes the accounts at `rows` with one reason; returns how many were newly excluded. Call
/// `DirectoryIndex::reclassify` and then `Marks::reconcile` afterwards.
pub fn exclude_rows(
    exclusions: &mut Exclusions,
    index: &DirectoryIndex,
    rows: &[u32],
    reason: &str,
    at: DateTime<Utc>,
) -> usize {
    rows.iter()
        .filter(|&&row| {
            let user = index.user(row);
            exclusions.exclude(Exclusion {
                account_id: user.account_id.clone(),
                reason: reason.to_owned(),
                excluded_at: at,
                name: Some(user.name.clone()),
            })
        })
        .count()
}

/// Removes the exclusions of the accounts at `rows`; returns how many there were.
pub fn include_rows(exclusions: &mut Exclusions, index: &DirectoryIndex, rows: &[u32]) -> usize {
    rows.iter()
        .filter(|&&row| exclusions.include(&index.user(row).account_id).is_some())
        .count()
}
