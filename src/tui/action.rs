//! `Action`: what the admin asked for, the vocabulary of the keymap, the help screen and config's
//! `[keys]` table; `Mode` says which actions each screen and popup understands. Must not say how an
//! action is carried out (that is `update`).

mod mode;

pub use mode::Mode;

use serde::{Deserialize, Serialize};

/// One user intent. Serialized in `snake_case`: the names config files bind keys to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    MoveDown,
    MoveUp,
    PageDown,
    PageUp,
    GoTop,
    GoBottom,
    OpenFilter,
    Back,
    ChooseSort,
    ReverseSort,
    PickView,
    PickGroup,
    ToggleMark,
    RangeMark,
    MarkAllReady,
    ClearMarks,
    Exclude,
    Warn,
    Preview,
    ShowHistory,
    ShowDetails,
    ShowInsight,
    ExportView,
    Reload,
    ShowHelp,
    Quit,
    Confirm,
    SwitchAction,
    Export,
    Undo,
    SwitchScope,
    Withdraw,
    IncludeNotReady,
    IncludeWarned,
    IncludeCollateral,
    WriteHandoff,
    Complete,
    OlderFilter,
    NewerFilter,
    ShowAllowlist,
    RemoveEntry,
    EditReason,
}

/// Where an action belongs on the help screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Section {
    Navigate,
    Find,
    Mark,
    Commit,
    Screens,
    /// The keys of one page or popup (preview, history, the sort chooser, …).
    Screen,
}

impl Section {
    #[must_use]
    pub fn title(self) -> &'static str {
        match self {
            Section::Navigate => "Navigate",
            Section::Find => "Filter and sort",
            Section::Mark => "Mark and exclude",
            Section::Commit => "Preview, commit, undo",
            Section::Screens => "Screens",
            Section::Screen => "This screen",
        }
    }
}

impl Action {
    /// Every action, in help-screen order.
    pub const ALL: [Action; 42] = [
        Action::MoveDown,
        Action::MoveUp,
        Action::PageDown,
        Action::PageUp,
        Action::GoTop,
        Action::GoBottom,
        Action::OpenFilter,
        Action::Back,
        Action::ChooseSort,
        Action::ReverseSort,
        Action::PickView,
        Action::PickGroup,
        Action::ToggleMark,
        Action::RangeMark,
        Action::MarkAllReady,
        Action::ClearMarks,
        Action::Exclude,
        Action::Warn,
        Action::Preview,
        Action::ShowHistory,
        Action::ShowDetails,
        Action::ShowInsight,
        Action::ExportView,
        Action::Reload,
        Action::ShowHelp,
        Action::Quit,
        Action::Confirm,
        Action::SwitchAction,
        Action::Export,
        Action::Undo,
        Action::SwitchScope,
        Action::Withdraw,
        Action::IncludeNotReady,
        Action::IncludeWarned,
        Action::IncludeCollateral,
        Action::WriteHandoff,
        Action::Complete,
        Action::OlderFilter,
        Action::NewerFilter,
        Action::ShowAllowlist,
        Action::RemoveEntry,
        Action::EditReason,
    ];

