//! What one cell of an "Export users" CSV means: dates in the spellings exports use, the words
//! for "never used" and "invited", statuses and org roles. Pure; must not know column positions.

use crate::directory::{AccountStatus, MembershipStatus, PlatformRole, UserStatus};
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};

/// Words an activity cell uses for an account with access that never used the product, or that
/// was invited and has not accepted yet (normalised to lower case).
const NEVER: [&str; 8] = [
    "never accessed",
    "never",
    "never logged in",
    "never seen",
    "never active",
    "invite pending",
    "invited",
    "pending invite",
];
/// Words that say the export itself does not know.
const UNKNOWN: [&str; 4] = ["unknown", "n/a", "not available", "-"];
/// Date layouts seen in exports: "14 Dec 2025" (the admin console's), ISO dates, and spelled-out
/// months. Day/month numerals ("03/04/2025") are ambiguous and deliberately not accepted.
const DATE_LAYOUTS: [&str; 5] = ["%d %b %Y", "%d %B %Y", "%Y-%m-%d", "%b %d, %Y", "%B %d, %Y"];
const DATE_TIME_LAYOUTS: [&str; 4] = [
    "%d %b %Y %H:%M:%S",
    "%d %b %Y %H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S",
];

/// One activity cell read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Seen {
    /// An empty cell: no access, or unknown activity when the access column grants the product.
    Blank,
    /// Access, never used (or the invitation is pending).
    Never,
    /// Last used at this time.
    At(DateTime<Utc>),
    /// The export says it does not know.
    Unknown,
}

/// An activity cell; `Err` holds the text that is neither a date nor a known word.
pub(super) fn seen(cell: &str) -> Result<Seen, String> {
    let lower = cell.trim().to_lowercase();
    if lower.is_empty() {
        return Ok(Seen::Blank);
    }
    if NEVER.contains(&lower.as_str()) {
        return Ok(Seen::Never);
    }
    if UNKNOWN.contains(&lower.as_str()) {
        return Ok(Seen::Unknown);
    }
    date(cell).map(Seen::At)
}

/// A date or date-time cell; times without a zone are taken as UTC, dates as midnight UTC.
pub(super) fn date(cell: &str) -> Result<DateTime<Utc>, String> {
    let text = cell.trim();
    if let Ok(stamp) = DateTime::parse_from_rfc3339(text) {
        return Ok(stamp.with_timezone(&Utc));
    }
    for layout in DATE_TIME_LAYOUTS {
        if let Ok(stamp) = NaiveDateTime::parse_from_str(text, layout) {
            return Ok(stamp.and_utc());
        }
    }
    for layout in DATE_LAYOUTS {
        if let Ok(day) = NaiveDate::parse_from_str(text, layout) {
            return Ok(day.and_time(chrono::NaiveTime::MIN).and_utc());
        }
    }
    Err(text.to_owned())
}

/// The three statuses dormant keeps, from the export's one "User status" word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Statuses {
    pub status: UserStatus,
    pub account: AccountStatus,
    pub membership: MembershipStatus,
}

/// A status word; one dormant does not know is kept verbatim (the user then needs review).
pub(super) fn status(cell: &str) -> Statuses {
    let lower = cell.trim().to_lowercase();
    let (status, account, membership) = match lower.as_str() {
        "active" => (
            UserStatus::Active,
            AccountStatus::Active,
            MembershipStatus::Active,
        ),
        "suspended" | "suspended access" => (
            UserStatus::Suspended,
            AccountStatus::Active,
            MembershipStatus::Suspended,
        ),
        "deactivated" | "inactive" => (
            UserStatus::Deactivated,
            AccountStatus::Inactive,
            MembershipStatus::Active,
        ),
        "closed" => (
            UserStatus::Deactivated,
            AccountStatus::Closed,
            MembershipStatus::Active,
        ),
        _ => (
            UserStatus::Other(lower),
            AccountStatus::Active,
            MembershipStatus::Active,
        ),
    };
    Statuses {
        status,
        account,
        membership,
    }
}

