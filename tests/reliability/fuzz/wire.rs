//! The wire decoders: `api::decode_response` (what the client runs on every 2xx body) into each
//! model type the client reads, then `api::convert` into domain types. Inputs: raw bytes, and the
//! reference examples (`tests/fixtures/reference/`) mutated as text and as JSON values.

use super::harness::{self, Outcome, check_message};
use super::json_edit::{apply, edit};
use super::mutate::{self, Mutation};
use dormant::api::model::{
    DirectoryGroup, DirectoryRecord, DirectoryUser, DomainRecord, ErrorEnvelope, LastActiveDates,
    ManagedAccountsPage, OrgRecord, Page, Single,
};
use dormant::api::{ApiError, Endpoint, convert, decode_response};
use dormant::directory::{DirectoryId, Interner};
use dormant::types::Secret;
use proptest::prelude::*;
use serde_json::Value;
use std::fmt::Write as _;

/// Each reference example with the type the client decodes it into.
const EXAMPLES: [(Kind, &str); 8] = [
    (
        Kind::Users,
        include_str!("../../fixtures/reference/v2_users_search.json"),
    ),
    (
        Kind::Managed,
        include_str!("../../fixtures/reference/v1_users.json"),
    ),
    (
        Kind::Directories,
        include_str!("../../fixtures/reference/directories.json"),
    ),
    (
        Kind::Domains,
        include_str!("../../fixtures/reference/domains.json"),
    ),
    (Kind::Org, include_str!("../../fixtures/reference/org.json")),
    (
        Kind::LastActive,
        include_str!("../../fixtures/reference/last_active_dates.json"),
    ),
    (
        Kind::Group,
        include_str!("../../fixtures/reference/group_details.json"),
    ),
    (
        Kind::Errors,
        include_str!("../../fixtures/reference/org_error_400.json"),
    ),
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
                write!(
                    shown,
                    "{:?}",
                    convert::user(user, Some(&directory), &mut interner)
                )
                .unwrap();
            }
            shown
        }),
        Kind::Managed => {
            decode_response::<ManagedAccountsPage>(&endpoint, body, &key).map(|page| format!("{page:?}"))
        }
        Kind::Directories => decode_response::<Page<DirectoryRecord>>(&endpoint, body, &key).map(|page| {
            let mut shown = format!("{page:?}");
            for record in page.data {
                write!(shown, "{:?}", convert::directory_info(record, &mut interner)).unwrap();
            }
            shown
        }),
        Kind::Domains => decode_response::<Page<DomainRecord>>(&endpoint, body, &key).map(|page| {
            let mut shown = format!("{page:?}");
            for record in page.data {
                write!(shown, "{:?}", convert::domain(record)).unwrap();
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
