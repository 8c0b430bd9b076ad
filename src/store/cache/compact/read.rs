//! Reads the compact directory layout (see the parent module) back into domain types, straight
//! from the parser: no intermediate tree, the users vector and every per-user list sized once,
//! enum values borrowed from the input, and each string-table entry allocated once and shared by
//! every user that refers to it. Must not accept an index outside the string table.

use super::{Stamp, USER_FIELDS};
use crate::directory::{
    AccountId, AccountStatus, AccountType, Activity, ClaimStatus, DataSource, Directory, DirectoryId,
    DirectoryInfo, Domain, Group, GroupId, ManagementSource, MembershipStatus, Org, PlatformRole,
    ProductActivity, Site, User, UserStatus,
};
use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde::de::{self, DeserializeSeed, Deserializer, Error as _, IgnoredAny, MapAccess, SeqAccess, Visitor};
use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;

/// Upper bound on the users reserved up front, so a damaged `user_count` cannot demand gigabytes.
const MAX_RESERVED_USERS: usize = 2_000_000;

/// Decodes the `directory` value of a snapshot.
pub(in crate::store::cache) struct CompactDirectorySeed;

impl<'de> DeserializeSeed<'de> for CompactDirectorySeed {
    type Value = Directory;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Directory, D::Error> {
        deserializer.deserialize_map(DirectoryVisitor)
    }
}

struct DirectoryVisitor;

impl<'de> Visitor<'de> for DirectoryVisitor {
    type Value = Directory;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a compact directory object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Directory, A::Error> {
        let mut org: Option<Org> = None;
        let mut directories: Option<Vec<DirectoryInfo>> = None;
        let mut domains: Option<Vec<Domain>> = None;
        let mut groups: Option<Vec<Group>> = None;
        let mut sites: Vec<Site> = Vec::new();
        let mut loaded_at: Option<Stamp> = None;
        let mut source: Option<DataSource> = None;
        let mut strings: Option<Vec<Arc<str>>> = None;
        let mut user_count = 0_usize;
        let mut users: Option<Vec<User>> = None;
        while let Some(key) = map.next_key::<Text<'de>>()? {
            match key.0.as_ref() {
                "org" => org = Some(map.next_value()?),
                "directories" => directories = Some(map.next_value()?),
                "domains" => domains = Some(map.next_value()?),
                "groups" => groups = Some(map.next_value()?),
                "sites" => sites = map.next_value()?,
                "loaded_at" => loaded_at = Some(map.next_value()?),
                "source" => source = Some(map.next_value()?),
                "strings" => {
                    let texts = map.next_value::<Vec<Text<'de>>>()?;
                    strings = Some(texts.iter().map(|text| Arc::from(text.0.as_ref())).collect());
                }
                "user_count" => user_count = map.next_value()?,
                "users" => {
                    let table = strings
                        .as_deref()
                        .ok_or_else(|| A::Error::custom("users appear before the string table"))?;
                    let capacity = user_count.min(MAX_RESERVED_USERS);
                    users = Some(map.next_value_seed(UsersSeed { table, capacity })?);
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(Directory {
            org: org.ok_or_else(|| A::Error::missing_field("org"))?,
            directories: directories.ok_or_else(|| A::Error::missing_field("directories"))?,
            domains: domains.ok_or_else(|| A::Error::missing_field("domains"))?,
            groups: groups.ok_or_else(|| A::Error::missing_field("groups"))?,
            sites,
            users: users.ok_or_else(|| A::Error::missing_field("users"))?,
            loaded_at: loaded_at.ok_or_else(|| A::Error::missing_field("loaded_at"))?.0,
            source: source.ok_or_else(|| A::Error::missing_field("source"))?,
        })
    }
}

impl<'de> Deserialize<'de> for Stamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(StampVisitor)
    }
}

struct StampVisitor;

impl StampVisitor {
    fn at<E: de::Error>(seconds: i64, nanos: u32) -> Result<Stamp, E> {
        DateTime::<Utc>::from_timestamp(seconds, nanos)
            .map(Stamp)
            .ok_or_else(|| E::custom(format_args!("timestamp {seconds}.{nanos:09} is out of range")))
    }
}

impl<'de> Visitor<'de> for StampVisitor {
    type Value = Stamp;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Unix seconds or [seconds, nanoseconds]")
    }

    fn visit_i64<E: de::Error>(self, seconds: i64) -> Result<Stamp, E> {
        Self::at(seconds, 0)
    }

    fn visit_u64<E: de::Error>(self, seconds: u64) -> Result<Stamp, E> {
        let seconds = i64::try_from(seconds).map_err(|_| E::custom("timestamp is out of range"))?;
        Self::at(seconds, 0)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Stamp, A::Error> {
        let seconds = seq
            .next_element()?
            .ok_or_else(|| A::Error::invalid_length(0, &self))?;
        let nanos = seq
            .next_element()?
            .ok_or_else(|| A::Error::invalid_length(1, &self))?;
        Self::at(seconds, nanos)
    }
}

