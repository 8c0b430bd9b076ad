//! Builds the preview page's lines from a pending plan: the figures of the sections confirming
//! includes now, each section's heading (the ones confirmed on their own in red, saying which
//! key includes them), its users, then the refused users with their reasons. Pure.

use super::{ListRow, PreviewLine, Tone};
use crate::batch::{Plan, PlanEntry, Preview, Section};
use crate::directory::{Activity, DirectoryIndex, PriceTable, ProductKey};
use crate::tui::action::{Action, Mode};
use crate::tui::batch_state::{KeyRefused, PendingBatch};
use crate::tui::keymap::Keymap;
use chrono::{DateTime, Utc};

/// What the lines are built from besides the plan.
pub struct Context<'a> {
    /// The loaded directory (for each user's products); `None` lists the plan's seats only.
    pub index: Option<&'a DirectoryIndex>,
    pub keymap: &'a Keymap,
    pub prices: &'a PriceTable,
    pub now: DateTime<Utc>,
    pub key_refused: Option<&'a KeyRefused>,
}

/// A line of text, made safe for the terminal here (it holds names from the org), so that its
/// wrapped height is the same for `update` and `render`.
fn text(text: impl Into<String>, tone: Tone) -> PreviewLine {
    let text: String = text.into();
    PreviewLine::Text {
        text: crate::report::sanitize::sanitize_for_terminal(&text).into_owned(),
        tone,
    }
}

/// Every line of the page for `pending`.
#[must_use]
pub fn build(pending: &PendingBatch, cx: &Context<'_>) -> Vec<PreviewLine> {
    let confirmed = pending.confirmed();
    let mut now_plan = pending.plan.clone();
    now_plan
        .entries
        .retain(|entry| entry.acts() && entry.section.is_none_or(|section| confirmed.contains(section)));
    let figures = Preview::of(&now_plan, cx.prices, pending.preview.hidden_by_filter, cx.now);
    let mut lines = summary(pending, &figures, cx);
    let verb = pending.plan.action.as_str();
    for shown in &pending.preview.sections {
        lines.push(text("", Tone::Plain));
        lines.extend(section_heading(
            pending,
            shown.section,
            &shown.summary(),
            cx.keymap,
        ));
        lines.push(headings());
        let action = if pending.includes(shown.section) {
            verb
        } else {
            "held back"
        };
        for entry in pending.plan.acting().filter(|e| e.section == Some(shown.section)) {
            lines.push(row(entry, action, cx.index, Tone::Plain));
            if let Some(why) = why(entry, shown.section) {
                lines.push(text(format!("      {why}"), Tone::Dim));
            }
        }
    }
    let unsectioned: Vec<&PlanEntry> = pending.plan.acting().filter(|e| e.section.is_none()).collect();
    if !unsectioned.is_empty() {
        lines.push(text("", Tone::Plain));
        lines.push(text(
            format!("{} to {verb}: confirming acts on them", unsectioned.len()),
            Tone::Title,
        ));
        lines.push(headings());
        for entry in unsectioned {
            lines.push(row(entry, verb, cx.index, Tone::Plain));
        }
    }
    let refused: Vec<&PlanEntry> = pending.plan.entries.iter().filter(|e| !e.acts()).collect();
    if !refused.is_empty() {
        lines.push(text("", Tone::Plain));
        lines.push(text(
            format!(
                "{} refused, never acted on (the reason under each)",
                refused.len()
            ),
            Tone::Title,
        ));
        lines.push(headings());
        for entry in refused {
            lines.push(row(entry, "refused", cx.index, Tone::Dim));
            if let Some(refusal) = &entry.refusal {
                lines.push(text(format!("      {refusal}"), Tone::Dim));
            }
        }
    }
    lines
}

/// What confirming does now: who, seats and cost of the included sections, what is held back,
/// and why nothing can start while the key is refused.
fn summary(pending: &PendingBatch, figures: &Preview, cx: &Context<'_>) -> Vec<PreviewLine> {
    let plan: &Plan = &pending.plan;
    let acting = pending.acting_confirmed();
    let mut lines = vec![text(
        format!(
            "{} {acting} user{} in {}",
            capitalised(plan.action.as_str()),
            if acting == 1 { "" } else { "s" },
            plan.org_name
        ),
        Tone::Title,
    )];
    if let Some(refused) = cx.key_refused {
        let reload = cx.keymap.hint(Action::Reload).unwrap_or_default();
        lines.push(text(
            format!(
                "No batch can start: the last API answer refused the key ({}). Fix it with `dormant login` (or set DORMANT_API_KEY), then press {reload} to reload.",
                refused.text
            ),
            Tone::Danger,
        ));
    }
    lines.extend(
        pending
            .scope_summary
            .iter()
            .map(|line| text(line.as_str(), Tone::Title)),
    );
    let held = pending.held_back();
    if held > 0 {
        lines.push(text(
            format!("  {held} more held back: their section is not included (see below)"),
            Tone::Warning,
        ));
    }
    let verb = if plan.action.is_destructive() {
        "frees"
    } else {
        "takes again"
    };
    if figures.seats.is_empty() {
        lines.push(text(format!("  seats: {verb} none"), Tone::Plain));
    } else {
        let listed: Vec<String> = figures
            .seats
            .iter()
            .map(|p| format!("{} {}", p.seats, p.product.display_name()))
            .collect();
        let unpriced = if figures.unpriced.is_empty() {
            String::new()
        } else {
            let names: Vec<&str> = figures.unpriced.iter().map(ProductKey::display_name).collect();
            format!("; no price for {}", names.join(", "))
        };
        lines.push(text(
            format!(
                "  seats: {verb} {} · about {c} {} a month, {c} {} a year (estimate){unpriced}",
                listed.join(", "),
                figures.monthly_estimate,
                figures.yearly_estimate,
                c = figures.currency
            ),
            Tone::Plain,
        ));
    }
    for (count, what) in [
        (
            figures.seats_unknown,
            "user(s) had no activity data: their seats are not counted",
        ),
        (
            figures.idp_synced,
            "user(s) are IdP-synced: hand them to the identity team too (IdP handoff CSV), or the IdP may re-provision them",
        ),
        (
            pending.preview.hidden_by_filter,
            "marked user(s) are hidden by the current filter",
        ),
    ] {
        if count > 0 {
            lines.push(text(format!("  {count} {what}"), Tone::Plain));
        }
    }
    lines.push(text(
        format!(
            "  data loaded {} ({}); every user is re-read right before acting",
            plan.data_loaded_at.format("%Y-%m-%d %H:%M UTC"),
            crate::store::describe_age(plan.data_loaded_at, cx.now)
        ),
        Tone::Plain,
    ));
    lines
}

