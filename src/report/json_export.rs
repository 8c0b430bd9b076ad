//! The `json` format: one array of objects with the same keys for every user, one object per
//! line. Owns the JSON shape; dates are ISO-8601 (UTC), never/unknown are `null` plus an
//! `activity` word, so no consumer mistakes "no data" for "never active".
//!
//! Strings stay lossless but terminal-safe: besides the control characters JSON always escapes,
//! DEL, C1 controls and the invisible/bidi characters of [`super::sanitize`] are written as
//! `\uXXXX`, so `dormant report --format json` printed straight to a terminal cannot drive it.

use super::column::iso_timestamp;
use super::row::{LastSeen, Report, ReportRow};
use super::sanitize::is_invisible_format;
use crate::directory::{ManagementSource, PlatformRole, ProductKey};
use serde::Serialize;
use serde_json::ser::Formatter;
use std::io::{self, Write};

/// Per-product `activity` of an account without access to the product.
const NO_ACCESS: &str = "no_access";

#[derive(Serialize)]
struct JsonRow<'a> {
    account_id: &'a str,
    name: &'a str,
    email: Option<&'a str>,
    /// The lane's short name, as `--filter lane:NAME` spells it.
    lane: &'static str,
    claim_status: &'a str,
    management_source: Option<&'a str>,
    status: &'a str,
    roles: Vec<&'a str>,
    /// Every product of the org, so keys are the same for every user.
    products: JsonProducts<'a>,
    last_active: Option<String>,
    activity: &'static str,
    /// The idle sort's number (the never active: days since added); `null` when nothing tells.
    days_idle: Option<u64>,
    added_to_org: Option<String>,
    groups: &'a [&'a str],
    /// Every reason for the lane, one sentence each.
    reasons: &'a [String],
}

#[derive(Serialize)]
struct JsonProduct {
    last_active: Option<String>,
    /// `known`, `never`, `unknown`, or `no_access`.
    activity: &'static str,
}

pub(super) fn write(report: &Report<'_>, rows: &[u32], out: &mut dyn Write) -> io::Result<()> {
    if rows.is_empty() {
        return out.write_all(b"[]\n");
    }
    out.write_all(b"[")?;
    for (position, &row) in rows.iter().enumerate() {
        out.write_all(if position == 0 { b"\n" } else { b",\n" })?;
        let row = report.row(row);
        let mut serializer = serde_json::Serializer::with_formatter(&mut *out, TerminalSafeFormatter);
        json_row(report, &row).serialize(&mut serializer)?;
    }
    out.write_all(b"\n]\n")
}

/// The `products` object, keyed by product in the report's (sorted) order, written without an
/// intermediate map.
struct JsonProducts<'a> {
    keys: &'a [&'a ProductKey],
    seen: &'a [Option<LastSeen>],
}

impl Serialize for JsonProducts<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.keys.iter().zip(self.seen).map(|(key, seen)| {
            let product = match seen {
                Some(seen) => JsonProduct {
                    last_active: seen.at().map(iso_timestamp),
                    activity: seen.kind(),
                },
                None => JsonProduct {
                    last_active: None,
                    activity: NO_ACCESS,
                },
            };
            (key.as_str(), product)
        }))
    }
}

fn json_row<'a>(report: &'a Report<'_>, row: &'a ReportRow<'_>) -> JsonRow<'a> {
    let products = JsonProducts {
        keys: &report.products,
        seen: &row.products,
    };
    JsonRow {
        account_id: row.account_id.as_str(),
        name: row.name,
        email: row.email,
        lane: row.lane.query_name(),
        claim_status: row.claim_status.as_str(),
        management_source: row.management_source.map(ManagementSource::as_str),
        status: row.status.as_str(),
        roles: row.roles.iter().map(PlatformRole::as_str).collect(),
        products,
        last_active: row.last_active.at().map(iso_timestamp),
        activity: row.last_active.kind(),
        days_idle: row.idle.days(),
        added_to_org: row.added_to_org.map(iso_timestamp),
        groups: &row.groups,
        reasons: &row.reasons,
    }
}

/// Compact JSON (the trait's defaults) whose strings escape everything a terminal might act on (see the module docs).
struct TerminalSafeFormatter;

impl Formatter for TerminalSafeFormatter {
    fn write_string_fragment<W>(&mut self, writer: &mut W, fragment: &str) -> io::Result<()>
    where
        W: ?Sized + Write,
    {
        // Printable ASCII (controls below 0x20 never reach here; serde_json escapes them).
        if !fragment.bytes().any(|byte| byte >= 0x7f) {
            return writer.write_all(fragment.as_bytes());
        }
        let mut plain_from = 0;
        for (index, c) in fragment.char_indices() {
            if c.is_control() || is_invisible_format(c) || c == '\u{2028}' || c == '\u{2029}' {
                writer.write_all(&fragment.as_bytes()[plain_from..index])?;
                let mut units = [0_u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    write!(writer, "\\u{unit:04x}")?;
                }
                plain_from = index + c.len_utf8();
            }
        }
        writer.write_all(&fragment.as_bytes()[plain_from..])
    }
}
