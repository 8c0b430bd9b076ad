//! Each JSON example of the wire reference (copied verbatim into `tests/fixtures/reference/`) has
//! the same shape — the set of key paths with their JSON types — as what the simulator serves for
//! the equivalent request. Only the differences listed per example, each with its reason, are allowed.

// Contract tests: helpers panic on any unexpected reply, like the tests themselves.
#![allow(clippy::unwrap_used)]

use crate::support::fixture;
use crate::support::server;

use fixture::*;
use serde_json::{Value, json};
use server::Sim;
use std::collections::{BTreeMap, BTreeSet};

type Shape = BTreeMap<String, BTreeSet<&'static str>>;

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// Every key path (`data[].links.self`) with the set of types seen there; array items are merged.
fn shape(value: &Value) -> Shape {
    fn walk(value: &Value, path: &str, into: &mut Shape) {
        into.entry(path.to_owned()).or_default().insert(kind(value));
        match value {
            Value::Object(map) => {
                for (key, child) in map {
                    let child_path = if path.is_empty() {
                        key.clone()
                    } else {
                        format!("{path}.{key}")
                    };
                    walk(child, &child_path, into);
                }
            }
            Value::Array(items) => {
                for item in items {
                    walk(item, &format!("{path}[]"), into);
                }
            }
            _ => {}
        }
    }
    let mut into = Shape::new();
    walk(value, "", &mut into);
    into
}

/// Types agree when equal, or when one side only ever saw `null` (a nullable field).
fn without_null<'a>(types: &BTreeSet<&'a str>) -> BTreeSet<&'a str> {
    types.iter().copied().filter(|t| *t != "null").collect()
}

fn compatible(reference: &BTreeSet<&str>, served: &BTreeSet<&str>) -> bool {
    let (reference, served) = (without_null(reference), without_null(served));
    reference.is_empty() || served.is_empty() || reference == served
}

fn covered(path: &str, allowed: &[&str]) -> bool {
    allowed.iter().any(|prefix| {
        path == *prefix || path.starts_with(&format!("{prefix}.")) || path.starts_with(&format!("{prefix}[]"))
    })
}

