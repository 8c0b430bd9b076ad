//! Every user's seats packed for filtering, sorting and the table: one small cell per seat (site
//! slot, lane, billable, roles, days unused), built once per load from `seats_of` and
//! `seat_lanes`. The full seats of one row (sources, action) are rebuilt on demand for the
//! details pane. No policy of its own; never per draw.

use super::NO_DAYS;
use crate::directory::ids::{GroupId, ProductId, ProductKey};
use crate::directory::lane::Lane;
use crate::directory::org::Directory;
use crate::directory::policy::Thresholds;
use crate::directory::seat::{GroupsById, Role, Seat, SeatActivity, groups_by_id, seats_of};
use crate::directory::seat_lane::{SeatAction, SeatContext, SeatLane, SeatVerdict, seat_action, seat_lanes};
use crate::directory::sort::SortOrder;
use crate::directory::user::UserStatus;
use chrono::{DateTime, Utc};
use std::collections::HashMap;

/// The roles `role:NAME` names, in bit order; an unknown role is bit 14, an unnamed one bit 15.
pub(crate) const ROLE_BITS: [Role; 8] = [
    Role::User,
    Role::Admin,
    Role::Guest,
    Role::Customer,
    Role::UserAccessAdmin,
    Role::Basic,
    Role::Contributor,
    Role::Stakeholder,
];
const OTHER_ROLE: u16 = 1 << 14;
const UNNAMED_ROLE: u16 = 1 << 15;

/// The bit of one role in [`SeatCell::roles`].
pub(crate) fn role_bit(role: Option<&Role>) -> u16 {
    match role {
        None => UNNAMED_ROLE,
        Some(role) => ROLE_BITS
            .iter()
            .position(|known| known == role)
            .map_or(OTHER_ROLE, |at| 1 << at),
    }
}

/// One product site seats are held on (`site` is `None` for records that named no site).
#[derive(Debug, Clone)]
pub struct SeatSite {
    pub product: ProductKey,
    pub site: Option<ProductId>,
    /// The workspace name from the org's sites, when known.
    pub name: Option<String>,
}

impl SeatSite {
    /// The site's name, else its id, else `(site unknown)`.
    #[must_use]
    pub fn label(&self) -> &str {
        match (&self.name, &self.site) {
            (Some(name), _) => name,
            (None, Some(id)) => id.as_str(),
            (None, None) => "(site unknown)",
        }
    }
}

/// One seat of one row, packed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SeatCell {
    /// Index into [`SeatColumns::sites`].
    pub site: u32,
    /// The lane as if the user were not protected; [`super::DirectoryIndex::seat_cells`]
    /// reports `Protected` for protected rows.
    pub lane: SeatLane,
    pub billable: bool,
    /// Bits of [`ROLE_BITS`] held here.
    pub roles: u16,
    /// Days unused (`NO_DAYS` unknown).
    pub unused_days: u32,
    /// Never used and the date added is unknown: `unused_days` is only a lower bound.
    pub lower_bound: bool,
}

/// Every row's seats: `cells[offsets[row]..offsets[row + 1]]`.
#[derive(Debug, Clone, Default)]
pub(crate) struct SeatColumns {
    pub(crate) sites: Vec<SeatSite>,
    pub(crate) offsets: Vec<u32>,
    pub(crate) cells: Vec<SeatCell>,
    /// Per site: active users holding a billable seat there (what a bill counts).
    pub(crate) billed: Vec<u64>,
}

impl SeatColumns {
    pub(crate) fn build(directory: &Directory, thresholds: &Thresholds, now: DateTime<Utc>) -> Self {
        let groups = groups_by_id(&directory.groups);
        let names: HashMap<&ProductId, &str> = directory
            .sites
            .iter()
            .map(|site| (&site.id, site.name.as_str()))
            .collect();
        let context = SeatContext {
            thresholds,
            now,
            protected: false,
        };
        let mut columns = SeatColumns {
            offsets: Vec::with_capacity(directory.users.len() + 1),
            ..SeatColumns::default()
        };
        let mut slots: HashMap<(ProductKey, Option<ProductId>), u32> = HashMap::new();
        columns.offsets.push(0);
        for user in &directory.users {
            let seats = seats_of(user, &groups);
            let verdicts = seat_lanes(user, &seats, &groups, context);
            for (seat, verdict) in seats.iter().zip(&verdicts) {
                let key = (seat.product.clone(), seat.site.clone());
                let site = *slots.entry(key).or_insert_with(|| {
                    columns.sites.push(SeatSite {
                        product: seat.product.clone(),
                        site: seat.site.clone(),
                        name: seat
                            .site
                            .as_ref()
                            .and_then(|id| names.get(id))
                            .map(|name| (*name).to_owned()),
                    });
                    (columns.sites.len() - 1) as u32
                });
                columns.cells.push(SeatCell {
                    site,
                    lane: verdict.lane,
                    billable: seat.is_billable(),
                    roles: seat
                        .grants
                        .iter()
                        .fold(0, |bits, grant| bits | role_bit(grant.role.as_ref())),
                    unused_days: verdict.unused_days.unwrap_or(NO_DAYS),
                    lower_bound: seat.activity == SeatActivity::Never && user.added_to_org.is_none(),
                });
            }
            columns.offsets.push(columns.cells.len() as u32);
            if user.status == UserStatus::Active {
                columns.billed.resize(columns.sites.len(), 0);
                for (seat, verdict) in seats.iter().zip(&verdicts) {
                    if verdict.lane != SeatLane::NotBillable
                        && let Some(&slot) = slots.get(&(seat.product.clone(), seat.site.clone()))
                    {
                        columns.billed[slot as usize] += 1;
                    }
                }
            }
        }
        columns.billed.resize(columns.sites.len(), 0);
        columns.cells.shrink_to_fit();
        columns
    }

