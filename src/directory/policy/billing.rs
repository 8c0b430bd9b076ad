//! How each product is billed, and when freeing seats starts saving money: monthly plans bill the
//! users counted on each bill date; annual plans are bought in user tiers and save only at
//! renewal, and only if the count drops below a tier boundary. Parsed from `[billing.PRODUCT]`
//! (raw, then checked with the fix in the message); pure date arithmetic, no clock read here.

use super::product_keyed;
use crate::directory::ids::ProductKey;
use chrono::{Datelike, Months, NaiveDate};
use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// The day of the month a monthly plan bills when the config does not say (the 1st).
pub const DEFAULT_BILL_DAY: u32 = 1;

/// Each product's billing, by product key (aliases resolved); absent products bill monthly.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Billing {
    #[serde(deserialize_with = "product_keyed")]
    pub products: BTreeMap<ProductKey, ProductBilling>,
}

impl Billing {
    /// The billing of `product`: its `[billing.PRODUCT]` table, else monthly on the 1st.
    #[must_use]
    pub fn of(&self, product: &ProductKey) -> ProductBilling {
        self.products
            .get(product)
            .cloned()
            .unwrap_or(ProductBilling::Monthly {
                bill_day: DEFAULT_BILL_DAY,
            })
    }
}

/// One product's subscription terms (each site of it is a subscription of its own, counted
/// on its own).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "RawBilling", rename_all = "snake_case", tag = "cycle")]
pub enum ProductBilling {
    /// Billed every month for the users counted on the bill date (`bill_day` of the month).
    Monthly { bill_day: u32 },
    /// Bought for a year in a user tier; `tiers` are the tiers' upper bounds, ascending.
    Annual { renewal: NaiveDate, tiers: Vec<u64> },
}

/// A `[billing.PRODUCT]` table as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBilling {
    cycle: Option<String>,
    bill_day: Option<u32>,
    renewal: Option<DateText>,
    tiers: Option<Vec<u64>>,
}

const ANNUAL_EXAMPLE: &str =
    "cycle = \"annual\", renewal = \"2027-03-01\", tiers = [100, 250, 500, 1000, 2000]";

impl TryFrom<RawBilling> for ProductBilling {
    type Error = String;

    fn try_from(raw: RawBilling) -> Result<Self, String> {
        match raw.cycle.as_deref().unwrap_or("monthly") {
            "monthly" => {
                if raw.renewal.is_some() || raw.tiers.is_some() {
                    return Err(
                        "renewal and tiers belong to cycle = \"annual\": remove them, or set \
                                cycle = \"annual\""
                            .to_owned(),
                    );
                }
                let bill_day = raw.bill_day.unwrap_or(DEFAULT_BILL_DAY);
                if !(1..=28).contains(&bill_day) {
                    return Err(format!(
                        "bill_day = {bill_day} is not a day every month has: use 1 to 28 (the day of \
                         the month your monthly bill is dated)"
                    ));
                }
                Ok(ProductBilling::Monthly { bill_day })
            }
            "annual" => {
                if raw.bill_day.is_some() {
                    return Err(
                        "bill_day belongs to cycle = \"monthly\": an annual plan bills at renewal; \
                         remove bill_day"
                            .to_owned(),
                    );
                }
                let Some(DateText(renewal)) = raw.renewal else {
                    return Err(format!(
                        "cycle = \"annual\" needs renewal, the next renewal date: {ANNUAL_EXAMPLE}"
                    ));
                };
                let tiers = raw.tiers.unwrap_or_default();
                if tiers.is_empty() {
                    return Err(format!(
                        "cycle = \"annual\" needs tiers, the upper bounds of the user tiers your plan \
                         is sold in: {ANNUAL_EXAMPLE}"
                    ));
                }
                if tiers[0] == 0 || tiers.windows(2).any(|pair| pair[0] >= pair[1]) {
                    return Err(format!(
                        "tiers = {tiers:?} must be user counts above 0, each larger than the one \
                         before: e.g. tiers = [100, 250, 500, 1000]"
                    ));
                }
                Ok(ProductBilling::Annual { renewal, tiers })
            }
            other => Err(format!(
                "cycle = \"{other}\" is neither \"monthly\" nor \"annual\": write cycle = \"monthly\" \
                 (the default) or cycle = \"annual\""
            )),
        }
    }
}

/// A date written as `"YYYY-MM-DD"`.
#[derive(Debug)]
struct DateText(NaiveDate);

impl<'de> Deserialize<'de> for DateText {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct DateVisitor;

