//! The simulator's mutable state: the current org, the initial org (for reset), lookup indexes and
//! the journal of actions and events. Owns every read and change of the org; must not know HTTP.
//! Routes hold its lock only for short synchronous sections (decide, apply, render one page).

mod group_query;
mod index;
mod journal;
mod mutations;
mod paging;
mod scope;
mod seats;
mod user_query;

pub use group_query::{GroupExpand, GroupFilter, GroupOrder, GroupQuery};
pub use index::OrgIndex;
pub use journal::{ActionRecord, EventRecord, EventSubject, Journal, MembershipRecord, RequestLine};
pub use mutations::{LifecycleRestriction, Mutation, lifecycle_restriction};
pub use paging::{Page, range_split, scan_page};
pub use scope::{ALL_DIRECTORIES, DirectoryScope};
pub use seats::{RoleSource, SeatChange, SiteRoles, counts_for_licence, holds_billable, site_roles};
pub use user_query::{UserExpand, UserFilter, UserOrder, UserQuery};

use super::errors::SimError;
use super::model::{SimOrg, SimProductAccess};
use chrono::{DateTime, Utc};

/// Everything the simulator knows; one instance behind the router's mutex.
#[derive(Debug, Clone)]
pub struct SimState {
    org: SimOrg,
    initial: SimOrg,
    index: OrgIndex,
    journal: Journal,
}

impl SimState {
    #[must_use]
    pub fn new(org: SimOrg) -> Self {
        let index = OrgIndex::build(&org);
        Self {
            initial: org.clone(),
            org,
            index,
            journal: Journal::default(),
        }
    }

    /// The org as it is now (the ground truth `/__sim/dump` serves).
    #[must_use]
    pub fn org(&self) -> &SimOrg {
        &self.org
    }

    #[must_use]
    pub fn index(&self) -> &OrgIndex {
        &self.index
    }

    #[must_use]
    pub fn journal(&self) -> &Journal {
        &self.journal
    }

    /// `ADMIN-404-2` unless `org_id` is the simulated org.
    pub fn check_org(&self, org_id: &str) -> Result<(), SimError> {
        if org_id == self.org.id {
            Ok(())
        } else {
            Err(SimError::org_not_found(org_id))
        }
    }

    /// Resolves the `{directoryId}` path segment.
    pub fn scope(&self, directory_id: &str) -> Result<DirectoryScope, SimError> {
        if directory_id == ALL_DIRECTORIES {
            Ok(DirectoryScope::All)
        } else if self
            .org
            .directories
            .iter()
            .any(|directory| directory.id == directory_id)
        {
            Ok(DirectoryScope::One(directory_id.to_owned()))
        } else {
            Err(SimError::directory_not_found(directory_id))
        }
    }

    /// Back to the org the simulator started with; actions and events are cleared.
    pub fn reset(&mut self) {
        self.org = self.initial.clone();
        self.index = OrgIndex::build(&self.org);
        self.journal.clear();
    }

    /// Makes the account active on `product` (a site's resource id, or a v2 or v1 key for the
    /// product's first site) at `now`, granting access if it had none. A simulator control, not an
    /// API mutation: neither an action nor an event is recorded.
    pub fn record_activity(
        &mut self,
        account_id: &str,
        product: &str,
        now: DateTime<Utc>,
    ) -> Result<(), SimError> {
        let site = self
            .index
            .site(&self.org, product)
            .or_else(|| self.index.product(&self.org, product));
        let Some(product) = site.cloned() else {
            return Err(SimError::unknown_resource(format!(
                "Product {product:?} is not a product of this organization"
            )));
        };
        let user_at = self
            .index
            .user_position(account_id)
            .ok_or_else(|| SimError::user_not_found(account_id))?;
        let Some(user) = self.org.users.get_mut(user_at) else {
            return Err(SimError::user_not_found(account_id));
        };
        if let Some(access) = user
            .product_access
            .iter_mut()
            .find(|access| access.id == product.id)
        {
            access.last_active = Some(now);
        } else {
            user.seat_history.retain(|old| old.id != product.id);
            user.product_access.push(SimProductAccess {
                key: product.key,
                id: product.id,
                last_active: Some(now),
            });
        }
        Ok(())
    }
}
