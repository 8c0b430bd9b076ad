//! Loading a whole org into a `directory::Directory` in as few requests as the API allows:
//! org facts and sites first (concurrently), then every user through partitioned `users/search`
//! chains run side by side with the granting groups' role assignments, a completeness check
//! against `users/count`, and a `last-active-dates` fill-in only for users whose lane or seats
//! it can change. Reports progress through a callback; must not know channels or the UI.

mod activity;
mod bounds;
mod partition;
mod roster;
mod seats;
mod users;

pub use activity::FillStats;
use activity::{Lookups, Relevance};
pub use bounds::{MAX_LISTING_PAGES, MAX_USER_PAGES, PageBound, USER_COUNT_MARGIN};
pub use partition::{Direction, Partition, USER_EXPAND, plan};
pub use seats::SeatStats;
use users::Paging;
pub use users::PartitionStats;

use super::assumptions::{
    GROUP_SEARCH_EXPAND_RESOURCE_COUNTS, GROUP_SEARCH_EXPAND_USER_COUNTS, SEARCH_MAX_LIMIT,
};
use super::client::{ALL_DIRECTORIES, Client};
use super::convert;
use super::error::ApiError;
use super::model::{DirectoryGroup, DirectoryRecord, GroupSearchRequest, Page};
use crate::directory::{
    Classifier, DataSource, Directory, DirectoryId, DirectoryInfo, Domain, Exclusions, Group, Interner,
    Policy, groups_by_id,
};
use chrono::Utc;
use roster::Roster;
use std::collections::HashSet;
use std::future::Future;
use std::time::Duration;
use tokio::task::JoinError;

/// Tuning of a load. Defaults suit Atlassian; tests and benchmarks change them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadOptions {
    /// Requests in flight at once (pacing still applies to all of them). Enough for both ends
    /// of every partition of a two-directory org, so latency, not this bound, sets the pace.
    pub concurrency: usize,
    pub page_size: u32,
    /// Most `last-active-dates` calls one load makes for users whose search lacks activity.
    pub last_active_budget: usize,
    /// Users per request the whole load may cost, at most: activity lookups get what the org
    /// reads, pages and group reads leave of `users / users_per_request` (at least
    /// `MIN_LAST_ACTIVE_CALLS`). The per-user scripts admins use make about 0.8 requests per
    /// user (one per managed account, and list pages); 64 keeps a load 50 times cheaper.
    pub users_per_request: u64,
}

/// Activity lookups a load may make however small the org: the org reads and pages of a small
/// org alone can exceed its share.
pub const MIN_LAST_ACTIVE_CALLS: usize = 10;

impl Default for LoadOptions {
    fn default() -> Self {
        Self {
            concurrency: 32,
            page_size: SEARCH_MAX_LIMIT,
            last_active_budget: 2_000,
            users_per_request: 64,
        }
    }
}

/// Where a load is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoadPhase {
    /// Org, directories, domains, groups and the user count.
    Organization,
    Users,
    /// Re-reading everyone because the partitions missed some users.
    Sweep,
    /// Looking up activity the search left out: `done` of `planned` calls.
    Activity {
        done: usize,
        planned: usize,
    },
    Done,
}

/// A progress event: enough for a status line ("12,300 of 40,000 users, 140 requests").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LoadProgress {
    pub phase: LoadPhase,
    /// Requests this client has sent so far (all attempts).
    pub requests: u64,
    /// Distinct users found so far.
    pub users: usize,
    /// Users the org has, from `users/count`, once known.
    pub total: Option<u64>,
}

/// Why a sweep ran: the partitions found fewer users than `users/count` reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sweep {
    pub expected: u64,
    pub found_by_partitions: usize,
}

