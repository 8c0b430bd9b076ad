//! Adding a `[profiles.NAME]` table after `dormant login`. Appends text, so the admin's comments
//! and layout survive; the result is re-validated before the atomic write. Must never write a key.

use super::{Config, ConfigError, ProfileName};
use crate::store::atomic;
use crate::types::OrgId;
use url::Url;

/// What `dormant login` learned about a profile and records in the config.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfileRecord {
    pub name: ProfileName,
    pub org_id: OrgId,
    /// `None`: the API's default base URL, so nothing is written for it.
    pub base_url: Option<Url>,
}

/// Header of a config file dormant creates itself.
const NEW_FILE_HEADER: &str = "# dormant configuration. Every key is documented in the README \
     (\"Login, profiles and configuration\").\n";

/// Appends a `[profiles.NAME]` table when the config has none for that name; returns whether the
/// file changed. The first profile of a file also becomes its `default_profile`, so plain
/// `dormant` uses it.
pub fn record_profile(config: &Config, record: &ProfileRecord) -> Result<bool, ConfigError> {
    if config.profiles.contains_key(&record.name) {
        return Ok(false);
    }
    let path = config.path();
    let default_line = format!("default_profile = {}\n", toml_string(record.name.as_str()));
    let current = if config.exists() {
        let text =
            atomic::read_to_string_bounded(path, super::MAX_CONFIG_BYTES).map_err(ConfigError::Read)?;
        // The first profile of a file becomes its default, so plain `dormant` uses the org just
        // logged in to. A top-level key must precede every table, hence the very first line.
        if config.default_profile.is_none() && config.profiles.is_empty() {
            format!("{default_line}{text}")
        } else {
            text
        }
    } else {
        format!("{NEW_FILE_HEADER}{default_line}")
    };
    let snippet = table(record);
    let mut updated = current;
    if !updated.is_empty() && !updated.ends_with('\n') {
        updated.push('\n');
    }
    updated.push('\n');
    updated.push_str(&snippet);
    // An inline `profiles = { … }` table cannot take a new `[profiles.NAME]` header: say so
    // rather than write a file dormant itself would then refuse.
    if let Err(error) = Config::parse(&updated, path) {
        return Err(ConfigError::Edit {
            file: path.to_path_buf(),
            name: record.name.to_string(),
            reason: error.to_string(),
            snippet,
        });
    }
    if let Some(dir) = path.parent().filter(|dir| !dir.as_os_str().is_empty()) {
        atomic::create_private_dir(dir).map_err(ConfigError::Write)?;
    }
    atomic::write(path, updated.as_bytes()).map_err(ConfigError::Write)?;
    Ok(true)
}

fn table(record: &ProfileRecord) -> String {
    let mut table = format!(
        "[profiles.{}]\norg_id = {}\n",
        record.name,
        toml_string(record.org_id.as_str())
    );
    if let Some(url) = &record.base_url {
        table.push_str("base_url = ");
        table.push_str(&toml_string(url.as_str()));
        table.push('\n');
    }
    table
}

/// A TOML basic string with every special character escaped by the `toml` crate itself.
fn toml_string(text: &str) -> String {
    toml::Value::String(text.to_owned()).to_string()
}
