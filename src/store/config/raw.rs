//! The config file exactly as written (serde, unknown keys refused). Owns the file's shape; must
//! not merge, resolve or default anything beyond what serde does per field.

use super::name::{BaseUrl, ProfileName};
use super::notices::SmtpSettings;
use crate::directory::{
    Allowlist, Billing, GraceDays, IdleDays, PriceTable, ProductKey, Thresholds, product_keyed,
};
use crate::types::{BatchCap, OrgId};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// The whole file. Top-level `[thresholds]`, `[prices]` and `[allowlist]` apply to every
/// profile; a profile's own sections refine them (see `config::merge`).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawConfig {
    pub default_profile: Option<ProfileName>,
    #[serde(default)]
    pub thresholds: Thresholds,
    #[serde(default)]
    pub prices: PriceTable,
    /// `[billing.PRODUCT]`: monthly (the default) or annual with renewal and tiers.
    #[serde(default)]
    pub billing: Billing,
    #[serde(default)]
    pub allowlist: Allowlist,
    #[serde(default)]
    pub require_warning: bool,
    #[serde(default)]
    pub grace: GraceDays,
    pub warning_template: Option<PathBuf>,
    pub smtp: Option<SmtpSettings>,
    /// Action name → key strings, and one sub-table per screen (`[keys.history]`); kept raw
    /// here, bound and checked by the TUI's keymap.
    #[serde(default)]
    pub keys: super::KeyTable,
    #[serde(default)]
    pub profiles: BTreeMap<ProfileName, RawProfile>,
    /// `[views.NAME]`: named filter + sort; the syntax is checked by the caller.
    #[serde(default)]
    pub views: BTreeMap<String, super::SavedView>,
}

/// One `[profiles.NAME]` table.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawProfile {
    pub base_url: Option<BaseUrl>,
    pub org_id: Option<OrgId>,
    pub thresholds: Option<ThresholdOverrides>,
    pub prices: Option<PriceTable>,
    pub billing: Option<Billing>,
    pub allowlist: Option<Allowlist>,
    pub cap: Option<BatchCap>,
    pub read_only: Option<bool>,
    pub require_warning: Option<bool>,
    pub grace: Option<GraceDays>,
    pub warning_template: Option<PathBuf>,
    pub smtp: Option<SmtpSettings>,
}

/// A profile's `[profiles.NAME.thresholds]`: only what it changes.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ThresholdOverrides {
    pub idle_days: Option<IdleDays>,
    #[serde(default, deserialize_with = "product_keyed")]
    pub products: BTreeMap<ProductKey, IdleDays>,
}
