//! Turns the export's rows into users and groups: one user per user id (an export with group
//! membership may repeat a user once per group), every unreadable row or cell noted with its line.
//! Pure; must not read files.

use super::RowProblem;
use super::cell::{self, Seen};
use super::columns::Columns;
use crate::directory::{
    AccountId, AccountType, Activity, ClaimStatus, Group, GroupId, Interner, ProductActivity, ProductId, User,
};
use std::collections::{BTreeMap, HashMap};

/// The users and groups read so far.
pub(super) struct Rows<'c> {
    columns: &'c Columns,
    interner: Interner,
    users: Vec<User>,
    by_id: HashMap<AccountId, usize>,
    /// Group id → name, sorted by id for a stable directory.
    groups: BTreeMap<GroupId, String>,
    pub(super) problems: Vec<RowProblem>,
}

impl<'c> Rows<'c> {
    pub(super) fn new(columns: &'c Columns) -> Self {
        Rows {
            columns,
            interner: Interner::default(),
            users: Vec::new(),
            by_id: HashMap::new(),
            groups: BTreeMap::new(),
            problems: Vec::new(),
        }
    }

    /// Reads one data row; `cells` are its fields, `line` its line in the file.
    pub(super) fn add(&mut self, line: u64, cells: &[&str]) {
        let get = |column: Option<usize>| column.and_then(|index| cells.get(index)).map_or("", |c| c.trim());
        let id = get(self.columns.user_id);
        if id.is_empty() {
            self.skip(line, "the user id is empty".to_owned());
            return;
        }
        let groups = self.groups_of(cells);
        if let Some(&known) = self.by_id.get(id) {
            // The same user again, for another group: only the groups are new.
            let user = &mut self.users[known];
            for group in groups {
                if !user.groups.contains(&group) {
                    user.groups.push(group);
                }
            }
            return;
        }
        let email = Some(get(self.columns.email).to_owned()).filter(|email| !email.is_empty());
        let name = match get(self.columns.name) {
            "" => email.clone().unwrap_or_else(|| id.to_owned()),
            name => name.to_owned(),
        };
        let statuses = match (self.columns.status, get(self.columns.status)) {
            // An export without the column lists users dormant will re-read before any action.
            (None, _) => cell::status("active"),
            (Some(_), "") => cell::status("not in the export"),
            (Some(_), word) => cell::status(word),
        };
        let added_to_org = match get(self.columns.added) {
            "" => None,
            text => match cell::date(text) {
                Ok(date) => Some(date),
                Err(bad) => {
                    self.keep(
                        line,
                        format!("the added-to-org date {bad:?} is not a date; it is left unknown"),
                    );
                    None
                }
            },
        };
        let activity = self.activity(line, cells);
        let account_id: AccountId = AccountId::from(id);
        self.by_id.insert(account_id.clone(), self.users.len());
        self.users.push(User {
            account_id,
            account_type: AccountType::Atlassian,
            name,
            nickname: None,
            email,
            claim_status: ClaimStatus::Other("unknown".to_owned()),
            management_source: None,
            status: statuses.status,
            account_status: statuses.account,
            membership_status: statuses.membership,
            platform_roles: cell::org_roles(get(self.columns.org_role)),
            added_to_org,
            activity,
            groups,
            directories: Vec::new(),
        });
    }

    /// Per-product activity; unknown for the whole user when the export has no activity column,
    /// says it does not know, leaves the cell blank beside access, or a cell is not readable.
    /// Only the export's own words for never mean never used.
    fn activity(&mut self, line: u64, cells: &[&str]) -> Activity {
        if self.columns.products.is_empty() {
            return Activity::Unknown;
        }
        let mut products = Vec::new();
        for column in &self.columns.products {
            let text = cells.get(column.last_seen).copied().unwrap_or("");
            let access = column
                .access
                .map(|index| cell::has_access(cells.get(index).copied().unwrap_or("")));
            let last_active = match cell::seen(text) {
                // Access but no word about its use: the export does not say "never", so the
                // user's activity is unknown (review), never "never active" (cleanup-ready).
                Ok(Seen::Blank) if access == Some(true) => return Activity::Unknown,
                Ok(Seen::Blank) => continue,
                // A date or "never" beside an access column that says no access: no seat here.
                Ok(Seen::Never | Seen::At(_)) if access == Some(false) => continue,
                Ok(Seen::Never) => None,
                Ok(Seen::At(date)) => Some(date),
                Ok(Seen::Unknown) => return Activity::Unknown,
                Err(bad) => {
                    let header = column.product.display_name().to_owned();
                    self.keep(
                        line,
                        format!(
                            "{header} last seen {bad:?} is not a date; activity is unknown for this user"
                        ),
                    );
                    return Activity::Unknown;
                }
            };
            products.push(ProductActivity {
                product: self.interner.id(column.product.as_str()),
                product_id: column
                    .site
                    .as_deref()
                    .map(|site| self.interner.id::<ProductId>(site)),
                last_active,
            });
        }
        Activity::Known(products)
    }

    /// The row's groups: "Group id"/"Group name" (comma-separated lists, paired by position)
    /// and the pivoted "Group N" columns; a group without an id is known by its name.
    fn groups_of(&mut self, cells: &[&str]) -> Vec<GroupId> {
        let split = |column: Option<usize>| -> Vec<String> {
            column
                .and_then(|index| cells.get(index))
                .map(|cell| {
                    cell.split(',')
                        .map(str::trim)
                        .filter(|part| !part.is_empty())
                        .map(str::to_owned)
                        .collect()
                })
                .unwrap_or_default()
        };
        let names = split(self.columns.group_names);
        let ids = split(self.columns.group_ids);
        let mut pairs: Vec<(String, String)> = if ids.len() == names.len() {
            ids.into_iter().zip(names).collect()
        } else {
            names.iter().map(|name| (name.clone(), name.clone())).collect()
        };
        for &index in &self.columns.group_pivot {
            if let Some(name) = cells
                .get(index)
                .map(|cell| cell.trim())
                .filter(|name| !name.is_empty())
            {
                pairs.push((name.to_owned(), name.to_owned()));
            }
        }
        let mut groups: Vec<GroupId> = Vec::with_capacity(pairs.len());
        for (id, name) in pairs {
            let id: GroupId = self.interner.id(&id);
            if groups.contains(&id) {
                continue;
            }
            self.groups.entry(id.clone()).or_insert(name);
            groups.push(id);
        }
        groups
    }

    pub(super) fn skip(&mut self, line: u64, reason: String) {
        self.problems.push(RowProblem {
            line,
            kept: false,
            reason,
        });
    }

    fn keep(&mut self, line: u64, reason: String) {
        self.problems.push(RowProblem {
            line,
            kept: true,
            reason,
        });
    }

    /// The users in file order and the groups they belong to.
    pub(super) fn finish(self) -> (Vec<User>, Vec<Group>, Vec<RowProblem>) {
        let mut members: HashMap<&GroupId, u64> = HashMap::new();
        for group in self.users.iter().flat_map(|user| &user.groups) {
            *members.entry(group).or_default() += 1;
        }
        let groups = self
            .groups
            .iter()
            .map(|(id, name)| Group {
                id: id.clone(),
                name: name.clone(),
                description: None,
                directory_id: None,
                external_synced: false,
                managed_by: None,
                user_count: Some(members.get(id).copied().unwrap_or(0)),
                grants: Vec::new(),
                modifiable: None,
            })
            .collect();
        (self.users, groups, self.problems)
    }
}
