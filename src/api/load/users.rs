//! Paging every partition to its end, many chains at once. A partition bigger than one page is
//! paged from both ends (nickname ascending and descending) and stops where the two cross, which
//! halves its wall time when latency, not the rate limit, is the bottleneck. Each page is
//! fetched and decoded on a worker task, then converted (sharing repeated ids through the
//! roster's interner, which only this task touches) and merged into the roster here.

use super::bounds::PageBound;
use super::partition::{Direction, Partition};
use super::roster::Roster;
use crate::api::client::Client;
use crate::api::error::{ApiError, Endpoint};
use crate::api::model::DirectoryUser;
use std::collections::{HashSet, VecDeque};
use std::sync::Arc;
use tokio::task::{AbortHandle, Id, JoinSet};

/// Pages and records one partition produced (both ends together).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartitionStats {
    pub label: String,
    pub pages: u64,
    /// User records received, counting a user seen by both ends twice.
    pub records: u64,
    /// Whether the second (descending) end was used.
    pub two_ended: bool,
    /// Requests abandoned when the two ends crossed (sent or not; their answers are not needed).
    pub cancelled: u64,
}

/// One end of a partition.
#[derive(Debug, Default)]
struct Chain {
    started: bool,
    finished: bool,
    in_flight: Option<(Id, AbortHandle)>,
    cursors: HashSet<String>,
    /// Lower-cased nickname furthest along this end's order so far.
    frontier: Option<String>,
}

#[derive(Debug, Default)]
struct Run {
    ascending: Chain,
    descending: Chain,
    complete: bool,
}

impl Run {
    fn chain(&mut self, direction: Direction) -> &mut Chain {
        match direction {
            Direction::Ascending => &mut self.ascending,
            Direction::Descending => &mut self.descending,
        }
    }

    /// Marks the run complete and cancels the other end's request once the ends crossed.
    fn stop_if_crossed(&mut self, aborted: &mut HashSet<Id>, stats: &mut PartitionStats) -> bool {
        if !self.crossed() {
            return false;
        }
        self.complete = true;
        for chain in [&mut self.ascending, &mut self.descending] {
            if let Some((id, handle)) = chain.in_flight.take() {
                handle.abort();
                aborted.insert(id);
                stats.cancelled += 1;
            }
        }
        true
    }

    /// Done when either end reached the far end, or the ends crossed strictly: then every
    /// nickname is below the ascending frontier or above the descending one, ties included.
    fn crossed(&self) -> bool {
        self.ascending.finished
            || self.descending.finished
            || matches!((&self.ascending.frontier, &self.descending.frontier), (Some(up), Some(down)) if up > down)
    }
}

struct Fetch {
    partition: usize,
    direction: Direction,
    cursor: Option<String>,
}

struct Fetched {
    partition: usize,
    direction: Direction,
    /// Decoded, not yet converted: conversion needs the roster's interner.
    records: Vec<DirectoryUser>,
    next: Option<String>,
}

/// How a paging run is carried out.
#[derive(Debug, Clone, Copy)]
pub struct Paging {
    pub page_size: u32,
    /// Page requests in flight at most.
    pub concurrency: usize,
    /// Pages one partition may take before the server is deemed to page forever.
    pub bound: PageBound,
}

