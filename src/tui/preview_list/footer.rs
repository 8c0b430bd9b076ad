//! The preview page's key hints, from the keymap: what confirming does now (with the count), the
//! keys that include the sections confirmed on their own, scrolling and going back. Packed into
//! as few lines as the width allows; the page keeps them on screen whatever the list's length.

use super::wrap;
use crate::batch::Section;
use crate::tui::action::{Action, Mode};
use crate::tui::batch_state::{PendingBatch, PlanSource};
use crate::tui::keymap::Keymap;

/// Each hint of the page, in order.
#[must_use]
pub fn hints(keymap: &Keymap, pending: &PendingBatch, back: &str, key_refused: bool) -> Vec<String> {
    let keys = |action| keymap.all_keys_in(Mode::Preview, action);
    let first = |action| keymap.hint_in(Mode::Preview, action);
    let mut hints = Vec::new();
    if let Some(confirm) = keys(Action::Confirm) {
        let acting = pending.acting_confirmed();
        hints.push(if key_refused {
            format!("{confirm}: confirm (blocked: the key is refused)")
        } else {
            format!(
                "{confirm}: confirm {acting} user{}",
                if acting == 1 { "" } else { "s" }
            )
        });
    }
    for (section, action, what) in [
        (
            Section::NotCleanupReady,
            Action::IncludeNotReady,
            "not cleanup-ready",
        ),
        (Section::GracePeriod, Action::IncludeWarned, "warned"),
    ] {
        let count = pending.in_section(section);
        if let (true, Some(key)) = (count > 0, first(action)) {
            let verb = if pending.includes(section) {
                "leave out"
            } else {
                "include"
            };
            hints.push(format!("{key}: {verb} the {count} {what}"));
        }
    }
    if matches!(pending.source, PlanSource::Marks { .. }) {
        if let Some(switch) = first(Action::SwitchAction) {
            hints.push(format!("{switch}: suspend or deactivate"));
        }
        if let (Some(switch), Some(next)) = (first(Action::SwitchScope), &pending.scope_next) {
            hints.push(format!("{switch}: plan {next} instead"));
        }
    }
    let pair = |a, b| match (first(a), first(b)) {
        (Some(a), Some(b)) => Some(format!("{a}/{b}")),
        _ => None,
    };
    let moves: Vec<String> = [
        pair(Action::MoveDown, Action::MoveUp),
        pair(Action::PageDown, Action::PageUp),
        pair(Action::GoTop, Action::GoBottom),
    ]
    .into_iter()
    .flatten()
    .collect();
    if !moves.is_empty() {
        hints.push(format!("{} scroll", moves.join(" ")));
    }
    hints.push(format!("{back}: back (nothing has changed yet)"));
    hints
}

/// `hints` packed into lines of at most `width` cells, joined by " · ".
#[must_use]
pub fn footer(hints: &[String], width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for hint in hints {
        let joined = if line.is_empty() {
            hint.clone()
        } else {
            format!("{line} · {hint}")
        };
        if unicode_width::UnicodeWidthStr::width(joined.as_str()) <= width || line.is_empty() {
            line = joined;
        } else {
            lines.push(std::mem::replace(&mut line, hint.clone()));
        }
    }
    lines.push(line);
    lines.iter().flat_map(|line| wrap(line, width)).collect()
}
