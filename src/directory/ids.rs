//! Identifier newtypes, so an account id can never be passed where a group id is meant. Each holds
//! its text as a shared `Arc<str>`: a group, directory or product id repeated on 100,000 users is
//! one allocation when loaded through an `Interner`. Must not change how ids compare or hash.

use serde::{Deserialize, Serialize};
use std::borrow::Borrow;
use std::fmt;
use std::sync::Arc;

macro_rules! id_type {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        ///
        /// Compares, orders and hashes exactly as its text; cloning shares the text.
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(Arc<str>);

        impl $name {
            /// Takes `text` as is (`&str` and `String` are copied once, an `Arc<str>` is shared).
            #[must_use]
            pub fn new(text: impl Into<Arc<str>>) -> Self {
                Self(text.into())
            }

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
                Self::new(text)
            }
        }

        impl From<String> for $name {
            fn from(text: String) -> Self {
                Self::new(text)
            }
        }

        impl From<Arc<str>> for $name {
            fn from(text: Arc<str>) -> Self {
                Self(text)
            }
        }

        /// Lets maps keyed by this id be queried with a `&str` (hash and order agree with `str`).
        impl Borrow<str> for $name {
            fn borrow(&self) -> &str {
                &self.0
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
id_type!(
    /// A product instance (site) id as the API reports it (`productAccess[].id`, an ARI); the same
    /// for every user of that product on that site.
    ProductId
);

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{BTreeSet, HashMap};

    #[test]
    fn ids_compare_order_and_hash_as_their_text() {
        let shared: Arc<str> = Arc::from("g-2");
        let ids: BTreeSet<GroupId> = [
            GroupId::from("g-3"),
            GroupId::new(shared),
            GroupId::from("g-1".to_owned()),
        ]
        .into_iter()
        .collect();
        let texts: Vec<&str> = ids.iter().map(GroupId::as_str).collect();
        assert_eq!(texts, ["g-1", "g-2", "g-3"]);
        assert_eq!(GroupId::from("g-2"), GroupId::new(Arc::<str>::from("g-2")));

        let by_id: HashMap<ProductKey, u32> = [(ProductKey::from("jira"), 7)].into_iter().collect();
        assert_eq!(by_id.get("jira"), Some(&7));
        assert_eq!(by_id.get("confluence"), None);
    }

    #[test]
    fn ids_serialize_as_plain_strings() {
        let id = AccountId::from("712020:abc");
        let json = serde_json::to_string(&id).expect("encodes");
        assert_eq!(json, r#""712020:abc""#);
        let back: AccountId = serde_json::from_str(&json).expect("decodes");
        assert_eq!(back, id);
        assert_eq!(format!("{id} {id:?}"), r#"712020:abc AccountId("712020:abc")"#);
    }
}
