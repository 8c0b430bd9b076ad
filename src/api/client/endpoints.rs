//! The typed calls dormant makes, one method per endpoint (reference §1.5–§1.11): URL from path
//! segments, body, whether it may be repeated, the scope a scoped key needs, what a 404 means.

use super::Client;
use super::send::{Call, Subject};
use crate::api::assumptions::{
    SCOPE_READ_ACCOUNTS, SCOPE_READ_DIRECTORIES, SCOPE_READ_DOMAINS, SCOPE_READ_GROUPS, SCOPE_READ_ORGS,
    SEARCH_MAX_LIMIT,
};
use crate::api::error::{ApiError, OrgSummary};
use crate::api::model::{
    Count, DirectoryGroup, DirectoryRecord, DirectoryUser, DomainRecord, GroupSearchRequest, LastActiveData,
    LastActiveDates, ManagedAccountsPage, OrgRecord, Page, Single, UserSearchRequest,
};
use crate::api::retry::Repeat;
use crate::types::OrgId;
use reqwest::Method;
use std::collections::HashSet;
use url::Url;

/// The `directoryId` path segment meaning every directory the key may manage.
pub const ALL_DIRECTORIES: &str = "-";
/// Most pages discovery reads from `GET /admin/v1/orgs` before giving up on a listing.
const MAX_ORG_PAGES: usize = 100;
/// Most pages of one user's `last-active-dates`: one entry per product, and a site has a few
/// dozen products at most, so 64 pages (thousands of entries) only a server paging forever needs.
pub const MAX_LAST_ACTIVE_PAGES: u64 = 64;

impl Client {
    /// `GET /admin/v1/orgs`: one page of the orgs the key sees.
    pub async fn orgs_page(&self, cursor: Option<&str>) -> Result<Page<OrgRecord>, ApiError> {
        let mut url = self.url(&["admin", "v1", "orgs"])?;
        if let Some(cursor) = cursor {
            url.query_pairs_mut().append_pair("cursor", cursor);
        }
        self.execute(&get(url, SCOPE_READ_ORGS, Subject::OrgList)).await
    }

    /// The org id when the key sees exactly one org; otherwise a typed error saying what to pass.
    pub async fn discover_org(&self) -> Result<OrgId, ApiError> {
        let mut orgs = Vec::new();
        let mut cursor: Option<String> = None;
        let mut seen = HashSet::new();
        for _ in 0..MAX_ORG_PAGES {
            let page = self.orgs_page(cursor.as_deref()).await?;
            let next = page.next_cursor();
            orgs.extend(page.data.into_iter().map(|org| OrgSummary {
                name: org.attributes.and_then(|a| a.name).unwrap_or_default(),
                id: org.id,
            }));
            match next {
                Some(next) if seen.insert(next.clone()) => cursor = Some(next),
                _ => break,
            }
        }
        match orgs.len() {
            0 => Err(ApiError::NoOrgVisible),
            1 => {
                let id = orgs.remove(0).id;
                let shown = crate::api::printable(&id);
                OrgId::try_from(id).map_err(|_| ApiError::UnusableOrgId { id: shown })
            }
            _ => Err(ApiError::SeveralOrgs { orgs }),
        }
    }

    /// `GET /admin/v1/orgs/{orgId}`.
    pub async fn org(&self, org_id: &str) -> Result<OrgRecord, ApiError> {
        let url = self.url(&["admin", "v1", "orgs", org_id])?;
        let single: Single<OrgRecord> = self
            .execute(&get(url, SCOPE_READ_ORGS, Subject::Org(org_id)))
            .await?;
        Ok(single.data)
    }

    /// `GET /admin/v2/orgs/{orgId}/directories`, one page.
    pub async fn directories_page(
        &self,
        org_id: &str,
        cursor: Option<&str>,
    ) -> Result<Page<DirectoryRecord>, ApiError> {
        let mut url = self.url(&["admin", "v2", "orgs", org_id, "directories"])?;
        {
            let mut query = url.query_pairs_mut();
            query.append_pair("limit", &SEARCH_MAX_LIMIT.to_string());
            if let Some(cursor) = cursor {
                query.append_pair("cursor", cursor);
            }
        }
        self.execute(&get(url, SCOPE_READ_DIRECTORIES, Subject::Org(org_id)))
            .await
    }

    /// `GET /admin/v1/orgs/{orgId}/domains`, one page.
    pub async fn domains_page(
        &self,
        org_id: &str,
        cursor: Option<&str>,
    ) -> Result<Page<DomainRecord>, ApiError> {
        let mut url = self.url(&["admin", "v1", "orgs", org_id, "domains"])?;
        if let Some(cursor) = cursor {
            url.query_pairs_mut().append_pair("cursor", cursor);
        }
        self.execute(&get(url, SCOPE_READ_DOMAINS, Subject::Org(org_id)))
            .await
    }

    /// `/admin/v2/orgs/{orgId}/directories/{directoryId}/` followed by `tail`.
    pub(super) fn directory_url(
        &self,
        org_id: &str,
        directory_id: &str,
        tail: &[&str],
    ) -> Result<Url, ApiError> {
        let mut segments = vec!["admin", "v2", "orgs", org_id, "directories", directory_id];
        segments.extend_from_slice(tail);
        self.url(&segments)
    }

