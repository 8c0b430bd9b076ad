//! The org's group catalog: product-access, identity provider-synced, admin, app and team groups, each with the
//! products it grants. Owns group ids and grants; must not decide who belongs where.

use crate::sim::model::{SimGrant, SimGroup, role};
use crate::sim::rng::SimRng;

use super::profile::DEPARTMENTS;
use super::site::{
    BITBUCKET, CONFLUENCE, EXTERNAL_DOMAINS, IDP_DIRECTORY, JIRA, NATIVE_DIRECTORY, PRODUCTS, ProductSet,
    SERVICE_MANAGEMENT, Site,
};

/// Native product-access groups, one per product slot, as Atlassian names its defaults.
const PRODUCT_GROUPS: [&str; 4] = [
    "jira-software-users",
    "confluence-users",
    "jira-servicemanagement-users",
    "bitbucket-users",
];

/// Team groups in the native directory: `(name, managed_by, grants, description)`.
const TEAM_GROUPS: [(&str, &str, ProductSet, Option<&str>); 12] = [
    (
        "team-payments",
        "team-members",
        ProductSet::of(&[]),
        Some("Payments squad"),
    ),
    (
        "team-search",
        "team-members",
        ProductSet::of(&[]),
        Some("Search and discovery"),
    ),
    (
        "team-mobile",
        "team-members",
        ProductSet::of(&[]),
        Some("iOS and Android apps"),
    ),
    (
        "team-platform",
        "admins",
        ProductSet::of(&[]),
        Some("Platform engineering"),
    ),
    ("team-growth", "team-members", ProductSet::of(&[]), None),
    (
        "team-web",
        "team-members",
        ProductSet::of(&[]),
        Some("Web front end"),
    ),
    (
        "release-managers",
        "admins",
        ProductSet::of(&[JIRA]),
        Some("Approve production releases"),
    ),
    (
        "oncall-sre",
        "team-members",
        ProductSet::of(&[SERVICE_MANAGEMENT]),
        Some("On-call rota"),
    ),
    (
        "guild-rust",
        "open",
        ProductSet::of(&[]),
        Some("Anyone writing Rust"),
    ),
    ("guild-accessibility", "open", ProductSet::of(&[]), None),
    ("book-club", "open", ProductSet::of(&[]), None),
    (
        "new-joiners",
        "admins",
        ProductSet::of(&[]),
        Some("Onboarding cohort"),
    ),
];

/// Groups for people outside the org, by the external domain they come from (same order as
/// [`EXTERNAL_DOMAINS`]); `None` means they are added to product groups directly.
const PARTNER_GROUPS: [Option<(&str, ProductSet)>; EXTERNAL_DOMAINS.len()] = [
    Some(("freelancers", ProductSet::of(&[JIRA, CONFLUENCE]))),
    Some(("partners-north", ProductSet::of(&[JIRA]))),
    Some(("agency-blue-design", ProductSet::of(&[CONFLUENCE]))),
    Some(("confluence-guests", ProductSet::of(&[CONFLUENCE]))),
    None,
];

/// All groups plus the indices the population builder needs.
#[derive(Debug)]
pub struct GroupCatalog {
    pub groups: Vec<SimGroup>,
    /// Sites each group grants a role on, as positions in the org's product list.
    grants: Vec<ProductSet>,
    /// Resource id of each product position (the org's product list, kept in step by `add_site`).
    resource_ids: Vec<String>,
    /// Native product-access group per product slot.
    pub product_users: [usize; 4],
    pub jira_admins: usize,
    pub confluence_admins: usize,
    pub org_admins: usize,
    pub site_admins: usize,
    /// `atlassian-addons-admin`: where app accounts get their access.
    pub addons: usize,
    /// identity provider group every synced employee is in; grants Confluence.
    pub all_employees: usize,
    pub managers: usize,
    /// identity provider group per department, same order as [`DEPARTMENTS`].
    pub departments: Vec<usize>,
    pub teams: Vec<usize>,
    /// Pre-2021 Jira access nobody cleaned up.
    pub legacy_jira: usize,
    /// Group per external domain, same order as [`EXTERNAL_DOMAINS`].
    pub partners: Vec<Option<usize>>,
}

/// The arguments of one group, so adding one reads as a table row.
pub struct GroupSpec<'a> {
    pub name: &'a str,
    pub description: Option<&'a str>,
    pub directory_id: &'a str,
    pub managed_by: &'a str,
    pub grants: ProductSet,
    /// The role membership gives on every granted site.
    pub role: &'a str,
    pub admin: bool,
}