/// Pages every partition with at most `concurrency` requests in flight, calling `on_page` after
/// each merged page.
pub async fn page_all(
    client: &Client,
    org_id: &str,
    partitions: &[Partition],
    paging: Paging,
    roster: &mut Roster,
    on_page: &mut (dyn FnMut(&Roster) + Send),
) -> Result<Vec<PartitionStats>, ApiError> {
    let org: Arc<str> = Arc::from(org_id);
    let mut stats: Vec<PartitionStats> = partitions
        .iter()
        .map(|p| PartitionStats {
            label: p.label(),
            pages: 0,
            records: 0,
            two_ended: false,
            cancelled: 0,
        })
        .collect();
    let mut runs: Vec<Run> = partitions.iter().map(|_| Run::default()).collect();
    let mut queue: VecDeque<Fetch> = (0..partitions.len())
        .map(|partition| Fetch {
            partition,
            direction: Direction::Ascending,
            cursor: None,
        })
        .collect();
    let mut aborted: HashSet<Id> = HashSet::new();
    let mut tasks: JoinSet<Result<Fetched, ApiError>> = JoinSet::new();
    loop {
        while tasks.len() < paging.concurrency.max(1) {
            if let Some(fetch) = queue.pop_front() {
                let run = &mut runs[fetch.partition];
                if run.complete {
                    continue;
                }
                let partition = &partitions[fetch.partition];
                let handle = spawn_page(&mut tasks, client, &org, partition, paging.page_size, &fetch);
                let chain = run.chain(fetch.direction);
                chain.started = true;
                chain.in_flight = Some((handle.id(), handle));
            } else {
                break;
            }
        }
        let Some(joined) = tasks.join_next_with_id().await else {
            break;
        };
        let fetched = match joined {
            Ok((_, result)) => result?,
            Err(err) if err.is_cancelled() && aborted.contains(&err.id()) => continue,
            Err(err) => return Err(super::interrupted(err)),
        };
        let (index, direction) = (fetched.partition, fetched.direction);
        let stat = &mut stats[index];
        stat.pages += 1;
        paging
            .bound
            .check(stat.pages, || search_endpoint(org_id, &partitions[index]))?;
        stat.records += fetched.records.len() as u64;
        stat.two_ended |= direction == Direction::Descending;
        let run = &mut runs[index];
        let chain = run.chain(direction);
        chain.in_flight = None;
        chain.frontier = frontier(direction, &fetched.records, chain.frontier.take());
        for record in fetched.records {
            roster.add_record(record, partitions[index].directory.as_ref());
        }
        page_merged(on_page, roster, &stats);
        match fetched.next {
            None => chain.finished = true,
            Some(cursor) if !chain.cursors.insert(cursor.clone()) => {
                return Err(cursor_loop(org_id, &partitions[index]));
            }
            Some(cursor) => queue.push_front(Fetch {
                partition: index,
                direction,
                cursor: Some(cursor),
            }),
        }
        if !run.stop_if_crossed(&mut aborted, &mut stats[index])
            && direction == Direction::Ascending
            && !run.descending.started
        {
            // More than one page: start the other end as well.
            run.descending.started = true;
            queue.push_back(Fetch {
                partition: index,
                direction: Direction::Descending,
                cursor: None,
            });
        }
    }
    Ok(stats)
}

/// The furthest lower-cased nickname this end has reached.
fn frontier(direction: Direction, records: &[DirectoryUser], previous: Option<String>) -> Option<String> {
    let keys = records
        .iter()
        .map(|record| record.nickname.as_deref().unwrap_or_default().to_lowercase());
    let on_page = match direction {
        Direction::Ascending => keys.max(),
        Direction::Descending => keys.min(),
    };
    match (previous, on_page) {
        (Some(before), Some(now)) => Some(match direction {
            Direction::Ascending => before.max(now),
            Direction::Descending => before.min(now),
        }),
        (before, now) => now.or(before),
    }
}

fn spawn_page(
    tasks: &mut JoinSet<Result<Fetched, ApiError>>,
    client: &Client,
    org: &Arc<str>,
    partition: &Partition,
    page_size: u32,
    fetch: &Fetch,
) -> AbortHandle {
    let client = client.clone();
    let org = Arc::clone(org);
    let directory = partition.directory.clone();
    let request = partition.request(page_size, fetch.direction, fetch.cursor.clone());
    let (index, direction) = (fetch.partition, fetch.direction);
    tasks.spawn(async move {
        let segment = directory
            .as_ref()
            .map_or(crate::api::client::ALL_DIRECTORIES, |d| d.as_str());
        let page = client.users_search_page(&org, segment, &request).await?;
        let next = page.next_cursor();
        Ok(Fetched {
            partition: index,
            direction,
            records: page.data,
            next,
        })
    })
}

/// Hands the roster to `on_page` after a merged page. Also the fault point `load:page:N;` (N pages
/// of this pass merged): part of the org is in memory and nothing is saved, so a kill there must
/// leave no file behind.
fn page_merged(on_page: &mut (dyn FnMut(&Roster) + Send), roster: &Roster, stats: &[PartitionStats]) {
    on_page(roster);
    crate::test_hooks::fault_point!("load:page:{};", stats.iter().map(|stat| stat.pages).sum::<u64>());
}

/// The search that looped or paged without end, named for the error message (display text, not a URL).
fn search_endpoint(org_id: &str, partition: &Partition) -> Endpoint {
    let path = format!(
        "/admin/v2/orgs/{org_id}/directories/{}/users/search",
        partition.directory_segment()
    );
    Endpoint { method: "POST", path }
}

fn cursor_loop(org_id: &str, partition: &Partition) -> ApiError {
    ApiError::CursorLoop {
        endpoint: search_endpoint(org_id, partition),
    }
}
