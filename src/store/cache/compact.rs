//! The compact JSON layout of a directory inside a snapshot. Owns the mapping between the domain
//! types and that layout; must not touch files or the envelope header.
//!
//! Reopening 100,000 users must take well under a second, and the straightforward layout (every
//! user an object, every timestamp an RFC 3339 string, every group id spelled out) spends most of
//! its time scanning field names, repeated ids and dates. So users are arrays, repeated ids
//! (product keys, product instance ids, group ids, directory ids) are indices into one string
//! table, and timestamps are Unix seconds (`[seconds, nanos]` when sub-second).
//!
//! Layout of `directory`: an object with, in this order, `org`, `directories`, `domains`,
//! `groups`, `sites`, `loaded_at`, `source` (as the domain types serialize them), `strings` (the table),
//! `user_count`, and `users`, each user the array
//! `[account_id, account_type, name, nickname, email, claim_status, management_source, status,
//!   account_status, membership_status, platform_roles, added_to_org, activity, groups, directories]`
//! where `activity` is `null` (unknown) or `[[product, product_id, last_active], …]`.
//!
//! Domain structs are destructured exhaustively on both sides, so a new field cannot be forgotten.

mod read;

pub(super) use read::CompactDirectorySeed;

use crate::directory::{Activity, Directory, DirectoryId, GroupId, ProductActivity, User};
use chrono::{DateTime, Utc};
use serde::ser::{SerializeMap, SerializeTuple};
use serde::{Serialize, Serializer};
use std::collections::HashMap;

/// Elements of a user array.
const USER_FIELDS: usize = 15;

/// Writes `directory` in the compact layout.
pub(super) struct CompactDirectory<'a>(pub &'a Directory);

impl Serialize for CompactDirectory<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let Directory {
            org,
            directories,
            domains,
            groups,
            sites,
            users,
            loaded_at,
            source,
        } = self.0;
        let table = StringTable::build(users);
        let mut map = serializer.serialize_map(Some(10))?;
        map.serialize_entry("org", org)?;
        map.serialize_entry("directories", directories)?;
        map.serialize_entry("domains", domains)?;
        map.serialize_entry("groups", groups)?;
        map.serialize_entry("sites", sites)?;
        map.serialize_entry("loaded_at", &Stamp(*loaded_at))?;
        map.serialize_entry("source", source)?;
        map.serialize_entry("strings", &table.strings)?;
        map.serialize_entry("user_count", &users.len())?;
        map.serialize_entry("users", &UsersOut { users, table: &table })?;
        map.end()
    }
}

/// A timestamp as Unix seconds, or `[seconds, nanos]` when it has a fraction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Stamp(pub DateTime<Utc>);

impl Serialize for Stamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let (seconds, nanos) = (self.0.timestamp(), self.0.timestamp_subsec_nanos());
        if nanos == 0 {
            serializer.serialize_i64(seconds)
        } else {
            (seconds, nanos).serialize(serializer)
        }
    }
}

/// Every repeated id, once, in first-seen order.
struct StringTable<'a> {
    strings: Vec<&'a str>,
    index: HashMap<&'a str, u32>,
}

impl<'a> StringTable<'a> {
    fn build(users: &'a [User]) -> Self {
        let mut table = Self {
            strings: Vec::new(),
            index: HashMap::new(),
        };
        for user in users {
            if let Activity::Known(products) = &user.activity {
                for product in products {
                    table.intern(product.product.as_str());
                    if let Some(id) = &product.product_id {
                        table.intern(id.as_str());
                    }
                }
            }
            for group in &user.groups {
                table.intern(group.as_str());
            }
            for directory in &user.directories {
                table.intern(directory.as_str());
            }
        }
        table
    }

    fn intern(&mut self, text: &'a str) {
        if !self.index.contains_key(text) {
            let next = u32::try_from(self.strings.len()).unwrap_or(u32::MAX);
            self.index.insert(text, next);
            self.strings.push(text);
        }
    }

    fn get<E: serde::ser::Error>(&self, text: &str) -> Result<u32, E> {
        match self.index.get(text) {
            Some(&index) if index != u32::MAX => Ok(index),
            _ => Err(E::custom("string table overflow or missing entry")),
        }
    }
}

struct UsersOut<'a> {
    users: &'a [User],
    table: &'a StringTable<'a>,
}

impl Serialize for UsersOut<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.users.iter().map(|user| UserOut {
            user,
            table: self.table,
        }))
    }
}

struct UserOut<'a> {
    user: &'a User,
    table: &'a StringTable<'a>,
}

impl Serialize for UserOut<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let User {
            account_id,
            account_type,
            name,
            nickname,
            email,
            claim_status,
            management_source,
            status,
            account_status,
            membership_status,
            platform_roles,
            added_to_org,
            activity,
            groups,
            directories,
        } = self.user;
        let ids = |items: &mut dyn Iterator<Item = &str>| -> Result<Vec<u32>, S::Error> {
            items.map(|text| self.table.get(text)).collect()
        };
        let mut tuple = serializer.serialize_tuple(USER_FIELDS)?;
        tuple.serialize_element(account_id)?;
        tuple.serialize_element(account_type)?;
        tuple.serialize_element(name)?;
        tuple.serialize_element(nickname)?;
        tuple.serialize_element(email)?;
        tuple.serialize_element(claim_status)?;
        tuple.serialize_element(management_source)?;
        tuple.serialize_element(status)?;
        tuple.serialize_element(account_status)?;
        tuple.serialize_element(membership_status)?;
        tuple.serialize_element(platform_roles)?;
        tuple.serialize_element(&added_to_org.map(Stamp))?;
        match activity {
            Activity::Unknown => tuple.serialize_element(&None::<()>)?,
            Activity::Known(products) => {
                let rows = products
                    .iter()
                    .map(|product| self.product_row::<S::Error>(product))
                    .collect::<Result<Vec<_>, _>>()?;
                tuple.serialize_element(&rows)?;
            }
        }
        tuple.serialize_element(&ids(&mut groups.iter().map(GroupId::as_str))?)?;
        tuple.serialize_element(&ids(&mut directories.iter().map(DirectoryId::as_str))?)?;
        tuple.end()
    }
}

impl UserOut<'_> {
    fn product_row<E: serde::ser::Error>(
        &self,
        product: &ProductActivity,
    ) -> Result<(u32, Option<u32>, Option<Stamp>), E> {
        let ProductActivity {
            product,
            product_id,
            last_active,
        } = product;
        let id = product_id
            .as_ref()
            .map(|id| self.table.get::<E>(id.as_str()))
            .transpose()?;
        Ok((self.table.get(product.as_str())?, id, last_active.map(Stamp)))
    }
}
