//! Building a `DirectoryIndex`: one pass over the users for the columns, then one packed-integer
//! sort per column. Runs once per load, never per keystroke.

use super::seats::{SeatColumns, seat_idle_orders};
use super::text::TextIndex;
use super::traits::{AccountKind, Trait, status_code};
use super::{DirectoryIndex, GroupPosting, NO_DAYS, NO_DOMAIN, Orders, ProductColumn};
use crate::directory::allowlist::Exclusions;
use crate::directory::ids::{AccountId, GroupId, ProductKey};
use crate::directory::lane::{Classifier, Usage, idle_days, usages};
use crate::directory::org::Directory;
use crate::directory::policy::Policy;
use crate::directory::rowset::RowSet;
use crate::directory::sort::SortOrder;
use crate::directory::user::{Activity, User};
use crate::directory::view::LaneCounts;
use crate::directory::warning::Warnings;
use chrono::{DateTime, Utc};
use std::cmp::Ordering;
use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::Arc;

pub(super) fn build(
    directory: Arc<Directory>,
    policy: Policy,
    exclusions: &Exclusions,
    warnings: Warnings,
    now: DateTime<Utc>,
) -> DirectoryIndex {
    let users = &directory.users;
    let count = users.len();
    let classifier = Classifier::new(&directory, &policy, exclusions, now).with_warnings(warnings);
    let text = TextIndex::build(users);
    let by_name = name_order(&text, users);
    let mut name_rank = vec![0_u32; count];
    for (rank, &row) in by_name.iter().enumerate() {
        name_rank[row as usize] = rank as u32;
    }
    let idle: Vec<u32> = users
        .iter()
        .map(|u| idle_days(u, now).unwrap_or(NO_DAYS))
        .collect();
    let traits: Vec<u8> = users.iter().map(Trait::bits_of).collect();
    let statuses: Vec<u8> = users.iter().map(|u| status_code(&u.status)).collect();
    let (domains, domain_of) = intern_domains(&text, count);
    let products = product_columns(users, &policy, now, &name_rank, &by_name);
    let mut by_account: Vec<(u32, u32)> = users
        .iter()
        .enumerate()
        .map(|(row, u)| (account_hash(&u.account_id), row as u32))
        .collect();
    by_account.sort_unstable();

    let seats = SeatColumns::build(&directory, &policy.thresholds, now);
    let name = SortOrder::from_sorted(by_name, |a, b| text.name(a as usize) == text.name(b as usize));
    let order = |keys: &mut dyn Iterator<Item = u64>| SortOrder::by_key(keys, &name_rank, name.rows());
    let orders = Orders {
        email: email_order(&text, &name_rank),
        last_active: order(&mut users.iter().map(last_active_key)),
        days_idle: order(&mut idle.iter().map(|&days| u64::from(days))),
        lane: SortOrder::default(),
        kind: order(&mut traits.iter().map(|&bits| AccountKind::from_bits(bits) as u64)),
        status: order(&mut statuses.iter().map(|&code| u64::from(code))),
        groups: order(&mut users.iter().map(|u| u.groups.len() as u64)),
        added: order(&mut users.iter().map(|u| {
            u.added_to_org
                .map_or(u64::MAX, |at| timestamp_key(at.timestamp()))
        })),
        seat_idle: seat_idle_orders(&seats, &name_rank, name.rows()),
        name,
        name_rank,
    };
    let mut index = DirectoryIndex {
        allowlisted: RowSet::empty(count),
        lanes: Vec::new(),
        lane_counts: LaneCounts::default(),
        never_active: RowSet::from_predicate(count, |row| users[row].activity.is_never_active()),
        activity_unknown: RowSet::from_predicate(count, |row| users[row].activity == Activity::Unknown),
        groups: group_postings(&directory),
        directory,
        policy,
        as_of: now,
        classifier,
        text,
        idle_days: idle,
        traits,
        statuses,
        products,
        domains,
        domain_of,
        by_account,
        orders,
        seats,
    };
    refresh_lanes(&mut index);
    index
}

/// Derives the lane column, counts, `excluded` set and lane order from the classifier.
pub(super) fn refresh_lanes(index: &mut DirectoryIndex) {
    let verdicts: Vec<_> = index
        .directory
        .users
        .iter()
        .map(|u| index.classifier.verdict(u))
        .collect();
    index.lanes = verdicts.iter().map(|v| v.lane).collect();
    index.allowlisted = RowSet::from_predicate(verdicts.len(), |row| verdicts[row].allowlisted);
    index.lane_counts = LaneCounts::of(index.lanes.iter().copied());
    let lane = SortOrder::by_key(
        index.lanes.iter().map(|&lane| lane as u64),
        &index.orders.name_rank,
        index.orders.name.rows(),
    );
    index.orders.lane = lane;
}

/// Rows by lower-cased name, then account id: the tie-breaker of every other order. The first
/// eight bytes are compared as one integer; full strings only when those agree.
fn name_order(text: &TextIndex, users: &[User]) -> Vec<u32> {
    let mut keyed: Vec<(u64, u32)> = (0..users.len())
        .map(|row| (prefix(text.name(row)), row as u32))
        .collect();
    keyed.sort_unstable_by(|&(pa, a), &(pb, b)| {
        pa.cmp(&pb).then_with(|| {
            let (a, b) = (a as usize, b as usize);
            text.name(a)
                .cmp(text.name(b))
                .then_with(|| users[a].account_id.cmp(&users[b].account_id))
        })
    });
    keyed.into_iter().map(|(_, row)| row).collect()
}