/// A non-admin group in `directory_id`.
fn spec<'a>(
    directory_id: &'a str,
    name: &'a str,
    description: Option<&'a str>,
    managed_by: &'a str,
    grants: ProductSet,
) -> GroupSpec<'a> {
    GroupSpec {
        name,
        description,
        directory_id,
        managed_by,
        grants,
        role: role::USER,
        admin: false,
    }
}

impl GroupCatalog {
    pub fn build(rng: &mut SimRng, site: &Site) -> Self {
        let mut catalog = Self {
            groups: Vec::with_capacity(48),
            grants: Vec::with_capacity(48),
            resource_ids: site.products.iter().map(|product| product.id.clone()).collect(),
            product_users: [0; 4],
            jira_admins: 0,
            confluence_admins: 0,
            org_admins: 0,
            site_admins: 0,
            addons: 0,
            all_employees: 0,
            managers: 0,
            departments: Vec::with_capacity(DEPARTMENTS.len()),
            teams: Vec::with_capacity(TEAM_GROUPS.len()),
            legacy_jira: 0,
            partners: Vec::with_capacity(PARTNER_GROUPS.len()),
        };
        let native = site.directory_id(NATIVE_DIRECTORY);
        catalog.add_access_groups(rng, native);
        catalog.add_synced_groups(rng, site.directory_id(IDP_DIRECTORY));
        catalog.add_team_groups(rng, native);
        catalog
    }

    /// Product-access, product-admin, org/site-admin and app groups (native directory).
    fn add_access_groups(&mut self, rng: &mut SimRng, native: &str) {
        for (slot, name) in PRODUCT_GROUPS.iter().enumerate() {
            let description = format!("Default {} access", PRODUCTS[slot].2);
            let group = spec(
                native,
                name,
                Some(&description),
                "admins",
                ProductSet::of(&[slot]),
            );
            self.product_users[slot] = self.add(rng, &group);
            if let Some(added) = self.groups.last_mut() {
                added.default_access = true;
            }
        }
        let mut admins = |rng: &mut SimRng, name, description, grants, admin| {
            let group = GroupSpec {
                admin,
                ..spec(native, name, Some(description), "admins", grants)
            };
            self.add(rng, &group)
        };
        let jira = ProductSet::of(&[JIRA]);
        let confluence = ProductSet::of(&[CONFLUENCE]);
        let jira_admins = admins(rng, "jira-admins", "Jira product administrators", jira, false);
        let confluence_admins = admins(
            rng,
            "confluence-admins",
            "Confluence product administrators",
            confluence,
            false,
        );

        let org_admins = admins(
            rng,
            "org-admins",
            "Organization administrators",
            ProductSet::of(&[]),
            true,
        );
        let site_admins = admins(
            rng,
            "site-admins",
            "Site administrators",
            jira.union(confluence),
            true,
        );
        let apps = ProductSet::of(&[JIRA, CONFLUENCE, BITBUCKET]);
        let addons = admins(
            rng,
            "atlassian-addons-admin",
            "App accounts of installed apps",
            apps,
            false,
        );
        self.jira_admins = jira_admins;
        self.confluence_admins = confluence_admins;
        self.org_admins = org_admins;
        self.site_admins = site_admins;
        self.addons = addons;
        // Product administrators hold the product's admin role (billable all the same).
        for group in [jira_admins, confluence_admins] {
            self.set_role(group, role::ADMIN);
        }
    }

    /// Groups the identity provider syncs: everyone, managers, one per department.
    fn add_synced_groups(&mut self, rng: &mut SimRng, idp: &str) {
        let confluence = ProductSet::of(&[CONFLUENCE]);
        let all = spec(
            idp,
            "okta-all-employees",
            Some("Synced from Okta: every employee"),
            "external",
            confluence,
        );
        self.all_employees = self.add(rng, &all);
        let managers = spec(idp, "okta-people-managers", None, "external", ProductSet::of(&[]));
        self.managers = self.add(rng, &managers);
        for department in &DEPARTMENTS {
            let name = format!("okta-{}", department.slug);
            let description = format!("Synced from Okta: {}", department.name);
            let group = spec(idp, &name, Some(&description), "external", department.grants);
            let index = self.add(rng, &group);
            self.departments.push(index);
        }
    }

