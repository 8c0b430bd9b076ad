//! A multi-site org for the seat contract tests: the fixture org plus a second site (`acme-eu`,
//! Jira and Confluence), a group granting both, Confluence guests, JSM customers, Jira admins and
//! a direct role assignment.

// Test support: a failed setup must fail the test loudly.
#![allow(dead_code, clippy::unwrap_used)]

use crate::support::fixture::{G_JSM, IVY_INVITED, at, fixture_org, site_id, user};
use dormant::sim::model::{SimGrant, SimGroup, SimOrg, SimProduct, SimProductAccess, role};

pub const CLOUD_EU: &str = "0e0e0e0e-1111-4222-8333-444455556666";
pub const G_EU_BOTH: &str = "g-eu-collaboration";
pub const G_EU_GUESTS: &str = "g-confluence-guests-eu";
pub const G_JSM_CUSTOMERS: &str = "g-jsm-customers";
pub const G_JIRA_ADMINS: &str = "g-jira-admins";
pub const GINA_GUEST: &str = "557058:0a0a0a0a-1111-4000-8000-00000000a101";
pub const CARL_CUSTOMER: &str = "557058:0a0a0a0a-2222-4000-8000-00000000a202";

pub fn eu_site(key: &str) -> String {
    format!("ari:cloud:{key}::site/{CLOUD_EU}")
}

fn site(key: &str, v1_key: &str, name: &str) -> SimProduct {
    SimProduct {
        key: key.into(),
        v1_key: v1_key.into(),
        id: eu_site(key),
        name: name.into(),
        site: "acme-eu".into(),
        user_limit: None,
    }
}

fn group(id: &str, name: &str, grants: &[(&str, &str)]) -> SimGroup {
    SimGroup {
        id: id.into(),
        name: name.into(),
        description: None,
        directory_id: crate::support::fixture::DIR_MAIN.into(),
        external_synced: false,
        managed_by: "admins".into(),
        grants: grants
            .iter()
            .map(|(resource, held)| SimGrant::new(resource, held))
            .collect(),
        admin: false,
        default_access: false,
    }
}

fn access(id: &str, key: &str, last: Option<&str>) -> SimProductAccess {
    SimProductAccess {
        key: key.into(),
        id: id.into(),
        last_active: last.map(at),
    }
}

/// Ivy: Jira and Confluence on both sites (the EU ones through one group), JSM through `jsm-agents`
/// and directly. Gina: guest on the EU Confluence. Carl: JSM customer.
pub fn seats_org() -> SimOrg {
    let mut org = fixture_org();
    org.products.push(site("jira", "jira-software", "Jira"));
    org.products.push(site("confluence", "confluence", "Confluence"));
    let (jira_eu, confluence_eu, jsm) = (
        eu_site("jira"),
        eu_site("confluence"),
        site_id("jira-service-desk"),
    );
    org.groups.extend([
        group(
            G_EU_BOTH,
            "eu-collaboration",
            &[(&jira_eu, role::USER), (&confluence_eu, role::USER)],
        ),
        group(
            G_EU_GUESTS,
            "confluence-guests-eu",
            &[(&confluence_eu, role::GUEST)],
        ),
        group(G_JSM_CUSTOMERS, "jsm-customers", &[(&jsm, role::CUSTOMER)]),
        group(G_JIRA_ADMINS, "jira-admins", &[(&site_id("jira"), role::ADMIN)]),
    ]);
    let ivy = org
        .users
        .iter_mut()
        .find(|user| user.account_id == IVY_INVITED)
        .unwrap();
    ivy.groups.extend([G_EU_BOTH.into(), G_JSM.into()]);
    ivy.direct_grants = vec![SimGrant::new(&jsm, role::USER)];
    ivy.product_access = vec![
        access(&site_id("jira"), "jira", Some("2025-01-15T10:00:00Z")),
        access(&site_id("confluence"), "confluence", Some("2026-03-01T10:00:00Z")),
        access(&jsm, "jira-service-desk", Some("2024-06-01T08:00:00Z")),
        access(&jira_eu, "jira", Some("2026-02-02T09:00:00Z")),
        access(&confluence_eu, "confluence", Some("2024-11-11T11:00:00Z")),
    ];
    let mut gina = user(GINA_GUEST, "Gina Guest", "gina@partner-north.example");
    gina.claim_status = "unmanaged".into();
    gina.management_source = None;
    gina.groups = vec![G_EU_GUESTS.into()];
    gina.product_access = vec![access(&confluence_eu, "confluence", Some("2026-03-05T12:00:00Z"))];
    let mut carl = user(CARL_CUSTOMER, "Carl Customer", "carl@mail.example");
    carl.account_type = "customer".into();
    carl.claim_status = "unmanaged".into();
    carl.management_source = None;
    carl.groups = vec![G_JSM_CUSTOMERS.into()];
    carl.product_access = vec![access(&jsm, "jira-service-desk", None)];
    org.users.extend([gina, carl]);
    org
}
