//! The seat lines of the details pane (seat by seat: product, site, role, billable, last
//! activity, lane, source groups and which the `IdP` manages, then the cheapest action) and the
//! insight view's per-site savings. Reads the index and the impact; decides nothing.

use super::{safe, table::short_product, thousands};
use crate::directory::{
    DirectoryIndex, Impact, SeatAction, SeatActivity, SeatLane, SeatSource, UserSeats, groups_by_id,
};
use crate::tui::theme::Theme;
use ratatui::text::{Line, Span};
use std::fmt::Write as _;

/// Whether the org's groups report role assignments: only then are seats more than the
/// per-product activity lines already show (exports and older snapshots have none).
fn org_reports_seats(index: &DirectoryIndex) -> bool {
    index
        .directory()
        .groups
        .iter()
        .any(|group| !group.grants.is_empty())
}

/// One line per seat and one for its sources, then the cheapest action; nothing when the org's
/// groups report no role assignments.
pub(super) fn seat_lines(index: &DirectoryIndex, row: u32, theme: Theme, width: usize) -> Vec<Line<'static>> {
    if !org_reports_seats(index) {
        return Vec::new();
    }
    let seats = index.user_seats(row);
    let groups = groups_by_id(&index.directory().groups);
    let mut out = vec![Line::styled("seats", theme.dim())];
    if seats.seats.is_empty() {
        out.push(Line::raw("  — (no product access)"));
    }
    for (seat, verdict) in seats.seats.iter().zip(&seats.verdicts) {
        let site = seat
            .site
            .as_ref()
            .and_then(|id| index.seat_site(id))
            .map_or("(site unknown)", |site| site.label())
            .to_owned();
        let role = seat.role().map_or("role not reported", |role| {
            role.as_str().trim_start_matches("atlassian/")
        });
        let activity = match seat.activity {
            SeatActivity::Unknown => "activity unknown".to_owned(),
            SeatActivity::Never => "never used".to_owned(),
            SeatActivity::At(at) => format!("last {}", at.format("%Y-%m-%d")),
        };
        let idle = verdict
            .unused_days
            .map(|days| format!(" · {days} d idle"))
            .unwrap_or_default();
        let billed = if seat.is_billable() { "billable" } else { "free" };
        let text = format!(
            "  {} · {site} · {role} · {billed} · {activity}{idle} · ",
            short_product(&seat.product)
        );
        let mut lane = verdict.lane.to_string();
        if let Some(why) = verdict.review {
            lane = format!("{lane}: {why}");
        }
        out.push(Line::from(vec![
            Span::raw(safe(&text, width)),
            Span::styled(
                safe(&lane, width.saturating_sub(text.chars().count())),
                lane_style(theme, verdict.lane),
            ),
        ]));
        let sources: Vec<String> = seat
            .grants
            .iter()
            .map(|grant| match &grant.source {
                SeatSource::Direct => "direct assignment".to_owned(),
                SeatSource::Group(id) => {
                    let idp = groups.get(id).is_some_and(|group| group.is_idp_managed());
                    format!(
                        "{}{}",
                        index.group_name(id),
                        if idp { " (IdP-managed)" } else { "" }
                    )
                }
            })
            .fold(Vec::new(), |mut unique, source| {
                if !unique.contains(&source) {
                    unique.push(source);
                }
                unique
            });
        out.push(Line::styled(
            safe(&format!("      via {}", sources.join(", ")), width),
            theme.dim(),
        ));
    }
    out.push(Line::raw(safe(
        &format!("  action: {}", action_text(index, &seats)),
        width,
    )));
    out
}

fn lane_style(theme: Theme, lane: SeatLane) -> ratatui::style::Style {
    match lane {
        SeatLane::Reclaimable | SeatLane::IdpOnly => theme.warning(),
        _ => theme.dim(),
    }
}

fn action_text(index: &DirectoryIndex, seats: &UserSeats) -> String {
    let names = |ids: &[crate::directory::GroupId]| {
        ids.iter()
            .map(|id| index.group_name(id).to_owned())
            .collect::<Vec<_>>()
            .join(", ")
    };
    match &seats.action {
        SeatAction::Protected => "none (protected)".to_owned(),
        SeatAction::Keep => "none (no idle billable seat)".to_owned(),
        SeatAction::Review => "review (no seat can be freed safely)".to_owned(),
        SeatAction::Suspend => "suspend (every billable seat is idle)".to_owned(),
        SeatAction::Remove { removal, handoff } => {
            let mut text = format!(
                "remove from {} (frees {} seat{})",
                names(&removal.groups),
                removal.chosen.len(),
                if removal.chosen.len() == 1 { "" } else { "s" }
            );
            if !removal.collateral.is_empty() {
                let lost: Vec<String> = removal
                    .collateral
                    .iter()
                    .map(|change| {
                        let site = index
                            .seat_site(&change.site)
                            .map_or(change.site.as_str(), |s| s.label());
                        format!("{} {site}", short_product(&change.product))
                    })
                    .collect();
                let _ = write!(text, "; also loses {}", lost.join(", "));
            }
            if let Some(handoff) = handoff {
                let _ = write!(text, "; in the IdP: remove from {}", names(&handoff.groups));
            }
            text
        }
        SeatAction::Handoff(handoff) => {
            format!("IdP handoff: remove from {} in the IdP", names(&handoff.groups))
        }
    }
}

/// A product in the table's PRODUCTS column: its short name, `×N` when the user holds seats on
/// N sites of it, and `*` when one of them is an idle billable seat (reclaimable or only in the
/// `IdP`; what `seats:reclaimable,idp` selects).
pub(super) fn product_cell(
    index: &DirectoryIndex,
    row: u32,
    product: &crate::directory::ProductKey,
) -> String {
    let sites = index.seat_sites();
    let (mut count, mut idle) = (0_usize, false);
    for cell in index.seat_cells(row) {
        if &sites[cell.site as usize].product == product {
            count += 1;
            idle |= cell.lane.is_idle_billable();
        }
    }
    let mut text = short_product(product).to_owned();
    if count > 1 {
        let _ = write!(text, "×{count}");
    }
    if idle {
        text.push('*');
    }
    text
}

/// The insight view's savings: what the marked users free per product and site, priced per
/// product, and when each saving takes effect. Empty when nothing is marked.
pub(super) fn saving_lines(impact: &Impact, theme: Theme, width: usize) -> Vec<Line<'static>> {
    if impact.per_site.is_empty() {
        return Vec::new();
    }
    let mut out = vec![
        Line::raw(""),
        Line::styled(
            "Marked users free, billable seats by product and site (estimate; when it saves)",
            theme.title(),
        ),
    ];
    for site in &impact.per_site {
        let money = site.monthly_estimate.map_or_else(
            || "no price".to_owned(),
            |money| format!("{} {money}/month", impact.currency),
        );
        out.push(Line::raw(safe(
            &format!(
                "  {} · {} · {} seats · {money} · {}",
                short_product(&site.product),
                site.site,
                thousands(site.seats),
                site.saving_starts
            ),
            width,
        )));
    }
    out
}
