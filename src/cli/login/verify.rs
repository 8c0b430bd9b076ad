//! Asking the API what a key can do before it is trusted: which orgs it sees, whether it reads
//! the chosen org and its user directories (what an org admin key can). Used by `login` and
//! `status`; must not store anything.

use crate::api::{ApiError, Client, OrgSummary, printable};
use std::collections::HashSet;

/// Most pages of `GET /admin/v1/orgs` read; far beyond any real admin's org count.
const MAX_ORG_PAGES: usize = 100;

/// What the API said about a key that works.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifiedKey {
    pub org_id: String,
    /// Made printable (server text).
    pub org_name: String,
    /// The orgs `GET /admin/v1/orgs` lists for the key (may be empty for org keys, ACCESS-966).
    pub visible: Vec<OrgSummary>,
}

/// Why a key is not accepted.
#[derive(Debug, thiserror::Error)]
pub enum VerifyError {
    #[error(transparent)]
    Api(#[from] ApiError),
    #[error(
        "the key does not see org {org:?}; it sees {}: check --org, or create the key in that org at \
         admin.atlassian.com → Settings → API keys",
        list(visible)
    )]
    OrgNotVisible { org: String, visible: Vec<OrgSummary> },
}

impl VerifyError {
    /// Whether the admin must change what they passed (exit code 2) rather than retry.
    #[must_use]
    pub fn is_usage(&self) -> bool {
        match self {
            Self::OrgNotVisible { .. } => true,
            Self::Api(error) => {
                error.is_auth()
                    || matches!(
                        error,
                        ApiError::InvalidKey { .. }
                            | ApiError::NoOrgVisible
                            | ApiError::SeveralOrgs { .. }
                            | ApiError::UnusableOrgId { .. }
                            | ApiError::OrgNotFound { .. }
                    )
            }
        }
    }
}

/// Lists the orgs the key sees, picks `requested` (or the only one), then reads that org and a
/// page of its directories: a key that passes can do what `dormant` needs to read.
pub async fn verify_key(client: &Client, requested: Option<&str>) -> Result<VerifiedKey, VerifyError> {
    let visible = visible_orgs(client).await?;
    let org_id = match requested {
        Some(org) => {
            // An empty listing proves nothing (ACCESS-966): the org read below decides.
            if !visible.is_empty() && !visible.iter().any(|seen| seen.id == org) {
                return Err(VerifyError::OrgNotVisible {
                    org: org.to_owned(),
                    visible,
                });
            }
            org.to_owned()
        }
        None => match visible.as_slice() {
            [] => return Err(ApiError::NoOrgVisible.into()),
            [only] => only.id.clone(),
            _ => return Err(ApiError::SeveralOrgs { orgs: visible }.into()),
        },
    };
    let record = client.org(&org_id).await?;
    client.directories_page(&org_id, None).await?;
    let org_name = record
        .attributes
        .and_then(|attributes| attributes.name)
        .map(|name| printable(&name))
        .unwrap_or_default();
    Ok(VerifiedKey {
        org_id,
        org_name,
        visible,
    })
}

async fn visible_orgs(client: &Client) -> Result<Vec<OrgSummary>, ApiError> {
    let mut orgs = Vec::new();
    let mut cursor: Option<String> = None;
    let mut seen = HashSet::new();
    for _ in 0..MAX_ORG_PAGES {
        let page = client.orgs_page(cursor.as_deref()).await?;
        let next = page.next_cursor();
        orgs.extend(page.data.into_iter().map(|org| {
            OrgSummary {
                name: org
                    .attributes
                    .and_then(|attributes| attributes.name)
                    .map(|name| printable(&name))
                    .unwrap_or_default(),
                id: org.id,
            }
        }));
        match next {
            Some(next) if seen.insert(next.clone()) => cursor = Some(next),
            _ => break,
        }
    }
    Ok(orgs)
}

fn list(orgs: &[OrgSummary]) -> String {
    if orgs.is_empty() {
        return "no org".to_owned();
    }
    orgs.iter()
        .map(|org| format!("{} ({})", org.id, org.name))
        .collect::<Vec<_>>()
        .join(", ")
}
