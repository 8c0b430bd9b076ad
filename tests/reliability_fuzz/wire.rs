//! The wire decoders: `api::decode_response` (what the client runs on every 2xx body) into each
//! model type the client reads, then `api::convert` into domain types. Inputs: raw bytes, and the
//! reference examples (`tests/fixtures/reference/`) mutated as text and as JSON values.

use super::harness::{self, Outcome, check_message};
use super::mutate::{self, HUGE_NUMBERS, Mutation, ODD_TEXT};
use dormant::api::model::{
    DirectoryGroup, DirectoryRecord, DirectoryUser, DomainRecord, ErrorEnvelope, LastActiveDates,
    ManagedAccountsPage, OrgRecord, Page, Single,
};
use dormant::api::{ApiError, Endpoint, convert, decode_response};
use dormant::directory::{DirectoryId, Interner};
use dormant::store::Secret;
use proptest::prelude::*;
use proptest::sample::Index;
use serde_json::Value;

/// Each reference example with the type the client decodes it into.
const EXAMPLES: [(Kind, &str); 8] = [
    (
        Kind::Users,
        include_str!("../fixtures/reference/v2_users_search.json"),
    ),
    (Kind::Managed, include_str!("../fixtures/reference/v1_users.json")),
    (
        Kind::Directories,
        include_str!("../fixtures/reference/directories.json"),
    ),
    (Kind::Domains, include_str!("../fixtures/reference/domains.json")),
    (Kind::Org, include_str!("../fixtures/reference/org.json")),
    (
        Kind::LastActive,
        include_str!("../fixtures/reference/last_active_dates.json"),
    ),
    (
        Kind::Group,
        include_str!("../fixtures/reference/group_details.json"),
    ),
    (
        Kind::Errors,
        include_str!("../fixtures/reference/org_error_400.json"),
    ),
];

/// Every enum value of the wire types, to be swapped for values the API may add later.
const ENUM_VALUES: &[&str] = &[
    "atlassian",
    "app",
    "customer",
    "active",
    "suspended",
    "not_invited",
    "deactivated",
    "for_deletion",
    "inactive",
    "closed",
    "partial",
    "no_membership",
    "managed",
    "unmanaged",
    "invited",
    "synced",
    "atlassian/org-admin",
    "atlassian/site-admin",
    "atlassian/user-access-admin",
    "atlassian/ai-access",
];

#[derive(Debug, Clone, Copy)]
enum Kind {
    Users,
    Managed,
    Directories,
    Domains,
    Org,
    LastActive,
    Group,
    Errors,
}

/// Decodes `body` as `kind` and converts what decoded; the decoded value's `Debug` on success.
fn decode(kind: Kind, body: &[u8]) -> Result<Result<String, String>, TestCaseError> {
    let endpoint = Endpoint {
        method: "GET",
        path: "/admin/v1/orgs/org-1/fuzz".to_owned(),
    };
    let key = Secret::new("fuzz-key-0123456789abcdef".to_owned());
    let mut interner = Interner::default();
    let directory = DirectoryId::from("dir-1");
    let decoded: Result<String, ApiError> = match kind {
        Kind::Users => decode_response::<Page<DirectoryUser>>(&endpoint, body, &key).map(|page| {
            let mut shown = format!("{page:?}");
            for user in page.data {
                shown += &format!("{:?}", convert::user(user, Some(&directory), &mut interner));
            }
            shown
        }),
        Kind::Managed => {
            decode_response::<ManagedAccountsPage>(&endpoint, body, &key).map(|page| format!("{page:?}"))
        }
        Kind::Directories => decode_response::<Page<DirectoryRecord>>(&endpoint, body, &key).map(|page| {
            let mut shown = format!("{page:?}");
            for record in page.data {
                shown += &format!("{:?}", convert::directory_info(record, &mut interner));
            }
            shown
        }),
        Kind::Domains => decode_response::<Page<DomainRecord>>(&endpoint, body, &key).map(|page| {
            let mut shown = format!("{page:?}");
            for record in page.data {
                shown += &format!("{:?}", convert::domain(record));
            }
            shown
        }),
        Kind::Org => decode_response::<Single<OrgRecord>>(&endpoint, body, &key).map(|single| {
            let shown = format!("{single:?}");
            format!("{shown}{:?}", convert::org(single.data))
        }),
        Kind::LastActive => decode_response::<LastActiveDates>(&endpoint, body, &key).map(|dates| {
            let catalog = convert::ProductCatalog::default();
            let activity = convert::activity_from_last_active(&dates.data, &catalog, &mut interner);
            let added = convert::added_to_org(&dates.data);
            format!("{dates:?}{activity:?}{added:?}")
        }),
        Kind::Group => decode_response::<Single<DirectoryGroup>>(&endpoint, body, &key).map(|single| {
            let shown = format!("{single:?}");
            format!("{shown}{:?}", convert::group(single.data, &mut interner))
        }),
        Kind::Errors => {
            decode_response::<ErrorEnvelope>(&endpoint, body, &key).map(|envelope| format!("{envelope:?}"))
        }
    };
    Ok(match decoded {
        Ok(shown) => Ok(shown),
        Err(error) => {
            let message = error.to_string();
            check_message(&message, false)?;
            prop_assert!(!message.contains("fuzz-key-0123456789abcdef"), "key in {message}");
            prop_assert!(
                matches!(error, ApiError::Decode { .. }),
                "not a decode error: {error:?}"
            );
            Err(message)
        }
    })
}

