//! `Mode`: the screens and popups that read keys, each with the actions it understands, the ones
//! read-only sessions drop, and what each does there. Must not hold keys (the keymap does) or act.

use super::Action;

/// A place that reads keys. Pages (preview, results, history, help) have keys of their own and
/// fall back to the browse keys for the rest, as the details and insight pages do entirely;
/// popups take every key and understand only their own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Mode {
    Browse,
    Preview,
    Results,
    History,
    Help,
    Sort,
    Confirm,
    TypeCount,
    Exclude,
    Warn,
    Filter,
    /// The allowlist screen (`A`).
    Allowlist,
    /// The prompt editing an exclusion's reason on the allowlist screen.
    Reason,
    ViewPicker,
    GroupPicker,
}

const BROWSE: [Action; 27] = [
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
    Action::ShowAllowlist,
    Action::ExportView,
    Action::Reload,
    Action::ShowHelp,
    Action::Quit,
];

const ALLOWLIST: [Action; 8] = [
    Action::MoveDown,
    Action::MoveUp,
    Action::PageDown,
    Action::PageUp,
    Action::GoTop,
    Action::GoBottom,
    Action::EditReason,
    Action::RemoveEntry,
];

const PREVIEW: [Action; 12] = [
    Action::Confirm,
    Action::IncludeNotReady,
    Action::IncludeWarned,
    Action::IncludeCollateral,
    Action::SwitchAction,
    Action::SwitchScope,
    Action::MoveDown,
    Action::MoveUp,
    Action::PageDown,
    Action::PageUp,
    Action::GoTop,
    Action::GoBottom,
];

const GROUP_PICKER: [Action; 11] = [
    Action::MoveDown,
    Action::MoveUp,
    Action::PageDown,
    Action::PageUp,
    Action::GoTop,
    Action::GoBottom,
    Action::Confirm,
    Action::Exclude,
    Action::ChooseSort,
    Action::OpenFilter,
    Action::Back,
];

impl Mode {
    /// Every mode, in help and README order.
    pub const ALL: [Mode; 15] = [
        Mode::Browse,
        Mode::Preview,
        Mode::Results,
        Mode::History,
        Mode::Help,
        Mode::Sort,
        Mode::Confirm,
        Mode::TypeCount,
        Mode::Exclude,
        Mode::Warn,
        Mode::Filter,
        Mode::Allowlist,
        Mode::Reason,
        Mode::ViewPicker,
        Mode::GroupPicker,
    ];

