//! Tab completion for the filter bar: the field names of the grammar (`query::FIELDS`, the org's
//! products and the keywords) and the values of the field at the caret (its words, or the loaded
//! org's groups, email domains and sites), quoted when the grammar needs quotes. Pure: text and
//! caret in, candidates out; must not edit or know keys.

use crate::directory::DirectoryIndex;
use crate::directory::query::{FIELDS, Field, KEYWORDS, PRODUCT_VALUES, Values};

/// Most candidates offered at once (Tab cycles them; the bar shows how many).
const MAX_CANDIDATES: usize = 500;

/// What completion can offer from the loaded org.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Vocabulary {
    /// The field list completion reads (the grammar's, [`FIELDS`], outside tests).
    pub fields: &'static [Field],
    pub groups: Vec<String>,
    pub domains: Vec<String>,
    pub sites: Vec<String>,
    /// Every name a query may call one of the org's products by (short names, keys, aliases).
    pub products: Vec<String>,
}

impl Vocabulary {
    /// The field names alone, before an org is loaded.
    #[must_use]
    pub fn without_org() -> Vocabulary {
        Vocabulary {
            fields: FIELDS,
            ..Vocabulary::default()
        }
    }

    /// The names of `index`'s org: groups as named, domains of its users, its sites and products.
    #[must_use]
    pub fn of(index: &DirectoryIndex) -> Vocabulary {
        let directory = index.directory();
        Vocabulary {
            fields: FIELDS,
            groups: directory.groups.iter().map(|group| group.name.clone()).collect(),
            domains: index
                .domains
                .iter()
                .filter(|domain| !domain.is_empty())
                .cloned()
                .collect(),
            sites: directory.sites.iter().map(|site| site.name.clone()).collect(),
            products: index
                .products()
                .iter()
                .flat_map(crate::directory::ProductKey::query_names)
                .collect(),
        }
    }
}

/// The candidates for the word before the caret: each replaces chars `start..caret`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Completion {
    pub start: usize,
    /// Sorted, without repeats, never empty.
    pub candidates: Vec<String>,
}

/// What can be completed at `caret` (in chars) of `text`: a field name or keyword when the term
/// there has no colon yet, else the value after the colon (or after the last comma of a list);
/// `None` when nothing fits (numbers, dates, a quoted phrase, a field the grammar lacks).
#[must_use]
pub fn complete(text: &str, caret: usize, vocabulary: &Vocabulary) -> Option<Completion> {
    let chars: Vec<char> = text.chars().collect();
    let caret = caret.min(chars.len());
    let start = term_start(&chars[..caret]);
    let term: String = chars[start..caret].iter().collect();
    if term.starts_with('"') {
        return None;
    }
    let Some(colon) = term.find(':').filter(|&at| !term[..at].contains('"')) else {
        return finish(start, names(&term, vocabulary));
    };
    let field = &term[..colon];
    let list = &term[colon + 1..];
    let value_at = last_value_start(list);
    let value = &list[value_at..];
    let start = start + term[..colon + 1 + value_at].chars().count();
    let (contains, typed) = match value.strip_prefix('~') {
        Some(part) if field.eq_ignore_ascii_case("group") => (true, part),
        _ => (false, value),
    };
    let typed = typed.trim_start_matches('"').to_lowercase();
    let found = values_of(field, vocabulary)?
        .into_iter()
        .filter(|value| !value.contains('"'))
        .filter(|value| {
            let lower = value.to_lowercase();
            if contains {
                lower.contains(&typed)
            } else {
                lower.starts_with(&typed)
            }
        })
        .map(|value| {
            let quoted = quoted(&value);
            if contains { format!("~{quoted}") } else { quoted }
        })
        .collect();
    finish(start, found)
}

fn finish(start: usize, mut candidates: Vec<String>) -> Option<Completion> {
    candidates.sort_by_key(|candidate| candidate.to_lowercase());
    candidates.dedup_by(|a, b| a.eq_ignore_ascii_case(b));
    candidates.truncate(MAX_CANDIDATES);
    (!candidates.is_empty()).then_some(Completion { start, candidates })
}

/// Where the term before the caret starts: after the last space or parenthesis outside quotes,
/// and after a leading `!`.
fn term_start(before: &[char]) -> usize {
    let mut start = 0;
    let mut quoted = false;
    for (at, &c) in before.iter().enumerate() {
        if c == '"' {
            quoted = !quoted;
        } else if !quoted && (c.is_whitespace() || c == '(' || c == ')' || c == '\0') {
            start = at + 1;
        }
    }
    while before.get(start) == Some(&'!') {
        start += 1;
    }
    start
}

/// The byte offset of the value being typed in a `VALUE,VALUE` list (after the last comma
/// outside quotes).
fn last_value_start(list: &str) -> usize {
    let mut start = 0;
    let mut quoted = false;
    for (at, c) in list.char_indices() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => start = at + 1,
            _ => {}
        }
    }
    start
}

/// Field names (with their colon) and keywords starting with `typed`.
fn names(typed: &str, vocabulary: &Vocabulary) -> Vec<String> {
    let typed = typed.to_lowercase();
    let fields = vocabulary
        .fields
        .iter()
        .map(|field| field.name)
        .chain(vocabulary.products.iter().map(String::as_str))
        .map(|name| format!("{name}:"));
    fields
        .chain(KEYWORDS.iter().map(|&keyword| keyword.to_owned()))
        .filter(|name| name.to_lowercase().starts_with(&typed))
        .collect()
}

/// The values `field` takes that can be listed; `None` for a field the grammar lacks.
fn values_of(field: &str, vocabulary: &Vocabulary) -> Option<Vec<String>> {
    let found = vocabulary
        .fields
        .iter()
        .find(|known| known.name.eq_ignore_ascii_case(field));
    let values = match found.map(|field| field.values) {
        Some(Values::Words(words)) => words.iter().map(|&word| word.to_owned()).collect(),
        Some(Values::Groups) => vocabulary.groups.clone(),
        Some(Values::Domains) => vocabulary.domains.clone(),
        Some(Values::Sites) => vocabulary.sites.clone(),
        None if vocabulary
            .products
            .iter()
            .any(|name| name.eq_ignore_ascii_case(field)) =>
        {
            PRODUCT_VALUES.iter().map(|&word| word.to_owned()).collect()
        }
        None => return None,
    };
    Some(values)
}

/// `value` as the grammar reads it back: in double quotes when it holds a space, a comma or a
/// parenthesis (a term would end there).
fn quoted(value: &str) -> String {
    let needs = value.is_empty()
        || value
            .chars()
            .any(|c| c.is_whitespace() || matches!(c, ',' | '(' | ')' | '\0'));
    if needs {
        format!("\"{value}\"")
    } else {
        value.to_owned()
    }
}

#[cfg(test)]
mod tests;
