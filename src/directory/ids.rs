//! Identifier newtypes, so an account id can never be passed where a group id is meant.

use serde::{Deserialize, Serialize};
use std::fmt;

macro_rules! id_type {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub String);

        impl $name {
            #[must_use]
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl From<&str> for $name {
            fn from(text: &str) -> Self {
                Self(text.to_owned())
            }
        }
    };
}

id_type!(
    /// An Atlassian account id (`accountId`), stable for the life of the account.
    AccountId
);
id_type!(
    /// A group id in the org's directory.
    GroupId
);
id_type!(
    /// An Atlassian user directory (`directoryId`); original user management may have several.
    DirectoryId
);
id_type!(
    /// A product key as the API reports it (`jira`, `confluence`, …); an open set.
    ProductKey
);
