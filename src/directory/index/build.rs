//! Building a `DirectoryIndex`: one pass over the users for the columns, then one sort per
//! column. Runs once per load, never per keystroke.

use super::text::TextIndex;
use super::traits::{AccountKind, Trait, status_code};
use super::{DirectoryIndex, GroupPosting, NO_DAYS, NO_DOMAIN, Orders, ProductColumn};
use crate::directory::allowlist::Exclusions;
use crate::directory::ids::{GroupId, ProductKey};
use crate::directory::lane::{Usage, classify_all, idle_days, product_uses};
use crate::directory::org::Directory;
use crate::directory::policy::Policy;
use crate::directory::rowset::RowSet;
use crate::directory::sort::SortOrder;
use crate::directory::user::{Activity, User};
use crate::directory::view::LaneCounts;
use chrono::{DateTime, Utc};
use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

pub(super) fn build(
    directory: Arc<Directory>,
    policy: Policy,
    exclusions: &Exclusions,
    now: DateTime<Utc>,
) -> DirectoryIndex {
    let users = &directory.users;
    let count = users.len();
    let classifications = classify_all(&directory, &policy, exclusions, now);
    let text = TextIndex::build(users);
    let name_rank = name_ranks(&text, users);
    let idle: Vec<u32> = users
        .iter()
        .map(|u| idle_days(u, now).unwrap_or(NO_DAYS))
        .collect();
    let never_active = RowSet::from_predicate(count, |row| users[row].activity.is_never_active());
    let activity_unknown = RowSet::from_predicate(count, |row| users[row].activity == Activity::Unknown);
    let traits: Vec<u8> = users.iter().map(Trait::bits_of).collect();
    let statuses: Vec<u8> = users.iter().map(|u| status_code(&u.status)).collect();
    let (domains, domain_of) = intern_domains(users);
    let groups = group_postings(&directory);
    let products = product_columns(users, &policy, now, &name_rank);
    let mut by_account: Vec<u32> = (0..count as u32).collect();
    by_account.sort_unstable_by(|&a, &b| users[a as usize].account_id.cmp(&users[b as usize].account_id));

    let orders = Orders {
        name: SortOrder::build(
            &(0..count).map(|row| text.name(row)).collect::<Vec<_>>(),
            &name_rank,
        ),
        email: SortOrder::build(
            &(0..count)
                .map(|row| (text.email(row).is_empty(), text.email(row)))
                .collect::<Vec<_>>(),
            &name_rank,
        ),
        last_active: SortOrder::build(&users.iter().map(last_active_key).collect::<Vec<_>>(), &name_rank),
        days_idle: SortOrder::build(&idle, &name_rank),
        lane: SortOrder::default(),
        kind: SortOrder::build(
            &traits
                .iter()
                .map(|&bits| AccountKind::from_bits(bits))
                .collect::<Vec<_>>(),
            &name_rank,
        ),
        status: SortOrder::build(&statuses, &name_rank),
        groups: SortOrder::build(
            &users.iter().map(|u| u.groups.len()).collect::<Vec<_>>(),
            &name_rank,
        ),
        added: SortOrder::build(
            &users
                .iter()
                .map(|u| (u.added_to_org.is_none(), u.added_to_org))
                .collect::<Vec<_>>(),
            &name_rank,
        ),
        name_rank,
    };
    let mut index = DirectoryIndex {
        allowlisted: RowSet::empty(count),
        lanes: Vec::new(),
        lane_counts: LaneCounts::default(),
        directory,
        policy,
        as_of: now,
        classifications,
        text,
        idle_days: idle,
        never_active,
        activity_unknown,
        traits,
        statuses,
        products,
        domains,
        domain_of,
        groups,
        by_account,
        orders,
    };
    refresh_lanes(&mut index);
    index
}

/// Derives the lane column, counts, `excluded` set and lane order from the classifications.
pub(super) fn refresh_lanes(index: &mut DirectoryIndex) {
    let classifications = &index.classifications;
    index.lanes = classifications.iter().map(|c| c.lane).collect();
    index.allowlisted = RowSet::from_predicate(classifications.len(), |row| classifications[row].allowlisted);
    index.lane_counts = LaneCounts::of(index.lanes.iter().copied());
    index.orders.lane = SortOrder::build(&index.lanes, &index.orders.name_rank);
}

