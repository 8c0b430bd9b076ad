//! The lower-cased name+email haystack of every user in one buffer, searched per keystroke
//! without touching a `User` or allocating per user.

use crate::directory::rowset::RowSet;
use crate::directory::user::User;
use memchr::memmem::Finder;

/// Separates fields and users; queries never contain it, so no match spans two fields.
const SEPARATOR: char = '\0';

/// `name \0 email \0` per user, lower-cased, concatenated; `starts[row]..starts[row + 1]`.
#[derive(Debug, Clone)]
pub(crate) struct TextIndex {
    haystack: String,
    starts: Vec<usize>,
    email_offsets: Vec<usize>,
}

impl TextIndex {
    pub(crate) fn build(users: &[User]) -> Self {
        let mut haystack = String::with_capacity(users.len() * 48);
        let mut starts = Vec::with_capacity(users.len() + 1);
        let mut email_offsets = Vec::with_capacity(users.len());
        for user in users {
            starts.push(haystack.len());
            push_lowercase(&mut haystack, &user.name);
            haystack.push(SEPARATOR);
            email_offsets.push(haystack.len());
            push_lowercase(&mut haystack, user.email.as_deref().unwrap_or_default());
            haystack.push(SEPARATOR);
        }
        starts.push(haystack.len());
        haystack.shrink_to_fit();
        Self {
            haystack,
            starts,
            email_offsets,
        }
    }

    /// The lower-cased name of `row` (for sorting).
    pub(crate) fn name(&self, row: usize) -> &str {
        &self.haystack[self.starts[row]..self.email_offsets[row] - 1]
    }

    /// The lower-cased email of `row`, empty when the account has none.
    pub(crate) fn email(&self, row: usize) -> &str {
        &self.haystack[self.email_offsets[row]..self.starts[row + 1] - 1]
    }

    /// The lower-cased email domain of `row`, if it has an email with an `@`.
    pub(crate) fn email_domain(&self, row: usize) -> Option<&str> {
        self.email(row).rsplit_once('@').map(|(_, domain)| domain)
    }

    /// Adds to `into` every row whose name or email contains `needle` (already lower-cased).
    pub(crate) fn search(&self, needle: &str, into: &mut RowSet) {
        let needle = needle.trim_matches(SEPARATOR);
        if needle.is_empty() {
            for row in 0..into.universe() {
                into.insert(row);
            }
            return;
        }
        if needle.contains(SEPARATOR) {
            return;
        }
        let finder = Finder::new(needle.as_bytes());
        let bytes = self.haystack.as_bytes();
        let (mut from, mut row) = (0, 0);
        while let Some(found) = finder.find(&bytes[from..]) {
            row = self.row_at(row, from + found);
            into.insert(row);
            // One hit per user is enough: continue at the next user's text.
            from = self.starts[row + 1];
        }
    }
}

impl TextIndex {
    /// The row whose text holds byte `at`, searching forward from row `from` (hits come in
    /// order): a gallop, so dense hits cost O(1) and sparse ones O(log distance).
    fn row_at(&self, from: usize, at: usize) -> usize {
        let mut step = 1;
        let mut low = from;
        while low + step < self.starts.len() && self.starts[low + step] <= at {
            low += step;
            step *= 2;
        }
        let high = (low + step).min(self.starts.len());
        low + self.starts[low..high].partition_point(|&start| start <= at) - 1
    }
}

/// Lower-cases exactly as the haystack does, so a needle and the text agree.
pub(crate) fn lowercase(text: &str) -> String {
    let mut lower = String::with_capacity(text.len());
    push_lowercase(&mut lower, text);
    lower
}

fn push_lowercase(haystack: &mut String, text: &str) {
    for c in text.chars() {
        if c.is_ascii() {
            haystack.push(if c == SEPARATOR {
                ' '
            } else {
                c.to_ascii_lowercase()
            });
        } else {
            haystack.extend(c.to_lowercase());
        }
    }
}
