//! v2 `MultiDirectoryUser` (search and list items) and `MultiDirectoryUserDetailsData` (reference
//! §1.7.4, §1.7.5). Owns the shape only; must not decide which users are listed.

use super::{RenderContext, timestamp_millis, timestamp_seconds};
use crate::sim::cursor::item_link;
use crate::sim::model::SimUser;
use crate::sim::state::{DirectoryScope, UserExpand};
use serde::Serialize;
use serde_json::{Map, Value};

/// One v2 user. Optional parts are absent, not null, unless the reference shows them as null
/// (`managementSource`, `deactivatedOn`, group `description`). `extra` is rendered verbatim.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MultiDirectoryUser<'a> {
    account_id: &'a str,
    account_type: &'a str,
    status: &'a str,
    account_status: &'a str,
    membership_status: &'a str,
    added_to_org: String,
    name: &'a str,
    nickname: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    email: Option<&'a str>,
    email_verified: bool,
    claim_status: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    platform_roles: Option<&'a [String]>,
    picture: &'a str,
    avatar: &'a str,
    management_source: Option<&'a str>,
    mfa_enabled: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    job_title: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    department: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    organization: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    location: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    time_zone: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    counts: Option<UserCounts>,
    #[serde(skip_serializing_if = "Option::is_none")]
    product_access: Option<Vec<ProductAccess<'a>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    groups: Option<Vec<UserGroup<'a>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    links: Option<SelfLink>,
    deactivated_on: Option<String>,
    for_deletion: bool,
    #[serde(flatten)]
    extra: &'a Map<String, Value>,
}

#[derive(Debug, Serialize)]
struct UserCounts {
    resources: usize,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct ProductAccess<'a> {
    key: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<&'a str>,
    /// Omitted when the user has access but never used the product.
    #[serde(skip_serializing_if = "Option::is_none")]
    last_active_timestamp: Option<String>,
}

#[derive(Debug, Serialize)]
struct UserGroup<'a> {
    id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<&'a str>,
    description: Option<&'a str>,
}

/// `links: {"self": "<opaque cursor>"}`.
#[derive(Debug, Serialize)]
pub struct SelfLink {
    #[serde(rename = "self")]
    pub self_link: String,
}

/// Which v2 user shape to render.
#[derive(Debug, Clone, Copy)]
pub enum UserView<'s> {
    /// A search or list item: expansions as asked, groups limited to the path's directory.
    Item {
        expand: UserExpand,
        scope: &'s DirectoryScope,
    },
    /// `GET …/users/{accountId}`: no `productAccess`, `groups` or `links`; roles and counts included.
    Details,
}

/// Renders `user` in the chosen view.
#[must_use]
pub fn render<'a>(ctx: &RenderContext<'a>, user: &'a SimUser, view: UserView<'_>) -> MultiDirectoryUser<'a> {
    let (expand, scope, item) = match view {
        UserView::Item { expand, scope } => (expand, Some(scope), true),
        UserView::Details => (
            UserExpand {
                platform_roles: true,
                resource_counts: true,
                ..UserExpand::default()
            },
            None,
            false,
        ),
    };
    let managed = user.claim_status == "managed";
    MultiDirectoryUser {
        account_id: &user.account_id,
        account_type: &user.account_type,
        status: user.status(),
        account_status: &user.account_status,
        membership_status: &user.membership_status,
        added_to_org: timestamp_millis(user.added_to_org),
        name: &user.name,
        nickname: &user.nickname,
        email: Some(user.email.as_str()).filter(|email| !email.is_empty()),
        email_verified: user.email_verified,
        claim_status: &user.claim_status,
        platform_roles: expand.platform_roles.then_some(user.platform_roles.as_slice()),
        picture: &user.picture,
        avatar: &user.picture,
        management_source: user.management_source.as_deref(),
        mfa_enabled: user.mfa_enabled,
        job_title: user.job_title.as_deref(),
        department: user.department.as_deref(),
        organization: managed.then_some(ctx.org.name.as_str()),
        location: user.location.as_deref(),
        time_zone: user.time_zone.as_deref(),
        counts: expand.resource_counts.then_some(UserCounts {
            resources: user.product_access.len(),
        }),
        product_access: (expand.product_access && !user.search_omits_activity)
            .then(|| product_access(ctx, user)),
        groups: scope
            .filter(|_| expand.groups)
            .map(|scope| groups(ctx, user, scope)),
        links: item.then(|| SelfLink {
            self_link: item_link(&user.account_id),
        }),
        deactivated_on: user.deactivated_on.map(timestamp_millis),
        for_deletion: user.for_deletion,
        extra: &user.extra,
    }
}

fn product_access<'a>(ctx: &RenderContext<'a>, user: &'a SimUser) -> Vec<ProductAccess<'a>> {
    user.product_access
        .iter()
        .map(|access| {
            let product = ctx
                .index
                .site(ctx.org, &access.id)
                .or_else(|| ctx.index.product(ctx.org, &access.key));
            ProductAccess {
                key: product.map_or(access.key.as_str(), |product| product.key.as_str()),
                id: product.map(|product| product.id.as_str()),
                last_active_timestamp: access.last_active.map(timestamp_seconds),
            }
        })
        .collect()
}

fn groups<'a>(ctx: &RenderContext<'a>, user: &'a SimUser, scope: &DirectoryScope) -> Vec<UserGroup<'a>> {
    user.groups
        .iter()
        .filter_map(|id| match ctx.index.group(ctx.org, id) {
            Some(group) if scope.contains_group(group) => Some(UserGroup {
                id,
                name: Some(&group.name),
                description: group.description.as_deref(),
            }),
            Some(_) => None,
            None => Some(UserGroup {
                id,
                name: None,
                description: None,
            }),
        })
        .collect()
}
