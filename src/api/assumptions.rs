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

/// Scope a scoped key needs for v2 directory, user search and user count reads [G].
pub const SCOPE_READ_DIRECTORIES: &str = "read:directories:admin";
/// Scope a scoped key needs for v2 group reads [G].
pub const SCOPE_READ_GROUPS: &str = "read:groups:admin";
/// Scope a scoped key needs for `GET /admin/v1/orgs` and `GET /admin/v1/orgs/{orgId}` [G].
pub const SCOPE_READ_ORGS: &str = "read:orgs:admin";
/// Scope a scoped key needs for the v1 domains list [3P, UNCONFIRMED].
pub const SCOPE_READ_DOMAINS: &str = "read:domains:admin";
/// Scope a scoped key needs for v1 managed accounts and `last-active-dates` [G for v1 users;
/// UNCONFIRMED for last-active-dates].
pub const SCOPE_READ_ACCOUNTS: &str = "read:accounts:admin";
/// v2 `groups/search` `expand` value that adds `counts.users` to each group [G].
pub const GROUP_SEARCH_EXPAND_USER_COUNTS: &str = "counts.users";
/// v1 product keys that the v2 `productAccess[].key` reports as `jira` when the product id does
/// not tell [UNCONFIRMED; see `V2_PRODUCT_KEYS_FOLLOW_V1_BEYOND_JIRA_CONFLUENCE`].
pub const V1_KEYS_REPORTED_AS_JIRA_IN_V2: &[&str] = &["jira-software", "jira-core"];
/// v2 `users/search` `sortBy` field: the only one the API documents [G].
pub const USER_SORT_FIELD: &str = "nick_name";
/// Sorting by `nick_name` compares lower-cased nicknames by code point, and `desc` is the exact
/// reverse of `asc`; dormant pages big partitions from both ends and stops where they cross
/// [UNCONFIRMED; a mismatch is caught by the `users/count` completeness check].
pub const USER_SORT_IS_LOWERCASE_CODEPOINT: bool = true;
/// Max entries in `resourceIds` filters [3P, UNCONFIRMED].
pub const RESOURCE_IDS_MAX: usize = 20;
/// v2 search bodies with a field the spec does not name are refused with 400 `ADMIN-400-24`, so a
/// client typo is caught instead of silently widening a destructive query [UNCONFIRMED].
pub const SEARCH_BODY_REJECTS_UNKNOWN_FIELDS: bool = true;
/// With `cursor`, every other search input is taken from the cursor, except an explicit `limit`
/// which still sets the page size [G for filters; `limit` UNCONFIRMED].
pub const CURSOR_KEEPS_EXPLICIT_LIMIT: bool = true;
/// GET list filters accept both repeated keys (`status=a&status=b`) and comma lists
/// (`status=a,b`); unknown query parameters are ignored [UNCONFIRMED].
pub const QUERY_ARRAYS_REPEATED_OR_COMMA: bool = true;
/// A `{directoryId}` that is neither `-` nor a directory of the org: 404 with this code [UNCONFIRMED].
pub const DIRECTORY_NOT_FOUND_CODE: &str = "ADMIN-404-1";
/// v2 `directories` page size when `limit` is absent [UNCONFIRMED].
pub const DIRECTORIES_DEFAULT_LIMIT: u32 = 20;
/// v1 `GET /orgs/{orgId}/users` page size; the spec has no `limit` [UNCONFIRMED].
pub const V1_USERS_PAGE_SIZE: usize = 100;
/// v1 `events`: page size when `limit` is absent (`meta.page_size` in the reference example) [3P].
pub const EVENTS_DEFAULT_LIMIT: u32 = 100;
/// v1 `events`: largest `limit` accepted, 400 `ADMIN-400-24` above [3P go-atlassian, UNCONFIRMED].
pub const EVENTS_MAX_LIMIT: u32 = 500;
/// v1 `events` are served newest first [UNCONFIRMED].
pub const EVENTS_NEWEST_FIRST: bool = true;
/// The platform role whose holders cannot be suspended through the v2 directory API [UNCONFIRMED].
pub const SUSPEND_REFUSED_ROLE: &str = "atlassian/org-admin";
/// `last-active-dates` lists only products the user was active on; access never used is omitted
/// ("empty `product_access` if the user never used a product") [G].
pub const LAST_ACTIVE_DATES_OMITS_NEVER_USED: bool = true;
/// v1 `access_billable`: an active account with an active membership, access to at least one
/// product, that is not a service account [UNCONFIRMED].
pub const V1_BILLABLE_NEEDS_PRODUCT_ACCESS: bool = true;
/// User management reason key for lifecycle changes on a closed account or one pending deletion
/// (re-enabling needs `cancel-delete` first) [UNCONFIRMED].
pub const UM_CLOSED_OR_DELETING_REASON: &str = "administrative";
/// User management answers an unknown `privileges` value with 400 `fieldConstraintsViolated`
/// on field `privileges`, violation `invalid` [UNCONFIRMED].
pub const UM_UNKNOWN_PRIVILEGE_VIOLATION: &str = "invalid";
/// Audit-log action keys of the changes the simulator applies [3P for `user_removed_from_group`,
/// others UNCONFIRMED].
pub const EVENT_ACTION_USER_SUSPENDED: &str = "user_access_suspended";
pub const EVENT_ACTION_USER_RESTORED: &str = "user_access_restored";
pub const EVENT_ACTION_ACCOUNT_DEACTIVATED: &str = "user_deactivated";
pub const EVENT_ACTION_ACCOUNT_REACTIVATED: &str = "user_reactivated";
pub const EVENT_ACTION_REMOVED_FROM_GROUP: &str = "user_removed_from_group";
/// v1 `product_access[].url`: the site host (`<org>.atlassian.net`), Confluence with this path
/// suffix, as in the reference example [UNCONFIRMED].
pub const V1_CONFLUENCE_URL_SUFFIX: &str = "/wiki";

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

