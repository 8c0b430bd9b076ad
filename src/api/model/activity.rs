//! Wire types of `GET /admin/v1/orgs/{orgId}/directory/users/{accountId}/last-active-dates`
//! (reference §1.7.6): `snake_case`, v1 product keys, date and date-time forms side by side.

use super::PageLinks;
use chrono::{DateTime, NaiveDate, Utc};
use serde::Deserialize;

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct LastActiveDates {
    pub data: LastActiveData,
    #[serde(default)]
    pub links: Option<PageLinks>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct LastActiveData {
    /// Empty when the user never used a product.
    #[serde(default)]
    pub product_access: Vec<ProductLastActive>,
    #[serde(default)]
    pub added_to_org: Option<NaiveDate>,
    #[serde(default)]
    pub added_to_org_timestamp: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ProductLastActive {
    /// Product instance id (an ARI); the same id v2 `productAccess[].id` carries.
    #[serde(default)]
    pub id: Option<String>,
    /// v1 product key (`jira-software`, `confluence`, …), an open set.
    pub key: String,
    #[serde(default)]
    pub last_active: Option<NaiveDate>,
    #[serde(default)]
    pub last_active_timestamp: Option<DateTime<Utc>>,
}
