//! Seats and estimated monthly spend per product and per site, and billable seats by idle band,
//! counted with `directory::seats_of` over the accounts that hold billable seats (active Atlassian
//! accounts). Arithmetic only: no I/O, no clock (idle days count up to the index's instant).

use crate::directory::{
    DirectoryIndex, Money, PriceTable, ProductId, ProductKey, Seat, SeatActivity, groups_by_id, seats_of,
};
use chrono::{DateTime, Utc};
use std::collections::{BTreeMap, HashMap};

/// One product: billable seats (priced), free seats (guests, customers and other unbilled roles)
/// and the ESTIMATED monthly spend (`None`: the price table has no price for it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProductSpend {
    pub product: ProductKey,
    pub billable: u64,
    pub free: u64,
    pub price: Option<Money>,
    pub monthly: Option<Money>,
}

/// One site of a product, counted like [`ProductSpend`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteSpend {
    pub product: ProductKey,
    /// The site's name from the org's sites; its id when the org did not name it;
    /// [`SITE_NOT_REPORTED`] when the data gave no site (CSV exports).
    pub site: String,
    pub billable: u64,
    pub free: u64,
    pub monthly: Option<Money>,
}

/// The site column of seats whose data named no site.
pub const SITE_NOT_REPORTED: &str = "(site not reported)";

/// How long a billable seat has gone unused, at the data's instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Band {
    /// Used in the last 30 days.
    Recent,
    Days30To89,
    Days90To179,
    Days180To364,
    Days365Plus,
    /// Access, never used.
    Never,
    /// No activity data for the seat's site.
    Unknown,
}

impl Band {
    pub const ALL: [Band; 7] = [
        Band::Recent,
        Band::Days30To89,
        Band::Days90To179,
        Band::Days180To364,
        Band::Days365Plus,
        Band::Never,
        Band::Unknown,
    ];

    /// The band's label in every format.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Band::Recent => "used in the last 30 days",
            Band::Days30To89 => "idle 30-89 days",
            Band::Days90To179 => "idle 90-179 days",
            Band::Days180To364 => "idle 180-364 days",
            Band::Days365Plus => "idle 365 days or more",
            Band::Never => "never used",
            Band::Unknown => "activity unknown",
        }
    }

    /// The band of a seat whose last use was `days` whole days before the data's instant.
    #[must_use]
    pub fn of_days(days: i64) -> Band {
        match days {
            ..30 => Band::Recent,
            30..90 => Band::Days30To89,
            90..180 => Band::Days90To179,
            180..365 => Band::Days180To364,
            _ => Band::Days365Plus,
        }
    }

    fn of(activity: SeatActivity, as_of: DateTime<Utc>) -> Band {
        match activity {
            SeatActivity::Unknown => Band::Unknown,
            SeatActivity::Never => Band::Never,
            SeatActivity::At(at) => Band::of_days((as_of - at).num_days()),
        }
    }
}

/// Billable seats in one idle band and what they cost a month (priced seats only).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BandCount {
    pub band: Band,
    pub seats: u64,
    pub monthly: Money,
    /// Seats of the band on products without a price (not in `monthly`).
    pub unpriced_seats: u64,
}

/// The org's seats as billed today (estimated).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spend {
    pub products: Vec<ProductSpend>,
    pub sites: Vec<SiteSpend>,
    pub billable: u64,
    pub free: u64,
    /// Sum over priced products.
    pub monthly: Money,
    /// Products with billable seats and no price.
    pub unpriced: Vec<ProductKey>,
    /// Every band, in [`Band::ALL`] order, zero counts included.
    pub bands: Vec<BandCount>,
    /// Accounts counted (active Atlassian accounts).
    pub accounts: usize,
}

#[derive(Default)]
struct Tally {
    billable: u64,
    free: u64,
}

impl Tally {
    fn add(&mut self, seat: &Seat) {
        if seat.is_billable() {
            self.billable += 1;
        } else {
            self.free += 1;
        }
    }
}

