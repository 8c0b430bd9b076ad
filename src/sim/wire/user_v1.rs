//! v1 `snake_case` user shapes: the managed-account record of `GET /admin/v1/orgs/{orgId}/users`
//! (reference §1.7.1) and the `last-active-dates` page (§1.7.6). Owns shapes only; must not page.

use super::{RenderContext, date, timestamp_millis, timestamp_seconds};
use crate::api::assumptions::V1_CONFLUENCE_URL_SUFFIX;
use crate::sim::model::{SimOrg, SimProduct, SimProductAccess, SimUser};
use serde::Serialize;
use serde_json::{Map, Value};

/// `{"self": "<url>"}`.
#[derive(Debug, Serialize)]
pub struct SelfUrl {
    #[serde(rename = "self")]
    pub self_link: String,
}

/// One managed account in the v1 listing.
#[derive(Debug, Serialize)]
pub struct V1User<'a> {
    account_id: &'a str,
    account_type: &'a str,
    account_status: &'a str,
    name: &'a str,
    picture: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    email: Option<&'a str>,
    access_billable: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    last_active: Option<String>,
    product_access: Vec<V1ProductAccess<'a>>,
    links: SelfUrl,
    #[serde(flatten)]
    extra: &'a Map<String, Value>,
}

#[derive(Debug, Serialize)]
struct V1ProductAccess<'a> {
    key: &'a str,
    name: &'a str,
    url: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    last_active: Option<String>,
}

fn product_url(org: &SimOrg, product: &SimProduct) -> String {
    let host = product.host(&org.name);
    if product.v1_key == "confluence" {
        format!("{host}{V1_CONFLUENCE_URL_SUFFIX}")
    } else {
        host
    }
}

/// The site an activity entry is on (by resource id, else the product's first site by key).
fn site_of<'a>(ctx: &RenderContext<'a>, access: &SimProductAccess) -> Option<&'a SimProduct> {
    ctx.index
        .site(ctx.org, &access.id)
        .or_else(|| ctx.index.product(ctx.org, &access.key))
}

/// Billable per the simulator's rule (see `V1_BILLABLE_NEEDS_PRODUCT_ACCESS`).
fn access_billable(user: &SimUser) -> bool {
    user.status() == "active" && !user.product_access.is_empty() && !user.is_service_account()
}

#[must_use]
pub fn render_v1_user<'a>(ctx: &RenderContext<'a>, user: &'a SimUser) -> V1User<'a> {
    let product_access = user
        .product_access
        .iter()
        .filter_map(|access| {
            let product = site_of(ctx, access)?;
            Some(V1ProductAccess {
                key: &product.v1_key,
                name: &product.name,
                url: product_url(ctx.org, product),
                last_active: access.last_active.map(timestamp_millis),
            })
        })
        .collect();
    V1User {
        account_id: &user.account_id,
        account_type: &user.account_type,
        account_status: &user.account_status,
        name: &user.name,
        picture: &user.picture,
        email: Some(user.email.as_str()).filter(|email| !email.is_empty()),
        access_billable: access_billable(user),
        last_active: user
            .product_access
            .iter()
            .filter_map(|access| access.last_active)
            .max()
            .map(timestamp_millis),
        product_access,
        links: SelfUrl {
            self_link: ctx.profile_link(&user.account_id),
        },
        extra: &user.extra,
    }
}

/// The `last-active-dates` page: ground truth, whatever `search_omits_activity` says.
#[derive(Debug, Serialize)]
pub struct LastActiveDatesPage {
    data: LastActiveDates,
    links: Map<String, Value>,
}

#[derive(Debug, Serialize)]
struct LastActiveDates {
    product_access: Vec<ProductLastActive>,
    added_to_org: Option<String>,
    added_to_org_timestamp: Option<String>,
}

#[derive(Debug, Serialize)]
struct ProductLastActive {
    id: String,
    key: String,
    last_active: String,
    last_active_timestamp: String,
}

/// The instance id as last-active-dates spells it: the ARI with the v1 product key
/// (`ari:cloud:jira-software::site/<cloudId>`); ids of another form are served as stored.
fn v1_product_id(product: &SimProduct) -> String {
    match product
        .id
        .strip_prefix("ari:cloud:")
        .and_then(|rest| rest.split_once("::"))
    {
        Some((_, resource)) => format!("ari:cloud:{}::{resource}", product.v1_key),
        None => product.id.clone(),
    }
}

#[must_use]
pub fn render_last_active_dates(ctx: &RenderContext<'_>, user: &SimUser) -> LastActiveDatesPage {
    let product_access = user
        .product_access
        .iter()
        .filter_map(|access| {
            let product = site_of(ctx, access)?;
            // Access never used is omitted (`LAST_ACTIVE_DATES_OMITS_NEVER_USED`).
            let last_active = access.last_active?;
            Some(ProductLastActive {
                id: v1_product_id(product),
                key: product.v1_key.clone(),
                last_active: date(last_active),
                last_active_timestamp: timestamp_seconds(last_active),
            })
        })
        .collect();
    LastActiveDatesPage {
        data: LastActiveDates {
            product_access,
            added_to_org: Some(date(user.added_to_org)),
            added_to_org_timestamp: Some(timestamp_seconds(user.added_to_org)),
        },
        links: Map::new(),
    }
}
