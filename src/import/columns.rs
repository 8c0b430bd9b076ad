//! Which column of an "Export users" CSV holds what, found by header text (any case, any order,
//! extra columns ignored). Owns the header spellings; must not read cells.

use crate::directory::ProductKey;

/// Header spellings of each field, normalised (lower case, single spaces). The first of each list
/// is what Atlassian's centralized export writes; the others are older or third-party spellings.
const USER_ID: [&str; 5] = ["user id", "atlassian id", "account id", "accountid", "aaid"];
const NAME: [&str; 4] = ["user name", "display name", "name", "full name"];
const EMAIL: [&str; 4] = ["email", "email address", "e-mail", "user email"];
const STATUS: [&str; 3] = ["user status", "status", "account status"];
const ADDED: [&str; 4] = ["added to org", "added to organization", "date added", "created"];
const ORG_ROLE: [&str; 2] = ["org role", "organization role"];
const GROUP_NAMES: [&str; 3] = ["group name", "group names", "groups"];
const GROUP_IDS: [&str; 2] = ["group id", "group ids"];
/// Prefixes of the per-product activity columns ("Last seen in Jira - acme").
const ACTIVITY_PREFIXES: [&str; 3] = ["last seen in ", "last active in ", "last accessed in "];

/// One product's activity column, and the access column beside it when the export has one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct ProductColumn {
    pub product: ProductKey,
    /// The site after " - " in the header, kept as the product instance id.
    pub site: Option<String>,
    pub last_seen: usize,
    /// "Jira - acme": the user's role on that product ("User", "Admin"…), empty without access.
    pub access: Option<usize>,
}

/// Where each known field is; `None` when the export has no such column.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Columns {
    pub user_id: Option<usize>,
    pub name: Option<usize>,
    pub email: Option<usize>,
    pub status: Option<usize>,
    pub added: Option<usize>,
    pub org_role: Option<usize>,
    pub group_names: Option<usize>,
    pub group_ids: Option<usize>,
    /// "Group 1", "Group 2"… of the "pivot to column" option, in header order.
    pub group_pivot: Vec<usize>,
    pub products: Vec<ProductColumn>,
}

impl Columns {
    /// Finds every known column of `headers`; the first header matching a field wins.
    pub(super) fn detect<'a>(headers: impl IntoIterator<Item = &'a str>) -> Columns {
        let normalised: Vec<String> = headers.into_iter().map(normalise).collect();
        let find = |names: &[&str]| {
            names
                .iter()
                .find_map(|name| normalised.iter().position(|header| header == name))
        };
        let group_pivot = normalised
            .iter()
            .enumerate()
            .filter(|(_, header)| {
                header
                    .strip_prefix("group ")
                    .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
            })
            .map(|(index, _)| index)
            .collect();
        let products = normalised
            .iter()
            .enumerate()
            .filter_map(|(index, header)| {
                let rest = ACTIVITY_PREFIXES
                    .iter()
                    .find_map(|prefix| header.strip_prefix(prefix))?;
                let (product, site) = match rest.split_once(" - ") {
                    Some((product, site)) => (product.trim(), Some(site.trim().to_owned())),
                    None => (rest.trim(), None),
                };
                let access = normalised.iter().position(|other| other == rest);
                Some(ProductColumn {
                    product: product_key(product),
                    site,
                    last_seen: index,
                    access,
                })
            })
            .collect();
        Columns {
            user_id: find(&USER_ID),
            name: find(&NAME),
            email: find(&EMAIL),
            status: find(&STATUS),
            added: find(&ADDED),
            org_role: find(&ORG_ROLE),
            group_names: find(&GROUP_NAMES),
            group_ids: find(&GROUP_IDS),
            group_pivot,
            products,
        }
    }

    /// The required fields the export lacks, as people would look for them in the header.
    pub(super) fn missing(&self) -> Vec<&'static str> {
        let mut missing = Vec::new();
        if self.user_id.is_none() {
            missing.push("user id column (\"User id\")");
        }
        if self.email.is_none() {
            missing.push("email column (\"email\")");
        }
        missing
    }
}

/// Lower case, trimmed, one space between words, no byte-order mark.
fn normalise(header: &str) -> String {
    header
        .trim_start_matches('\u{feff}')
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The API's product key for a product name as the export spells it; a name dormant does not
/// know becomes a key of its own (lower case, hyphens for spaces), shown as it came.
fn product_key(name: &str) -> ProductKey {
    let key = match name {
        "jira" => "jira",
        "jira software" => "jira-software",
        "jira work management" | "jira core" => "jira-core",
        "jira service management" | "jira service desk" => "jira-service-desk",
        "jira product discovery" => "jira-product-discovery",
        "confluence" => "confluence",
        "bitbucket" => "bitbucket",
        "opsgenie" => "opsgenie",
        "statuspage" => "statuspage",
        "trello" => "trello",
        "loom" => "loom",
        other => return ProductKey::from(other.split_whitespace().collect::<Vec<_>>().join("-")),
    };
    ProductKey::from(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_centralized_export_header_is_found_in_any_order_and_case() {
        let headers = [
            "Last seen in Confluence - acme",
            "email",
            "\u{feff}User id",
            "Org role",
            "User name",
            "Confluence - acme",
            "Extra column",
            "USER STATUS",
            "Added to org",
            "Group name",
            "Last seen in Jira Service Management",
        ];
        let columns = Columns::detect(headers);
        assert_eq!(columns.user_id, Some(2));
        assert_eq!(columns.email, Some(1));
        assert_eq!(columns.name, Some(4));
        assert_eq!(columns.status, Some(7));
        assert_eq!(columns.added, Some(8));
        assert_eq!(columns.org_role, Some(3));
        assert_eq!(columns.group_names, Some(9));
        assert!(columns.missing().is_empty());
        assert_eq!(
            columns.products,
            vec![
                ProductColumn {
                    product: ProductKey::from("confluence"),
                    site: Some("acme".to_owned()),
                    last_seen: 0,
                    access: Some(5),
                },
                ProductColumn {
                    product: ProductKey::from("jira-service-desk"),
                    site: None,
                    last_seen: 10,
                    access: None,
                },
            ]
        );
    }

    #[test]
    fn pivoted_groups_and_unknown_products_are_kept() {
        let columns = Columns::detect([
            "User id",
            "email",
            "Group 1",
            "Group 2",
            "Grouping",
            "Last seen in Rovo Chat",
        ]);
        assert_eq!(columns.group_pivot, vec![2, 3]);
        assert_eq!(columns.products[0].product, ProductKey::from("rovo-chat"));
    }

    #[test]
    fn a_file_without_ids_or_emails_names_both() {
        let columns = Columns::detect(["Name", "Status"]);
        assert_eq!(columns.missing().len(), 2);
        assert!(Columns::detect(["User id"]).missing()[0].contains("email"));
    }
}
