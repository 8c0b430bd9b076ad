//! Contract of v2 groups: search (filters, counts, paging, refusals), details, and membership
//! removal (applied, repeated as a no-op, refused for IdP-synced groups), visible in every read.

// Contract tests: helpers panic on any unexpected reply, like the tests themselves.
#![allow(clippy::unwrap_used)]

use crate::support::fixture;
use crate::support::server;

use fixture::*;
use reqwest::StatusCode;
use serde_json::{Value, json};
use server::{Sim, code};

fn group_ids(reply: &server::Reply) -> Vec<String> {
    reply.json["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["id"].as_str().unwrap().to_owned())
        .collect()
}

async fn search(sim: &Sim, directory: &str, body: Value) -> server::Reply {
    sim.post(
        &format!("/admin/v2/orgs/{ORG_ID}/directories/{directory}/groups/search"),
        &body,
    )
    .await
}

#[tokio::test]
async fn group_search_filters_and_expands() {
    let sim = Sim::start(fixture_org()).await;
    let all = search(&sim, "-", json!({})).await;
    assert_eq!(all.status, StatusCode::OK);
    assert_eq!(group_ids(&all), [G_JIRA, G_CONF, G_OKTA, G_ADMINS, G_TEAM, G_JSM]);
    let jira = &all.json["data"][0];
    assert!(jira.get("counts").is_none(), "counts only when expanded");
    assert_eq!(
        jira["managementAccess"],
        json!({ "deletable": false, "modifiable": true, "readable": true })
    );
    assert_eq!(jira["directoryId"], DIR_MAIN);
    assert!(jira["links"]["self"].is_string());
    assert_eq!(all.json["links"]["next"], Value::Null);
    let okta = &all.json["data"][2];
    assert_eq!(
        (okta["externalSynced"].clone(), okta["managedBy"].clone()),
        (json!(true), json!("external"))
    );
    assert_eq!(okta["managementAccess"]["modifiable"], false);

    let cases: Vec<(Value, Vec<&str>)> = vec![
        (json!({ "searchTerm": "ACME" }), vec![G_JIRA, G_CONF]),
        (json!({ "groupIds": [G_TEAM, G_OKTA] }), vec![G_OKTA, G_TEAM]),
        (json!({ "groupNames": ["JSM-AGENTS", "team"] }), vec![G_JSM]),
        (json!({ "accountIds": [NINA_NEVER] }), vec![G_CONF, G_TEAM]),
        (json!({ "directoryIds": [DIR_IDP] }), vec![G_OKTA]),
        (json!({ "resourceOwners": ["jira-service-desk"] }), vec![G_JSM]),
        (
            json!({ "resourceIds": [format!("ari:cloud:confluence::site/{CLOUD}")] }),
            vec![G_CONF, G_OKTA],
        ),
        (
            json!({ "sortBy": [{ "field": "name", "direction": "asc" }], "searchTerm": "s" }),
            vec![G_CONF, G_JIRA, G_JSM, G_ADMINS],
        ),
    ];
    for (body, expected) in cases {
        assert_eq!(
            group_ids(&search(&sim, "-", body.clone()).await),
            expected,
            "{body}"
        );
    }
    assert_eq!(group_ids(&search(&sim, DIR_IDP, json!({})).await), [G_OKTA]);

    let counted = search(
        &sim,
        "-",
        json!({ "groupIds": [G_JIRA], "expand": ["counts.users", "counts.resources"] }),
    )
    .await;
    assert_eq!(
        counted.json["data"][0]["counts"],
        json!({ "users": 5, "resources": 1 })
    );
    let users_only = search(
        &sim,
        "-",
        json!({ "groupIds": [G_JIRA], "expand": ["counts.users"] }),
    )
    .await;
    assert_eq!(users_only.json["data"][0]["counts"], json!({ "users": 5 }));
}

#[tokio::test]
async fn group_search_pages_and_refuses_bad_input() {
    let sim = Sim::start(fixture_org()).await;
    let mut found = Vec::new();
    let mut reply = search(&sim, "-", json!({ "limit": 4 })).await;
    loop {
        found.extend(group_ids(&reply));
        let Some(next) = reply.json["links"]["next"].as_str() else {
            break;
        };
        reply = search(&sim, "-", json!({ "cursor": next, "searchTerm": "ignored" })).await;
    }
    assert_eq!(found, [G_JIRA, G_CONF, G_OKTA, G_ADMINS, G_TEAM, G_JSM]);
    assert_eq!(
        search(&sim, "-", json!({})).await.json["data"]
            .as_array()
            .unwrap()
            .len(),
        6,
        "default limit 20"
    );

    for body in [
        json!({ "groupNames": ["a"], "searchTerm": "a" }),
        json!({ "groupNames": ["a"], "groupIds": ["b"] }),
        json!({ "limit": 101 }),
        json!({ "expand": ["counts.everything"] }),
        json!({ "grupIds": [] }),
    ] {
        let bad = search(&sim, "-", body.clone()).await;
        assert_eq!(
            (bad.status, code(&bad)),
            (StatusCode::BAD_REQUEST, "ADMIN-400-24"),
            "{body}"
        );
    }
    let bad = search(&sim, "-", json!({ "cursor": "garbage" })).await;
    assert_eq!((bad.status, code(&bad)), (StatusCode::BAD_REQUEST, "ADMIN-400-1"));
    let users_cursor = sim.search("-", &json!({ "limit": 1 })).await.json["links"]["next"]
        .as_str()
        .unwrap()
        .to_owned();
    let bad = search(&sim, "-", json!({ "cursor": users_cursor })).await;
    assert_eq!(
        (bad.status, code(&bad)),
        (StatusCode::BAD_REQUEST, "ADMIN-400-1"),
        "a users cursor is not a groups cursor"
    );
}

#[tokio::test]
async fn group_details_and_not_found() {
    let sim = Sim::start(fixture_org()).await;
    let reply = sim
        .get(&format!("/admin/v2/orgs/{ORG_ID}/directories/-/groups/{G_JIRA}"))
        .await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.json["data"]["name"], "jira-software-users-acme");
    assert_eq!(reply.json["data"]["description"], "Default Jira access");
    assert_eq!(
        reply.json["data"]["counts"],
        json!({ "users": 5, "resources": 1 })
    );
    for path in [
        format!("/admin/v2/orgs/{ORG_ID}/directories/-/groups/nope"),
        format!("/admin/v2/orgs/{ORG_ID}/directories/{DIR_IDP}/groups/{G_JIRA}"),
    ] {
        let missing = sim.get(&path).await;
        assert_eq!(
            (missing.status, code(&missing)),
            (StatusCode::NOT_FOUND, "ADMIN-404-10"),
            "{path}"
        );
    }
}

