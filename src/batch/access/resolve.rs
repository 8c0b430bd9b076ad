//! What an admin typed for remove access (`--product KEY`, `--site NAME`, or the console's
//! prompt), resolved against the loaded org: the product as the query language names it (aliases
//! such as `jsm` included), the site by its name, host or resource id. A name that matches
//! nothing, or more than one site, is an error that lists what would match (rule 14). Pure.

use super::AccessTarget;
use crate::directory::{DirectoryIndex, ProductKey, Site};

/// Why the product or site typed names nothing usable.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AccessTargetError {
    #[error("--product {typed:?} names no product of this org; use one of: {}", known.join(", "))]
    UnknownProduct { typed: String, known: Vec<String> },
    #[error(
        "--site {typed:?} names no {product} site of this org; use one of: {}",
        or_none(known)
    )]
    UnknownSite {
        typed: String,
        product: String,
        known: Vec<String>,
    },
    #[error("--site {typed:?} matches several {product} sites ({}); use the site's full name", matches.join(", "))]
    AmbiguousSite {
        typed: String,
        product: String,
        matches: Vec<String>,
    },
}

fn or_none(known: &[String]) -> String {
    if known.is_empty() {
        "none known (the load reported no site for it: leave out --site)".to_owned()
    } else {
        known.join(", ")
    }
}

impl AccessTarget {
    /// Resolves `product` (and `site`, when given) against the org `index` holds.
    pub fn resolve(
        index: &DirectoryIndex,
        product: &str,
        site: Option<&str>,
    ) -> Result<Self, AccessTargetError> {
        let org_products = index.products();
        let sites = &index.directory().sites;
        let key = ProductKey::from_query_name(product.trim(), &org_products)
            .filter(|key| org_products.contains(key) || sites.iter().any(|site| &site.product == key))
            .ok_or_else(|| AccessTargetError::UnknownProduct {
                typed: product.to_owned(),
                known: org_products
                    .iter()
                    .map(|key| match key.short_name() {
                        short if short == key.as_str() => key.as_str().to_owned(),
                        short => format!("{short} ({})", key.as_str()),
                    })
                    .collect(),
            })?;
        let Some(typed) = site else {
            return Ok(Self {
                product: key,
                site: None,
                site_name: None,
            });
        };
        let of_product: Vec<&Site> = sites.iter().filter(|site| site.product == key).collect();
        let wanted = typed.trim().to_lowercase();
        let exact: Vec<&&Site> = of_product
            .iter()
            .filter(|site| names(site).contains(&wanted))
            .collect();
        let found = match exact.as_slice() {
            [one] => **one,
            [] => {
                return Err(AccessTargetError::UnknownSite {
                    typed: typed.to_owned(),
                    product: key.display_name().to_owned(),
                    known: of_product.iter().map(|site| site.name.clone()).collect(),
                });
            }
            many => {
                return Err(AccessTargetError::AmbiguousSite {
                    typed: typed.to_owned(),
                    product: key.display_name().to_owned(),
                    matches: many.iter().map(|site| site.id.to_string()).collect(),
                });
            }
        };
        Ok(Self {
            product: key,
            site: Some(found.id.clone()),
            site_name: Some(found.name.clone()),
        })
    }
}

/// What a site answers to, lower-cased: its name, its host (with and without the scheme), its id.
fn names(site: &Site) -> Vec<String> {
    let mut names = vec![site.name.to_lowercase(), site.id.as_str().to_lowercase()];
    if let Some(url) = &site.host_url {
        let url = url.to_lowercase();
        let host = url
            .trim_start_matches("https://")
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .to_owned();
        names.push(url);
        names.push(host);
    }
    names
}
