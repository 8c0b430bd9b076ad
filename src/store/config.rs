//! The configuration file: TOML in the platform config dir (or `--config PATH`), read raw once
//! and validated into [`Config`], whose profiles carry everything a run needs. Owns the file's
//! meaning and its located errors; must not decide triage (that is `directory::Policy`'s).

mod allowlist_lines;
mod edit;
mod error;
mod keys;
mod name;
mod notices;
mod raw;
mod views;

pub use allowlist_lines::{AllowKind, ConfiguredEntry, configured_allowlist, read_configured_allowlist};
pub use edit::{ProfileRecord, record_profile};
pub use error::{ConfigError, InvalidConfig};
pub use keys::{KeyEntry, KeyTable};
pub use name::{BaseUrl, ProfileName};
pub use notices::{NoticeSettings, PaceMillis, Sender, SmtpSettings, SmtpTls};
pub use views::{SavedView, built_in as built_in_views};

use crate::directory::{AllowEntry, Policy, WarningPolicy};
use crate::store::{Paths, atomic};
use crate::types::{BatchCap, OrgId};
use raw::{RawConfig, RawProfile};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use url::Url;

/// The config file's name inside the platform config directory.
pub const CONFIG_FILE_NAME: &str = "config.toml";
/// The largest config file dormant reads; anything bigger is not a hand-written config.
const MAX_CONFIG_BYTES: u64 = 1024 * 1024;

/// Where the config lives when `--config` does not say: `<config dir>/config.toml`.
#[must_use]
pub fn default_path(paths: &Paths) -> PathBuf {
    paths.config_dir().join(CONFIG_FILE_NAME)
}

/// A validated configuration. A missing file is valid: every value is then the default.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    path: PathBuf,
    exists: bool,
    default_profile: Option<ProfileName>,
    base: Policy,
    base_notices: NoticeSettings,
    profiles: BTreeMap<ProfileName, Profile>,
    keys: KeyTable,
    /// `[views.NAME]` over the built-in views.
    views: BTreeMap<String, SavedView>,
}

/// One org's settings, resolved: the top-level policy refined by the profile's own sections.
#[derive(Debug, Clone, PartialEq)]
pub struct Profile {
    pub name: ProfileName,
    /// `None`: the API's default (`https://api.atlassian.com`) unless a flag says otherwise.
    pub base_url: Option<Url>,
    /// `None`: discovered from the key when it sees exactly one org.
    pub org_id: Option<OrgId>,
    pub policy: Policy,
    /// Most accounts one batch may act on.
    pub cap: BatchCap,
    /// No destructive action may be planned or committed in this profile.
    pub read_only: bool,
    /// The warning template override and SMTP server: the profile's own, else the top level's.
    pub notices: NoticeSettings,
    /// Whether the file has a `[profiles.NAME]` table (false: built from the defaults alone).
    pub configured: bool,
}

impl Config {
    /// Reads and validates `path`; a file that does not exist yields the defaults.
    pub fn load(path: &Path) -> Result<Self, ConfigError> {
        match atomic::read_to_string_bounded(path, MAX_CONFIG_BYTES) {
            Ok(text) => Self::parse(&text, path).map(|config| Self {
                exists: true,
                ..config
            }),
            Err(error) if error.is_not_found() => Ok(Self::parse("", path)?),
            Err(error) => Err(ConfigError::Read(error)),
        }
    }

    /// Validates config text; `path` is only named in errors (and kept for edits).
    pub fn parse(text: &str, path: &Path) -> Result<Self, ConfigError> {
        let raw = parse_raw(text, path)?;
        let base = Policy {
            thresholds: raw.thresholds,
            prices: raw.prices,
            allowlist: raw.allowlist,
            billing: raw.billing,
            warning: WarningPolicy {
                require: raw.require_warning,
                grace: raw.grace,
            },
        };
        let base_notices = NoticeSettings {
            template: raw.warning_template,
            smtp: raw.smtp,
        };
        let mut profiles = BTreeMap::new();
        for (name, profile) in raw.profiles {
            let resolved = resolve_profile(&base, &base_notices, name.clone(), profile);
            profiles.insert(name, resolved);
        }
        Ok(Self {
            path: path.to_path_buf(),
            exists: false,
            default_profile: raw.default_profile,
            base,
            base_notices,
            profiles,
            keys: raw.keys,
            views: views::merged(raw.views),
        })
    }

    #[must_use]
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// False when no file was found and everything is the default.
    #[must_use]
    pub fn exists(&self) -> bool {
        self.exists
    }

    /// True when at least one `[profiles.NAME]` table exists (not a first run).
    #[must_use]
    pub fn has_profiles(&self) -> bool {
        !self.profiles.is_empty()
    }

    pub fn profile_names(&self) -> impl Iterator<Item = &ProfileName> {
        self.profiles.keys()
    }

    /// The top-level `default_profile`, when the file sets one.
    #[must_use]
    pub fn default_profile(&self) -> Option<&ProfileName> {
        self.default_profile.as_ref()
    }

    /// The `[keys]` table as written: browse action name → key strings, and one sub-table per
    /// screen (`[keys.history]`). The TUI's keymap validates it.
    #[must_use]
    pub fn keys(&self) -> &KeyTable {
        &self.keys
    }

