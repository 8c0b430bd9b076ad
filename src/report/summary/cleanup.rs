//! The cleanup-ready saving split per site. `directory::Impact` counts per product only, so the
//! split is computed here from `seats_of`: for each user the impact counts (active Atlassian
//! account with activity data), every seat with an activity record, as the impact counts one
//! seat per activity record. Arithmetic only; the totals per product are the impact's.

use super::spend::{SITE_NOT_REPORTED, SiteSpend};
use crate::directory::{
    AccountType, Activity, DirectoryIndex, ProductId, ProductKey, SeatActivity, UserStatus, groups_by_id,
    seats_of,
};
use std::collections::{BTreeMap, HashMap};

/// Seats the suspension of `rows` frees, per (product, site), priced like the impact.
#[must_use]
pub fn cleanup_sites(index: &DirectoryIndex, rows: &[u32]) -> Vec<SiteSpend> {
    let directory = index.directory();
    let groups = groups_by_id(&directory.groups);
    let prices = &index.policy().prices;
    let names: HashMap<&ProductId, &str> = directory
        .sites
        .iter()
        .map(|site| (&site.id, site.name.as_str()))
        .collect();
    let mut sites: BTreeMap<(ProductKey, String), u64> = BTreeMap::new();
    for &row in rows {
        let user = index.user(row);
        let counted = user.status == UserStatus::Active
            && user.account_type == AccountType::Atlassian
            && matches!(&user.activity, Activity::Known(products) if !products.is_empty());
        if !counted {
            continue;
        }
        for seat in seats_of(user, &groups) {
            if seat.activity == SeatActivity::Unknown {
                continue;
            }
            let site = match &seat.site {
                Some(id) => names
                    .get(id)
                    .map_or_else(|| id.to_string(), |name| (*name).to_owned()),
                None => SITE_NOT_REPORTED.to_owned(),
            };
            *sites.entry((seat.product, site)).or_default() += 1;
        }
    }
    sites
        .into_iter()
        .map(|((product, site), seats)| SiteSpend {
            monthly: prices.price(&product).map(|price| price.money().times(seats)),
            billable: seats,
            free: 0,
            product,
            site,
        })
        .collect()
}