/// The heading of one acted-on section: its summary and whether confirming includes it.
fn section_heading(
    pending: &PendingBatch,
    section: Section,
    summary: &str,
    keymap: &Keymap,
) -> Vec<PreviewLine> {
    if section == pending.always_confirmed() {
        return vec![text(format!("{summary}: confirming acts on them"), Tone::Title)];
    }
    let action = match section {
        Section::NotCleanupReady => Action::IncludeNotReady,
        Section::Collateral => Action::IncludeCollateral,
        _ => Action::IncludeWarned,
    };
    let key = keymap.hint_in(Mode::Preview, action).unwrap_or_default();
    let state = if pending.includes(section) {
        format!("INCLUDED: confirming acts on them too ({key} leaves them out)")
    } else {
        format!("not included: confirming leaves them alone ({key} includes them, confirmed on their own)")
    };
    let tone = if section == Section::NotCleanupReady {
        Tone::Danger
    } else {
        Tone::Warning
    };
    vec![text(format!("{summary}: {state}"), tone)]
}

/// Why a user of a section confirmed on its own is in it.
fn why(entry: &PlanEntry, section: Section) -> Option<String> {
    match section {
        Section::NotCleanupReady => {
            let reasons: Vec<String> = entry.lane_reasons.iter().map(ToString::to_string).collect();
            (!reasons.is_empty()).then(|| reasons.join("; "))
        }
        Section::GracePeriod => entry.warned.map(|warning| {
            format!(
                "warned on {}, deadline {} not passed",
                warning.warned_at.format("%Y-%m-%d"),
                warning.deadline.format("%Y-%m-%d")
            )
        }),
        Section::CleanupReady => None,
        Section::IdleSeats | Section::Collateral => {
            let lost: Vec<String> = entry
                .seats_lost
                .iter()
                .map(|seat| {
                    let chosen = if seat.chosen { "" } else { "NOT CHOSEN: " };
                    format!("{chosen}{}", seat.describe())
                })
                .collect();
            (!lost.is_empty()).then(|| format!("loses {}", lost.join("; ")))
        }
    }
}

fn headings() -> PreviewLine {
    PreviewLine::Row {
        row: ListRow {
            name: "NAME".to_owned(),
            email: "EMAIL".to_owned(),
            lane: "LANE".to_owned(),
            idle: "IDLE".to_owned(),
            products: "PRODUCTS".to_owned(),
            action: "ACTION".to_owned(),
        },
        tone: Tone::Heading,
    }
}

fn row(entry: &PlanEntry, action: &str, index: Option<&DirectoryIndex>, tone: Tone) -> PreviewLine {
    let idle = match (entry.idle_days, entry.activity_known) {
        (Some(days), _) => format!("{days} d"),
        (None, true) => "never".to_owned(),
        (None, false) => "unknown".to_owned(),
    };
    let products: Vec<String> = match index
        .and_then(|index| index.row_of(&entry.account_id).map(|row| index.user(row)))
        .map(|user| &user.activity)
    {
        Some(Activity::Known(products)) => {
            let mut names: Vec<String> = products
                .iter()
                .map(|p| p.product.short_name().to_owned())
                .collect();
            names.dedup();
            names
        }
        Some(Activity::Unknown) => vec!["unknown".to_owned()],
        None => entry.seats.iter().map(|p| p.short_name().to_owned()).collect(),
    };
    let mut products_text = products.join(",");
    if products_text.is_empty() {
        products_text.push('—');
    }
    PreviewLine::Row {
        row: ListRow {
            name: if entry.name.is_empty() {
                entry.account_id.to_string()
            } else {
                entry.name.clone()
            },
            email: entry.email.clone().unwrap_or_else(|| "—".to_owned()),
            lane: entry.lane.map_or("gone", |lane| lane.query_name()).to_owned(),
            idle,
            products: products_text,
            action: action.to_owned(),
        },
        tone,
    }
}

fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}
