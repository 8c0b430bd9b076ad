//! A small hand-built org for the simulator contract tests, modelled on the reference examples
//! (Priya, Contractor Jane, Tom Becker), plus one user per edge case, and a bulk variant for paging.

// Test support: a failed setup must fail the test loudly.
#![allow(dead_code, clippy::unwrap_used)]

use chrono::{DateTime, TimeZone, Utc};
use dormant::sim::model::{
    SimDirectory, SimDomain, SimGrant, SimGroup, SimOrg, SimProduct, SimProductAccess, SimUser, role,
};
use serde_json::json;

pub const ORG_ID: &str = "5e1a7c02-9b3d-4f1e-8c2a-6d4b0f9e7a31";
pub const DIR_MAIN: &str = "0b6f2d8e-3c41-4a9e-9f57-1e2d3c4b5a60";
pub const DIR_IDP: &str = "7d0c4e12-8a9b-4c3d-b2e1-f0a9b8c7d6e5";
pub const CLOUD: &str = "9f2c1b7a-44d0-4c6e-a1f3-2b8d7e6c5a41";

pub const G_JIRA: &str = "c8f7e6d5-b4a3-4921-8f0e-1d2c3b4a5f60";
pub const G_CONF: &str = "g-confluence-users";
pub const G_OKTA: &str = "g-okta-engineering";
pub const G_ADMINS: &str = "g-org-admins";
pub const G_TEAM: &str = "g-team-platform";
pub const G_JSM: &str = "g-jsm-agents";

pub const PRIYA: &str = "712020:3f7a9c2e-1b4d-4e8f-9a6c-5d2b8e7f1a03";
pub const JANE: &str = "557058:0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b";
pub const TOM: &str = "5b10ac8d82e05b22cc7d4ef5";
pub const OLGA_ADMIN: &str = "712020:0a0a0a0a-0000-4000-8000-00000000a001";
pub const BOT: &str = "712020:0b0b0b0b-0000-4000-8000-00000000b001";
pub const NINA_NEVER: &str = "712020:0c0c0c0c-0000-4000-8000-00000000c001";
pub const OMAR_OMITS: &str = "712020:0d0d0d0d-0000-4000-8000-00000000d001";
pub const HARRY_HOSTILE: &str = "557058:0e0e0e0e-0000-4000-8000-00000000e001";
pub const NOAH_NO_MEMBERSHIP: &str = "712020:0f0f0f0f-0000-4000-8000-00000000f001";
pub const DANA_DELETING: &str = "712020:10101010-0000-4000-8000-000000010001";
pub const SAM_SYNCED: &str = "712020:11111111-0000-4000-8000-000000011001";
pub const IVY_INVITED: &str = "712020:12121212-0000-4000-8000-000000012001";

/// Every fixture account, in stored order.
pub const FIXTURE_ACCOUNTS: [&str; 12] = [
    PRIYA,
    JANE,
    TOM,
    OLGA_ADMIN,
    BOT,
    NINA_NEVER,
    OMAR_OMITS,
    HARRY_HOSTILE,
    NOAH_NO_MEMBERSHIP,
    DANA_DELETING,
    SAM_SYNCED,
    IVY_INVITED,
];

pub fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text).unwrap().with_timezone(&Utc)
}

/// The instant the fixture clock starts at.
pub fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 10, 12, 0, 0).single().unwrap()
}

fn product(key: &str, v1_key: &str, name: &str) -> SimProduct {
    SimProduct {
        key: key.into(),
        v1_key: v1_key.into(),
        id: site_id(key),
        name: name.into(),
        site: "acme".into(),
        user_limit: None,
    }
}

/// The resource id of the fixture's site of product `key`.
pub fn site_id(key: &str) -> String {
    format!("ari:cloud:{key}::site/{CLOUD}")
}

fn group(id: &str, name: &str, directory: &str, managed_by: &str, grants: &[&str]) -> SimGroup {
    SimGroup {
        id: id.into(),
        name: name.into(),
        description: None,
        directory_id: directory.into(),
        external_synced: managed_by == "external",
        managed_by: managed_by.into(),
        grants: grants
            .iter()
            .map(|&key| SimGrant::new(&site_id(key), role::USER))
            .collect(),
        admin: false,
        default_access: false,
    }
}

fn access(key: &str, last: Option<&str>) -> SimProductAccess {
    SimProductAccess {
        key: key.into(),
        id: site_id(key),
        last_active: last.map(at),
    }
}

