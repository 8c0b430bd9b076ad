//! How the user population is split into independent searches that together cover everyone:
//! per directory × status group (× claim status × MFA for the big active group, as the org's
//! size warrants), plus the accounts in no directory. Each search is a cursor chain that can be paged from both ends
//! (`nick_name` ascending and descending). Owns no I/O.

use crate::api::assumptions::{SEARCH_MAX_LIMIT, USER_SORT_FIELD};
use crate::api::client::ALL_DIRECTORIES;
use crate::api::model::{ClaimStatus, MembershipStatus, SortBy, UserSearchRequest, UserStatus};
use crate::directory::DirectoryId;

/// Expand values that make one search page carry everything dormant needs per user.
pub const USER_EXPAND: [&str; 3] = ["productAccess", "platformRoles", "groups"];

/// Which end of a partition a chain starts from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Ascending,
    Descending,
}

impl Direction {
    fn wire(self) -> &'static str {
        match self {
            Self::Ascending => "asc",
            Self::Descending => "desc",
        }
    }
}

/// One independent search.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Partition {
    /// The directory searched; `None` means `-` (all directories, and accounts in none).
    pub directory: Option<DirectoryId>,
    pub claim_status: Option<ClaimStatus>,
    pub statuses: Vec<UserStatus>,
    pub membership_statuses: Vec<MembershipStatus>,
    pub mfa_enabled: Option<bool>,
}

impl Partition {
    /// Everyone: the all-directories search without filters (the completeness sweep).
    #[must_use]
    pub fn everyone() -> Self {
        Self::default()
    }

    /// The `directoryId` path segment.
    #[must_use]
    pub fn directory_segment(&self) -> &str {
        self.directory
            .as_ref()
            .map_or(ALL_DIRECTORIES, DirectoryId::as_str)
    }

    /// The body of a page; later pages send the same body plus the cursor.
    #[must_use]
    pub fn request(&self, page_size: u32, direction: Direction, cursor: Option<String>) -> UserSearchRequest {
        UserSearchRequest {
            cursor,
            limit: page_size.clamp(1, SEARCH_MAX_LIMIT),
            expand: USER_EXPAND.iter().map(|value| (*value).to_owned()).collect(),
            account_ids: Vec::new(),
            claim_status: self.claim_status.clone(),
            status: self.statuses.clone(),
            membership_status: self.membership_statuses.clone(),
            mfa_enabled: self.mfa_enabled,
            sort_by: vec![SortBy {
                field: USER_SORT_FIELD.to_owned(),
                direction: direction.wire().to_owned(),
            }],
        }
    }

    /// Short text for stats and logs, e.g. `d1/managed/active/mfa`.
    #[must_use]
    pub fn label(&self) -> String {
        let mut parts = vec![self.directory_segment().to_owned()];
        parts.extend(self.claim_status.as_ref().map(|claim| claim.as_str().to_owned()));
        if !self.statuses.is_empty() {
            parts.push(
                self.statuses
                    .iter()
                    .map(UserStatus::as_str)
                    .collect::<Vec<_>>()
                    .join("+"),
            );
        }
        if !self.membership_statuses.is_empty() {
            let names: Vec<&str> = self
                .membership_statuses
                .iter()
                .map(MembershipStatus::as_str)
                .collect();
            parts.push(format!("membership={}", names.join("+")));
        }
        parts.extend(
            self.mfa_enabled
                .map(|mfa| if mfa { "mfa" } else { "no-mfa" }.to_owned()),
        );
        if parts.len() == 1 {
            parts.push("everyone".to_owned());
        }
        parts.join("/")
    }
}

/// Pages a partition should average before the org is split finer. Each partition costs about
/// one page beyond its users (its part-filled last page, and the overlap where its two ends
/// meet), so 16 keeps that near 6% while a big org still pages many chains at once.
pub const MIN_PAGES_PER_PARTITION: u64 = 16;

/// How finely each directory's users are split.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Split {
    /// Active and the other statuses.
    Status,
    /// Status group × claim status.
    Claim,
    /// As `Claim`, and the big active group × MFA.
    ClaimAndMfa,
}

impl Split {
    /// Partitions this split makes for `directories` directories (the no-membership one included).
    fn partitions(self, directories: u64) -> u64 {
        let per_directory = match self {
            Split::Status => 2,
            Split::Claim => 4,
            Split::ClaimAndMfa => 6,
        };
        per_directory * directories + 1
    }
}

