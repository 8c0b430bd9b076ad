//! What an action on marks (exclude, warn, preview) applies to: every mark, only the marks the
//! filter shows, or the row under the cursor alone, with the counts each prompt states ("31
//! marked, 16 hidden by the filter"). Pure; protection is `directory`'s, drawing `render`'s.

use super::app::App;
use crate::directory::{AccountId, DirectoryIndex, MarkRefused, Marks, View, refuse_protected};

/// Which of the marks (or the cursor row) an action takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Every mark, hidden by the filter or not (or the cursor row when nothing is marked).
    AllMarks,
    /// Only the marks the filter shows.
    VisibleMarks,
    /// The row under the cursor alone, whatever is marked.
    CursorRow,
}

/// The accounts one scope chooses, with what the prompt says about them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selection {
    pub scope: Scope,
    /// Everything the scope names, in account-id order (or the cursor account): the plan's
    /// candidates, refused ones included so the preview shows why.
    pub chosen: Vec<AccountId>,
    /// Of `chosen`, those that may be acted on (not protected, in this load).
    pub accounts: Vec<AccountId>,
    /// Of `chosen`, the protected ones: never acted on.
    pub refused: Vec<MarkRefused>,
    /// Marks in all, and how many of them the filter hides.
    pub marked: usize,
    pub hidden: usize,
    /// Of `chosen`, how many the filter hides.
    pub hidden_chosen: usize,
    /// The name of the user under the cursor, for "only Ada Lovelace".
    pub row_name: Option<String>,
    /// The scopes that choose someone, each a different set, in the order the switch key visits.
    pub choices: Vec<Scope>,
}

/// What a selection is made from: the marks, the loaded index, the filtered view, the cursor row.
#[derive(Clone, Copy)]
pub struct Inputs<'a> {
    pub marks: &'a Marks,
    pub index: &'a DirectoryIndex,
    pub view: &'a View,
    pub cursor: Option<u32>,
}

impl Selection {
    /// The default: every mark, or the cursor row when nothing is marked (rule 5).
    #[must_use]
    pub fn of(inputs: Inputs<'_>) -> Selection {
        let scope = if inputs.marks.is_empty() {
            Scope::CursorRow
        } else {
            Scope::AllMarks
        };
        Selection::with_scope(inputs, scope)
    }

    /// `scope` as asked; a scope that chooses nobody now (its marks were cleared, the filter
    /// changed) falls back to the default rather than to someone else.
    #[must_use]
    pub fn with_scope(inputs: Inputs<'_>, scope: Scope) -> Selection {
        let choices = choices(inputs);
        let scope = if choices.contains(&scope) || choices.is_empty() {
            scope
        } else {
            choices[0]
        };
        let chosen = chosen(inputs, scope);
        let mut accounts = Vec::new();
        let mut refused = Vec::new();
        let mut hidden_chosen = 0;
        for account in &chosen {
            let Some(row) = inputs.index.row_of(account) else {
                continue;
            };
            if !inputs.view.matched().contains(row as usize) {
                hidden_chosen += 1;
            }
            match refuse_protected(inputs.index, row) {
                Ok(()) => accounts.push(account.clone()),
                Err(protected) => refused.push(protected),
            }
        }
        Selection {
            scope,
            chosen,
            accounts,
            refused,
            marked: inputs.marks.len(),
            hidden: inputs.view.hidden_marks(inputs.index, inputs.marks),
            hidden_chosen,
            row_name: inputs.cursor.map(|row| inputs.index.user(row).name.clone()),
            choices,
        }
    }

    /// The next scope the switch key offers (itself when there is no other).
    #[must_use]
    pub fn next_scope(&self) -> Scope {
        let at = self.choices.iter().position(|&scope| scope == self.scope);
        match at {
            Some(at) => self.choices[(at + 1) % self.choices.len()],
            None => self.choices.first().copied().unwrap_or(self.scope),
        }
    }

