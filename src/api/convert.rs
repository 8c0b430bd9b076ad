//! The one place wire types become `directory` domain types. Keeps "no activity data"
//! (`Activity::Unknown`) apart from "never active" (known, no timestamps), passes unknown enum
//! values through verbatim, and fills gaps from optional fields without failing. Ids that repeat
//! across users (groups, directories, product keys and instance ids) go through the load's
//! `Interner`, so each is held once however many users carry it. No I/O.

mod seats;

pub use seats::{grant, site};

use super::assumptions::V1_KEYS_REPORTED_AS_JIRA_IN_V2;
use super::model::{
    self, DirectoryGroup, DirectoryRecord, DirectoryUser, DomainRecord, LastActiveData, OrgRecord,
};
use crate::directory::{
    AccountId, AccountStatus, AccountType, Activity, ClaimStatus, DirectoryId, DirectoryInfo, Domain, Group,
    GroupManagedBy, Interner, ManagementSource, MembershipStatus, Org, PlatformRole, ProductActivity,
    ProductId, ProductKey, User, UserStatus,
};
use chrono::{DateTime, NaiveDate, Utc};
use std::collections::HashMap;

/// The org; an absent name (never seen, but optional on the wire) shows as the id.
#[must_use]
pub fn org(record: OrgRecord) -> Org {
    let name = record
        .attributes
        .and_then(|attributes| attributes.name)
        .unwrap_or_else(|| record.id.clone());
    Org { id: record.id, name }
}

#[must_use]
pub fn directory_info(record: DirectoryRecord, interner: &mut Interner) -> DirectoryInfo {
    DirectoryInfo {
        id: interner.id(&record.directory_id),
        name: record.name.unwrap_or(record.directory_id),
    }
}

/// A domain counts as verified only when its claim status says `verified`.
#[must_use]
pub fn domain(record: DomainRecord) -> Domain {
    let verified = record
        .attributes
        .claim
        .and_then(|claim| claim.status)
        .is_some_and(|status| status == model::DomainClaimStatus::Verified);
    Domain {
        name: record.attributes.name,
        verified,
    }
}

#[must_use]
pub fn group(record: DirectoryGroup, interner: &mut Interner) -> Group {
    Group {
        id: interner.id(&record.id),
        name: record.name.unwrap_or(record.id),
        description: record.description,
        directory_id: record.directory_id.map(|id| interner.id(&id)),
        external_synced: record.external_synced.unwrap_or(false),
        managed_by: record
            .managed_by
            .map(|managed_by| GroupManagedBy::from(managed_by.as_str())),
        user_count: record.counts.and_then(|counts| counts.users),
        grants: Vec::new(),
        modifiable: record.management_access.and_then(|access| access.modifiable),
    }
}

/// Stands for `platformRoles` missing from a record although the search expanded them. Without
/// them dormant cannot rule out an admin, so the account holds a role it does not know: such an
/// account is never cleanup-ready (it lands in review, "may be an admin role").
pub const ROLES_NOT_REPORTED: &str = "(roles not reported)";

/// A user from `users/search`, seen in `directory` (`None` for the all-directories search).
/// A record without `productAccess` gets `Activity::Unknown`; with it, an entry without a
/// timestamp is a product the user can use but never did.
///
/// Wire lists are read by reference: collecting from a `Vec`'s `into_iter` reuses its allocation,
/// and wire entries are larger than domain ones (a 72-byte group ref for a 16-byte `GroupId`), so
/// every user would keep the wire list's whole allocation as spare capacity.
#[must_use]
pub fn user(record: DirectoryUser, directory: Option<&DirectoryId>, interner: &mut Interner) -> User {
    let activity = match &record.product_access {
        None => Activity::Unknown,
        Some(products) => Activity::Known(
            products
                .iter()
                .map(|product| ProductActivity {
                    product: interner.id(&product.key),
                    product_id: product.id.as_deref().map(|id| interner.id(id)),
                    last_active: product.last_active_timestamp,
                })
                .collect(),
        ),
    };
    let name = record
        .name
        .or_else(|| record.nickname.clone())
        .unwrap_or_default();
    User {
        account_id: AccountId::from(record.account_id),
        account_type: AccountType::from(record.account_type.as_str()),
        name,
        nickname: record.nickname,
        email: record.email,
        claim_status: ClaimStatus::from(record.claim_status.as_str()),
        management_source: record
            .management_source
            .map(|source| ManagementSource::from(source.as_str())),
        status: UserStatus::from(record.status.as_str()),
        account_status: AccountStatus::from(record.account_status.as_str()),
        membership_status: MembershipStatus::from(record.membership_status.as_str()),
        platform_roles: match record.platform_roles.as_deref() {
            Some(roles) => roles
                .iter()
                .map(|role| PlatformRole::from(role.as_str()))
                .collect(),
            None => vec![PlatformRole::Other(ROLES_NOT_REPORTED.to_owned())],
        },
        added_to_org: record.added_to_org,
        activity,
        groups: record
            .groups
            .as_deref()
            .unwrap_or_default()
            .iter()
            .map(|group| interner.id(&group.id))
            .collect(),
        directories: directory.cloned().into_iter().collect(),
    }
}

