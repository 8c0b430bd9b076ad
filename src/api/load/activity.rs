//! Filling in activity the search left out, only where it can matter: one `last-active-dates`
//! call per active, unprotected user holding a billable seat, bounded in number (the load's
//! request share) and paced by the client like every call. Everyone else, and users beyond the bound or no longer found,
//! keep `Activity::Unknown`, which never makes anyone cleanup-ready (ARCHITECTURE rule 14).

use super::interrupted;
use super::roster::Roster;
use crate::api::client::Client;
use crate::api::convert;
use crate::api::error::ApiError;
use crate::api::model::LastActiveData;
use crate::directory::{Activity, Classifier, GroupsById, Lane, User, UserStatus, seats_of};
use std::collections::{HashSet, VecDeque};
use std::sync::Arc;
use tokio::task::JoinSet;

/// What the fill-in did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FillStats {
    /// Users whose search record had no activity.
    pub missing: usize,
    /// Of those, users whose activity cannot change their lane or seats (suspended or otherwise
    /// inactive, protected, or holding no billable seat): not asked, left unknown.
    pub not_needed: usize,
    /// `last-active-dates` calls that answered (each may have taken several attempts).
    pub calls: u64,
    /// Users left unknown because the bound was reached.
    pub skipped: usize,
    /// Users the call no longer found (removed mid-load): left unknown.
    pub not_found: usize,
}

/// The lookups of one load: who is waiting, who was asked, and the bound.
#[derive(Debug)]
pub struct Lookups {
    budget: usize,
    waiting: VecDeque<usize>,
    asked: HashSet<usize>,
    pub stats: FillStats,
}

/// A finished lookup: the roster position and the answer.
pub type LookupResult = (usize, Result<LastActiveData, ApiError>);

impl Lookups {
    #[must_use]
    pub fn new(budget: usize) -> Self {
        Self {
            budget,
            waiting: VecDeque::new(),
            asked: HashSet::new(),
            stats: FillStats::default(),
        }
    }

    /// Queues the user at `at` while the bound allows.
    pub fn offer(&mut self, at: usize) {
        if self.asked.len() < self.budget && self.asked.insert(at) {
            self.waiting.push_back(at);
        }
    }

    pub fn next(&mut self) -> Option<usize> {
        self.waiting.pop_front()
    }

    /// Starts the lookup for the user at `at` on `tasks`.
    fn spawn(
        tasks: &mut JoinSet<LookupResult>,
        client: &Client,
        org_id: &Arc<str>,
        roster: &Roster,
        at: usize,
    ) {
        let client = client.clone();
        let org_id = Arc::clone(org_id);
        let account_id = roster.users()[at].account_id.as_str().to_owned();
        tasks.spawn(async move { (at, client.last_active_dates(&org_id, &account_id).await) });
    }

    /// Applies an answer: activity and, when missing, the date the user joined. A user whose
    /// activity arrived meanwhile from another directory's search keeps that fuller record.
    pub fn apply(&mut self, roster: &mut Roster, (at, result): LookupResult) -> Result<(), ApiError> {
        match result {
            Ok(data) => {
                self.stats.calls += 1;
                let activity =
                    convert::activity_from_last_active(&data, &roster.catalog, &mut roster.interner);
                let user = &mut roster.users_mut()[at];
                if user.activity == Activity::Unknown {
                    user.activity = activity;
                }
                if user.added_to_org.is_none() {
                    user.added_to_org = convert::added_to_org(&data);
                }
                Ok(())
            }
            Err(ApiError::NotFound { .. }) => {
                self.stats.not_found += 1;
                Ok(())
            }
            Err(other) => Err(other),
        }
    }

    /// After paging: offers every user still unknown whose activity can matter (by account id,
    /// so reruns pick the same users), runs those lookups, and settles the counts.
    pub async fn fill_remaining(
        &mut self,
        client: &Client,
        org_id: &str,
        roster: &mut Roster,
        relevance: &Relevance<'_>,
        concurrency: usize,
        on_call: &mut (dyn FnMut(usize, usize) + Send),
    ) -> Result<(), ApiError> {
        let users = roster.users();
        let unknown: Vec<usize> = (0..users.len())
            .filter(|at| users[*at].activity == Activity::Unknown)
            .collect();
        let mut wanted: Vec<usize> = unknown
            .iter()
            .copied()
            .filter(|&at| relevance.can_matter(&users[at]))
            .collect();
        // Longest in the org first (the likeliest to be idle), then by account id, so reruns
        // ask the same users when the bound cuts the list.
        wanted.sort_by(|&a, &b| {
            let joined = |at: usize| users[at].added_to_org.map_or(i64::MAX, |at| at.timestamp());
            joined(a)
                .cmp(&joined(b))
                .then_with(|| users[a].account_id.cmp(&users[b].account_id))
        });
        for &at in &wanted {
            self.offer(at);
        }
        self.stats.missing = unknown.len();
        self.stats.not_needed = unknown.len() - wanted.len();
        self.stats.skipped = wanted.len() - self.asked.len();

        let org_id: Arc<str> = Arc::from(org_id);
        let planned = self.waiting.len();
        let mut done = 0;
        let mut tasks: JoinSet<LookupResult> = JoinSet::new();
        loop {
            while tasks.len() < concurrency.max(1) {
                let Some(at) = self.next() else { break };
                Self::spawn(&mut tasks, client, &org_id, roster, at);
            }
            let Some(joined) = tasks.join_next().await else {
                break;
            };
            self.apply(roster, joined.map_err(interrupted)?)?;
            done += 1;
            on_call(done, planned);
        }
        Ok(())
    }
}

