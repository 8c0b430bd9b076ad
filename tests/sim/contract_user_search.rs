//! Contract of `POST /admin/v2/orgs/{orgId}/directories/{directoryId}/users/search`: item shapes,
//! expansions, every filter, and every refusal with its exact envelope.

// Contract tests: helpers panic on any unexpected reply, like the tests themselves.
#![allow(clippy::unwrap_used)]

use crate::support::fixture;
use crate::support::server;

use fixture::*;
use reqwest::StatusCode;
use serde_json::{Value, json};
use server::{Sim, code, ids};

fn find<'a>(items: &'a [Value], account_id: &str) -> &'a Value {
    items.iter().find(|item| item["accountId"] == account_id).unwrap()
}

#[tokio::test]
async fn unexpanded_items_carry_the_base_fields_only() {
    let sim = Sim::start(fixture_org()).await;
    let reply = sim.search("-", &json!({})).await;
    assert_eq!(reply.status, StatusCode::OK);
    let items = reply.json["data"].as_array().unwrap();
    assert_eq!(
        ids(items),
        FIXTURE_ACCOUNTS.map(String::from).to_vec(),
        "stored order, every user once"
    );
    let priya = find(items, PRIYA);
    for absent in ["platformRoles", "productAccess", "groups", "counts"] {
        assert!(
            priya.get(absent).is_none(),
            "{absent} must be absent without expand"
        );
    }
    assert_eq!(priya["status"], "active");
    assert_eq!(priya["membershipStatus"], "active");
    assert_eq!(priya["addedToOrg"], "2022-05-11T08:02:44.000Z");
    assert_eq!(priya["managementSource"], "synced");
    assert_eq!(priya["organization"], "Acme Corp");
    assert_eq!(priya["avatar"], priya["picture"]);
    assert!(priya["links"]["self"].is_string());
    assert_eq!(priya["deactivatedOn"], Value::Null);
    assert_eq!(reply.json["links"]["prev"], Value::Null);
    assert_eq!(reply.json["links"]["next"], Value::Null);
    assert!(reply.json["links"]["self"].is_string());

    let jane = find(items, JANE);
    assert_eq!(jane["status"], "suspended");
    assert_eq!(jane["managementSource"], Value::Null);
    assert!(jane.get("organization").is_none());
    let tom = find(items, TOM);
    assert_eq!(tom["status"], "deactivated");
    assert_eq!(tom["deactivatedOn"], "2025-12-01T10:00:00.000Z");
    assert_eq!(find(items, NOAH_NO_MEMBERSHIP)["status"], "not_invited");
    assert_eq!(find(items, DANA_DELETING)["status"], "for_deletion");
    assert_eq!(find(items, DANA_DELETING)["forDeletion"], true);
}

#[tokio::test]
async fn hostile_records_keep_unknown_values_extra_fields_and_omit_an_empty_email() {
    let sim = Sim::start(fixture_org()).await;
    let items = sim
        .search_all("-", &json!({ "accountIds": [HARRY_HOSTILE] }))
        .await;
    let harry = &items[0];
    assert!(harry.get("email").is_none());
    assert_eq!(harry["accountType"], "robot-from-the-future");
    assert_eq!(harry["name"], "Harry \u{202e}Hostile");
    assert_eq!(harry["futureField"], json!({ "nested": [1, 2, 3] }));
    assert_eq!(harry["riskScore"], json!(0.75));
}