    /// Team, legacy and partner groups (native directory).
    fn add_team_groups(&mut self, rng: &mut SimRng, native: &str) {
        for (name, managed_by, grants, description) in TEAM_GROUPS {
            let index = self.add(rng, &spec(native, name, description, managed_by, grants));
            self.teams.push(index);
        }
        let legacy_description = Some("Pre-2021 Jira access; review before renewal");
        let legacy = spec(
            native,
            "legacy-jira-users",
            legacy_description,
            "admins",
            ProductSet::of(&[JIRA]),
        );
        self.legacy_jira = self.add(rng, &legacy);
        for partner in PARTNER_GROUPS {
            let index = partner.map(|(name, grants)| {
                self.add(
                    rng,
                    &spec(native, name, Some("External collaborators"), "admins", grants),
                )
            });
            self.partners.push(index);
        }
    }

    /// Appends a group with a fresh id and returns its index.
    pub fn add(&mut self, rng: &mut SimRng, spec: &GroupSpec<'_>) -> usize {
        self.groups.push(SimGroup {
            id: rng.uuid(),
            name: spec.name.to_owned(),
            description: spec.description.map(str::to_owned),
            directory_id: spec.directory_id.to_owned(),
            external_synced: spec.managed_by == "external",
            managed_by: spec.managed_by.to_owned(),
            grants: spec
                .grants
                .slots()
                .filter_map(|slot| self.resource_ids.get(slot))
                .map(|resource_id| SimGrant::new(resource_id, spec.role))
                .collect(),
            admin: spec.admin,
            default_access: false,
        });
        self.grants.push(spec.grants);
        self.groups.len() - 1
    }

    /// Makes `resource_id` the next product position (a site added after the frame); returns it.
    pub fn add_site(&mut self, resource_id: &str) -> usize {
        self.resource_ids.push(resource_id.to_owned());
        self.resource_ids.len() - 1
    }

    /// Adds a role on the site at product position `slot` to a group.
    pub fn grant_extra(&mut self, group: usize, slot: usize, role: &str) {
        let Some(resource_id) = self.resource_ids.get(slot) else {
            return;
        };
        if let (Some(sim_group), Some(grants)) = (self.groups.get_mut(group), self.grants.get_mut(group)) {
            sim_group.grants.push(SimGrant::new(resource_id, role));
            *grants = grants.with(slot);
        }
    }

    /// Changes the role every grant of a group gives.
    pub fn set_role(&mut self, group: usize, role: &str) {
        if let Some(sim_group) = self.groups.get_mut(group) {
            for grant in &mut sim_group.grants {
                role.clone_into(&mut grant.role);
            }
        }
    }

    /// The products a set of memberships grants: the union of the groups' grants.
    pub fn grants_of(&self, members: &[usize]) -> ProductSet {
        members
            .iter()
            .filter_map(|group| self.grants.get(*group))
            .fold(ProductSet::default(), |all, grants| all.union(*grants))
    }

    pub fn ids_of(&self, members: &[usize]) -> Vec<String> {
        members
            .iter()
            .filter_map(|group| self.groups.get(*group).map(|found| found.id.clone()))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalog_has_about_forty_groups_of_every_kind() {
        let mut rng = SimRng::new(2);
        let site = Site::generate(&mut rng);
        let catalog = GroupCatalog::build(&mut rng, &site);
        assert!(
            (38..=44).contains(&catalog.groups.len()),
            "{}",
            catalog.groups.len()
        );
        let synced = catalog
            .groups
            .iter()
            .filter(|group| group.external_synced)
            .count();
        assert!(synced >= 10);
        assert!(catalog.groups.iter().filter(|group| group.admin).count() >= 2);
        for group in &catalog.groups {
            assert_eq!(group.external_synced, group.managed_by == "external");
            let idp = group.directory_id == site.directory_id(IDP_DIRECTORY);
            assert_eq!(group.external_synced, idp, "{}", group.name);
        }
        let mut names: Vec<&str> = catalog.groups.iter().map(|group| group.name.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), catalog.groups.len());
    }

    #[test]
    fn grants_are_the_union_of_memberships() {
        let mut rng = SimRng::new(3);
        let site = Site::generate(&mut rng);
        let catalog = GroupCatalog::build(&mut rng, &site);
        let members = [catalog.product_users[JIRA], catalog.all_employees];
        assert_eq!(catalog.grants_of(&members), ProductSet::of(&[JIRA, CONFLUENCE]));
        assert_eq!(catalog.grants_of(&[]), ProductSet::default());
    }
}