fn membership(directory: &str, group: &str, account: &str) -> String {
    format!("/admin/v2/orgs/{ORG_ID}/directories/{directory}/groups/{group}/memberships/{account}")
}

#[tokio::test]
async fn removing_a_membership_changes_groups_access_counts_and_logs() {
    let sim = Sim::start(fixture_org()).await;
    let removed = sim.delete(&membership(DIR_MAIN, G_CONF, IVY_INVITED)).await;
    assert_eq!(removed.status, StatusCode::NO_CONTENT);
    assert!(removed.text.is_empty());

    let ivy = sim
        .search_all(
            "-",
            &json!({ "accountIds": [IVY_INVITED], "expand": ["groups", "productAccess"] }),
        )
        .await;
    let groups: Vec<&str> = ivy[0]["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["id"].as_str().unwrap())
        .collect();
    assert_eq!(groups, [G_JIRA, G_TEAM]);
    let products: Vec<&str> = ivy[0]["productAccess"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["key"].as_str().unwrap())
        .collect();
    assert_eq!(products, ["jira"], "confluence access came only from that group");
    assert_eq!(
        sim.dump_user(IVY_INVITED).await["groups"],
        json!([G_JIRA, G_TEAM])
    );
    let details = sim
        .get(&format!("/admin/v2/orgs/{ORG_ID}/directories/-/groups/{G_CONF}"))
        .await;
    assert_eq!(details.json["data"]["counts"]["users"], 2);
    let by_group = sim.search_all("-", &json!({ "groupIds": [G_CONF] })).await;
    assert_eq!(server::ids(&by_group), [PRIYA, NINA_NEVER]);

    // Priya keeps Confluence: the IdP group still grants it.
    assert_eq!(
        sim.delete(&membership("-", G_CONF, PRIYA)).await.status,
        StatusCode::NO_CONTENT
    );
    let priya = sim
        .search_all(
            "-",
            &json!({ "accountIds": [PRIYA], "expand": ["productAccess"] }),
        )
        .await;
    assert_eq!(priya[0]["productAccess"].as_array().unwrap().len(), 2);

    // Repeat: 404 in the org envelope, which a client treats as done (reference §1.14).
    let again = sim.delete(&membership(DIR_MAIN, G_CONF, IVY_INVITED)).await;
    assert_eq!(
        (again.status, code(&again)),
        (StatusCode::NOT_FOUND, "ADMIN-404-1")
    );
    assert_eq!(again.json["errors"][0]["status"], "404");
    assert!(
        again.json["errors"][0]["detail"]
            .as_str()
            .unwrap()
            .contains("not a member"),
        "{}",
        again.text
    );

    let synced = sim.delete(&membership("-", G_OKTA, PRIYA)).await;
    assert_eq!(synced.status, StatusCode::FORBIDDEN);
    assert_eq!(synced.json["errors"][0]["code"], "ADMIN-403-5");
    assert_eq!(synced.json["errors"][0]["status"], "403");
    let unknown_group = sim.delete(&membership("-", "nope", PRIYA)).await;
    assert_eq!(
        (unknown_group.status, code(&unknown_group)),
        (StatusCode::NOT_FOUND, "ADMIN-404-10")
    );
    let unknown_user = sim.delete(&membership("-", G_JIRA, "nobody")).await;
    assert_eq!(
        (unknown_user.status, code(&unknown_user)),
        (StatusCode::NOT_FOUND, "ADMIN-404-8")
    );

    let effects: Vec<Value> = sim.actions().await.iter().map(|a| a["effect"].clone()).collect();
    assert_eq!(
        effects,
        [
            "membership_removed",
            "membership_removed",
            "refused:not_a_member",
            "refused:synced_group",
            "refused:unknown_group",
            "refused:unknown_account"
        ]
    );
    let actions = sim.actions().await;
    assert_eq!(actions[0]["method"], "DELETE");
    assert_eq!(actions[0]["groupId"], G_CONF);
    assert_eq!(actions[0]["accountId"], IVY_INVITED);
    let events = sim.get(&format!("/admin/v1/orgs/{ORG_ID}/events")).await;
    let listed = events.json["data"].as_array().unwrap();
    assert_eq!(listed.len(), 2, "only applied changes are events");
    assert_eq!(listed[1]["attributes"]["action"], "user_removed_from_group");
    assert_eq!(listed[1]["attributes"]["context"][0]["id"], IVY_INVITED);
    assert_eq!(listed[1]["attributes"]["context"][1]["id"], G_CONF);
}
