//! The preview of a plan: how many accounts each action touches, in sections confirmed one by
//! one (cleanup-ready, not cleanup-ready, warned within the grace period), every refusal with its
//! reason, the seats freed per product and their ESTIMATED cost, marks the filter hides, and the
//! data's age. Both `dormant apply` and the TUI render this one summary. Pure arithmetic on the
//! plan; the text rendering is in `preview/text.rs`.

mod list;
mod text;

pub use list::{ListGroup, ListLength, ListRow, list_groups, user_list};

use super::action::BatchAction;
use super::plan::{Plan, PlanEntry};
use super::section::{Confirmed, Section};
use crate::directory::{Lane, Money, PriceTable, ProductImpact, ProductKey, Reason, Warning};
use crate::types::BatchId;
use chrono::{DateTime, Duration, Utc};
use std::collections::BTreeMap;

/// "Active in the last N days" in the not-cleanup-ready section's summary.
pub const RECENTLY_ACTIVE_DAYS: u32 = 30;

/// Above this many accounts, confirming asks for the number to be typed, not just "yes".
pub const TYPED_CONFIRMATION_ABOVE: usize = 20;

/// One kind of refusal: how many, and who.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefusalGroup {
    pub label: &'static str,
    /// `(name, account id, the full reason)` of each refused account.
    pub accounts: Vec<(String, String, String)>,
}

/// One acted-on account as its section lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SectionAccount {
    pub name: String,
    pub account_id: String,
    /// The lane the plan saw, and why (the reasons only for not-cleanup-ready users).
    pub lane: Option<Lane>,
    pub reasons: Vec<Reason>,
    /// Days since the last activity at the load (`None`: never active, or unknown).
    pub idle_days: Option<u32>,
}

/// The acted-on accounts of one section: what a confirmation names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreviewSection {
    pub section: Section,
    pub accounts: Vec<SectionAccount>,
    /// Of those, active in the last `RECENTLY_ACTIVE_DAYS` days.
    pub recently_active: usize,
    /// The fewest days since anyone of the section was active (`None`: no activity known).
    pub most_recent_idle_days: Option<u32>,
}

impl PreviewSection {
    fn of(section: Section, entries: &[&PlanEntry]) -> Self {
        let accounts: Vec<SectionAccount> = entries
            .iter()
            .map(|entry| SectionAccount {
                name: entry.name.clone(),
                account_id: entry.account_id.to_string(),
                lane: entry.lane,
                reasons: entry.lane_reasons.clone(),
                idle_days: entry.idle_days,
            })
            .collect();
        let known = accounts.iter().filter_map(|account| account.idle_days);
        Self {
            section,
            recently_active: known.clone().filter(|&days| days <= RECENTLY_ACTIVE_DAYS).count(),
            most_recent_idle_days: known.min(),
            accounts,
        }
    }

    /// The section's one-line summary, e.g. "12 not cleanup-ready: 9 active in the last 30 days,
    /// most recent 2 days ago".
    #[must_use]
    pub fn summary(&self) -> String {
        let count = self.accounts.len();
        let label = self.section.label();
        if self.section != Section::NotCleanupReady {
            return format!("{count} {label}");
        }
        let recent = match (self.recently_active, self.most_recent_idle_days) {
            (0, _) => format!("none active in the last {RECENTLY_ACTIVE_DAYS} days"),
            (active, Some(days)) => format!(
                "{active} active in the last {RECENTLY_ACTIVE_DAYS} days, most recent {}",
                days_ago(days)
            ),
            (active, None) => format!("{active} active in the last {RECENTLY_ACTIVE_DAYS} days"),
        };
        format!("{count} {label}: {recent}")
    }
}

fn days_ago(days: u32) -> String {
    match days {
        0 => "today".to_owned(),
        1 => "1 day ago".to_owned(),
        days => format!("{days} days ago"),
    }
}

/// How the admin must confirm this batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConfirmBy {
    /// Nothing would be acted on: there is nothing to confirm.
    Nothing,
    /// A yes/no question.
    Yes,
    /// Typing this number (more than `TYPED_CONFIRMATION_ABOVE` accounts).
    TypingCount(usize),
}

/// Everything the admin sees before confirming.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Preview {
    pub org_name: String,
    pub action: BatchAction,
    /// Accounts acted on, in every section.
    pub acting: usize,
    /// The acted-on accounts by section, in `Section` order; empty sections are left out. Each
    /// is confirmed on its own; the commit engine refuses accounts of a section not confirmed.
    pub sections: Vec<PreviewSection>,
    /// The lanes besides cleanup-ready the plan includes (`--include-lane`).
    pub include_lanes: Vec<Lane>,
    /// Of those, provisioned by the `IdP` (listed in the `IdP` handoff export).
    pub idp_synced: usize,
    pub refusals: Vec<RefusalGroup>,
    /// Seats freed (suspend/deactivate) or taken again (restore/enable), per product.
    pub seats: Vec<ProductImpact>,
    pub currency: String,
    pub monthly_estimate: Money,
    pub yearly_estimate: Money,
    /// Products with seats but no price in the table.
    pub unpriced: Vec<ProductKey>,
    /// Acted-on accounts whose seats are unknown (no activity data at load).
    pub seats_unknown: usize,
    /// Marks the current filter hides (0 headless: there the filter is the selection).
    pub hidden_by_filter: usize,
    pub data_loaded_at: DateTime<Utc>,
    pub data_age: Duration,
    pub confirm_by: ConfirmBy,
    /// Acted-on accounts that were warned: (name, account id, warning), oldest warning first.
    pub warned: Vec<(String, String, Warning)>,
    /// Acted-on accounts never warned (shown only when some in the batch were).
    pub not_warned: usize,
    /// The batch this plan undoes: the preview says what it restores and leaves out what only a
    /// cleanup needs (the `IdP` handoff, who was warned before).
    pub undo_of: Option<BatchId>,
}