/// Position of each row when ordered by lower-cased name, then account id: the tie-breaker.
fn name_ranks(text: &TextIndex, users: &[User]) -> Vec<u32> {
    let mut order: Vec<u32> = (0..users.len() as u32).collect();
    order.sort_unstable_by(|&a, &b| {
        let (a, b) = (a as usize, b as usize);
        text.name(a)
            .cmp(text.name(b))
            .then_with(|| users[a].account_id.cmp(&users[b].account_id))
    });
    let mut rank = vec![0; users.len()];
    for (position, &row) in order.iter().enumerate() {
        rank[row as usize] = position as u32;
    }
    rank
}

/// Never active first (longest unused), unknown activity last.
fn last_active_key(user: &User) -> i64 {
    match &user.activity {
        Activity::Unknown => i64::MAX,
        activity @ Activity::Known(_) => activity.last_active().map_or(i64::MIN, |at| at.timestamp()),
    }
}

fn intern_domains(users: &[User]) -> (Vec<String>, Vec<u32>) {
    let mut ids: HashMap<String, u32> = HashMap::new();
    let mut domains = Vec::new();
    let domain_of = users
        .iter()
        .map(|user| match user.email_domain() {
            None => NO_DOMAIN,
            Some(domain) => *ids.entry(domain).or_insert_with_key(|domain| {
                domains.push(domain.clone());
                domains.len() as u32 - 1
            }),
        })
        .collect();
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
    let mut slot: HashMap<GroupId, usize> = postings
        .iter()
        .enumerate()
        .map(|(i, g)| (g.id.clone(), i))
        .collect();
    for (row, user) in directory.users.iter().enumerate() {
        for group in &user.groups {
            let next = postings.len();
            let at = *slot.entry(group.clone()).or_insert(next);
            if at == next {
                // Referenced but not listed: searchable by its id.
                let name_lower = group.as_str().to_lowercase();
                postings.push(GroupPosting {
                    id: group.clone(),
                    name_lower,
                    members: Vec::new(),
                });
            }
            postings[at].members.push(row as u32);
        }
    }
    postings
}

fn product_columns(
    users: &[User],
    policy: &Policy,
    now: DateTime<Utc>,
    name_rank: &[u32],
) -> Vec<ProductColumn> {
    let keys: BTreeSet<&ProductKey> = users
        .iter()
        .filter_map(|u| match &u.activity {
            Activity::Known(products) => Some(products.iter().map(|p| &p.product)),
            Activity::Unknown => None,
        })
        .flatten()
        .collect();
    let slot: HashMap<&ProductKey, usize> = keys.iter().enumerate().map(|(i, k)| (*k, i)).collect();
    let count = users.len();
    let mut unused = vec![vec![NO_DAYS; count]; keys.len()];
    let mut never = vec![RowSet::empty(count); keys.len()];
    let mut bound = vec![RowSet::empty(count); keys.len()];
    let mut last_used = vec![vec![i64::MAX; count]; keys.len()];
    for (row, user) in users.iter().enumerate() {
        let Some(product_uses) = product_uses(user, &policy.thresholds, now) else {
            continue;
        };
        for product_use in product_uses {
            let column = slot[&product_use.product];
            unused[column][row] = product_use.unused_days().unwrap_or(NO_DAYS);
            if let Usage::NeverUsed { added_known, .. } = product_use.usage {
                never[column].insert(row);
                last_used[column][row] = i64::MIN;
                if !added_known {
                    bound[column].insert(row);
                }
            }
        }
        if let Activity::Known(products) = &user.activity {
            for product in products {
                if let Some(at) = product.last_active {
                    last_used[slot[&product.product]][row] = at.timestamp();
                }
            }
        }
    }
    keys.into_iter()
        .zip(unused)
        .zip(never.into_iter().zip(bound))
        .zip(last_used)
        .map(
            |(((key, unused_days), (never_used, lower_bound)), last)| ProductColumn {
                key: key.clone(),
                unused_days,
                never_used,
                lower_bound,
                last_used_order: SortOrder::build(&last, name_rank),
            },
        )
        .collect()
}
