//! The headless rendering of a preview: a few lines, each section with its own count (the
//! not-cleanup-ready one with everyone in it and why), every refusal listed. Text only.

use super::{Preview, PreviewSection, describe};
use crate::batch::section::Section;
use crate::directory::{ProductKey, Warning};
use std::fmt;

impl fmt::Display for Preview {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {} user{} in {}",
            capitalised(self.action.as_str()),
            self.acting,
            if self.acting == 1 { "" } else { "s" },
            self.org_name
        )?;
        match &self.undo_of {
            Some(batch) => writeln!(f, ": gives back what batch {batch} took")?,
            None => writeln!(f)?,
        }
        write_sections(f, self)?;
        let verb = if self.action.is_destructive() {
            "frees"
        } else {
            "takes again"
        };
        if self.seats.is_empty() {
            writeln!(f, "  seats: {verb} none")?;
        } else {
            let listed: Vec<String> = self
                .seats
                .iter()
                .map(|p| format!("{} {}", p.seats, p.product.display_name()))
                .collect();
            writeln!(f, "  seats: {verb} {}", listed.join(", "))?;
            writeln!(
                f,
                "  cost (estimate): about {c} {} a month, {c} {} a year{}",
                self.monthly_estimate,
                self.yearly_estimate,
                if self.unpriced.is_empty() {
                    String::new()
                } else {
                    let names: Vec<&str> = self.unpriced.iter().map(ProductKey::display_name).collect();
                    format!("; no price for {}", names.join(", "))
                },
                c = self.currency
            )?;
        }
        if self.seats_unknown > 0 {
            writeln!(
                f,
                "  {} user(s) had no activity data: their seats are not counted",
                self.seats_unknown
            )?;
        }
        // An undo gives back: handing users to the identity team is a cleanup's step.
        if self.idp_synced > 0 && self.undo_of.is_none() {
            writeln!(
                f,
                "  {} user(s) are IdP-synced: hand them to the identity team too (IdP handoff CSV), or the IdP may re-provision them",
                self.idp_synced
            )?;
        }
        if self.hidden_by_filter > 0 {
            writeln!(
                f,
                "  {} marked user(s) are hidden by the current filter",
                self.hidden_by_filter
            )?;
        }
        writeln!(
            f,
            "  data loaded {} ({} ago); every user is re-read right before acting",
            self.data_loaded_at.format("%Y-%m-%d %H:%M UTC"),
            describe(self.data_age)
        )?;
        if self.undo_of.is_none() {
            write_warnings(f, &self.warned, self.not_warned)?;
        }
        for group in &self.refusals {
            writeln!(f, "  refused, {} ({}):", group.label, group.accounts.len())?;
            for (name, account, reason) in &group.accounts {
                writeln!(f, "    {name} ({account}): {reason}")?;
            }
        }
        Ok(())
    }
}

/// One line per section acted on, counted apart; the not-cleanup-ready section lists everyone
/// in it with their lane and its reasons, and says which choice included them.
fn write_sections(f: &mut fmt::Formatter<'_>, preview: &Preview) -> fmt::Result {
    for shown in &preview.sections {
        writeln!(f, "  {}", shown.summary())?;
        if shown.section == Section::NotCleanupReady {
            write_not_ready(f, preview, shown)?;
        }
        if shown.section == Section::Collateral {
            writeln!(
                f,
                "    a removed group also grants a seat the admin did not choose (NOT CHOSEN in the list): \
                 refused unless accepted explicitly (`dormant apply --accept-collateral`)"
            )?;
        }
    }
    Ok(())
}

fn write_not_ready(f: &mut fmt::Formatter<'_>, preview: &Preview, shown: &PreviewSection) -> fmt::Result {
    let lanes: Vec<&str> = preview
        .include_lanes
        .iter()
        .map(|lane| lane.query_name())
        .collect();
    writeln!(
        f,
        "    acted on only because the plan includes lane {} (--include-lane {}):",
        lanes.join(", "),
        lanes.join(",")
    )?;
    for account in &shown.accounts {
        let lane = account
            .lane
            .map_or_else(|| "unknown".to_owned(), |lane| lane.to_string());
        let reasons: Vec<String> = account.reasons.iter().map(ToString::to_string).collect();
        writeln!(
            f,
            "    {} ({}): {lane}: {}",
            account.name,
            account.account_id,
            reasons.join("; ")
        )?;
    }
    Ok(())
}

/// Who was warned when (and whether their deadline has passed), and how many never were; silent
/// when nobody in the batch was warned (warnings are then not in use).
fn write_warnings(
    f: &mut fmt::Formatter<'_>,
    warned: &[(String, String, Warning)],
    not_warned: usize,
) -> fmt::Result {
    if warned.is_empty() {
        return Ok(());
    }
    writeln!(f, "  warned before ({}):", warned.len())?;
    for (name, account, warning) in warned {
        writeln!(
            f,
            "    {name} ({account}): warned on {}, deadline {}",
            warning.warned_at.format("%Y-%m-%d"),
            warning.deadline.format("%Y-%m-%d")
        )?;
    }
    if not_warned > 0 {
        writeln!(f, "  {not_warned} user(s) in this batch were never warned")?;
    }
    Ok(())
}

fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}
