//! The preview of a plan: how many accounts each action touches, every refusal with its reason,
//! the seats freed per product and their ESTIMATED cost, marks the filter hides, and the data's
//! age. Both `dormant apply` and the TUI render this one summary. Pure arithmetic on the plan.

use super::action::BatchAction;
use super::plan::Plan;
use crate::directory::{Money, PriceTable, ProductImpact, ProductKey, Warning};
use chrono::{DateTime, Duration, Utc};
use std::collections::BTreeMap;
use std::fmt;

/// Above this many accounts, confirming asks for the number to be typed, not just "yes".
pub const TYPED_CONFIRMATION_ABOVE: usize = 20;

/// One kind of refusal: how many, and who.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefusalGroup {
    pub label: &'static str,
    /// `(name, account id, the full reason)` of each refused account.
    pub accounts: Vec<(String, String, String)>,
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
    /// Accounts acted on.
    pub acting: usize,
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
        for entry in &plan.entries {
            if let Some(refusal) = &entry.refusal {
                refusals.entry(refusal.label()).or_default().push((
                    entry.name.clone(),
                    entry.account_id.to_string(),
                    refusal.to_string(),
                ));
            } else {
                acting += 1;
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
        }
    }
}

impl fmt::Display for Preview {
    /// The headless rendering: a few lines, every refusal listed.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{} {} user{} in {}",
            capitalised(self.action.as_str()),
            self.acting,
            if self.acting == 1 { "" } else { "s" },
            self.org_name
        )?;
        let verb = if self.action.is_destructive() {
            "frees"
        } else {
            "takes again"
        };
        if self.seats.is_empty() {
            writeln!(f, "  seats: {verb} none")?;
        } else {
            let listed: Vec<String> = self
                .seats
                .iter()
                .map(|p| format!("{} {}", p.seats, p.product.display_name()))
                .collect();
            writeln!(f, "  seats: {verb} {}", listed.join(", "))?;
            writeln!(
                f,
                "  cost (estimate): about {c} {} a month, {c} {} a year{}",
                self.monthly_estimate,
                self.yearly_estimate,
                if self.unpriced.is_empty() {
                    String::new()
                } else {
                    let names: Vec<&str> = self.unpriced.iter().map(ProductKey::display_name).collect();
                    format!("; no price for {}", names.join(", "))
                },
                c = self.currency
            )?;
        }
        if self.seats_unknown > 0 {
            writeln!(
                f,
                "  {} user(s) had no activity data: their seats are not counted",
                self.seats_unknown
            )?;
        }
        if self.idp_synced > 0 {
            writeln!(
                f,
                "  {} user(s) are IdP-synced: hand them to the identity team too (IdP handoff CSV), or the IdP may re-provision them",
                self.idp_synced
            )?;
        }
        if self.hidden_by_filter > 0 {
            writeln!(
                f,
                "  {} marked user(s) are hidden by the current filter",
                self.hidden_by_filter
            )?;
        }
        writeln!(
            f,
            "  data loaded {} ({} ago); every user is re-read right before acting",
            self.data_loaded_at.format("%Y-%m-%d %H:%M UTC"),
            describe(self.data_age)
        )?;
        write_warnings(f, &self.warned, self.not_warned)?;
        for group in &self.refusals {
            writeln!(f, "  refused, {} ({}):", group.label, group.accounts.len())?;
            for (name, account, reason) in &group.accounts {
                writeln!(f, "    {name} ({account}): {reason}")?;
            }
        }
        Ok(())
    }
}

/// Who was warned when (and whether their deadline has passed), and how many never were; silent
/// when nobody in the batch was warned (warnings are then not in use).
fn write_warnings(
    f: &mut fmt::Formatter<'_>,
    warned: &[(String, String, Warning)],
    not_warned: usize,
) -> fmt::Result {
    if warned.is_empty() {
        return Ok(());
    }
    writeln!(f, "  warned before ({}):", warned.len())?;
    for (name, account, warning) in warned {
        writeln!(
            f,
            "    {name} ({account}): warned on {}, deadline {}",
            warning.warned_at.format("%Y-%m-%d"),
            warning.deadline.format("%Y-%m-%d")
        )?;
    }
    if not_warned > 0 {
        writeln!(f, "  {not_warned} user(s) in this batch were never warned")?;
    }
    Ok(())
}

fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
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
