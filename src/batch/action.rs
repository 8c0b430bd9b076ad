//! The small vocabulary every part of a batch shares: what is done to an account and the
//! cancellation flag (the batch's id and cap are `crate::types`). Owns no rules beyond each
//! type's invariant.

use crate::store::AuditAction;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// What a batch does to each account it acts on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BatchAction {
    /// v2 directory suspend: frees every seat, keeps the account; reversible by `Restore`.
    Suspend,
    /// User management `lifecycle/disable`: managed, non-synced accounts only; reversed by `Enable`.
    Deactivate,
    /// Undoes `Suspend`.
    Restore,
    /// Undoes `Deactivate`.
    Enable,
    /// Removes the account from the groups that grant one product's seat (on one site or all
    /// of them); the account and its other seats stay. Reversed by `RestoreAccess`.
    RemoveAccess,
    /// Undoes `RemoveAccess`: adds the account back to exactly the groups the batch removed.
    RestoreAccess,
}

impl BatchAction {
    /// Whether the action takes something away (and so every protection rule applies).
    #[must_use]
    pub fn is_destructive(self) -> bool {
        matches!(self, Self::Suspend | Self::Deactivate | Self::RemoveAccess)
    }

    /// Whether the action changes group memberships (one request per group) rather than the
    /// account itself.
    #[must_use]
    pub fn changes_memberships(self) -> bool {
        matches!(self, Self::RemoveAccess | Self::RestoreAccess)
    }

    /// The action that reverses this one.
    #[must_use]
    pub fn reverse(self) -> Self {
        match self {
            Self::Suspend => Self::Restore,
            Self::Restore => Self::Suspend,
            Self::Deactivate => Self::Enable,
            Self::Enable => Self::Deactivate,
            Self::RemoveAccess => Self::RestoreAccess,
            Self::RestoreAccess => Self::RemoveAccess,
        }
    }

    /// The word used in headless output and the audit log.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Suspend => "suspend",
            Self::Deactivate => "deactivate",
            Self::Restore => "restore",
            Self::Enable => "enable",
            Self::RemoveAccess => "remove-access",
            Self::RestoreAccess => "restore-access",
        }
    }

    /// Past tense, for outcomes ("suspended").
    #[must_use]
    pub fn done(self) -> &'static str {
        match self {
            Self::Suspend => "suspended",
            Self::Deactivate => "deactivated",
            Self::Restore => "restored",
            Self::Enable => "re-enabled",
            Self::RemoveAccess => "product access removed",
            Self::RestoreAccess => "product access restored",
        }
    }
}

impl From<BatchAction> for AuditAction {
    fn from(action: BatchAction) -> Self {
        match action {
            BatchAction::Suspend => Self::Suspend,
            BatchAction::Deactivate => Self::Deactivate,
            BatchAction::Restore => Self::Restore,
            BatchAction::Enable => Self::Enable,
            BatchAction::RemoveAccess => Self::RemoveAccess,
            BatchAction::RestoreAccess => Self::RestoreAccess,
        }
    }
}

impl fmt::Display for BatchAction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Asks a running commit to stop. Checked between actions, never mid-request: the account being
/// changed when it is set gets its outcome recorded first.
#[derive(Debug, Clone, Default)]
pub struct CancelToken(Arc<AtomicBool>);

impl CancelToken {
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    pub fn cancel(&self) {
        self.0.store(true, Ordering::SeqCst);
    }

    #[must_use]
    pub fn is_cancelled(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_destructive_actions_reverse_to_restorative_ones() {
        assert!(BatchAction::Suspend.is_destructive());
        assert!(!BatchAction::Restore.is_destructive());
        assert_eq!(BatchAction::Deactivate.reverse(), BatchAction::Enable);
        for action in [
            BatchAction::Suspend,
            BatchAction::Deactivate,
            BatchAction::Restore,
            BatchAction::Enable,
            BatchAction::RemoveAccess,
            BatchAction::RestoreAccess,
        ] {
            assert_eq!(AuditAction::from(action).as_str(), action.as_str());
            assert_eq!(action.reverse().reverse(), action);
        }
        assert!(BatchAction::RemoveAccess.is_destructive());
        assert!(BatchAction::RestoreAccess.changes_memberships());
        assert!(!BatchAction::Suspend.changes_memberships());
        let json = serde_json::to_string(&BatchAction::RemoveAccess).expect("json");
        assert_eq!(json, "\"remove_access\"");
    }
}
