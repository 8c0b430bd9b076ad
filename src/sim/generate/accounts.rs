//! Builds one [`SimUser`] from a [`Persona`]: its directories, groups, platform roles, standing and
//! per-product activity, with product access always the union of its groups' grants. Owns those
//! rules; must not decide head counts (see `population`) or identity text (see `identity`).

use crate::sim::model::{SimGrant, SimProductAccess, SimUser};
use crate::sim::rng::SimRng;

use super::activity::{self, Clock, DELETION_GRACE, MINUTE, Profile};
use super::groups::GroupCatalog;
use super::identity::{Identities, Identity};
use super::multi_site::MultiSite;
use super::population::{Kind, Persona, Standing};
use super::profile::DEPARTMENTS;
use super::site::{
    BITBUCKET, CONFLUENCE, EXTERNAL_DOMAINS, IDP_DIRECTORY, JIRA, NATIVE_DIRECTORY, SERVICE_MANAGEMENT, Site,
};

pub const ORG_ADMIN: &str = "atlassian/org-admin";
pub const SITE_ADMIN: &str = "atlassian/site-admin";
pub const USER_ACCESS_ADMIN: &str = "atlassian/user-access-admin";

/// Everything a user record refers to, plus the uniqueness registries.
#[derive(Debug)]
pub struct AccountFactory<'a> {
    pub site: &'a Site,
    pub groups: &'a GroupCatalog,
    pub clock: Clock,
    pub identities: Identities,
    /// The other sites' groups and direct roles, in multi-site orgs.
    pub multi_site: Option<&'a MultiSite>,
}

