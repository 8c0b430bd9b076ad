//! The config of warning notices: the template override and the SMTP server (`[smtp]`, at the
//! top level or per profile). Validated by serde into typed values; the password is never here
//! (it lives in the keychain, service `dormant-smtp`). Must not send anything.

use serde::Deserialize;
use std::fmt;
use std::path::PathBuf;

/// How the connection to the SMTP server is secured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SmtpTls {
    /// TLS from the first byte (usually port 465).
    Tls,
    /// Plain connection upgraded with STARTTLS, refused when the server does not offer it (587).
    Starttls,
    /// No encryption: only for a relay on loopback or a trusted network (and tests).
    None,
}

impl fmt::Display for SmtpTls {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            SmtpTls::Tls => "tls",
            SmtpTls::Starttls => "starttls",
            SmtpTls::None => "none",
        })
    }
}

/// An email address as the sender of notices: `name@domain`, or `Name <name@domain>`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(try_from = "String")]
pub struct Sender(String);

impl Sender {
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Sender {
    type Error = String;

    fn try_from(text: String) -> Result<Self, Self::Error> {
        let address = text
            .rsplit_once('<')
            .map_or(text.as_str(), |(_, rest)| rest.trim_end_matches('>'));
        match address.split_once('@') {
            Some((local, domain))
                if !local.trim().is_empty() && (domain.contains('.') || domain == "localhost") =>
            {
                Ok(Self(text))
            }
            _ => Err(format!(
                "`{text}` is not a sender address: write e.g. \"IT <it@example.com>\" or \"it@example.com\""
            )),
        }
    }
}

/// Milliseconds between two notices, at most a minute; servers throttle bursts from one sender.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(try_from = "u64")]
pub struct PaceMillis(u64);

impl PaceMillis {
    pub const DEFAULT: PaceMillis = PaceMillis(200);

    #[must_use]
    pub fn get(self) -> u64 {
        self.0
    }
}

impl Default for PaceMillis {
    fn default() -> Self {
        Self::DEFAULT
    }
}

impl TryFrom<u64> for PaceMillis {
    type Error = String;

    fn try_from(millis: u64) -> Result<Self, Self::Error> {
        if millis <= 60_000 {
            Ok(Self(millis))
        } else {
            Err(format!(
                "{millis} ms between notices is more than a minute: use 0 to 60000"
            ))
        }
    }
}

/// An `[smtp]` table: where notices go out. The login user defaults to the sender's address.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SmtpSettings {
    pub host: String,
    pub port: u16,
    pub tls: SmtpTls,
    pub sender: Sender,
    /// The SMTP login; `None`: send without authenticating (a relay that trusts this host).
    #[serde(default)]
    pub username: Option<String>,
    #[serde(default)]
    pub pace_ms: PaceMillis,
}

/// What a profile's notices need: the template to render (`None`: the shipped one) and where to
/// send them (`None`: notices are only written to the CSV).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NoticeSettings {
    pub template: Option<PathBuf>,
    pub smtp: Option<SmtpSettings>,
}
