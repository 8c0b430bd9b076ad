//! Org-level shapes: `OrgModel` (reference §1.5), `DomainModel` (§1.11) and v2 directory items (§1.6).
//! Owns shapes only; must not page or filter.

use super::RenderContext;
use crate::sim::model::{SimDirectory, SimDomain};
use serde_json::{Value, json};

/// The org as `GET /admin/v1/orgs[/{orgId}]` serves it, with absolute links under the base URL.
#[must_use]
pub fn org_model(ctx: &RenderContext<'_>) -> Value {
    json!({
        "id": ctx.org.id,
        "type": "orgs",
        "attributes": { "name": ctx.org.name },
        "relationships": {
            "domains": { "links": { "related": ctx.org_v1_link(&["domains"], &[]) } },
            "users": { "links": { "related": ctx.org_v1_link(&["users"], &[]) } },
        },
        "links": { "self": ctx.org_v1_link(&[], &[]) },
    })
}

#[must_use]
pub fn domain_model(ctx: &RenderContext<'_>, domain: &SimDomain) -> Value {
    json!({
        "id": domain.id,
        "type": "domains",
        "attributes": {
            "name": domain.name,
            "claim": { "type": domain.claim_type, "status": domain.status },
        },
        "links": { "self": ctx.org_v1_link(&["domains", &domain.id], &[]) },
    })
}

#[must_use]
pub fn directory_item(directory: &SimDirectory) -> Value {
    json!({ "directoryId": directory.id, "name": directory.name, "icon": directory.icon })
}
