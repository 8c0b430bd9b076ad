//! The simulator's deterministic org generator: from a seed, a user count and an epoch it builds
//! the whole [`SimOrg`] (a SCIM-connected org with realistic populations, groups and activity).
//! Owns generation only; must not read the wall clock, the environment or any OS entropy, and
//! must not let hash-map iteration order reach its output.

mod accounts;
mod activity;
mod groups;
mod hostile;
mod identity;
mod multi_site;
mod names;
mod population;
mod profile;
mod site;
#[cfg(test)]
mod tests;

use chrono::{DateTime, Utc};

use super::model::SimOrg;
use super::rng::SimRng;
use accounts::AccountFactory;
use activity::Clock;
use groups::GroupCatalog;
use identity::Identities;
use multi_site::MultiSite;
pub use multi_site::{MULTI_SITE_USERS, SiteLayout};
use population::Plan;
use site::Site;

/// Largest regular population `--users` accepts.
pub const MAX_USERS: u32 = 200_000;
/// Regular population when `--users` is not given.
pub const DEFAULT_USERS: u32 = 2_500;

/// Independent random streams, so that e.g. changing `--users` keeps the org, its domains and
/// groups, and hostile mode only adds records.
const STREAM_FRAME: u64 = 1;
const STREAM_POPULATION: u64 = 2;
const STREAM_ACCOUNTS: u64 = 3;
const STREAM_HOSTILE: u64 = 4;
const STREAM_SITES: u64 = 5;

/// What to generate. Same options, byte-identical org.
#[derive(Debug, Clone)]
pub struct GenerateOptions {
    /// Regular users (1..=[`MAX_USERS`]); hostile mode adds its records on top.
    pub users: u32,
    pub seed: u64,
    /// Every timestamp is relative to this instant (nothing reads the clock).
    pub epoch: DateTime<Utc>,
    /// Add users with hostile text and records with unknown enum values and extra fields.
    pub hostile: bool,
}

/// Why an org could not be generated.
#[derive(Debug, thiserror::Error)]
pub enum GenerateError {
    #[error(
        "--users {users} is out of range: the simulated org needs between 1 and {MAX_USERS} users \
         (default {DEFAULT_USERS}); pass e.g. --users {DEFAULT_USERS}"
    )]
    UserCount { users: u32 },
    #[error(
        "epoch {epoch} is too early: the generated org needs years of history before it; \
         pass a later --epoch (RFC 3339, e.g. 2026-04-01T00:00:00Z)"
    )]
    EpochTooEarly { epoch: DateTime<Utc> },
}

/// Builds the org described by `options`, with several sites from [`MULTI_SITE_USERS`] users.
pub fn generate(options: &GenerateOptions) -> Result<SimOrg, GenerateError> {
    generate_with_layout(options, SiteLayout::BySize)
}

/// Builds the org described by `options` with the chosen site layout.
pub fn generate_with_layout(options: &GenerateOptions, layout: SiteLayout) -> Result<SimOrg, GenerateError> {
    if options.users == 0 || options.users > MAX_USERS {
        return Err(GenerateError::UserCount { users: options.users });
    }
    let clock = Clock::new(options.epoch).ok_or(GenerateError::EpochTooEarly { epoch: options.epoch })?;

    let mut frame_rng = SimRng::stream(options.seed, STREAM_FRAME);
    let mut site = Site::generate(&mut frame_rng);
    let mut catalog = GroupCatalog::build(&mut frame_rng, &site);
    let mut hostile_rng = SimRng::stream(options.seed, STREAM_HOSTILE);
    let future_group = options
        .hostile
        .then(|| hostile::extend_catalog(&mut hostile_rng, &mut site, &mut catalog));
    let multi_site = layout.is_multi(options.users).then(|| {
        MultiSite::extend(
            &mut SimRng::stream(options.seed, STREAM_SITES),
            &mut site,
            &mut catalog,
        )
    });

    let plan = Plan::for_users(options.users);
    let personas = plan.personas(&mut SimRng::stream(options.seed, STREAM_POPULATION));
    let hostile_count = if options.hostile {
        hostile::count(options.users)
    } else {
        0
    };
    let mut users = Vec::with_capacity(personas.len() + hostile_count);
    {
        let mut factory = AccountFactory {
            site: &site,
            groups: &catalog,
            clock,
            identities: Identities::with_capacity(personas.len() + hostile_count),
            multi_site: multi_site.as_ref(),
        };
        let mut rng = SimRng::stream(options.seed, STREAM_ACCOUNTS);
        users.extend(personas.iter().map(|persona| factory.user(&mut rng, *persona)));
        if let Some(future_group) = future_group {
            hostile::add_users(
                &mut hostile_rng,
                &mut factory,
                future_group,
                hostile_count,
                &mut users,
            );
        }
    }

    Ok(SimOrg {
        id: site.org_id,
        name: site.org_name,
        generated_at: options.epoch,
        directories: site.directories,
        domains: site.domains,
        products: site.products,
        groups: catalog.groups,
        users,
    })
}