/// What a load cost and how it went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadStats {
    /// Attempts sent by the client during this load, retries included.
    pub requests: u64,
    pub retries: u64,
    pub throttled: u64,
    pub partitions: Vec<PartitionStats>,
    /// `users/count` at the start of the load.
    pub expected_users: u64,
    pub sweep: Option<Sweep>,
    pub activity: FillStats,
    pub seats: SeatStats,
    pub duration: Duration,
}

/// The loaded directory and the figures of the load.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadOutcome {
    pub directory: Directory,
    pub stats: LoadStats,
}

/// Loads everything dormant knows about the org `org_id`.
#[allow(clippy::too_many_lines)] // one sequence of phases; split when sites and grants load here
pub async fn load_directory(
    client: &Client,
    org_id: &str,
    options: &LoadOptions,
    progress: &(dyn Fn(LoadProgress) + Send + Sync),
) -> Result<LoadOutcome, ApiError> {
    let started = tokio::time::Instant::now();
    let loaded_at = Utc::now();
    let before = client.stats();
    let report = |phase, users, total| {
        progress(LoadProgress {
            phase,
            requests: client.stats().requests,
            users,
            total,
        });
    };
    report(LoadPhase::Organization, 0, None);
    let (org, directories, domains, groups, workspaces, expected) = tokio::try_join!(
        client.org(org_id),
        all_pages("directories", |cursor| async move {
            client.directories_page(org_id, cursor.as_deref()).await
        }),
        all_pages("domains", |cursor| async move {
            client.domains_page(org_id, cursor.as_deref()).await
        }),
        all_groups(client, org_id),
        seats::workspaces(client, org_id),
        client.users_count(org_id, ALL_DIRECTORIES),
    )?;
    let mut roster = Roster::default();
    let mut seat_stats = SeatStats::default();
    let grant_reads = seats::to_read(&groups, &mut seat_stats);
    let sites = seats::sites(workspaces, &mut roster.interner, &mut seat_stats);
    let (directories, mut groups) = listings(directories, groups, &mut roster.interner);
    let domains: Vec<Domain> = domains.into_iter().map(convert::domain).collect();
    report(LoadPhase::Users, 0, Some(expected));

    let directory_ids: Vec<DirectoryId> = directories.iter().map(|d| d.id.clone()).collect();
    let partitions = plan(
        &directory_ids,
        expected.div_ceil(u64::from(options.page_size.clamp(1, SEARCH_MAX_LIMIT))),
    );
    let paging = Paging {
        page_size: options.page_size,
        concurrency: options.concurrency,
        bound: PageBound::users(expected, options.page_size),
    };
    let mut on_page = |roster: &Roster| report(LoadPhase::Users, roster.len(), Some(expected));
    let (mut partition_stats, grant_answers) = tokio::try_join!(
        users::page_all(client, org_id, &partitions, paging, &mut roster, &mut on_page),
        seats::role_assignments(client, org_id, grant_reads),
    )?;

    let mut sweep = None;
    if (roster.len() as u64) < expected {
        sweep = Some(Sweep {
            expected,
            found_by_partitions: roster.len(),
        });
        let everyone = [Partition::everyone()];
        let mut on_page = |roster: &Roster| report(LoadPhase::Sweep, roster.len(), Some(expected));
        let swept = users::page_all(client, org_id, &everyone, paging, &mut roster, &mut on_page).await?;
        partition_stats.extend(swept);
    }

    seats::apply(
        &mut groups,
        &sites,
        grant_answers,
        &mut roster.interner,
        &mut seat_stats,
    );
    let mut directory = Directory {
        org: convert::org(org),
        directories,
        domains,
        groups,
        sites,
        users: Vec::new(),
        loaded_at,
        source: DataSource::Api {
            base_url: client.base_url().to_string(),
        },
    };
    let found = roster.len();
    let mut on_call = |done, planned| report(LoadPhase::Activity { done, planned }, found, Some(expected));
    let spent = client.stats().requests - before.requests;
    let share = (found as u64 / options.users_per_request.max(1)).saturating_sub(spent);
    let budget = usize::try_from(share)
        .unwrap_or(usize::MAX)
        .max(MIN_LAST_ACTIVE_CALLS)
        .min(options.last_active_budget);
    let mut lookups = Lookups::new(budget);
    {
        // The protections every policy shares (admins, service, app and customer accounts).
        let classifier = Classifier::new(&directory, &Policy::default(), &Exclusions::default(), loaded_at);
        let groups = groups_by_id(&directory.groups);
        let relevance = Relevance {
            groups: &groups,
            classifier: &classifier,
        };
        lookups
            .fill_remaining(
                client,
                org_id,
                &mut roster,
                &relevance,
                options.concurrency,
                &mut on_call,
            )
            .await?;
    }
    let activity = lookups.stats;
    let after = client.stats();
    directory.users = roster.into_users();
    report(LoadPhase::Done, directory.users.len(), Some(expected));
    Ok(LoadOutcome {
        directory,
        stats: LoadStats {
            requests: after.requests - before.requests,
            retries: after.retries - before.retries,
            throttled: after.throttled - before.throttled,
            partitions: partition_stats,
            expected_users: expected,
            sweep,
            activity,
            seats: seat_stats,
            duration: started.elapsed(),
        },
    })
}

