//! What the table can be sorted by, and parsing `FIELD[:asc|:desc]` (TUI and `report --sort`).
//! Every sort is stable and total: ties by name, then account id. Orders are precomputed per load
//! in the index; choosing a sort never compares users.

mod order;

pub(crate) use order::SortOrder;

use super::ids::ProductKey;
use std::fmt;

/// A column to sort by.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum SortColumn {
    Name,
    Email,
    /// Last activity on any product; the never active first, unknown activity last.
    LastActive,
    /// Last activity on one product; never used first, no access or unknown last.
    LastActiveOn(ProductKey),
    /// Days since last activity (the never active: since added); unknown last.
    DaysIdle,
    Lane,
    /// The account kind (admin, service, app, customer, synced, invited, managed, unmanaged).
    Type,
    Status,
    /// Number of groups.
    Groups,
    /// Date added to the org; unknown last.
    AddedToOrg,
}

/// A column and a direction.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SortKey {
    pub column: SortColumn,
    pub descending: bool,
}

impl Default for SortKey {
    fn default() -> Self {
        Self {
            column: SortColumn::Name,
            descending: false,
        }
    }
}

const FIELDS: &str = "name, email, last-active, idle, lane, type, status, groups, added, or a product key \
                      (jira, confluence, jsm, …) for last activity on it";

/// A sort spec that names no column or direction dormant knows.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("cannot sort by `{given}`: {problem}. Use FIELD or FIELD:desc, FIELD one of: {FIELDS}")]
pub struct SortKeyError {
    pub given: String,
    pub problem: String,
}

impl SortKey {
    /// Parses `FIELD[:asc|:desc]`; product keys are those dormant knows plus `org_products`.
    pub fn parse(text: &str, org_products: &[ProductKey]) -> Result<SortKey, SortKeyError> {
        let error = |problem: String| SortKeyError {
            given: text.to_owned(),
            problem,
        };
        let (field, direction) = text.trim().rsplit_once(':').unwrap_or((text.trim(), "asc"));
        let descending = match direction.to_lowercase().as_str() {
            "asc" => false,
            "desc" => true,
            other => return Err(error(format!("direction `{other}` is neither asc nor desc"))),
        };
        let column = match field.to_lowercase().replace('_', "-").as_str() {
            "name" => SortColumn::Name,
            "email" => SortColumn::Email,
            "last-active" | "active" => SortColumn::LastActive,
            "idle" | "days-idle" => SortColumn::DaysIdle,
            "lane" => SortColumn::Lane,
            "type" => SortColumn::Type,
            "status" => SortColumn::Status,
            "groups" => SortColumn::Groups,
            "added" | "added-to-org" => SortColumn::AddedToOrg,
            _ => match ProductKey::from_query_name(field, org_products) {
                Some(product) => SortColumn::LastActiveOn(product),
                None => return Err(error(format!("`{field}` is not a column"))),
            },
        };
        Ok(SortKey { column, descending })
    }
}

impl fmt::Display for SortKey {
    /// The spec `parse` reads back.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let field = match &self.column {
            SortColumn::Name => "name",
            SortColumn::Email => "email",
            SortColumn::LastActive => "last-active",
            SortColumn::LastActiveOn(product) => product.as_str(),
            SortColumn::DaysIdle => "idle",
            SortColumn::Lane => "lane",
            SortColumn::Type => "type",
            SortColumn::Status => "status",
            SortColumn::Groups => "groups",
            SortColumn::AddedToOrg => "added",
        };
        write!(f, "{field}:{}", if self.descending { "desc" } else { "asc" })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn specs_parse_and_print_back() {
        let key = SortKey::parse("last-active:desc", &[]).expect("parses");
        assert_eq!(
            key,
            SortKey {
                column: SortColumn::LastActive,
                descending: true
            }
        );
        assert_eq!(key.to_string(), "last-active:desc");
        let product = SortKey::parse("jsm", &[]).expect("alias");
        assert_eq!(
            product.column,
            SortColumn::LastActiveOn(ProductKey::from("jira-service-desk"))
        );
        assert_eq!(SortKey::parse(&product.to_string(), &[]), Ok(product));
        assert_eq!(
            SortKey::parse("Added_To_Org", &[]).map(|k| k.column),
            Ok(SortColumn::AddedToOrg)
        );
    }

    #[test]
    fn unknown_fields_and_directions_name_the_fix() {
        let field = SortKey::parse("nmae", &[]).expect_err("typo");
        assert!(field.to_string().contains("`nmae` is not a column"), "{field}");
        assert!(field.to_string().contains("last-active"), "{field}");
        let direction = SortKey::parse("name:down", &[]).expect_err("direction");
        assert!(
            direction.to_string().contains("neither asc nor desc"),
            "{direction}"
        );
    }
}
