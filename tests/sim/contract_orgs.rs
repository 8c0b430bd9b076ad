//! Contract of org-level reads (orgs, domains, directories) and of the router's own answers to
//! unknown routes and wrong methods.

// Contract tests: helpers panic on any unexpected reply, like the tests themselves.
#![allow(clippy::unwrap_used)]

use crate::support::fixture;
use crate::support::server;

use fixture::*;
use reqwest::StatusCode;
use serde_json::{Value, json};
use server::{Sim, code};

#[tokio::test]
async fn orgs_and_domains_link_under_the_base_url() {
    let sim = Sim::start(fixture_org()).await;
    let org_url = sim.url(&format!("/admin/v1/orgs/{ORG_ID}"));
    let one = sim.get(&format!("/admin/v1/orgs/{ORG_ID}")).await;
    assert_eq!(one.status, StatusCode::OK);
    assert_eq!(
        one.json,
        json!({ "data": {
            "id": ORG_ID, "type": "orgs", "attributes": { "name": "Acme Corp" },
            "relationships": {
                "domains": { "links": { "related": format!("{org_url}/domains") } },
                "users": { "links": { "related": format!("{org_url}/users") } },
            },
            "links": { "self": org_url },
        } })
    );
    let list = sim.get("/admin/v1/orgs").await;
    assert_eq!(list.json["data"][0], one.json["data"]);
    assert_eq!(list.json["links"]["self"], sim.url("/admin/v1/orgs"));
    assert_eq!(list.json["links"]["next"], Value::Null);

    let domains = sim.get(&format!("/admin/v1/orgs/{ORG_ID}/domains")).await.json;
    assert_eq!(domains["data"].as_array().unwrap().len(), 2);
    assert_eq!(
        domains["data"][0]["attributes"],
        json!({ "name": "acme.example", "claim": { "type": "dns", "status": "verified" } })
    );
    assert_eq!(domains["data"][1]["attributes"]["claim"]["status"], "unverified");
    assert_eq!(
        domains["data"][0]["links"]["self"],
        format!("{org_url}/domains/d0a1b2c3-d4e5-4f60-8a1b-2c3d4e5f6a7b")
    );
    assert_eq!(domains["links"]["self"], format!("{org_url}/domains"));

    for path in [
        "/admin/v1/orgs/other",
        "/admin/v1/orgs/other/domains",
        "/admin/v2/orgs/other/directories",
    ] {
        let missing = sim.get(path).await;
        assert_eq!(
            (missing.status, code(&missing)),
            (StatusCode::NOT_FOUND, "ADMIN-404-2"),
            "{path}"
        );
        assert_eq!(missing.json["errors"][0]["title"], "ORG_NOT_FOUND");
    }
    let cursor = sim.get("/admin/v1/orgs?cursor=abc").await;
    assert_eq!(
        (cursor.status, code(&cursor)),
        (StatusCode::BAD_REQUEST, "ADMIN-400-1")
    );
}

async fn directory_ids(sim: &Sim, query: &str) -> Vec<String> {
    let reply = sim
        .get(&format!("/admin/v2/orgs/{ORG_ID}/directories?{query}"))
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    reply.json["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["directoryId"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn directories_filter_and_page_with_cursor_strings() {
    let sim = Sim::start(fixture_org()).await;
    let all = sim
        .get(&format!("/admin/v2/orgs/{ORG_ID}/directories"))
        .await
        .json;
    assert_eq!(
        all["data"][1],
        json!({ "directoryId": DIR_IDP, "name": "Okta (SCIM)", "icon": "https://admin.atlassian.com/static/idp-icon.png" })
    );
    assert!(all["links"]["self"].is_string());
    assert_eq!(
        (all["links"]["prev"].clone(), all["links"]["next"].clone()),
        (Value::Null, Value::Null)
    );
    assert_eq!(
        directory_ids(&sim, &format!("accountId={SAM_SYNCED}")).await,
        [DIR_IDP]
    );
    assert_eq!(
        directory_ids(&sim, &format!("accountId={PRIYA}")).await,
        [DIR_MAIN, DIR_IDP]
    );
    assert_eq!(directory_ids(&sim, "searchTerm=okta").await, [DIR_IDP]);
    assert_eq!(
        directory_ids(&sim, &format!("directoryIds={DIR_MAIN}")).await,
        [DIR_MAIN]
    );

    let first = sim
        .get(&format!("/admin/v2/orgs/{ORG_ID}/directories?limit=1"))
        .await
        .json;
    let next = first["links"]["next"].as_str().unwrap();
    assert!(!next.starts_with("http"), "v2 links are bare cursors");
    let query = url::form_urlencoded::Serializer::new(String::new())
        .append_pair("cursor", next)
        .finish();
    assert_eq!(directory_ids(&sim, &query).await, [DIR_IDP]);
    let bad = sim
        .get(&format!("/admin/v2/orgs/{ORG_ID}/directories?cursor=zz"))
        .await;
    assert_eq!((bad.status, code(&bad)), (StatusCode::BAD_REQUEST, "ADMIN-400-1"));
}

#[tokio::test]
async fn unknown_routes_and_wrong_methods_answer_in_the_api_envelope() {
    let sim = Sim::start(fixture_org()).await;
    for path in ["/admin/v1/orgs/x/nothing", "/admin/v3/anything", "/elsewhere"] {
        let reply = sim.get(path).await;
        assert_eq!(
            (reply.status, code(&reply)),
            (StatusCode::NOT_FOUND, "ADMIN-404-1"),
            "{path}"
        );
        assert_eq!(reply.json["errors"][0]["status"], "404");
    }
    let reply = sim.put(&format!("/admin/v1/orgs/{ORG_ID}")).await;
    assert_eq!(
        (reply.status, code(&reply)),
        (StatusCode::METHOD_NOT_ALLOWED, "ADMIN-405-1")
    );
    let reply = sim.delete(&format!("/users/{PRIYA}/manage/profile")).await;
    assert_eq!(
        (reply.status, code(&reply)),
        (StatusCode::METHOD_NOT_ALLOWED, "ADMIN-405-1")
    );
}
