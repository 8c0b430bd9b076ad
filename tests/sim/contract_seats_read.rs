//! Contract of the seat reads on a multi-site org (reference §1.7.4–1.7.6, §1.10, §1.13, §1.14):
//! workspaces, group and user role assignments, the groups listing by resource, per-site
//! `productAccess` and `last-active-dates`, `managementAccess`; and, over a generated multi-site org,
//! that every user's access is exactly what the role assignments grant.

// Contract tests: helpers panic on any unexpected reply, like the tests themselves.
#![allow(clippy::unwrap_used)]

use crate::seats_org::*;
use crate::support::fixture::*;
use crate::support::server::{Sim, code};
use chrono::{TimeZone, Utc};
use dormant::sim::generate::{GenerateOptions, SiteLayout, generate_with_layout};
use reqwest::StatusCode;
use serde_json::{Value, json};
use std::collections::BTreeSet;

fn workspaces() -> String {
    format!("/admin/v2/orgs/{ORG_ID}/workspaces")
}

fn group_roles(group: &str, query: &str) -> String {
    format!("/admin/v2/orgs/{ORG_ID}/directories/-/groups/{group}/role-assignments{query}")
}

fn user_roles(account: &str, query: &str) -> String {
    format!("/admin/v2/orgs/{ORG_ID}/directories/-/users/{account}/role-assignments{query}")
}

fn strs<'a>(items: &'a Value, field: &str) -> Vec<&'a str> {
    items
        .as_array()
        .unwrap()
        .iter()
        .map(|item| item[field].as_str().unwrap())
        .collect()
}

#[tokio::test]
async fn workspaces_map_every_site_to_its_name_and_host() {
    let sim = Sim::start(seats_org()).await;
    let all = sim.post(&workspaces(), &json!({})).await;
    assert_eq!(all.status, StatusCode::OK, "{}", all.text);
    let data = &all.json["data"];
    assert_eq!(data.as_array().unwrap().len(), 6);
    let eu_jira = data
        .as_array()
        .unwrap()
        .iter()
        .find(|item| item["id"] == eu_site("jira"))
        .unwrap();
    assert_eq!(eu_jira["type"], "workspace");
    let attributes = &eu_jira["attributes"];
    assert_eq!(attributes["name"], "acme-eu");
    assert_eq!(attributes["hostUrl"], "https://acme-eu.atlassian.net");
    assert_eq!(attributes["typeKey"], "jira-software");
    assert_eq!(attributes["owner"], ORG_ID);
    assert_eq!(attributes["usage"], 1, "Ivy holds the only billable EU Jira seat");
    assert!(attributes["capacity"].is_null());
    for part in ["entitlement", "policy", "feature"] {
        assert!(eu_jira["relationships"][part].is_array(), "{part}");
    }
    let first = &data[0]["attributes"];
    assert_eq!(first["name"], "acme");
    assert_eq!(first["hostUrl"], "https://acme.atlassian.net");

    // Paging: a cursor alone resumes; with anything else it is refused.
    let page = sim.post(&workspaces(), &json!({ "limit": 4 })).await;
    assert_eq!(page.json["data"].as_array().unwrap().len(), 4);
    let next = page.json["links"]["next"].as_str().unwrap();
    let rest = sim.post(&workspaces(), &json!({ "cursor": next })).await;
    assert_eq!(
        strs(&rest.json["data"], "id"),
        [eu_site("jira"), eu_site("confluence")]
    );
    assert!(rest.json["links"]["next"].is_null());
    let mixed = sim
        .post(&workspaces(), &json!({ "cursor": next, "limit": 2 }))
        .await;
    assert_eq!(
        (mixed.status, code(&mixed)),
        (StatusCode::BAD_REQUEST, "ADMIN-400-24")
    );

    let eu = sim.post(&workspaces(), &json!({ "query": "ACME-EU" })).await;
    assert_eq!(eu.json["data"].as_array().unwrap().len(), 2);
    let sorted = sim
        .post(
            &workspaces(),
            &json!({ "sort": [{ "field": "typeKey", "order": "desc" }] }),
        )
        .await;
    assert_eq!(sorted.json["data"][0]["attributes"]["typeKey"], "jira-software");
    let unknown = sim
        .post(
            &workspaces(),
            &json!({ "sort": [{ "field": "size", "order": "asc" }] }),
        )
        .await;
    assert_eq!(unknown.status, StatusCode::BAD_REQUEST);
    let other_org = sim.post("/admin/v2/orgs/nope/workspaces", &json!({})).await;
    assert_eq!(
        (other_org.status, code(&other_org)),
        (StatusCode::NOT_FOUND, "ADMIN-404-2")
    );
}

