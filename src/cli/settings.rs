//! The one place a command turns flags, environment and config into what it runs with: the
//! profile (validated config), the triage rules (policy + persisted exclusions), the API base URL
//! and org id, and the key (env → keychain). Wiring only; rules live in `store` and `api`.

use crate::api::{self, ApiError, Client, ClientConfig, DEFAULT_BASE_URL};
use crate::batch::Permission;
use crate::directory::{Directory, DirectoryIndex, Exclusions, Policy, Warnings};
use crate::store::config::{self, Config, ConfigError, InvalidConfig, Profile, ProfileName};
use crate::store::credentials::{self, CredentialError, KEY_ENV_VAR, KeySource, Keychain, ResolvedKey};
use crate::store::{AllowlistFile, AllowlistFileError, Paths, PathsError};
use crate::types::{BatchCap, OrgId};
use crate::warn::{WarnStore, WarnStoreError, warnings_of};
use clap::Args;
use std::path::PathBuf;
use std::sync::Arc;
use thiserror::Error;
use url::Url;

/// Flags every command accepts (declared `global`, so they work before or after the command).
#[derive(Debug, Clone, Default, Args)]
pub struct GlobalArgs {
    /// Configuration file to use instead of the platform's (see the README for where that is).
    #[arg(long, global = true, env = "DORMANT_CONFIG", value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// Profile (one org's settings) to use; default: `default_profile` in the config, else "default".
    #[arg(long, global = true, env = "DORMANT_PROFILE", value_name = "NAME")]
    pub profile: Option<ProfileName>,
}

/// Where the API is and which org: overrides of the profile's `base_url` and `org_id`.
#[derive(Debug, Clone, Default, Args)]
pub struct ApiArgs {
    /// API base URL (https, or http to this machine only); overrides the profile's `base_url`.
    #[arg(long, env = "DORMANT_BASE_URL", value_name = "URL")]
    pub base_url: Option<String>,
    /// Organization id: the UUID after /o/ in the admin console's address; overrides the profile's
    /// `org_id`. Discovered from the key when neither is set and the key sees exactly one org.
    #[arg(long = "org", env = "DORMANT_ORG_ID", value_name = "ORG_ID")]
    pub org: Option<OrgId>,
}

/// Why the settings of a run could not be put together.
#[derive(Debug, Error)]
pub enum SettingsError {
    #[error(transparent)]
    Paths(#[from] PathsError),
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error(
        "the config file {} named by --config / DORMANT_CONFIG does not exist: check the path, or run \
         `dormant login --config {}` to create it",
        path.display(),
        path.display()
    )]
    ConfigMissing { path: PathBuf },
    #[error("the persisted allowlist of profile {profile} cannot be read: {source}")]
    Allowlist {
        profile: ProfileName,
        #[source]
        source: AllowlistFileError,
    },
    #[error("the warnings of profile {profile} cannot be read: {source}")]
    Warnings {
        profile: ProfileName,
        #[source]
        source: WarnStoreError,
    },
    #[error("{source} (from {origin})")]
    BaseUrl {
        origin: String,
        #[source]
        source: Box<ApiError>,
    },
    #[error(transparent)]
    Credentials(#[from] CredentialError),
    #[error(transparent)]
    Api(Box<ApiError>),
}

impl From<ApiError> for SettingsError {
    fn from(error: ApiError) -> Self {
        Self::Api(Box::new(error))
    }
}

impl SettingsError {
    /// Whether the command line, environment or config is what needs fixing (exit code 2).
    #[must_use]
    pub fn is_usage(&self) -> bool {
        match self {
            Self::Config(_) | Self::ConfigMissing { .. } | Self::BaseUrl { .. } => true,
            Self::Credentials(error) => error.is_usage(),
            Self::Api(error) => matches!(
                **error,
                ApiError::InvalidKey { .. }
                    | ApiError::NoOrgVisible
                    | ApiError::SeveralOrgs { .. }
                    | ApiError::UnusableOrgId { .. }
            ),
            Self::Paths(_) | Self::Allowlist { .. } | Self::Warnings { .. } => false,
        }
    }
}

/// Everything a run needs except the key: resolved without network or keychain access.
#[derive(Debug, Clone)]
pub struct Settings {
    pub paths: Paths,
    pub config: Config,
    /// Name, policy, cap and read-only flag of the profile in use.
    pub profile: Profile,
    /// Flag > profile `base_url` > Atlassian's API, already checked (https, or http on loopback).
    pub base_url: Url,
    /// Flag > profile `org_id`; `None` means "discover from the key".
    pub org_id: Option<OrgId>,
    /// The accounts excluded from the UI (`x`), persisted per profile.
    pub exclusions: Exclusions,
    pub allowlist_file: AllowlistFile,
    /// The warnings given so far (`dormant warn`, `w`), persisted per profile; lanes need them.
    pub warnings: Warnings,
}

/// Whether the profile must already be in the config.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProfileLookup {
    /// A profile named by `--profile` / `DORMANT_PROFILE` must exist (every command but login).
    Existing,
    /// A new name is fine: `dormant login --profile NEW` creates it.
    OrNew,
}

