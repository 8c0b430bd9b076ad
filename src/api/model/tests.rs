//! Every JSON example of the reference that the client reads decodes into its wire types
//! (reference §1.4–§1.11). Examples of APIs dormant's client does not read here (v1 search,
//! events, user management, Jira, SCIM) belong to the modules that use them.

use super::*;
use chrono::{DateTime, Utc};

/// Reference §1.4 envelope.
const ERROR_TEMPLATE: &str = r#"{ "errors": [ { "id": "string (optional)", "status": "404", "code": "ADMIN-404-8", "title": "string", "detail": "string" } ] }"#;

/// Reference §1.4, AX-196.
const ERROR_401_SCOPE: &str = r#"{"errors":[{"code":"ADMIN-401-2","status":"401","title":"INSUFFICIENT_SCOPE","detail":"Insufficient scope. Create a new API Key for your Organization https://support.atlassian.com/organization-administration/docs/manage-an-organization-with-the-admin-apis/"}]}"#;

/// Reference §1.4.
const ERROR_400_BODY: &str = r#"{"errors":[{"code":"ADMIN-400-24","status":"400","title":"INVALID_PARAM","detail":"Invalid request body"}]}"#;

/// Reference §1.5.
const ORG: &str = r#"{
  "data": {
    "id": "5e1a7c02-9b3d-4f1e-8c2a-6d4b0f9e7a31",
    "type": "orgs",
    "attributes": { "name": "Acme Corp" },
    "relationships": {
      "domains": { "links": { "related": "https://api.atlassian.com/admin/v1/orgs/5e1a7c02-9b3d-4f1e-8c2a-6d4b0f9e7a31/domains" } },
      "users":   { "links": { "related": "https://api.atlassian.com/admin/v1/orgs/5e1a7c02-9b3d-4f1e-8c2a-6d4b0f9e7a31/users" } }
    },
    "links": { "self": "https://api.atlassian.com/admin/v1/orgs/5e1a7c02-9b3d-4f1e-8c2a-6d4b0f9e7a31" }
  }
}"#;

/// Reference §1.5, ACCESS-966 (org key sees no org).
const ORGS_EMPTY: &str =
    r#"{"data":[],"links":{"self":"https://api.atlassian.com/admin/v1/orgs"},"meta":null}"#;

/// Reference §1.6.
const DIRECTORIES: &str = r#"{
  "data": [
    { "directoryId": "0b6f2d8e-3c41-4a9e-9f57-1e2d3c4b5a60", "name": "Acme Corp", "icon": "https://admin.atlassian.com/static/directory-icon.png" },
    { "directoryId": "7d0c4e12-8a9b-4c3d-b2e1-f0a9b8c7d6e5", "name": "Okta (SCIM)", "icon": "https://admin.atlassian.com/static/idp-icon.png" }
  ],
  "links": { "self": "ObSbZxpM1f1fzia2_GnuJw", "prev": null, "next": null }
}"#;

/// Reference §1.7.1.
const MANAGED_ACCOUNTS: &str = r#"{
  "data": [
    {
      "account_id": "712020:3f7a9c2e-1b4d-4e8f-9a6c-5d2b8e7f1a03",
      "account_type": "atlassian",
      "account_status": "active",
      "name": "Priya Raman",
      "picture": "https://avatar-management--avatars.us-west-2.prod.public.atl-paas.net/712020:3f7a9c2e-1b4d-4e8f-9a6c-5d2b8e7f1a03/128",
      "email": "priya.raman@acme.example",
      "access_billable": true,
      "last_active": "2026-03-02T09:14:27.000Z",
      "product_access": [
        { "key": "jira-software", "name": "Jira", "url": "acme.atlassian.net", "last_active": "2026-03-02T09:14:27.000Z" },
        { "key": "confluence", "name": "Confluence", "url": "acme.atlassian.net/wiki", "last_active": "2025-11-18T16:40:05.000Z" }
      ],
      "links": { "self": "https://api.atlassian.com/users/712020:3f7a9c2e-1b4d-4e8f-9a6c-5d2b8e7f1a03/manage/profile" }
    },
    {
      "account_id": "5b10ac8d82e05b22cc7d4ef5",
      "account_type": "atlassian",
      "account_status": "inactive",
      "name": "Tom Becker",
      "picture": "https://avatar-management--avatars.us-west-2.prod.public.atl-paas.net/default.png",
      "email": "tom.becker@acme.example",
      "access_billable": false,
      "product_access": []
    }
  ],
  "meta": { "total": 2 },
  "links": { "self": "https://api.atlassian.com/admin/v1/orgs/5e1a7c02-9b3d-4f1e-8c2a-6d4b0f9e7a31/users", "next": null }
}"#;