/// A change to one node of the parsed example.
#[derive(Debug, Clone)]
enum Edit {
    /// Adds a field no version of the API sends: must change nothing.
    AddUnknownField(Index, String),
    /// Replaces an enum value with one the API may add: must still decode.
    UnknownEnumValue(Index, String),
    RemoveField(Index),
    Null(Index),
    TypeSwap(Index, u8),
    HugeNumber(Index, Index),
    OddString(Index, Index, usize),
    DuplicateItem(Index),
}

fn edit() -> impl Strategy<Value = Edit> {
    let index = any::<Index>;
    prop_oneof![
        (index(), "[a-z]{1,8}").prop_map(|(at, name)| Edit::AddUnknownField(at, format!("zzFuzz{name}"))),
        (index(), "[a-z_/-]{1,12}").prop_map(|(at, value)| Edit::UnknownEnumValue(at, format!("zz{value}"))),
        index().prop_map(Edit::RemoveField),
        index().prop_map(Edit::Null),
        (index(), 0..6_u8).prop_map(|(at, to)| Edit::TypeSwap(at, to)),
        (index(), index()).prop_map(|(at, which)| Edit::HugeNumber(at, which)),
        (index(), index(), 1..64_usize).prop_map(|(at, which, repeat)| Edit::OddString(at, which, repeat)),
        index().prop_map(Edit::DuplicateItem),
    ]
}