/// Product instance ids seen in v2 `productAccess`, so `last-active-dates` entries (v1 keys,
/// and ARIs spelled with the v1 key) land under the same product key and id as everyone else's.
#[derive(Debug, Clone, Default)]
pub struct ProductCatalog {
    by_id: HashMap<ProductId, ProductKey>,
    /// `(v2 key, ARI resource part)` → the v2 product id.
    by_key_and_resource: HashMap<(ProductKey, String), ProductId>,
}

impl ProductCatalog {
    /// Remembers the key of every product id in `activity`.
    pub fn learn(&mut self, activity: &Activity) {
        let Activity::Known(products) = activity else {
            return;
        };
        for product in products {
            let Some(id) = &product.product_id else { continue };
            if self.by_id.contains_key(id) {
                continue;
            }
            self.by_id.insert(id.clone(), product.product.clone());
            if let Some(resource) = ari_resource(id.as_str()) {
                self.by_key_and_resource
                    .insert((product.product.clone(), resource.to_owned()), id.clone());
            }
        }
    }

    /// The v2 key and product id for a `last-active-dates` entry: by product id when seen in a
    /// search, else the key by rule (Jira Software/Core report as `jira`, others keep their
    /// key; UNCONFIRMED) and the id of that product on the same site when one was seen.
    /// Texts not seen in a search are shared through `interner`.
    pub fn resolve(
        &self,
        id: Option<&str>,
        v1_key: &str,
        interner: &mut Interner,
    ) -> (ProductKey, Option<ProductId>) {
        if let Some((known_id, known_key)) = id.and_then(|id| self.by_id.get_key_value(id)) {
            return (known_key.clone(), Some(known_id.clone()));
        }
        let key: ProductKey = if V1_KEYS_REPORTED_AS_JIRA_IN_V2.contains(&v1_key) {
            interner.id("jira")
        } else {
            interner.id(v1_key)
        };
        let same_site = id
            .and_then(ari_resource)
            .and_then(|resource| self.by_key_and_resource.get(&(key.clone(), resource.to_owned())));
        let id = same_site.cloned().or_else(|| id.map(|id| interner.id(id)));
        (key, id)
    }
}

/// The resource part of an ARI (`site/<cloudId>` in `ari:cloud:jira::site/<cloudId>`).
fn ari_resource(id: &str) -> Option<&str> {
    id.strip_prefix("ari:cloud:")?
        .split_once("::")
        .map(|(_, resource)| resource)
}

/// Activity from `last-active-dates`: always known (an empty list means never used anything).
pub fn activity_from_last_active(
    data: &LastActiveData,
    catalog: &ProductCatalog,
    interner: &mut Interner,
) -> Activity {
    Activity::Known(
        data.product_access
            .iter()
            .map(|entry| {
                let (product, product_id) = catalog.resolve(entry.id.as_deref(), &entry.key, interner);
                ProductActivity {
                    product,
                    product_id,
                    last_active: entry
                        .last_active_timestamp
                        .or_else(|| entry.last_active.map(start_of_day)),
                }
            })
            .collect(),
    )
}

/// When the user joined the org, per `last-active-dates` (timestamp, else the date).
#[must_use]
pub fn added_to_org(data: &LastActiveData) -> Option<DateTime<Utc>> {
    data.added_to_org_timestamp
        .or_else(|| data.added_to_org.map(start_of_day))
}

fn start_of_day(date: NaiveDate) -> DateTime<Utc> {
    date.and_time(chrono::NaiveTime::MIN).and_utc()
}

#[cfg(test)]
mod tests;