/// A client ready to call the org's API, and where its key came from.
#[derive(Debug)]
pub struct Connection {
    pub client: Client,
    pub org_id: OrgId,
    pub key_source: KeySource,
}

/// The ONE entry point of online commands and the TUI: settings, key (env → keychain) and an
/// API client bound to the org (discovered from the key when no org id is configured).
pub async fn resolve(global: &GlobalArgs, api: &ApiArgs) -> Result<(Settings, Connection), SettingsError> {
    let settings = Settings::load(global, api)?;
    let key = settings.api_key().await?;
    let connection = settings.connect(key).await?;
    Ok((settings, connection))
}

impl Settings {
    /// Paths, config, profile, base URL, org id and persisted exclusions; no network, no keychain.
    pub fn load(global: &GlobalArgs, api: &ApiArgs) -> Result<Self, SettingsError> {
        Self::load_with(Paths::platform()?, global, api, ProfileLookup::Existing)
    }

    /// [`Settings::load`] under given paths (demo mode and tests keep everything below one root).
    pub fn load_with(
        paths: Paths,
        global: &GlobalArgs,
        api: &ApiArgs,
        lookup: ProfileLookup,
    ) -> Result<Self, SettingsError> {
        let config_path = global
            .config
            .clone()
            .unwrap_or_else(|| config::default_path(&paths));
        let config = Config::load(&config_path)?;
        check_views(&config)?;
        // A mistyped --config must not silently mean "all defaults"; only login may create it.
        if global.config.is_some() && !config.exists() && lookup == ProfileLookup::Existing {
            return Err(SettingsError::ConfigMissing { path: config_path });
        }
        let profile = match lookup {
            ProfileLookup::Existing => config.profile(global.profile.as_ref())?,
            ProfileLookup::OrNew => config.profile_or_new(&config.profile_name(global.profile.as_ref())),
        };
        let base_url = base_url(api, &profile, &config)?;
        let org_id = api.org.clone().or_else(|| profile.org_id.clone());
        let allowlist_file = AllowlistFile::new(&paths, &profile.name);
        let exclusions = allowlist_file.load().map_err(|source| SettingsError::Allowlist {
            profile: profile.name.clone(),
            source,
        })?;
        let warnings = WarnStore::new(&paths, &profile.name)
            .runs()
            .map(|runs| warnings_of(&runs))
            .map_err(|source| SettingsError::Warnings {
                profile: profile.name.clone(),
                source,
            })?;
        Ok(Self {
            paths,
            config,
            profile,
            base_url,
            org_id,
            exclusions,
            allowlist_file,
            warnings,
        })
    }

    /// `directory` classified by this profile's policy, exclusions and recorded warnings. Days
    /// idle count up to the load, not to now: what happened since is unknown, and counting it as
    /// idle would overstate idleness in an old snapshot or export.
    #[must_use]
    pub fn index(&self, directory: Directory) -> DirectoryIndex {
        let (policy, exclusions) = self.triage_rules();
        let as_of = directory.loaded_at;
        DirectoryIndex::build_warned(
            Arc::new(directory),
            &policy,
            &exclusions,
            self.warnings.clone(),
            as_of,
        )
    }

