//! `report --offline`: picks the org's saved snapshot and reopens it, saying on stderr how old it
//! is. Owns the choice of snapshot and the wording around it; reading files is `store`'s.

use super::{ReportError, say};
use crate::directory::Directory;
use crate::store::{CacheRead, Paths, SnapshotCache, describe_age};
use crate::types::OrgId;
use chrono::Utc;

/// The snapshot of `org`, or of the only org with one when `org` is `None`.
pub(super) fn reopen(org: Option<&OrgId>) -> Result<Directory, ReportError> {
    let cache = SnapshotCache::new(&Paths::platform()?);
    let org_id = match org {
        Some(org) => org.to_string(),
        None => only_saved_org(&cache)?,
    };
    match cache.load(&org_id) {
        CacheRead::Loaded(snapshot) => {
            let directory = snapshot.directory;
            say(format_args!(
                "offline: using the snapshot of {:?} ({} users) loaded from the API {} ({})",
                directory.org.name,
                directory.users.len(),
                describe_age(directory.loaded_at, Utc::now()),
                snapshot.path.display()
            ));
            Ok(directory)
        }
        CacheRead::Missing => Err(ReportError::NoSnapshot { org: Some(org_id) }),
        CacheRead::Ignored { warning } => Err(ReportError::UnusableSnapshot { warning }),
    }
}

/// With no `--org`, a single saved snapshot is unambiguous; several need the admin to choose.
fn only_saved_org(cache: &SnapshotCache) -> Result<String, ReportError> {
    let stored = cache.stored().map_err(ReportError::ListSnapshots)?;
    for warning in &stored.warnings {
        say(format_args!("warning: {warning}"));
    }
    let now = Utc::now();
    let mut headers = stored.headers;
    match headers.len() {
        0 => Err(ReportError::NoSnapshot { org: None }),
        1 => Ok(headers.remove(0).org_id),
        _ => Err(ReportError::SeveralSnapshots {
            orgs: headers
                .iter()
                .map(|header| {
                    format!(
                        "{:?} (saved {})",
                        header.org_id,
                        describe_age(header.saved_at, now)
                    )
                })
                .collect(),
        }),
    }
}
