//! `FilterEditor`: the filter bar's line editor (a `tui-input` buffer with a caret), the Tab
//! completion cycle in progress and the walk through the filter history. The editing keys are
//! fixed (typing must always type): ←/→, Home/End, Ctrl-A/E, Alt-B/F, Ctrl-W, Ctrl-U, Ctrl-K,
//! Ctrl-Y, Backspace/Delete. Pure state; must not apply the filter (`update` does) or draw.

pub mod complete;
pub mod history;

use complete::Vocabulary;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use tui_input::{Input, InputRequest};

/// The Tab candidates being cycled: `candidates[index]` fills chars `start..end` of the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cycle {
    pub start: usize,
    pub end: usize,
    pub candidates: Vec<String>,
    pub index: usize,
}

/// Where the walk through the history is: `entries[index]` shows; `draft` was typed before.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Walk {
    index: usize,
    draft: String,
}

/// What a key did to the editor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edit {
    /// Not an editing key.
    Ignored,
    /// The caret moved (or nothing changed).
    Moved,
    /// The text changed.
    Changed,
}

/// What Tab found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Completed {
    /// Nothing to complete at the caret (a number, a date, a quoted phrase, an unknown field).
    Nothing,
    /// The one candidate was put in.
    One,
    /// The candidate `index` of `count` was put in; Tab again puts the next.
    Cycling { index: usize, count: usize },
}

/// The filter bar's text, caret and the completion or history step in progress.
#[derive(Debug, Clone, Default)]
pub struct FilterEditor {
    input: Input,
    cycle: Option<Cycle>,
    walk: Option<Walk>,
}

impl PartialEq for FilterEditor {
    fn eq(&self, other: &Self) -> bool {
        self.text() == other.text()
            && self.caret() == other.caret()
            && self.cycle == other.cycle
            && self.walk == other.walk
    }
}

impl Eq for FilterEditor {}

impl FilterEditor {
    /// An editor holding `text` with the caret at its end.
    #[must_use]
    pub fn new(text: &str) -> FilterEditor {
        FilterEditor {
            input: Input::new(text.to_owned()),
            cycle: None,
            walk: None,
        }
    }

    #[must_use]
    pub fn text(&self) -> &str {
        self.input.value()
    }

    /// The caret, in characters from the start.
    #[must_use]
    pub fn caret(&self) -> usize {
        self.input.cursor()
    }

    /// The Tab candidates on offer, while Tab cycles them.
    #[must_use]
    pub fn cycle(&self) -> Option<&Cycle> {
        self.cycle.as_ref()
    }

    /// Applies an editing key. Any key but Tab ends a completion cycle; changing the text ends a
    /// walk through the history (the edited text is the new draft).
    pub fn edit(&mut self, key: &KeyEvent) -> Edit {
        let Some(request) = request_of(key) else {
            return Edit::Ignored;
        };
        self.cycle = None;
        match self.input.handle(request) {
            Some(changed) if changed.value => {
                self.walk = None;
                Edit::Changed
            }
            _ => Edit::Moved,
        }
    }

    /// Ends a completion cycle (a key other than Tab was pressed).
    pub fn end_cycle(&mut self) {
        self.cycle = None;
    }

    /// Tab: the next candidate of the cycle in progress, else completes at the caret.
    pub fn complete(&mut self, vocabulary: &Vocabulary) -> Completed {
        if let Some(mut cycle) = self.cycle.take().filter(|cycle| cycle.end == self.caret()) {
            cycle.index = (cycle.index + 1) % cycle.candidates.len();
            let count = cycle.candidates.len();
            let index = cycle.index;
            self.fill(cycle.start, cycle.end, &cycle.candidates[index]);
            cycle.end = self.caret();
            self.cycle = Some(cycle);
            return Completed::Cycling { index, count };
        }
        let Some(found) = complete::complete(self.text(), self.caret(), vocabulary) else {
            return Completed::Nothing;
        };
        let caret = self.caret();
        self.fill(found.start, caret, &found.candidates[0]);
        if found.candidates.len() == 1 {
            return Completed::One;
        }
        let count = found.candidates.len();
        self.cycle = Some(Cycle {
            start: found.start,
            end: self.caret(),
            candidates: found.candidates,
            index: 0,
        });
        Completed::Cycling { index: 0, count }
    }

