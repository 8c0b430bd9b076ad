//! A seeded generator of realistic orgs (domain `User`s directly) for property tests and the
//! benchmark: admins, service and app accounts, customers, suspended and deactivated members,
//! synced and unmanaged accounts, unknown activity and enum values, new joiners, long idlers.
//! Group, directory and product ids are shared between users as a real load shares them.

use super::{Rng, days_ago, directory};
use dormant::directory::{
    AccountId, AccountStatus, AccountType, Activity, ClaimStatus, Directory, DirectoryId, Group, GroupId,
    Interner, ManagementSource, MembershipStatus, PlatformRole, ProductActivity, User, UserStatus,
};

const FIRST: [&str; 24] = [
    "Ada", "Grace", "Linus", "Margaret", "Alan", "Barbara", "Edsger", "Frances", "Ken", "Radia", "Dennis",
    "Hedy", "Zoë", "José", "Søren", "Ĳsbrand", "Yuki", "Chiamaka", "Anaïs", "Björn", "Mateo", "Priya", "Wei",
    "Olu",
];
const LAST: [&str; 24] = [
    "Lovelace",
    "Hopper",
    "Torvalds",
    "Hamilton",
    "Turing",
    "Liskov",
    "Dijkstra",
    "Allen",
    "Thompson",
    "Perlman",
    "Ritchie",
    "Lamarr",
    "Ødegaard",
    "Nuñez",
    "Kierkegaard",
    "Müller",
    "Tanaka",
    "Okafor",
    "Dubois",
    "Lindqvist",
    "García",
    "Sharma",
    "Zhang",
    "Adeyemi",
];
const DOMAINS: [&str; 4] = [
    "contractor.example",
    "partner.example",
    "gmail.com",
    "agency.example",
];
const DEPARTMENTS: [&str; 12] = [
    "Engineering",
    "Sales",
    "Marketing",
    "Support",
    "Finance",
    "Legal",
    "People",
    "Design",
    "Product",
    "Security",
    "Data",
    "Operations",
];
/// (key, share of people with access in percent).
const PRODUCTS: [(&str, f64); 5] = [
    ("jira", 80.0),
    ("confluence", 70.0),
    ("jira-service-desk", 10.0),
    ("bitbucket", 15.0),
    ("trello", 0.5),
];

/// An org of `count` users, identical for the same seed.
pub fn generate_org(seed: u64, count: usize) -> Directory {
    let mut rng = Rng::new(seed);
    let site = rng.uuid();
    let groups = generate_groups(&mut rng);
    let directory_id = DirectoryId::from(format!("dir-{}", rng.uuid()));
    let mut interner = Interner::default();
    let users = (0..count)
        .map(|n| generate_user(&mut rng, &mut interner, n, &groups, &directory_id, &site))
        .collect();
    directory(users, groups)
}

fn generate_groups(rng: &mut Rng) -> Vec<Group> {
    let mut names: Vec<String> = [
        "jira-software-users",
        "confluence-users",
        "jira-servicemanagement-users",
        "bitbucket-users",
        "site-admins",
        "org-admins",
        "All Staff",
    ]
    .iter()
    .map(|n| (*n).to_owned())
    .collect();
    names.extend(DEPARTMENTS.iter().map(|d| (*d).to_owned()));
    names.extend((0..180).map(|n| format!("team-{}-{n}", DEPARTMENTS[n % DEPARTMENTS.len()].to_lowercase())));
    names
        .into_iter()
        .enumerate()
        .map(|(n, name)| Group {
            id: GroupId::from(rng.uuid().as_str()),
            name,
            description: None,
            directory_id: None,
            external_synced: n % 3 == 0,
            managed_by: None,
            user_count: None,
            grants: Vec::new(),
            modifiable: None,
        })
        .collect()
}

