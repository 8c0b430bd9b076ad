//! `OrgId`: an Atlassian organization id, checked once where it enters (config, flag, API
//! discovery, a plan or audit line read from a file). Must not know where it came from.

use serde::{Deserialize, Serialize};
use std::fmt;

/// An organization id as the admin console shows it (`admin.atlassian.com/o/<orgId>`): one URL
/// path segment, so no whitespace, `/`, `?` or `#`, and at most 128 characters.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct OrgId(String);

impl OrgId {
    const MAX_LEN: usize = 128;

    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for OrgId {
    type Error = String;

    fn try_from(id: String) -> Result<Self, Self::Error> {
        let usable = !id.is_empty()
            && id.len() <= Self::MAX_LEN
            && id
                .chars()
                .all(|c| c.is_ascii_graphic() && c != '/' && c != '?' && c != '#');
        if usable {
            Ok(Self(id))
        } else {
            Err(format!(
                "{id:?} is not an org id: copy the UUID after /o/ in the admin console's address \
                 (admin.atlassian.com/o/<orgId>/…)"
            ))
        }
    }
}

impl std::str::FromStr for OrgId {
    type Err = String;

    fn from_str(id: &str) -> Result<Self, Self::Err> {
        Self::try_from(id.to_owned())
    }
}

impl From<OrgId> for String {
    fn from(id: OrgId) -> String {
        id.0
    }
}

/// Compares with text as written (tests, and ids read back from a server or a file).
impl PartialEq<str> for OrgId {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for OrgId {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

impl fmt::Display for OrgId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn org_ids_refuse_unusable_values_with_the_fix() {
        assert!(OrgId::try_from("5e1a7c02-9b3d".to_owned()).is_ok());
        for bad in ["", "a b", "a/b", "x?y", "x#y", &"o".repeat(129)] {
            let error = OrgId::try_from(bad.to_owned()).expect_err(bad);
            assert!(error.contains("admin.atlassian.com/o/"), "{error}");
        }
    }

    #[test]
    fn an_org_id_reads_back_from_a_file_as_the_same_string() {
        let id: OrgId = "org-1".parse().expect("valid");
        let json = serde_json::to_string(&id).expect("serializes");
        assert_eq!(json, "\"org-1\"");
        assert_eq!(serde_json::from_str::<OrgId>(&json).expect("reads back"), id);
        let error = serde_json::from_str::<OrgId>("\"../x\"").expect_err("a path is no org id");
        assert!(error.to_string().contains("is not an org id"), "{error}");
    }
}
