//! What one warning run recorded: who was warned, when, until when, how idle they were, and
//! what became of each notice. Pure data built from a directory index; must not do I/O.

use crate::directory::{AccountId, DirectoryIndex, GraceDays, Warning, Warnings, idle_days, product_uses};
use crate::store::{AuditAction, AuditCounts, AuditRecord, AuditState};
use crate::types::{BatchId, OrgId};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// What happened to one user's notice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "state")]
pub enum Delivery {
    /// Only written to the notices CSV (no `--send`, or no SMTP configured).
    NotSent,
    /// The SMTP server accepted the message.
    Sent { at: DateTime<Utc> },
    /// Not delivered; the reason says what the server or the address got wrong.
    Failed { at: DateTime<Utc>, reason: String },
}

/// One warned user, with what the notice said at the time (the directory may change later).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WarningRecord {
    pub account_id: AccountId,
    pub name: String,
    /// `None`: the API shows no email, so the notice cannot be mailed.
    pub email: Option<String>,
    pub warned_at: DateTime<Utc>,
    pub grace: GraceDays,
    pub deadline: DateTime<Utc>,
    /// Days since the last use of any product when warned; `None` when unknown.
    pub idle_days: Option<u32>,
    /// Display names of the products the user can use (what the seat costs).
    pub products: Vec<String>,
    /// The warning run this record belongs to.
    pub batch_id: BatchId,
    pub delivery: Delivery,
}

/// One `dormant warn` (or `w` in the console): its id, when, the grace given, and every record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WarningRun {
    pub batch_id: BatchId,
    pub created_at: DateTime<Utc>,
    pub grace: GraceDays,
    pub records: Vec<WarningRecord>,
}

impl WarningRun {
    /// A new run (fresh id) warning each of `rows` of `index` at `now`, with the deadline `now`
    /// plus `grace`; which rows may be warned (never protected ones) is the caller's selection.
    #[must_use]
    pub fn build(index: &DirectoryIndex, rows: &[u32], grace: GraceDays, now: DateTime<Utc>) -> Self {
        let batch_id = BatchId::new(now);
        let thresholds = &index.policy().thresholds;
        let records = rows
            .iter()
            .map(|&row| {
                let user = index.user(row);
                let products = product_uses(user, thresholds, now)
                    .unwrap_or_default()
                    .iter()
                    .map(|used| used.product.display_name().to_owned())
                    .collect();
                WarningRecord {
                    account_id: user.account_id.clone(),
                    name: user.name.clone(),
                    email: user.email.clone(),
                    warned_at: now,
                    grace,
                    deadline: grace.deadline_from(now),
                    idle_days: idle_days(user, now),
                    products,
                    batch_id: batch_id.clone(),
                    delivery: Delivery::NotSent,
                }
            })
            .collect();
        Self {
            batch_id,
            created_at: now,
            grace,
            records,
        }
    }

    /// How many notices the server accepted and how many failed.
    #[must_use]
    pub fn delivery_counts(&self) -> (usize, usize) {
        self.records
            .iter()
            .fold((0, 0), |(sent, failed), record| match record.delivery {
                Delivery::Sent { .. } => (sent + 1, failed),
                Delivery::Failed { .. } => (sent, failed + 1),
                Delivery::NotSent => (sent, failed),
            })
    }
}

impl WarningRun {
    /// The audit line of this run: who, when, how many warned, mailed and failed. `log` is the
    /// warnings file (where the per-recipient results are).
    #[must_use]
    pub fn audit_record(
        &self,
        who: &str,
        org: (&OrgId, &str),
        finished_at: DateTime<Utc>,
        log: std::path::PathBuf,
    ) -> AuditRecord {
        let (sent, failed) = self.delivery_counts();
        AuditRecord {
            batch_id: self.batch_id.clone(),
            who: who.to_owned(),
            started_at: self.created_at,
            finished_at,
            org_id: org.0.clone(),
            org_name: org.1.to_owned(),
            action: AuditAction::Warn,
            counts: AuditCounts {
                planned: self.records.len(),
                succeeded: sent,
                skipped: self.records.len() - sent - failed,
                refused: 0,
                failed,
                elsewhere: 0,
            },
            state: AuditState::Completed,
            journal: log,
            undo_of: None,
        }
    }
}

/// The classifier's view of every run: the latest warning of each account.
#[must_use]
pub fn warnings_of(runs: &[WarningRun]) -> Warnings {
    let mut warnings = Warnings::default();
    for record in runs.iter().flat_map(|run| &run.records) {
        warnings.record(
            record.account_id.clone(),
            Warning {
                warned_at: record.warned_at,
                deadline: record.deadline,
            },
        );
    }
    warnings
}
