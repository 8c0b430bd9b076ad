//! What suspending the marked set would free: billable seats per product and per site (guests
//! and other free roles cost nothing), the ESTIMATED cost from the price table (priced per
//! product), when each saving takes effect under the product's billing, plus how many marks the
//! filter hides. Arithmetic only; decides nothing.

use super::ids::ProductKey;
use super::index::DirectoryIndex;
use super::lane::Lane;
use super::marks::Marks;
use super::policy::{Money, SavingStart};
use super::rowset::RowSet;
use super::user::{AccountType, Activity, UserStatus};
use std::collections::BTreeMap;
use std::fmt;

/// Seats freed on one product and their estimated monthly cost (`None`: no price configured).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProductImpact {
    pub product: ProductKey,
    pub seats: u64,
    pub monthly_estimate: Option<Money>,
}

/// Billable seats freed on one site of one product, and when that saves money.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteImpact {
    pub product: ProductKey,
    /// The site's name (or id; `(site unknown)` for records that named none).
    pub site: String,
    pub seats: u64,
    pub monthly_estimate: Option<Money>,
    /// Under the product's `[billing.PRODUCT]`, counting the site's billed users.
    pub saving_starts: SavingStart,
}

/// The impact of suspending every marked account. Amounts are estimates (label them so).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Impact {
    pub currency: String,
    /// By product key.
    pub per_product: Vec<ProductImpact>,
    /// By product key, then site: each site is a subscription of its own.
    pub per_site: Vec<SiteImpact>,
    /// Sum over priced products.
    pub monthly_estimate: Money,
    pub yearly_estimate: Money,
    /// Marked accounts that free at least one seat.
    pub users_freeing_seats: usize,
    /// Marked but already suspended, deactivated, not billable or with no product: frees nothing.
    pub users_freeing_nothing: usize,
    /// Marked, billable, but activity unknown: which seats they hold is not known.
    pub users_seats_unknown: usize,
    /// Products with freed seats but no price in the table.
    pub unpriced: Vec<ProductKey>,
    /// Marked accounts the current filter hides.
    pub hidden_by_filter: usize,
    /// Marked accounts not in this load.
    pub missing: usize,
}

impl Impact {
    /// Suspension frees every billable seat (one per product site) of an active account.
    #[must_use]
    pub fn of(index: &DirectoryIndex, marks: &Marks, visible: &RowSet) -> Impact {
        let prices = &index.policy().prices;
        let mut by_site: BTreeMap<(&ProductKey, &str, u32), u64> = BTreeMap::new();
        let mut impact = Impact {
            currency: prices.currency.clone(),
            per_product: Vec::new(),
            per_site: Vec::new(),
            monthly_estimate: Money::default(),
            yearly_estimate: Money::default(),
            users_freeing_seats: 0,
            users_freeing_nothing: 0,
            users_seats_unknown: 0,
            unpriced: Vec::new(),
            hidden_by_filter: marks.hidden_by(index, visible),
            missing: 0,
        };
        for account in marks.iter() {
            let Some(row) = index.row_of(account) else {
                impact.missing += 1;
                continue;
            };
            let user = index.user(row);
            let billable = index.lane(row) != Lane::Protected
                && user.status == UserStatus::Active
                && user.account_type == AccountType::Atlassian;
            let mut freeing = false;
            if billable {
                for cell in index.seat_cells(row).filter(|cell| cell.billable) {
                    let site = &index.seat_sites()[cell.site as usize];
                    *by_site
                        .entry((&site.product, site.label(), cell.site))
                        .or_default() += 1;
                    freeing = true;
                }
            }
            match (&user.activity, billable, freeing) {
                (_, _, true) => impact.users_freeing_seats += 1,
                (Activity::Unknown, true, false) => impact.users_seats_unknown += 1,
                _ => impact.users_freeing_nothing += 1,
            }
        }
        let today = index.as_of().date_naive();
        let mut seats: BTreeMap<&ProductKey, u64> = BTreeMap::new();
        for ((product, site, slot), count) in by_site {
            *seats.entry(product).or_default() += count;
            impact.per_site.push(SiteImpact {
                product: product.clone(),
                site: site.to_owned(),
                seats: count,
                monthly_estimate: prices.price(product).map(|price| price.money().times(count)),
                saving_starts: index.policy().billing.of(product).saving_start(
                    today,
                    index.billed_on(slot),
                    count,
                ),
            });
        }
        for (product, count) in seats {
            let monthly = prices.price(product).map(|price| price.money().times(count));
            match monthly {
                Some(money) => impact.monthly_estimate = impact.monthly_estimate.plus(money),
                None => impact.unpriced.push(product.clone()),
            }
            impact.per_product.push(ProductImpact {
                product: product.clone(),
                seats: count,
                monthly_estimate: monthly,
            });
        }
        impact.yearly_estimate = impact.monthly_estimate.times(12);
        impact
    }
}

impl Impact {
    /// When the savings take effect, one phrase per distinct outcome: `saving from the next bill
    /// on 2027-01-01` when every site agrees, else `Jira Service Management (acme): at renewal
    /// on …; Confluence (acme-eu): next bill on …`. `None` when nothing is freed.
    #[must_use]
    pub fn saving_summary(&self) -> Option<String> {
        let first = self.per_site.first()?;
        if self
            .per_site
            .iter()
            .all(|site| site.saving_starts == first.saving_starts)
        {
            return Some(format!("saving from the {}", first.saving_starts));
        }
        let parts: Vec<String> = self
            .per_site
            .iter()
            .map(|site| {
                format!(
                    "{} ({}): {}",
                    site.product.display_name(),
                    site.site,
                    site.saving_starts
                )
            })
            .collect();
        Some(parts.join("; "))
    }
}

impl fmt::Display for Impact {
    /// `frees 12 Jira and 3 Confluence seats: about USD 1,234.56 a month, 14,814.72 a year (estimate)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.per_product.is_empty() {
            f.write_str("frees no seat")?;
        } else {
            f.write_str("frees ")?;
            for (position, product) in self.per_product.iter().enumerate() {
                if position > 0 {
                    f.write_str(if position + 1 == self.per_product.len() {
                        " and "
                    } else {
                        ", "
                    })?;
                }
                write!(f, "{} {}", product.seats, product.product.display_name())?;
            }
            f.write_str(" seats")?;
        }
        write!(
            f,
            ": about {currency} {} a month, {currency} {} a year (estimate)",
            self.monthly_estimate,
            self.yearly_estimate,
            currency = self.currency
        )?;
        if !self.unpriced.is_empty() {
            let names: Vec<&str> = self.unpriced.iter().map(ProductKey::display_name).collect();
            write!(f, "; no price for {}", names.join(", "))?;
        }
        Ok(())
    }
}