#[tokio::test]
async fn expansions_add_product_access_groups_roles_and_counts() {
    let sim = Sim::start(fixture_org()).await;
    let expand = json!(["productAccess", "platformRoles", "groups", "counts.resources"]);
    let items = sim.search_all("-", &json!({ "expand": expand })).await;
    let priya = find(&items, PRIYA);
    assert_eq!(
        priya["productAccess"],
        json!([
            { "key": "jira", "id": format!("ari:cloud:jira::site/{CLOUD}"), "lastActiveTimestamp": "2026-03-02T09:14:27Z" },
            { "key": "confluence", "id": format!("ari:cloud:confluence::site/{CLOUD}"), "lastActiveTimestamp": "2025-11-18T16:40:05Z" },
        ])
    );
    assert_eq!(priya["platformRoles"], json!([]));
    assert_eq!(priya["counts"], json!({ "resources": 2 }));
    assert_eq!(
        priya["groups"],
        json!([
            { "id": G_JIRA, "name": "jira-software-users-acme", "description": "Default Jira access" },
            { "id": G_CONF, "name": "confluence-users-acme", "description": null },
            { "id": G_OKTA, "name": "okta-engineering", "description": null },
        ])
    );
    assert_eq!(
        find(&items, OLGA_ADMIN)["platformRoles"],
        json!(["atlassian/org-admin"])
    );
    // Access never used: no lastActiveTimestamp.
    assert_eq!(
        find(&items, BOT)["productAccess"],
        json!([{ "key": "jira", "id": format!("ari:cloud:jira::site/{CLOUD}") }])
    );
    // search_omits_activity: productAccess absent even though expanded; other expansions stay.
    let omar = find(&items, OMAR_OMITS);
    assert!(omar.get("productAccess").is_none());
    assert_eq!(omar["groups"].as_array().unwrap().len(), 2);

    // Groups are limited to the directory in the path.
    let in_main = sim
        .search_all(DIR_MAIN, &json!({ "expand": ["groups"], "accountIds": [PRIYA] }))
        .await;
    let group_ids: Vec<&str> = in_main[0]["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["id"].as_str().unwrap())
        .collect();
    assert_eq!(group_ids, [G_JIRA, G_CONF]);
}

async fn matching(sim: &Sim, directory: &str, body: Value) -> Vec<String> {
    ids(&sim.search_all(directory, &body).await)
}

#[tokio::test]
async fn every_filter_selects_exactly_its_users() {
    let sim = Sim::start(fixture_org()).await;
    let jsm = format!("ari:cloud:jira-service-desk::site/{CLOUD}");
    let cases: Vec<(Value, Vec<&str>)> = vec![
        (json!({ "accountIds": [TOM, PRIYA] }), vec![PRIYA, TOM]),
        (json!({ "directoryIds": [DIR_IDP] }), vec![PRIYA, SAM_SYNCED]),
        (json!({ "groupIds": [G_TEAM] }), vec![NINA_NEVER, IVY_INVITED]),
        (json!({ "claimStatus": "unmanaged" }), vec![JANE, HARRY_HOSTILE]),
        (json!({ "status": ["suspended"] }), vec![JANE]),
        (
            json!({ "status": ["deactivated", "for_deletion"] }),
            vec![TOM, DANA_DELETING],
        ),
        (json!({ "status": ["not_invited"] }), vec![NOAH_NO_MEMBERSHIP]),
        (json!({ "accountStatus": ["inactive"] }), vec![TOM]),
        (
            json!({ "membershipStatus": ["no_membership", "suspended"] }),
            vec![JANE, NOAH_NO_MEMBERSHIP],
        ),
        (json!({ "emailDomains": ["FREELANCE.example"] }), vec![JANE]),
        (
            json!({ "emailDomains": ["serviceaccount.atlassian.com"] }),
            vec![BOT],
        ),
        (json!({ "searchTerm": "RAMAN" }), vec![PRIYA]),
        (json!({ "searchTerm": "jane.k" }), vec![JANE]),
        (json!({ "searchTerm": "ci-bot@" }), vec![BOT]),
        (
            json!({ "emails": ["PRIYA.RAMAN@acme.example", "nobody@acme.example"] }),
            vec![PRIYA],
        ),
        (json!({ "emails": ["priya"] }), vec![]),
        (json!({ "mfaEnabled": true }), vec![PRIYA]),
        (json!({ "roleIds": ["atlassian/org-admin"] }), vec![OLGA_ADMIN]),
        (json!({ "resourceIds": [jsm] }), vec![OMAR_OMITS]),
        (
            json!({ "claimStatus": "managed", "groupIds": [G_JIRA], "status": ["active"] }),
            vec![PRIYA, OLGA_ADMIN, BOT, OMAR_OMITS, IVY_INVITED],
        ),
    ];
    for (body, expected) in cases {
        assert_eq!(matching(&sim, "-", body.clone()).await, expected, "{body}");
    }
    assert_eq!(matching(&sim, DIR_IDP, json!({})).await, [PRIYA, SAM_SYNCED]);
    let main: Vec<&str> = FIXTURE_ACCOUNTS
        .iter()
        .copied()
        .filter(|id| *id != NOAH_NO_MEMBERSHIP && *id != SAM_SYNCED)
        .collect();
    assert_eq!(matching(&sim, DIR_MAIN, json!({})).await, main);
}

async fn refused(sim: &Sim, directory: &str, body: &'static str) -> (StatusCode, String, Value) {
    let reply = sim
        .post_raw(
            &format!("/admin/v2/orgs/{ORG_ID}/directories/{directory}/users/search"),
            body,
        )
        .await;
    (reply.status, code(&reply).to_owned(), reply.json)
}

#[tokio::test]
async fn bad_bodies_limits_and_cursors_are_refused_with_the_org_envelope() {
    let sim = Sim::start(fixture_org()).await;
    for body in [
        r#"{"searchTerm":"a","emails":["a@b.c"]}"#,
        r#"{"limit":101}"#,
        r#"{"limit":0}"#,
        r#"{"limit":"ten"}"#,
        r#"{"limit":-1}"#,
        r#"{"acountIds":["typo"]}"#,
        r#"{"expand":["everything"]}"#,
        r#"{"status":["bogus"]}"#,
        r#"{"claimStatus":["managed"]}"#,
        r#"{"accountIds":["1","2","3","4","5","6","7","8","9","10","11"]}"#,
        r#"{"sortBy":[{"field":"email","direction":"asc"}]}"#,
        r#"{"accountIds":"not-a-list"}"#,
        "{",
        "[]",
    ] {
        let (status, error_code, json) = refused(&sim, "-", body).await;
        assert_eq!(
            (status, error_code.as_str()),
            (StatusCode::BAD_REQUEST, "ADMIN-400-24"),
            "{body}"
        );
        assert_eq!(json["errors"][0]["status"], "400");
        assert_eq!(json["errors"][0]["title"], "INVALID_PARAM");
        assert!(json["errors"][0]["detail"].as_str().unwrap().len() > 5);
    }
    let (status, error_code, json) = refused(&sim, "-", r#"{"cursor":"definitely-not-ours"}"#).await;
    assert_eq!(
        (status, error_code.as_str()),
        (StatusCode::BAD_REQUEST, "ADMIN-400-1")
    );
    assert_eq!(json["errors"][0]["status"], "400");

    let first = sim.search(DIR_MAIN, &json!({ "limit": 2 })).await;
    let next = first.json["links"]["next"].as_str().unwrap();
    let elsewhere = sim.search(DIR_IDP, &json!({ "cursor": next })).await;
    assert_eq!(
        (elsewhere.status, code(&elsewhere)),
        (StatusCode::BAD_REQUEST, "ADMIN-400-1")
    );

    let (status, error_code, _) = refused(&sim, "no-such-directory", "{}").await;
    assert_eq!(
        (status, error_code.as_str()),
        (StatusCode::NOT_FOUND, "ADMIN-404-1")
    );
    let wrong_org = sim
        .post_raw("/admin/v2/orgs/other-org/directories/-/users/search", "{}")
        .await;
    assert_eq!(
        (wrong_org.status, code_of(&wrong_org)),
        (StatusCode::NOT_FOUND, "ADMIN-404-2".to_owned())
    );
    let wrong_method = sim
        .get(&format!("/admin/v2/orgs/{ORG_ID}/directories/-/users/search"))
        .await;
    assert_eq!(
        (wrong_method.status, code_of(&wrong_method)),
        (StatusCode::METHOD_NOT_ALLOWED, "ADMIN-405-1".to_owned())
    );
}

fn code_of(reply: &server::Reply) -> String {
    code(reply).to_owned()
}

#[tokio::test]
async fn an_empty_body_is_the_first_page_of_everyone() {
    let sim = Sim::start(fixture_org()).await;
    let reply = sim
        .post_raw(&format!("/admin/v2/orgs/{ORG_ID}/directories/-/users/search"), "")
        .await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(
        reply.json["data"].as_array().unwrap().len(),
        FIXTURE_ACCOUNTS.len()
    );
}