/// Reference §1.7.4.
const USER_SEARCH: &str = r#"{
  "data": [
    {
      "accountId": "712020:3f7a9c2e-1b4d-4e8f-9a6c-5d2b8e7f1a03",
      "accountType": "atlassian",
      "status": "active",
      "accountStatus": "active",
      "membershipStatus": "active",
      "addedToOrg": "2022-05-11T08:02:44.000Z",
      "name": "Priya Raman",
      "nickname": "priya",
      "email": "priya.raman@acme.example",
      "emailVerified": true,
      "claimStatus": "managed",
      "platformRoles": [],
      "picture": "https://avatar-management--avatars.us-west-2.prod.public.atl-paas.net/712020:3f7a9c2e-1b4d-4e8f-9a6c-5d2b8e7f1a03/128",
      "avatar": "https://avatar-management--avatars.us-west-2.prod.public.atl-paas.net/712020:3f7a9c2e-1b4d-4e8f-9a6c-5d2b8e7f1a03/128",
      "managementSource": "synced",
      "mfaEnabled": true,
      "jobTitle": "Software Engineer",
      "department": "Platform",
      "organization": "Acme Corp",
      "location": "Berlin",
      "timeZone": "Europe/Berlin",
      "counts": { "resources": 2 },
      "productAccess": [
        { "key": "jira", "id": "ari:cloud:jira::site/9f2c1b7a-44d0-4c6e-a1f3-2b8d7e6c5a41", "lastActiveTimestamp": "2026-03-02T09:14:27Z" },
        { "key": "confluence", "id": "ari:cloud:confluence::site/9f2c1b7a-44d0-4c6e-a1f3-2b8d7e6c5a41", "lastActiveTimestamp": "2025-11-18T16:40:05Z" }
      ],
      "groups": [ { "id": "c8f7e6d5-b4a3-4921-8f0e-1d2c3b4a5f60", "name": "jira-software-users-acme", "description": null } ],
      "links": { "self": "ECg53CukK1twBo0LK1u9nw" },
      "deactivatedOn": null,
      "forDeletion": false
    },
    {
      "accountId": "557058:0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b",
      "accountType": "atlassian",
      "status": "suspended",
      "accountStatus": "active",
      "membershipStatus": "suspended",
      "addedToOrg": "2023-01-20T13:30:00.000Z",
      "name": "Contractor Jane",
      "nickname": "jane.k",
      "email": "jane@freelance.example",
      "emailVerified": true,
      "claimStatus": "unmanaged",
      "platformRoles": [],
      "picture": "https://avatar-management--avatars.us-west-2.prod.public.atl-paas.net/default.png",
      "avatar": "https://avatar-management--avatars.us-west-2.prod.public.atl-paas.net/default.png",
      "managementSource": null,
      "mfaEnabled": false,
      "productAccess": [],
      "groups": [],
      "links": { "self": "LIZFEbzCT2pCCkQhPIUgIQ" }
    }
  ],
  "links": { "self": "ObSbZxpM1f1fzia2_GnuJw", "prev": null, "next": "kloHX1ZQVasDAkx_P48NYQ" }
}"#;

/// Reference §1.7.6.
const LAST_ACTIVE: &str = r#"{
  "data": {
    "product_access": [
      { "id": "ari:cloud:confluence::site/9f2c1b7a-44d0-4c6e-a1f3-2b8d7e6c5a41", "key": "confluence", "last_active": "2025-11-18", "last_active_timestamp": "2025-11-18T16:40:05Z" },
      { "id": "ari:cloud:jira-software::site/9f2c1b7a-44d0-4c6e-a1f3-2b8d7e6c5a41", "key": "jira-software", "last_active": "2026-03-02", "last_active_timestamp": "2026-03-02T09:14:27Z" }
    ],
    "added_to_org": "2022-05-11",
    "added_to_org_timestamp": "2022-05-11T08:02:44Z"
  },
  "links": {}
}"#;

/// Reference §1.10.
const GROUP: &str = r#"{ "data": { "id": "c8f7e6d5-b4a3-4921-8f0e-1d2c3b4a5f60", "name": "jira-software-users-acme", "description": "Default Jira access",
  "directoryId": "0b6f2d8e-3c41-4a9e-9f57-1e2d3c4b5a60",
  "managementAccess": { "deletable": false, "modifiable": true, "readable": true },
  "externalSynced": false, "managedBy": "admins", "counts": { "users": 412, "resources": 1 }, "links": { "self": "Q3Vyc29yR3JvdXA" } } }"#;

/// Reference §1.11.
const DOMAINS: &str = r#"{ "data": [ { "id": "d0a1b2c3-d4e5-4f60-8a1b-2c3d4e5f6a7b", "type": "domains",
  "attributes": { "name": "acme.example", "claim": { "type": "dns", "status": "verified" } },
  "links": { "self": "https://api.atlassian.com/admin/v1/orgs/5e1a7c02-9b3d-4f1e-8c2a-6d4b0f9e7a31/domains/d0a1b2c3-d4e5-4f60-8a1b-2c3d4e5f6a7b" } } ],
  "links": { "self": "https://api.atlassian.com/admin/v1/orgs/5e1a7c02-9b3d-4f1e-8c2a-6d4b0f9e7a31/domains" } }"#;

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
