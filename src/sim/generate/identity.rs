//! Who an account is: account id, name, nickname, email, picture and work profile, with account
//! ids and emails unique across the org. Owns those fields; must not touch groups, directories,
//! standing or activity.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasher, BuildHasherDefault, DefaultHasher};

use crate::sim::rng::SimRng;

use super::names::{BOT_NAMES, PersonName, SERVICE_ACCOUNT_PURPOSES};
use super::population::Kind;
use super::profile::{LOCATIONS, random_department, random_title};
use super::site::{EXTERNAL_DOMAINS, Site};

/// Where Atlassian serves avatars; generated pictures live under it.
pub const AVATAR_BASE: &str = "https://avatar-management--avatars.us-west-2.prod.public.atl-paas.net";
/// Domain of Atlassian service-account emails.
pub const SERVICE_ACCOUNT_DOMAIN: &str = "serviceaccount.atlassian.com";
/// Relative odds of each external domain for people outside the org (same order as
/// [`EXTERNAL_DOMAINS`]).
const EXTERNAL_WEIGHTS: [u32; EXTERNAL_DOMAINS.len()] = [30, 20, 15, 25, 10];

/// A fixed hasher, so nothing depends on process state.
type FixedHash = BuildHasherDefault<DefaultHasher>;

fn fixed_hash(text: &str) -> u64 {
    FixedHash::default().hash_one(text)
}

/// Remembers what was handed out (by hash) so that account ids and emails are unique. A hash
/// collision between different texts only costs a retry.
#[derive(Debug, Default)]
pub struct Registry {
    seen: HashSet<u64, FixedHash>,
}

impl Registry {
    fn with_capacity(capacity: usize) -> Self {
        Self {
            seen: HashSet::with_capacity_and_hasher(capacity, FixedHash::default()),
        }
    }

    /// True the first time `text` is offered.
    pub fn claim(&mut self, text: &str) -> bool {
        self.seen.insert(fixed_hash(text))
    }
}

/// The identity fields of one account.
#[derive(Debug)]
pub struct Identity {
    pub account_id: String,
    pub name: String,
    pub nickname: String,
    /// Empty for app accounts (no email).
    pub email: String,
    pub email_verified: bool,
    pub picture: String,
    /// Department index for employees; decides their identity provider group and grants.
    pub department: Option<usize>,
    pub job_title: Option<String>,
    pub location: Option<String>,
    pub time_zone: Option<String>,
}

/// Hands out unique account ids and emails.
#[derive(Debug, Default)]
pub struct Identities {
    account_ids: Registry,
    emails: Registry,
    /// Next numeric suffix per `local@domain`, so a common name costs one lookup, not a probe
    /// through every taken number.
    email_suffixes: HashMap<u64, u32, FixedHash>,
}

impl Identities {
    /// Sized for about `accounts` accounts.
    pub fn with_capacity(accounts: usize) -> Self {
        Self {
            account_ids: Registry::with_capacity(accounts),
            emails: Registry::with_capacity(accounts),
            email_suffixes: HashMap::with_capacity_and_hasher(accounts, FixedHash::default()),
        }
    }

    pub fn identity(&mut self, rng: &mut SimRng, site: &Site, kind: Kind, ordinal: u32) -> Identity {
        let account_id = self.account_id(rng, kind);
        let picture = if matches!(kind, Kind::App | Kind::Customer | Kind::ServiceAccount) || rng.chance(0.3)
        {
            format!("{AVATAR_BASE}/default.png")
        } else {
            format!("{AVATAR_BASE}/{account_id}/128")
        };
        let mut identity = Identity {
            account_id,
            name: String::new(),
            nickname: String::new(),
            email: String::new(),
            email_verified: true,
            picture,
            department: None,
            job_title: None,
            location: None,
            time_zone: None,
        };
        match kind {
            Kind::App => {
                let name = BOT_NAMES[ordinal as usize % BOT_NAMES.len()];
                name.clone_into(&mut identity.name);
                name.clone_into(&mut identity.nickname);
                identity.email_verified = false;
            }
            Kind::ServiceAccount => {
                let (name, slug) =
                    SERVICE_ACCOUNT_PURPOSES[ordinal as usize % SERVICE_ACCOUNT_PURPOSES.len()];
                name.clone_into(&mut identity.name);
                slug.clone_into(&mut identity.nickname);
                identity.email = self.email(slug, SERVICE_ACCOUNT_DOMAIN);
            }
            Kind::Unmanaged | Kind::Customer => {
                let person = PersonName::random(rng);
                let domain = if kind == Kind::Unmanaged && rng.chance(0.04) {
                    site.unverified.as_str()
                } else {
                    EXTERNAL_DOMAINS[rng.weighted(&EXTERNAL_WEIGHTS)]
                };
                identity.name = person.display();
                identity.nickname = person.nickname(rng);
                identity.email = self.email(&person.email_local(), domain);
                identity.email_verified = rng.chance(0.95);
                if kind == Kind::Unmanaged && rng.chance(0.3) {
                    identity.job_title =
                        Some((*rng.pick(&["Contractor", "Consultant", "Partner"])).to_owned());
                }
            }
            Kind::Synced | Kind::Invited | Kind::Claimed | Kind::Admin => {
                let person = PersonName::random(rng);
                let domain = match site.verified.as_slice() {
                    [primary, ..] if rng.chance(0.8) => primary.as_str(),
                    all => all.get(rng.index(all.len())).map_or("", String::as_str),
                };
                identity.name = person.display();
                identity.nickname = person.nickname(rng);
                identity.email = self.email(&person.email_local(), domain);
                identity.email_verified = kind != Kind::Claimed || rng.chance(0.9);
                let department = random_department(rng);
                identity.department = Some(department);
                identity.job_title = random_title(rng, department).map(str::to_owned);
                place(rng, &mut identity);
            }
        }
        identity
    }