/// Scope a scoped key needs for v2 suspend/restore; the sources do not document it, third-party
/// docs guess this one [3P, UNCONFIRMED].
pub const SCOPE_WRITE_DIRECTORY_USERS: &str = "write:users:admin";
/// What a scoped key would need for User management lifecycle calls: one third-party measurement
/// says only keys without scopes work, naming `manage:org` [3P, UNCONFIRMED].
pub const SCOPE_USER_MANAGEMENT: &str = "manage:org";
/// v2 suspend/restore accept `-` (every directory the key manages) as `{directoryId}`, so a
/// batch need not know which directory holds each account [UNCONFIRMED].
pub const MUTATIONS_ACCEPT_ALL_DIRECTORIES: bool = true;
/// A v2 `users/search` with `accountIds` returns exactly the listed accounts that are in the
/// org, in one page when they are at most `FILTER_LIST_MAX`; an account that is gone is simply
/// absent (no error) [G for the filter; absence semantics UNCONFIRMED].
pub const SEARCH_BY_ACCOUNT_IDS_OMITS_UNKNOWN: bool = true;
/// `lifecycle/disable` without a login message is sent with no body at all [C: the body and its
/// `message` are optional; sending none UNCONFIRMED].
pub const DISABLE_WITHOUT_MESSAGE_SENDS_NO_BODY: bool = true;

/// v2 `groups/search` `expand` value that adds `counts.resources` (resources the group grants a
/// role on) to each group; a group reporting 0 grants nothing, so its role assignments are not
/// read [G for the expand value; "0 means no role assignment" UNCONFIRMED].
pub const GROUP_SEARCH_EXPAND_RESOURCE_COUNTS: &str = "counts.resources";
/// Scope a scoped key needs for `POST /admin/v2/orgs/{orgId}/workspaces` [G].
pub const SCOPE_READ_WORKSPACES: &str = "read:workspaces:admin";
/// `workspaces` pages like the v2 lists (`data[]`, `links.next` a cursor or a URL carrying
/// `cursor`), accepts `limit` up to `SEARCH_MAX_LIMIT` on the first page, and takes the cursor
/// alone in the body of later pages [G for the cursor rule; page shape and limit UNCONFIRMED].
pub const WORKSPACES_PAGE_LIKE_V2: bool = true;
/// A workspace `id` is the site's resource id, the same text as `productAccess[].id` and a group
/// role assignment's `resourceId`; a bare id (not starting with `ari:`) is a cloud id, made into
/// `ari:cloud:{product}::site/{id}` with the product key of `attributes.typeKey` [UNCONFIRMED].
pub const WORKSPACE_ID_IS_RESOURCE_ID: bool = true;
/// `GET .../groups/{groupId}/role-assignments` answers a page `{ data: [{ resourceId,
/// resourceOwner, defaultRole, roles[] }], links }`, roles as role id strings (objects carrying
/// `id` are read too); paged with `?cursor=` [G for the fields; envelope and paging UNCONFIRMED].
pub const GROUP_ROLE_ASSIGNMENTS_PAGED: bool = true;
/// A group role assignment with no `roles` grants an unnamed role, counted as billed; its
/// `defaultRole` is not taken as the role held, since a guest default must not make a seat look
/// free [reference §1.14 for "no role: billable"; the meaning of `defaultRole` UNCONFIRMED].
pub const EMPTY_ROLES_IGNORE_DEFAULT_ROLE: bool = true;
/// `X-RateLimit-Reset` of a continuously refilling budget (a token bucket) is when it is full
/// again, so it moves later as requests are spent; a fixed window's stays put until the window
/// ends. The pacer tells them apart that way [UNCONFIRMED; the simulator is a token bucket].
pub const RATE_LIMIT_RESET_MOVES_WHEN_REFILLING: bool = true;