/// A string borrowed from the input when it has no escapes, so enum values cost no allocation.
struct Text<'de>(Cow<'de, str>);

impl<'de> Deserialize<'de> for Text<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(TextVisitor)
    }
}

struct TextVisitor;

impl<'de> Visitor<'de> for TextVisitor {
    type Value = Text<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_borrowed_str<E: de::Error>(self, text: &'de str) -> Result<Text<'de>, E> {
        Ok(Text(Cow::Borrowed(text)))
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Text<'de>, E> {
        Ok(Text(Cow::Owned(text.to_owned())))
    }

    fn visit_string<E: de::Error>(self, text: String) -> Result<Text<'de>, E> {
        Ok(Text(Cow::Owned(text)))
    }
}

struct UsersSeed<'t> {
    table: &'t [Arc<str>],
    capacity: usize,
}

impl<'de> DeserializeSeed<'de> for UsersSeed<'_> {
    type Value = Vec<User>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Vec<User>, D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for UsersSeed<'_> {
    type Value = Vec<User>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array of users")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<User>, A::Error> {
        let mut users = Vec::with_capacity(self.capacity);
        while let Some(user) = seq.next_element_seed(UserSeed { table: self.table })? {
            users.push(user);
        }
        Ok(users)
    }
}

#[derive(Clone, Copy)]
struct UserSeed<'t> {
    table: &'t [Arc<str>],
}

impl<'de> DeserializeSeed<'de> for UserSeed<'_> {
    type Value = User;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<User, D::Error> {
        deserializer.deserialize_tuple(USER_FIELDS, self)
    }
}

impl UserSeed<'_> {
    /// The id at `index` of the string table, sharing the table's text.
    fn shared<T: From<Arc<str>>, E: de::Error>(self, index: u32) -> Result<T, E> {
        self.table
            .get(index as usize)
            .map(|text| T::from(Arc::clone(text)))
            .ok_or_else(|| E::custom(format_args!("string index {index} is outside the table")))
    }

    /// The ids at `indices`, in a vector of exactly their number.
    fn shared_all<T: From<Arc<str>>, E: de::Error>(self, indices: &[u32]) -> Result<Vec<T>, E> {
        let mut ids = Vec::with_capacity(indices.len());
        for &index in indices {
            ids.push(self.shared(index)?);
        }
        Ok(ids)
    }

    fn activity<E: de::Error>(self, rows: Option<Vec<ProductRow>>) -> Result<Activity, E> {
        let Some(rows) = rows else {
            return Ok(Activity::Unknown);
        };
        let mut products = Vec::with_capacity(rows.len());
        for (product, product_id, last_active) in rows {
            products.push(ProductActivity {
                product: self.shared(product)?,
                product_id: product_id.map(|id| self.shared(id)).transpose()?,
                last_active: last_active.map(|stamp| stamp.0),
            });
        }
        Ok(Activity::Known(products))
    }
}

/// `[product, product_id, last_active]` of the compact layout.
type ProductRow = (u32, Option<u32>, Option<Stamp>);

impl<'de> Visitor<'de> for UserSeed<'_> {
    type Value = User;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a user array of {USER_FIELDS} elements")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<User, A::Error> {
        // The next array element (at `$index`), or an "invalid length" error.
        macro_rules! element {
            ($index:literal, $ty:ty) => {
                seq.next_element::<$ty>()?
                    .ok_or_else(|| A::Error::invalid_length($index, &self))?
            };
        }
        let account_id = AccountId::from(element!(0, Text<'de>).0.as_ref());
        let account_type = AccountType::from(element!(1, Text<'de>).0.as_ref());
        let name = element!(2, String);
        let nickname = element!(3, Option<String>);
        let email = element!(4, Option<String>);
        let claim_status = ClaimStatus::from(element!(5, Text<'de>).0.as_ref());
        let management_source =
            element!(6, Option<Text<'de>>).map(|text| ManagementSource::from(text.0.as_ref()));
        let status = UserStatus::from(element!(7, Text<'de>).0.as_ref());
        let account_status = AccountStatus::from(element!(8, Text<'de>).0.as_ref());
        let membership_status = MembershipStatus::from(element!(9, Text<'de>).0.as_ref());
        let platform_roles = element!(10, Vec<Text<'de>>)
            .iter()
            .map(|text| PlatformRole::from(text.0.as_ref()))
            .collect();
        let added_to_org = element!(11, Option<Stamp>).map(|stamp| stamp.0);
        let activity = self.activity(element!(12, Option<Vec<ProductRow>>))?;
        let groups: Vec<GroupId> = self.shared_all(&element!(13, Vec<u32>))?;
        let directories: Vec<DirectoryId> = self.shared_all(&element!(14, Vec<u32>))?;
        Ok(User {
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
        })
    }
}

#[cfg(test)]
mod tests;
