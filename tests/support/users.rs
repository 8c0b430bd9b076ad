//! Test and benchmark support for the directory model: a builder for hand-made users and a
//! seeded generator of realistic orgs. Shared as `crate::support::users` by the test crates and
//! tests/benches/directory.rs (a plain file rather than a cargo feature, so nothing test-only
//! ships in the library). Never touches the clock, the network or the disk.

// Each including crate uses a different part of this file.
#![allow(dead_code)]

use chrono::{DateTime, Duration, TimeZone, Utc};
use dormant::directory::{
    AccountId, AccountStatus, AccountType, Activity, ClaimStatus, DataSource, Directory, DirectoryId,
    DirectoryInfo, Group, GroupId, ManagementSource, MembershipStatus, Org, PlatformRole, ProductActivity,
    ProductKey, User, UserStatus,
};

/// The instant every test classifies at.
pub fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 6, 1, 12, 0, 0)
        .single()
        .expect("valid instant")
}

pub fn days_ago(days: i64) -> DateTime<Utc> {
    now() - Duration::days(days)
}

/// A billable, active, invited member of acme.example, added 400 days ago, who used Jira 5 days
/// ago; each method changes one fact.
pub struct UserBuilder(User);

impl UserBuilder {
    pub fn new(id: &str, name: &str) -> Self {
        let local = name.to_lowercase().replace(' ', ".");
        Self(User {
            account_id: AccountId::from(id),
            account_type: AccountType::Atlassian,
            name: name.to_owned(),
            nickname: None,
            email: Some(format!("{local}@acme.example")),
            claim_status: ClaimStatus::Managed,
            management_source: Some(ManagementSource::Invited),
            status: UserStatus::Active,
            account_status: AccountStatus::Active,
            membership_status: MembershipStatus::Active,
            platform_roles: Vec::new(),
            added_to_org: Some(days_ago(400)),
            activity: Activity::Known(vec![product("jira", Some(5))]),
            groups: Vec::new(),
            directories: Vec::new(),
        })
    }

    pub fn email(mut self, email: Option<&str>) -> Self {
        self.0.email = email.map(str::to_owned);
        self
    }

    /// Replaces the products: `(key, days since last use or None for never)`.
    pub fn products(mut self, products: &[(&str, Option<i64>)]) -> Self {
        self.0.activity = Activity::Known(products.iter().map(|(key, days)| product(key, *days)).collect());
        self
    }

    pub fn activity(mut self, activity: Activity) -> Self {
        self.0.activity = activity;
        self
    }

    pub fn added(mut self, days: Option<i64>) -> Self {
        self.0.added_to_org = days.map(days_ago);
        self
    }

    pub fn status(mut self, status: UserStatus) -> Self {
        self.0.status = status;
        self
    }

    pub fn account_type(mut self, account_type: AccountType) -> Self {
        self.0.account_type = account_type;
        self
    }

    pub fn account_status(mut self, status: AccountStatus) -> Self {
        self.0.account_status = status;
        self
    }

    pub fn membership(mut self, status: MembershipStatus) -> Self {
        self.0.membership_status = status;
        self
    }

    pub fn role(mut self, role: PlatformRole) -> Self {
        self.0.platform_roles.push(role);
        self
    }

    pub fn synced(mut self) -> Self {
        self.0.management_source = Some(ManagementSource::Synced);
        self
    }

    pub fn unmanaged(mut self) -> Self {
        self.0.claim_status = ClaimStatus::Unmanaged;
        self.0.management_source = None;
        self
    }

    pub fn groups(mut self, ids: &[&str]) -> Self {
        self.0.groups = ids.iter().map(|id| GroupId::from(*id)).collect();
        self
    }

    pub fn build(self) -> User {
        self.0
    }
}

pub fn product(key: &str, days: Option<i64>) -> ProductActivity {
    ProductActivity {
        product: ProductKey::from(key),
        product_id: None,
        last_active: days.map(days_ago),
    }
}

pub fn group(id: &str, name: &str) -> Group {
    Group {
        id: GroupId::from(id),
        name: name.to_owned(),
        description: None,
        directory_id: None,
        external_synced: false,
        managed_by: None,
        user_count: None,
        grants: Vec::new(),
        modifiable: None,
    }
}

pub fn directory(users: Vec<User>, groups: Vec<Group>) -> Directory {
    Directory {
        org: Org {
            id: "org-1".to_owned(),
            name: "Acme".to_owned(),
        },
        directories: vec![DirectoryInfo {
            id: DirectoryId::from("dir-1"),
            name: "Acme users".to_owned(),
        }],
        domains: Vec::new(),
        groups,
        sites: Vec::new(),
        users,
        loaded_at: now(),
        source: DataSource::Cache {
            base_url: "http://127.0.0.1:1".to_owned(),
        },
    }
}

/// `SplitMix64`: small, seeded, identical on every machine.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, bound: u64) -> u64 {
        self.next() % bound.max(1)
    }

    /// True with probability `percent`/100 (fractions allowed: 0.5 = one in 200).
    pub fn chance(&mut self, percent: f64) -> bool {
        (self.below(1_000_000) as f64) < percent * 10_000.0
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    fn uuid(&mut self) -> String {
        let (a, b) = (self.next(), self.next());
        format!(
            "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
            a >> 32,
            (a >> 16) & 0xffff,
            a & 0xffff,
            b >> 48,
            b & 0xffff_ffff_ffff
        )
    }
}

#[path = "org_generator.rs"]
mod org_generator;
#[allow(unused_imports)]
pub use org_generator::generate_org;