    pub(crate) fn row(&self, row: usize) -> &[SeatCell] {
        &self.cells[self.offsets[row] as usize..self.offsets[row + 1] as usize]
    }
}

/// The seats of one user with their lanes and the cheapest action, for the details pane.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserSeats {
    pub seats: Vec<Seat>,
    pub verdicts: Vec<SeatVerdict>,
    pub action: SeatAction,
}

/// Rebuilds one user's seats under `context`.
pub(crate) fn user_seats(
    directory: &Directory,
    groups: &GroupsById<'_>,
    row: usize,
    thresholds: &Thresholds,
    now: DateTime<Utc>,
    lane: Lane,
) -> UserSeats {
    let user = &directory.users[row];
    let seats = seats_of(user, groups);
    let context = SeatContext {
        thresholds,
        now,
        protected: lane == Lane::Protected,
    };
    let verdicts = seat_lanes(user, &seats, groups, context);
    let action = seat_action(user, &seats, &verdicts, groups);
    UserSeats {
        seats,
        verdicts,
        action,
    }
}

/// The name of a group for display, else its id.
pub(crate) fn group_name<'a>(directory: &'a Directory, id: &'a GroupId) -> &'a str {
    directory
        .groups
        .iter()
        .find(|group| &group.id == id)
        .map_or(id.as_str(), |group| group.name.as_str())
}

/// One order per product seats are held of, plus one over every product: the most idle billable
/// seat first (its days unused, the largest when several sites), rows without one last.
pub(super) fn seat_idle_orders(
    seats: &SeatColumns,
    name_rank: &[u32],
    by_name: &[u32],
) -> Vec<(Option<ProductKey>, SortOrder)> {
    let mut products: Vec<Option<ProductKey>> = seats.sites.iter().map(|s| Some(s.product.clone())).collect();
    products.sort();
    products.dedup();
    products.insert(0, None);
    let rows = name_rank.len();
    products
        .into_iter()
        .map(|product| {
            let keys = (0..rows).map(|row| {
                seats
                    .row(row)
                    .iter()
                    .filter(|cell| cell.billable && cell.unused_days != NO_DAYS)
                    .filter(|cell| {
                        product
                            .as_ref()
                            .is_none_or(|key| &seats.sites[cell.site as usize].product == key)
                    })
                    .map(|cell| cell.unused_days)
                    .max()
                    .map_or(u64::MAX, |days| u64::from(NO_DAYS - 1 - days.min(NO_DAYS - 1)))
            });
            let order = SortOrder::by_key(keys, name_rank, by_name);
            (product, order)
        })
        .collect()
}

impl super::DirectoryIndex {
    /// Every product site some user holds a seat on, in first-seen order.
    #[must_use]
    pub fn seat_sites(&self) -> &[SeatSite] {
        &self.seats.sites
    }

    /// The packed seats of `row`; a protected row's seats are all `Protected`.
    pub fn seat_cells(&self, row: u32) -> impl Iterator<Item = SeatCell> + '_ {
        let protected = self.lanes[row as usize] == Lane::Protected;
        self.seats.row(row as usize).iter().map(move |&cell| SeatCell {
            lane: if protected { SeatLane::Protected } else { cell.lane },
            ..cell
        })
    }

    /// The seats of `row` with their sources, lanes and the cheapest action (microseconds; for
    /// the details pane and plans, never per draw of the table).
    #[must_use]
    pub fn user_seats(&self, row: u32) -> UserSeats {
        let groups = groups_by_id(&self.directory.groups);
        user_seats(
            &self.directory,
            &groups,
            row as usize,
            &self.policy.thresholds,
            self.as_of,
            self.lane(row),
        )
    }

    /// Active users holding a billable seat on the site of slot `site` (what its bill counts).
    #[must_use]
    pub fn billed_on(&self, site: u32) -> u64 {
        self.seats.billed.get(site as usize).copied().unwrap_or(0)
    }

    /// The site of a seat, by id.
    #[must_use]
    pub fn seat_site(&self, id: &ProductId) -> Option<&SeatSite> {
        self.seats
            .sites
            .iter()
            .find(|site| site.site.as_ref() == Some(id))
    }

    /// A group's name for display (its id when the group list lacks it).
    #[must_use]
    pub fn group_name<'a>(&'a self, id: &'a GroupId) -> &'a str {
        group_name(&self.directory, id)
    }

    /// Product keys some user holds a seat of, sorted (may differ from [`Self::products`],
    /// which come from activity).
    #[must_use]
    pub fn seat_products(&self) -> Vec<ProductKey> {
        let mut keys: Vec<ProductKey> = self.seats.sites.iter().map(|s| s.product.clone()).collect();
        keys.sort();
        keys.dedup();
        keys
    }
}
