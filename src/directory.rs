//! The org directory in memory: domain types and the pure logic over them. Must not do I/O or
//! import tokio, reqwest or ratatui; depends on nothing else of ours.

mod ids;
mod org;
mod user;

pub use ids::{AccountId, DirectoryId, GroupId, ProductKey};
pub use org::{DataSource, Directory, DirectoryInfo, Domain, Group, GroupManagedBy, Org};
pub use user::{
    AccountStatus, AccountType, Activity, ClaimStatus, ManagementSource, MembershipStatus, PlatformRole,
    ProductActivity, User, UserStatus,
};