/// The org's directories and groups as domain types, their ids entered in `interner` so that the
/// users converted later share them.
fn listings(
    directories: Vec<DirectoryRecord>,
    groups: Vec<DirectoryGroup>,
    interner: &mut Interner,
) -> (Vec<DirectoryInfo>, Vec<Group>) {
    let directories = directories
        .into_iter()
        .map(|record| convert::directory_info(record, interner))
        .collect();
    let groups = groups
        .into_iter()
        .map(|record| convert::group(record, interner))
        .collect();
    (directories, groups)
}

/// Every group of every directory, with user counts, paged sequentially (groups are few). Also
/// what a batch reads to resolve allowlisted group names before re-checking protection.
pub async fn all_groups(client: &Client, org_id: &str) -> Result<Vec<DirectoryGroup>, ApiError> {
    all_pages("groups/search", |cursor| async move {
        let request = GroupSearchRequest {
            cursor,
            limit: SEARCH_MAX_LIMIT,
            expand: vec![
                GROUP_SEARCH_EXPAND_USER_COUNTS.to_owned(),
                GROUP_SEARCH_EXPAND_RESOURCE_COUNTS.to_owned(),
            ],
        };
        client.groups_search_page(org_id, ALL_DIRECTORIES, &request).await
    })
    .await
}

/// Follows `links.next` from the first page to the last, refusing a cursor seen before and a
/// listing longer than `MAX_LISTING_PAGES`. `listing` names the endpoint in those errors.
async fn all_pages<T, F, Fut>(listing: &str, mut fetch: F) -> Result<Vec<T>, ApiError>
where
    F: FnMut(Option<String>) -> Fut,
    Fut: Future<Output = Result<Page<T>, ApiError>>,
{
    let mut items = Vec::new();
    let mut cursor = None;
    let mut seen = HashSet::new();
    let bound = PageBound::listing();
    let endpoint = || super::error::Endpoint {
        method: "GET",
        path: format!("the org's {listing}"),
    };
    let mut pages: u64 = 0;
    loop {
        pages += 1;
        bound.check(pages, endpoint)?;
        let page = fetch(cursor.clone()).await?;
        let next = page.next_cursor();
        items.extend(page.data);
        match next {
            Some(next) if seen.insert(next.clone()) => cursor = Some(next),
            Some(_) => return Err(ApiError::CursorLoop { endpoint: endpoint() }),
            None => return Ok(items),
        }
    }
}

/// A worker task that did not finish: a panic is passed on as a panic, anything else means the
/// runtime is shutting down.
fn interrupted(err: JoinError) -> ApiError {
    if err.is_panic() {
        std::panic::resume_unwind(err.into_panic());
    }
    ApiError::Interrupted
}
