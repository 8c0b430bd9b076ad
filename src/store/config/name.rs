//! Small validated values of the config: profile names and the base URL. Owns their rules; must
//! not read files. (Org ids and the batch cap are `crate::types`, shared by every layer.)

use serde::{Deserialize, Serialize};
use std::fmt;
use url::Url;

/// A profile name: also the keychain user and a file name in the data dir, hence the strict
/// alphabet (letters, digits, `-`, `_`; starts with a letter or digit; at most 64 characters).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ProfileName(String);

impl ProfileName {
    /// The profile used when neither `--profile`, `DORMANT_PROFILE` nor `default_profile` names one.
    pub const DEFAULT: &'static str = "default";
    const MAX_LEN: usize = 64;

    #[must_use]
    pub fn default_name() -> Self {
        Self(Self::DEFAULT.to_owned())
    }

    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for ProfileName {
    type Error = String;

    fn try_from(name: String) -> Result<Self, Self::Error> {
        let starts_well = name.chars().next().is_some_and(|c| c.is_ascii_alphanumeric());
        let alphabet = name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if starts_well && alphabet && name.len() <= Self::MAX_LEN {
            Ok(Self(name))
        } else {
            Err(format!(
                "{name:?} is not a usable profile name: use letters, digits, `-` and `_`, starting with a \
                 letter or digit, at most {} characters",
                Self::MAX_LEN
            ))
        }
    }
}

impl std::str::FromStr for ProfileName {
    type Err = String;

    fn from_str(name: &str) -> Result<Self, Self::Err> {
        Self::try_from(name.to_owned())
    }
}

impl From<ProfileName> for String {
    fn from(name: ProfileName) -> String {
        name.0
    }
}

impl fmt::Display for ProfileName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The API's base URL as configured: absolute http(s). Whether plain http is acceptable
/// (loopback only) is the API client's rule, applied when the client is built.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(try_from = "String")]
pub struct BaseUrl(Url);

impl BaseUrl {
    #[must_use]
    pub fn url(&self) -> &Url {
        &self.0
    }

    #[must_use]
    pub fn into_url(self) -> Url {
        self.0
    }
}

impl TryFrom<String> for BaseUrl {
    type Error = String;

    fn try_from(text: String) -> Result<Self, Self::Error> {
        let url = Url::parse(&text).map_err(|error| {
            format!("{text:?} is not a URL ({error}): write an absolute address such as \"https://api.atlassian.com\"")
        })?;
        if matches!(url.scheme(), "https" | "http") {
            Ok(Self(url))
        } else {
            Err(format!(
                "{text:?} is not an http(s) address: write one such as \"https://api.atlassian.com\""
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profile_names_are_safe_as_file_names_and_keychain_users() {
        for good in ["default", "acme-prod", "org_2", "A1"] {
            assert!(ProfileName::try_from(good.to_owned()).is_ok(), "{good}");
        }
        for bad in ["", "-x", "a/b", "..", "a b", "é", &"x".repeat(65)] {
            let error = ProfileName::try_from(bad.to_owned()).expect_err(bad);
            assert!(error.contains("letters, digits"), "{error}");
        }
    }
}
