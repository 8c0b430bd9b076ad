//! The simulator-only seat view (`GET /__sim/users/{accountId}/seats`): each site the user holds a
//! role on, the roles, whether one is billable, where each comes from and the activity there, plus
//! the activity kept for lost sites. Owns the shape only; roles are derived in `state::seats`.

use super::timestamp_seconds;
use crate::sim::model::{SimUser, role};
use crate::sim::state::SiteRoles;
use serde::Serialize;

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UserSeats<'a> {
    account_id: &'a str,
    seats: Vec<Seat<'a>>,
    /// Sites lost by membership changes, with the activity a re-grant restores.
    history: Vec<Activity<'a>>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Seat<'a> {
    resource_id: &'a str,
    product: &'a str,
    site: &'a str,
    roles: Vec<&'a str>,
    billable: bool,
    sources: Vec<Source<'a>>,
    last_active: Option<String>,
}

/// `{"groupId", "groupName", "role"}` for a group's grant, `{"direct": true, "role"}` otherwise.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Source<'a> {
    role: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    group_id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    group_name: Option<&'a str>,
    direct: bool,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Activity<'a> {
    resource_id: &'a str,
    last_active: Option<String>,
}

#[must_use]
pub fn user_seats<'a>(user: &'a SimUser, sites: &[SiteRoles<'a>]) -> UserSeats<'a> {
    let seats = sites
        .iter()
        .map(|site| Seat {
            resource_id: &site.site.id,
            product: &site.site.key,
            site: &site.site.site,
            roles: site.roles(),
            billable: site.roles().iter().any(|held| role::is_billable(held)),
            sources: site
                .sources
                .iter()
                .map(|source| Source {
                    role: source.role,
                    group_id: source.group.map(|group| group.id.as_str()),
                    group_name: source.group.map(|group| group.name.as_str()),
                    direct: source.group.is_none(),
                })
                .collect(),
            last_active: user
                .product_access
                .iter()
                .find(|access| access.id == site.site.id)
                .and_then(|access| access.last_active)
                .map(timestamp_seconds),
        })
        .collect();
    UserSeats {
        account_id: &user.account_id,
        seats,
        history: user
            .seat_history
            .iter()
            .map(|access| Activity {
                resource_id: &access.id,
                last_active: access.last_active.map(timestamp_seconds),
            })
            .collect(),
    }
}
