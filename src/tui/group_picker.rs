//! The group picker's state: one row per group of the loaded org (members, idle members, the
//! seats its role grants give, whether the identity provider manages it), the list narrowed and
//! sorted as asked, and the filter text that selects a group. Built by `update` when the picker
//! opens; must not draw or change the filter itself.

use super::app::LineInput;
use crate::directory::{DirectoryIndex, GroupId, Lane, ProductKey, Role};
use std::collections::HashMap;

/// One seat a group's role grant gives every member.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GrantSummary {
    pub product: ProductKey,
    /// The site's name, or its id when the org's site list lacks it.
    pub site: String,
    /// Any of the roles is billed (no role named counts as billed, as seats do).
    pub billable: bool,
}

/// One group as the picker lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupRow {
    pub id: GroupId,
    /// The group's name; its id for a group users reference but the group list lacks.
    pub name: String,
    /// Loaded users who are members.
    pub members: usize,
    /// Members in the cleanup-ready lane (what `group:NAME lane:ready` shows).
    pub idle: usize,
    pub grants: Vec<GrantSummary>,
    /// Whether the identity provider owns the membership; `None` for a group not in the list.
    pub idp_managed: Option<bool>,
}

impl GroupRow {
    /// Seats granted that cost a licence, and those that do not.
    #[must_use]
    pub fn seat_counts(&self) -> (usize, usize) {
        let billable = self.grants.iter().filter(|grant| grant.billable).count();
        (billable, self.grants.len() - billable)
    }

    /// The term that selects the group's members (`negated`: everyone else): its name quoted,
    /// or its id when the name cannot be quoted (a `"` in it, or a leading `~`, which would ask
    /// for a part of a name); `None` when neither can.
    #[must_use]
    pub fn term(&self, negated: bool) -> Option<String> {
        let quotable = |text: &str| !text.is_empty() && !text.contains('"') && !text.starts_with('~');
        let value = [self.name.as_str(), self.id.as_str()]
            .into_iter()
            .find(|text| quotable(text))?;
        Some(format!("{}group:\"{value}\"", if negated { "!" } else { "" }))
    }
}

/// How the list is ordered: `ChooseSort` moves to the next one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum GroupOrder {
    #[default]
    Name,
    /// Most members first.
    Members,
    /// Most idle members first.
    Idle,
}

impl GroupOrder {
    #[must_use]
    pub fn next(self) -> Self {
        match self {
            GroupOrder::Name => GroupOrder::Members,
            GroupOrder::Members => GroupOrder::Idle,
            GroupOrder::Idle => GroupOrder::Name,
        }
    }

    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            GroupOrder::Name => "name",
            GroupOrder::Members => "members",
            GroupOrder::Idle => "idle members",
        }
    }
}

/// The open group picker.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct GroupPicker {
    /// Every group, in name order.
    pub rows: Vec<GroupRow>,
    pub order: GroupOrder,
    /// Part of a name the list is narrowed to (case-insensitive).
    pub narrow: LineInput,
    /// Typing edits `narrow` (after the narrow key, until Enter or Esc).
    pub narrowing: bool,
    /// Positions in `rows` shown, narrowed and ordered (kept here so drawing never sorts).
    pub shown: Vec<usize>,
    /// Position in `shown` under the cursor.
    pub selected: usize,
}

impl GroupPicker {
    /// The picker over the groups of `index`, sorted by name.
    #[must_use]
    pub fn of(index: &DirectoryIndex) -> Self {
        let rows = rows_of(index);
        let mut picker = GroupPicker {
            rows,
            ..GroupPicker::default()
        };
        picker.refresh();
        picker
    }

    /// The row under the cursor.
    #[must_use]
    pub fn current(&self) -> Option<&GroupRow> {
        self.shown.get(self.selected).map(|&at| &self.rows[at])
    }

    /// Narrows and orders `shown` again, keeping the cursor on the same group when it still shows.
    pub fn refresh(&mut self) {
        let current = self.shown.get(self.selected).copied();
        let needle = self.narrow.text.to_lowercase();
        let mut shown: Vec<usize> = (0..self.rows.len())
            .filter(|&at| needle.is_empty() || self.rows[at].name.to_lowercase().contains(&needle))
            .collect();
        let rows = &self.rows;
        // `rows` is in name order, and the sort is stable: ties stay by name.
        match self.order {
            GroupOrder::Name => {}
            GroupOrder::Members => shown.sort_by_key(|&at| std::cmp::Reverse(rows[at].members)),
            GroupOrder::Idle => shown.sort_by_key(|&at| std::cmp::Reverse(rows[at].idle)),
        }
        self.selected = current
            .and_then(|current| shown.iter().position(|&at| at == current))
            .unwrap_or(0);
        self.shown = shown;
    }