    /// Every view by name: the built-in ones, overridden and extended by `[views.NAME]`.
    #[must_use]
    pub fn views(&self) -> &BTreeMap<String, SavedView> {
        &self.views
    }

    /// The view `name` (`--view NAME`); an unknown name is an error listing the known ones.
    pub fn view(&self, name: &str) -> Result<&SavedView, ConfigError> {
        self.views.get(name).ok_or_else(|| ConfigError::UnknownView {
            file: self.path.clone(),
            name: name.to_owned(),
            known: self.views.keys().cloned().collect(),
        })
    }

    /// The name a run uses: `requested` (`--profile` / `DORMANT_PROFILE`), else `default_profile`,
    /// else `default`.
    #[must_use]
    pub fn profile_name(&self, requested: Option<&ProfileName>) -> ProfileName {
        requested
            .or(self.default_profile.as_ref())
            .cloned()
            .unwrap_or_else(ProfileName::default_name)
    }

    /// The profile a run uses. A profile asked for by name must exist; the implicit `default`
    /// may be absent and is then built from the top-level settings alone.
    pub fn profile(&self, requested: Option<&ProfileName>) -> Result<Profile, ConfigError> {
        let name = self.profile_name(requested);
        if let Some(profile) = self.profiles.get(&name) {
            return Ok(profile.clone());
        }
        let explicit = requested.is_some() || self.default_profile.is_some();
        if explicit && name.as_str() != ProfileName::DEFAULT {
            return Err(ConfigError::UnknownProfile {
                file: self.path.clone(),
                name: name.to_string(),
                known: self.profiles.keys().map(ToString::to_string).collect(),
            });
        }
        Ok(self.unconfigured(name))
    }

    /// The profile `name` as configured, or, when the file has no such table, one built from the
    /// top-level settings (what `dormant login --profile NEW` starts from).
    #[must_use]
    pub fn profile_or_new(&self, name: &ProfileName) -> Profile {
        self.profiles
            .get(name)
            .cloned()
            .unwrap_or_else(|| self.unconfigured(name.clone()))
    }

    fn unconfigured(&self, name: ProfileName) -> Profile {
        Profile {
            name,
            base_url: None,
            org_id: None,
            policy: self.base.clone(),
            cap: BatchCap::default(),
            read_only: false,
            notices: self.base_notices.clone(),
            configured: false,
        }
    }
}

fn parse_raw(text: &str, path: &Path) -> Result<RawConfig, ConfigError> {
    let invalid = |key: &str, error: &toml::de::Error| {
        ConfigError::Invalid(Box::new(InvalidConfig::from_toml(
            path.to_path_buf(),
            text,
            key,
            error,
        )))
    };
    let deserializer = toml::Deserializer::parse(text).map_err(|error| invalid("", &error))?;
    serde_path_to_error::deserialize(deserializer)
        .map_err(|error| invalid(&error.path().to_string(), error.inner()))
}

/// Top-level policy refined by the profile: `idle_days` and per-product thresholds override,
/// `[prices]` replaces the whole table (a partial price list would silently cost other products
/// at zero), allowlist entries add to the top-level ones (protection only ever grows);
/// `require_warning`, `grace`, `warning_template` and `[smtp]` override one by one.
fn resolve_profile(
    base: &Policy,
    base_notices: &NoticeSettings,
    name: ProfileName,
    raw: RawProfile,
) -> Profile {
    let mut merged_thresholds = base.thresholds.clone();
    if let Some(overrides) = raw.thresholds {
        if let Some(days) = overrides.idle_days {
            merged_thresholds.idle_days = days;
        }
        merged_thresholds.products.extend(overrides.products);
    }
    let mut merged_allowlist = base.allowlist.clone();
    if let Some(extra) = raw.allowlist {
        append(&mut merged_allowlist.accounts, extra.accounts);
        append(&mut merged_allowlist.groups, extra.groups);
        append(&mut merged_allowlist.domains, extra.domains);
    }
    // Per product: a profile's `[profiles.NAME.billing.PRODUCT]` replaces that product's terms.
    let mut merged_billing = base.billing.clone();
    if let Some(own) = raw.billing {
        merged_billing.products.extend(own.products);
    }
    Profile {
        name,
        base_url: raw.base_url.map(BaseUrl::into_url),
        org_id: raw.org_id,
        policy: Policy {
            thresholds: merged_thresholds,
            prices: raw.prices.unwrap_or_else(|| base.prices.clone()),
            allowlist: merged_allowlist,
            billing: merged_billing,
            warning: WarningPolicy {
                require: raw.require_warning.unwrap_or(base.warning.require),
                grace: raw.grace.unwrap_or(base.warning.grace),
            },
        },
        cap: raw.cap.unwrap_or_default(),
        read_only: raw.read_only.unwrap_or(false),
        notices: NoticeSettings {
            template: raw.warning_template.or_else(|| base_notices.template.clone()),
            smtp: raw.smtp.or_else(|| base_notices.smtp.clone()),
        },
        configured: true,
    }
}

fn append(into: &mut Vec<AllowEntry>, more: Vec<AllowEntry>) {
    for entry in more {
        if !into.contains(&entry) {
            into.push(entry);
        }
    }
}

#[cfg(test)]
mod tests;
