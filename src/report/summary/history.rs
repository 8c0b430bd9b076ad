//! The summary's look back and ahead: batches and warning runs of the last quarter (from the
//! audit log, with the seats each batch freed priced by `batch::Preview`, the same arithmetic as
//! the preview before it ran), and what is still pending (warnings whose deadline has not passed,
//! `IdP` handoffs, interrupted batches). Pure: the caller reads the files and passes them in.

use super::spend::billable_seats;
use crate::batch::journal::JournalContents;
use crate::batch::{BatchState, HistoryEntry, Outcome, Plan, Preview};
use crate::directory::{DirectoryIndex, Money, ProductImpact, WarningStanding, groups_by_id, seats_of};
use crate::store::AuditAction;
use crate::types::BatchId;
use chrono::{DateTime, NaiveDate, Utc};
use std::collections::{BTreeMap, HashSet};
use std::path::PathBuf;

/// How far back "the last quarter" reaches.
pub const QUARTER_DAYS: i64 = 90;

/// One run of the history with what its journal says it changed.
#[derive(Debug, Clone)]
pub struct BatchFacts {
    pub entry: HistoryEntry,
    /// The run's plan narrowed to the accounts it changed (`Succeeded` in the journal); `None`
    /// for a warning run, or when the journal could not be read.
    pub changed: Option<Plan>,
    /// The `IdP` handoff CSV written for the batch, when one exists beside its journal.
    pub handoff: Option<PathBuf>,
}

impl BatchFacts {
    /// Joins a history entry with its journal (if read) and its handoff file (if written).
    #[must_use]
    pub fn new(entry: HistoryEntry, journal: Option<&JournalContents>, handoff: Option<PathBuf>) -> Self {
        let changed = journal.map(|journal| {
            let succeeded: HashSet<_> = journal
                .outcomes
                .iter()
                .filter(|(_, (_, outcome))| matches!(outcome, Outcome::Succeeded { .. }))
                .map(|(account, _)| account)
                .collect();
            let mut plan = journal.plan.clone();
            plan.entries
                .retain(|entry| entry.acts() && succeeded.contains(&entry.account_id));
            plan
        });
        Self {
            entry,
            changed,
            handoff,
        }
    }
}

/// One batch of the quarter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BatchLine {
    pub batch_id: BatchId,
    pub started_at: DateTime<Utc>,
    pub action: AuditAction,
    pub state: BatchState,
    /// Users the batch changed (journal successes; the audit count when the journal is gone).
    pub changed: usize,
    /// Seats freed (suspend, deactivate) or taken again (restore, enable) per product; `None`
    /// when the journal could not be read.
    pub seats: Option<Vec<ProductImpact>>,
    pub monthly: Option<Money>,
    pub undone_by: Option<BatchId>,
    /// Whether its seats count in the quarter's total: a cleanup not undone since.
    pub counted: bool,
}

impl BatchLine {
    /// Seats over every product.
    #[must_use]
    pub fn seat_total(&self) -> Option<u64> {
        self.seats
            .as_ref()
            .map(|seats| seats.iter().map(|p| p.seats).sum())
    }
}

/// One warning run of the quarter: `planned` is who was warned, `succeeded` who was mailed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WarnLine {
    pub batch_id: BatchId,
    pub started_at: DateTime<Utc>,
    pub warned: usize,
    pub mailed: usize,
    pub not_delivered: usize,
    pub withdrawn_by: Option<BatchId>,
}

/// The last quarter of this org's runs on this machine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quarter {
    pub since: DateTime<Utc>,
    pub batches: Vec<BatchLine>,
    pub warnings: Vec<WarnLine>,
    /// Over the counted batches.
    pub seats_freed: u64,
    pub monthly_saved: Money,
    pub users_changed: usize,
    /// Counted batches whose journal could not be read: their seats are missing from the total.
    pub unreadable: usize,
}

/// Warned users whose deadline is on one day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deadline {
    pub date: NaiveDate,
    pub users: usize,
    pub seats: u64,
    pub monthly: Money,
}

/// A batch of the quarter that changed IdP-synced users: the identity team must remove them at
/// the source too, or the `IdP` provisions them again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Handoff {
    pub batch_id: BatchId,
    pub users: usize,
    /// The handoff CSV beside the batch's journal, when it was written.
    pub file: Option<PathBuf>,
}

/// What is still to come.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pending {
    /// Warned users whose deadline has not passed and who have not been active since, by day.
    pub deadlines: Vec<Deadline>,
    pub handoffs: Vec<Handoff>,
    /// Batches interrupted before they finished (`dormant resume` completes them).
    pub unfinished: Vec<BatchId>,
}

impl Pending {
    #[must_use]
    pub fn warned_users(&self) -> usize {
        self.deadlines.iter().map(|d| d.users).sum()
    }
}

