//! The filter language's field names and what each takes, as data: the one list the "not a field"
//! error names and the console's Tab completion offers. A field added to the grammar is added
//! here (a test checks every field the grammar names is listed and that each entry parses), so
//! its completion comes with it. Must not parse or evaluate.

/// Where a field's values come from, for completion.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Values {
    /// Words of the language itself (`never`, `ready`, `admin`); numbers and dates are typed.
    Words(&'static [&'static str]),
    /// The names of the loaded org's groups.
    Groups,
    /// The email domains of the loaded org's users.
    Domains,
    /// The names of the loaded org's product sites (`Directory::sites`, possibly none).
    Sites,
}

/// One `FIELD:` of the grammar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Field {
    /// The name as typed before the colon (lower case).
    pub name: &'static str,
    pub values: Values,
    /// A value that parses, shown nowhere: the test that keeps this list honest uses it.
    pub example: &'static str,
}

/// The `TYPE` column's words (`AccountKind`'s names; a test keeps them equal).
const TYPES: &[&str] = &[
    "admin",
    "service",
    "app",
    "customer",
    "synced",
    "invited",
    "managed",
    "unmanaged",
    "other",
];

/// Every `FIELD:` of the grammar except the products, which are the org's (see [`PRODUCT_VALUES`]).
pub const FIELDS: &[Field] = &[
    Field {
        name: "idle",
        values: Values::Words(&["never", "unknown"]),
        example: ">90",
    },
    Field {
        name: "added",
        values: Values::Words(&["unknown"]),
        example: ">365",
    },
    Field {
        name: "active",
        values: Values::Words(&[]),
        example: "<2026-01-01",
    },
    Field {
        name: "products",
        values: Values::Words(&["none"]),
        example: ">2",
    },
    Field {
        name: "type",
        values: Values::Words(TYPES),
        example: "admin",
    },
    Field {
        name: "status",
        values: Values::Words(&[
            "active",
            "suspended",
            "deactivated",
            "not_invited",
            "for_deletion",
        ]),
        example: "active",
    },
    Field {
        name: "lane",
        values: Values::Words(&["ready", "review", "active", "protected"]),
        example: "ready",
    },
    Field {
        name: "group",
        values: Values::Groups,
        example: "~a",
    },
    Field {
        name: "domain",
        values: Values::Domains,
        example: "example.com",
    },
    Field {
        name: "seats",
        values: Values::Words(&["reclaimable", "idp", "review", "active", "free", "protected"]),
        example: "reclaimable",
    },
    Field {
        name: "seat-idle",
        values: Values::Words(&[]),
        example: "jsm>90",
    },
    Field {
        name: "role",
        values: Values::Words(&[
            "user",
            "admin",
            "guest",
            "customer",
            "user-access-admin",
            "basic",
            "contributor",
            "stakeholder",
        ]),
        example: "guest",
    },
    Field {
        name: "site",
        values: Values::Sites,
        example: "acme-eu",
    },
    Field {
        name: "warned",
        values: Values::Words(&["yes", "no", "pending", "due", "void"]),
        example: "due",
    },
];

/// The words that are terms on their own.
pub const KEYWORDS: [&str; 2] = ["marked", "excluded"];

/// The words a product field (`jsm:`, `confluence:`) takes besides a number of days.
pub const PRODUCT_VALUES: &[&str] = &["never"];

/// The field named `name` (any case).
#[must_use]
pub fn field(name: &str) -> Option<&'static Field> {
    FIELDS.iter().find(|field| field.name.eq_ignore_ascii_case(name))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::directory::index::AccountKind;
    use crate::directory::query::Query;

    #[test]
    fn every_field_and_value_word_parses() {
        for field in FIELDS {
            let text = format!("{}:{}", field.name, field.example);
            assert!(Query::parse(&text, &[]).is_ok(), "{text}");
            if let Values::Words(words) = field.values {
                for word in words {
                    let text = format!("{}:{word}", field.name);
                    assert!(Query::parse(&text, &[]).is_ok(), "{text}");
                }
            }
        }
        for word in KEYWORDS {
            assert_eq!(Query::parse(word, &[]).map(|q| q.terms().len()), Ok(1), "{word}");
        }
        for word in PRODUCT_VALUES {
            let text = format!("jsm:{word}");
            assert!(Query::parse(&text, &[]).is_ok(), "{text}");
        }
    }

    #[test]
    fn every_field_the_grammar_names_is_listed() {
        let grammar = crate::directory::query::GRAMMAR;
        for line in grammar.lines() {
            let Some((name, _)) = line.split_once(':') else {
                continue;
            };
            let named =
                !name.is_empty() && name.chars().all(|c| c.is_ascii_lowercase()) && !line.starts_with(' ');
            if named {
                assert!(
                    field(name).is_some(),
                    "the grammar names `{name}:`, FIELDS lacks it"
                );
            }
        }
        for name in crate::directory::query::seat_term::FIELDS {
            assert!(field(name).is_some(), "the seat term `{name}:` is not in FIELDS");
        }
        let types: Vec<String> = AccountKind::ALL.iter().map(ToString::to_string).collect();
        assert_eq!(types, TYPES, "type: words are AccountKind's names");
    }
}