impl AccountFactory<'_> {
    pub fn user(&mut self, rng: &mut SimRng, persona: Persona) -> SimUser {
        let identity = self
            .identities
            .identity(rng, self.site, persona.kind, persona.ordinal);
        let (claim_status, management_source) = claim(persona);
        let roles = admin_roles(persona);
        let mut directories = Vec::with_capacity(2);
        let mut members = Vec::with_capacity(6);
        self.memberships(rng, persona, &identity, &roles, &mut directories, &mut members);
        let mut direct = Vec::new();
        if let Some(multi_site) = self.multi_site {
            multi_site.memberships(rng, persona, &mut members, &mut direct);
        }
        members.sort_unstable();
        members.dedup();

        let profile = profile_of(rng, persona);
        let added = activity::added_ago(rng, profile);
        let changed = match persona.standing {
            Standing::Suspended | Standing::Deactivated => rng.between(0, added - 2 * MINUTE),
            Standing::ForDeletion => rng.between(0, DELETION_GRACE.min(added - 2 * MINUTE)),
            Standing::Active | Standing::NotMember => 0,
        };
        let grants = direct
            .iter()
            .fold(self.groups.grants_of(&members), |all, (slot, _)| all.with(*slot));
        let dates = activity::last_active(rng, profile, added, changed, grants.len());
        let product_access = grants
            .slots()
            .zip(dates)
            .filter_map(|(slot, last)| {
                let product = self.site.products.get(slot)?;
                Some(SimProductAccess {
                    key: product.key.clone(),
                    id: product.id.clone(),
                    last_active: last.map(|ago| self.clock.ago(ago)),
                })
            })
            .collect();
        let direct_grants = direct
            .iter()
            .filter_map(|(slot, role)| {
                let product = self.site.products.get(*slot)?;
                Some(SimGrant::new(&product.id, role))
            })
            .collect();

        let mut user = SimUser {
            account_id: identity.account_id,
            account_type: account_type(persona.kind).to_owned(),
            name: identity.name,
            nickname: identity.nickname,
            email: identity.email,
            email_verified: identity.email_verified,
            picture: identity.picture,
            claim_status: claim_status.to_owned(),
            management_source: management_source.map(str::to_owned),
            account_status: "active".to_owned(),
            membership_status: "active".to_owned(),
            for_deletion: false,
            deactivated_on: None,
            added_to_org: self.clock.ago(added),
            platform_roles: roles.iter().map(|role| (*role).to_owned()).collect(),
            directories: directories
                .iter()
                .map(|index| self.site.directory_id(*index).to_owned())
                .collect(),
            groups: self.groups.ids_of(&members),
            direct_grants,
            product_access,
            seat_history: Vec::new(),
            search_omits_activity: persona.omits_activity || persona.kind == Kind::ServiceAccount,
            mfa_enabled: rng.chance(mfa_odds(persona.kind)),
            job_title: identity.job_title,
            department: identity
                .department
                .and_then(|index| DEPARTMENTS.get(index))
                .map(|found| found.name.to_owned()),
            location: identity.location,
            time_zone: identity.time_zone,
            extra: serde_json::Map::new(),
        };
        self.apply_standing(rng, persona, changed, &mut user);
        user
    }

    /// Membership and account status for the persona's standing; `changed` is how many seconds
    /// ago the account stopped.
    fn apply_standing(&self, rng: &mut SimRng, persona: Persona, changed: i64, user: &mut SimUser) {
        match persona.standing {
            Standing::Active => {}
            Standing::NotMember => "no_membership".clone_into(&mut user.membership_status),
            Standing::Suspended => "suspended".clone_into(&mut user.membership_status),
            Standing::Deactivated if persona.kind == Kind::Unmanaged && rng.chance(0.3) => {
                // Closed by its owner, not deactivated by an admin: no deactivation date.
                "closed".clone_into(&mut user.account_status);
            }
            Standing::Deactivated => {
                "inactive".clone_into(&mut user.account_status);
                user.deactivated_on = Some(self.clock.ago(changed));
            }
            Standing::ForDeletion => {
                "inactive".clone_into(&mut user.account_status);
                user.for_deletion = true;
                user.deactivated_on = Some(self.clock.ago(changed));
            }
        }
    }

    /// Directory indices and group indices. A user's groups are always in its directories.
    fn memberships(
        &self,
        rng: &mut SimRng,
        persona: Persona,
        identity: &Identity,
        roles: &[&str],
        directories: &mut Vec<usize>,
        members: &mut Vec<usize>,
    ) {
        let groups = self.groups;
        let synced =
            persona.kind == Kind::Synced || (persona.kind == Kind::Admin && admin_is_synced(persona));
        let native = persona.kind != Kind::Synced || persona.both_directories;
        if persona.standing == Standing::NotMember {
            return;
        }
        if native {
            directories.push(NATIVE_DIRECTORY);
        }
        if synced {
            directories.push(IDP_DIRECTORY);
            members.push(groups.all_employees);
            if let Some(department) = identity
                .department
                .and_then(|index| groups.departments.get(index))
            {
                members.push(*department);
            }
            if identity.job_title.as_deref().is_some_and(is_manager_title) {
                members.push(groups.managers);
            }
        }
        match persona.kind {
            Kind::Synced if persona.both_directories => {
                members.push(groups.teams[rng.index(groups.teams.len())]);
                if rng.chance(0.5) {
                    members.push(groups.legacy_jira);
                }
            }
            Kind::Synced | Kind::Customer => {}
            Kind::Invited | Kind::Claimed | Kind::Admin => {
                let grants = identity
                    .department
                    .and_then(|index| DEPARTMENTS.get(index))
                    .map(|found| found.grants);
                for slot in [JIRA, SERVICE_MANAGEMENT, BITBUCKET] {
                    if grants.is_some_and(|grants| grants.contains(slot)) && rng.chance(0.85) {
                        members.push(groups.product_users[slot]);
                    }
                }
                if rng.chance(0.85) {
                    members.push(groups.product_users[CONFLUENCE]);
                }
                for _ in 0..rng.below(3) {
                    members.push(groups.teams[rng.index(groups.teams.len())]);
                }
                if rng.chance(0.05) {
                    members.push(groups.legacy_jira);
                }
                if persona.kind == Kind::Admin {
                    self.admin_groups(rng, roles, members);
                }
            }
            Kind::Unmanaged => self.partner_groups(rng, identity, members),
            Kind::ServiceAccount => {
                members.push(groups.product_users[JIRA]);
                for (slot, odds) in [(CONFLUENCE, 0.5), (BITBUCKET, 0.4), (SERVICE_MANAGEMENT, 0.2)] {
                    if rng.chance(odds) {
                        members.push(groups.product_users[slot]);
                    }
                }
            }
            Kind::App => members.push(groups.addons),
        }
    }

    fn admin_groups(&self, rng: &mut SimRng, roles: &[&str], members: &mut Vec<usize>) {
        if roles.contains(&ORG_ADMIN) {
            members.push(self.groups.org_admins);
        }
        if roles.contains(&SITE_ADMIN) {
            members.push(self.groups.site_admins);
        }
        if rng.chance(0.5) {
            members.push(self.groups.jira_admins);
        }
        if rng.chance(0.5) {
            members.push(self.groups.confluence_admins);
        }
    }

    /// People from outside: their agency's group if it has one, else product groups directly;
    /// a few have no access left at all.
    fn partner_groups(&self, rng: &mut SimRng, identity: &Identity, members: &mut Vec<usize>) {
        if rng.chance(0.08) {
            return;
        }
        let domain = identity.email.rsplit('@').next().unwrap_or_default();
        let partner = EXTERNAL_DOMAINS
            .iter()
            .position(|external| *external == domain)
            .and_then(|position| self.groups.partners.get(position).copied().flatten());
        match partner {
            Some(group) if rng.chance(0.8) => members.push(group),
            _ => {
                if rng.chance(0.6) {
                    members.push(self.groups.product_users[JIRA]);
                }
                if rng.chance(0.6) {
                    members.push(self.groups.product_users[CONFLUENCE]);
                }
            }
        }
    }
}

