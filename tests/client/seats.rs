//! Seats loaded from a multi-site simulated org: every site named, every group's grants exactly
//! the simulator's, at a request cost near the user pages (per group, never per user).

use crate::support::expected;
use dormant::api::LoadOptions;
use dormant::sim::generate::SiteLayout;
use std::collections::BTreeSet;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sites_and_group_grants_equal_the_simulator_and_cost_per_group() {
    let config = dormant::sim::SimConfig {
        sites: SiteLayout::Multi,
        ..expected::config(2_000, 17)
    };
    let sim = dormant::sim::start(config).await.expect("simulator starts");
    let client = expected::client(&sim);
    let outcome = expected::load(&client, &sim.org_id, &LoadOptions::default()).await;
    let truth = expected::dump(&sim).await;
    let directory = &outcome.directory;

    let sites: BTreeSet<(&str, &str)> = directory
        .sites
        .iter()
        .map(|site| (site.id.as_str(), site.product.as_str()))
        .collect();
    let truth_sites: BTreeSet<(&str, &str)> = truth
        .products
        .iter()
        .map(|product| (product.id.as_str(), product.key.as_str()))
        .collect();
    assert_eq!(sites, truth_sites);
    let per_product = |key: &str| truth.products.iter().filter(|p| p.key == key).count();
    assert!(per_product("jira") >= 2, "a multi-site org: {truth_sites:?}");
    assert!(directory.sites.iter().all(|site| !site.name.is_empty()));

    for group in &truth.groups {
        let loaded = directory
            .groups
            .iter()
            .find(|g| g.id.as_str() == group.id)
            .expect("group loaded");
        let grants: BTreeSet<(&str, &str)> = loaded
            .grants
            .iter()
            .flat_map(|grant| {
                grant
                    .roles
                    .iter()
                    .map(move |role| (grant.site.as_str(), role.as_str()))
            })
            .collect();
        let truth_grants: BTreeSet<(&str, &str)> = group
            .grants
            .iter()
            .map(|grant| (grant.resource_id.as_str(), grant.role.as_str()))
            .collect();
        assert_eq!(grants, truth_grants, "{}", group.name);
    }

    // One read per group that grants something, none per user.
    let stats = &outcome.stats;
    let members = |id: &str| {
        truth
            .users
            .iter()
            .filter(|u| u.groups.iter().any(|g| g == id))
            .count()
    };
    let granting = truth
        .groups
        .iter()
        .filter(|g| !g.grants.is_empty() && members(&g.id) > 0)
        .count();
    let read = stats.seats;
    assert_eq!(read.groups_read, granting);
    assert_eq!(
        read.groups_read + read.groups_without_resources + read.groups_without_members,
        truth.groups.len()
    );
    let pages: u64 = stats.partitions.iter().map(|p| p.pages).sum();
    let cancelled: u64 = stats.partitions.iter().map(|p| p.cancelled).sum();
    let org_reads = 6; // org, directories, domains, groups, workspaces, users/count
    let needed = org_reads + pages + granting as u64 + stats.activity.calls;
    // A request cancelled where two ends met may have been sent already.
    assert!(
        (needed..=needed + cancelled).contains(&stats.requests),
        "{needed} + up to {cancelled}: {stats:?}"
    );
}
