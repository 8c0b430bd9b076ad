//! `Column`: the flat, text-cell view of a [`Report`] shared by the table and CSV formats. Owns
//! column order, headers and cell wording; must not escape, sanitize or lay out.
//!
//! A new column is a variant here plus a field on `ReportRow`.

use super::row::{LastSeen, ReportRow};
use crate::directory::{ManagementSource, PlatformRole, ProductKey};
use chrono::{DateTime, Datelike, SecondsFormat, Timelike, Utc};
use std::borrow::Cow;

/// Spelling of values without a date or number. Shared so every format says the same words.
pub(super) const NEVER: &str = "never";
pub(super) const UNKNOWN: &str = "unknown";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Column {
    AccountId,
    Name,
    Email,
    /// The lane's short name, as `--filter lane:NAME` spells it.
    Lane,
    ClaimStatus,
    ManagementSource,
    Status,
    Roles,
    /// Last active on the product at this index of `Report::products`.
    Product(usize),
    LastActive,
    Activity,
    /// The idle sort's number; the never active count from the day they were added.
    DaysIdle,
    AddedToOrg,
    Groups,
    /// Every reason for the lane, joined by the style's reason separator.
    Reasons,
}

/// How a format spells dates, lists and absent values.
pub(super) struct CellStyle {
    pub date: fn(DateTime<Utc>) -> String,
    pub list_separator: &'static str,
    /// Between two reasons (sentences, which may themselves hold commas).
    pub reason_separator: &'static str,
    /// Drop the `atlassian/` prefix every known role has, where space is short.
    pub short_roles: bool,
    /// An optional value that is absent (no email, no management source).
    pub absent: &'static str,
    /// A product the account has no access to.
    pub no_access: &'static str,
    /// Days idle in words (`never · 412`, `unknown`) for people; otherwise the number or absent.
    pub idle_words: bool,
}

/// Every column, in report order: the lane right after who the user is, product columns between
/// roles and the org-wide values, and the reasons, the longest text, last.
pub(super) fn all_columns(products: &[&ProductKey]) -> Vec<Column> {
    let mut columns = vec![
        Column::AccountId,
        Column::Name,
        Column::Email,
        Column::Lane,
        Column::ClaimStatus,
        Column::ManagementSource,
        Column::Status,
        Column::Roles,
    ];
    columns.extend((0..products.len()).map(Column::Product));
    columns.extend([
        Column::LastActive,
        Column::Activity,
        Column::DaysIdle,
        Column::AddedToOrg,
        Column::Groups,
        Column::Reasons,
    ]);
    columns
}

