//! Lookup tables over the current org: account id, email, group and product to their stored
//! positions, group member counts and the nickname sort order. Owns derived data only; must be
//! rebuilt (or updated in step) whenever the org it indexes changes.

use crate::sim::model::{SimGroup, SimOrg, SimProduct, SimUser};
use std::collections::HashMap;

/// Derived from one `SimOrg`; positions are indexes into its `users`, `groups` and `products`.
#[derive(Debug, Clone, Default)]
pub struct OrgIndex {
    users: HashMap<String, usize>,
    emails: HashMap<String, Vec<usize>>,
    groups: HashMap<String, usize>,
    /// Both the v2 key and the v1 key of each product (its first site when there are several).
    products: HashMap<String, usize>,
    /// Resource id (ARI) of each site.
    sites: HashMap<String, usize>,
    group_members: Vec<usize>,
    /// Stored user positions sorted by lower-cased nickname (ties by stored position).
    nickname_order: Vec<usize>,
    /// Inverse of `nickname_order`: stored position → rank.
    nickname_rank: Vec<usize>,
}

impl OrgIndex {
    #[must_use]
    pub fn build(org: &SimOrg) -> Self {
        let users = org
            .users
            .iter()
            .enumerate()
            .map(|(at, user)| (user.account_id.clone(), at))
            .collect();
        let mut emails: HashMap<String, Vec<usize>> = HashMap::new();
        for (at, user) in org.users.iter().enumerate() {
            if !user.email.is_empty() {
                emails.entry(user.email.to_lowercase()).or_default().push(at);
            }
        }
        let groups: HashMap<String, usize> = org
            .groups
            .iter()
            .enumerate()
            .map(|(at, group)| (group.id.clone(), at))
            .collect();
        let mut products = HashMap::new();
        let mut sites = HashMap::new();
        for (at, product) in org.products.iter().enumerate() {
            products.entry(product.v1_key.clone()).or_insert(at);
            sites.entry(product.id.clone()).or_insert(at);
        }
        // v2 keys win over v1 keys; in reverse so that the first site of a product wins.
        for (at, product) in org.products.iter().enumerate().rev() {
            products.insert(product.key.clone(), at);
        }
        let mut group_members = vec![0; org.groups.len()];
        for user in &org.users {
            for group_id in &user.groups {
                if let Some(&at) = groups.get(group_id) {
                    group_members[at] += 1;
                }
            }
        }
        let lowered: Vec<String> = org
            .users
            .iter()
            .map(|user| user.nickname.to_lowercase())
            .collect();
        let mut nickname_order: Vec<usize> = (0..org.users.len()).collect();
        nickname_order.sort_by(|&a, &b| lowered[a].cmp(&lowered[b]).then(a.cmp(&b)));
        let mut nickname_rank = vec![0; nickname_order.len()];
        for (rank, &at) in nickname_order.iter().enumerate() {
            nickname_rank[at] = rank;
        }
        Self {
            users,
            emails,
            groups,
            products,
            sites,
            group_members,
            nickname_order,
            nickname_rank,
        }
    }

    /// Stored position of an account.
    #[must_use]
    pub fn user_position(&self, account_id: &str) -> Option<usize> {
        self.users.get(account_id).copied()
    }

    /// Stored positions of the accounts with this email (case-insensitive).
    #[must_use]
    pub fn email_positions(&self, email: &str) -> &[usize] {
        self.emails.get(&email.to_lowercase()).map_or(&[], Vec::as_slice)
    }

    #[must_use]
    pub fn group_position(&self, group_id: &str) -> Option<usize> {
        self.groups.get(group_id).copied()
    }

    /// The product a `product_access` key (v2 or v1 spelling) refers to.
    #[must_use]
    pub fn product<'o>(&self, org: &'o SimOrg, key: &str) -> Option<&'o SimProduct> {
        self.products.get(key).and_then(|&at| org.products.get(at))
    }

    /// Position of the site with this resource id.
    #[must_use]
    pub fn site_position(&self, resource_id: &str) -> Option<usize> {
        self.sites.get(resource_id).copied()
    }

    /// The site with this resource id (ARI).
    #[must_use]
    pub fn site<'o>(&self, org: &'o SimOrg, resource_id: &str) -> Option<&'o SimProduct> {
        self.site_position(resource_id)
            .and_then(|at| org.products.get(at))
    }

    #[must_use]
    pub fn group<'o>(&self, org: &'o SimOrg, group_id: &str) -> Option<&'o SimGroup> {
        self.group_position(group_id).and_then(|at| org.groups.get(at))
    }

    #[must_use]
    pub fn user<'o>(&self, org: &'o SimOrg, account_id: &str) -> Option<&'o SimUser> {
        self.user_position(account_id).and_then(|at| org.users.get(at))
    }

    /// Members of the group at stored position `group_at`.
    #[must_use]
    pub fn member_count(&self, group_at: usize) -> usize {
        self.group_members.get(group_at).copied().unwrap_or(0)
    }

    /// Keeps member counts in step with a membership removal.
    pub fn note_membership_removed(&mut self, group_at: usize) {
        if let Some(count) = self.group_members.get_mut(group_at) {
            *count = count.saturating_sub(1);
        }
    }

    /// Keeps member counts in step with a membership add.
    pub fn note_membership_added(&mut self, group_at: usize) {
        if let Some(count) = self.group_members.get_mut(group_at) {
            *count += 1;
        }
    }

    /// Stored position of the user at `rank` in nickname order.
    #[must_use]
    pub fn by_nickname(&self, rank: usize) -> Option<usize> {
        self.nickname_order.get(rank).copied()
    }

    /// Rank in nickname order of the user at stored position `at`.
    #[must_use]
    pub fn nickname_rank(&self, at: usize) -> Option<usize> {
        self.nickname_rank.get(at).copied()
    }
}
