//! The snapshot file format: a small header (`format`, `version`, `org_id`, `saved_at`) followed
//! by the directory (in the compact layout of `compact`), in one JSON object. Owns encoding and validation; must not touch files.
//!
//! The header comes first in the object and is checked before the directory is decoded, so a
//! snapshot from another format version or another org is rejected without parsing (or
//! misparsing) a directory whose shape this version does not know.

use super::compact::{CompactDirectory, CompactDirectorySeed};
use crate::directory::Directory;
use chrono::{DateTime, Utc};
use serde::Serialize;
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, Visitor};
use std::borrow::Cow;
use std::fmt;

/// Identifies a dormant snapshot among other JSON files.
pub(super) const FORMAT: &str = "dormant-directory-snapshot";
/// Bumped whenever the shape of the stored directory changes incompatibly.
pub(super) const VERSION: u32 = 1;

/// What the start of a snapshot file says about it, readable without decoding the directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SnapshotHeader {
    pub org_id: String,
    pub version: u32,
    pub saved_at: DateTime<Utc>,
}

/// The on-disk layout when writing; field order is the order in the file.
#[derive(Serialize)]
pub(super) struct EnvelopeOut<'a> {
    pub format: &'static str,
    pub version: u32,
    pub org_id: &'a str,
    pub saved_at: DateTime<Utc>,
    pub directory: CompactDirectory<'a>,
}

/// Why a file was not accepted as a snapshot; becomes a one-line warning.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Rejection {
    NotASnapshot,
    OtherVersion(u32),
    OtherOrg(String),
    /// The header names one org and the directory another: written by something else, or edited.
    Inconsistent,
    MissingHeader,
}

impl fmt::Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotASnapshot => f.write_str("it is not a dormant directory snapshot"),
            Self::OtherVersion(version) => write!(
                f,
                "it was written by another version of dormant (snapshot format {version}, this \
                 version reads {VERSION})"
            ),
            Self::OtherOrg(org_id) => write!(f, "it belongs to another org ({})", escape_controls(org_id)),
            Self::Inconsistent => f.write_str("its header and its directory name different orgs"),
            Self::MissingHeader => f.write_str("its header is incomplete"),
        }
    }
}

/// The result of decoding: a rejection wins over the parser error it provokes.
pub(super) enum Decoded {
    Snapshot(SnapshotHeader, Box<Directory>),
    HeaderOnly(SnapshotHeader),
    Rejected(Rejection),
}

/// Decodes the file's header, and the directory unless `header_only`. `expected_org` rejects a
/// snapshot of another org before its directory is parsed.
pub(super) fn decode<'de, D>(
    deserializer: D,
    expected_org: Option<&str>,
    header_only: bool,
) -> Result<Decoded, D::Error>
where
    D: Deserializer<'de>,
{
    let mut rejection = None;
    let mut header = None;
    let visitor = EnvelopeVisitor {
        expected_org,
        header_only,
        rejection: &mut rejection,
        header: &mut header,
    };
    let outcome = deserializer.deserialize_map(visitor);
    if let Some(rejection) = rejection {
        return Ok(Decoded::Rejected(rejection));
    }
    match (outcome, header) {
        // Stopping early on purpose makes the parser complain about the rest; the header is what was wanted.
        (_, Some(header)) if header_only => Ok(Decoded::HeaderOnly(header)),
        (Ok(Some((header, directory))), _) => Ok(Decoded::Snapshot(header, Box::new(directory))),
        (Ok(None), _) => Ok(Decoded::Rejected(Rejection::MissingHeader)),
        (Err(error), _) => Err(error),
    }
}

/// Escapes control and bidi characters so text from a file cannot disturb the terminal showing a warning.
pub(super) fn escape_controls(text: &str) -> Cow<'_, str> {
    let hostile = |c: char| {
        c.is_control()
            || matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    };
    if !text.chars().any(hostile) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| {
                if hostile(c) {
                    c.escape_unicode().to_string()
                } else {
                    c.to_string()
                }
            })
            .collect(),
    )
}

struct EnvelopeVisitor<'a> {
    expected_org: Option<&'a str>,
    header_only: bool,
    rejection: &'a mut Option<Rejection>,
    header: &'a mut Option<SnapshotHeader>,
}

impl EnvelopeVisitor<'_> {
    fn reject<E: de::Error>(&mut self, rejection: Rejection) -> E {
        *self.rejection = Some(rejection);
        E::custom("snapshot rejected")
    }
}

impl<'de> Visitor<'de> for EnvelopeVisitor<'_> {
    type Value = Option<(SnapshotHeader, Directory)>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a dormant directory snapshot object")
    }

    fn visit_map<A: MapAccess<'de>>(mut self, mut map: A) -> Result<Self::Value, A::Error> {
        let (mut format, mut version, mut org_id, mut saved_at) =
            (None::<String>, None, None::<String>, None);
        while let Some(key) = map.next_key::<Cow<'de, str>>()? {
            match key.as_ref() {
                "format" => format = Some(map.next_value()?),
                "version" => version = Some(map.next_value::<u32>()?),
                "org_id" => org_id = Some(map.next_value()?),
                "saved_at" => saved_at = Some(map.next_value::<DateTime<Utc>>()?),
                "directory" => {
                    if format.as_deref() != Some(FORMAT) {
                        return Err(self.reject(Rejection::NotASnapshot));
                    }
                    let (Some(version), Some(org_id), Some(saved_at)) = (version, org_id.take(), saved_at)
                    else {
                        return Err(self.reject(Rejection::MissingHeader));
                    };
                    if version != VERSION {
                        return Err(self.reject(Rejection::OtherVersion(version)));
                    }
                    if self.expected_org.is_some_and(|expected| expected != org_id) {
                        return Err(self.reject(Rejection::OtherOrg(org_id)));
                    }
                    let header = SnapshotHeader {
                        org_id,
                        version,
                        saved_at,
                    };
                    if self.header_only {
                        *self.header = Some(header);
                        return Err(de::Error::custom("header read"));
                    }
                    let directory = map.next_value_seed(CompactDirectorySeed)?;
                    if directory.org.id != header.org_id {
                        return Err(self.reject(Rejection::Inconsistent));
                    }
                    while map.next_key::<IgnoredAny>()?.is_some() {
                        map.next_value::<IgnoredAny>()?;
                    }
                    return Ok(Some((header, directory)));
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        if format.is_some_and(|format| format != FORMAT) {
            return Err(self.reject(Rejection::NotASnapshot));
        }
        Ok(None)
    }
}
