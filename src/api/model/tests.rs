//! Every JSON example of the reference that the client reads decodes into its wire types
//! (reference §1.4–§1.11), from the copies in `tests/fixtures/reference/` the simulator's
//! contract tests share; the two examples not copied there are inlined. Examples of APIs this
//! client does not read (v1 search, events, user management, Jira, SCIM) belong elsewhere.

use super::*;
use chrono::{DateTime, Utc};

/// Reference §1.4 envelope.
const ERROR_TEMPLATE: &str = include_str!("../../../tests/fixtures/reference/org_error_envelope.json");

/// Reference §1.4, AX-196.
const ERROR_401_SCOPE: &str = r#"{"errors":[{"code":"ADMIN-401-2","status":"401","title":"INSUFFICIENT_SCOPE","detail":"Insufficient scope. Create a new API Key for your Organization https://support.atlassian.com/organization-administration/docs/manage-an-organization-with-the-admin-apis/"}]}"#;

/// Reference §1.4.
const ERROR_400_BODY: &str = include_str!("../../../tests/fixtures/reference/org_error_400.json");

/// Reference §1.5.
const ORG: &str = include_str!("../../../tests/fixtures/reference/org.json");

/// Reference §1.5, ACCESS-966 (org key sees no org).
const ORGS_EMPTY: &str =
    r#"{"data":[],"links":{"self":"https://api.atlassian.com/admin/v1/orgs"},"meta":null}"#;

/// Reference §1.6.
const DIRECTORIES: &str = include_str!("../../../tests/fixtures/reference/directories.json");

/// Reference §1.7.1.
const MANAGED_ACCOUNTS: &str = include_str!("../../../tests/fixtures/reference/v1_users.json");

/// Reference §1.7.4.
const USER_SEARCH: &str = include_str!("../../../tests/fixtures/reference/v2_users_search.json");

/// Reference §1.7.6.
const LAST_ACTIVE: &str = include_str!("../../../tests/fixtures/reference/last_active_dates.json");

/// Reference §1.10.
const GROUP: &str = include_str!("../../../tests/fixtures/reference/group_details.json");

/// Reference §1.11.
const DOMAINS: &str = include_str!("../../../tests/fixtures/reference/domains.json");

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .expect("test date")
        .with_timezone(&Utc)
}

#[test]
fn error_envelopes_decode() {
    for body in [ERROR_TEMPLATE, ERROR_401_SCOPE, ERROR_400_BODY] {
        let envelope: ErrorEnvelope = serde_json::from_str(body).expect(body);
        assert_eq!(envelope.errors.len(), 1);
    }
    let scope: ErrorEnvelope = serde_json::from_str(ERROR_401_SCOPE).expect("decodes");
    assert_eq!(scope.errors[0].title.as_deref(), Some("INSUFFICIENT_SCOPE"));
    assert_eq!(scope.errors[0].status.as_deref(), Some("401"));
}

#[test]
fn orgs_decode() {
    let org: Single<OrgRecord> = serde_json::from_str(ORG).expect("decodes");
    assert_eq!(org.data.id, "5e1a7c02-9b3d-4f1e-8c2a-6d4b0f9e7a31");
    assert_eq!(
        org.data.attributes.and_then(|a| a.name).as_deref(),
        Some("Acme Corp")
    );
    let empty: Page<OrgRecord> = serde_json::from_str(ORGS_EMPTY).expect("decodes");
    assert!(empty.data.is_empty());
    assert_eq!(empty.next_cursor(), None);
}

#[test]
fn directories_and_domains_decode() {
    let page: Page<DirectoryRecord> = serde_json::from_str(DIRECTORIES).expect("decodes");
    assert_eq!(page.data.len(), 2);
    assert_eq!(page.data[1].name.as_deref(), Some("Okta (SCIM)"));
    assert_eq!(page.next_cursor(), None);
    let domains: Page<DomainRecord> = serde_json::from_str(DOMAINS).expect("decodes");
    let claim = domains.data[0].attributes.claim.clone().expect("claim");
    assert_eq!(claim.status, Some(DomainClaimStatus::Verified));
    assert_eq!(claim.kind, Some(ClaimType::Dns));
}

