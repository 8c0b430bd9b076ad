//! Notices: the warning template (shipped, or a file named in the config) rendered per record,
//! and the notices CSV. Pure text work over records; the caller reads the template file and
//! opens the output. Must not send mail.

use super::record::WarningRecord;
use crate::report::defuse_formula;
use std::io;

/// The template shipped in `assets/`; `warning_template = "PATH"` in the config replaces it.
pub const DEFAULT_TEMPLATE: &str = include_str!("../../assets/warning-template.txt");
/// Every placeholder a template may use (`{{` and `}}` write literal braces).
pub const PLACEHOLDERS: [&str; 7] = [
    "name",
    "email",
    "idle_days",
    "products",
    "deadline",
    "grace",
    "org",
];
/// The subject when the template has no `Subject:` first line.
const DEFAULT_SUBJECT: &str = "Your {org} Atlassian access will be suspended on {deadline}";

/// A template that does not render, with where and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TemplateError {
    #[error(
        "unknown placeholder {{{name}}} on line {line} of the warning template: use one of {}",
        PLACEHOLDERS.map(|known| format!("{{{known}}}")).join(", ")
    )]
    UnknownPlaceholder { name: String, line: usize },
    #[error("unclosed `{{` on line {line} of the warning template: close it, or write `{{{{` for a brace")]
    Unclosed { line: usize },
    #[error("the warning template has no message text after its Subject line")]
    Empty,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece {
    Text(String),
    Field(&'static str),
}

/// A checked template: a subject and a body, each a list of text and placeholders.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    subject: Vec<Piece>,
    body: Vec<Piece>,
}

/// One rendered notice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub subject: String,
    pub body: String,
}

impl Template {
    /// Checks every placeholder; an optional first line `Subject: ...` gives the mail subject.
    pub fn parse(text: &str) -> Result<Self, TemplateError> {
        let (subject, body, body_line) = match text.split_once('\n') {
            Some((first, rest)) if first.starts_with("Subject:") => {
                let subject = first.trim_start_matches("Subject:").trim();
                let body = rest.trim_start_matches(['\r', '\n']);
                let skipped = rest[..rest.len() - body.len()].matches('\n').count();
                (subject, body, 2 + skipped)
            }
            _ => (DEFAULT_SUBJECT, text, 1),
        };
        let body = body.trim_end();
        if body.trim().is_empty() {
            return Err(TemplateError::Empty);
        }
        Ok(Self {
            subject: pieces(subject, 1)?,
            body: pieces(body, body_line)?,
        })
    }

    /// The notice for one record; `org` names the organization the way its users know it.
    #[must_use]
    pub fn render(&self, record: &WarningRecord, org: &str) -> Notice {
        Notice {
            subject: fill(&self.subject, record, org).replace(['\r', '\n'], " "),
            body: fill(&self.body, record, org) + "\n",
        }
    }
}

fn pieces(text: &str, first_line: usize) -> Result<Vec<Piece>, TemplateError> {
    let mut out = Vec::new();
    let mut literal = String::new();
    let mut chars = text.chars().peekable();
    let mut line = first_line;
    while let Some(c) = chars.next() {
        match c {
            '{' if chars.peek() == Some(&'{') => {
                chars.next();
                literal.push('{');
            }
            '}' if chars.peek() == Some(&'}') => {
                chars.next();
                literal.push('}');
            }
            '{' => {
                let mut name = String::new();
                loop {
                    match chars.next() {
                        Some('}') => break,
                        Some('\n') | None => return Err(TemplateError::Unclosed { line }),
                        Some(c) => name.push(c),
                    }
                }
                let known = PLACEHOLDERS
                    .iter()
                    .find(|known| **known == name.trim())
                    .ok_or(TemplateError::UnknownPlaceholder { name, line })?;
                out.push(Piece::Text(std::mem::take(&mut literal)));
                out.push(Piece::Field(known));
            }
            '\n' => {
                line += 1;
                literal.push(c);
            }
            c => literal.push(c),
        }
    }
    out.push(Piece::Text(literal));
    Ok(out)
}

fn fill(pieces: &[Piece], record: &WarningRecord, org: &str) -> String {
    let mut out = String::new();
    for piece in pieces {
        match piece {
            Piece::Text(text) => out.push_str(text),
            Piece::Field(name) => out.push_str(&field(name, record, org)),
        }
    }
    out
}

fn field(name: &str, record: &WarningRecord, org: &str) -> String {
    match name {
        "name" => record.name.clone(),
        "email" => record.email.clone().unwrap_or_default(),
        "idle_days" => record
            .idle_days
            .map_or_else(|| "an unknown number of".to_owned(), |days| days.to_string()),
        "products" => products(record),
        "deadline" => record.deadline.format("%Y-%m-%d").to_string(),
        "grace" => record.grace.get().to_string(),
        _ => org.to_owned(),
    }
}

/// `Jira and Confluence`, `Jira, Confluence and Loom`, or `your Atlassian products`.
fn products(record: &WarningRecord) -> String {
    match record.products.as_slice() {
        [] => "your Atlassian products".to_owned(),
        [only] => only.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// The notices CSV: `name,email,idle_days,products,deadline,message`, one row per record, every
/// value defused for spreadsheets. Returns the number of rows.
pub fn write_csv(
    records: &[WarningRecord],
    template: &Template,
    org: &str,
    out: impl io::Write,
) -> io::Result<usize> {
    let mut writer = csv::Writer::from_writer(out);
    let header = ["name", "email", "idle_days", "products", "deadline", "message"];
    writer.write_record(header).map_err(io::Error::other)?;
    for record in records {
        let notice = template.render(record, org);
        let idle = record.idle_days.map(|days| days.to_string()).unwrap_or_default();
        let row = [
            record.name.as_str(),
            record.email.as_deref().unwrap_or_default(),
            idle.as_str(),
            &record.products.join("; "),
            &record.deadline.format("%Y-%m-%d").to_string(),
            notice.body.as_str(),
        ];
        writer
            .write_record(row.iter().map(|value| defuse_formula(value).into_owned()))
            .map_err(io::Error::other)?;
    }
    writer.flush()?;
    Ok(records.len())
}
