//! The org's frame: its id and name, the site's products, the claimed domains and the two
//! directories. Owns product slots ([`ProductSet`]); must not create users or groups.

use crate::sim::model::{SimDirectory, SimDomain, SimProduct, default_site_name};
use crate::sim::rng::SimRng;

use super::names::ORG_NAMES;

/// Product slots: positions in [`PRODUCTS`] and in the org's product list.
pub const JIRA: usize = 0;
pub const CONFLUENCE: usize = 1;
pub const SERVICE_MANAGEMENT: usize = 2;
pub const BITBUCKET: usize = 3;

/// `(v2 key, v1 key, display name)` of each product on the site, in slot order.
pub const PRODUCTS: [(&str, &str, &str); 4] = [
    ("jira", "jira-software", "Jira"),
    ("confluence", "confluence", "Confluence"),
    (
        "jira-service-desk",
        "jira-service-desk",
        "Jira Service Management",
    ),
    ("bitbucket", "bitbucket", "Bitbucket"),
];

/// Email domains of people outside the org (contractors, partners, personal mail).
pub const EXTERNAL_DOMAINS: [&str; 5] = [
    "freelance.example",
    "partner-north.example",
    "agency-blue.example",
    "mail.example",
    "consultancy-east.example",
];

/// Directory icons as the reference shows them.
const NATIVE_ICON: &str = "https://admin.atlassian.com/static/directory-icon.png";
const IDP_ICON: &str = "https://admin.atlassian.com/static/idp-icon.png";

/// A set of product slots; group grants and user access are unions of these.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ProductSet(u8);

impl ProductSet {
    /// Slots must be below 8; the site has at most five products.
    pub const fn of(slots: &[usize]) -> Self {
        let mut bits = 0_u8;
        let mut position = 0;
        while position < slots.len() {
            bits |= 1 << slots[position];
            position += 1;
        }
        Self(bits)
    }

    #[must_use]
    pub const fn with(self, slot: usize) -> Self {
        Self(self.0 | (1 << slot))
    }

    #[must_use]
    pub const fn union(self, other: Self) -> Self {
        Self(self.0 | other.0)
    }

    pub const fn contains(self, slot: usize) -> bool {
        self.0 & (1 << slot) != 0
    }

    /// The slots in ascending order.
    pub fn slots(self) -> impl Iterator<Item = usize> {
        (0..8).filter(move |slot| self.contains(*slot))
    }

    pub const fn len(self) -> usize {
        self.0.count_ones() as usize
    }
}

/// Everything about the org that users and groups refer to.
#[derive(Debug)]
pub struct Site {
    pub org_id: String,
    pub org_name: String,
    pub cloud_id: String,
    /// The first site's name (`{slug}.atlassian.net`).
    pub slug: String,
    pub products: Vec<SimProduct>,
    pub domains: Vec<SimDomain>,
    /// Names of the verified domains; the first is the primary one.
    pub verified: Vec<String>,
    /// A domain the org has not verified yet: its accounts stay unmanaged.
    pub unverified: String,
    /// `[native, idp]`.
    pub directories: Vec<SimDirectory>,
}

/// Index of the org's own directory in [`Site::directories`].
pub const NATIVE_DIRECTORY: usize = 0;
/// Index of the identity provider (SCIM) directory in [`Site::directories`].
pub const IDP_DIRECTORY: usize = 1;

impl Site {
    pub fn generate(rng: &mut SimRng) -> Self {
        let org_id = rng.uuid();
        let (org_name, slug) = *rng.pick(&ORG_NAMES);
        let cloud_id = rng.uuid();
        let site_name = default_site_name(org_name);
        let products = PRODUCTS
            .iter()
            .map(|(key, v1_key, name)| product(key, v1_key, name, &cloud_id, &site_name))
            .collect();

        let mut verified = vec![format!("{slug}.example"), format!("{slug}-eu.example")];
        if rng.chance(0.5) {
            verified.push(format!("{slug}-labs.example"));
        }
        let unverified = format!("{slug}-legacy.example");
        let mut domains: Vec<SimDomain> = verified
            .iter()
            .enumerate()
            .map(|(position, name)| SimDomain {
                id: rng.uuid(),
                name: name.clone(),
                claim_type: if position == 1 { "http" } else { "dns" }.to_owned(),
                status: "verified".to_owned(),
            })
            .collect();
        domains.push(SimDomain {
            id: rng.uuid(),
            name: unverified.clone(),
            claim_type: "dns".to_owned(),
            status: "unverified".to_owned(),
        });

        let directories = vec![
            SimDirectory {
                id: rng.uuid(),
                name: org_name.to_owned(),
                icon: NATIVE_ICON.to_owned(),
                idp: false,
            },
            SimDirectory {
                id: rng.uuid(),
                name: "Okta (SCIM)".to_owned(),
                icon: IDP_ICON.to_owned(),
                idp: true,
            },
        ];

        Self {
            org_id,
            org_name: org_name.to_owned(),
            cloud_id,
            slug: site_name,
            products,
            domains,
            verified,
            unverified,
            directories,
        }
    }

    pub fn directory_id(&self, index: usize) -> &str {
        self.directories
            .get(index)
            .map_or("", |directory| directory.id.as_str())
    }
}

/// A product instance on the site `site` (cloud `cloud_id`); its id is the ARI the reference shows.
pub fn product(key: &str, v1_key: &str, name: &str, cloud_id: &str, site: &str) -> SimProduct {
    SimProduct {
        key: key.to_owned(),
        v1_key: v1_key.to_owned(),
        id: format!("ari:cloud:{key}::site/{cloud_id}"),
        name: name.to_owned(),
        site: site.to_owned(),
        user_limit: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn product_set_is_a_set_of_slots() {
        let set = ProductSet::of(&[JIRA, BITBUCKET]).with(CONFLUENCE);
        assert_eq!(set.slots().collect::<Vec<_>>(), [JIRA, CONFLUENCE, BITBUCKET]);
        assert_eq!(set.len(), 3);
        assert!(!set.contains(SERVICE_MANAGEMENT));
        assert_eq!(ProductSet::default().union(set), set);
    }

    #[test]
    fn site_has_verified_and_unverified_example_domains() {
        let site = Site::generate(&mut SimRng::new(11));
        let verified = site
            .domains
            .iter()
            .filter(|domain| domain.status == "verified")
            .count();
        assert!((2..=3).contains(&verified));
        assert!(site.domains.iter().any(|domain| domain.status == "unverified"));
        assert!(
            site.domains
                .iter()
                .all(|domain| domain.name.ends_with(".example"))
        );
        assert_eq!(
            site.products[JIRA].id,
            format!("ari:cloud:jira::site/{}", site.cloud_id)
        );
        assert!(!site.directories[NATIVE_DIRECTORY].idp && site.directories[IDP_DIRECTORY].idp);
    }
}