    /// The config name: `[keys.NAME]` (browse keys may also sit directly under `[keys]`).
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Mode::Browse => "browse",
            Mode::Preview => "preview",
            Mode::Results => "results",
            Mode::History => "history",
            Mode::Help => "help",
            Mode::Sort => "sort",
            Mode::Confirm => "confirm",
            Mode::TypeCount => "type_count",
            Mode::Exclude => "exclude",
            Mode::Warn => "warn",
            Mode::Filter => "filter",
            Mode::Allowlist => "allowlist",
            Mode::Reason => "reason",
            Mode::ViewPicker => "view_picker",
            Mode::GroupPicker => "group_picker",
        }
    }

    #[must_use]
    pub fn from_name(name: &str) -> Option<Mode> {
        Mode::ALL.into_iter().find(|mode| mode.name() == name)
    }

    /// The config table errors name.
    #[must_use]
    pub fn table(self) -> &'static str {
        match self {
            Mode::Browse => "[keys]",
            Mode::Preview => "[keys.preview]",
            Mode::Results => "[keys.results]",
            Mode::History => "[keys.history]",
            Mode::Help => "[keys.help]",
            Mode::Sort => "[keys.sort]",
            Mode::Confirm => "[keys.confirm]",
            Mode::TypeCount => "[keys.type_count]",
            Mode::Exclude => "[keys.exclude]",
            Mode::Warn => "[keys.warn]",
            Mode::Filter => "[keys.filter]",
            Mode::Allowlist => "[keys.allowlist]",
            Mode::Reason => "[keys.reason]",
            Mode::ViewPicker => "[keys.view_picker]",
            Mode::GroupPicker => "[keys.group_picker]",
        }
    }

    /// The heading of this mode's keys on the help screen and in the README.
    #[must_use]
    pub fn title(self) -> &'static str {
        match self {
            Mode::Browse => "Browse (also on the details and insight pages)",
            Mode::Preview => "Preview page",
            Mode::Results => "Results page",
            Mode::History => "History page",
            Mode::Help => "Help page",
            Mode::Sort => "Sort chooser",
            Mode::Confirm => "Yes/no question",
            Mode::TypeCount => "Type-the-count prompt (batches above 20 users)",
            Mode::Exclude => "Exclude reason prompt",
            Mode::Warn => "Warn prompt (grace period in days)",
            Mode::Filter => "Filter bar",
            Mode::Allowlist => "Allowlist page",
            Mode::Reason => "Reason prompt (allowlist page)",
            Mode::ViewPicker => "View picker",
            Mode::GroupPicker => "Group picker",
        }
    }

    /// The actions this mode understands, in help order.
    #[must_use]
    pub fn actions(self) -> &'static [Action] {
        match self {
            Mode::Browse => &BROWSE,
            Mode::Preview => &PREVIEW,
            Mode::Results => &[
                Action::Export,
                Action::WriteHandoff,
                Action::MoveDown,
                Action::MoveUp,
            ],
            Mode::History => &[Action::MoveDown, Action::MoveUp, Action::Undo, Action::Withdraw],
            Mode::Help => &[Action::MoveDown, Action::MoveUp, Action::PageDown, Action::PageUp],
            Mode::Sort | Mode::ViewPicker => {
                &[Action::MoveDown, Action::MoveUp, Action::Confirm, Action::Back]
            }
            Mode::Confirm | Mode::TypeCount | Mode::Reason => &[Action::Confirm, Action::Back],
            Mode::Exclude | Mode::Warn => &[Action::Confirm, Action::Back, Action::SwitchScope],
            Mode::Filter => &[
                Action::Confirm,
                Action::Back,
                Action::Complete,
                Action::OlderFilter,
                Action::NewerFilter,
                Action::MoveDown,
                Action::MoveUp,
            ],
            Mode::Allowlist => &ALLOWLIST,
            Mode::GroupPicker => &GROUP_PICKER,
        }
    }

    /// A page: its own keys first, then the browse keys (quit, back and help work everywhere).
    #[must_use]
    pub fn is_page(self) -> bool {
        matches!(
            self,
            Mode::Preview | Mode::Results | Mode::History | Mode::Help | Mode::Allowlist
        )
    }

    /// A prompt where printable keys type text, so none of its actions may take one.
    #[must_use]
    pub fn types_text(self) -> bool {
        matches!(
            self,
            Mode::TypeCount | Mode::Exclude | Mode::Warn | Mode::Filter | Mode::Reason
        )
    }

    /// Actions that must keep a key, or the mode could not be left or answered.
    #[must_use]
    pub fn required(self) -> &'static [Action] {
        match self {
            Mode::Browse => &[Action::Quit, Action::Back],
            Mode::Preview | Mode::Results | Mode::History | Mode::Help | Mode::Allowlist => &[],
            Mode::Sort
            | Mode::Confirm
            | Mode::TypeCount
            | Mode::Exclude
            | Mode::Warn
            | Mode::Filter
            | Mode::Reason
            | Mode::ViewPicker
            | Mode::GroupPicker => &[Action::Confirm, Action::Back],
        }
    }

    /// Whether read-only mode drops `action` here: what changes the org or leads to a change of
    /// it (marks exist only to be committed, a warning (and its prompt's confirm) starts the
    /// countdown to a cleanup, a confirmed preview or count commits, undo plans a batch).
    /// Removing an exclusion releases its user toward cleanup, so read-only drops it; excluding,
    /// editing an exclusion's reason and withdrawing a warning only hold users back; switching
    /// the scope only chooses among marks; the yes/no question only answers what a key flagged
    /// here started.
    #[must_use]
    pub fn is_dangerous(self, action: Action) -> bool {
        match self {
            Mode::Browse => matches!(
                action,
                Action::ToggleMark
                    | Action::RangeMark
                    | Action::MarkAllReady
                    | Action::Warn
                    | Action::Preview
            ),
            Mode::Preview => matches!(
                action,
                Action::Confirm | Action::IncludeNotReady | Action::IncludeWarned | Action::IncludeCollateral
            ),
            Mode::TypeCount | Mode::Warn => action == Action::Confirm,
            Mode::History => action == Action::Undo,
            Mode::Allowlist => action == Action::RemoveEntry,
            Mode::Results
            | Mode::Help
            | Mode::Sort
            | Mode::Confirm
            | Mode::Exclude
            | Mode::Filter
            | Mode::Reason
            | Mode::ViewPicker
            | Mode::GroupPicker => false,
        }
    }

    /// What `action` does in this mode, for the help screen and the README.
    #[must_use]
    pub fn describe(self, action: Action) -> &'static str {
        match (self, action) {
            (Mode::Preview, Action::Confirm) => {
                "confirm cleanup-ready and what you included (>20: type count)"
            }
            (Mode::Preview, Action::IncludeNotReady) => {
                "include or leave out the not cleanup-ready (red section)"
            }
            (Mode::Preview, Action::IncludeWarned) => "include or leave out the warned, deadline not passed",
            (Mode::Preview, Action::IncludeCollateral) => {
                "include or leave out the users losing a seat nobody chose"
            }
            (Mode::Preview, Action::MoveDown) => "scroll the list down",
            (Mode::Preview, Action::MoveUp) => "scroll the list up",
            (Mode::Preview, Action::PageDown) => "scroll the list a page down",
            (Mode::Preview, Action::PageUp) => "scroll the list a page up",
            (Mode::Preview, Action::GoTop) => "top of the list",
            (Mode::Preview, Action::GoBottom) => "end of the list",
            (Mode::Preview, Action::SwitchAction) => {
                "switch a batch from marks: suspend, deactivate, remove access per product"
            }
            (Mode::Results | Mode::Help, Action::MoveDown) => "scroll down",
            (Mode::Results | Mode::Help, Action::MoveUp) => "scroll up",
            (Mode::Help, Action::PageDown) => "scroll a page down",
            (Mode::Help, Action::PageUp) => "scroll a page up",
            (Mode::History, Action::MoveDown) => "next batch",
            (Mode::History, Action::MoveUp) => "previous batch",
            (Mode::Sort, Action::MoveDown) => "next column",
            (Mode::Sort, Action::MoveUp) => "previous column",
            (Mode::Sort, Action::Confirm) => "sort by the column (the current one again: reverse it)",
            (Mode::Sort, Action::Back) => "close, the sort stays as it was",
            (Mode::Confirm, Action::Confirm) => "yes: do what the question asks",
            (Mode::Confirm, Action::Back) => "no: close it, nothing happens",
            (Mode::TypeCount, Action::Confirm) => "commit, when the number typed is the number of users",
            (Mode::TypeCount, Action::Back) => "back to the preview, nothing has changed",
            (Mode::Exclude, Action::Confirm) => "exclude with the reason typed (kept across sessions)",
            (Mode::Exclude, Action::Back) => "cancel, nobody is excluded",
            (Mode::Exclude | Mode::Warn | Mode::Preview, Action::SwitchScope) => {
                "switch between all marks, the marks the filter shows, and the cursor row alone"
            }
            (Mode::Warn, Action::Confirm) => {
                "record the warnings with the grace period typed (whole days), write the notices"
            }
            (Mode::Warn, Action::Back) => "cancel, nobody is warned",
            (Mode::History, Action::Withdraw) => {
                "withdraw the selected warning run (asks first; mails already sent stay sent)"
            }
            (Mode::Filter, Action::Confirm) => "keep the filter and close the bar",
            (Mode::Filter, Action::Back) => "cancel: clear the filter",
            (Mode::Filter, Action::MoveDown) => "next row (the table follows the filter live)",
            (Mode::Filter, Action::MoveUp) => "previous row",
            (Mode::Allowlist, Action::MoveDown) => "next entry",
            (Mode::Allowlist, Action::MoveUp) => "previous entry",
            (Mode::Allowlist, Action::PageDown) => "next page of entries",
            (Mode::Allowlist, Action::PageUp) => "previous page of entries",
            (Mode::Allowlist, Action::GoTop) => "first entry",
            (Mode::Allowlist, Action::GoBottom) => "last entry",
            (Mode::Allowlist, Action::RemoveEntry) => {
                "remove the selected exclusion (asks first); a config entry names its file and line"
            }
            (Mode::Allowlist, Action::EditReason) => {
                "edit the selected exclusion's reason; a config entry names its file and line"
            }
            (Mode::Reason, Action::Confirm) => {
                "save the reason typed (the file is rewritten, the change logged)"
            }
            (Mode::Reason, Action::Back) => "cancel, the reason stays as it was",
            (Mode::ViewPicker | Mode::GroupPicker, Action::MoveDown) => "next in the list",
            (Mode::ViewPicker | Mode::GroupPicker, Action::MoveUp) => "previous in the list",
            (Mode::ViewPicker, Action::Confirm) => {
                "apply the view's filter and sort, as dormant report --view NAME lists them"
            }
            (Mode::ViewPicker, Action::Back) => "close, filter and sort stay as they were",
            (Mode::GroupPicker, Action::PageDown) => "a page down the list",
            (Mode::GroupPicker, Action::PageUp) => "a page up the list",
            (Mode::GroupPicker, Action::GoTop) => "first group",
            (Mode::GroupPicker, Action::GoBottom) => "last group",
            (Mode::GroupPicker, Action::Confirm) => {
                "filter by the group's members (group:\"NAME\", added to a valid filter)"
            }
            (Mode::GroupPicker, Action::Exclude) => {
                "filter out the group's members (!group:\"NAME\", added to a valid filter)"
            }
            (Mode::GroupPicker, Action::ChooseSort) => "sort the list by name, members, then idle members",
            (Mode::GroupPicker, Action::OpenFilter) => {
                "narrow the list: type part of a name (esc stops and clears it)"
            }
            (Mode::GroupPicker, Action::Back) => "close, the filter stays as it was",
            _ => action.describe(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_every_mode_has_a_table_and_title() {
        for mode in Mode::ALL {
            assert_eq!(Mode::from_name(mode.name()), Some(mode));
            assert!(mode.table().contains(mode.name()) || mode == Mode::Browse);
            assert!(!mode.title().is_empty());
        }
        assert_eq!(Mode::from_name("launch_pad"), None);
    }

    #[test]
    fn every_action_belongs_to_a_mode_and_has_words_there() {
        for action in Action::ALL {
            assert!(
                Mode::ALL.iter().any(|mode| mode.actions().contains(&action)),
                "{action:?} is in no mode"
            );
        }
        for mode in Mode::ALL {
            for &action in mode.actions() {
                assert!(!mode.describe(action).is_empty());
            }
            for required in mode.required() {
                assert!(mode.actions().contains(required), "{mode:?} {required:?}");
            }
        }
    }

    #[test]
    fn each_destructive_step_is_dangerous_where_it_happens() {
        assert!(Mode::Preview.is_dangerous(Action::Confirm));
        assert!(Mode::TypeCount.is_dangerous(Action::Confirm));
        assert!(Mode::History.is_dangerous(Action::Undo));
        assert!(Mode::Browse.is_dangerous(Action::Warn));
        assert!(Mode::Browse.is_dangerous(Action::ToggleMark));
        assert!(!Mode::Browse.is_dangerous(Action::ClearMarks));
        assert!(
            !Mode::Confirm.is_dangerous(Action::Confirm),
            "quit must stay answerable"
        );
        assert!(
            !Mode::Exclude.is_dangerous(Action::Confirm),
            "excluding only protects"
        );
        assert!(Mode::Warn.is_dangerous(Action::Confirm));
        assert!(
            !Mode::History.is_dangerous(Action::Withdraw),
            "withdrawing only holds back"
        );
        assert!(
            Mode::Allowlist.is_dangerous(Action::RemoveEntry),
            "removing an exclusion releases a user"
        );
        assert!(
            !Mode::Allowlist.is_dangerous(Action::EditReason),
            "a reason only words a protection"
        );
    }
}