/// JSON pointers of every node under `value`.
fn pointers(value: &Value, at: &str, out: &mut Vec<String>) {
    out.push(at.to_owned());
    match value {
        Value::Object(map) => {
            for (name, child) in map {
                pointers(
                    child,
                    &format!("{at}/{}", name.replace('~', "~0").replace('/', "~1")),
                    out,
                );
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                pointers(child, &format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

/// Applies `edit`; says whether the decoded value must be unchanged (`Some(true)`), must still
/// decode (`Some(false)`), or may fail (`None`).
fn apply(value: &mut Value, edit: &Edit) -> Option<bool> {
    let mut all = Vec::new();
    pointers(value, "", &mut all);
    let node = |at: &Index| all[at.index(all.len())].clone();
    match edit {
        Edit::AddUnknownField(at, name) => {
            let objects: Vec<&String> = all
                .iter()
                .filter(|p| value.pointer(p).is_some_and(Value::is_object))
                .collect();
            if objects.is_empty() {
                return None;
            }
            let target = objects[at.index(objects.len())].clone();
            let object = value.pointer_mut(&target)?.as_object_mut()?;
            object.insert(name.clone(), serde_json::json!({"nested": [1, "two", null]}));
            Some(true)
        }
        Edit::UnknownEnumValue(at, new) => {
            let enums: Vec<&String> = all
                .iter()
                .filter(|p| {
                    value
                        .pointer(p)
                        .and_then(Value::as_str)
                        .is_some_and(|s| ENUM_VALUES.contains(&s))
                })
                .collect();
            if enums.is_empty() {
                return Some(true);
            }
            let target = enums[at.index(enums.len())].clone();
            *value.pointer_mut(&target)? = Value::String(new.clone());
            Some(false)
        }
        Edit::RemoveField(at) => {
            let target = node(at);
            let (parent, name) = target.rsplit_once('/')?;
            match value.pointer_mut(parent)? {
                Value::Object(map) => drop(map.remove(&name.replace("~1", "/").replace("~0", "~"))),
                Value::Array(items) => drop(
                    name.parse::<usize>()
                        .ok()
                        .filter(|&i| i < items.len())
                        .map(|i| items.remove(i)),
                ),
                _ => {}
            }
            None
        }
        Edit::Null(at) => {
            *value.pointer_mut(&node(at))? = Value::Null;
            None
        }
        Edit::TypeSwap(at, to) => {
            let slot = value.pointer_mut(&node(at))?;
            *slot = match to {
                0 => Value::from(slot.to_string()),
                1 => Value::from(7),
                2 => Value::from(true),
                3 => Value::Array(vec![slot.clone()]),
                4 => serde_json::json!({ "value": slot.clone() }),
                _ => Value::from(-2.5),
            };
            None
        }
        Edit::HugeNumber(at, which) => {
            let text = HUGE_NUMBERS[which.index(HUGE_NUMBERS.len())];
            *value.pointer_mut(&node(at))? = serde_json::from_str(text).unwrap_or_else(|_| Value::from(text));
            None
        }
        Edit::OddString(at, which, repeat) => {
            let text = ODD_TEXT[which.index(ODD_TEXT.len())].repeat(*repeat);
            *value.pointer_mut(&node(at))? = Value::String(text);
            None
        }
        Edit::DuplicateItem(at) => {
            let arrays: Vec<&String> = all
                .iter()
                .filter(|p| {
                    value
                        .pointer(p)
                        .is_some_and(|v| v.as_array().is_some_and(|a| !a.is_empty()))
                })
                .collect();
            if arrays.is_empty() {
                return None;
            }
            let target = arrays[at.index(arrays.len())].clone();
            let items = value.pointer_mut(&target)?.as_array_mut()?;
            items.push(items[0].clone());
            None
        }
    }
}

fn example() -> impl Strategy<Value = usize> {
    0..EXAMPLES.len()
}

pub fn raw() -> Outcome {
    harness::run(
        "wire raw",
        (example(), mutate::raw_bytes(300)),
        |(example, bytes)| decode(EXAMPLES[example].0, &bytes).map(drop),
    )
}

pub fn mutated_text() -> Outcome {
    harness::run(
        "wire text",
        (example(), mutate::mutations()),
        |(example, mutations): (usize, Vec<Mutation>)| {
            let (kind, text) = EXAMPLES[example];
            prop_assert!(
                decode(kind, text.as_bytes())?.is_ok(),
                "reference example {kind:?} refused"
            );
            decode(kind, &mutate::apply_all(text.as_bytes(), &mutations)).map(drop)
        },
    )
}

pub fn mutated_values() -> Outcome {
    let edits = proptest::collection::vec(edit(), 1..=3);
    harness::run("wire values", (example(), edits), |(example, edits)| {
        let (kind, text) = EXAMPLES[example];
        let original = decode(kind, text.as_bytes())?.map_err(TestCaseError::fail)?;
        let mut value: Value = serde_json::from_str(text).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let mut promise = Some(true);
        for edit in &edits {
            promise = match (promise, apply(&mut value, edit)) {
                (Some(a), Some(b)) => Some(a && b),
                _ => None,
            };
        }
        let body = serde_json::to_vec(&value).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let decoded = decode(kind, &body)?;
        match promise {
            Some(true) => prop_assert_eq!(decoded, Ok(original), "unknown fields changed the decoded value"),
            Some(false) => prop_assert!(decoded.is_ok(), "an unknown enum value was refused: {decoded:?}"),
            None => {}
        }
        Ok(())
    })
}