    /// `POST /admin/v2/orgs/{orgId}/directories/{directoryId}/groups/search`, one page.
    pub async fn groups_search_page(
        &self,
        org_id: &str,
        directory_id: &str,
        request: &GroupSearchRequest,
    ) -> Result<Page<DirectoryGroup>, ApiError> {
        let url = self.directory_url(org_id, directory_id, &["groups", "search"])?;
        self.execute(&search(url, request, SCOPE_READ_GROUPS, Subject::Org(org_id))?)
            .await
    }

    /// `POST /admin/v2/orgs/{orgId}/directories/{directoryId}/users/search`, one page. A
    /// read-only search, so it is retried like a GET.
    pub async fn users_search_page(
        &self,
        org_id: &str,
        directory_id: &str,
        request: &UserSearchRequest,
    ) -> Result<Page<DirectoryUser>, ApiError> {
        let url = self.directory_url(org_id, directory_id, &["users", "search"])?;
        self.execute(&search(
            url,
            request,
            SCOPE_READ_DIRECTORIES,
            Subject::Org(org_id),
        )?)
        .await
    }

    /// `GET /admin/v2/orgs/{orgId}/directories/{directoryId}/users/count`, unfiltered.
    pub async fn users_count(&self, org_id: &str, directory_id: &str) -> Result<u64, ApiError> {
        let url = self.directory_url(org_id, directory_id, &["users", "count"])?;
        let count: Count = self
            .execute(&get(url, SCOPE_READ_DIRECTORIES, Subject::Org(org_id)))
            .await?;
        Ok(count.count)
    }

    /// `GET /admin/v1/orgs/{orgId}/directory/users/{accountId}/last-active-dates`, every page
    /// merged into one record.
    pub async fn last_active_dates(
        &self,
        org_id: &str,
        account_id: &str,
    ) -> Result<LastActiveData, ApiError> {
        let subject = Subject::User { org_id, account_id };
        let base = self.url(&[
            "admin",
            "v1",
            "orgs",
            org_id,
            "directory",
            "users",
            account_id,
            "last-active-dates",
        ])?;
        let mut url = base.clone();
        let mut merged: Option<LastActiveData> = None;
        let mut seen = HashSet::new();
        for pages in 1_u64.. {
            let call = get(url, SCOPE_READ_ACCOUNTS, subject);
            if pages > MAX_LAST_ACTIVE_PAGES {
                return Err(ApiError::EndlessPaging {
                    endpoint: call.endpoint(),
                    pages,
                    basis: format!("one user's product activity can take ({MAX_LAST_ACTIVE_PAGES})"),
                });
            }
            let page: LastActiveDates = self.execute(&call).await?;
            let next = page
                .links
                .as_ref()
                .and_then(crate::api::model::PageLinks::next_cursor);
            match merged.as_mut() {
                Some(all) => all.product_access.extend(page.data.product_access),
                None => merged = Some(page.data),
            }
            match next {
                Some(cursor) if seen.insert(cursor.clone()) => {
                    url = base.clone();
                    url.query_pairs_mut().append_pair("cursor", &cursor);
                }
                Some(_) => {
                    return Err(ApiError::CursorLoop {
                        endpoint: call.endpoint(),
                    });
                }
                None => break,
            }
        }
        Ok(merged.unwrap_or(LastActiveData {
            product_access: Vec::new(),
            added_to_org: None,
            added_to_org_timestamp: None,
        }))
    }

    /// `GET /admin/v1/orgs/{orgId}/users`: managed accounts, one page (the v1 way peers load).
    pub async fn managed_accounts_page(
        &self,
        org_id: &str,
        cursor: Option<&str>,
    ) -> Result<ManagedAccountsPage, ApiError> {
        let mut url = self.url(&["admin", "v1", "orgs", org_id, "users"])?;
        if let Some(cursor) = cursor {
            url.query_pairs_mut().append_pair("cursor", cursor);
        }
        self.execute(&get(url, SCOPE_READ_ACCOUNTS, Subject::Org(org_id)))
            .await
    }
}

pub(super) fn get<'a>(url: url::Url, scope: &'static str, subject: Subject<'a>) -> Call<'a> {
    Call {
        method: Method::GET,
        url,
        json_body: None,
        repeat: Repeat::Safe,
        scope,
        subject,
    }
}

pub(super) fn search<'a, B: serde::Serialize>(
    url: url::Url,
    body: &B,
    scope: &'static str,
    subject: Subject<'a>,
) -> Result<Call<'a>, ApiError> {
    let json_body = serde_json::to_vec(body).map_err(|err| ApiError::RequestBody {
        endpoint: crate::api::error::Endpoint {
            method: "POST",
            path: url.path().to_owned(),
        },
        message: err.to_string(),
    })?;
    Ok(Call {
        method: Method::POST,
        url,
        json_body: Some(json_body),
        repeat: Repeat::Safe,
        scope,
        subject,
    })
}
