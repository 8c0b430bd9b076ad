//! Multi-site orgs: a second cloud site (`{slug}-eu`) with its own Jira and Confluence, the groups
//! that grant roles there (users, admins, guests, one granting both products, one synced from the
//! identity provider), Service Management customers, Confluence guests and a few direct role
//! assignments. Owns those additions and who receives them; must not touch what a single-site org
//! generates, so that small orgs stay byte-identical.

use crate::sim::model::role;
use crate::sim::rng::SimRng;

use super::groups::{GroupCatalog, GroupSpec};
use super::population::{Kind, Persona, Standing};
use super::site::{
    CONFLUENCE, IDP_DIRECTORY, NATIVE_DIRECTORY, ProductSet, SERVICE_MANAGEMENT, Site, product,
};

/// From this many users a generated org has several sites (unless the layout is chosen).
pub const MULTI_SITE_USERS: u32 = 8_000;

/// Index of the `confluence-guests` partner group in the catalog's partner list.
const CONFLUENCE_GUESTS_PARTNER: usize = 3;

/// Whether the generated org has one site or several.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SiteLayout {
    /// Several sites from [`MULTI_SITE_USERS`] users, one below.
    #[default]
    BySize,
    Single,
    Multi,
}

impl SiteLayout {
    /// Whether an org of `users` users gets the second site.
    #[must_use]
    pub fn is_multi(self, users: u32) -> bool {
        match self {
            Self::BySize => users >= MULTI_SITE_USERS,
            Self::Single => false,
            Self::Multi => true,
        }
    }
}

/// Product positions of the second site and the groups that grant roles on the org's sites.
#[derive(Debug)]
pub struct MultiSite {
    /// Product position of the second Confluence site (guests get direct roles there).
    confluence_eu: usize,
    jira_users_eu: usize,
    confluence_users_eu: usize,
    /// Grants Jira and Confluence on the second site: removing it frees two seats.
    collaboration_eu: usize,
    jira_admins_eu: usize,
    confluence_guests_eu: usize,
    jsm_customers: usize,
    okta_eu_office: usize,
}

impl MultiSite {
    /// Adds the second site's products to `site` and its groups to `catalog`; Confluence partners
    /// become guests.
    pub fn extend(rng: &mut SimRng, site: &mut Site, catalog: &mut GroupCatalog) -> Self {
        let cloud_id = rng.uuid();
        let slug = format!("{}-eu", site.slug);
        let mut add_product = |key: &str, v1_key: &str, name: &str| {
            let added = product(key, v1_key, name, &cloud_id, &slug);
            let slot = catalog.add_site(&added.id);
            site.products.push(added);
            slot
        };
        let jira_eu = add_product("jira", "jira-software", "Jira");
        let confluence_eu = add_product("confluence", "confluence", "Confluence");
        let native = site.directory_id(NATIVE_DIRECTORY).to_owned();
        let idp = site.directory_id(IDP_DIRECTORY).to_owned();
        let mut group = |rng: &mut SimRng, name, description, grants, role, idp_owned: bool| {
            let directory_id = if idp_owned { &idp } else { &native };
            catalog.add(
                rng,
                &GroupSpec {
                    name,
                    description: Some(description),
                    directory_id,
                    managed_by: if idp_owned { "external" } else { "admins" },
                    grants,
                    role,
                    admin: false,
                },
            )
        };
        let jira = ProductSet::of(&[jira_eu]);
        let confluence = ProductSet::of(&[confluence_eu]);
        let jira_users_eu = group(
            rng,
            "jira-users-eu",
            "Jira on the EU site",
            jira,
            role::USER,
            false,
        );
        let confluence_users_eu = group(
            rng,
            "confluence-users-eu",
            "Confluence on the EU site",
            confluence,
            role::USER,
            false,
        );
        let collaboration_eu = group(
            rng,
            "eu-collaboration",
            "Jira and Confluence on the EU site",
            jira.union(confluence),
            role::USER,
            false,
        );
        let jira_admins_eu = group(
            rng,
            "jira-admins-eu",
            "Jira administrators of the EU site",
            jira,
            role::ADMIN,
            false,
        );
        let confluence_guests_eu = group(
            rng,
            "confluence-guests-eu",
            "Guests of the EU Confluence",
            confluence,
            role::GUEST,
            false,
        );
        let jsm_customers = group(
            rng,
            "jsm-customers",
            "Service Management portal customers",
            ProductSet::of(&[SERVICE_MANAGEMENT]),
            role::CUSTOMER,
            false,
        );
        let okta_eu_office = group(
            rng,
            "okta-eu-office",
            "Synced from Okta: EU office",
            confluence,
            role::USER,
            true,
        );
        if let Some(Some(guests)) = catalog.partners.get(CONFLUENCE_GUESTS_PARTNER).copied() {
            catalog.set_role(guests, role::GUEST);
        }
        Self {
            confluence_eu,
            jira_users_eu,
            confluence_users_eu,
            collaboration_eu,
            jira_admins_eu,
            confluence_guests_eu,
            jsm_customers,
            okta_eu_office,
        }
    }