/// Rows by lower-cased email (none last), ties in name order.
fn email_order(text: &TextIndex, name_rank: &[u32]) -> SortOrder {
    let key = |row: usize| (text.email(row).is_empty(), prefix(text.email(row)));
    let mut keyed: Vec<((bool, u64), u32)> = (0..name_rank.len()).map(|row| (key(row), row as u32)).collect();
    let full = |a: usize, b: usize| text.email(a).cmp(text.email(b));
    keyed.sort_unstable_by(|&(ka, a), &(kb, b)| {
        let (a, b) = (a as usize, b as usize);
        ka.cmp(&kb)
            .then_with(|| full(a, b))
            .then_with(|| name_rank[a].cmp(&name_rank[b]))
    });
    let order = keyed.into_iter().map(|(_, row)| row).collect();
    SortOrder::from_sorted(order, |a, b| full(a as usize, b as usize) == Ordering::Equal)
}

/// The first eight bytes big-endian, so integer order equals byte order on them.
fn prefix(text: &str) -> u64 {
    let mut bytes = [0_u8; 8];
    let len = text.len().min(8);
    bytes[..len].copy_from_slice(&text.as_bytes()[..len]);
    u64::from_be_bytes(bytes)
}

/// Order-preserving map of a signed timestamp onto `u64`.
fn timestamp_key(seconds: i64) -> u64 {
    (seconds as u64) ^ (1 << 63)
}

/// Never active first (longest unused), unknown activity last.
fn last_active_key(user: &User) -> u64 {
    match &user.activity {
        Activity::Unknown => u64::MAX,
        activity @ Activity::Known(_) => activity
            .last_active()
            .map_or(0, |at| timestamp_key(at.timestamp())),
    }
}

/// A fixed-key hash of an account id (the same in every run); collisions are resolved by
/// comparing the ids themselves.
pub(super) fn account_hash(account: &AccountId) -> u32 {
    let mut hasher = DefaultHasher::new();
    account.hash(&mut hasher);
    (hasher.finish() >> 32) as u32
}

fn intern_domains(text: &TextIndex, count: usize) -> (Vec<String>, Vec<u32>) {
    let mut ids: HashMap<&str, u32> = HashMap::new();
    let domain_of = (0..count)
        .map(|row| match text.email_domain(row) {
            None => NO_DOMAIN,
            Some(domain) => {
                let next = ids.len() as u32;
                *ids.entry(domain).or_insert(next)
            }
        })
        .collect();
    let mut domains = vec![String::new(); ids.len()];
    for (domain, id) in ids {
        domain.clone_into(&mut domains[id as usize]);
    }
    (domains, domain_of)
}

fn group_postings(directory: &Directory) -> Vec<GroupPosting> {
    let mut postings: Vec<GroupPosting> = directory
        .groups
        .iter()
        .map(|g| GroupPosting {
            id: g.id.clone(),
            name_lower: g.name.to_lowercase(),
            members: Vec::new(),
        })
        .collect();
    let mut slot: HashMap<&GroupId, usize> = directory
        .groups
        .iter()
        .enumerate()
        .map(|(i, g)| (&g.id, i))
        .collect();
    for (row, user) in directory.users.iter().enumerate() {
        for group in &user.groups {
            let at = *slot.entry(group).or_insert_with(|| {
                // Referenced but not listed: searchable by its id.
                let name_lower = group.as_str().to_lowercase();
                postings.push(GroupPosting {
                    id: group.clone(),
                    name_lower,
                    members: Vec::new(),
                });
                postings.len() - 1
            });
            postings[at].members.push(row as u32);
        }
    }
    for posting in &mut postings {
        posting.members.shrink_to_fit();
    }
    postings
}

fn product_columns(
    users: &[User],
    policy: &Policy,
    now: DateTime<Utc>,
    name_rank: &[u32],
    by_name: &[u32],
) -> Vec<ProductColumn> {
    let count = users.len();
    let mut columns: Vec<(ProductKey, ProductColumn, Vec<u64>)> = Vec::new();
    for (row, user) in users.iter().enumerate() {
        let (Some(product_usages), Activity::Known(products)) =
            (usages(user, &policy.thresholds, now), &user.activity)
        else {
            continue;
        };
        for ((product, usage, _), activity) in product_usages.zip(products) {
            let at = columns
                .iter()
                .position(|(key, ..)| key == product)
                .unwrap_or_else(|| {
                    let column = ProductColumn {
                        key: product.clone(),
                        unused_days: vec![NO_DAYS; count],
                        never_used: RowSet::empty(count),
                        lower_bound: RowSet::empty(count),
                        last_used_order: SortOrder::default(),
                    };
                    columns.push((product.clone(), column, vec![u64::MAX; count]));
                    columns.len() - 1
                });
            let (_, column, last_used) = &mut columns[at];
            column.unused_days[row] = usage.unused_days().unwrap_or(NO_DAYS);
            // Never used sorts first (longest unused); no access or unknown stays last.
            last_used[row] = activity.last_active.map_or(0, |at| timestamp_key(at.timestamp()));
            if let Usage::NeverUsed { added_known, .. } = usage {
                column.never_used.insert(row);
                if !added_known {
                    column.lower_bound.insert(row);
                }
            }
        }
    }
    columns.sort_by(|a, b| a.0.cmp(&b.0));
    columns
        .into_iter()
        .map(|(_, mut column, last_used)| {
            column.last_used_order = SortOrder::by_key(last_used.into_iter(), name_rank, by_name);
            column
        })
        .collect()
}
