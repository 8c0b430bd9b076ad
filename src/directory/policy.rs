//! The triage policy as data: idle thresholds, the seat price table and the allowlist. Parsed from
//! the config's `[thresholds]`, `[prices]` and `[allowlist]` sections; must not read files.

mod billing;
mod prices;

pub use billing::{Billing, DEFAULT_BILL_DAY, ProductBilling, SavingStart};
pub use prices::{Money, MonthlyPrice, PriceTable};

use super::allowlist::Allowlist;
use super::ids::ProductKey;
use super::warning::WarningPolicy;
use serde::{Deserialize, Deserializer, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// The shipped defaults; `Policy::default()` equals what this parses to (tested).
pub const DEFAULT_CONFIG_TOML: &str = include_str!("../../assets/default-config.toml");

/// Everything that decides lanes and estimates, so a test or a report can state it in one value.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Policy {
    pub thresholds: Thresholds,
    pub prices: PriceTable,
    pub allowlist: Allowlist,
    /// `require_warning` and `grace`: whether cleanup waits for a warning and its deadline.
    pub warning: WarningPolicy,
    /// `[billing.PRODUCT]`: how each product is billed, so estimates say when money is saved.
    pub billing: Billing,
}

/// How long without activity makes a seat idle, globally and per product.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Thresholds {
    pub idle_days: IdleDays,
    /// Overrides by product key; aliases such as `jsm` are stored under the key they stand for.
    #[serde(deserialize_with = "product_keyed")]
    pub products: BTreeMap<ProductKey, IdleDays>,
}

impl Thresholds {
    /// The threshold that applies to one product: its override, else the global one.
    #[must_use]
    pub fn for_product(&self, product: &ProductKey) -> IdleDays {
        self.products.get(product).copied().unwrap_or(self.idle_days)
    }
}

/// A number of days between 1 and 36,500; zero would make everyone idle the moment they log off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "u32", into = "u32")]
pub struct IdleDays(u32);

impl IdleDays {
    pub const DEFAULT: IdleDays = IdleDays(90);
    pub const MIN: IdleDays = IdleDays(1);
    pub const MAX: IdleDays = IdleDays(Self::MOST);
    const MOST: u32 = 36_500;

    #[must_use]
    pub fn get(self) -> u32 {
        self.0
    }
}

impl Default for IdleDays {
    fn default() -> Self {
        Self::DEFAULT
    }
}

impl TryFrom<u32> for IdleDays {
    type Error = String;

    fn try_from(days: u32) -> Result<Self, Self::Error> {
        if (1..=Self::MOST).contains(&days) {
            Ok(Self(days))
        } else {
            Err(format!(
                "{days} is not a usable idle threshold: use a whole number of days from 1 to {}",
                Self::MOST
            ))
        }
    }
}

impl From<IdleDays> for u32 {
    fn from(days: IdleDays) -> u32 {
        days.0
    }
}

impl fmt::Display for IdleDays {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// Deserializes a map keyed by product, resolving aliases (`jsm`) and case to the API's key.
pub(crate) fn product_keyed<'de, D, V>(deserializer: D) -> Result<BTreeMap<ProductKey, V>, D::Error>
where
    D: Deserializer<'de>,
    V: Deserialize<'de>,
{
    let raw = BTreeMap::<String, V>::deserialize(deserializer)?;
    let mut keyed = BTreeMap::new();
    for (typed, value) in raw {
        let key = canonical_product(&typed);
        if keyed.insert(key.clone(), value).is_some() {
            return Err(serde::de::Error::custom(format!(
                "product `{key}` is listed twice (`{typed}` is another name for it): keep one entry"
            )));
        }
    }
    Ok(keyed)
}

/// The API key a config entry means: aliases resolved, otherwise the text as written.
pub(crate) fn canonical_product(typed: &str) -> ProductKey {
    ProductKey::from_query_name(typed, &[]).unwrap_or_else(|| ProductKey::from(typed))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Policy, toml::de::Error> {
        toml::from_str(text)
    }

    #[test]
    fn shipped_asset_equals_the_default_policy() {
        let table: toml::Table = toml::from_str(DEFAULT_CONFIG_TOML).expect("asset is TOML");
        // Later sections of the same asset belong to other owners; the policy reads its three.
        let mut own = toml::Table::new();
        for section in ["thresholds", "prices", "allowlist"] {
            let value = table
                .get(section)
                .unwrap_or_else(|| panic!("asset lacks [{section}]"));
            own.insert(section.to_owned(), value.clone());
        }
        let parsed: Policy = own.try_into().expect("policy sections parse");
        assert_eq!(parsed, Policy::default());
    }

    #[test]
    fn overrides_resolve_aliases_and_fall_back_to_the_global_threshold() {
        let policy =
            parse("[thresholds]\nidle_days = 60\n[thresholds.products]\njsm = 30\n").expect("parses");
        let thresholds = &policy.thresholds;
        assert_eq!(
            thresholds
                .for_product(&ProductKey::from("jira-service-desk"))
                .get(),
            30
        );
        assert_eq!(thresholds.for_product(&ProductKey::from("jira")).get(), 60);
        assert_eq!(
            policy.prices,
            PriceTable::default(),
            "absent sections keep defaults"
        );
    }

    #[test]
    fn bad_values_are_refused_with_the_fix() {
        let zero = parse("[thresholds]\nidle_days = 0\n").expect_err("zero refused");
        assert!(zero.to_string().contains("from 1 to 36500"), "{zero}");
        let unknown = parse("[thresholds]\nidle = 30\n").expect_err("unknown key refused");
        assert!(unknown.to_string().contains("idle"), "{unknown}");
        let twice = parse("[thresholds.products]\njsm = 3\njira-service-desk = 4\n").expect_err("dup");
        assert!(twice.to_string().contains("listed twice"), "{twice}");
    }
}