/// The platform roles an "Org role" cell grants; an unknown role is kept (it may be an admin's).
pub(super) fn org_roles(cell: &str) -> Vec<PlatformRole> {
    let lower = cell.trim().to_lowercase();
    match lower.as_str() {
        "" | "basic" | "member" | "user" | "none" => Vec::new(),
        "organization admin" | "org admin" | "organisation admin" => vec![PlatformRole::OrgAdmin],
        "site admin" => vec![PlatformRole::SiteAdmin],
        "user access admin" => vec![PlatformRole::UserAccessAdmin],
        _ => vec![PlatformRole::Other(lower)],
    }
}

/// Whether an access column ("Jira - acme") grants the product: a role name does, an empty cell
/// or an explicit no does not.
pub(super) fn has_access(cell: &str) -> bool {
    let lower = cell.trim().to_lowercase();
    !matches!(lower.as_str(), "" | "no" | "none" | "false" | "no access")
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn day(y: i32, m: u32, d: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, 0, 0, 0).single().expect("valid")
    }

    #[test]
    fn every_date_spelling_reads_as_utc() {
        for text in [
            "14 Dec 2025",
            "14 December 2025",
            "2025-12-14",
            "Dec 14, 2025",
            "December 14, 2025",
            " 14 Dec 2025 ",
        ] {
            assert_eq!(date(text), Ok(day(2025, 12, 14)), "{text}");
        }
        let noon = Utc
            .with_ymd_and_hms(2025, 12, 14, 12, 30, 0)
            .single()
            .expect("valid");
        for text in [
            "14 Dec 2025 12:30:00",
            "14 Dec 2025 12:30",
            "2025-12-14 12:30:00",
            "2025-12-14T12:30:00",
            "2025-12-14T14:30:00+02:00",
        ] {
            assert_eq!(date(text), Ok(noon), "{text}");
        }
        assert_eq!(date("03/04/2025"), Err("03/04/2025".to_owned()));
        assert_eq!(date("31 Feb 2025"), Err("31 Feb 2025".to_owned()));
    }

    #[test]
    fn never_unknown_blank_and_garbage_stay_apart() {
        for text in [
            "Never accessed",
            "NEVER",
            "Never logged in",
            "Invite pending",
            "invited",
        ] {
            assert_eq!(seen(text), Ok(Seen::Never), "{text}");
        }
        for text in ["Unknown", "N/A", "-"] {
            assert_eq!(seen(text), Ok(Seen::Unknown), "{text}");
        }
        assert_eq!(seen("  "), Ok(Seen::Blank));
        assert_eq!(seen("1 Jan 2026"), Ok(Seen::At(day(2026, 1, 1))));
        assert_eq!(seen("yesterday"), Err("yesterday".to_owned()));
    }

    #[test]
    fn statuses_map_and_unknown_words_are_kept() {
        assert_eq!(status("Active").status, UserStatus::Active);
        let suspended = status("Suspended");
        assert_eq!(suspended.status, UserStatus::Suspended);
        assert_eq!(suspended.membership, MembershipStatus::Suspended);
        let gone = status("Deactivated");
        assert_eq!(
            (gone.status, gone.account),
            (UserStatus::Deactivated, AccountStatus::Inactive)
        );
        assert_eq!(status("inactive").status, UserStatus::Deactivated);
        assert_eq!(
            status("Invite Pending").status,
            UserStatus::Other("invite pending".to_owned())
        );
    }

    #[test]
    fn org_roles_and_access_cells() {
        assert!(org_roles("Basic").is_empty());
        assert_eq!(org_roles("Organization admin"), vec![PlatformRole::OrgAdmin]);
        assert_eq!(
            org_roles("Billing admin"),
            vec![PlatformRole::Other("billing admin".to_owned())]
        );
        assert!(has_access("User") && has_access("Admin"));
        assert!(!has_access("") && !has_access("No") && !has_access("None"));
    }
}
