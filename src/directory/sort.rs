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
    /// Days unused of the most idle billable seat (of one product, or of any): most idle first,
    /// users without such a seat last, like the product columns.
    SeatIdle(Option<ProductKey>),
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

const FIELDS: &str = "name, email, last-active, idle, lane, type, status, groups, added, seat-idle, \
                      seat-idle:PRODUCT, or a product key (jira, confluence, jsm, …) for last activity on it";

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
        let (field, direction) = split_direction(text.trim());
        if let Some(product) = seat_idle_field(field) {
            let product = match product {
                "" => None,
                typed => match ProductKey::from_query_name(typed, org_products) {
                    Some(key) => Some(key),
                    None => return Err(error(format!("`{typed}` is not a product"))),
                },
            };
            let descending = direction.eq_ignore_ascii_case("desc");
            return Ok(SortKey {
                column: SortColumn::SeatIdle(product),
                descending,
            });
        }
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

/// `FIELD` and its direction (`asc` when the text ends in neither `:asc` nor `:desc`, so
/// `seat-idle:jsm` keeps its product).
fn split_direction(text: &str) -> (&str, &str) {
    match text.rsplit_once(':') {
        Some((field, direction))
            if direction.eq_ignore_ascii_case("asc") || direction.eq_ignore_ascii_case("desc") =>
        {
            (field, direction)
        }
        Some((field, direction)) if seat_idle_field(field).is_none() && seat_idle_field(text).is_none() => {
            (field, direction)
        }
        _ => (text, "asc"),
    }
}

/// `seat-idle` (`Some("")`) or `seat-idle:PRODUCT` (`Some(PRODUCT)`).
fn seat_idle_field(field: &str) -> Option<&str> {
    let (name, product) = field.split_once(':').unwrap_or((field, ""));
    (name.to_lowercase().replace('_', "-") == "seat-idle").then_some(product)
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
            SortColumn::SeatIdle(None) => "seat-idle",
            SortColumn::SeatIdle(Some(product)) => {
                return write!(
                    f,
                    "seat-idle:{product}:{}",
                    if self.descending { "desc" } else { "asc" }
                );
            }
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
    fn seat_idle_sorts_take_an_optional_product_and_print_back() {
        let any = SortKey::parse("seat-idle", &[]).expect("parses");
        assert_eq!(any.column, SortColumn::SeatIdle(None));
        let jsm = SortKey::parse("seat-idle:jsm:desc", &[]).expect("parses");
        assert_eq!(
            jsm.column,
            SortColumn::SeatIdle(Some(ProductKey::from("jira-service-desk")))
        );
        assert!(jsm.descending);
        assert_eq!(SortKey::parse(&jsm.to_string(), &[]), Ok(jsm));
        let plain = SortKey::parse("seat-idle:conf", &[]).expect("parses");
        assert_eq!(
            plain.column,
            SortColumn::SeatIdle(Some(ProductKey::from("confluence")))
        );
        assert!(!plain.descending);
        let typo = SortKey::parse("seat-idle:jmx", &[]).expect_err("no product");
        assert!(typo.to_string().contains("`jmx` is not a product"), "{typo}");
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