    /// ↑: the filter before the one showing (the newest first); false at the oldest.
    pub fn older(&mut self, entries: &[String]) -> bool {
        self.cycle = None;
        let index = match &self.walk {
            Some(walk) if walk.index == 0 => return false,
            Some(walk) => walk.index - 1,
            None if entries.is_empty() => return false,
            None => entries.len() - 1,
        };
        let draft = self
            .walk
            .take()
            .map_or_else(|| self.text().to_owned(), |walk| walk.draft);
        self.input = Input::new(entries[index].clone());
        self.walk = Some(Walk { index, draft });
        true
    }

    /// ↓: the filter after the one showing, then back to what was typed; false when not walking.
    pub fn newer(&mut self, entries: &[String]) -> bool {
        self.cycle = None;
        let Some(walk) = self.walk.take() else {
            return false;
        };
        match entries.get(walk.index + 1) {
            Some(entry) => {
                self.input = Input::new(entry.clone());
                self.walk = Some(Walk {
                    index: walk.index + 1,
                    draft: walk.draft,
                });
            }
            None => self.input = Input::new(walk.draft),
        }
        true
    }

    /// Replaces chars `start..end` with `with`, the caret after it.
    fn fill(&mut self, start: usize, end: usize, with: &str) {
        let chars: Vec<char> = self.text().chars().collect();
        let end = end.min(chars.len());
        let start = start.min(end);
        let mut text: String = chars[..start].iter().collect();
        text.push_str(with);
        let caret = text.chars().count();
        text.extend(&chars[end..]);
        self.input = Input::new(text).with_cursor(caret);
        self.walk = None;
    }
}

/// The editing request a key stands for. Alt arrives as ALT from most terminals and META from
/// some (tui-input's own crossterm mapping reads only META, hence this table).
fn request_of(key: &KeyEvent) -> Option<InputRequest> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    let alt = key.modifiers.intersects(KeyModifiers::ALT | KeyModifiers::META);
    let request = match key.code {
        KeyCode::Char(c) if ctrl && !alt => match c.to_ascii_lowercase() {
            'a' => InputRequest::GoToStart,
            'e' => InputRequest::GoToEnd,
            'b' => InputRequest::GoToPrevChar,
            'f' => InputRequest::GoToNextChar,
            'h' => InputRequest::DeletePrevChar,
            'd' => InputRequest::DeleteNextChar,
            'w' => InputRequest::DeletePrevWord,
            'u' => InputRequest::DeleteFromStart,
            'k' => InputRequest::DeleteTillEnd,
            'y' => InputRequest::Yank,
            _ => return None,
        },
        KeyCode::Char(c) if alt && !ctrl => match c.to_ascii_lowercase() {
            'b' => InputRequest::GoToPrevWord,
            'f' => InputRequest::GoToNextWord,
            'd' => InputRequest::DeleteNextWord,
            _ => return None,
        },
        KeyCode::Char(c) if !ctrl && !alt && !c.is_control() => InputRequest::InsertChar(c),
        KeyCode::Backspace if alt || ctrl => InputRequest::DeletePrevWord,
        KeyCode::Backspace => InputRequest::DeletePrevChar,
        KeyCode::Delete if ctrl => InputRequest::DeleteNextWord,
        KeyCode::Delete => InputRequest::DeleteNextChar,
        KeyCode::Left if ctrl || alt => InputRequest::GoToPrevWord,
        KeyCode::Left => InputRequest::GoToPrevChar,
        KeyCode::Right if ctrl || alt => InputRequest::GoToNextWord,
        KeyCode::Right => InputRequest::GoToNextChar,
        KeyCode::Home => InputRequest::GoToStart,
        KeyCode::End => InputRequest::GoToEnd,
        _ => return None,
    };
    Some(request)
}

#[cfg(test)]
mod tests;