/// A managed, invited, active member of the main directory with no activity; tests adjust it.
pub fn user(account_id: &str, name: &str, email: &str) -> SimUser {
    let nickname = name.split_whitespace().next().unwrap_or(name).to_lowercase();
    SimUser {
        account_id: account_id.into(),
        account_type: "atlassian".into(),
        name: name.into(),
        nickname,
        email: email.into(),
        email_verified: true,
        picture: format!(
            "https://avatar-management--avatars.us-west-2.prod.public.atl-paas.net/{account_id}/128"
        ),
        claim_status: "managed".into(),
        management_source: Some("invited".into()),
        account_status: "active".into(),
        membership_status: "active".into(),
        for_deletion: false,
        deactivated_on: None,
        added_to_org: at("2023-01-20T13:30:00Z"),
        platform_roles: vec![],
        directories: vec![DIR_MAIN.into()],
        groups: vec![],
        direct_grants: vec![],
        product_access: vec![],
        seat_history: vec![],
        search_omits_activity: false,
        mfa_enabled: false,
        job_title: None,
        department: None,
        location: None,
        time_zone: None,
        extra: serde_json::Map::new(),
    }
}

fn fixture_users() -> Vec<SimUser> {
    let mut priya = user(PRIYA, "Priya Raman", "priya.raman@acme.example");
    priya.nickname = "priya".into();
    priya.management_source = Some("synced".into());
    priya.added_to_org = at("2022-05-11T08:02:44Z");
    priya.directories = vec![DIR_MAIN.into(), DIR_IDP.into()];
    priya.groups = vec![G_JIRA.into(), G_CONF.into(), G_OKTA.into()];
    priya.product_access = vec![
        access("jira", Some("2026-03-02T09:14:27Z")),
        access("confluence", Some("2025-11-18T16:40:05Z")),
    ];
    priya.mfa_enabled = true;
    priya.job_title = Some("Software Engineer".into());
    priya.department = Some("Platform".into());
    priya.location = Some("Berlin".into());
    priya.time_zone = Some("Europe/Berlin".into());

    let mut jane = user(JANE, "Contractor Jane", "jane@freelance.example");
    jane.nickname = "jane.k".into();
    jane.claim_status = "unmanaged".into();
    jane.management_source = None;
    jane.membership_status = "suspended".into();
    jane.picture = "https://avatar-management--avatars.us-west-2.prod.public.atl-paas.net/default.png".into();

    let mut tom = user(TOM, "Tom Becker", "tom.becker@acme.example");
    tom.account_status = "inactive".into();
    tom.deactivated_on = Some(at("2025-12-01T10:00:00Z"));
    tom.added_to_org = at("2021-02-03T04:05:06Z");

    let mut olga = user(OLGA_ADMIN, "Olga Admin", "olga@acme.example");
    olga.platform_roles = vec!["atlassian/org-admin".into()];
    olga.groups = vec![G_ADMINS.into(), G_JIRA.into()];
    olga.product_access = vec![access("jira", Some("2025-06-01T08:00:00Z"))];

    let mut bot = user(BOT, "Build Bot", "ci-bot@serviceaccount.atlassian.com");
    bot.account_type = "app".into();
    bot.groups = vec![G_JIRA.into()];
    bot.product_access = vec![access("jira", None)];

    let mut nina = user(NINA_NEVER, "Nina Never", "nina@acme.example");
    nina.added_to_org = at("2026-02-20T09:00:00Z");
    nina.groups = vec![G_CONF.into(), G_TEAM.into()];
    nina.product_access = vec![access("confluence", None)];

    let mut omar = user(OMAR_OMITS, "Omar Omits", "omar@acme.example");
    omar.search_omits_activity = true;
    omar.groups = vec![G_JIRA.into(), G_JSM.into()];
    omar.product_access = vec![
        access("jira", Some("2025-09-09T09:09:09Z")),
        access("jira-service-desk", Some("2026-01-01T00:00:00Z")),
    ];

    let mut harry = user(HARRY_HOSTILE, "Harry \u{202e}Hostile", "");
    harry.claim_status = "unmanaged".into();
    harry.management_source = None;
    harry.account_type = "robot-from-the-future".into();
    harry
        .extra
        .insert("futureField".into(), json!({ "nested": [1, 2, 3] }));
    harry.extra.insert("riskScore".into(), json!(0.75));

    let mut noah = user(NOAH_NO_MEMBERSHIP, "Noah Nomember", "noah@acme.example");
    noah.membership_status = "no_membership".into();
    noah.directories = vec![];

    let mut dana = user(DANA_DELETING, "Dana Deleting", "dana@acme.example");
    dana.for_deletion = true;

    let mut sam = user(SAM_SYNCED, "Sam Synced", "sam@acme.example");
    sam.management_source = Some("synced".into());
    sam.directories = vec![DIR_IDP.into()];
    sam.groups = vec![G_OKTA.into()];
    sam.product_access = vec![access("jira", Some("2024-01-01T00:00:00Z"))];

    let mut ivy = user(IVY_INVITED, "Ivy Invited", "ivy@acme.example");
    ivy.groups = vec![G_JIRA.into(), G_CONF.into(), G_TEAM.into()];
    ivy.product_access = vec![
        access("jira", Some("2025-01-15T10:00:00Z")),
        access("confluence", Some("2026-03-01T10:00:00Z")),
    ];

    vec![
        priya, jane, tom, olga, bot, nina, omar, harry, noah, dana, sam, ivy,
    ]
}

