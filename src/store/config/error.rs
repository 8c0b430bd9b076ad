//! `ConfigError`: a config that cannot be used, said the way an admin can act on it: the file,
//! the line, the dotted key, the bad value and the fix. Owns the wording; must not parse.

use crate::directory::escape_controls;
use crate::store::FileError;
use std::fmt;
use std::ops::Range;
use std::path::PathBuf;

/// The longest value quoted back in a message; longer ones are cut with `…`.
const MAX_QUOTED: usize = 60;

/// Why the configuration could not be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("could not read the configuration: {0}")]
    Read(#[source] FileError),
    #[error(transparent)]
    Invalid(Box<InvalidConfig>),
    #[error(
        "profile {name:?} is not in {}{}; add a [profiles.{name}] table there, or run `dormant login \
         --profile {name}`",
        file.display(),
        known_profiles(known)
    )]
    UnknownProfile {
        file: PathBuf,
        name: String,
        known: Vec<String>,
    },
    #[error(
        "view {name:?} is neither built in nor in {}; the views are: {}; add a [views.{name}] table \
         with `filter = \"...\"` (and `sort = \"...\"`) there, or use --filter and --sort",
        file.display(),
        known.join(", ")
    )]
    UnknownView {
        file: PathBuf,
        name: String,
        known: Vec<String>,
    },
    #[error(
        "could not add profile {name} to {}: {reason}; add this to the file by hand:\n\n{snippet}",
        file.display()
    )]
    Edit {
        file: PathBuf,
        name: String,
        reason: String,
        snippet: String,
    },
    #[error("could not save the configuration: {0}")]
    Write(#[source] FileError),
}

/// One invalid spot in a config file, located for the admin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidConfig {
    pub file: PathBuf,
    /// 1-based; `None` when the parser gave no position.
    pub line_column: Option<(usize, usize)>,
    /// Dotted path such as `profiles.acme.thresholds.idle_days`; empty for syntax errors.
    pub key: String,
    /// The text at the error position, quoted back (cut at 60 characters).
    pub value: Option<String>,
    pub message: String,
    pub fix: Option<&'static str>,
}

impl std::error::Error for InvalidConfig {}

impl fmt::Display for InvalidConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid configuration in {}", self.file.display())?;
        if let Some((line, column)) = self.line_column {
            write!(f, " (line {line}, column {column})")?;
        }
        let key = if self.key.is_empty() {
            "(TOML syntax)"
        } else {
            &self.key
        };
        write!(f, "\n  key:   {key}")?;
        if let Some(value) = &self.value {
            write!(f, "\n  value: {value}")?;
        }
        write!(f, "\n  error: {}", self.message)?;
        if let Some(fix) = self.fix {
            write!(f, "\n  fix:   {fix}")?;
        }
        Ok(())
    }
}

impl InvalidConfig {
    /// Builds the located error from what the TOML deserializer and `serde_path_to_error` said.
    pub(super) fn from_toml(file: PathBuf, text: &str, path: &str, error: &toml::de::Error) -> Self {
        let message = error.message().trim().to_owned();
        let span = error.span();
        let mut key = if path == "." {
            String::new()
        } else {
            path.to_owned()
        };
        // serde reports an unknown key at the table holding it; name the key itself.
        if let Some(unknown) = quoted_after(&message, "unknown field `")
            && !(key == unknown || key.ends_with(&format!(".{unknown}")))
        {
            key = if key.is_empty() {
                unknown.to_owned()
            } else {
                format!("{key}.{unknown}")
            };
        }
        // Key names, values and messages quote the file, which may hold any character:
        // escaped, so a config cannot put a terminal escape sequence into dormant's output.
        Self {
            line_column: span.as_ref().map(|span| line_column(text, span.start)),
            value: span
                .and_then(|span| quote(text, span))
                .map(|value| escape_controls(&value).into_owned()),
            fix: fix_for(&message),
            file,
            key: escape_controls(&key).into_owned(),
            message: escape_controls(&message).into_owned(),
        }
    }
}

/// The fix for serde's and the TOML parser's generic messages; dormant's own value checks
/// already say how to fix in their message, so they get none.
fn fix_for(message: &str) -> Option<&'static str> {
    if message.starts_with("unknown field") {
        Some("remove the key or correct its spelling; the keys allowed here are listed above")
    } else if message.starts_with("invalid type") {
        Some(
            "write a value of the expected type: text in \"quotes\", numbers and true/false bare, lists in [ ]",
        )
    } else if message.starts_with("missing field") {
        Some("add the missing key to this table")
    } else if message.contains("duplicate key") {
        Some("keep only one of the two entries")
    } else if message.starts_with("invalid value") {
        Some("write a value from the range named above")
    } else if !message.contains(':') {
        Some("correct the TOML syntax at this position (see https://toml.io)")
    } else {
        None
    }
}

fn quoted_after<'a>(message: &'a str, prefix: &str) -> Option<&'a str> {
    let rest = message.strip_prefix(prefix)?;
    rest.split('`').next()
}

fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |index| index + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

fn quote(text: &str, span: Range<usize>) -> Option<String> {
    let value = text.get(span)?.trim();
    let first_line = value.lines().next().unwrap_or_default();
    if first_line.is_empty() {
        return None;
    }
    let mut quoted = first_line.chars().take(MAX_QUOTED).collect::<String>();
    if first_line.chars().count() > MAX_QUOTED || value.contains('\n') {
        quoted.push('…');
    }
    Some(quoted)
}

fn known_profiles(known: &[String]) -> String {
    if known.is_empty() {
        " (it defines no profiles)".to_owned()
    } else {
        format!(" (profiles there: {})", known.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_bytes_in_a_bad_value_are_shown_escaped() {
        let text = "[profiles.acme]\nbase_url = \"ftp://\u{1b}]0;PWNED\u{7}x\u{202e}\"\n";
        let error = toml::from_str::<toml::Table>(text).unwrap_err();
        let shown = InvalidConfig::from_toml(PathBuf::from("c.toml"), text, ".", &error).to_string();
        assert!(
            !shown.chars().any(|ch| ch.is_control() && ch != '\n'),
            "{shown:?}"
        );
        assert!(!shown.contains('\u{202e}'), "{shown:?}");
        assert!(shown.contains("\\u{1b}"), "{shown}");
    }
}