#[tokio::test]
async fn group_role_assignments_list_each_site_with_its_roles() {
    let sim = Sim::start(seats_org()).await;
    let both = sim.get(&group_roles(G_EU_BOTH, "")).await;
    assert_eq!(both.status, StatusCode::OK, "{}", both.text);
    assert_eq!(
        both.json["data"],
        json!([
            { "resourceId": eu_site("jira"), "resourceOwner": "jira", "defaultRole": false, "roles": ["atlassian/user"] },
            { "resourceId": eu_site("confluence"), "resourceOwner": "confluence", "defaultRole": false, "roles": ["atlassian/user"] },
        ])
    );
    assert!(both.json["links"]["next"].is_null());
    let guests = sim.get(&group_roles(G_EU_GUESTS, "")).await;
    assert_eq!(guests.json["data"][0]["roles"], json!(["atlassian/guest"]));
    let customers = sim.get(&group_roles(G_JSM_CUSTOMERS, "")).await;
    assert_eq!(customers.json["data"][0]["roles"], json!(["atlassian/customer"]));
    assert_eq!(customers.json["data"][0]["resourceOwner"], "jira-service-desk");
    let none = sim.get(&group_roles(G_TEAM, "")).await;
    assert_eq!(none.json["data"], json!([]));

    let first = sim.get(&group_roles(G_EU_BOTH, "?limit=1")).await;
    assert_eq!(first.json["data"].as_array().unwrap().len(), 1);
    let next = first.json["links"]["next"].as_str().unwrap();
    let second = sim.get(&group_roles(G_EU_BOTH, &format!("?cursor={next}"))).await;
    assert_eq!(strs(&second.json["data"], "resourceId"), [eu_site("confluence")]);
    let foreign = sim
        .get(&group_roles(G_EU_GUESTS, &format!("?cursor={next}")))
        .await;
    assert_eq!(
        (foreign.status, code(&foreign)),
        (StatusCode::BAD_REQUEST, "ADMIN-400-1")
    );
    let owners = sim
        .get(&group_roles(G_EU_BOTH, "?resourceOwners=confluence"))
        .await;
    assert_eq!(strs(&owners.json["data"], "resourceId"), [eu_site("confluence")]);

    let unknown = sim.get(&group_roles("nope", "")).await;
    assert_eq!(
        (unknown.status, code(&unknown)),
        (StatusCode::NOT_FOUND, "ADMIN-404-10")
    );
    let wrong_directory = sim
        .get(&format!(
            "/admin/v2/orgs/{ORG_ID}/directories/{DIR_IDP}/groups/{G_EU_BOTH}/role-assignments"
        ))
        .await;
    assert_eq!(wrong_directory.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn user_role_assignments_say_how_each_role_is_held() {
    let sim = Sim::start(seats_org()).await;
    let ivy = sim.get(&user_roles(IVY_INVITED, "")).await;
    assert_eq!(ivy.status, StatusCode::OK, "{}", ivy.text);
    let data = &ivy.json["data"];
    assert_eq!(
        strs(data, "resourceId"),
        [
            site_id("jira"),
            site_id("confluence"),
            site_id("jira-service-desk"),
            eu_site("jira"),
            eu_site("confluence")
        ]
    );
    let jsm = &data[2];
    assert_eq!(jsm["resourceOwner"], "jira-service-desk");
    assert_eq!(jsm["roles"], json!(["atlassian/user"]));
    assert_eq!(
        jsm["roleAssignments"],
        json!([{ "role": "atlassian/user", "roleAssignmentMethods": ["group_direct", "direct"] }])
    );
    assert_eq!(jsm["directoryId"], DIR_MAIN);
    assert_eq!(jsm["userDirectoryStatus"], "active");
    assert_eq!(
        data[3]["roleAssignments"][0]["roleAssignmentMethods"],
        json!(["group_direct"])
    );

    let gina = sim.get(&user_roles(GINA_GUEST, "")).await;
    assert_eq!(gina.json["data"][0]["roles"], json!(["atlassian/guest"]));
    let by_role = sim
        .get(&user_roles(IVY_INVITED, "?roleIds=atlassian/guest"))
        .await;
    assert_eq!(by_role.json["data"], json!([]));
    let by_site = sim
        .get(&user_roles(
            IVY_INVITED,
            &format!("?resourceIds={}", eu_site("confluence")),
        ))
        .await;
    assert_eq!(strs(&by_site.json["data"], "resourceId"), [eu_site("confluence")]);
    let paged = sim.get(&user_roles(IVY_INVITED, "?limit=2")).await;
    let next = paged.json["links"]["next"].as_str().unwrap();
    let rest = sim
        .get(&user_roles(IVY_INVITED, &format!("?cursor={next}")))
        .await;
    assert_eq!(rest.json["data"].as_array().unwrap().len(), 2);
    assert!(rest.json["links"]["prev"].is_string());
    let bad_limit = sim.get(&user_roles(IVY_INVITED, "?limit=0")).await;
    assert_eq!(
        (bad_limit.status, code(&bad_limit)),
        (StatusCode::BAD_REQUEST, "ADMIN-400-24")
    );
    let unknown = sim.get(&user_roles("nobody", "")).await;
    assert_eq!(
        (unknown.status, code(&unknown)),
        (StatusCode::NOT_FOUND, "ADMIN-404-8")
    );
}

#[tokio::test]
async fn product_access_and_last_active_dates_are_per_site() {
    let sim = Sim::start(seats_org()).await;
    let ivy = sim
        .search_all(
            "-",
            &json!({ "accountIds": [IVY_INVITED], "expand": ["productAccess"] }),
        )
        .await;
    let access = &ivy[0]["productAccess"];
    let jira: Vec<&Value> = access
        .as_array()
        .unwrap()
        .iter()
        .filter(|item| item["key"] == "jira")
        .collect();
    assert_eq!(jira.len(), 2, "{access}");
    assert_eq!(jira[0]["id"], site_id("jira"));
    assert_eq!(jira[0]["lastActiveTimestamp"], "2025-01-15T10:00:00Z");
    assert_eq!(jira[1]["id"], eu_site("jira"));
    assert_eq!(jira[1]["lastActiveTimestamp"], "2026-02-02T09:00:00Z");
    let dates = sim
        .get(&format!(
            "/admin/v1/orgs/{ORG_ID}/directory/users/{IVY_INVITED}/last-active-dates"
        ))
        .await;
    let ids = strs(&dates.json["data"]["product_access"], "id");
    assert!(
        ids.contains(&format!("ari:cloud:jira-software::site/{CLOUD_EU}").as_str()),
        "{ids:?}"
    );
    assert!(
        ids.contains(&format!("ari:cloud:jira-software::site/{CLOUD}").as_str()),
        "{ids:?}"
    );
}

#[tokio::test]
async fn groups_listing_filters_by_site_and_management_access_shows_idp_groups() {
    let sim = Sim::start(seats_org()).await;
    let listing = |query: String| {
        let sim = &sim;
        async move {
            sim.get(&format!("/admin/v2/orgs/{ORG_ID}/directories/-/groups{query}"))
                .await
        }
    };
    let on_eu = listing(format!(
        "?resourceIds={}&resourceOwners=confluence",
        eu_site("confluence")
    ))
    .await;
    assert_eq!(on_eu.status, StatusCode::OK, "{}", on_eu.text);
    assert_eq!(strs(&on_eu.json["data"], "id"), [G_EU_BOTH, G_EU_GUESTS]);
    let guests = listing(format!(
        "?resourceIds={}&roleIds=atlassian/guest",
        eu_site("confluence")
    ))
    .await;
    assert_eq!(strs(&guests.json["data"], "id"), [G_EU_GUESTS]);
    let jira_owners = listing("?resourceOwners=jira-software&limit=2".into()).await;
    assert_eq!(strs(&jira_owners.json["data"], "id"), [G_JIRA, G_OKTA]);
    assert!(jira_owners.json["links"]["next"].is_string());
    let searched = sim
        .post(
            &format!("/admin/v2/orgs/{ORG_ID}/directories/-/groups/search"),
            &json!({ "roleIds": ["atlassian/customer"] }),
        )
        .await;
    assert_eq!(strs(&searched.json["data"], "id"), [G_JSM_CUSTOMERS]);

    let okta = sim
        .get(&format!("/admin/v2/orgs/{ORG_ID}/directories/-/groups/{G_OKTA}"))
        .await;
    assert_eq!(
        okta.json["data"]["managementAccess"],
        json!({ "deletable": false, "modifiable": false, "readable": true })
    );
    assert_eq!(okta.json["data"]["managedBy"], "external");
    assert_eq!(okta.json["data"]["counts"]["resources"], 2);
    let both = sim
        .get(&format!(
            "/admin/v2/orgs/{ORG_ID}/directories/-/groups/{G_EU_BOTH}"
        ))
        .await;
    assert_eq!(both.json["data"]["managementAccess"]["modifiable"], true);
}

#[tokio::test]
async fn a_generated_multi_site_orgs_access_is_what_its_role_assignments_grant() {
    let options = GenerateOptions {
        users: 300,
        seed: 11,
        epoch: Utc.with_ymd_and_hms(2026, 4, 1, 0, 0, 0).single().unwrap(),
        hostile: false,
    };
    let org = generate_with_layout(&options, SiteLayout::Multi).unwrap();
    let again = generate_with_layout(&options, SiteLayout::Multi).unwrap();
    assert_eq!(org, again, "generation is deterministic");
    let org_id = org.id.clone();
    let sim = Sim::start(org.clone()).await;
    let sites = sim
        .post(
            &format!("/admin/v2/orgs/{org_id}/workspaces"),
            &json!({ "limit": 100 }),
        )
        .await;
    let site_ids: BTreeSet<String> = strs(&sites.json["data"], "id")
        .into_iter()
        .map(str::to_owned)
        .collect();
    assert_eq!(site_ids.len(), 6);
    let mut group_sites = std::collections::HashMap::new();
    for group in &org.groups {
        let roles = sim
            .get(&format!(
                "/admin/v2/orgs/{org_id}/directories/-/groups/{}/role-assignments",
                group.id
            ))
            .await;
        let ids: BTreeSet<String> = strs(&roles.json["data"], "resourceId")
            .into_iter()
            .map(str::to_owned)
            .collect();
        group_sites.insert(group.id.clone(), ids);
    }
    let users = sim
        .search_all(
            "-",
            &json!({ "expand": ["productAccess", "groups"], "limit": 100 }),
        )
        .await;
    let mut direct_seen = 0;
    for user in &users {
        let Some(access) = user.get("productAccess") else {
            continue;
        };
        let held: BTreeSet<String> = strs(access, "id").into_iter().map(str::to_owned).collect();
        assert!(held.is_subset(&site_ids));
        let mut granted: BTreeSet<String> = strs(&user["groups"], "id")
            .iter()
            .flat_map(|id| group_sites[*id].iter().cloned())
            .collect();
        let account = user["accountId"].as_str().unwrap();
        let roles = sim
            .get(&format!(
                "/admin/v2/orgs/{org_id}/directories/-/users/{account}/role-assignments"
            ))
            .await;
        for row in roles.json["data"].as_array().unwrap() {
            let methods = &row["roleAssignments"][0]["roleAssignmentMethods"];
            if methods
                .as_array()
                .unwrap()
                .iter()
                .any(|method| method == "direct")
            {
                direct_seen += 1;
                granted.insert(row["resourceId"].as_str().unwrap().to_owned());
            }
        }
        assert_eq!(held, granted, "{account}");
    }
    assert!(direct_seen > 0, "some direct assignments");
}

#[tokio::test]
async fn v1_billing_ignores_sites_held_only_through_free_roles() {
    let mut org = seats_org();
    let nina = org
        .users
        .iter_mut()
        .find(|user| user.account_id == NINA_NEVER)
        .unwrap();
    nina.groups = vec![G_EU_GUESTS.into()];
    nina.product_access[0].id = eu_site("confluence");
    let sim = Sim::start(org).await;
    let listed = sim.get(&format!("/admin/v1/orgs/{ORG_ID}/users")).await;
    let billable = |account: &str| {
        listed.json["data"]
            .as_array()
            .unwrap()
            .iter()
            .find(|user| user["account_id"] == account)
            .unwrap()["access_billable"]
            .clone()
    };
    assert_eq!(billable(NINA_NEVER), false, "a guest seat is free");
    assert_eq!(billable(IVY_INVITED), true);
    let nina_access = &listed.json["data"]
        .as_array()
        .unwrap()
        .iter()
        .find(|user| user["account_id"] == NINA_NEVER)
        .unwrap()["product_access"];
    assert_eq!(
        nina_access[0]["url"], "acme-eu.atlassian.net/wiki",
        "{nina_access}"
    );
}
