//! How many users of each kind the org has, and which of them carry a special standing
//! (suspended, deactivated, scheduled for deletion, outside every directory). Owns exact counts
//! and their random placement; must not build user records.

use crate::sim::rng::SimRng;

use super::names::BOT_NAMES;

/// Below this many users the stated minimums (5 admins, 5 service accounts, …) would crowd out
/// the ordinary population, so counts scale down instead.
const FULL_POPULATION: u32 = 60;

/// What a user is; decides identity, directories, groups and activity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Managed, provisioned by the identity provider.
    Synced,
    /// Managed, invited by an admin.
    Invited,
    /// Contractors and partners on external domains.
    Unmanaged,
    /// Managed by domain claim with no recorded source (`managementSource: null`).
    Claimed,
    /// Org and site admins (managed).
    Admin,
    /// `@serviceaccount.atlassian.com` app accounts with access and no activity.
    ServiceAccount,
    /// Marketplace / Atlassian app accounts without email.
    App,
    /// Jira Service Management portal customers.
    Customer,
}

/// A user's membership standing, placed at random over the eligible population.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    Active,
    Suspended,
    Deactivated,
    /// Scheduled for deletion: inactive during the grace period.
    ForDeletion,
    /// A claimed account that is in no directory (`membershipStatus: no_membership`).
    NotMember,
}

/// One user to build.
#[derive(Debug, Clone, Copy)]
pub struct Persona {
    pub kind: Kind,
    pub standing: Standing,
    /// In the native directory as well as the identity provider one (original user management).
    pub both_directories: bool,
    /// The v2 search omits this user's `productAccess`.
    pub omits_activity: bool,
    /// Position among users of the same kind (admins cycle roles by it, apps take names by it).
    pub ordinal: u32,
}

/// Exact head counts for an org of `users` regular users.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    pub kinds: Vec<(Kind, u32)>,
    pub suspended: u32,
    pub deactivated: u32,
    pub for_deletion: u32,
    pub not_member_claimed: u32,
    pub both_directories: u32,
    pub omits_activity: u32,
}

/// `users * percent / 100`, rounded down.
fn share(users: u32, percent: u32) -> u32 {
    (u64::from(users) * u64::from(percent) / 100) as u32
}

impl Plan {
    pub fn for_users(users: u32) -> Self {
        let full = users >= FULL_POPULATION;
        let bot_names = BOT_NAMES.len() as u32;
        let admins = if full { (users / 800).max(5) } else { 1.min(users) };
        let service = if full { (users / 1000).max(5) } else { users / 20 };
        let apps = if full {
            (users / 1000).clamp(3, bot_names)
        } else {
            users / 25
        };
        let customers = if full { (users / 200).max(3) } else { users / 30 };
        let mut rest = users.saturating_sub(admins + service + apps + customers);
        let mut take = |wanted: u32| {
            let taken = wanted.min(rest);
            rest -= taken;
            taken
        };
        let unmanaged = take(share(users, 20));
        let invited = take(share(users, 15));
        let synced = take(share(users, 55));
        let claimed = rest;
        Self {
            kinds: vec![
                (Kind::Synced, synced),
                (Kind::Invited, invited),
                (Kind::Unmanaged, unmanaged),
                (Kind::Claimed, claimed),
                (Kind::Admin, admins),
                (Kind::ServiceAccount, service),
                (Kind::App, apps),
                (Kind::Customer, customers),
            ],
            suspended: share(users, 3),
            deactivated: share(users, 2),
            for_deletion: if full { (users / 2000).max(1) } else { 0 },
            not_member_claimed: share(claimed, 30),
            both_directories: share(users, 1),
            omits_activity: share(users, 1),
        }
    }

