//! `Services`: what the console's effects run against (the API client or a CSV export, the org,
//! where files live, who operates). Built once by the command that opens the console; must not
//! run anything itself.

use crate::api::{Client, LoadOptions};
use crate::store::{AllowlistFile, Paths};
use crate::tui::failure::{Failure, FailureKind};
use crate::types::OrgId;
use crate::warn::{Template, WarnStore};
use std::path::PathBuf;

/// What the console's effects run against: the API client, the org, and where files live.
#[derive(Debug, Clone)]
pub struct Services {
    /// `None` when no key is available (a `--from-csv` session, then read-only): loads from the
    /// API and batches fail with [`NO_KEY`] instead of running.
    pub client: Option<Client>,
    /// Read the org from this Atlassian "Export users" CSV instead of the API (`--from-csv`).
    pub csv_source: Option<PathBuf>,
    /// The org to load; discovered from the key when it sees exactly one.
    pub org_id: Option<OrgId>,
    pub paths: Paths,
    /// Where the console's exclusions (`x`) are kept: the profile's persisted allowlist.
    pub allowlist: AllowlistFile,
    /// The config file in use (it may not exist); the allowlist page reads its `[allowlist]`
    /// entries again, with their lines.
    pub config_path: PathBuf,
    /// Who runs batches, for journals and the audit log (how the key was supplied).
    pub operator: String,
    pub load_options: LoadOptions,
    /// Where warnings (`w`) are recorded, and read again by every load to classify with.
    pub warn_store: WarnStore,
    /// The notices template (the config's `warning_template`, else the shipped one).
    pub warning_template: Template,
}

/// Why nothing can reach the API in a session without a key.
pub(crate) const NO_KEY: &str = "no API key is available, so this session is read-only: set \
     DORMANT_API_KEY or run `dormant login`, then restart dormant to act on users";

impl Services {
    /// The API client, or why there is none.
    pub(crate) fn client(&self) -> Result<&Client, Failure> {
        self.client
            .as_ref()
            .ok_or_else(|| Failure::new(FailureKind::NoKey, NO_KEY))
    }
}