    /// A unique id in the shape the kind has: `712020:<uuid>` (about a tenth legacy 24-hex) for
    /// people, `557058:<uuid>` for apps, `qm:<uuid>:<uuid>` for portal customers.
    fn account_id(&mut self, rng: &mut SimRng, kind: Kind) -> String {
        loop {
            let id = match kind {
                Kind::App | Kind::ServiceAccount => format!("557058:{}", rng.uuid()),
                Kind::Customer => format!("qm:{}:{}", rng.uuid(), rng.uuid()),
                _ if rng.chance(0.1) => rng.hex(24),
                _ => format!("712020:{}", rng.uuid()),
            };
            if self.account_ids.claim(&id) {
                return id;
            }
        }
    }

    /// `local@domain`, or `local2@domain`, `local3@domain`, … when taken.
    pub fn email(&mut self, local: &str, domain: &str) -> String {
        let mut email = format!("{local}@{domain}");
        let next = self.email_suffixes.entry(fixed_hash(&email)).or_insert(1);
        if *next > 1 {
            email = format!("{local}{next}@{domain}");
        }
        // A suffixed candidate can still be taken (e.g. a hostile local part ending in a digit).
        while !self.emails.claim(&email) {
            *next += 1;
            email = format!("{local}{next}@{domain}");
        }
        *next += 1;
        email
    }
}

/// Office and zone: mostly an office, some remote, a few blank.
fn place(rng: &mut SimRng, identity: &mut Identity) {
    let (city, zone) = *rng.pick(&LOCATIONS);
    match rng.below(20) {
        0 => {}
        1 | 2 => {
            identity.location = Some("Remote".to_owned());
            identity.time_zone = Some(zone.to_owned());
        }
        _ => {
            identity.location = Some(city.to_owned());
            identity.time_zone = Some(zone.to_owned());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_deduplicated_with_a_number() {
        let mut identities = Identities::default();
        assert_eq!(
            identities.email("ana.silva", "acme.example"),
            "ana.silva@acme.example"
        );
        assert_eq!(
            identities.email("ana.silva", "acme.example"),
            "ana.silva2@acme.example"
        );
        assert_eq!(
            identities.email("ana.silva", "acme.example"),
            "ana.silva3@acme.example"
        );
        assert_eq!(
            identities.email("ana.silva", "mail.example"),
            "ana.silva@mail.example"
        );
    }

    #[test]
    fn account_ids_have_the_kind_shape() {
        let mut rng = SimRng::new(5);
        let site = Site::generate(&mut rng);
        let mut identities = Identities::default();
        let app = identities.identity(&mut rng, &site, Kind::App, 0);
        assert!(app.account_id.starts_with("557058:") && app.email.is_empty());
        let service = identities.identity(&mut rng, &site, Kind::ServiceAccount, 0);
        assert!(service.email.ends_with("@serviceaccount.atlassian.com"));
        let customer = identities.identity(&mut rng, &site, Kind::Customer, 0);
        assert!(customer.account_id.starts_with("qm:"));
        let person = identities.identity(&mut rng, &site, Kind::Synced, 0);
        assert!(person.department.is_some());
        assert!(
            site.verified
                .iter()
                .any(|domain| person.email.ends_with(domain.as_str()))
        );
        assert!(
            !identities.account_ids.claim(&person.account_id),
            "ids are registered"
        );
    }
}
