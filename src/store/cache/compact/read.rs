//! Reads the compact directory layout (see the parent module) back into domain types, straight
//! from the parser: no intermediate tree, the users vector sized once, enum values borrowed from
//! the input. Must not accept an index outside the string table.

use super::{Stamp, USER_FIELDS};
use crate::directory::{
    AccountId, AccountStatus, AccountType, Activity, ClaimStatus, DataSource, Directory, DirectoryId,
    DirectoryInfo, Domain, Group, GroupId, ManagementSource, MembershipStatus, Org, PlatformRole,
    ProductActivity, ProductKey, User, UserStatus,
};
use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde::de::{self, DeserializeSeed, Deserializer, Error as _, IgnoredAny, MapAccess, SeqAccess, Visitor};
use std::borrow::Cow;
use std::fmt;

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
        let mut loaded_at: Option<Stamp> = None;
        let mut source: Option<DataSource> = None;
        let mut strings: Option<Vec<String>> = None;
        let mut user_count = 0_usize;
        let mut users: Option<Vec<User>> = None;
        while let Some(key) = map.next_key::<Text<'de>>()? {
            match key.0.as_ref() {
                "org" => org = Some(map.next_value()?),
                "directories" => directories = Some(map.next_value()?),
                "domains" => domains = Some(map.next_value()?),
                "groups" => groups = Some(map.next_value()?),
                "loaded_at" => loaded_at = Some(map.next_value()?),
                "source" => source = Some(map.next_value()?),
                "strings" => strings = Some(map.next_value()?),
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
    table: &'t [String],
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
    table: &'t [String],
}

impl<'de> DeserializeSeed<'de> for UserSeed<'_> {
    type Value = User;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<User, D::Error> {
        deserializer.deserialize_tuple(USER_FIELDS, self)
    }
}

impl<'t> UserSeed<'t> {
    fn text<E: de::Error>(self, index: u32) -> Result<&'t str, E> {
        self.table
            .get(index as usize)
            .map(String::as_str)
            .ok_or_else(|| E::custom(format_args!("string index {index} is outside the table")))
    }
}

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
        let account_id = AccountId(element!(0, String));
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
        let activity = match element!(12, Option<Vec<(u32, Option<u32>, Option<Stamp>)>>) {
            None => Activity::Unknown,
            Some(rows) => Activity::Known(
                rows.into_iter()
                    .map(|(product, product_id, last_active)| {
                        Ok(ProductActivity {
                            product: ProductKey(self.text::<A::Error>(product)?.to_owned()),
                            product_id: product_id
                                .map(|id| self.text::<A::Error>(id).map(str::to_owned))
                                .transpose()?,
                            last_active: last_active.map(|stamp| stamp.0),
                        })
                    })
                    .collect::<Result<_, A::Error>>()?,
            ),
        };
        let groups = element!(13, Vec<u32>)
            .into_iter()
            .map(|index| self.text::<A::Error>(index).map(|id| GroupId(id.to_owned())))
            .collect::<Result<_, _>>()?;
        let directories = element!(14, Vec<u32>)
            .into_iter()
            .map(|index| self.text::<A::Error>(index).map(|id| DirectoryId(id.to_owned())))
            .collect::<Result<_, _>>()?;
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