/// The fixture org: two directories, two domains, four products, six groups, twelve users.
pub fn fixture_org() -> SimOrg {
    let mut jira = group(G_JIRA, "jira-software-users-acme", DIR_MAIN, "admins", &["jira"]);
    jira.description = Some("Default Jira access".into());
    let mut admins = group(G_ADMINS, "org-admins", DIR_MAIN, "admins", &[]);
    admins.admin = true;
    SimOrg {
        id: ORG_ID.into(),
        name: "Acme Corp".into(),
        generated_at: now(),
        directories: vec![
            SimDirectory {
                id: DIR_MAIN.into(),
                name: "Acme Corp".into(),
                icon: "https://admin.atlassian.com/static/directory-icon.png".into(),
                idp: false,
            },
            SimDirectory {
                id: DIR_IDP.into(),
                name: "Okta (SCIM)".into(),
                icon: "https://admin.atlassian.com/static/idp-icon.png".into(),
                idp: true,
            },
        ],
        domains: vec![
            SimDomain {
                id: "d0a1b2c3-d4e5-4f60-8a1b-2c3d4e5f6a7b".into(),
                name: "acme.example".into(),
                claim_type: "dns".into(),
                status: "verified".into(),
            },
            SimDomain {
                id: "d0a1b2c3-d4e5-4f60-8a1b-2c3d4e5f6a7c".into(),
                name: "acme-legacy.example".into(),
                claim_type: "http".into(),
                status: "unverified".into(),
            },
        ],
        products: vec![
            product("jira", "jira-software", "Jira"),
            product("confluence", "confluence", "Confluence"),
            product(
                "jira-service-desk",
                "jira-service-desk",
                "Jira Service Management",
            ),
            product(
                "jira-product-discovery",
                "jira-product-discovery",
                "Jira Product Discovery",
            ),
        ],
        groups: vec![
            jira,
            group(
                G_CONF,
                "confluence-users-acme",
                DIR_MAIN,
                "admins",
                &["confluence"],
            ),
            group(
                G_OKTA,
                "okta-engineering",
                DIR_IDP,
                "external",
                &["jira", "confluence"],
            ),
            admins,
            group(G_TEAM, "team-platform", DIR_MAIN, "team-members", &[]),
            group(G_JSM, "jsm-agents", DIR_MAIN, "open", &["jira-service-desk"]),
        ],
        users: fixture_users(),
    }
}

/// Bulk account id of the `i`-th generated user.
pub fn bulk_id(i: usize) -> String {
    format!("712020:bulk-{i:06}")
}

/// The fixture org plus `extra` generated users spread over both directories, claim statuses,
/// statuses and groups, deterministically.
pub fn bulk_org(extra: usize) -> SimOrg {
    let mut org = fixture_org();
    for i in 0..extra {
        let unmanaged = i % 5 == 0;
        let domain = if unmanaged {
            "partner.example"
        } else {
            "acme.example"
        };
        let mut u = user(
            &bulk_id(i),
            &format!("Bulk User {i}"),
            &format!("bulk{i}@{domain}"),
        );
        u.nickname = format!("n{:06}", (i * 7919) % 100_003);
        if unmanaged {
            u.claim_status = "unmanaged".into();
            u.management_source = None;
        }
        u.directories = match i % 3 {
            0 => vec![DIR_IDP.into()],
            1 => vec![DIR_MAIN.into()],
            _ => vec![DIR_MAIN.into(), DIR_IDP.into()],
        };
        if i % 17 == 0 {
            u.membership_status = "suspended".into();
        }
        if i % 23 == 0 {
            u.account_status = "inactive".into();
        }
        if i % 2 == 0 {
            u.groups = vec![G_JIRA.into()];
            u.product_access = vec![access("jira", Some("2025-10-10T10:10:10Z"))];
        }
        org.users.push(u);
    }
    org
}