    /// Whether the switch key has another set to offer.
    #[must_use]
    pub fn can_switch(&self) -> bool {
        self.choices.len() > 1
    }

    /// What every prompt on marks states first: "31 marked, 16 hidden by the filter." and what
    /// this acts on; or, with nothing marked, the cursor row's user.
    #[must_use]
    pub fn summary(&self) -> Vec<String> {
        if self.marked == 0 {
            return vec![format!(
                "Nothing is marked: this acts on {}.",
                self.describe_scope(Scope::CursorRow)
            )];
        }
        vec![
            format!("{} marked, {} hidden by the filter.", self.marked, self.hidden),
            format!("Acting on: {}.", self.describe()),
        ]
    }

    /// What the selection acts on, in words: "all 31 marked (16 hidden by the filter)".
    #[must_use]
    pub fn describe(&self) -> String {
        self.describe_scope(self.scope)
    }

    /// `scope` in a few words, as the switch key's hint names it.
    #[must_use]
    pub fn describe_scope(&self, scope: Scope) -> String {
        match scope {
            Scope::AllMarks if self.hidden > 0 => format!(
                "all {} marked ({} hidden by the filter)",
                self.marked, self.hidden
            ),
            Scope::AllMarks => format!("all {} marked", self.marked),
            Scope::VisibleMarks => format!(
                "only the {} marked the filter shows",
                self.marked.saturating_sub(self.hidden)
            ),
            Scope::CursorRow => match &self.row_name {
                Some(name) if self.marked > 0 => format!("only {name} (the row under the cursor)"),
                Some(name) => format!("{name} (the row under the cursor)"),
                None => "the row under the cursor".to_owned(),
            },
        }
    }
}

impl App {
    /// What an action on marks takes now: `scope` (the default when `None`: every mark, or the
    /// cursor row when nothing is marked). `None` before the first data.
    #[must_use]
    pub fn selection(&self, scope: Option<Scope>) -> Option<Selection> {
        let data = self.data.as_ref()?;
        let inputs = Inputs {
            marks: &self.marks,
            index: &data.index,
            view: &data.view,
            cursor: self.cursor_row(),
        };
        Some(match scope {
            Some(scope) => Selection::with_scope(inputs, scope),
            None => Selection::of(inputs),
        })
    }
}

/// The scopes that choose at least one account that may be acted on, each a set the earlier
/// ones do not already name.
fn choices(inputs: Inputs<'_>) -> Vec<Scope> {
    let mut offered: Vec<(Scope, Vec<AccountId>)> = Vec::new();
    for scope in [Scope::AllMarks, Scope::VisibleMarks, Scope::CursorRow] {
        if inputs.marks.is_empty() && scope != Scope::CursorRow {
            continue;
        }
        let chosen = chosen(inputs, scope);
        let acts = chosen.iter().any(|account| {
            inputs
                .index
                .row_of(account)
                .is_some_and(|row| refuse_protected(inputs.index, row).is_ok())
        });
        let new = !offered.iter().any(|(_, earlier)| *earlier == chosen);
        if acts && new {
            offered.push((scope, chosen));
        }
    }
    offered.into_iter().map(|(scope, _)| scope).collect()
}

fn chosen(inputs: Inputs<'_>, scope: Scope) -> Vec<AccountId> {
    let cursor = || {
        inputs
            .cursor
            .filter(|&row| (row as usize) < inputs.index.len())
            .map(|row| inputs.index.user(row).account_id.clone())
            .into_iter()
            .collect()
    };
    match scope {
        Scope::AllMarks if inputs.marks.is_empty() => cursor(),
        Scope::AllMarks => inputs.marks.iter().cloned().collect(),
        Scope::VisibleMarks => inputs
            .marks
            .iter()
            .filter(|account| {
                inputs
                    .index
                    .row_of(account)
                    .is_some_and(|row| inputs.view.matched().contains(row as usize))
            })
            .cloned()
            .collect(),
        Scope::CursorRow => cursor(),
    }
}
