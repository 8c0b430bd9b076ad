//! How the user population is split into independent searches that together cover everyone:
//! per directory × claim status × status group. Each is a sequential cursor chain; chains run
//! concurrently. Owns no I/O.

use crate::api::assumptions::SEARCH_MAX_LIMIT;
use crate::api::client::ALL_DIRECTORIES;
use crate::api::model::{ClaimStatus, UserSearchRequest, UserStatus};
use crate::directory::DirectoryId;

/// Expand values that make one search page carry everything dormant needs per user.
pub const USER_EXPAND: [&str; 3] = ["productAccess", "platformRoles", "groups"];

/// One independent search.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Partition {
    /// The directory searched; `None` means `-` (all directories, and accounts in none).
    pub directory: Option<DirectoryId>,
    pub claim_status: Option<ClaimStatus>,
    pub statuses: Vec<UserStatus>,
}

impl Partition {
    /// Everyone: the all-directories search without filters (the completeness sweep).
    #[must_use]
    pub fn everyone() -> Self {
        Self {
            directory: None,
            claim_status: None,
            statuses: Vec::new(),
        }
    }

    /// The `directoryId` path segment.
    #[must_use]
    pub fn directory_segment(&self) -> &str {
        self.directory
            .as_ref()
            .map_or(ALL_DIRECTORIES, DirectoryId::as_str)
    }

    /// The first-page body; later pages add the cursor to the same body.
    #[must_use]
    pub fn request(&self, page_size: u32, cursor: Option<String>) -> UserSearchRequest {
        UserSearchRequest {
            cursor,
            limit: page_size.clamp(1, SEARCH_MAX_LIMIT),
            expand: USER_EXPAND.iter().map(|value| (*value).to_owned()).collect(),
            claim_status: self.claim_status.clone(),
            status: self.statuses.clone(),
        }
    }

    /// Short text for stats and logs, e.g. `dir-1/managed/active`.
    #[must_use]
    pub fn label(&self) -> String {
        let claim = self.claim_status.as_ref().map_or("any", ClaimStatus::as_str);
        let statuses = if self.statuses.is_empty() {
            "any".to_owned()
        } else {
            self.statuses
                .iter()
                .map(UserStatus::as_str)
                .collect::<Vec<_>>()
                .join("+")
        };
        format!("{}/{claim}/{statuses}", self.directory_segment())
    }
}

/// Partitions covering every user whose status and claim status dormant knows, in every
/// listed directory. Users outside them (no directory, an unknown enum value) are caught by the
/// completeness check. The big "active" group is its own partition so it starts first.
#[must_use]
pub fn plan(directories: &[DirectoryId]) -> Vec<Partition> {
    let status_groups = [
        vec![UserStatus::Active],
        vec![
            UserStatus::Suspended,
            UserStatus::NotInvited,
            UserStatus::Deactivated,
            UserStatus::ForDeletion,
        ],
    ];
    let mut partitions = Vec::new();
    for statuses in &status_groups {
        for directory in directories {
            for claim in [ClaimStatus::Managed, ClaimStatus::Unmanaged] {
                partitions.push(Partition {
                    directory: Some(directory.clone()),
                    claim_status: Some(claim),
                    statuses: statuses.clone(),
                });
            }
        }
    }
    if partitions.is_empty() {
        partitions.push(Partition::everyone());
    }
    partitions
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_known_status_and_claim_is_covered_once_per_directory() {
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
                    let covering = partitions
                        .iter()
                        .filter(|p| {
                            p.directory.as_ref() == Some(directory) && p.claim_status.as_ref() == Some(&claim)
                        })
                        .filter(|p| p.statuses.contains(&UserStatus::from(status)))
                        .count();
                    assert_eq!(covering, 1, "{directory} {claim} {status}");
                }
            }
        }
        assert_eq!(plan(&[]), vec![Partition::everyone()]);
    }

    #[test]
    fn requests_carry_filters_expand_and_a_bounded_limit() {
        let partition = &plan(&[DirectoryId::from("d1")])[0];
        let body = serde_json::to_value(partition.request(500, Some("c".into()))).expect("encodes");
        assert_eq!(
            body,
            serde_json::json!({"cursor":"c","limit":100,"expand":["productAccess","platformRoles","groups"],
                "claimStatus":"managed","status":["active"]})
        );
        assert_eq!(partition.label(), "d1/managed/active");
        assert_eq!(Partition::everyone().label(), "-/any/any");
    }
}
