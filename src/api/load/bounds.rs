//! How many pages a listing may take before dormant decides the server is paging forever. A
//! cursor seen before is caught as a loop; these bounds catch a cursor that never repeats. Owns
//! the bounds and their error; must not fetch anything.

use crate::api::error::{ApiError, Endpoint};

/// Users a partition may hold beyond what `users/count` reported when the load began: accounts
/// created during the load, plus 10% of the count (added in `PageBound::users`).
pub const USER_COUNT_MARGIN: u64 = 500;
/// Pages a user search may take however many users the org reports: 10 million users at full
/// pages, twice over. Guards against a hostile or broken `users/count`.
pub const MAX_USER_PAGES: u64 = 200_000;
/// Pages a directories, domains or groups listing may take: 100,000 groups at full pages.
pub const MAX_LISTING_PAGES: u64 = 1_000;

/// The most pages one paged listing may take, and what that figure was derived from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageBound {
    pub limit: u64,
    /// `users/count` and the page size the limit was derived from; `None` for a fixed bound.
    derived_from: Option<(u64, u32)>,
}

impl PageBound {
    /// Pages one user-search partition (both ends together) may take for an org that reported
    /// `expected` users: every user plus the margin, at half-full pages (a server may return
    /// short pages), plus the page where the ends cross; never more than `MAX_USER_PAGES`.
    #[must_use]
    pub fn users(expected: u64, page_size: u32) -> Self {
        let allowed = expected
            .saturating_add(expected / 10)
            .saturating_add(USER_COUNT_MARGIN);
        let full_pages = allowed.div_ceil(u64::from(page_size.max(1)));
        Self {
            limit: full_pages.saturating_mul(2).saturating_add(2).min(MAX_USER_PAGES),
            derived_from: Some((expected, page_size)),
        }
    }

    /// The fixed bound of the org's small listings.
    #[must_use]
    pub fn listing() -> Self {
        Self {
            limit: MAX_LISTING_PAGES,
            derived_from: None,
        }
    }

    /// An error once `pages` exceeds the bound.
    pub fn check(&self, pages: u64, endpoint: impl FnOnce() -> Endpoint) -> Result<(), ApiError> {
        if pages <= self.limit {
            return Ok(());
        }
        let basis = match self.derived_from {
            Some((expected, page_size)) => format!(
                "{expected} users (the org's users/count, plus {USER_COUNT_MARGIN} and 10%) can take at \
                 {page_size} a page, counting half-full pages"
            ),
            None => "such a listing can take (100,000 entries)".to_owned(),
        };
        Err(ApiError::EndlessPaging {
            endpoint: endpoint(),
            pages,
            basis,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn endpoint() -> Endpoint {
        Endpoint {
            method: "POST",
            path: "/users/search".to_owned(),
        }
    }

    #[test]
    fn the_user_bound_follows_the_reported_count_with_margin() {
        // 1,000 users + 100 + 500 = 1,600 → 16 full pages → 32 half-full + 2.
        assert_eq!(PageBound::users(1_000, 100).limit, 34);
        // An empty org still allows the margin: 5 pages → 12.
        assert_eq!(PageBound::users(0, 100).limit, 12);
    }

    #[test]
    fn a_huge_reported_count_meets_the_absolute_ceiling() {
        assert_eq!(PageBound::users(u64::MAX, 100).limit, MAX_USER_PAGES);
        assert_eq!(PageBound::users(10, 0).limit, MAX_USER_PAGES.min(2 * 511 + 2));
    }

    #[test]
    fn pages_up_to_the_bound_pass_and_the_next_one_fails_with_its_basis() {
        let bound = PageBound::users(1_000, 100);
        assert!(bound.check(34, endpoint).is_ok());
        let error = bound.check(35, endpoint).unwrap_err();
        let text = error.to_string();
        assert!(matches!(error, ApiError::EndlessPaging { pages: 35, .. }));
        assert!(text.contains("POST /users/search"), "{text}");
        assert!(text.contains("stopped after 35 pages"), "{text}");
        assert!(text.contains("1000 users"), "{text}");
    }

    #[test]
    fn listings_have_a_fixed_bound() {
        let bound = PageBound::listing();
        assert!(bound.check(MAX_LISTING_PAGES, endpoint).is_ok());
        let text = bound
            .check(MAX_LISTING_PAGES + 1, endpoint)
            .unwrap_err()
            .to_string();
        assert!(text.contains("100,000 entries"), "{text}");
    }
}