    /// The config name (`toggle_mark`), as serde spells it.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Action::MoveDown => "move_down",
            Action::MoveUp => "move_up",
            Action::PageDown => "page_down",
            Action::PageUp => "page_up",
            Action::GoTop => "go_top",
            Action::GoBottom => "go_bottom",
            Action::OpenFilter => "open_filter",
            Action::Back => "back",
            Action::ChooseSort => "choose_sort",
            Action::ReverseSort => "reverse_sort",
            Action::PickView => "pick_view",
            Action::PickGroup => "pick_group",
            Action::ToggleMark => "toggle_mark",
            Action::RangeMark => "range_mark",
            Action::MarkAllReady => "mark_all_ready",
            Action::ClearMarks => "clear_marks",
            Action::Exclude => "exclude",
            Action::Warn => "warn",
            Action::Preview => "preview",
            Action::ShowHistory => "show_history",
            Action::ShowDetails => "show_details",
            Action::ShowInsight => "show_insight",
            Action::ExportView => "export_view",
            Action::Reload => "reload",
            Action::ShowHelp => "show_help",
            Action::Quit => "quit",
            Action::Confirm => "confirm",
            Action::SwitchAction => "switch_action",
            Action::Export => "export",
            Action::Undo => "undo",
            Action::SwitchScope => "switch_scope",
            Action::Withdraw => "withdraw",
            Action::IncludeNotReady => "include_not_ready",
            Action::IncludeWarned => "include_warned",
            Action::IncludeCollateral => "include_collateral",
            Action::WriteHandoff => "write_handoff",
            Action::Complete => "complete",
            Action::OlderFilter => "older_filter",
            Action::NewerFilter => "newer_filter",
            Action::ShowAllowlist => "show_allowlist",
            Action::RemoveEntry => "remove_entry",
            Action::EditReason => "edit_reason",
        }
    }

    /// The action a config name stands for.
    #[must_use]
    pub fn from_name(name: &str) -> Option<Action> {
        Action::ALL.into_iter().find(|action| action.name() == name)
    }

    /// One line for the help screen (the browse meaning; `Mode::describe` has each page's).
    #[must_use]
    pub fn describe(self) -> &'static str {
        match self {
            Action::MoveDown => "next row",
            Action::MoveUp => "previous row",
            Action::PageDown => "next page",
            Action::PageUp => "previous page",
            Action::GoTop => "first row",
            Action::GoBottom => "last row",
            Action::OpenFilter => "filter with the query language (live results)",
            Action::Back => "close the open screen or popup, cancel a range, clear the filter",
            Action::ChooseSort => "choose the sort column",
            Action::ReverseSort => "reverse the sort direction",
            Action::PickView => "pick a view (a named filter and sort, as --view gives them)",
            Action::PickGroup => "pick a group to filter by (or to filter out)",
            Action::ToggleMark => "mark or unmark the row to suspend (the preview can switch to deactivate)",
            Action::RangeMark => "start a range, then mark every row up to the cursor",
            Action::MarkAllReady => "mark every visible cleanup-ready user",
            Action::ClearMarks => "clear all marks (asks first)",
            Action::Exclude => "exclude the marked users (or the row) from cleanup, with a reason",
            Action::Warn => "warn the marked users (or the row): record a deadline, write notices",
            Action::Preview => "preview suspending the marked users (or the row), then confirm to commit",
            Action::ShowHistory => "batches run from this machine; undo one from there",
            Action::ShowDetails => "full details of the row",
            Action::ShowInsight => "idle-time histogram and seats by product",
            Action::ExportView => {
                "write the rows shown (filter, sort) as CSV and JSON, as `dormant report` does"
            }
            Action::Reload => "load the org again (the table stays usable meanwhile)",
            Action::ShowHelp => "this help",
            Action::Quit => "quit (asks when unsaved marks would be lost)",
            Action::Confirm => "confirm",
            Action::SwitchAction => {
                "switch the batch between suspend, deactivate and remove access per product"
            }
            Action::Export => "export the results as CSV and JSON next to the journal",
            Action::Undo => "preview the undo of the selected batch",
            Action::SwitchScope => {
                "act on all marks, only the marks the filter shows, or the cursor row alone"
            }
            Action::Withdraw => "withdraw the selected warning run (asks first)",
            Action::IncludeNotReady => {
                "include (or leave out) the not cleanup-ready users: confirmed on their own"
            }
            Action::IncludeWarned => "include (or leave out) the users warned whose deadline has not passed",
            Action::IncludeCollateral => {
                "include (or leave out) the users losing a seat nobody chose (remove access)"
            }
            Action::WriteHandoff => "write the IdP handoff CSV of the synced users the batch changed",
            Action::Complete => "complete the field or value at the caret; again: the next candidate",
            Action::OlderFilter => "the filter applied before (history of this profile)",
            Action::NewerFilter => "the filter applied after, then back to what was typed",
            Action::ShowAllowlist => {
                "every exclusion and allowlist entry (profile file and config) with reason, date, who"
            }
            Action::RemoveEntry => {
                "remove the selected exclusion (asks first; the user goes back to their lane)"
            }
            Action::EditReason => "edit the reason of the selected exclusion",
        }
    }

    #[must_use]
    pub fn section(self) -> Section {
        match self {
            Action::MoveDown
            | Action::MoveUp
            | Action::PageDown
            | Action::PageUp
            | Action::GoTop
            | Action::GoBottom => Section::Navigate,
            Action::OpenFilter
            | Action::Back
            | Action::ChooseSort
            | Action::ReverseSort
            | Action::PickView
            | Action::PickGroup => Section::Find,
            Action::Preview | Action::ShowHistory => Section::Commit,
            Action::ToggleMark
            | Action::RangeMark
            | Action::MarkAllReady
            | Action::ClearMarks
            | Action::Exclude
            | Action::Warn => Section::Mark,
            Action::ShowDetails
            | Action::ShowInsight
            | Action::ShowAllowlist
            | Action::ExportView
            | Action::Reload
            | Action::ShowHelp
            | Action::Quit => Section::Screens,
            Action::Confirm
            | Action::SwitchAction
            | Action::Export
            | Action::Undo
            | Action::SwitchScope
            | Action::Withdraw
            | Action::IncludeNotReady
            | Action::IncludeWarned
            | Action::WriteHandoff
            | Action::IncludeCollateral
            | Action::Complete
            | Action::OlderFilter
            | Action::NewerFilter
            | Action::RemoveEntry
            | Action::EditReason => Section::Screen,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_through_serde_and_lookup() {
        for action in Action::ALL {
            let json = serde_json::to_string(&action).expect("serialize");
            assert_eq!(json, format!("\"{}\"", action.name()));
            assert_eq!(Action::from_name(action.name()), Some(action));
            assert!(!action.describe().is_empty());
        }
        assert_eq!(Action::from_name("launch_missiles"), None);
    }

    #[test]
    fn all_lists_each_action_once_in_order() {
        let mut sorted = Action::ALL.to_vec();
        sorted.dedup();
        assert_eq!(sorted.len(), Action::ALL.len());
        assert!(Action::ALL.windows(2).all(|pair| pair[0] < pair[1]));
    }
}
