//! How the user population is split into independent searches that together cover everyone:
//! per directory × claim status × status group (× MFA for the big active group), plus the
//! accounts in no directory. Each search is a cursor chain that can be paged from both ends
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

/// Partitions covering every user whose status, claim status and MFA flag dormant knows, in
/// every listed directory, plus everyone with no membership (accounts outside all
/// directories). Users outside them (an unknown enum value, say) are caught by the
/// completeness check. Large groups come first so the longest chains start first.
#[must_use]
pub fn plan(directories: &[DirectoryId]) -> Vec<Partition> {
    if directories.is_empty() {
        return vec![Partition::everyone()];
    }
    let others = vec![
        UserStatus::Suspended,
        UserStatus::NotInvited,
        UserStatus::Deactivated,
        UserStatus::ForDeletion,
    ];
    let mut partitions = Vec::new();
    for (statuses, mfa_split) in [(vec![UserStatus::Active], true), (others, false)] {
        for directory in directories {
            for claim in [ClaimStatus::Managed, ClaimStatus::Unmanaged] {
                let mfa_values: &[Option<bool>] = if mfa_split {
                    &[Some(true), Some(false)]
                } else {
                    &[None]
                };
                for mfa_enabled in mfa_values {
                    partitions.push(Partition {
                        directory: Some(directory.clone()),
                        claim_status: Some(claim.clone()),
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
        let partitions = plan(&directories);
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
        assert_eq!(plan(&[]), vec![Partition::everyone()]);
    }

    #[test]
    fn requests_carry_filters_expand_order_and_a_bounded_limit() {
        let partition = &plan(&[DirectoryId::from("d1")])[0];
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