impl Preview {
    /// Summarises `plan` with `prices` as of `now`; `hidden_by_filter` comes from the caller's
    /// view (`Marks::hidden_by`).
    #[must_use]
    pub fn of(plan: &Plan, prices: &PriceTable, hidden_by_filter: usize, now: DateTime<Utc>) -> Preview {
        let mut acting = 0;
        let mut idp_synced = 0;
        let mut seats_unknown = 0;
        let mut warned = Vec::new();
        let mut not_warned = 0;
        let mut seats: BTreeMap<&ProductKey, u64> = BTreeMap::new();
        let mut refusals: BTreeMap<&'static str, Vec<(String, String, String)>> = BTreeMap::new();
        let mut by_section: BTreeMap<Section, Vec<&PlanEntry>> = BTreeMap::new();
        // A plan that names an account twice is refused on load; counting each once here keeps
        // the figures true for any plan handed in.
        let mut seen = std::collections::HashSet::new();
        for entry in plan.entries.iter().filter(|entry| seen.insert(&entry.account_id)) {
            if let Some(refusal) = &entry.refusal {
                refusals.entry(refusal.label()).or_default().push((
                    entry.name.clone(),
                    entry.account_id.to_string(),
                    refusal.to_string(),
                ));
            } else {
                acting += 1;
                if let Some(section) = entry.section {
                    by_section.entry(section).or_default().push(entry);
                }
                match entry.warned {
                    Some(warning) => warned.push((entry.name.clone(), entry.account_id.to_string(), warning)),
                    None => not_warned += 1,
                }
                idp_synced += usize::from(entry.idp_synced);
                seats_unknown += usize::from(!entry.activity_known);
                for product in &entry.seats {
                    *seats.entry(product).or_default() += 1;
                }
            }
        }
        let mut monthly_estimate = Money::default();
        let mut unpriced = Vec::new();
        let seats = seats
            .into_iter()
            .map(|(product, count)| {
                let monthly = prices.price(product).map(|price| price.money().times(count));
                match monthly {
                    Some(money) => monthly_estimate = monthly_estimate.plus(money),
                    None => unpriced.push(product.clone()),
                }
                ProductImpact {
                    product: product.clone(),
                    seats: count,
                    monthly_estimate: monthly,
                }
            })
            .collect();
        let confirm_by = match acting {
            0 => ConfirmBy::Nothing,
            n if n > TYPED_CONFIRMATION_ABOVE => ConfirmBy::TypingCount(n),
            _ => ConfirmBy::Yes,
        };
        Preview {
            org_name: plan.org_name.clone(),
            action: plan.action,
            acting,
            sections: by_section
                .into_iter()
                .map(|(section, entries)| PreviewSection::of(section, &entries))
                .collect(),
            include_lanes: plan.include_lanes.clone(),
            idp_synced,
            refusals: refusals
                .into_iter()
                .map(|(label, accounts)| RefusalGroup { label, accounts })
                .collect(),
            seats,
            currency: prices.currency.clone(),
            monthly_estimate,
            yearly_estimate: monthly_estimate.times(12),
            unpriced,
            seats_unknown,
            hidden_by_filter,
            data_loaded_at: plan.data_loaded_at,
            data_age: now - plan.data_loaded_at,
            confirm_by,
            warned: {
                warned.sort_by_key(|(_, _, warning)| warning.warned_at);
                warned
            },
            not_warned,
            undo_of: plan.undo_of.clone(),
        }
    }

    /// The section of `section`, if any account is acted on in it.
    #[must_use]
    pub fn section(&self, section: Section) -> Option<&PreviewSection> {
        self.sections.iter().find(|shown| shown.section == section)
    }

    /// Every section this preview shows: what confirming it whole confirms.
    #[must_use]
    pub fn all_sections(&self) -> Confirmed {
        Confirmed::only(self.sections.iter().map(|shown| shown.section))
    }
}

fn describe(age: Duration) -> String {
    let minutes = age.num_minutes().max(0);
    match minutes {
        0 => "less than a minute".to_owned(),
        1..=119 => format!("{minutes} min"),
        120..=2879 => format!("{} h", minutes / 60),
        _ => format!("{} days", minutes / 1440),
    }
}
