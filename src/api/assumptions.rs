//! Every UNCONFIRMED assumption about the Atlassian wire format, in one place (reference §10).
//! The client and the simulator both read these; change one here and both follow.

/// v2 `users/search`: page size when `limit` is absent [G].
pub const USER_SEARCH_DEFAULT_LIMIT: u32 = 50;
/// v2 searches: largest `limit` accepted; above it the API answers 400 `ADMIN-400-24` [3P, UNCONFIRMED].
pub const SEARCH_MAX_LIMIT: u32 = 100;
/// v2 `groups/search`: page size when `limit` is absent [G].
pub const GROUP_SEARCH_DEFAULT_LIMIT: u32 = 20;
/// Max entries in the list filters (`accountIds`, `directoryIds`, `groupIds`) [3P, UNCONFIRMED].
pub const FILTER_LIST_MAX: usize = 10;

/// HTTP status of a successful v2 suspend/restore and membership removal: no body [3P, UNCONFIRMED].
pub const V2_MUTATION_SUCCESS_STATUS: u16 = 204;
/// Repeating a suspend/restore/disable/enable on a user already in that state is a harmless
/// no-op answered like a success [UNCONFIRMED].
pub const REPEATED_MUTATION_IS_NOOP: bool = true;

/// The admin API sends `Retry-After` (seconds) on 429 [UNCONFIRMED; Jira does, clients honour it].
pub const RETRY_AFTER_ON_429: bool = true;
/// `X-RateLimit-Reset` is an ISO-8601 UTC date-time: when the budget is whole again [C].
pub const RATE_LIMIT_RESET_IS_ISO8601: bool = true;

/// v2 `productAccess[].key` values beyond `jira`/`confluence` follow the v1 product keys
/// (`jira-service-desk`, …) [UNCONFIRMED].
pub const V2_PRODUCT_KEYS_FOLLOW_V1_BEYOND_JIRA_CONFLUENCE: bool = true;
/// Suspending an org admin through the v2 directory API is refused with 403 `ADMIN-403-3` [UNCONFIRMED].
pub const SUSPEND_ADMIN_REFUSED_CODE: &str = "ADMIN-403-3";
/// Removing a membership of an IdP-synced group is refused with 403 `ADMIN-403-5` [UNCONFIRMED].
pub const SYNCED_GROUP_MEMBERSHIP_REFUSED_CODE: &str = "ADMIN-403-5";
/// `last-active-dates` answers for unmanaged directory members too [UNCONFIRMED].
pub const LAST_ACTIVE_DATES_COVERS_UNMANAGED: bool = true;
/// A 404 for an unknown account uses `ADMIN-404-8` on the org API and `accountNotFound` on
/// User management [G/C; per-endpoint mapping UNCONFIRMED].
pub const USER_NOT_FOUND_CODE: &str = "ADMIN-404-8";

/// A missing or wrong key on the org API is answered 401 with this code and title in the
/// `errors` envelope (the spec names only `Error.Unauthenticated`) [UNCONFIRMED].
pub const UNAUTHENTICATED_CODE: &str = "ADMIN-401-1";
/// Title paired with [`UNAUTHENTICATED_CODE`], in the upper-snake style of AX-196 [UNCONFIRMED].
pub const UNAUTHENTICATED_TITLE: &str = "UNAUTHENTICATED";
/// A scoped or non-admin key on the User management API is refused 403 `{"key":"forbidden"}`
/// (one third-party measurement: 403 for scoped keys) [3P, UNCONFIRMED].
pub const UM_RESTRICTED_KEY_ERROR_KEY: &str = "forbidden";
/// The 429 `ADMIN-429-1` title; the reference gives only the code [UNCONFIRMED].
pub const RATE_LIMITED_TITLE: &str = "Rate limit exceeded";
