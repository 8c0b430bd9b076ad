//! Filling in activity the search left out: one `last-active-dates` call per such user, bounded
//! in number, paced by the client like every call, and run in the slots the paging leaves idle.
//! Users beyond the bound, or no longer found, keep `Activity::Unknown`.

use super::interrupted;
use super::roster::Roster;
use crate::api::client::Client;
use crate::api::convert;
use crate::api::error::ApiError;
use crate::api::model::LastActiveData;
use crate::directory::{Activity, UserStatus};
use std::collections::{HashSet, VecDeque};
use std::sync::Arc;
use tokio::task::JoinSet;

/// What the fill-in did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FillStats {
    /// Users whose search record had no activity.
    pub missing: usize,
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

    /// Queues the user at `at` while the bound allows. During paging only active members are
    /// offered (they matter most to a cleanup); the rest wait for `fill_remaining`.
    pub fn offer(&mut self, at: usize) {
        if self.asked.len() < self.budget && self.asked.insert(at) {
            self.waiting.push_back(at);
        }
    }

    /// Offers a user just found in a search, if the search had no activity for them.
    pub fn offer_found(&mut self, roster: &Roster, at: usize) {
        let user = &roster.users()[at];
        if user.activity == Activity::Unknown && user.status == UserStatus::Active {
            self.offer(at);
        }
    }

    pub fn next(&mut self) -> Option<usize> {
        self.waiting.pop_front()
    }

    /// Starts the lookup for the user at `at` on `tasks`.
    pub fn spawn<T: Send + 'static>(
        tasks: &mut JoinSet<T>,
        client: &Client,
        org_id: &Arc<str>,
        roster: &Roster,
        at: usize,
        wrap: fn(LookupResult) -> T,
    ) -> tokio::task::AbortHandle {
        let client = client.clone();
        let org_id = Arc::clone(org_id);
        let account_id = roster.users()[at].account_id.as_str().to_owned();
        tasks.spawn(async move { wrap((at, client.last_active_dates(&org_id, &account_id).await)) })
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

    /// After paging: offers everyone still unknown (active members first, then by account id,
    /// so reruns pick the same users), runs those lookups, and settles the counts.
    pub async fn fill_remaining(
        &mut self,
        client: &Client,
        org_id: &str,
        roster: &mut Roster,
        concurrency: usize,
        on_call: &mut (dyn FnMut(usize, usize) + Send),
    ) -> Result<(), ApiError> {
        let users = roster.users();
        let mut unknown: Vec<usize> = (0..users.len())
            .filter(|at| users[*at].activity == Activity::Unknown && !self.asked.contains(at))
            .collect();
        unknown.sort_by(|&a, &b| {
            let rank = |at: usize| u8::from(users[at].status != UserStatus::Active);
            rank(a)
                .cmp(&rank(b))
                .then_with(|| users[a].account_id.cmp(&users[b].account_id))
        });
        for &at in &unknown {
            self.offer(at);
        }
        self.stats.skipped = unknown.iter().filter(|at| !self.asked.contains(at)).count();
        self.stats.missing = self.asked.len() + self.stats.skipped;

        let org_id: Arc<str> = Arc::from(org_id);
        let planned = self.waiting.len();
        let mut done = 0;
        let mut tasks: JoinSet<LookupResult> = JoinSet::new();
        loop {
            while tasks.len() < concurrency.max(1) {
                let Some(at) = self.next() else { break };
                Self::spawn(&mut tasks, client, &org_id, roster, at, |result| result);
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