        impl Visitor<'_> for DateVisitor {
            type Value = DateText;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a date in quotes, \"YYYY-MM-DD\" (e.g. renewal = \"2027-03-01\")")
            }

            fn visit_str<E: de::Error>(self, text: &str) -> Result<DateText, E> {
                NaiveDate::parse_from_str(text, "%Y-%m-%d")
                    .map(DateText)
                    .map_err(|_| {
                        E::custom(format!(
                            "\"{text}\" is not a date: write renewal = \"YYYY-MM-DD\""
                        ))
                    })
            }
        }

        deserializer.deserialize_str(DateVisitor)
    }
}

/// When freeing seats on one subscription starts to save money.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SavingStart {
    /// Monthly: the users counted on the next bill date.
    NextBill { date: NaiveDate },
    /// Annual: the count drops into a lower tier, paid from renewal on.
    AtRenewal {
        date: NaiveDate,
        before: u64,
        after: u64,
        /// The upper bound of the tier the count falls to or below.
        below: u64,
    },
    /// Annual: still in the same tier, so nothing is saved this term or at renewal.
    SameTier {
        date: NaiveDate,
        before: u64,
        after: u64,
        /// The tier's bounds, `lowest..=highest` users (`highest` `None`: above the last tier).
        tier: (u64, Option<u64>),
    },
}

impl ProductBilling {
    /// When freeing `freed` of the `billed` users of one subscription saves money, as of `today`.
    /// Monthly: the next bill date (`bill_day`) after today. Annual: the configured renewal, or
    /// the same day of a later year when that date has passed (plans renew yearly).
    #[must_use]
    pub fn saving_start(&self, today: NaiveDate, billed: u64, freed: u64) -> SavingStart {
        match self {
            ProductBilling::Monthly { bill_day } => SavingStart::NextBill {
                date: next_bill(today, *bill_day),
            },
            ProductBilling::Annual { renewal, tiers } => {
                let date = next_renewal(*renewal, today);
                let after = billed.saturating_sub(freed);
                let (before_tier, after_tier) = (tier_of(tiers, billed), tier_of(tiers, after));
                if after_tier < before_tier {
                    SavingStart::AtRenewal {
                        date,
                        before: billed,
                        after,
                        below: tiers[after_tier],
                    }
                } else {
                    let lowest = if before_tier == 0 {
                        1
                    } else {
                        tiers[before_tier - 1] + 1
                    };
                    SavingStart::SameTier {
                        date,
                        before: billed,
                        after,
                        tier: (lowest, tiers.get(before_tier).copied()),
                    }
                }
            }
        }
    }
}

/// The index of the tier `count` users fall in (`tiers.len()`: above the last bound).
fn tier_of(tiers: &[u64], count: u64) -> usize {
    tiers.partition_point(|&bound| bound < count)
}

/// The first `bill_day` of a month strictly after `today`.
fn next_bill(today: NaiveDate, bill_day: u32) -> NaiveDate {
    let this_month = today.with_day(bill_day).unwrap_or(today);
    if this_month > today {
        return this_month;
    }
    this_month
        .checked_add_months(Months::new(1))
        .unwrap_or(this_month)
}

/// `renewal`, or its anniversary in the first later year on or after `today`.
fn next_renewal(renewal: NaiveDate, today: NaiveDate) -> NaiveDate {
    let mut date = renewal;
    while date < today {
        match date.checked_add_months(Months::new(12)) {
            Some(next) => date = next,
            None => break,
        }
    }
    date
}

/// `1,003`.
fn grouped(count: u64) -> String {
    let digits = count.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (at, digit) in digits.chars().enumerate() {
        if at > 0 && (digits.len() - at).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

impl fmt::Display for SavingStart {
    /// `next bill on 2027-01-01`, `at renewal on 2027-03-01: 1,003 → 961 users, below the 1,000
    /// tier`, `no saving before renewal on 2027-03-01: still in the 501–1,000 tier (980 → 950 users)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SavingStart::NextBill { date } => write!(f, "next bill on {date}"),
            SavingStart::AtRenewal {
                date,
                before,
                after,
                below,
            } => write!(
                f,
                "at renewal on {date}: {} → {} users, below the {} tier",
                grouped(*before),
                grouped(*after),
                grouped(*below)
            ),
            SavingStart::SameTier {
                date,
                before,
                after,
                tier: (lowest, highest),
            } => {
                let tier = match highest {
                    Some(highest) => format!("{}–{}", grouped(*lowest), grouped(*highest)),
                    None => format!("{}+", grouped(*lowest)),
                };
                write!(
                    f,
                    "no saving before renewal on {date}: still in the {tier} tier ({} → {} users)",
                    grouped(*before),
                    grouped(*after)
                )
            }
        }
    }
}

#[cfg(test)]
#[path = "billing/tests.rs"]
mod tests;
