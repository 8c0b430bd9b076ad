//! Remove product access planned and committed against the scripted org (`access_org`): the
//! plan's exact memberships, seats and sections; collateral refused unless accepted; the re-read
//! (seat used since the load, membership already gone); a lost answer re-read and never sent
//! twice; the `IdP` handoff naming the groups only the `IdP` can change.

use crate::access_org::*;
use crate::support::users::{UserBuilder, directory, now};
use dormant::batch::{
    BatchEnd, Confirmed, Outcome, Refusal, Section, Skip, journal::read_journal, undo_plan,
};
use dormant::directory::{AccountId, Activity, DirectoryIndex, Exclusions, GroupId, Policy};
use std::sync::Arc;

#[test]
fn the_plan_names_the_exact_memberships_seats_and_sections() {
    let (users, index) = world();
    let plan = plan(&index, &users);
    let u1 = entry(&plan, "u1");
    assert_eq!(u1.section, Some(Section::IdleSeats));
    let groups: Vec<&str> = u1.memberships.iter().map(|m| m.group_id.as_str()).collect();
    assert_eq!(groups, ["agents"]);
    assert_eq!(u1.seats_lost.len(), 1);
    assert!(u1.seats_lost[0].chosen && u1.seats_lost[0].billable);
    let u2 = entry(&plan, "u2");
    assert_eq!(u2.section, Some(Section::Collateral));
    assert!(
        u2.seats_lost
            .iter()
            .any(|s| !s.chosen && s.product.as_str() == "confluence")
    );
    assert!(
        matches!(
            entry(&plan, "u3").refusal,
            Some(Refusal::SeatNotReclaimable { .. })
        ),
        "{:?}",
        entry(&plan, "u3").refusal
    );
    assert!(matches!(
        entry(&plan, "u4").refusal,
        Some(Refusal::Protected { .. })
    ));
    assert!(entry(&plan, "u4").memberships.is_empty());
}

#[tokio::test]
async fn collateral_is_refused_unless_accepted_and_only_the_chosen_memberships_go() {
    let (users, index) = world();
    let org = MembershipOrg::of(&users);
    let run = Run::new(&index, Confirmed::all_but_collateral());
    let report = run.commit(&org, plan(&index, &users)).await;
    assert_eq!(report.end, BatchEnd::Completed);
    assert!(matches!(outcome(&report, "u1"), Outcome::Succeeded { .. }));
    assert_eq!(org.groups_of("u1"), ["jira-users"]);
    assert!(
        matches!(
            outcome(&report, "u2"),
            Outcome::Refused {
                refusal: Refusal::SectionNotConfirmed {
                    section: Some(Section::Collateral)
                }
            }
        ),
        "{:?}",
        outcome(&report, "u2")
    );
    assert_eq!(org.groups_of("u2"), ["jira-users", "svc-wiki"]);
    assert_eq!(
        org.groups_of("u4"),
        ["agents"],
        "protected users are never touched"
    );
    let journal = read_journal(&report.journal).expect("journal");
    assert_eq!(
        journal.memberships[&AccountId::from("u1")],
        [GroupId::from("agents")]
    );
    assert!(!journal.memberships.contains_key(&AccountId::from("u2")));

    let accepted = Run::new(&index, Confirmed::all());
    let report = accepted.commit(&org, plan(&index, &users)).await;
    assert!(matches!(outcome(&report, "u2"), Outcome::Succeeded { .. }));
    assert_eq!(org.groups_of("u2"), ["jira-users"]);
}

#[tokio::test]
async fn the_re_read_skips_a_seat_used_since_the_load_and_a_membership_already_gone() {
    let (users, index) = world();
    let org = MembershipOrg::of(&users);
    org.edit("u1", |user| {
        user.activity = Activity::Known(vec![site("jira-service-desk", JSM, Some(0))]);
    });
    org.edit("u2", |user| user.groups.retain(|g| g.as_str() != "svc-wiki"));
    let run = Run::new(&index, Confirmed::all());
    let report = run.commit(&org, plan(&index, &users)).await;
    assert!(
        matches!(
            outcome(&report, "u1"),
            Outcome::Skipped {
                skip: Skip::ActiveSinceLoad { .. }
            }
        ),
        "{:?}",
        outcome(&report, "u1")
    );
    assert!(matches!(
        outcome(&report, "u2"),
        Outcome::Skipped {
            skip: Skip::MembershipsAlreadyChanged { .. }
        }
    ));
    assert_eq!(org.sends("u1", "agents") + org.sends("u2", "svc-wiki"), 0);
    // Nothing was removed by this batch, so there is nothing to undo.
    let journal = read_journal(&report.journal).expect("journal");
    assert!(undo_plan(&journal, now()).is_err());
}

#[tokio::test]
async fn a_lost_answer_is_re_read_and_journalled_once_never_sent_twice() {
    let (users, index) = world();
    let org = MembershipOrg::of(&users);
    org.script("u1", "agents", &[Fault::ApplyThenLoseAnswer]);
    let run = Run::new(&index, Confirmed::all());
    let report = run.commit(&org, plan(&index, &users)).await;
    assert!(matches!(outcome(&report, "u1"), Outcome::Succeeded { .. }));
    assert_eq!(org.sends("u1", "agents"), 1);
    let text = std::fs::read_to_string(&report.journal).expect("journal text");
    let removed = text
        .lines()
        .filter(|line| line.contains("membership_removed") && line.contains("\"u1\""))
        .count();
    assert_eq!(removed, 1, "{text}");
}

#[test]
fn a_seat_only_the_idp_can_free_goes_to_the_handoff_naming_its_group() {
    let (mut users, _) = world();
    users.push(
        UserBuilder::new("u5", "Cinco")
            .groups(&["okta-agents", "jira-users"])
            .activity(Activity::Known(vec![
                site("jira-service-desk", JSM, Some(250)),
                site("jira", JIRA, Some(1)),
            ]))
            .build(),
    );
    let mut okta = granting("okta-agents", &[(JSM, "jira-service-desk")]);
    okta.modifiable = Some(false);
    let groups = vec![
        granting("agents", &[(JSM, "jira-service-desk")]),
        granting("jira-users", &[(JIRA, "jira")]),
        granting("svc-wiki", &[(JSM, "jira-service-desk"), (CONF, "confluence")]),
        okta,
    ];
    let index = DirectoryIndex::build(
        Arc::new(directory(users.clone(), groups)),
        &Policy::default(),
        &Exclusions::default(),
        now(),
    );
    let plan = plan(&index, &users);
    let u5 = entry(&plan, "u5");
    assert!(
        u5.memberships.is_empty(),
        "an IdP-managed membership is never removed through the API"
    );
    assert!(
        matches!(&u5.refusal, Some(Refusal::IdpManagedGroups { groups }) if groups == &["okta-agents-group"]),
        "{:?}",
        u5.refusal
    );
    let mut csv = Vec::new();
    let rows = dormant::batch::write_idp_handoff(&plan, &mut csv).expect("csv");
    let text = String::from_utf8(csv).expect("utf8");
    assert_eq!(rows, 1, "{text}");
    assert!(
        text.lines()
            .nth(1)
            .is_some_and(|line| line.starts_with("Cinco,") && line.ends_with(",okta-agents-group")),
        "{text}"
    );
}
