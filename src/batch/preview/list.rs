//! The per-user list of a preview: everyone in the plan, grouped by what happens to them (acted
//! on, per section; refused, with the reason), one row each with name, email, lane, days idle,
//! seats and the action. The headless `apply` and `undo` print it, all of it or the first rows of
//! each group. Pure text from the plan; must not choose where it is written.

use crate::batch::action::BatchAction;
use crate::batch::plan::{Plan, PlanEntry};
use crate::batch::section::Section;
use crate::directory::{ProductKey, escape_controls};
use std::fmt::{self, Write as _};

/// How much of each group to print.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListLength {
    /// Every user (what a pipe or a file gets).
    All,
    /// The first N users of each group, then how many more and how to see them.
    First(usize),
}

/// One group of the list: a heading and its users, in plan order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListGroup {
    pub heading: String,
    pub rows: Vec<ListRow>,
}

/// One user as the list shows them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListRow {
    pub name: String,
    pub email: String,
    pub lane: String,
    pub idle: String,
    pub seats: String,
    /// The action, or "refused: REASON".
    pub action: String,
}

impl ListRow {
    fn of(entry: &PlanEntry, plan: &Plan) -> Self {
        let idle = match (entry.idle_days, entry.activity_known) {
            (Some(days), _) => format!("{days} d idle"),
            (None, true) => "never active".to_owned(),
            (None, false) => "activity unknown".to_owned(),
        };
        if plan.action.changes_memberships() && entry.acts() {
            return Self::of_memberships(entry, plan, idle);
        }
        let seats: Vec<&str> = entry.seats.iter().map(ProductKey::display_name).collect();
        Self {
            name: escape_controls(&entry.name).into_owned(),
            email: escape_controls(entry.email.as_deref().unwrap_or("no email")).into_owned(),
            lane: entry
                .lane
                .map_or_else(|| "not in the directory".to_owned(), |lane| lane.to_string()),
            idle,
            seats: if seats.is_empty() {
                "no seat".to_owned()
            } else {
                seats.join(", ")
            },
            action: match &entry.refusal {
                Some(refusal) => escape_controls(&format!("refused: {refusal}")).into_owned(),
                None => plan.action.as_str().to_owned(),
            },
        }
    }
}

impl ListRow {
    /// Remove or restore access: the exact seats lost (or given back) and groups changed.
    fn of_memberships(entry: &PlanEntry, plan: &Plan, idle: String) -> Self {
        let seats: Vec<String> = entry
            .seats_lost
            .iter()
            .map(|seat| {
                let mark = if seat.chosen { "" } else { "NOT CHOSEN " };
                format!("{mark}{}", seat.describe())
            })
            .collect();
        let groups: Vec<&str> = entry
            .memberships
            .iter()
            .map(|membership| membership.group_name.as_str())
            .collect();
        let (seats_verb, groups_verb) = if plan.action == BatchAction::RestoreAccess {
            ("gets back", "add back to group(s)")
        } else {
            ("loses", "remove from group(s)")
        };
        Self {
            name: escape_controls(&entry.name).into_owned(),
            email: escape_controls(entry.email.as_deref().unwrap_or("no email")).into_owned(),
            lane: entry
                .lane
                .map_or_else(|| "not in the directory".to_owned(), |lane| lane.to_string()),
            idle,
            seats: escape_controls(&if seats.is_empty() {
                format!("{seats_verb} no seat")
            } else {
                format!("{seats_verb} {}", seats.join("; "))
            })
            .into_owned(),
            action: escape_controls(&format!("{groups_verb}: {}", groups.join(", "))).into_owned(),
        }
    }
}

impl fmt::Display for ListRow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} <{}> · {} · {} · {} · {}",
            self.name, self.email, self.lane, self.idle, self.seats, self.action
        )
    }
}

/// The groups of `plan`, in this order: each section acted on (an undo's users in one group:
/// what it restores), then the refused; empty groups are left out.
#[must_use]
pub fn list_groups(plan: &Plan) -> Vec<ListGroup> {
    let mut groups = Vec::new();
    let mut push = |heading: String, entries: Vec<&PlanEntry>| {
        if !entries.is_empty() {
            groups.push(ListGroup {
                heading: format!("{heading} ({})", entries.len()),
                rows: entries
                    .into_iter()
                    .map(|entry| ListRow::of(entry, plan))
                    .collect(),
            });
        }
    };
    for section in Section::ALL {
        let entries = plan
            .acting()
            .filter(|entry| entry.section == Some(section))
            .collect();
        push(format!("{}, {}", plan.action, section.label()), entries);
    }
    let unsectioned = plan.acting().filter(|entry| entry.section.is_none()).collect();
    let heading = match &plan.undo_of {
        Some(batch) => format!("{}, what batch {batch} took", plan.action),
        None => plan.action.to_string(),
    };
    push(heading, unsectioned);
    push(
        "refused".to_owned(),
        plan.entries.iter().filter(|entry| !entry.acts()).collect(),
    );
    groups
}

/// The list as text: a heading per group, a row per user; with `First(n)`, each longer group
/// ends with how many more there are and `more`, the way to see them all.
#[must_use]
pub fn user_list(plan: &Plan, length: ListLength, more: &str) -> String {
    let mut text = String::new();
    for group in list_groups(plan) {
        // Writing to a String cannot fail.
        let _ = writeln!(text, "{}:", group.heading);
        let shown = match length {
            ListLength::All => group.rows.len(),
            ListLength::First(first) => first.min(group.rows.len()),
        };
        for row in &group.rows[..shown] {
            let _ = writeln!(text, "  {row}");
        }
        if shown < group.rows.len() {
            let _ = writeln!(text, "  … and {} more: {more}", group.rows.len() - shown);
        }
    }
    text
}