/// Partitions covering every user whose status (and, when split that finely, claim status and
/// MFA flag) dormant knows, in every listed directory, plus everyone with no membership
/// (accounts outside all directories). The split is the finest whose partitions average
/// `MIN_PAGES_PER_PARTITION` of the `expected_pages` the org needs, the coarsest for a small
/// org. Users outside them (an unknown enum value, say) are caught by the completeness check.
/// Large groups come first so the longest chains start first.
#[must_use]
pub fn plan(directories: &[DirectoryId], expected_pages: u64) -> Vec<Partition> {
    if directories.is_empty() {
        return vec![Partition::everyone()];
    }
    let count = directories.len() as u64;
    let split = [Split::ClaimAndMfa, Split::Claim]
        .into_iter()
        .find(|split| expected_pages / split.partitions(count) >= MIN_PAGES_PER_PARTITION)
        .unwrap_or(Split::Status);
    let others = vec![
        UserStatus::Suspended,
        UserStatus::NotInvited,
        UserStatus::Deactivated,
        UserStatus::ForDeletion,
    ];
    let claims: &[Option<ClaimStatus>] = if split == Split::Status {
        &[None]
    } else {
        &[Some(ClaimStatus::Managed), Some(ClaimStatus::Unmanaged)]
    };
    let mut partitions = Vec::new();
    for (statuses, mfa_split) in [
        (vec![UserStatus::Active], split == Split::ClaimAndMfa),
        (others, false),
    ] {
        for directory in directories {
            for claim in claims {
                let mfa_values: &[Option<bool>] = if mfa_split {
                    &[Some(true), Some(false)]
                } else {
                    &[None]
                };
                for mfa_enabled in mfa_values {
                    partitions.push(Partition {
                        directory: Some(directory.clone()),
                        claim_status: claim.clone(),
                        statuses: statuses.clone(),
                        membership_statuses: Vec::new(),
                        mfa_enabled: *mfa_enabled,
                    });
                }
            }
        }
    }
    partitions.push(Partition {
        membership_statuses: vec![MembershipStatus::NoMembership],
        ..Partition::everyone()
    });
    partitions
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_known_status_claim_and_mfa_is_covered_once_per_directory() {
        let directories = [DirectoryId::from("d1"), DirectoryId::from("d2")];
        let partitions = plan(&directories, 13 * MIN_PAGES_PER_PARTITION);
        assert_eq!(partitions.len(), 13);
        for directory in &directories {
            for claim in [ClaimStatus::Managed, ClaimStatus::Unmanaged] {
                for status in [
                    "active",
                    "suspended",
                    "not_invited",
                    "deactivated",
                    "for_deletion",
                ] {
                    for mfa in [true, false] {
                        let covering = partitions
                            .iter()
                            .filter(|p| p.directory.as_ref() == Some(directory))
                            .filter(|p| p.claim_status.as_ref() == Some(&claim))
                            .filter(|p| p.statuses.contains(&UserStatus::from(status)))
                            .filter(|p| p.mfa_enabled.is_none_or(|wanted| wanted == mfa))
                            .count();
                        assert_eq!(covering, 1, "{directory} {claim} {status} {mfa}");
                    }
                }
            }
        }
        let outside: Vec<&Partition> = partitions.iter().filter(|p| p.directory.is_none()).collect();
        assert_eq!(outside.len(), 1);
        assert_eq!(outside[0].label(), "-/membership=no_membership");
        assert_eq!(plan(&[], 1_000), vec![Partition::everyone()]);
    }

    #[test]
    fn smaller_orgs_are_split_coarser_and_still_covered_once() {
        let directories = [DirectoryId::from("d1"), DirectoryId::from("d2")];
        // 10,000 users at 100 a page: 100 pages, too few for 13 or 9 partitions of 16 pages.
        let partitions = plan(&directories, 100);
        assert_eq!(partitions.len(), 5);
        assert_eq!(plan(&directories, 9 * MIN_PAGES_PER_PARTITION).len(), 9);
        assert_eq!(plan(&directories, 0).len(), 5);
        for directory in &directories {
            for status in [
                "active",
                "suspended",
                "not_invited",
                "deactivated",
                "for_deletion",
            ] {
                let covering = partitions
                    .iter()
                    .filter(|p| p.directory.as_ref() == Some(directory))
                    .filter(|p| p.statuses.contains(&UserStatus::from(status)))
                    .count();
                assert_eq!(covering, 1, "{directory} {status}");
            }
        }
        assert!(
            partitions
                .iter()
                .all(|p| p.claim_status.is_none() && p.mfa_enabled.is_none())
        );
        assert_eq!(partitions[0].label(), "d1/active");
    }

    #[test]
    fn requests_carry_filters_expand_order_and_a_bounded_limit() {
        let partition = &plan(&[DirectoryId::from("d1")], 1_000)[0];
        let body = serde_json::to_value(partition.request(500, Direction::Descending, Some("c".into())))
            .expect("encodes");
        assert_eq!(
            body,
            serde_json::json!({"cursor":"c","limit":100,"expand":["productAccess","platformRoles","groups"],
                "claimStatus":"managed","status":["active"],"mfaEnabled":true,
                "sortBy":[{"field":"nick_name","direction":"desc"}]})
        );
        assert_eq!(partition.label(), "d1/managed/active/mfa");
        assert_eq!(Partition::everyone().label(), "-/everyone");
    }
}
