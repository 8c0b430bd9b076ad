//! Filling in activity the search left out: one `last-active-dates` call per such user, bounded
//! in number and concurrency (and paced by the client like every call). Users beyond the bound,
//! or no longer found, keep `Activity::Unknown`.

use super::interrupted;
use super::roster::Roster;
use crate::api::client::Client;
use crate::api::convert;
use crate::api::error::ApiError;
use crate::api::model::LastActiveData;
use crate::directory::{Activity, UserStatus};
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

/// Looks up activity for users that lack it, active members first, at most `budget` calls.
pub async fn fill_unknown_activity(
    client: &Client,
    org_id: &str,
    roster: &mut Roster,
    budget: usize,
    concurrency: usize,
    on_call: &mut dyn FnMut(usize, usize),
) -> Result<FillStats, ApiError> {
    let mut wanted: Vec<usize> = (0..roster.len())
        .filter(|&at| roster.users_mut()[at].activity == Activity::Unknown)
        .collect();
    let users = roster.users_mut();
    // Active members matter most to a cleanup; then a stable order so reruns pick the same users.
    wanted.sort_by(|&a, &b| {
        let rank = |at: usize| u8::from(users[at].status != UserStatus::Active);
        rank(a)
            .cmp(&rank(b))
            .then_with(|| users[a].account_id.cmp(&users[b].account_id))
    });
    let mut stats = FillStats {
        missing: wanted.len(),
        skipped: wanted.len().saturating_sub(budget),
        ..FillStats::default()
    };
    wanted.truncate(budget);
    let planned = wanted.len();
    let org_id: Arc<str> = Arc::from(org_id);
    let mut queue = wanted.into_iter();
    let mut tasks: JoinSet<(usize, Result<LastActiveData, ApiError>)> = JoinSet::new();
    for at in queue.by_ref().take(concurrency.max(1)) {
        spawn_lookup(&mut tasks, client, &org_id, at, users[at].account_id.as_str());
    }
    let mut done = 0;
    while let Some(joined) = tasks.join_next().await {
        let (at, result) = joined.map_err(interrupted)?;
        done += 1;
        match result {
            Ok(data) => {
                stats.calls += 1;
                let activity = convert::activity_from_last_active(&data, &roster.catalog);
                let user = &mut roster.users_mut()[at];
                user.activity = activity;
                if user.added_to_org.is_none() {
                    user.added_to_org = convert::added_to_org(&data);
                }
            }
            Err(ApiError::NotFound { .. }) => stats.not_found += 1,
            Err(other) => return Err(other),
        }
        on_call(done, planned);
        if let Some(next) = queue.next() {
            let account = roster.users()[next].account_id.as_str().to_owned();
            spawn_lookup(&mut tasks, client, &org_id, next, &account);
        }
    }
    Ok(stats)
}

fn spawn_lookup(
    tasks: &mut JoinSet<(usize, Result<LastActiveData, ApiError>)>,
    client: &Client,
    org_id: &Arc<str>,
    at: usize,
    account_id: &str,
) {
    let client = client.clone();
    let org_id = Arc::clone(org_id);
    let account_id = account_id.to_owned();
    tasks.spawn(async move { (at, client.last_active_dates(&org_id, &account_id).await) });
}