fn generate_user(
    rng: &mut Rng,
    interner: &mut Interner,
    n: usize,
    groups: &[Group],
    directory_id: &DirectoryId,
    site: &str,
) -> User {
    let (first, last) = (*rng.pick(&FIRST), *rng.pick(&LAST));
    // Middle initials make most names distinct, as in a real org; some still collide.
    let name = match rng.below(36) {
        initial @ 0..=25 => format!("{first} {}. {last}", char::from(b'A' + initial as u8)),
        _ => format!("{first} {last}"),
    };
    let local = format!("{}.{}{n}", first.to_lowercase(), last.to_lowercase());
    let roll = rng.below(10_000);
    let (account_type, email) = match roll {
        0..=49 => (
            AccountType::Atlassian,
            Some(format!("bot-{n}@serviceaccount.atlassian.com")),
        ),
        50..=149 => (AccountType::App, None),
        150..=449 => (AccountType::Customer, Some(format!("{local}@customer.example"))),
        450..=469 => (AccountType::Other("robot".to_owned()), None),
        _ if rng.chance(12.0) => (
            AccountType::Atlassian,
            Some(format!("{local}@{}", rng.pick(&DOMAINS))),
        ),
        _ => (AccountType::Atlassian, Some(format!("{local}@acme.example"))),
    };
    let managed = email.as_deref().is_some_and(|e| e.ends_with("@acme.example"));
    let status = match rng.below(1000) {
        0..=29 => UserStatus::Suspended,
        30..=39 => UserStatus::Deactivated,
        40..=42 => UserStatus::ForDeletion,
        43..=47 => UserStatus::NotInvited,
        48 => UserStatus::Other("archived".to_owned()),
        _ => UserStatus::Active,
    };
    let mut platform_roles = Vec::new();
    if rng.chance(1.0) {
        platform_roles.push(
            rng.pick(&[PlatformRole::OrgAdmin, PlatformRole::SiteAdmin])
                .clone(),
        );
    }
    if rng.chance(0.3) {
        platform_roles.push(PlatformRole::UserAccessAdmin);
    }
    let added_days = i64::try_from(rng.below(1800)).expect("small");
    User {
        account_id: AccountId::from(account_id(rng, n).as_str()),
        account_type,
        nickname: Some(first.to_owned()),
        name,
        email,
        claim_status: if managed {
            ClaimStatus::Managed
        } else {
            ClaimStatus::Unmanaged
        },
        management_source: managed.then(|| {
            if rng.chance(40.0) {
                ManagementSource::Synced
            } else {
                ManagementSource::Invited
            }
        }),
        account_status: if status == UserStatus::Deactivated {
            AccountStatus::Inactive
        } else {
            AccountStatus::Active
        },
        membership_status: match status {
            UserStatus::Suspended => MembershipStatus::Suspended,
            UserStatus::NotInvited => MembershipStatus::NoMembership,
            _ => MembershipStatus::Active,
        },
        status,
        platform_roles,
        added_to_org: (!rng.chance(15.0)).then(|| days_ago(added_days)),
        activity: generate_activity(rng, interner, added_days, site),
        groups: (0..2 + rng.below(6))
            .map(|_| rng.pick(groups).id.clone())
            .collect(),
        directories: vec![directory_id.clone()],
    }
}

fn account_id(rng: &mut Rng, n: usize) -> String {
    if n.is_multiple_of(5) {
        format!("{:024x}", u128::from(rng.next()) << 32 | n as u128)
    } else {
        format!("712020:{}", rng.uuid())
    }
}

fn generate_activity(rng: &mut Rng, interner: &mut Interner, added_days: i64, site: &str) -> Activity {
    if rng.chance(2.0) {
        return Activity::Unknown;
    }
    let never = rng.chance(5.0);
    let mut products = Vec::new();
    for (key, share) in PRODUCTS {
        if !rng.chance(share) {
            continue;
        }
        let days = match rng.below(100) {
            _ if never => None,
            0..=59 => Some(rng.below(31)),
            60..=79 => Some(31 + rng.below(60)),
            _ => Some(91 + rng.below(610)),
        };
        products.push(ProductActivity {
            product: interner.id(key),
            product_id: Some(interner.id(&format!("ari:cloud:{key}::site/{site}"))),
            last_active: days.map(|d| days_ago(i64::try_from(d).expect("small").min(added_days))),
        });
    }
    Activity::Known(products)
}