#[test]
fn v1_managed_accounts_decode() {
    let page: ManagedAccountsPage = serde_json::from_str(MANAGED_ACCOUNTS).expect("decodes");
    assert_eq!(page.data.len(), 2);
    assert_eq!(page.data[0].product_access.len(), 2);
    assert_eq!(page.data[1].account_status, AccountStatus::Inactive);
    assert_eq!(page.links.and_then(|links| links.next_cursor()), None);
}

#[test]
fn v2_user_search_decodes_with_expanded_parts() {
    let page: Page<DirectoryUser> = serde_json::from_str(USER_SEARCH).expect("decodes");
    assert_eq!(page.next_cursor().as_deref(), Some("kloHX1ZQVasDAkx_P48NYQ"));
    let priya = &page.data[0];
    assert_eq!(priya.management_source, Some(ManagementSource::Synced));
    assert_eq!(priya.added_to_org, Some(at("2022-05-11T08:02:44Z")));
    let products = priya.product_access.clone().expect("expanded");
    assert_eq!(products[0].key, "jira");
    assert_eq!(
        products[0].last_active_timestamp,
        Some(at("2026-03-02T09:14:27Z"))
    );
    assert_eq!(priya.groups.as_ref().map(Vec::len), Some(1));
    let jane = &page.data[1];
    assert_eq!(jane.status, UserStatus::Suspended);
    assert_eq!(jane.claim_status, ClaimStatus::Unmanaged);
    assert_eq!(jane.management_source, None);
    assert_eq!(jane.product_access, Some(vec![]));
}

#[test]
fn last_active_dates_decode() {
    let dates: LastActiveDates = serde_json::from_str(LAST_ACTIVE).expect("decodes");
    assert_eq!(dates.data.product_access.len(), 2);
    assert_eq!(dates.data.product_access[1].key, "jira-software");
    assert_eq!(
        dates.data.added_to_org_timestamp,
        Some(at("2022-05-11T08:02:44Z"))
    );
    assert_eq!(dates.links.and_then(|links| links.next_cursor()), None);
}

#[test]
fn group_details_decode() {
    let group: Single<DirectoryGroup> = serde_json::from_str(GROUP).expect("decodes");
    assert_eq!(group.data.managed_by, Some(GroupManagedBy::Admins));
    assert_eq!(group.data.external_synced, Some(false));
    assert_eq!(group.data.counts.and_then(|c| c.users), Some(412));
}

#[test]
fn unknown_enum_values_and_extra_fields_decode() {
    let body = r#"{"data":[{"accountId":"a","accountType":"robot","status":"archived","accountStatus":"frozen",
        "membershipStatus":"pending","claimStatus":"contested","managementSource":"imported",
        "platformRoles":["atlassian/galaxy-admin"],"futureField":{"nested":[1,2]},
        "productAccess":[{"key":"loom","id":"ari:x","lastActiveTimestamp":null,"seats":3}]}],
        "links":{"next":null},"meta":{"total":1}}"#;
    let page: Page<DirectoryUser> = serde_json::from_str(body).expect("decodes");
    let user = &page.data[0];
    assert_eq!(user.account_type, AccountType::Other("robot".into()));
    assert_eq!(user.status, UserStatus::Other("archived".into()));
    assert_eq!(user.claim_status, ClaimStatus::Other("contested".into()));
    assert_eq!(
        user.platform_roles,
        Some(vec![PlatformRole::Other("atlassian/galaxy-admin".into())])
    );
    assert_eq!(
        user.product_access.as_ref().map(|p| p[0].last_active_timestamp),
        Some(None)
    );
}

#[test]
fn next_cursor_reads_v1_urls_and_v2_cursors() {
    let v1 = PageLinks {
        next: Some("https://api.atlassian.com/admin/v1/orgs/o/users?cursor=abc123".into()),
        ..PageLinks::default()
    };
    assert_eq!(v1.next_cursor().as_deref(), Some("abc123"));
    let v2 = PageLinks {
        next: Some("kloHX1ZQVasDAkx_P48NYQ".into()),
        ..PageLinks::default()
    };
    assert_eq!(v2.next_cursor().as_deref(), Some("kloHX1ZQVasDAkx_P48NYQ"));
    let blank = PageLinks {
        next: Some(String::new()),
        ..PageLinks::default()
    };
    assert_eq!(blank.next_cursor(), None);
}