fn reference(name: &str) -> Value {
    let path = format!("{}/tests/fixtures/reference/{name}", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
}

/// Compares shapes; `missing` may be absent from what is served, `extra` may be served beyond the example.
fn assert_same_shape(name: &str, served: &Value, missing: &[&str], extra: &[&str]) {
    let expected = shape(&reference(name));
    let actual = shape(served);
    let mut problems = Vec::new();
    for (path, types) in &expected {
        match actual.get(path) {
            None if covered(path, missing) => {}
            None => problems.push(format!("missing {path:?} ({types:?})")),
            Some(served_types) if !compatible(types, served_types) => {
                problems.push(format!("{path:?}: reference {types:?}, served {served_types:?}"));
            }
            Some(_) => {}
        }
    }
    for (path, types) in &actual {
        if !expected.contains_key(path) && !covered(path, extra) {
            problems.push(format!("extra {path:?} ({types:?})"));
        }
    }
    assert!(
        problems.is_empty(),
        "{name} differs from what the simulator serves:\n{}\nserved: {served:#}",
        problems.join("\n")
    );
}

#[tokio::test]
async fn org_api_examples_match_the_served_shapes() {
    let sim = Sim::start(fixture_org()).await;
    let org_path = format!("/admin/v1/orgs/{ORG_ID}");

    assert_same_shape("org.json", &sim.get(&org_path).await.json, &[], &[]);
    assert_same_shape(
        "domains.json",
        &sim.get(&format!("{org_path}/domains")).await.json,
        &[],
        &[],
    );
    assert_same_shape(
        "directories.json",
        &sim.get(&format!("/admin/v2/orgs/{ORG_ID}/directories"))
            .await
            .json,
        &[],
        &[],
    );
    assert_same_shape(
        "v1_users.json",
        &sim.get(&format!("{org_path}/users")).await.json,
        &[],
        &[],
    );
    assert_same_shape(
        "last_active_dates.json",
        &sim.get(&format!("{org_path}/directory/users/{PRIYA}/last-active-dates"))
            .await
            .json,
        &[],
        &[],
    );
    assert_same_shape(
        "group_details.json",
        &sim.get(&format!("/admin/v2/orgs/{ORG_ID}/directories/-/groups/{G_JIRA}"))
            .await
            .json,
        &[],
        &[],
    );
    // The reference example expands platformRoles, productAccess and groups and shows `counts`, so
    // the equivalent request also expands counts.resources.
    let search = sim
        .search(
            "-",
            &json!({ "accountIds": [PRIYA, JANE], "expand": ["platformRoles", "productAccess", "groups", "counts.resources"] }),
        )
        .await;
    assert_same_shape("v2_users_search.json", &search.json, &[], &[]);

    let bad_body = sim.search("-", &json!({ "limit": "many" })).await;
    assert_same_shape("org_error_400.json", &bad_body.json, &[], &[]);
    // `id` is optional in the envelope and the simulator does not send it.
    let not_found = sim
        .get(&format!("/admin/v2/orgs/{ORG_ID}/directories/-/users/nobody"))
        .await;
    assert_same_shape("org_error_envelope.json", &not_found.json, &["errors[].id"], &[]);
}

#[tokio::test]
async fn events_example_matches_the_served_shape() {
    let sim = Sim::start(fixture_org()).await;
    for verb in ["suspend", "restore"] {
        sim.post_empty(&format!(
            "/admin/v2/orgs/{ORG_ID}/directories/-/users/{IVY_INVITED}/{verb}"
        ))
        .await;
    }
    let events = sim.get(&format!("/admin/v1/orgs/{ORG_ID}/events?limit=1")).await;
    assert_same_shape(
        "events.json",
        &events.json,
        &[
            // The actor is the org API key: it has no email and no profile link.
            "data[].attributes.actor.email",
            "data[].attributes.actor.links",
            // The example's container is a Jira site with product-specific attributes.
            "data[].attributes.container[].attributes.siteName",
            "data[].attributes.container[].attributes.product",
            "data[].attributes.container[].attributes.issueKeyOrId",
            "data[].attributes.container[].attributes.siteHostName",
            // Loopback has no geolocation.
            "data[].attributes.location.countryName",
            "data[].attributes.location.regionName",
            "data[].attributes.location.city",
        ],
        &[
            // `actor.auth` is part of EventActorModel; context objects are free-form EventObjectModels.
            "data[].attributes.actor.auth",
            "data[].attributes.context[]",
            "data[].attributes.container[].attributes.name",
        ],
    );
}

#[tokio::test]
async fn user_management_examples_match_the_served_shapes() {
    let sim = Sim::start(fixture_org()).await;
    let synced = sim
        .get(&format!("/users/{PRIYA}/manage?privileges=lifecycle.enablement"))
        .await;
    assert_same_shape("um_permissions_synced.json", &synced.json, &[], &[]);
    assert_same_shape(
        "um_permissions_all.json",
        &sim.get(&format!("/users/{IVY_INVITED}/manage")).await.json,
        &[],
        &[],
    );
    let lifecycle = |account: &str| format!("/users/{account}/manage/lifecycle/disable");
    assert_same_shape(
        "um_forbidden.json",
        &sim.post_empty(&lifecycle(JANE)).await.json,
        &[],
        &[],
    );
    assert_same_shape(
        "um_forbidden_action.json",
        &sim.post_empty(&lifecycle(PRIYA)).await.json,
        &[],
        &[],
    );
    assert_same_shape(
        "um_account_not_found.json",
        &sim.post_empty(&lifecycle("nobody")).await.json,
        &[],
        &[],
    );
    assert_same_shape(
        "um_profile.json",
        &sim.get(&format!("/users/{PRIYA}/manage/profile")).await.json,
        // The simulated org keeps no locale per account.
        &["account.locale"],
        // Both are `extended_profile` fields of the User management spec.
        &[
            "account.extended_profile.organization",
            "account.extended_profile.location",
        ],
    );
}

#[test]
fn the_shape_comparison_catches_differences() {
    let reference = json!({ "a": [{ "b": 1, "c": null }] });
    assert_eq!(shape(&reference).len(), 5, "root, a, a[], a[].b, a[].c");
    assert!(compatible(&shape(&json!("x"))[""], &shape(&json!(null))[""]));
    assert!(!compatible(&shape(&json!("x"))[""], &shape(&json!(1))[""]));
    assert!(covered("a[].b", &["a[]"]));
    assert!(covered("a.b.c", &["a.b"]));
    assert!(!covered("a.bc", &["a.b"]));
    let renamed = json!({ "data": { "id": "x", "type": "orgs", "attributes": { "displayName": "Acme" } } });
    assert!(std::panic::catch_unwind(|| assert_same_shape("org.json", &renamed, &[], &[])).is_err());
}