    /// Moves the cursor by `delta` rows, staying inside the list.
    pub fn move_by(&mut self, delta: isize) {
        let last = self.shown.len().saturating_sub(1);
        self.selected = self.selected.saturating_add_signed(delta).min(last);
    }
}

/// One row per group: the listed groups, then any group users reference that the list lacks.
fn rows_of(index: &DirectoryIndex) -> Vec<GroupRow> {
    let directory = index.directory();
    let sites: HashMap<_, _> = directory
        .sites
        .iter()
        .map(|site| (&site.id, site.name.as_str()))
        .collect();
    let mut rows: Vec<GroupRow> = directory
        .groups
        .iter()
        .map(|group| GroupRow {
            id: group.id.clone(),
            name: group.name.clone(),
            members: 0,
            idle: 0,
            grants: group
                .grants
                .iter()
                .map(|grant| GrantSummary {
                    product: grant.product.clone(),
                    site: sites
                        .get(&grant.site)
                        .map_or_else(|| grant.site.to_string(), |name| (*name).to_owned()),
                    billable: grant.roles.is_empty() || grant.roles.iter().any(Role::is_billable),
                })
                .collect(),
            idp_managed: Some(group.is_idp_managed()),
        })
        .collect();
    let mut slot: HashMap<GroupId, usize> = rows
        .iter()
        .enumerate()
        .map(|(at, row)| (row.id.clone(), at))
        .collect();
    for (row, user) in directory.users.iter().enumerate() {
        let idle = index.lane(row as u32) == Lane::CleanupReady;
        for group in &user.groups {
            let at = *slot.entry(group.clone()).or_insert_with(|| {
                rows.push(GroupRow {
                    id: group.clone(),
                    name: group.to_string(),
                    members: 0,
                    idle: 0,
                    grants: Vec::new(),
                    idp_managed: None,
                });
                rows.len() - 1
            });
            rows[at].members += 1;
            rows[at].idle += usize::from(idle);
        }
    }
    rows.sort_by(|a, b| {
        a.name
            .to_lowercase()
            .cmp(&b.name.to_lowercase())
            .then_with(|| a.id.cmp(&b.id))
    });
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(id: &str, name: &str, members: usize, idle: usize) -> GroupRow {
        GroupRow {
            id: GroupId::from(id),
            name: name.to_owned(),
            members,
            idle,
            grants: Vec::new(),
            idp_managed: Some(false),
        }
    }

    #[test]
    fn a_term_quotes_the_name_or_falls_back_to_the_id() {
        assert_eq!(
            row("g-1", "Product Team, EU", 0, 0).term(false).as_deref(),
            Some("group:\"Product Team, EU\"")
        );
        assert_eq!(
            row("g-1", "say \"hi\"", 0, 0).term(true).as_deref(),
            Some("!group:\"g-1\"")
        );
        assert_eq!(
            row("g-1", "~x", 0, 0).term(false).as_deref(),
            Some("group:\"g-1\"")
        );
        assert_eq!(row("g\"1", "a\"b", 0, 0).term(false), None);
    }

    #[test]
    fn narrowing_and_ordering_keep_the_cursor_on_its_group() {
        let mut picker = GroupPicker {
            rows: vec![
                row("a", "alpha", 1, 1),
                row("b", "beta", 5, 0),
                row("c", "gamma", 3, 2),
            ],
            ..GroupPicker::default()
        };
        picker.refresh();
        assert_eq!(picker.shown, [0, 1, 2]);
        picker.move_by(2);
        picker.order = picker.order.next();
        picker.refresh();
        assert_eq!((picker.shown.clone(), picker.selected), (vec![1, 2, 0], 1));
        picker.order = picker.order.next();
        picker.refresh();
        assert_eq!(picker.shown, [2, 0, 1], "most idle first, ties by name");
        picker.narrow.text = "ET".to_owned();
        picker.refresh();
        assert_eq!((picker.shown.clone(), picker.selected), (vec![1], 0));
        picker.move_by(-5);
        assert_eq!(picker.selected, 0);
        picker.narrow.text = "zzz".to_owned();
        picker.refresh();
        assert!(picker.current().is_none());
        picker.move_by(1);
        assert_eq!(picker.selected, 0);
        assert_eq!(GroupOrder::Idle.next(), GroupOrder::Name);
    }
}
