//! Workspace shapes (`POST /admin/v2/orgs/{orgId}/workspaces`, reference §1.13): one item per
//! product site, mapping its resource id to the site name and host. Owns shapes only; must not
//! filter, sort or page.

use super::RenderContext;
use crate::sim::cursor::item_link;
use crate::sim::model::{SimProduct, default_site_name};
use serde::Serialize;

/// The workspace `type` of a product site.
const WORKSPACE_TYPE: &str = "workspace";

#[derive(Debug, Serialize)]
pub struct Workspace<'a> {
    id: &'a str,
    #[serde(rename = "type")]
    kind: &'static str,
    attributes: Attributes<'a>,
    relationships: Relationships,
    links: Links,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Attributes<'a> {
    name: String,
    type_key: &'a str,
    #[serde(rename = "type")]
    kind: &'static str,
    product_name: &'a str,
    owner: &'a str,
    status: &'static str,
    /// Users holding a billable role on the site.
    usage: usize,
    /// The site's user limit; `null` when unlimited.
    capacity: Option<u32>,
    host_url: String,
}

#[derive(Debug, Serialize)]
struct Relationships {
    entitlement: Vec<String>,
    policy: Vec<String>,
    feature: Vec<String>,
}

#[derive(Debug, Serialize)]
struct Links {
    #[serde(rename = "self")]
    self_link: String,
}

/// Renders one site; `usage` is its billable head count.
#[must_use]
pub fn render<'a>(ctx: &RenderContext<'a>, site: &'a SimProduct, usage: usize) -> Workspace<'a> {
    Workspace {
        id: &site.id,
        kind: WORKSPACE_TYPE,
        attributes: Attributes {
            name: site_name(ctx, site),
            type_key: &site.v1_key,
            kind: "product",
            product_name: &site.name,
            owner: &ctx.org.id,
            status: "online",
            usage,
            capacity: site.user_limit,
            host_url: format!("https://{}", site.host(&ctx.org.name)),
        },
        relationships: Relationships {
            entitlement: Vec::new(),
            policy: Vec::new(),
            feature: Vec::new(),
        },
        links: Links {
            self_link: item_link(&site.id),
        },
    }
}

/// The site's name; an unnamed site is the org's first site.
#[must_use]
pub fn site_name(ctx: &RenderContext<'_>, site: &SimProduct) -> String {
    if site.site.is_empty() {
        default_site_name(&ctx.org.name)
    } else {
        site.site.clone()
    }
}