/// Decides whose missing activity can change a lane or a seat.
pub struct Relevance<'a> {
    /// Group grants by group id, for the user's seats.
    pub groups: &'a GroupsById<'a>,
    /// A classifier without allowlist or exclusions: the protections every policy shares.
    pub classifier: &'a Classifier,
}

impl Relevance<'_> {
    /// Whether asking for `user`'s activity can change their lane or seats: they are active,
    /// not protected, and hold a billable seat through their groups. A user left unknown lands
    /// in review; should the classifier ever see it otherwise, the user is asked after all.
    #[must_use]
    pub fn can_matter(&self, user: &User) -> bool {
        if user.status != UserStatus::Active {
            return false;
        }
        let verdict = self.classifier.verdict(user).lane;
        if verdict == Lane::Protected {
            return false;
        }
        let billable = seats_of(user, self.groups)
            .iter()
            .any(crate::directory::Seat::is_billable);
        billable || verdict == Lane::CleanupReady
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::directory::{
        AccountId, AccountStatus, AccountType, ClaimStatus, DataSource, Directory, Exclusions, Group,
        GroupId, MembershipStatus, Org, PlatformRole, Policy, ProductId, ProductKey, Role, RoleGrant,
        groups_by_id,
    };
    use chrono::{TimeZone, Utc};

    fn group(id: &str, role: Role) -> Group {
        Group {
            id: GroupId::from(id),
            name: id.to_owned(),
            description: None,
            directory_id: None,
            external_synced: false,
            managed_by: None,
            user_count: None,
            grants: vec![RoleGrant {
                site: ProductId::from("ari:cloud:confluence::site/one"),
                product: ProductKey::from("confluence"),
                roles: vec![role],
            }],
            modifiable: None,
        }
    }

    fn user(groups: &[&str]) -> User {
        User {
            account_id: AccountId::from("a-1"),
            account_type: AccountType::Atlassian,
            name: "A".to_owned(),
            nickname: None,
            email: None,
            claim_status: ClaimStatus::Managed,
            management_source: None,
            status: UserStatus::Active,
            account_status: AccountStatus::Active,
            membership_status: MembershipStatus::Active,
            platform_roles: Vec::new(),
            added_to_org: Some(Utc.with_ymd_and_hms(2020, 1, 1, 0, 0, 0).single().expect("date")),
            activity: Activity::Unknown,
            groups: groups.iter().map(|id| GroupId::from(*id)).collect(),
            directories: Vec::new(),
        }
    }

    #[test]
    fn only_active_unprotected_holders_of_a_billable_seat_are_asked_and_the_rest_stay_unactionable() {
        let directory = Directory {
            org: Org {
                id: "o".into(),
                name: "o".into(),
            },
            directories: Vec::new(),
            domains: Vec::new(),
            groups: vec![group("users", Role::User), group("guests", Role::Guest)],
            sites: Vec::new(),
            users: Vec::new(),
            loaded_at: Utc::now(),
            source: DataSource::Api {
                base_url: "http://127.0.0.1".into(),
            },
        };
        let classifier = Classifier::new(&directory, &Policy::default(), &Exclusions::default(), Utc::now());
        let groups = groups_by_id(&directory.groups);
        let relevance = Relevance {
            groups: &groups,
            classifier: &classifier,
        };
        let billable = user(&["users", "guests"]);
        let guest_only = user(&["guests"]);
        let no_group = user(&[]);
        let suspended = User {
            status: UserStatus::Suspended,
            ..user(&["users"])
        };
        let admin = User {
            platform_roles: vec![PlatformRole::SiteAdmin],
            ..user(&["users"])
        };
        let app = User {
            account_type: AccountType::App,
            ..user(&["users"])
        };
        assert!(relevance.can_matter(&billable));
        for (name, skipped) in [
            ("guest only", &guest_only),
            ("no group", &no_group),
            ("suspended", &suspended),
            ("admin", &admin),
            ("app", &app),
        ] {
            assert!(!relevance.can_matter(skipped), "{name} asked");
            // Left unknown, they can never be cleanup-ready (rule 14).
            assert_ne!(classifier.verdict(skipped).lane, Lane::CleanupReady, "{name}");
        }
    }
}