/// The quarter ending at `now` of the runs on the org of `index`.
#[must_use]
pub fn quarter_of(index: &DirectoryIndex, facts: &[BatchFacts], now: DateTime<Utc>) -> Quarter {
    let since = now - chrono::Duration::days(QUARTER_DAYS);
    let prices = &index.policy().prices;
    let mut quarter = Quarter {
        since,
        batches: Vec::new(),
        warnings: Vec::new(),
        seats_freed: 0,
        monthly_saved: Money::default(),
        users_changed: 0,
        unreadable: 0,
    };
    for fact in in_window(index, facts, since) {
        let entry = &fact.entry;
        match entry.action {
            AuditAction::Warn => quarter.warnings.push(WarnLine {
                batch_id: entry.batch_id.clone(),
                started_at: entry.started_at,
                warned: entry.counts.planned,
                mailed: entry.counts.succeeded,
                not_delivered: entry.counts.failed,
                withdrawn_by: entry.undone_by.clone(),
            }),
            AuditAction::Withdraw => {}
            action => {
                let preview = fact
                    .changed
                    .as_ref()
                    .map(|plan| Preview::of(plan, prices, 0, now));
                let cleanup = matches!(action, AuditAction::Suspend | AuditAction::Deactivate);
                let line = BatchLine {
                    batch_id: entry.batch_id.clone(),
                    started_at: entry.started_at,
                    action,
                    state: entry.state,
                    changed: preview
                        .as_ref()
                        .map_or(entry.counts.succeeded, |preview| preview.acting),
                    seats: preview.as_ref().map(|preview| preview.seats.clone()),
                    monthly: preview.as_ref().map(|preview| preview.monthly_estimate),
                    undone_by: entry.undone_by.clone(),
                    counted: cleanup && entry.undone_by.is_none(),
                };
                if line.counted {
                    quarter.users_changed += line.changed;
                    match (line.seat_total(), line.monthly) {
                        (Some(seats), Some(monthly)) => {
                            quarter.seats_freed += seats;
                            quarter.monthly_saved = quarter.monthly_saved.plus(monthly);
                        }
                        _ => quarter.unreadable += 1,
                    }
                }
                quarter.batches.push(line);
            }
        }
    }
    quarter
}

/// Runs on this org that started in the window, oldest first.
fn in_window<'a>(
    index: &'a DirectoryIndex,
    facts: &'a [BatchFacts],
    since: DateTime<Utc>,
) -> impl Iterator<Item = &'a BatchFacts> {
    let org = index.directory().org.id.as_str();
    facts
        .iter()
        .filter(move |fact| fact.entry.org_id.as_str() == org && fact.entry.started_at >= since)
}

/// Pending warnings (at `now`), `IdP` handoffs of the quarter's cleanups, and unfinished batches.
#[must_use]
pub fn pending_of(index: &DirectoryIndex, facts: &[BatchFacts], now: DateTime<Utc>) -> Pending {
    let groups = groups_by_id(&index.directory().groups);
    let prices = &index.policy().prices;
    let mut by_day: BTreeMap<NaiveDate, Deadline> = BTreeMap::new();
    for (account, warning) in index.classifier().warnings().iter() {
        let Some(row) = index.row_of(account) else {
            continue;
        };
        let user = index.user(row);
        let standing = WarningStanding::of(Some(warning), user.activity.last_active(), now);
        if !matches!(standing, WarningStanding::Pending(_)) {
            continue;
        }
        let date = warning.deadline.date_naive();
        let day = by_day.entry(date).or_insert(Deadline {
            date,
            users: 0,
            seats: 0,
            monthly: Money::default(),
        });
        day.users += 1;
        if user.holds_billable_seats() {
            for seat in billable_seats(&seats_of(user, &groups)) {
                day.seats += 1;
                if let Some(price) = prices.price(&seat.product) {
                    day.monthly = day.monthly.plus(price.money());
                }
            }
        }
    }
    let since = now - chrono::Duration::days(QUARTER_DAYS);
    let handoffs = in_window(index, facts, since)
        .filter(|fact| {
            matches!(fact.entry.action, AuditAction::Suspend | AuditAction::Deactivate)
                && fact.entry.undone_by.is_none()
        })
        .filter_map(|fact| {
            let users = fact
                .changed
                .as_ref()?
                .entries
                .iter()
                .filter(|e| e.idp_synced)
                .count();
            (users > 0).then(|| Handoff {
                batch_id: fact.entry.batch_id.clone(),
                users,
                file: fact.handoff.clone(),
            })
        })
        .collect();
    let org = index.directory().org.id.as_str();
    Pending {
        deadlines: by_day.into_values().collect(),
        handoffs,
        unfinished: facts
            .iter()
            .filter(|fact| fact.entry.org_id.as_str() == org && fact.entry.state == BatchState::Unfinished)
            .map(|fact| fact.entry.batch_id.clone())
            .collect(),
    }
}
