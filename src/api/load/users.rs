//! Paging every partition to its end, several chains at once: each page is fetched, decoded and
//! converted on a worker task, then merged here into the roster (deduplicated by account id,
//! directory and group lists unioned). Knows nothing about progress display.

use super::partition::Partition;
use crate::api::client::Client;
use crate::api::convert::{self, ProductCatalog};
use crate::api::error::ApiError;
use crate::directory::{AccountId, Activity, User};
use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use tokio::task::{JoinError, JoinSet};

/// Pages and records one partition produced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartitionStats {
    pub label: String,
    pub pages: u64,
    pub records: u64,
}

/// Users found so far, one entry per account.
#[derive(Debug, Default)]
pub struct Roster {
    users: Vec<User>,
    index: HashMap<AccountId, usize>,
    /// Product ids seen in search results, for mapping `last-active-dates` keys.
    pub catalog: ProductCatalog,
}

impl Roster {
    #[must_use]
    pub fn len(&self) -> usize {
        self.users.len()
    }

    /// Adds a user or merges a second sighting (another directory) into the first.
    pub fn add(&mut self, user: User) {
        self.catalog.learn(&user.activity);
        if let Some(&at) = self.index.get(&user.account_id) {
            let known = &mut self.users[at];
            for directory in user.directories {
                if !known.directories.contains(&directory) {
                    known.directories.push(directory);
                }
            }
            for group in user.groups {
                if !known.groups.contains(&group) {
                    known.groups.push(group);
                }
            }
            if known.activity == Activity::Unknown {
                known.activity = user.activity;
            }
            return;
        }
        self.index.insert(user.account_id.clone(), self.users.len());
        self.users.push(user);
    }

    pub fn users_mut(&mut self) -> &mut [User] {
        &mut self.users
    }

    /// The users ordered by account id, so a load's output does not depend on timing.
    #[must_use]
    pub fn into_users(mut self) -> Vec<User> {
        self.users.sort_by(|a, b| a.account_id.cmp(&b.account_id));
        self.users
    }
}

/// One fetched page, already converted.
struct Fetched {
    partition: usize,
    users: Vec<User>,
    next: Option<String>,
}

/// Pages every partition to its end with at most `concurrency` requests in flight, calling
/// `on_page` after each merged page.
pub async fn page_all(
    client: &Client,
    org_id: &str,
    partitions: &[Partition],
    page_size: u32,
    concurrency: usize,
    roster: &mut Roster,
    on_page: &mut dyn FnMut(&Roster),
) -> Result<Vec<PartitionStats>, ApiError> {
    let org_id: Arc<str> = Arc::from(org_id);
    let mut stats: Vec<PartitionStats> = partitions
        .iter()
        .map(|p| PartitionStats {
            label: p.label(),
            pages: 0,
            records: 0,
        })
        .collect();
    let mut cursors_seen: Vec<HashSet<String>> = vec![HashSet::new(); partitions.len()];
    let mut waiting = 0..partitions.len();
    let mut tasks = JoinSet::new();
    for index in waiting.by_ref().take(concurrency.max(1)) {
        spawn_page(
            &mut tasks,
            client,
            &org_id,
            &partitions[index],
            index,
            page_size,
            None,
        );
    }
    while let Some(joined) = tasks.join_next().await {
        let fetched = joined.map_err(interrupted)??;
        let partition = &partitions[fetched.partition];
        let stat = &mut stats[fetched.partition];
        stat.pages += 1;
        stat.records += fetched.users.len() as u64;
        for user in fetched.users {
            roster.add(user);
        }
        on_page(roster);
        match fetched.next {
            Some(cursor) if !cursors_seen[fetched.partition].insert(cursor.clone()) => {
                return Err(cursor_loop(&org_id, partition));
            }
            Some(cursor) => {
                spawn_page(
                    &mut tasks,
                    client,
                    &org_id,
                    partition,
                    fetched.partition,
                    page_size,
                    Some(cursor),
                );
            }
            None => {
                if let Some(index) = waiting.next() {
                    spawn_page(
                        &mut tasks,
                        client,
                        &org_id,
                        &partitions[index],
                        index,
                        page_size,
                        None,
                    );
                }
            }
        }
    }
    Ok(stats)
}

fn spawn_page(
    tasks: &mut JoinSet<Result<Fetched, ApiError>>,
    client: &Client,
    org_id: &Arc<str>,
    partition: &Partition,
    index: usize,
    page_size: u32,
    cursor: Option<String>,
) {
    let client = client.clone();
    let org_id = Arc::clone(org_id);
    let directory = partition.directory.clone();
    let request = partition.request(page_size, cursor);
    tasks.spawn(async move {
        let segment = directory
            .as_ref()
            .map_or(crate::api::client::ALL_DIRECTORIES, |d| d.as_str());
        let page = client.users_search_page(&org_id, segment, &request).await?;
        let next = page.next_cursor();
        let users = page
            .data
            .into_iter()
            .map(|record| convert::user(record, directory.as_ref()))
            .collect();
        Ok(Fetched {
            partition: index,
            users,
            next,
        })
    });
}

/// A worker task that did not finish: a panic is passed on as a panic, anything else means the
/// runtime is shutting down.
pub fn interrupted(err: JoinError) -> ApiError {
    if err.is_panic() {
        std::panic::resume_unwind(err.into_panic());
    }
    ApiError::Interrupted
}

/// The search that looped, named for the error message (display text, not a URL).
fn cursor_loop(org_id: &str, partition: &Partition) -> ApiError {
    let path = format!(
        "/admin/v2/orgs/{org_id}/directories/{}/users/search",
        partition.directory_segment()
    );
    ApiError::CursorLoop {
        endpoint: crate::api::error::Endpoint { method: "POST", path },
    }
}