    /// The policy and exclusions lanes are decided by.
    #[must_use]
    pub fn triage_rules(&self) -> (Policy, Exclusions) {
        (self.profile.policy.clone(), self.exclusions.clone())
    }

    /// What `--view`, `--filter` and `--sort` select: the view's filter and sort when one is
    /// named (clap refuses it beside `--filter` or `--sort`), else the flags as given.
    pub fn selection_text(
        &self,
        view: Option<&str>,
        filter: Option<String>,
        sort: Option<String>,
    ) -> Result<(Option<String>, Option<String>), SettingsError> {
        match view {
            Some(name) => {
                let view = self.config.view(name)?;
                Ok((Some(view.filter.clone()), view.sort.clone()))
            }
            None => Ok((filter, sort)),
        }
    }

    /// The config's raw `[keys]` table (action → key strings, sub-tables per screen) for the
    /// TUI's keymap to bind.
    #[must_use]
    pub fn keys(&self) -> &crate::store::config::KeyTable {
        self.config.keys()
    }

    #[must_use]
    pub fn read_only(&self) -> bool {
        self.profile.read_only
    }

    /// What the profile allows, for plan building and the commit engine (which refuse a
    /// read-only profile, naming it and its config file).
    #[must_use]
    pub fn permission(&self) -> Permission {
        Permission::of_profile(&self.profile, self.config.path())
    }

    #[must_use]
    pub fn cap(&self) -> BatchCap {
        self.profile.cap
    }

    /// `DORMANT_API_KEY`, else the platform keychain's entry for this profile (off the runtime).
    pub async fn api_key(&self) -> Result<ResolvedKey, SettingsError> {
        Ok(credentials::resolve_key_async(
            std::env::var_os(KEY_ENV_VAR),
            self.profile.name.clone(),
            Keychain::platform,
        )
        .await?)
    }

    /// A client with `key`, and the org id (asked of the API when none is configured).
    pub async fn connect(&self, key: ResolvedKey) -> Result<Connection, SettingsError> {
        let client = Client::new(ClientConfig::new(self.base_url.clone(), key.key))?;
        let org_id = match &self.org_id {
            Some(org) => org.clone(),
            None => client.discover_org().await?,
        };
        Ok(Connection {
            client,
            org_id,
            key_source: key.source,
        })
    }
}

/// Every view's filter and sort must pass the syntax check `--filter` and `--sort` pass; names the
/// org may lack are checked when the view is used, like the flags'.
fn check_views(config: &Config) -> Result<(), ConfigError> {
    for (name, view) in config.views() {
        let invalid = |key: &str, value: &str, error: &crate::report::SelectionError| {
            // The first line says what is wrong; the flag's name means nothing in a file.
            let text = error.to_string();
            let first = text.lines().next().unwrap_or_default();
            let message = first.split_once(": ").map_or(first, |(_, rest)| rest).to_owned();
            ConfigError::Invalid(Box::new(InvalidConfig {
                file: config.path().to_path_buf(),
                line_column: None,
                key: format!("views.{name}.{key}"),
                value: Some(format!("{value:?}")),
                message,
                fix: Some(
                    "correct the view's filter or sort (`dormant report --help` shows the grammar \
                     and the sort fields), or remove the view",
                ),
            }))
        };
        crate::report::check_syntax(Some(&view.filter), None)
            .map_err(|error| invalid("filter", &view.filter, &error))?;
        if let Some(sort) = &view.sort {
            crate::report::check_syntax(None, Some(sort)).map_err(|error| invalid("sort", sort, &error))?;
        }
    }
    Ok(())
}

fn base_url(api: &ApiArgs, profile: &Profile, config: &Config) -> Result<Url, SettingsError> {
    let (text, origin) = match (&api.base_url, &profile.base_url) {
        (Some(flag), _) => (flag.clone(), "--base-url / DORMANT_BASE_URL".to_owned()),
        (None, Some(url)) => (
            url.to_string(),
            format!(
                "profiles.{}.base_url in {}",
                profile.name,
                config.path().display()
            ),
        ),
        (None, None) => (DEFAULT_BASE_URL.to_owned(), "the default".to_owned()),
    };
    api::parse_base_url(&text).map_err(|source| SettingsError::BaseUrl {
        origin,
        source: Box::new(source),
    })
}