/// `accountType` of the kind.
fn account_type(kind: Kind) -> &'static str {
    match kind {
        Kind::App | Kind::ServiceAccount => "app",
        Kind::Customer => "customer",
        Kind::Synced | Kind::Invited | Kind::Unmanaged | Kind::Claimed | Kind::Admin => "atlassian",
    }
}

/// `(claimStatus, managementSource)` of the kind.
fn claim(persona: Persona) -> (&'static str, Option<&'static str>) {
    match persona.kind {
        Kind::Synced => ("managed", Some("synced")),
        Kind::Admin if admin_is_synced(persona) => ("managed", Some("synced")),
        Kind::Invited | Kind::Admin => ("managed", Some("invited")),
        Kind::Claimed | Kind::ServiceAccount => ("managed", None),
        Kind::Unmanaged | Kind::App | Kind::Customer => ("unmanaged", None),
    }
}

/// Admins cycle through role sets so every org of five or more has each combination.
fn admin_roles(persona: Persona) -> Vec<&'static str> {
    if persona.kind != Kind::Admin {
        return Vec::new();
    }
    match persona.ordinal % 4 {
        0 => vec![ORG_ADMIN, SITE_ADMIN],
        1 => vec![SITE_ADMIN],
        2 => vec![ORG_ADMIN],
        _ => vec![SITE_ADMIN, USER_ACCESS_ADMIN],
    }
}

/// Every third admin comes from the identity provider (and, like all admins, sits in the native directory).
fn admin_is_synced(persona: Persona) -> bool {
    persona.kind == Kind::Admin && persona.ordinal % 3 == 2
}

fn is_manager_title(title: &str) -> bool {
    ["Manager", "Director", "Head", "Lead", "Controller"]
        .iter()
        .any(|word| title.contains(word))
}

/// The activity profile; two of every five admins have been idle for months.
fn profile_of(rng: &mut SimRng, persona: Persona) -> Profile {
    match persona.kind {
        Kind::ServiceAccount => Profile::Never,
        Kind::Admin if matches!(persona.ordinal % 5, 1 | 3) => Profile::Dormant,
        Kind::Admin | Kind::App => {
            if rng.chance(0.6) {
                Profile::Active
            } else {
                Profile::Mixed
            }
        }
        Kind::Synced | Kind::Invited | Kind::Unmanaged | Kind::Claimed | Kind::Customer => {
            Profile::random(rng)
        }
    }
}

fn mfa_odds(kind: Kind) -> f64 {
    match kind {
        Kind::Synced => 0.85,
        Kind::Admin => 0.9,
        Kind::Invited => 0.65,
        Kind::Claimed => 0.5,
        Kind::Unmanaged => 0.35,
        Kind::ServiceAccount | Kind::App | Kind::Customer => 0.0,
    }
}
