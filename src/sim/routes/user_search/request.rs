//! The v2 user search inputs (POST body or GET query string) and their validation into a
//! `UserQuery`. Owns the 400s of reference §1.7.3–1.7.5; must not touch state.

use crate::api::assumptions::{
    FILTER_LIST_MAX, RESOURCE_IDS_MAX, SEARCH_MAX_LIMIT, USER_SEARCH_DEFAULT_LIMIT,
};
use crate::sim::errors::SimError;
use crate::sim::routes::input::{QueryParams, bounded, page_limit, resume};
use crate::sim::state::{DirectoryScope, UserExpand, UserFilter, UserOrder, UserQuery};
use serde::Deserialize;

/// The cursor kind of every v2 user listing.
pub const USERS_CURSOR: &str = "users";

const STATUSES: [&str; 5] = [
    "active",
    "suspended",
    "not_invited",
    "deactivated",
    "for_deletion",
];
const ACCOUNT_STATUSES: [&str; 3] = ["active", "inactive", "closed"];
const MEMBERSHIP_STATUSES: [&str; 3] = ["active", "suspended", "no_membership"];
const CLAIM_STATUSES: [&str; 2] = ["managed", "unmanaged"];

/// `MultiDirectoryUserSearchRequest`; unknown fields are refused (`SEARCH_BODY_REJECTS_UNKNOWN_FIELDS`).
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UserSearchInput {
    pub cursor: Option<String>,
    pub limit: Option<u32>,
    pub account_ids: Option<Vec<String>>,
    pub directory_ids: Option<Vec<String>>,
    pub resource_ids: Option<Vec<String>>,
    pub group_ids: Option<Vec<String>>,
    pub mfa_enabled: Option<bool>,
    pub claim_status: Option<String>,
    pub status: Option<Vec<String>>,
    pub account_status: Option<Vec<String>>,
    pub membership_status: Option<Vec<String>>,
    pub role_ids: Option<Vec<String>>,
    pub email_domains: Option<Vec<String>>,
    pub search_term: Option<String>,
    pub emails: Option<Vec<String>>,
    pub expand: Option<Vec<String>>,
    pub sort_by: Option<Vec<SortBy>>,
}

/// One `sortBy` entry.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SortBy {
    pub field: String,
    pub direction: String,
}

impl UserSearchInput {
    /// The same inputs from a GET query string (the deprecated list and `users/count`).
    pub fn from_query(query: &QueryParams) -> Result<Self, SimError> {
        if query.has("sortBy") {
            return Err(SimError::invalid_request(
                "sortBy is only supported in the users/search body by this simulator",
            ));
        }
        Ok(Self {
            cursor: query.single("cursor")?,
            limit: query.number("limit")?,
            account_ids: query.list("accountIds"),
            directory_ids: query.list("directoryIds"),
            resource_ids: query.list("resourceIds"),
            group_ids: query.list("groupIds"),
            mfa_enabled: query.boolean("mfaEnabled")?,
            claim_status: query.single("claimStatus")?,
            status: query.list("status"),
            account_status: query.list("accountStatus"),
            membership_status: query.list("membershipStatus"),
            role_ids: query.list("roleIds"),
            email_domains: query.list("emailDomains"),
            search_term: query.single("searchTerm")?,
            emails: None,
            expand: None,
            sort_by: None,
        })
    }

    /// The query to run and the position to start at: from the cursor when one is given (only an
    /// explicit `limit` still applies), else from the filters.
    pub fn into_query(self, scope: DirectoryScope) -> Result<(UserQuery, usize), SimError> {
        let explicit_limit = self
            .limit
            .map(|limit| page_limit(Some(limit), USER_SEARCH_DEFAULT_LIMIT, SEARCH_MAX_LIMIT))
            .transpose()?;
        if let Some(cursor) = &self.cursor {
            return resume(USERS_CURSOR, cursor, &scope, explicit_limit);
        }
        let limit = explicit_limit.unwrap_or(USER_SEARCH_DEFAULT_LIMIT as usize);
        let expand = expansion(self.expand.as_deref().unwrap_or_default())?;
        let order = order(self.sort_by.as_deref().unwrap_or_default())?;
        let filter = self.filter()?;
        Ok((
            UserQuery {
                scope,
                filter,
                expand,
                order,
                limit,
            },
            0,
        ))
    }

