//! User management shapes (reference §2): the `GET /users/{id}/manage/profile` account and the
//! `GET /users/{id}/manage` permission object. Owns shapes only; the lifecycle rule itself lives in
//! `state::lifecycle_restriction`.

use crate::sim::model::SimUser;
use crate::sim::state::{LifecycleRestriction, lifecycle_restriction};
use serde_json::{Map, Value, json};

/// Every privilege the API knows, in the order the reference lists them; `profile` is deprecated
/// and only served when asked for by name.
pub const PRIVILEGES: [&str; 8] = [
    "profile",
    "profile.write",
    "profile.read",
    "email.set",
    "lifecycle.enablement",
    "lifecycle.delete",
    "apiToken.read",
    "apiToken.delete",
];

const PROFILE_FIELDS: [&str; 8] = [
    "name",
    "nickname",
    "zoneinfo",
    "locale",
    "extended_profile.job_title",
    "extended_profile.organization",
    "extended_profile.department",
    "extended_profile.location",
];

const SCIM: &str = "externalDirectory.scim";

fn rule(unallowed: Option<&str>) -> Value {
    match unallowed {
        None => json!({ "allowed": true }),
        Some(reason) => json!({ "allowed": false, "reason": { "key": reason } }),
    }
}

/// The permission object for a managed account; `wanted` empty means every current privilege.
#[must_use]
pub fn permissions(user: &SimUser, wanted: &[&str]) -> Value {
    let synced = (user.management_source.as_deref() == Some("synced")).then_some(SCIM);
    let lifecycle = match lifecycle_restriction(user) {
        Some(LifecycleRestriction::Unallowed(reason)) => Some(reason),
        Some(LifecycleRestriction::Unmanaged) | None => None,
    };
    let profile_write = || {
        let fields: Map<String, Value> = PROFILE_FIELDS
            .iter()
            .map(|field| ((*field).to_owned(), rule(synced)))
            .collect();
        Value::Object(fields)
    };
    let mut object = Map::new();
    for privilege in PRIVILEGES {
        let asked = if wanted.is_empty() {
            privilege != "profile"
        } else {
            wanted.contains(&privilege)
        };
        if !asked {
            continue;
        }
        let value = match privilege {
            "profile" | "profile.write" => profile_write(),
            "email.set" => rule(synced),
            "lifecycle.enablement" | "lifecycle.delete" => rule(lifecycle),
            _ => rule(None),
        };
        object.insert(privilege.to_owned(), value);
    }
    Value::Object(object)
}

/// `{"account": {...}}`; optional profile parts are absent when unknown.
#[must_use]
pub fn profile(user: &SimUser, org_name: &str) -> Value {
    let mut extended = Map::new();
    let managed = user.claim_status == "managed";
    for (key, value) in [
        ("job_title", user.job_title.as_deref()),
        ("organization", managed.then_some(org_name)),
        ("department", user.department.as_deref()),
        ("location", user.location.as_deref()),
    ] {
        if let Some(value) = value {
            extended.insert(key.to_owned(), Value::from(value));
        }
    }
    let mut account = Map::new();
    account.insert("account_id".into(), Value::from(user.account_id.as_str()));
    account.insert("account_type".into(), Value::from(user.account_type.as_str()));
    account.insert("account_status".into(), Value::from(user.account_status.as_str()));
    account.insert("name".into(), Value::from(user.name.as_str()));
    account.insert("nickname".into(), Value::from(user.nickname.as_str()));
    if !user.email.is_empty() {
        account.insert("email".into(), Value::from(user.email.as_str()));
    }
    account.insert("picture".into(), Value::from(user.picture.as_str()));
    if let Some(zone) = &user.time_zone {
        account.insert("zoneinfo".into(), Value::from(zone.as_str()));
    }
    account.insert("extended_profile".into(), Value::Object(extended));
    account.insert("characteristics".into(), json!({ "not_mentionable": false }));
    json!({ "account": account })
}