    /// The persona's groups and direct roles `(product position, role)` on the org's other sites.
    pub fn memberships(
        &self,
        rng: &mut SimRng,
        persona: Persona,
        members: &mut Vec<usize>,
        direct: &mut Vec<(usize, &'static str)>,
    ) {
        if persona.standing == Standing::NotMember {
            return;
        }
        match persona.kind {
            Kind::Customer => members.push(self.jsm_customers),
            Kind::Synced => {
                if rng.chance(0.2) {
                    members.push(self.okta_eu_office);
                }
            }
            Kind::Invited | Kind::Claimed | Kind::Admin => {
                if rng.chance(0.25) {
                    members.push(self.collaboration_eu);
                } else {
                    if rng.chance(0.1) {
                        members.push(self.jira_users_eu);
                    }
                    if rng.chance(0.1) {
                        members.push(self.confluence_users_eu);
                    }
                }
                if persona.kind == Kind::Admin && rng.chance(0.5) {
                    members.push(self.jira_admins_eu);
                }
                if rng.chance(0.04) {
                    direct.push((SERVICE_MANAGEMENT, role::USER));
                }
            }
            Kind::Unmanaged => {
                if rng.chance(0.3) {
                    members.push(self.confluence_guests_eu);
                }
                if rng.chance(0.05) {
                    direct.push((self.confluence_eu, role::GUEST));
                }
                if rng.chance(0.05) {
                    direct.push((CONFLUENCE, role::GUEST));
                }
            }
            Kind::ServiceAccount | Kind::App => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::generate::{GenerateOptions, generate, generate_with_layout};
    use crate::sim::model::{SimOrg, role};
    use chrono::{TimeZone, Utc};

    fn org(users: u32, layout: SiteLayout) -> SimOrg {
        let options = GenerateOptions {
            users,
            seed: 5,
            epoch: Utc.with_ymd_and_hms(2026, 4, 1, 0, 0, 0).single().unwrap(),
            hostile: false,
        };
        generate_with_layout(&options, layout).unwrap()
    }

    fn holders(org: &SimOrg, wanted: &dyn Fn(&str, &str) -> bool) -> usize {
        org.users
            .iter()
            .filter(|user| {
                let by_group = user
                    .groups
                    .iter()
                    .filter_map(|id| org.groups.iter().find(|group| group.id == *id))
                    .flat_map(|group| group.grants.iter());
                by_group
                    .chain(user.direct_grants.iter())
                    .any(|grant| wanted(&grant.resource_id, &grant.role))
            })
            .count()
    }

    #[test]
    fn layout_follows_size_unless_chosen() {
        assert!(!SiteLayout::BySize.is_multi(MULTI_SITE_USERS - 1));
        assert!(SiteLayout::BySize.is_multi(MULTI_SITE_USERS));
        assert!(SiteLayout::Multi.is_multi(1) && !SiteLayout::Single.is_multi(200_000));
    }

    #[test]
    fn the_demo_size_stays_single_site() {
        let options = GenerateOptions {
            users: 5_000,
            seed: 42,
            epoch: Utc.with_ymd_and_hms(2026, 4, 1, 0, 0, 0).single().unwrap(),
            hostile: false,
        };
        let org = generate(&options).unwrap();
        assert_eq!(org.products.len(), 4);
        assert!(org.users.iter().all(|user| user.direct_grants.is_empty()));
        let roles: Vec<&str> = org
            .groups
            .iter()
            .flat_map(|group| group.grants.iter().map(|grant| grant.role.as_str()))
            .collect();
        assert!(roles.iter().all(|role| [role::USER, role::ADMIN].contains(role)));
    }

    #[test]
    fn multi_site_orgs_have_two_jira_and_two_confluence_sites() {
        let org = org(3_000, SiteLayout::Multi);
        for key in ["jira", "confluence"] {
            let sites: Vec<_> = org.products.iter().filter(|site| site.key == key).collect();
            assert_eq!(sites.len(), 2, "{key}");
            assert_ne!(sites[0].id, sites[1].id);
            assert_ne!(sites[0].site, sites[1].site);
            assert!(sites[1].id.starts_with(&format!("ari:cloud:{key}::site/")));
        }
        assert_eq!(
            org.products
                .iter()
                .filter(|site| site.key == "jira-service-desk")
                .count(),
            1
        );
        let mut ids: Vec<&str> = org.products.iter().map(|site| site.id.as_str()).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), org.products.len());
    }

    #[test]
    fn multi_site_orgs_have_realistic_role_populations() {
        let org = org(3_000, SiteLayout::Multi);
        let key_of = |id: &str| {
            org.products
                .iter()
                .find(|site| site.id == id)
                .map_or("", |site| site.key.as_str())
        };
        let guests = holders(&org, &|id, held| {
            key_of(id) == "confluence" && held == role::GUEST
        });
        let customers = holders(&org, &|id, held| {
            key_of(id) == "jira-service-desk" && held == role::CUSTOMER
        });
        let agents = holders(&org, &|id, held| {
            key_of(id) == "jira-service-desk" && held == role::USER
        });
        let admins = holders(&org, &|_, held| held == role::ADMIN);
        assert!(guests >= 30, "guests {guests}");
        assert!(customers >= 10, "customers {customers}");
        assert!(agents >= 30, "agents {agents}");
        assert!(admins >= 3, "admins {admins}");
        let direct = org
            .users
            .iter()
            .filter(|user| !user.direct_grants.is_empty())
            .count();
        assert!(direct >= 10, "direct {direct}");
        assert!(
            org.groups.iter().any(|group| {
                let mut keys: Vec<&str> = group
                    .grants
                    .iter()
                    .map(|grant| key_of(&grant.resource_id))
                    .collect();
                keys.sort_unstable();
                keys == ["confluence", "jira"] && !group.admin
            }),
            "a group granting Jira and Confluence"
        );
        let second_confluence = &org
            .products
            .iter()
            .rfind(|site| site.key == "confluence")
            .unwrap()
            .id;
        assert!(
            org.groups.iter().any(|group| group.is_idp_managed()
                && group
                    .grants
                    .iter()
                    .any(|grant| grant.resource_id == *second_confluence)),
            "an IdP group grants the second site"
        );
    }

    #[test]
    fn multi_site_generation_is_deterministic() {
        let first = serde_json::to_vec(&org(1_500, SiteLayout::Multi)).unwrap();
        let second = serde_json::to_vec(&org(1_500, SiteLayout::Multi)).unwrap();
        assert!(first == second);
    }
}