/// The billable seats of one account: every seat of an account that holds billable seats
/// (active Atlassian account) whose role is billed. Public so pending warnings count alike.
pub fn billable_seats(seats: &[Seat]) -> impl Iterator<Item = &Seat> {
    seats.iter().filter(|seat| seat.is_billable())
}

/// Counts every seat of the accounts that hold billable seats; other accounts cost nothing.
#[must_use]
pub fn spend_of(index: &DirectoryIndex) -> Spend {
    let directory = index.directory();
    let groups = groups_by_id(&directory.groups);
    let prices = &index.policy().prices;
    let site_names: HashMap<&ProductId, &str> = directory
        .sites
        .iter()
        .map(|site| (&site.id, site.name.as_str()))
        .collect();
    let mut products: BTreeMap<ProductKey, Tally> = BTreeMap::new();
    let mut sites: BTreeMap<(ProductKey, String), Tally> = BTreeMap::new();
    let mut bands: BTreeMap<Band, (u64, Money, u64)> = BTreeMap::new();
    let mut accounts = 0;
    for user in directory.users.iter().filter(|user| user.holds_billable_seats()) {
        accounts += 1;
        for seat in seats_of(user, &groups) {
            products.entry(seat.product.clone()).or_default().add(&seat);
            let site = match &seat.site {
                Some(id) => site_names
                    .get(id)
                    .map_or_else(|| id.to_string(), |name| (*name).to_owned()),
                None => SITE_NOT_REPORTED.to_owned(),
            };
            sites.entry((seat.product.clone(), site)).or_default().add(&seat);
            if seat.is_billable() {
                let band = bands.entry(Band::of(seat.activity, index.as_of())).or_default();
                band.0 += 1;
                match prices.price(&seat.product) {
                    Some(price) => band.1 = band.1.plus(price.money()),
                    None => band.2 += 1,
                }
            }
        }
    }
    let monthly_of = |product: &ProductKey, seats: u64| price_of(prices, product).map(|p| p.times(seats));
    let products: Vec<ProductSpend> = products
        .into_iter()
        .map(|(product, tally)| ProductSpend {
            price: price_of(prices, &product),
            monthly: monthly_of(&product, tally.billable),
            billable: tally.billable,
            free: tally.free,
            product,
        })
        .collect();
    let sites = sites
        .into_iter()
        .map(|((product, site), tally)| SiteSpend {
            monthly: monthly_of(&product, tally.billable),
            billable: tally.billable,
            free: tally.free,
            product,
            site,
        })
        .collect();
    Spend {
        billable: products.iter().map(|p| p.billable).sum(),
        free: products.iter().map(|p| p.free).sum(),
        monthly: products
            .iter()
            .filter_map(|p| p.monthly)
            .fold(Money::default(), Money::plus),
        unpriced: products
            .iter()
            .filter(|p| p.price.is_none() && p.billable > 0)
            .map(|p| p.product.clone())
            .collect(),
        products,
        sites,
        bands: Band::ALL
            .into_iter()
            .map(|band| {
                let (seats, monthly, unpriced_seats) = bands.get(&band).copied().unwrap_or_default();
                BandCount {
                    band,
                    seats,
                    monthly,
                    unpriced_seats,
                }
            })
            .collect(),
        accounts,
    }
}

fn price_of(prices: &PriceTable, product: &ProductKey) -> Option<Money> {
    prices.price(product).map(crate::directory::MonthlyPrice::money)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bands_split_at_30_90_180_and_365_days() {
        let bands: Vec<Band> = [0, 29, 30, 89, 90, 179, 180, 364, 365, 5000, -3]
            .into_iter()
            .map(Band::of_days)
            .collect();
        assert_eq!(
            bands,
            [
                Band::Recent,
                Band::Recent,
                Band::Days30To89,
                Band::Days30To89,
                Band::Days90To179,
                Band::Days90To179,
                Band::Days180To364,
                Band::Days180To364,
                Band::Days365Plus,
                Band::Days365Plus,
                Band::Recent,
            ]
        );
    }
}