impl Column {
    /// Machine header (CSV), `snake_case`; products as `last_active_<key>`.
    pub(super) fn key(self, products: &[&ProductKey]) -> Cow<'static, str> {
        Cow::Borrowed(match self {
            Self::AccountId => "account_id",
            Self::Name => "name",
            Self::Email => "email",
            Self::Lane => "lane",
            Self::ClaimStatus => "claim_status",
            Self::ManagementSource => "management_source",
            Self::Status => "status",
            Self::Roles => "roles",
            Self::Product(index) => {
                return Cow::Owned(format!("last_active_{}", products[index].as_str()));
            }
            Self::LastActive => "last_active",
            Self::Activity => "activity",
            Self::DaysIdle => "days_idle",
            Self::AddedToOrg => "added_to_org",
            Self::Groups => "groups",
            Self::Reasons => "reasons",
        })
    }

    /// Human header (table), short enough not to widen narrow columns.
    pub(super) fn title(self, products: &[&ProductKey]) -> String {
        match self {
            Self::AccountId => "ACCOUNT ID".to_owned(),
            Self::Name => "NAME".to_owned(),
            Self::Email => "EMAIL".to_owned(),
            Self::Lane => "LANE".to_owned(),
            Self::ClaimStatus => "CLAIM".to_owned(),
            Self::ManagementSource => "SOURCE".to_owned(),
            Self::Status => "STATUS".to_owned(),
            Self::Roles => "ROLES".to_owned(),
            Self::Product(index) => products[index].as_str().to_uppercase(),
            Self::LastActive => "LAST ACTIVE".to_owned(),
            Self::Activity => "ACTIVITY".to_owned(),
            Self::DaysIdle => "IDLE DAYS".to_owned(),
            Self::AddedToOrg => "ADDED".to_owned(),
            Self::Groups => "GROUPS".to_owned(),
            Self::Reasons => "REASONS".to_owned(),
        }
    }

    /// The cell of `row` in this column, unescaped.
    pub(super) fn text<'r>(self, row: &ReportRow<'r>, style: &CellStyle) -> Cow<'r, str> {
        match self {
            Self::AccountId => Cow::Borrowed(row.account_id.as_str()),
            Self::Name => Cow::Borrowed(row.name),
            Self::Email => Cow::Borrowed(row.email.unwrap_or(style.absent)),
            Self::Lane => Cow::Borrowed(row.lane.query_name()),
            Self::ClaimStatus => Cow::Borrowed(row.claim_status.as_str()),
            Self::ManagementSource => Cow::Borrowed(
                row.management_source
                    .map_or(style.absent, ManagementSource::as_str),
            ),
            Self::Status => Cow::Borrowed(row.status.as_str()),
            Self::Roles => Cow::Owned(
                row.roles
                    .iter()
                    .map(|role| role_text(role, style))
                    .collect::<Vec<_>>()
                    .join(style.list_separator),
            ),
            Self::Product(index) => match row.products.get(index).copied().flatten() {
                Some(seen) => last_seen_text(seen, style),
                None => Cow::Borrowed(style.no_access),
            },
            Self::LastActive => last_seen_text(row.last_active, style),
            Self::Activity => Cow::Borrowed(row.last_active.kind()),
            Self::DaysIdle if style.idle_words => Cow::Owned(row.idle.label(UNKNOWN)),
            Self::DaysIdle => row
                .idle
                .days()
                .map_or(Cow::Borrowed(style.absent), |days| Cow::Owned(days.to_string())),
            Self::AddedToOrg => row
                .added_to_org
                .map_or(Cow::Borrowed(style.absent), |at| Cow::Owned((style.date)(at))),
            Self::Groups => Cow::Owned(row.groups.join(style.list_separator)),
            Self::Reasons => Cow::Owned(row.reasons.join(style.reason_separator)),
        }
    }
}

fn role_text<'r>(role: &'r PlatformRole, style: &CellStyle) -> &'r str {
    let text = role.as_str();
    if style.short_roles {
        text.strip_prefix("atlassian/").unwrap_or(text)
    } else {
        text
    }
}

fn last_seen_text<'r>(seen: LastSeen, style: &CellStyle) -> Cow<'r, str> {
    match seen {
        LastSeen::At(time) => Cow::Owned((style.date)(time)),
        LastSeen::Never => Cow::Borrowed(NEVER),
        LastSeen::Unknown => Cow::Borrowed(UNKNOWN),
    }
}

/// ISO-8601 / RFC 3339 in UTC with whole seconds, as in the CSV and JSON formats.
pub(super) fn iso_timestamp(time: DateTime<Utc>) -> String {
    // Written out by hand: chrono's general formatter dominated rendering 100,000 users.
    if (0..=9999).contains(&time.year()) {
        format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
            time.year(),
            time.month(),
            time.day(),
            time.hour(),
            time.minute(),
            time.second()
        )
    } else {
        time.to_rfc3339_opts(SecondsFormat::Secs, true)
    }
}

/// The calendar day in UTC (`2026-03-09`), as the table shows dates.
pub(super) fn iso_day(time: DateTime<Utc>) -> String {
    if (0..=9999).contains(&time.year()) {
        format!("{:04}-{:02}-{:02}", time.year(), time.month(), time.day())
    } else {
        time.format("%Y-%m-%d").to_string()
    }
}