    /// Every persona in a random order, standings placed exactly as counted.
    pub fn personas(&self, rng: &mut SimRng) -> Vec<Persona> {
        let total: u32 = self.kinds.iter().map(|(_, count)| count).sum();
        let mut kinds = Vec::with_capacity(total as usize);
        for (kind, count) in &self.kinds {
            kinds.extend(std::iter::repeat_n(*kind, *count as usize));
        }
        rng.shuffle(&mut kinds);

        let mut ordinals = [0_u32; 8];
        let mut personas: Vec<Persona> = kinds
            .into_iter()
            .map(|kind| {
                let ordinal = &mut ordinals[kind as usize];
                let persona = Persona {
                    kind,
                    standing: Standing::Active,
                    both_directories: false,
                    omits_activity: false,
                    ordinal: *ordinal,
                };
                *ordinal += 1;
                persona
            })
            .collect();

        let mut place = |personas: &[Persona], eligible: &dyn Fn(&Persona) -> bool, count: u32| {
            let mut pool: Vec<u32> = (0..personas.len() as u32)
                .filter(|position| eligible(&personas[*position as usize]))
                .collect();
            rng.sample(&mut pool, count as usize)
        };
        let claimed = |persona: &Persona| persona.kind == Kind::Claimed;
        for position in place(&personas, &claimed, self.not_member_claimed) {
            personas[position as usize].standing = Standing::NotMember;
        }
        let deletable = |persona: &Persona| {
            persona.standing == Standing::Active && matches!(persona.kind, Kind::Invited | Kind::Claimed)
        };
        for position in place(&personas, &deletable, self.for_deletion) {
            personas[position as usize].standing = Standing::ForDeletion;
        }
        let ordinary = |persona: &Persona| {
            persona.standing == Standing::Active
                && matches!(
                    persona.kind,
                    Kind::Synced | Kind::Invited | Kind::Unmanaged | Kind::Claimed
                )
        };
        let changed = place(&personas, &ordinary, self.suspended + self.deactivated);
        for (rank, position) in changed.into_iter().enumerate() {
            personas[position as usize].standing = if rank < self.suspended as usize {
                Standing::Suspended
            } else {
                Standing::Deactivated
            };
        }
        let synced = |persona: &Persona| persona.kind == Kind::Synced;
        for position in place(&personas, &synced, self.both_directories) {
            personas[position as usize].both_directories = true;
        }
        let human = |persona: &Persona| {
            persona.standing != Standing::NotMember
                && !matches!(persona.kind, Kind::ServiceAccount | Kind::App | Kind::Customer)
        };
        for position in place(&personas, &human, self.omits_activity) {
            personas[position as usize].omits_activity = true;
        }
        personas
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn count(plan: &Plan, wanted: Kind) -> u32 {
        plan.kinds
            .iter()
            .filter(|(kind, _)| *kind == wanted)
            .map(|(_, count)| count)
            .sum()
    }

    #[test]
    fn counts_add_up_for_every_size() {
        for users in [1, 2, 3, 7, 20, 59, 60, 61, 100, 2_500, 10_000, 200_000] {
            let plan = Plan::for_users(users);
            let total: u32 = plan.kinds.iter().map(|(_, count)| count).sum();
            assert_eq!(total, users, "users={users}");
        }
    }

    #[test]
    fn minimums_hold_from_sixty_users() {
        for users in [60, 61, 75, 500, 2_500] {
            let plan = Plan::for_users(users);
            assert!(count(&plan, Kind::Admin) >= 5, "users={users}");
            assert!(count(&plan, Kind::ServiceAccount) >= 5, "users={users}");
            assert!(count(&plan, Kind::App) >= 3, "users={users}");
            assert!(count(&plan, Kind::Customer) >= 3, "users={users}");
            assert!(plan.for_deletion >= 1, "users={users}");
        }
        assert_eq!(count(&Plan::for_users(1), Kind::Admin), 1);
    }

    #[test]
    fn standings_are_placed_exactly() {
        let plan = Plan::for_users(10_000);
        let personas = plan.personas(&mut SimRng::new(9));
        let with = |standing| {
            personas
                .iter()
                .filter(|persona| persona.standing == standing)
                .count()
        };
        assert_eq!(with(Standing::Suspended), plan.suspended as usize);
        assert_eq!(with(Standing::Deactivated), plan.deactivated as usize);
        assert_eq!(with(Standing::ForDeletion), plan.for_deletion as usize);
        assert_eq!(with(Standing::NotMember), plan.not_member_claimed as usize);
        let both = personas.iter().filter(|persona| persona.both_directories).count();
        assert_eq!(both, plan.both_directories as usize);
        assert!(
            personas
                .iter()
                .all(|persona| persona.kind != Kind::Admin || persona.standing == Standing::Active)
        );
    }
}
