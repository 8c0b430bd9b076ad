//! Product keys as people say them: display names and the query aliases. Owns no policy.

use super::ids::ProductKey;

/// Product keys dormant knows by name; any other key the API reports still works everywhere.
pub const KNOWN_PRODUCT_KEYS: [&str; 4] = ["jira", "confluence", "jira-service-desk", "bitbucket"];

/// The short names the table's PRODUCTS column shows, which are also query field names.
const SHORT_NAMES: [(&str, &str); 6] = [
    ("jsw", "jira-software"),
    ("jwm", "jira-core"),
    ("jsm", "jira-service-desk"),
    ("jpd", "jira-product-discovery"),
    ("conf", "confluence"),
    ("bb", "bitbucket"),
];

/// Other spellings admins type for a product, mapped to the key the API reports.
const ALIASES: [(&str, &str); 2] = [
    ("jira-servicedesk", "jira-service-desk"),
    ("jira-service-management", "jira-service-desk"),
];

impl ProductKey {
    /// The name an admin recognises in reasons and column headers; unknown keys show as sent.
    #[must_use]
    pub fn display_name(&self) -> &str {
        match self.as_str() {
            "jira" => "Jira",
            "jira-software" => "Jira Software",
            "jira-core" => "Jira Work Management",
            "jira-service-desk" => "Jira Service Management",
            "jira-product-discovery" => "Jira Product Discovery",
            "confluence" => "Confluence",
            "bitbucket" => "Bitbucket",
            "opsgenie" => "Opsgenie",
            "statuspage" => "Statuspage",
            "trello" => "Trello",
            "loom" => "Loom",
            other => other,
        }
    }

    /// The name the table's narrow PRODUCTS column shows (`conf`, `bb`, `jsm`…); the key itself
    /// for products without a short name. Each is also a query field name.
    #[must_use]
    pub fn short_name(&self) -> &str {
        SHORT_NAMES
            .iter()
            .find(|(_, key)| *key == self.as_str())
            .map_or(self.as_str(), |(short, _)| short)
    }

    /// Every name a query may call this product by: the short name, the key, and the aliases
    /// that mean it (for the console's completion of field names).
    #[must_use]
    pub fn query_names(&self) -> Vec<String> {
        let mut names = vec![self.short_name().to_lowercase(), self.as_str().to_lowercase()];
        names.extend(
            ALIASES
                .iter()
                .filter(|(_, key)| *key == self.as_str())
                .map(|(alias, _)| (*alias).to_owned()),
        );
        names.dedup();
        names
    }

    /// Resolves what an admin typed (any case, alias or key) to a product key, if it names one
    /// that dormant knows or that `org_products` (the keys of the loaded org) contains.
    #[must_use]
    pub fn from_query_name(typed: &str, org_products: &[ProductKey]) -> Option<ProductKey> {
        let lower = typed.to_lowercase();
        if let Some((_, key)) = SHORT_NAMES
            .iter()
            .chain(&ALIASES)
            .find(|(alias, _)| *alias == lower)
        {
            return Some(ProductKey::from(*key));
        }
        if KNOWN_PRODUCT_KEYS.contains(&lower.as_str()) {
            return Some(ProductKey::from(lower));
        }
        org_products
            .iter()
            .find(|key| key.as_str().to_lowercase() == lower)
            .cloned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliases_resolve_to_the_service_desk_key() {
        for alias in [
            "jsm",
            "JSM",
            "jira-servicedesk",
            "jira-service-management",
            "jira-service-desk",
        ] {
            assert_eq!(
                ProductKey::from_query_name(alias, &[]),
                Some(ProductKey::from("jira-service-desk")),
                "{alias}"
            );
        }
    }

    #[test]
    fn org_keys_are_term_names_and_unknown_words_are_not() {
        let org = [ProductKey::from("trello"), ProductKey::from("Whiteboards")];
        assert_eq!(ProductKey::from_query_name("Trello", &org), Some(org[0].clone()));
        assert_eq!(
            ProductKey::from_query_name("whiteboards", &org),
            Some(org[1].clone())
        );
        assert_eq!(
            ProductKey::from_query_name("bitbucket", &[]),
            Some(ProductKey::from("bitbucket"))
        );
        assert_eq!(ProductKey::from_query_name("jiraa", &org), None);
    }

    #[test]
    fn every_short_name_the_table_shows_is_a_field_name() {
        for key in [
            "jira-software",
            "jira-core",
            "jira-service-desk",
            "jira-product-discovery",
            "confluence",
            "bitbucket",
            "jira",
            "trello",
        ] {
            let key = ProductKey::from(key);
            assert_eq!(
                ProductKey::from_query_name(key.short_name(), &[]).as_ref(),
                Some(&key).filter(|k| k.as_str() != "trello"),
                "{key}"
            );
            assert_eq!(
                ProductKey::from_query_name(&key.short_name().to_uppercase(), std::slice::from_ref(&key)),
                Some(key.clone())
            );
        }
        assert_eq!(ProductKey::from("confluence").short_name(), "conf");
        assert_eq!(ProductKey::from("trello").short_name(), "trello");
    }

    #[test]
    fn query_names_are_the_short_name_the_key_and_the_aliases() {
        assert_eq!(
            ProductKey::from("jira-service-desk").query_names(),
            [
                "jsm",
                "jira-service-desk",
                "jira-servicedesk",
                "jira-service-management"
            ]
        );
        assert_eq!(ProductKey::from("Trello").query_names(), ["trello"]);
        for name in ProductKey::from("confluence").query_names() {
            assert_eq!(
                ProductKey::from_query_name(&name, &[]),
                Some(ProductKey::from("confluence"))
            );
        }
    }

    #[test]
    fn display_names_fall_back_to_the_key() {
        assert_eq!(
            ProductKey::from("jira-service-desk").display_name(),
            "Jira Service Management"
        );
        assert_eq!(ProductKey::from("new-thing").display_name(), "new-thing");
    }
}