    /// The filters alone, validated (also used by `users/count`).
    pub fn filter(self) -> Result<UserFilter, SimError> {
        if self.search_term.is_some() && self.emails.is_some() {
            return Err(SimError::invalid_request(
                "searchTerm and emails cannot be used together",
            ));
        }
        let account_ids = bounded("accountIds", self.account_ids, FILTER_LIST_MAX)?;
        let directory_ids = bounded("directoryIds", self.directory_ids, FILTER_LIST_MAX)?;
        let group_ids = bounded("groupIds", self.group_ids, FILTER_LIST_MAX)?;
        let resource_ids = bounded("resourceIds", self.resource_ids, RESOURCE_IDS_MAX)?;
        let claim_status = match self.claim_status {
            Some(claim) => Some(one_of_enum("claimStatus", claim, &CLAIM_STATUSES)?),
            None => None,
        };
        Ok(UserFilter {
            account_ids,
            directory_ids,
            resource_ids,
            group_ids,
            role_ids: self.role_ids.unwrap_or_default(),
            email_domains: lowered(self.email_domains),
            emails: lowered(self.emails),
            status: enum_list("status", self.status, &STATUSES)?,
            account_status: enum_list("accountStatus", self.account_status, &ACCOUNT_STATUSES)?,
            membership_status: enum_list("membershipStatus", self.membership_status, &MEMBERSHIP_STATUSES)?,
            claim_status,
            mfa_enabled: self.mfa_enabled,
            search_term: self.search_term.map(|term| term.to_lowercase()),
        })
    }
}

fn lowered(values: Option<Vec<String>>) -> Vec<String> {
    values
        .unwrap_or_default()
        .iter()
        .map(|value| value.to_lowercase())
        .collect()
}

fn one_of_enum(name: &str, value: String, known: &[&str]) -> Result<String, SimError> {
    if known.contains(&value.as_str()) {
        Ok(value)
    } else {
        Err(SimError::invalid_request(format!(
            "{name} value {value:?} is not one of {}",
            known.join(", ")
        )))
    }
}

fn enum_list(name: &str, values: Option<Vec<String>>, known: &[&str]) -> Result<Vec<String>, SimError> {
    values
        .unwrap_or_default()
        .into_iter()
        .map(|value| one_of_enum(name, value, known))
        .collect()
}

fn expansion(values: &[String]) -> Result<UserExpand, SimError> {
    let mut expand = UserExpand::default();
    for value in values {
        match value.as_str() {
            "platformRoles" => expand.platform_roles = true,
            "productAccess" => expand.product_access = true,
            "groups" => expand.groups = true,
            "counts.resources" => expand.resource_counts = true,
            other => {
                return Err(SimError::invalid_request(format!(
                    "expand value {other:?} is not one of platformRoles, counts.resources, productAccess, groups"
                )));
            }
        }
    }
    Ok(expand)
}

fn order(sort_by: &[SortBy]) -> Result<UserOrder, SimError> {
    match sort_by {
        [] => Ok(UserOrder::Stored),
        [SortBy { field, direction }] if field == "nick_name" => match direction.as_str() {
            "asc" => Ok(UserOrder::NicknameAsc),
            "desc" => Ok(UserOrder::NicknameDesc),
            other => Err(SimError::invalid_request(format!(
                "sortBy direction {other:?} is not asc or desc"
            ))),
        },
        [SortBy { field, .. }] => Err(SimError::invalid_request(format!(
            "sortBy field {field:?} is not nick_name"
        ))),
        _ => Err(SimError::invalid_request("sortBy takes a single field")),
    }
}
