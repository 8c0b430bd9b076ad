//! The per-product seat price table and the money arithmetic on it. Prices are ESTIMATES the
//! admin can edit; nothing here may present them as invoiced amounts.

use super::canonical_product;
use crate::directory::ids::ProductKey;
use serde::de::{self, MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::collections::BTreeMap;
use std::fmt;

/// An amount in minor units (cents), so sums over 100,000 seats stay exact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, Hash, Serialize, Deserialize)]
pub struct Money {
    pub cents: u64,
}

impl Money {
    #[must_use]
    pub fn times(self, count: u64) -> Money {
        Money {
            cents: self.cents.saturating_mul(count),
        }
    }

    #[must_use]
    pub fn plus(self, other: Money) -> Money {
        Money {
            cents: self.cents.saturating_add(other.cents),
        }
    }
}

impl fmt::Display for Money {
    /// `12,345.60`: thousands grouped, always two decimals; the currency is shown by the caller.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let whole = (self.cents / 100).to_string();
        let mut grouped = String::with_capacity(whole.len() + whole.len() / 3);
        for (position, digit) in whole.chars().enumerate() {
            if position > 0 && (whole.len() - position).is_multiple_of(3) {
                grouped.push(',');
            }
            grouped.push(digit);
        }
        write!(f, "{grouped}.{:02}", self.cents % 100)
    }
}

/// The estimated price of one seat for one month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct MonthlyPrice(Money);

impl MonthlyPrice {
    const MAX_PER_SEAT: f64 = 100_000.0;

    #[must_use]
    pub fn money(self) -> Money {
        self.0
    }

    /// Converts a price as written in the config; refuses what cannot be a seat price.
    pub fn from_amount(amount: f64) -> Result<Self, String> {
        if amount.is_finite() && (0.0..=Self::MAX_PER_SEAT).contains(&amount) {
            Ok(Self(Money {
                cents: (amount * 100.0).round() as u64,
            }))
        } else {
            Err(format!(
                "{amount} is not a usable seat price: write the monthly price per user as a number from 0 to {}",
                Self::MAX_PER_SEAT
            ))
        }
    }

    fn amount(self) -> f64 {
        self.0.cents as f64 / 100.0
    }
}

/// Monthly per-seat prices by product key, in one currency.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PriceTable {
    /// Shown next to every amount, e.g. `USD`.
    pub currency: String,
    pub per_seat: BTreeMap<ProductKey, MonthlyPrice>,
}

impl PriceTable {
    #[must_use]
    pub fn price(&self, product: &ProductKey) -> Option<MonthlyPrice> {
        self.per_seat.get(product).copied()
    }
}

impl Default for PriceTable {
    /// Approximate Standard-plan list prices in USD per user per month; estimates, edit to your
    /// contract. Must match `assets/default-config.toml` (tested).
    fn default() -> Self {
        let cents = [
            ("jira", 860),
            ("confluence", 605),
            ("jira-service-desk", 2383),
            ("bitbucket", 365),
        ];
        Self {
            currency: "USD".to_owned(),
            per_seat: cents
                .into_iter()
                .map(|(key, cents)| (ProductKey::from(key), MonthlyPrice(Money { cents })))
                .collect(),
        }
    }
}

impl Serialize for PriceTable {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.per_seat.len() + 1))?;
        map.serialize_entry("currency", &self.currency)?;
        for (product, price) in &self.per_seat {
            map.serialize_entry(product.as_str(), &price.amount())?;
        }
        map.end()
    }
}

/// `[prices]`: `currency = "USD"` plus one `product = price` line per product. A section that is
/// present replaces the whole default table, so a currency change never mixes with USD defaults.
impl<'de> Deserialize<'de> for PriceTable {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(PriceTableVisitor)
    }
}

struct PriceTableVisitor;

impl<'de> Visitor<'de> for PriceTableVisitor {
    type Value = PriceTable;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a table with `currency = \"USD\"` and `product-key = monthly price per user` entries")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut currency = None;
        let mut per_seat = BTreeMap::new();
        while let Some(key) = map.next_key::<String>()? {
            if key == "currency" {
                let text: String = map.next_value()?;
                if text.trim().is_empty() || text.chars().any(char::is_whitespace) {
                    return Err(de::Error::custom(format!(
                        "currency `{text}` must be a code such as USD or EUR"
                    )));
                }
                currency = Some(text);
                continue;
            }
            let amount: f64 = map.next_value()?;
            let price = MonthlyPrice::from_amount(amount)
                .map_err(|problem| de::Error::custom(format!("price for `{key}`: {problem}")))?;
            let product = canonical_product(&key);
            if per_seat.insert(product.clone(), price).is_some() {
                return Err(de::Error::custom(format!(
                    "product `{product}` has two prices (`{key}` is another name for it): keep one"
                )));
            }
        }
        Ok(PriceTable {
            currency: currency.unwrap_or_else(|| "USD".to_owned()),
            per_seat,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_groups_thousands() {
        assert_eq!(Money { cents: 123_456_789 }.to_string(), "1,234,567.89");
        assert_eq!(Money { cents: 5 }.to_string(), "0.05");
        assert_eq!(Money { cents: 100_000 }.to_string(), "1,000.00");
    }

    #[test]
    fn a_prices_section_replaces_the_table() {
        let table: PriceTable =
            toml::from_str("currency = \"EUR\"\njsm = 20\nconfluence = 5.5\n").expect("ok");
        assert_eq!(table.currency, "EUR");
        assert_eq!(
            table
                .price(&ProductKey::from("jira-service-desk"))
                .map(|p| p.money().cents),
            Some(2000)
        );
        assert_eq!(
            table
                .price(&ProductKey::from("confluence"))
                .map(|p| p.money().cents),
            Some(550)
        );
        assert_eq!(table.price(&ProductKey::from("jira")), None);
    }

    #[test]
    fn nonsense_prices_are_refused() {
        let negative = toml::from_str::<PriceTable>("jira = -1\n").expect_err("negative");
        assert!(negative.to_string().contains("price for `jira`"), "{negative}");
        let text = toml::from_str::<PriceTable>("jira = \"cheap\"\n").expect_err("text");
        assert!(
            text.to_string().contains("jira") || text.to_string().contains("f64"),
            "{text}"
        );
        let blank = toml::from_str::<PriceTable>("currency = \"\"\n").expect_err("blank");
        assert!(blank.to_string().contains("currency"), "{blank}");
    }
}
